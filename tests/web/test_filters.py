import datetime as dt

import pytest
from django.db import connection
from django.http import QueryDict

from archive.filters import ClaimFilter
from archive.models import Claim
from tests.factories import ClaimFactory, FigureFactory, MembershipFactory, PartyFactory, PersonFactory

pytestmark = pytest.mark.django_db


def claims(query: str):
    filterset = ClaimFilter(QueryDict(query), queryset=Claim.objects.all())
    assert filterset.is_valid(), filterset.errors
    return filterset


def test_no_parameters_select_every_public_claim_newest_first(world):
    assert list(claims("").qs) == sorted(
        world.claims, key=lambda c: (-c.claim_date.toordinal(), c.article_id, c.start)
    )


def test_filters_combine(world):
    selected = claims(f"person={world.lee.slug}&outlet={world.yonhap.slug}").qs
    assert list(selected) == [world.claims[2]]


def test_the_party_filter_uses_membership_at_the_claims_date(db):
    old, new = PartyFactory(name="Old Party"), PartyFactory(name="New Party")
    switcher = PersonFactory(name="Kim Switch")
    MembershipFactory(person=switcher, organisation=old, end=dt.date(2024, 12, 31))
    MembershipFactory(person=switcher, organisation=new, start=dt.date(2025, 1, 1))
    before = ClaimFactory(speakers=[switcher], claim_date=dt.date(2024, 6, 1))
    after = ClaimFactory(speakers=[switcher], claim_date=dt.date(2025, 6, 1))
    assert list(claims(f"party={old.slug}").qs) == [before]
    assert list(claims(f"party={new.slug}").qs) == [after]
    party_facet = {f.name: f for f in claims("").facets()}["party"]
    assert {o.label: o.count for o in party_facet.options} == {"Old Party": 1, "New Party": 1}


def test_a_claim_with_two_speakers_is_counted_once_per_option_and_listed_once(world):
    world.claims[0].speakers.add(world.park)
    filterset = claims(f"party={world.ppp.slug}")
    assert filterset.qs.filter(pk=world.claims[0].pk).count() == 1
    person = {f.name: f for f in filterset.facets()}["person"]
    assert {o.label: o.count for o in person.options} == {"Lee Seong-kweun": 2, "Park Sun-won": 1}


def test_facet_links_keep_other_filters_and_drop_the_page(world):
    facet = {f.name: f for f in claims(f"kind=indirect&page=3&person={world.lee.slug}").facets()}["outlet"]
    url = facet.options[0].url
    assert "kind=indirect" in url and f"person={world.lee.slug}" in url and "page=" not in url


def test_the_status_facet_counts_rejected_claims_even_when_they_are_hidden(world):
    Claim.objects.filter(pk=world.claims[0].pk).update(status=Claim.Status.REJECTED)
    filterset = claims("")
    assert filterset.qs.count() == 3
    status = {f.name: f for f in filterset.facets()}["status"]
    assert {o.value: o.count for o in status.options} == {"extracted": 3, "rejected": 1}


@pytest.mark.parametrize("query", ["person=ghost", "date_to=31-31-2025", "status=maybe", "category=wizards"])
def test_invalid_values_make_the_filterset_invalid(db, query):
    assert not ClaimFilter(QueryDict(query), queryset=Claim.objects.all()).is_valid()


def test_kind_and_category_select_as_before_and_sqlite_keeps_the_kind_index_out(db):
    direct_killed = ClaimFactory(kind="direct")
    FigureFactory(claim=direct_killed, category="killed")
    FigureFactory(claim=direct_killed, category="killed")  # two figures: still one row
    direct_other = ClaimFactory(kind="direct")
    FigureFactory(claim=direct_other, category="wounded")
    indirect_killed = ClaimFactory(kind="indirect")
    FigureFactory(claim=indirect_killed, category="killed")
    assert list(claims("kind=direct&category=killed").qs) == [direct_killed]
    assert set(claims("category=killed").qs) == {direct_killed, indirect_killed}
    assert set(claims("kind=direct").qs) == {direct_killed, direct_other}
    sql = str(claims("kind=direct").qs.query)
    # SQLite would read every claim of a kind through the index on kind and sort them all.
    assert ('+"archive_claim"."kind" =' in sql) == (connection.vendor == "sqlite")
