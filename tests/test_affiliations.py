"""The stored affiliations (archive/affiliations.py) always equal what the memberships say.

After each way the data changes (an import, a restore, an edit of a claim, its speakers or a
membership, a merge, a deletion) the stored rows are compared with the rows derived from scratch.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command

from archive.merging import organisation_merge, person_merge
from archive.models import Claim, Membership, SpeakerAffiliation
from tests.factories import ArticleFactory, ClaimFactory, MembershipFactory, PartyFactory, PersonFactory
from tests.test_restore import wipe

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def stored() -> set[tuple[int, int, int]]:
    return set(SpeakerAffiliation.objects.values_list("claim_id", "person_id", "organisation_id"))


def derived() -> set[tuple[int, int, int]]:
    rows = set()
    for claim in Claim.objects.prefetch_related("speakers__memberships"):
        for person in claim.speakers.all():
            for m in person.memberships.all():
                if claim.claim_date is None or m.covers(claim.claim_date):
                    rows.add((claim.pk, person.pk, m.organisation_id))
    return rows


def in_step() -> None:
    assert stored() == derived()


@pytest.fixture
def small():
    ppp, dp = PartyFactory(name="People Power Party"), PartyFactory(name="Democratic Party")
    lee, kim = PersonFactory(name="Lee Seong-kweun"), PersonFactory(name="Kim Min-ho")
    MembershipFactory(person=lee, organisation=ppp, end=dt.date(2025, 4, 30))
    MembershipFactory(person=lee, organisation=dp, start=dt.date(2025, 5, 1))
    MembershipFactory(person=kim, organisation=dp)
    april = ClaimFactory(article=ArticleFactory(published_on=dt.date(2025, 4, 10)), speakers=[lee])
    june = ClaimFactory(article=ArticleFactory(published_on=dt.date(2025, 6, 10)), speakers=[lee, kim])
    undated = ClaimFactory(article=ArticleFactory(published_on=None), speakers=[lee])
    return ppp, dp, lee, kim, april, june, undated


def test_the_party_on_the_claims_date_and_every_party_of_an_undated_claim(small):
    ppp, dp, lee, kim, april, june, undated = small
    assert stored() == {
        (april.pk, lee.pk, ppp.pk),
        (june.pk, lee.pk, dp.pk),
        (june.pk, kim.pk, dp.pk),
        (undated.pk, lee.pk, ppp.pk),
        (undated.pk, lee.pk, dp.pk),
    }
    assert set(Claim.objects.in_party(ppp)) == {april, undated}
    assert set(Claim.objects.in_party(dp)) == {june, undated}


def test_edits_of_claims_speakers_and_memberships_keep_them_in_step(small):
    ppp, dp, lee, kim, april, june, _undated = small
    april.claim_date = dt.date(2025, 5, 2)  # an editor moves the claim past Lee's party change
    april.save()
    in_step()
    june.speakers.remove(lee)
    in_step()
    kim.claims.add(april)  # from the person's side
    in_step()
    kim.claims.clear()
    in_step()
    membership = Membership.objects.get(person=lee, organisation=ppp)
    membership.end = None
    membership.save()
    in_step()
    membership.person = kim  # moved to another person
    membership.save()
    in_step()
    MembershipFactory(person=lee, organisation=ppp, start=dt.date(2024, 1, 1))
    in_step()
    Membership.objects.filter(person=lee, organisation=dp).get().delete()
    in_step()
    assert stored()


def test_merges_and_deletions_keep_them_in_step(small):
    ppp, dp, lee, kim, april, june, undated = small
    person_merge(target=kim, others=[lee])
    in_step()
    organisation_merge(target=dp, others=[ppp])
    in_step()
    assert set(Claim.objects.in_party(dp)) == {april, june, undated}
    kim.delete()
    in_step()
    assert not stored()


def test_an_import_and_a_restore_store_them(tmp_path):
    call_command("import_seeds", str(SEEDS), "--workers", "0")
    assert SpeakerAffiliation.objects.exists()
    in_step()
    call_command("export_archive", "--format", "json", "--output", str(tmp_path / "a.json"))
    wipe()
    call_command("import_archive", str(tmp_path / "a.json"))
    assert SpeakerAffiliation.objects.exists()
    in_step()
