"""Every admin save marks the row ``edited_by_human`` so that re-imports leave it alone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from archive.models import Article, Briefing, Membership, Organisation, Person
from tests.factories import (
    ArticleFactory,
    BriefingFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def save(client, name: str, pk: int, data: dict) -> None:
    response = client.post(reverse(f"admin:archive_{name}_change", args=[pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_saving_a_person_marks_it_and_its_inline_memberships(editor_client):
    person = PersonFactory()
    membership = MembershipFactory(person=person)
    party = OrganisationFactory(kind="party")
    save(
        editor_client,
        "person",
        person.pk,
        {
            "name": person.name,
            "aliases": "",
            "roles": "lawmaker",
            "description": "",
            "memberships-TOTAL_FORMS": "2",
            "memberships-INITIAL_FORMS": "1",
            "memberships-0-id": membership.pk,
            "memberships-0-person": person.pk,
            "memberships-0-organisation": membership.organisation_id,
            "memberships-0-role": "member",
            "memberships-0-start": "2020-05-30",
            "memberships-0-end": "2024-05-29",
            "memberships-1-person": person.pk,
            "memberships-1-organisation": party.pk,
            "memberships-1-role": "member",
            "memberships-1-start": "2024-05-30",
        },
    )
    assert Person.objects.get().edited_by_human
    assert list(Membership.objects.order_by("start").values_list("edited_by_human", "end")) == [
        (True, dt.date(2024, 5, 29)),
        (True, None),
    ]


def test_a_membership_ending_before_it_starts_is_rejected(editor_client):
    membership = MembershipFactory()
    response = editor_client.post(
        reverse("admin:archive_membership_change", args=[membership.pk]),
        {
            "person": membership.person_id,
            "organisation": membership.organisation_id,
            "start": "2024-05-30",
            "end": "2020-01-01",
        },
    )
    assert response.status_code == 200
    assert "A membership cannot end before it starts." in response.content.decode()


def test_saving_an_organisation_marks_it(editor_client):
    org = OrganisationFactory()
    save(
        editor_client,
        "organisation",
        org.pk,
        {"name": org.name, "kind": "agency", "aliases": "", "parent": ""},
    )
    assert Organisation.objects.get().edited_by_human


def test_saving_a_membership_marks_it(editor_client):
    membership = MembershipFactory()
    save(
        editor_client,
        "membership",
        membership.pk,
        {"person": membership.person_id, "organisation": membership.organisation_id, "role": "whip"},
    )
    assert Membership.objects.get().edited_by_human


def test_changing_a_briefings_date_makes_its_basis_the_editor(editor_client):
    briefing = BriefingFactory()
    data = {
        "date": "2025-05-02",
        "organiser": briefing.organiser_id,
        "audience": briefing.audience_id,
        "evidence": "",
        "claims-TOTAL_FORMS": "0",
        "claims-INITIAL_FORMS": "0",
    }
    save(editor_client, "briefing", briefing.pk, data)
    briefing = Briefing.objects.get()
    assert (briefing.edited_by_human, briefing.date_basis) == (True, "editor")


def test_saving_an_article_without_a_date_change_keeps_the_date_basis(editor_client):
    article = ArticleFactory()
    data = {
        "title": "A better title",
        "outlet": article.outlet_id,
        "published_on": "2025-04-30",
        "claims-TOTAL_FORMS": "0",
        "claims-INITIAL_FORMS": "0",
    }
    save(editor_client, "article", article.pk, data)
    article = Article.objects.get()
    assert (article.title, article.edited_by_human, article.published_on_basis) == (
        "A better title",
        True,
        "dateline",
    )


def test_changing_an_articles_date_makes_its_basis_the_editor(editor_client):
    article = ArticleFactory()
    data = {
        "title": article.title,
        "outlet": article.outlet_id,
        "published_on": "2025-05-01",
        "claims-TOTAL_FORMS": "0",
        "claims-INITIAL_FORMS": "0",
    }
    save(editor_client, "article", article.pk, data)
    article = Article.objects.get()
    assert (article.edited_by_human, article.published_on_basis) == (True, "editor")
    assert article.get_published_on_basis_display() == "set by an editor"
    assert "editor" in article.published_on_evidence
