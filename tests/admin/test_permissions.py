"""The admin requires login; the "editor" group edits the archive but not users or permissions."""

from __future__ import annotations

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from archive.models import Claim
from tests.factories import ArticleFactory, ClaimFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_admin_sends_anonymous_visitors_to_the_login_page(client):
    claim = ClaimFactory()
    for path in [reverse("admin:index"), reverse("admin:archive_claim_change", args=[claim.pk])]:
        response = client.get(path)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


def test_the_admin_refuses_users_who_are_not_staff(client):
    client.force_login(UserFactory(is_staff=False))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_the_migration_creates_the_editor_group_without_auth_permissions():
    # A transactional test (a browser test, the import processes) empties every table when it ends,
    # and tests run in random order: the group is made here as the migration makes it, from the
    # migration's own function on the models as they were at that migration.
    Group.objects.filter(name="editor").delete()
    migration = importlib.import_module("archive.migrations.0002_editor_group")
    state = MigrationLoader(connection).project_state(("archive", "0002_editor_group"))
    migration.create_editor_group(state.apps, SimpleNamespace(connection=connection))
    codenames = set(
        Group.objects.get(name="editor").permissions.values_list("content_type__app_label", "codename")
    )
    assert {app for app, _ in codenames} == {"archive"}
    assert {
        ("archive", "change_claim"),
        ("archive", "change_person"),
        ("archive", "change_organisation"),
        ("archive", "change_briefing"),
        ("archive", "change_figure"),
        ("archive", "change_membership"),
        ("archive", "change_article"),
    } <= codenames
    assert ("archive", "delete_claim") not in codenames
    assert ("archive", "add_article") not in codenames


@pytest.mark.parametrize(
    "name", ["claim", "person", "organisation", "briefing", "figure", "membership", "article", "importrun"]
)
def test_an_editor_sees_the_archive_lists(editor_client, name):
    assert editor_client.get(reverse(f"admin:archive_{name}_changelist")).status_code == 200


@pytest.mark.parametrize("name", ["user", "group"])
def test_an_editor_cannot_touch_users_or_groups(editor_client, editor, name):
    assert editor_client.get(reverse(f"admin:auth_{name}_changelist")).status_code == 403
    assert editor_client.get(reverse(f"admin:auth_{name}_add")).status_code == 403
    if name == "user":
        assert editor_client.get(reverse("admin:auth_user_change", args=[editor.pk])).status_code == 403
    assert not editor.has_perm("auth.change_permission")


def test_an_editor_cannot_delete_claims_or_people(editor_client):
    claim, person = ClaimFactory(), PersonFactory()
    assert editor_client.get(reverse("admin:archive_claim_delete", args=[claim.pk])).status_code == 403
    assert editor_client.get(reverse("admin:archive_person_delete", args=[person.pk])).status_code == 403


def test_an_editor_can_edit_a_claim(editor_client):
    claim = ClaimFactory()
    speaker = PersonFactory(name="Park Sun-won")
    response = editor_client.post(
        reverse("admin:archive_claim_change", args=[claim.pk]),
        {
            "text": claim.text,
            "start": claim.start,
            "end": claim.end,
            "kind": "direct",
            "cue": "said",
            "status": "reviewed",
            "speakers": [speaker.pk],
            "claim_date": "2025-04-30",
            "figures-TOTAL_FORMS": "0",
            "figures-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    claim.refresh_from_db()
    assert claim.kind == "direct"
    assert list(claim.speakers.all()) == [speaker]


def test_an_editor_can_change_an_articles_date_but_not_its_text(editor_client):
    article = ArticleFactory()
    response = editor_client.post(
        reverse("admin:archive_article_change", args=[article.pk]),
        {
            "title": article.title,
            "outlet": article.outlet_id,
            "byline": "",
            "published_on": "2025-05-01",
            "text": "tampered",
            "raw_text": "tampered",
            "sha256": "0" * 64,
            "claims-TOTAL_FORMS": "0",
            "claims-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.published_on == dt.date(2025, 5, 1)
    assert article.text != "tampered" and article.raw_text != "tampered" and article.sha256 != "0" * 64


def test_an_editor_gets_the_review_actions_but_not_bulk_delete(editor_client):
    ClaimFactory()
    response = editor_client.get(reverse("admin:archive_claim_changelist"))
    actions = [value for value, _ in response.context["action_form"].fields["action"].choices]
    assert "mark_reviewed" in actions and "mark_rejected" in actions
    assert "delete_selected" not in actions
    assert Claim.objects.count() == 1
