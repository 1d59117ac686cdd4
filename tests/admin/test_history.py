"""Every admin change is recorded (who, when, old and new values) and visible from the object's page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from archive.history import history_signals_off
from tests.admin.test_claim_admin import form_data
from tests.factories import (
    ArticleFactory,
    BriefingFactory,
    ClaimFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def history_rows(client, name: str, pk: int) -> str:
    """The history table's text, whitespace collapsed, as an editor reads it."""
    content = client.get(reverse(f"admin:archive_{name}_history", args=[pk])).content.decode()
    start = content.index('id="change-history"')
    table = content[start : content.index("</table>", start)]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", table.replace("&nbsp;", " ").replace("&rarr;", "->")))


def test_the_change_page_links_to_the_history(editor_client):
    claim = ClaimFactory()
    content = editor_client.get(reverse("admin:archive_claim_change", args=[claim.pk])).content.decode()
    assert reverse("admin:archive_claim_history", args=[claim.pk]) in content


def test_a_speaker_change_shows_who_and_the_old_and_new_speakers(editor_client):
    claim = ClaimFactory(speakers=[PersonFactory(name="Han Min-soo")])
    park = PersonFactory(name="Park Sun-won")
    assert (
        editor_client.post(
            reverse("admin:archive_claim_change", args=[claim.pk]), form_data(claim, speakers=[park.pk])
        ).status_code
        == 302
    )

    record = claim.history.first()
    assert record.history_user.username == "editor"
    assert [p.person.name for p in record.speakers.all()] == ["Park Sun-won"]
    rows = history_rows(editor_client, "claim", claim.pk)
    assert "Speakers: [Han Min-soo] -> []" in rows
    assert "Speakers: [] -> [Park Sun-won]" in rows
    assert "Edited by human: False -> True" in rows
    assert "editor" in rows


def test_a_claim_text_change_shows_old_and_new_text(editor_client):
    claim = ClaimFactory()
    old = claim.text
    new = old.split(" said ")[1]
    start = old.index(new)
    editor_client.post(
        reverse("admin:archive_claim_change", args=[claim.pk]),
        form_data(claim, text=new, start=start, end=start + len(new)),
    )
    rows = history_rows(editor_client, "claim", claim.pk)
    assert f"Text: {old} -> {new}" in rows
    assert f"Start: 0 -> {start}" in rows


def test_person_alias_edits_are_recorded(editor_client):
    person = PersonFactory(name="Lee Seong-kweun")
    response = editor_client.post(
        reverse("admin:archive_person_change", args=[person.pk]),
        {
            "name": "Lee Seong-kweun",
            "aliases": "Lee Sung-kwon\nLee Seong Kweun\nLee Sung-kwon",
            "roles": "lawmaker",
            "description": "",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.aliases == ["Lee Sung-kwon", "Lee Seong Kweun"]
    assert "Aliases: [] -> [Lee Sung-kwon, Lee Seong Kweun]" in history_rows(
        editor_client, "person", person.pk
    )


def test_organisation_edits_are_recorded(editor_client):
    org = OrganisationFactory(name="NIS", kind="agency")
    editor_client.post(
        reverse("admin:archive_organisation_change", args=[org.pk]),
        {"name": "National Intelligence Service", "kind": "agency", "aliases": "NIS", "parent": ""},
    )
    assert "Name: NIS -> National Intelligence Service" in history_rows(editor_client, "organisation", org.pk)


def test_briefing_edits_are_recorded(editor_client):
    briefing = BriefingFactory()
    lawmaker = PersonFactory(name="Park Sun-won")
    editor_client.post(
        reverse("admin:archive_briefing_change", args=[briefing.pk]),
        {
            "date": "2025-05-02",
            "organiser": briefing.organiser_id,
            "audience": briefing.audience_id,
            "relayed_by": [lawmaker.pk],
            "evidence": "",
            "claims-TOTAL_FORMS": "0",
            "claims-INITIAL_FORMS": "0",
        },
    )
    rows = history_rows(editor_client, "briefing", briefing.pk)
    assert "Date: 2025-04-30 -> 2025-05-02" in rows or "Date: 30 April 2025 -> 2 May 2025" in rows
    assert "Date basis: inferred -> editor" in rows
    assert "Relayed by: [] -> [Park Sun-won]" in rows


def test_article_date_edits_are_recorded(editor_client):
    article = ArticleFactory()
    editor_client.post(
        reverse("admin:archive_article_change", args=[article.pk]),
        {
            "title": article.title,
            "outlet": article.outlet_id,
            "published_on": "2025-05-01",
            "claims-TOTAL_FORMS": "0",
            "claims-INITIAL_FORMS": "0",
        },
    )
    article.refresh_from_db()
    assert article.published_on == dt.date(2025, 5, 1)
    record = article.history.first()
    assert (record.history_user.username, record.published_on_basis) == ("editor", "editor")
    assert "Published on basis: dateline -> editor" in history_rows(editor_client, "article", article.pk)


def test_membership_edits_are_recorded(editor_client):
    membership = MembershipFactory(role="member")
    editor_client.post(
        reverse("admin:archive_membership_change", args=[membership.pk]),
        {
            "person": membership.person_id,
            "organisation": membership.organisation_id,
            "role": "floor leader",
            "start": "2024-05-30",
            "end": "",
        },
    )
    assert "Role: member -> floor leader" in history_rows(editor_client, "membership", membership.pk)


def test_an_empty_link_and_the_import_entry_read_plainly(editor_client):
    """An empty source shows as a dash, the as-imported entry is the importer's, no reason reads "None"."""
    with history_signals_off():  # as the importer writes it
        claim = ClaimFactory(source_person=None)
    park = PersonFactory(name="Park Sun-won")
    editor_client.post(
        reverse("admin:archive_claim_change", args=[claim.pk]), form_data(claim, source_person=park.pk)
    )
    imported, edited = claim.history.order_by("history_date", "history_id")
    assert (imported.history_user, imported.history_change_reason) == (None, "as imported")
    assert edited.history_user.username == "editor"
    rows = history_rows(editor_client, "claim", claim.pk)
    assert "Source person: — -> Park Sun-won" in rows
    assert "pk=None" not in rows and "None" not in rows
    assert "the importer" in rows
