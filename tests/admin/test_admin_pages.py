"""Every admin page loads: changelist, add, change and history for each model."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

FACTORIES = {
    "organisation": factories.OrganisationFactory,
    "person": factories.PersonFactory,
    "personredirect": factories.PersonRedirectFactory,
    "organisationredirect": factories.OrganisationRedirectFactory,
    "briefingredirect": factories.BriefingRedirectFactory,
    "membership": factories.MembershipFactory,
    "article": factories.ArticleFactory,
    "briefing": factories.BriefingFactory,
    "claim": factories.ClaimFactory,
    "figure": factories.FigureFactory,
    "importrun": factories.ImportRunFactory,
    "importledger": factories.ImportLedgerFactory,
}
WITH_HISTORY = {"organisation", "person", "membership", "article", "briefing", "claim", "figure"}


def url(model_name: str, view: str, *args) -> str:
    return reverse(f"admin:archive_{model_name}_{view}", args=args)


# Rows the code derives and keeps in step, which no editor edits: the search's name keys.
DERIVED = {"namekey"}


def test_every_archive_model_has_an_admin():
    models = {
        m._meta.model_name
        for m in apps.get_app_config("archive").get_models()
        if "historical" not in m._meta.model_name and m._meta.model_name not in DERIVED
    }
    registered = {m._meta.model_name for m in admin.site._registry if m._meta.app_label == "archive"}
    assert models == registered == set(FACTORIES)


@pytest.mark.parametrize("model_name", sorted(FACTORIES))
def test_the_changelist_loads(admin_client, model_name):
    obj = FACTORIES[model_name]()
    response = admin_client.get(url(model_name, "changelist"))
    assert response.status_code == 200
    assert str(obj).split("…")[0][:30] in response.content.decode()


@pytest.mark.parametrize("model_name", sorted(FACTORIES))
def test_the_changelist_searches(admin_client, model_name):
    FACTORIES[model_name]()
    response = admin_client.get(url(model_name, "changelist"), {"q": "Han"})
    assert response.status_code == 200


@pytest.mark.parametrize("model_name", sorted(set(FACTORIES) - {"importrun", "importledger"}))
def test_the_add_page_loads(admin_client, model_name):
    assert admin_client.get(url(model_name, "add")).status_code == 200


def test_import_runs_cannot_be_added_or_changed(admin_client):
    run = factories.ImportRunFactory(skipped=[{"file": "in/x.txt", "reason": "a directory, skipped"}])
    assert admin_client.get(url("importrun", "add")).status_code == 403
    response = admin_client.get(url("importrun", "change", run.pk))
    assert response.status_code == 200
    content = response.content.decode()
    assert "empty file" in content and "in/x.txt" in content and "running" in content
    assert 'name="_save"' not in content


def test_the_import_ledger_cannot_be_added_or_changed(admin_client):
    ledger = factories.ImportLedgerFactory()
    assert admin_client.get(url("importledger", "add")).status_code == 403
    response = admin_client.get(url("importledger", "change", ledger.pk))
    assert response.status_code == 200 and 'name="_save"' not in response.content.decode()


@pytest.mark.parametrize("model_name", sorted(FACTORIES))
def test_the_change_page_loads(admin_client, model_name):
    obj = FACTORIES[model_name]()
    assert admin_client.get(url(model_name, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("model_name", sorted(FACTORIES))
def test_the_history_page_loads(admin_client, model_name):
    obj = FACTORIES[model_name]()
    response = admin_client.get(url(model_name, "history", obj.pk))
    assert response.status_code == 200
    if model_name in WITH_HISTORY:
        assert 'id="change-history"' in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"status__exact": "extracted"},
        {"kind__exact": "direct"},
        {"claim_date__gte": "2025-01-01"},
        {"edited_by_human__exact": "1"},
        {"o": "5"},
    ],
)
def test_the_claim_changelist_filters_load(admin_client, params):
    factories.ClaimFactory()
    assert admin_client.get(url("claim", "changelist"), params).status_code == 200


def test_autocomplete_finds_people_by_alias(admin_client):
    factories.PersonFactory(name="Lee Seong-kweun", aliases=["Lee Sung-kwon"])
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "archive", "model_name": "claim", "field_name": "speakers", "term": "Sung-kwon"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Lee Seong-kweun"]
