"""Merging duplicate people and organisations (archive/merging.py and the admin action)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from archive.extraction.names import name_key
from archive.merging import (
    HANDLED_ORGANISATION_RELATIONS,
    HANDLED_PERSON_RELATIONS,
    organisation_merge,
    person_merge,
)
from archive.models import Claim, Membership, Organisation, OrganisationRedirect, Person, PersonRedirect
from tests.factories import (
    ArticleFactory,
    BriefingFactory,
    ClaimFactory,
    MembershipFactory,
    OrganisationFactory,
    OutletFactory,
    PartyFactory,
    PersonFactory,
    PersonRedirectFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def lee():
    return PersonFactory(name="Lee Seong-kweun", aliases=["Lee Seong Kweun"], roles=["lawmaker"])


@pytest.fixture
def duplicate():
    return PersonFactory(
        name="Lee Sung-kwon", aliases=["Lee Seong Kweun", "Rep. Lee"], roles=["committee secretary"]
    )


def test_every_relation_to_person_and_organisation_is_handled():
    assert {r.name for r in Person._meta.related_objects} == HANDLED_PERSON_RELATIONS
    assert {r.name for r in Organisation._meta.related_objects} == HANDLED_ORGANISATION_RELATIONS


def test_it_moves_claims_memberships_briefings_and_articles_to_the_survivor(lee, duplicate):
    spoken = ClaimFactory(speakers=[duplicate])
    both = ClaimFactory(speakers=[lee, duplicate])
    sourced = ClaimFactory(source_person=duplicate)
    membership = MembershipFactory(person=duplicate)
    briefing = BriefingFactory()
    briefing.presenters.add(duplicate)
    briefing.relayed_by.add(duplicate)
    article = ArticleFactory()
    article.people.add(duplicate)

    person_merge(target=lee, others=[duplicate])

    assert not Person.objects.filter(pk=duplicate.pk).exists()
    assert list(spoken.speakers.all()) == [lee]
    assert list(both.speakers.all()) == [lee]
    sourced.refresh_from_db()
    assert sourced.source_person == lee
    membership.refresh_from_db()
    assert membership.person == lee
    assert list(briefing.presenters.all()) == [lee] and list(briefing.relayed_by.all()) == [lee]
    assert list(article.people.all()) == [lee]
    assert Claim.objects.count() == 3


def test_the_merged_away_spellings_become_aliases_without_duplicates(lee, duplicate):
    person_merge(target=lee, others=[duplicate])
    lee.refresh_from_db()
    assert lee.aliases == ["Lee Seong Kweun", "Lee Sung-kwon", "Rep. Lee"]
    assert lee.roles == ["lawmaker", "committee secretary"]
    assert lee.edited_by_human


def test_a_later_import_finds_the_survivor_under_a_merged_away_spelling(lee):
    other = PersonFactory(name="Kim Byeong-ki")
    person_merge(target=lee, others=[other])
    lee.refresh_from_db()
    assert name_key("Kim Byung-kee") in {name_key(n) for n in lee.all_names}


def test_the_old_address_redirects_to_the_survivor(client, lee, duplicate):
    older = PersonRedirectFactory(old_slug="lee-sung-gwon", person=duplicate)
    old_slug = duplicate.slug
    person_merge(target=lee, others=[duplicate])

    assert PersonRedirect.objects.get(old_slug=old_slug).person == lee
    older.refresh_from_db()
    assert older.person == lee
    response = client.get(reverse("archive:person_detail", args=[old_slug]))
    assert response.status_code == 301
    assert response.url == lee.get_absolute_url()


def test_duplicate_memberships_fold_into_one(lee, duplicate):
    party = PartyFactory()
    kept = MembershipFactory(person=lee, organisation=party, start=dt.date(2024, 5, 30), role="")
    MembershipFactory(person=duplicate, organisation=party, start=dt.date(2024, 5, 30), role="floor leader")
    other_term = MembershipFactory(person=duplicate, organisation=party, start=dt.date(2020, 5, 30))

    person_merge(target=lee, others=[duplicate])

    assert set(Membership.objects.filter(person=lee)) == {kept, other_term}
    kept.refresh_from_db()
    assert kept.role == "floor leader"


def test_history_records_who_merged_and_why(lee, duplicate, admin_user):
    claim = ClaimFactory(speakers=[duplicate])
    duplicate_pk = duplicate.pk
    person_merge(target=lee, others=[duplicate], user=admin_user)

    latest = lee.history.first()
    assert latest.history_user == admin_user
    assert "Merged Lee Sung-kwon" in latest.history_change_reason
    assert latest.prev_record.aliases != latest.aliases
    deleted = Person.history.filter(id=duplicate_pk, history_type="-").get()
    assert deleted.history_user == admin_user
    assert claim.history.first().history_user == admin_user


def test_it_refuses_to_merge_a_person_only_into_itself(lee):
    with pytest.raises(ValidationError):
        person_merge(target=lee, others=[lee])


def test_organisations_merge_with_their_articles_briefings_claims_and_members():
    nis = OrganisationFactory(name="National Intelligence Service", kind="agency")
    dup = OrganisationFactory(name="NIS", kind="agency", aliases=["spy agency"])
    child = OrganisationFactory(name="NIS counter-terrorism centre", parent=dup)
    briefing = BriefingFactory(organiser=dup)
    claim = ClaimFactory(source_organisation=dup)
    claim.speaker_organisations.add(dup)
    member = MembershipFactory(organisation=dup)
    old_slug = dup.slug

    organisation_merge(target=nis, others=[dup])

    nis.refresh_from_db()
    assert nis.aliases == ["NIS", "spy agency"]
    child.refresh_from_db()
    briefing.refresh_from_db()
    claim.refresh_from_db()
    member.refresh_from_db()
    assert child.parent == briefing.organiser == claim.source_organisation == member.organisation == nis
    assert list(claim.speaker_organisations.all()) == [nis]
    assert OrganisationRedirect.objects.get(old_slug=old_slug).organisation == nis


def test_outlets_merge_with_their_articles():
    outlet, dup = OutletFactory(name="Yonhap"), OutletFactory(name="Yonhap News Agency")
    article = ArticleFactory(outlet=dup)
    organisation_merge(target=outlet, others=[dup])
    article.refresh_from_db()
    assert article.outlet == outlet


def test_the_admin_action_asks_which_person_survives_then_merges(editor_client, lee, duplicate):
    changelist = reverse("admin:archive_person_changelist")
    chosen = {"action": "merge_selected", "_selected_action": [lee.pk, duplicate.pk]}

    confirm = editor_client.post(changelist, chosen)
    assert confirm.status_code == 200
    assert "admin/archive/merge_confirmation.html" in [t.name for t in confirm.templates]
    assert Person.objects.count() == 2

    done = editor_client.post(changelist, {**chosen, "post": "yes", "target": duplicate.pk})
    assert done.status_code == 302
    assert done.url == reverse("admin:archive_person_change", args=[duplicate.pk])
    assert list(Person.objects.all()) == [duplicate]
    duplicate.refresh_from_db()
    assert "Lee Seong-kweun" in duplicate.aliases
    assert duplicate.history.first().history_user.username == "editor"


def test_the_admin_action_needs_two_people(editor_client, lee):
    response = editor_client.post(
        reverse("admin:archive_person_changelist"), {"action": "merge_selected", "_selected_action": [lee.pk]}
    )
    assert response.status_code == 302
    assert Person.objects.count() == 1


def test_the_admin_merges_organisations_too(editor_client):
    a, b = OrganisationFactory(name="Democratic Party"), OrganisationFactory(name="Democratic Party of Korea")
    response = editor_client.post(
        reverse("admin:archive_organisation_changelist"),
        {"action": "merge_selected", "_selected_action": [a.pk, b.pk], "post": "yes", "target": b.pk},
    )
    assert response.status_code == 302
    assert list(Organisation.objects.values_list("name", "aliases")) == [
        ("Democratic Party of Korea", ["Democratic Party"])
    ]
