"""The claims' keys beside their stored vectors (PostgreSQL, archive/search.py ``_PG_KEYS``): what a
claim names and where it is, kept in step by the database however the claim or its links change."""

import pytest
from django.core.management import call_command
from django.db import connection

from archive import search
from archive.merging import person_merge
from archive.models import Claim
from tests.factories import ArticleFactory, ClaimFactory, OrganisationFactory, PersonFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the claims' keys are PostgreSQL's"),
]


def keys(claim: Claim) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "keys" FROM "{search.PG_TABLE}" WHERE "claim_id" = %s', [claim.pk])
        return sorted(cursor.fetchone()[0])


def expected(claim: Claim) -> list[str]:
    """The keys worked out from the models."""
    claim.refresh_from_db()
    people = {p.pk for p in claim.speakers.all()} | ({claim.source_person_id} - {None})
    orgs = {o.pk for o in claim.speaker_organisations.all()} | ({claim.source_organisation_id} - {None})
    return sorted(search.claim_keys(people, orgs, [claim.article_id]))


def test_a_new_claim_has_the_keys_of_its_speakers_sources_and_article():
    lee, kim = PersonFactory(name="Lee Sung-kwon"), PersonFactory(name="Kim Byung-kee")
    nis, party = OrganisationFactory(name="National Intelligence Service"), OrganisationFactory(name="PPP")
    claim = ClaimFactory(speakers=[lee], source_person=kim, source_organisation=nis)
    claim.speaker_organisations.add(party)
    assert (
        keys(claim)
        == expected(claim)
        == sorted([f"p{lee.pk}", f"p{kim.pk}", f"o{nis.pk}", f"o{party.pk}", f"a{claim.article_id}"])
    )
    bare = ClaimFactory()
    assert keys(bare) == [f"a{bare.article_id}"]


def test_the_keys_follow_every_change_of_the_links():
    lee, kim, park = (PersonFactory(name=n) for n in ("Lee Sung-kwon", "Kim Byung-kee", "Park Sun-won"))
    nis = OrganisationFactory(name="National Intelligence Service")
    claim = ClaimFactory(speakers=[lee, kim])
    claim.speakers.remove(kim)
    assert keys(claim) == expected(claim)
    claim.speakers.set([park])
    assert keys(claim) == expected(claim)
    claim.source_organisation = nis
    claim.save()
    assert keys(claim) == expected(claim)
    Claim.objects.filter(pk=claim.pk).update(source_organisation=None, source_person=lee)
    assert keys(claim) == expected(claim)
    Claim.objects.filter(pk=claim.pk).update(article=ArticleFactory())  # moved (as no editor may)
    assert keys(claim) == expected(claim)
    nis.delete()
    lee.delete()  # the source's link set to null by the database
    assert keys(claim) == expected(claim) == sorted([f"p{park.pk}", f"a{claim.article_id}"])


def test_a_merge_moves_the_keys_to_the_person_kept():
    lee, spelling = PersonFactory(name="Lee Sung-kwon"), PersonFactory(name="Lee Seong-kweun")
    spoken, sourced = ClaimFactory(speakers=[spelling]), ClaimFactory(source_person=spelling)
    both = ClaimFactory(speakers=[lee, spelling])
    person_merge(target=lee, others=[spelling])
    for claim in (spoken, sourced, both):
        assert keys(claim) == expected(claim)
        assert f"p{spelling.pk}" not in keys(claim) and f"p{lee.pk}" in keys(claim)


def test_rebuild_search_and_the_migration_store_them_anew():
    lee = PersonFactory(name="Lee Sung-kwon")
    claim = ClaimFactory(speakers=[lee])
    with connection.cursor() as cursor:
        cursor.execute(f"""UPDATE "{search.PG_TABLE}" SET "keys" = '{{}}'""")
    call_command("rebuild_search")
    assert keys(claim) == expected(claim)
    search.drop_claim_keys(connection)  # the migration backwards, then forwards
    search.create_claim_keys(connection)
    assert keys(claim) == expected(claim)
    claim.speakers.clear()  # the triggers are back
    assert keys(claim) == [f"a{claim.article_id}"]


def test_the_titles_are_indexed_beside_the_ids():
    """Read whole by the admin's search for a word in nearly every title: without the articles' texts."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'article_title_ids'")
        (definition,) = cursor.fetchone()
    assert "(id) INCLUDE (title)" in definition
