import datetime as dt
import json

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.models import Claim
from tests.factories import ArticleFactory, ClaimFactory, MembershipFactory, PartyFactory, PersonFactory
from tests.web.conftest import build_world

pytestmark = pytest.mark.django_db
URL = reverse("archive:claim_list")


def test_it_lists_claims_with_speaker_party_and_outlet(client, world):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lee Seong-kweun" in html
    assert "People Power Party" in html
    assert "KBS" in html
    assert len(response.context["claims"]) == 4


@pytest.mark.parametrize("size", [2, 6])
def test_the_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    build_world(size)
    # 22: with the party facet's parties read before its count and the person facet's people after.
    with django_assert_num_queries(22):
        client.get(URL)
    # Rendered again: the count, the facets and the form's choices come from the cache (the
    # generation, the page's ids, its rows and their related objects).
    caches["archive_pages"].clear()
    with django_assert_num_queries(7):
        client.get(URL)
    # Again: the page itself comes from the cache (the generation).
    with django_assert_num_queries(1):
        client.get(URL)


@pytest.mark.parametrize("size", [2, 6])
def test_a_filtered_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    world = build_world(size)
    params = {"person": world.lee.slug, "party": world.ppp.slug, "date_from": "2025-04-01", "q": "soldiers"}
    with django_assert_num_queries(24):
        client.get(URL, params)


def test_an_edit_renews_the_cached_counts(client, world):
    before = client.get(URL, {"person": world.park.slug}).context["page_obj"].paginator.count
    facet = next(f for f in client.get(URL).context["facets"] if f.name == "person")
    park = next(o for o in facet.options if o.value == world.park.slug)
    claim = Claim.objects.filter(speakers=world.lee).first()
    claim.speakers.add(world.park)  # as an editor would, in the admin
    assert client.get(URL, {"person": world.park.slug}).context["page_obj"].paginator.count == before + 1
    facet = next(f for f in client.get(URL).context["facets"] if f.name == "person")
    assert next(o for o in facet.options if o.value == world.park.slug).count == park.count + 1


def test_a_large_selection_is_counted_up_to_the_limit(client, world, settings):
    settings.ARCHIVE_COUNT_LIMIT = 2
    settings.ARCHIVE_PAGE_SIZE = 1
    response = client.get(URL)
    assert response.context["page_obj"].paginator.capped
    assert "More than 2 claims in this selection" in response.content.decode()
    settings.ARCHIVE_COUNT_LIMIT = 1000
    response = client.get(URL, {"person": world.park.slug})
    assert not response.context["page_obj"].paginator.capped


def test_a_facet_over_its_budget_is_left_out_with_a_note(client, world, monkeypatch):
    from archive import filters

    real = filters.ClaimFilter._rows
    monkeypatch.setattr(
        filters.ClaimFilter,
        "_rows",
        lambda self, name, **kw: filters.OVER_BUDGET if name == "person" else real(self, name, **kw),
    )
    response = client.get(URL)
    assert "person" not in [f.name for f in response.context["facets"]]
    assert "Not counted (taking too long for this selection): Person" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_facets_not_ready_in_time_are_pending_and_the_next_request_shows_them(client, monkeypatch, settings):
    import threading

    from archive import filters

    build_world(2)
    settings.ARCHIVE_FACETS_PAGE_BUDGET_MS = 2000  # ample for the others, however slow the machine
    release, real = threading.Event(), filters.ClaimFilter._facet_category
    calls = []

    def slow_category(qs):  # counted in the background thread, which waits here
        calls.append(threading.current_thread().name)
        release.wait(10)
        return real(qs)

    monkeypatch.setattr(filters.ClaimFilter, "_facet_category", staticmethod(slow_category))
    try:
        first = client.get(URL)
    finally:
        release.set()
    # The others were counted in the background while the page found its claims (queued before
    # it); the category was not ready within the page's budget: named as still being counted,
    # and the page is not kept.
    assert [f.name for f in first.context["facets"]] == [
        n for n in filters.ClaimFilter.FACETS if n != "category"
    ]
    assert first.context["facets_pending"] == ["Figure category"]
    html = first.content.decode()
    assert 'data-pending aria-busy="true"' in html
    assert "Still being counted: Figure category" in html
    assert calls and calls[0] != threading.current_thread().name
    filters.counted()
    second = client.get(URL)
    assert [f.name for f in second.context["facets"]] == list(filters.ClaimFilter.FACETS)
    assert second.context["facets_pending"] == []
    assert b"data-pending" not in second.content
    assert len(calls) == 1  # counted once, then read from the cache


@pytest.mark.django_db(transaction=True)
def test_a_selection_not_counted_in_time_lists_its_page_while_the_background_counts_it(
    client, monkeypatch, settings
):
    import threading

    from archive import filters, listing

    world = build_world(3)  # 6 claims: 3 pages of 2
    settings.ARCHIVE_PAGE_SIZE = 2
    settings.ARCHIVE_FACETS_PAGE_BUDGET_MS = 100
    release, real = threading.Event(), listing.CappedPaginator._capped_count

    def slow_count(self):  # the background's count waits; one made in the request does not
        if threading.current_thread().name == "archive-cache":
            release.wait(10)
        return real(self)

    monkeypatch.setattr(listing.CappedPaginator, "_capped_count", slow_count)
    try:
        first = client.get(URL, {"page": 2})
        newest = [
            c.pk
            for c in sorted(
                world.claims, key=lambda c: (-c.claim_date.toordinal(), c.article_id, c.start, c.pk)
            )
        ]
        page = first.context["page_obj"]
        assert page.uncounted and page.number == 2
        assert [c.pk for c in first.context["claims"]] == newest[2:4]
        html = first.content.decode()
        assert "being counted" in html and 'id="claims-count" data-pending' in html
        assert 'rel="prev"' in html and 'rel="next"' in html and "Page 2<" in html
        assert "Page 2 of" not in html
        # The last page tells the count itself (fewer ids than a page and one).
        third = client.get(URL, {"page": 3})
        assert not getattr(third.context["page_obj"], "uncounted", False)
        assert [c.pk for c in third.context["claims"]] == newest[4:]
        assert "6 claims in this selection." in third.content.decode()
        assert "Page 3 of 3" in third.content.decode()
        # Past the end: counted in the request, the last page.
        last = client.get(URL, {"page": 9})
        assert not getattr(last.context["page_obj"], "uncounted", False)
        assert last.context["page_obj"].number == 3
    finally:
        release.set()
    filters.counted()
    counted = client.get(URL, {"page": 2})  # the first was not kept
    assert "6 claims in this selection." in counted.content.decode()
    assert "Page 2 of 3" in counted.content.decode()
    assert b"data-pending" not in counted.content


@pytest.mark.django_db(transaction=True)
def test_with_the_background_behind_a_page_leaves_its_counts_to_a_later_request(
    client, monkeypatch, settings
):
    import queue
    import threading

    from archive import caching, filters

    build_world(3)
    settings.ARCHIVE_PAGE_SIZE = 2
    monkeypatch.setattr(caching, "_queue", queue.PriorityQueue(maxsize=1))
    started, release = threading.Event(), threading.Event()
    assert caching.later("busy", lambda: (started.set(), release.wait(10)))
    assert started.wait(10)
    assert caching.later("waiting", lambda: None)  # the queue is full now
    try:
        with CaptureQueriesContext(connection) as queries:
            first = client.get(URL)
        # Neither counted in the request nor queued: said to be being counted.
        assert first.context["page_obj"].uncounted
        assert first.context["facets"] == []
        assert len(first.context["facets_pending"]) == len(filters.ClaimFilter.FACETS)
        assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
    finally:
        release.set()
    filters.counted()
    monkeypatch.setattr(caching, "_queue", queue.PriorityQueue(maxsize=64))  # caught up
    client.get(URL)  # queued now
    filters.counted()
    caches["archive_pages"].clear()
    after = client.get(URL)  # drawn again, everything counted
    assert "6 claims in this selection." in after.content.decode()
    assert [f.name for f in after.context["facets"]] == list(filters.ClaimFilter.FACETS)


@pytest.mark.parametrize(
    "params",
    [{}, {"kind": "direct"}, {"status": "any"}, {"outlet": "yonhap", "q": "drones"}, {"status": "extracted"}],
)
def test_the_column_facets_counted_in_one_pass_are_the_facets_counted_one_by_one(world, params):
    from django.http import QueryDict

    from archive.filters import ClaimFilter
    from archive.models import Claim

    # A rejected claim (in the status facet's selection only) and another source.
    ClaimFactory(article=world.articles[1], status="rejected", kind="direct", text="drones rejected")
    ClaimFactory(article=world.articles[1], source_organisation=world.yonhap, kind="indirect")
    query = QueryDict(mutable=True)
    query.update(params)
    filterset = ClaimFilter(query, queryset=Claim.objects.all())
    assert filterset.is_valid()
    names = [n for n in ClaimFilter.FACETS if n in ClaimFilter.COLUMN_FACETS and n not in params]
    assert filterset._jobs(list(ClaimFilter.FACETS))[0] == names
    together = filterset._column_rows(names, budget_ms=10_000)
    assert together == {name: filterset._rows(name, budget_ms=10_000) for name in names}
    assert any(together.values())


def test_it_filters_by_person(client, world):
    claims = client.get(URL, {"person": world.park.slug}).context["claims"]
    assert {c.pk for c in claims} == {c.pk for c in world.claims if world.park in c.speakers.all()}


def test_it_filters_by_party_at_the_claims_date(client, world):
    for m in world.lee.memberships.all():  # saved: the stored affiliations follow
        m.end = "2025-04-30"
        m.save()
    claims = client.get(URL, {"party": world.ppp.slug}).context["claims"]
    # Lee left the party after the first article's date; only that claim counts.
    assert [c.article_id for c in claims] == [world.articles[0].pk]


def test_it_filters_by_date_range(client, world):
    claims = client.get(URL, {"date_from": "2025-05-01", "date_to": "2025-05-01"}).context["claims"]
    assert {c.article_id for c in claims} == {world.articles[1].pk}


def test_it_filters_by_outlet_source_briefing_kind_and_category(client, world):
    def pks(**params):
        return {c.pk for c in client.get(URL, params).context["claims"]}

    assert pks(outlet=world.yonhap.slug) == {c.pk for c in world.claims if c.article.outlet == world.yonhap}
    assert pks(source=world.nis.slug) == {c.pk for c in world.claims}
    assert pks(briefing=world.briefing.pk) == {c.pk for c in world.claims}
    assert pks(kind="direct") == {c.pk for c in world.claims if c.kind == "direct"}
    assert pks(category="killed") == {c.pk for c in world.claims if c.speakers.first() == world.lee}


def test_free_text_finds_words_and_highlights_them(client, world):
    response = client.get(URL, {"q": "troops"})
    assert len(response.context["claims"]) == 2
    assert "<mark>troops</mark>" in response.content.decode()


def test_facets_count_options_within_the_selection_without_their_own_filter(client, world):
    response = client.get(URL, {"person": world.lee.slug})
    facets = {f.name: f for f in response.context["facets"]}
    people = {o.label: o.count for o in facets["person"].options}
    assert people == {"Lee Seong-kweun": 2, "Park Sun-won": 2}
    assert {o.label: o.count for o in facets["party"].options} == {"People Power Party": 2}
    assert {o.label: o.count for o in facets["outlet"].options} == {"KBS": 1, "Yonhap": 1}
    assert {o.label: o.count for o in facets["kind"].options} == {"indirect (reported speech)": 2}
    selected = [o for o in facets["person"].options if o.selected]
    assert selected[0].label == "Lee Seong-kweun"


def test_rejected_claims_are_hidden_unless_the_status_filter_asks(client, world):
    rejected = world.claims[0]
    rejected.status = Claim.Status.REJECTED
    rejected.save()
    assert rejected not in client.get(URL).context["claims"]
    assert rejected in client.get(URL, {"status": "rejected"}).context["claims"]
    assert rejected in client.get(URL, {"status": "any"}).context["claims"]


def test_sorting_orders_oldest_first(client, world):
    claims = client.get(URL, {"sort": "oldest"}).context["claims"]
    assert claims[0].article_id == world.articles[0].pk


def test_it_paginates_and_a_page_past_the_end_shows_the_last_page(client, world, settings):
    settings.ARCHIVE_PAGE_SIZE = 3
    assert len(client.get(URL, {"page": 2}).context["claims"]) == 1
    response = client.get(URL, {"page": 99})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 2
    assert client.get(URL, {"page": "abc"}).status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"person": "nobody"},
        {"date_from": "not-a-date"},
        {"kind": "rumour"},
        {"sort": "sideways"},
        {"briefing": "x"},
        {"format": "xml"},
        {"category": "<script>"},
    ],
)
def test_a_bad_parameter_is_a_400_with_a_message(client, world, params):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert b"could not be understood" in response.content
    assert b"<script>" not in response.content


def test_unknown_parameters_are_ignored(client, world):
    assert client.get(URL, {"colour": "blue"}).status_code == 200


def test_script_in_query_and_claim_text_is_escaped(client, db):
    article = ArticleFactory(raw_text="<script>alert(1)</script> said the agency.")
    ClaimFactory(article=article)
    response = client.get(URL, {"q": "<script>alert"})
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;" in html


def test_the_csv_download_holds_exactly_the_filtered_rows(client, world):
    response = client.get(reverse("archive:claim_export_csv"), {"person": world.lee.slug})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.streaming  # read and written in chunks: memory does not grow with the selection
    body = b"".join(response.streaming_content)
    lines = body.decode().strip().splitlines()
    assert len(lines) == 1 + 2
    same = client.get(URL, {"person": world.lee.slug, "format": "csv"})
    assert b"".join(same.streaming_content) == body


def test_the_json_download_follows_the_export_schema(client, world, settings):
    settings.ARCHIVE_PAGE_SIZE = 1  # the export covers all pages, not just the one on screen
    response = client.get(reverse("archive:claim_export_json"), {"outlet": world.kbs.slug})
    assert response.streaming
    document = json.loads(b"".join(response.streaming_content))
    assert document["schema"] == "archive-export/1"
    assert {c["id"] for c in document["claims"]} == {
        c.pk for c in world.claims if c.article.outlet == world.kbs
    }
    assert {a["id"] for a in document["articles"]} == {world.articles[0].pk}


def test_a_download_with_a_bad_filter_is_a_400(client, world):
    assert client.get(reverse("archive:claim_export_csv"), {"person": "nobody"}).status_code == 400
    assert client.get(reverse("archive:claim_feed"), {"date_to": "yesterday"}).status_code == 400


def test_the_atom_feed_carries_the_selection(client, world):
    response = client.get(reverse("archive:claim_feed"), {"person": world.park.slug})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert body.count("<entry>") == 2
    assert "Park Sun-won" in body


def test_a_speaker_who_left_the_party_is_not_shown_under_it_afterwards(client, world):
    for m in world.lee.memberships.all():  # saved: the stored affiliations follow
        m.end = "2025-04-30"
        m.save()
    response = client.get(URL, {"person": world.lee.slug, "sort": "oldest"})
    rows = response.content.decode().split('class="claim"')[1:]
    assert "(People Power Party)" in rows[0]
    assert "(People Power Party)" not in rows[1]


def test_active_filters_show_names_not_slugs(client, world):
    response = client.get(URL, {"person": world.lee.slug, "kind": "direct", "date_from": "2025-04-01"})
    active = {label: value for label, value, _ in response.context["active"]}
    assert active == {"Person": "Lee Seong-kweun", "Kind": "direct quote", "From": "2025-04-01"}


def walked_page_ids(params: dict, number: int) -> list[int]:
    """Page ``number`` of the selection ``params`` through ``claims_page`` with its ids from
    walking the list's order (``walked``), on either database (the view walks on SQLite only)."""
    from archive import listing
    from archive.filters import ClaimFilter

    filterset = ClaimFilter(params, queryset=Claim.objects.public())
    assert filterset.is_valid()
    filterset._probe = True
    walked = filterset.filter_queryset(Claim.objects.public())
    filterset._probe = False
    request = RequestFactory().get(URL, {**params, "page": number})
    return [c.pk for c in listing.claims_page(request, filterset.qs, walked=walked).object_list]


def test_a_large_search_selection_has_the_same_pages_when_its_ids_come_from_walking_the_order(
    client, settings, monkeypatch
):
    """SQLite finds the page's ids of a search with at least WALK_FROM claims by walking the list's
    order and testing each claim (``walked``); the pages are the same, row for row."""
    from archive import listing

    settings.ARCHIVE_PAGE_SIZE = 2
    for n, day in enumerate((3, 1, 2, 2, 5, None)):
        ClaimFactory(
            article=ArticleFactory(raw_text=f"Drones were seen, report {n}."),
            claim_date=day and dt.date(2025, 1, day),
        )
    ClaimFactory(article=ArticleFactory(raw_text="Drones again."), status=Claim.Status.REJECTED)
    ClaimFactory(article=ArticleFactory(raw_text="Shells fell."))

    def pages(params) -> list[list[int]]:
        return [
            [c.pk for c in client.get(URL, {**params, "page": p}).context["claims"]] for p in (1, 2, 3, 4)
        ]

    searched = {"q": "drones"}, {"q": "drones", "sort": "oldest"}, {"q": "drones seen", "kind": "direct"}
    before = [pages(params) for params in searched]
    monkeypatch.setattr(listing, "WALK_FROM", 1)
    caches["archive_pages"].clear()  # drawn again, not the pages cached above
    assert [pages(params) for params in searched] == before
    assert [len(page) for page in before[0]] == [2, 2, 2, 2]  # the last page past the end: page 3 again
    assert walked_page_ids({"q": "drones"}, 2) == before[0][1]


def test_a_large_party_selection_has_the_same_pages_when_its_ids_come_from_walking_the_order(
    client, settings, monkeypatch
):
    """The party filter is walked too (SQLite): each claim tested for an affiliation with the
    party on its date, instead of starting from every claim of the party."""
    from archive import listing

    settings.ARCHIVE_PAGE_SIZE = 2
    party, other = PartyFactory(name="People Power Party"), PartyFactory(name="Democratic Party")
    member, outsider = PersonFactory(), PersonFactory()
    MembershipFactory(person=member, organisation=party, start=dt.date(2024, 1, 1))
    MembershipFactory(person=outsider, organisation=other)
    for n, day in enumerate((3, 1, 2, 2, 5, None)):
        speaker = outsider if n == 2 else member
        ClaimFactory(speakers=[speaker], claim_date=day and dt.date(2025, 1, day))
    ClaimFactory(speakers=[member], claim_date=dt.date(2023, 6, 1))  # before the membership
    ClaimFactory(speakers=[member], claim_date=dt.date(2025, 1, 4), status=Claim.Status.REJECTED)

    def pages(params) -> list[list[int]]:
        return [[c.pk for c in client.get(URL, {**params, "page": p}).context["claims"]] for p in (1, 2, 3)]

    selections = (
        {"party": party.slug},
        {"party": party.slug, "sort": "oldest"},
        {"party": party.slug, "date_from": "2025-01-02", "date_to": "2025-01-31"},
    )
    before = [pages(params) for params in selections]
    monkeypatch.setattr(listing, "WALK_FROM", 1)
    caches["archive_pages"].clear()  # drawn again, not the pages cached above
    assert [pages(params) for params in selections] == before
    assert [len(page) for page in before[0]] == [2, 2, 1]  # the member's five claims from 2024 on
    assert walked_page_ids({"party": party.slug}, 2) == before[0][1]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("walk_from", [3, 10])
def test_a_walked_selection_never_counted_is_counted_in_the_request_only_as_far_as_walk_from(
    settings, monkeypatch, walk_from
):
    """Never counted, a selection with a walked form (SQLite's text search and party) is counted
    in the request only up to WALK_FROM: as many, and its page's ids come from the walk while
    the background counts it whole (an uncounted page); fewer, and that is its count."""
    import threading

    from archive import caching, listing
    from archive.filters import ClaimFilter

    caching.clear()
    settings.ARCHIVE_PAGE_SIZE = 2
    monkeypatch.setattr(listing, "WALK_FROM", walk_from)
    claims = [
        ClaimFactory(
            article=ArticleFactory(raw_text=f"Drones were seen, report {n}."), claim_date=dt.date(2025, 1, n)
        )
        for n in range(1, 7)
    ]
    release, real = threading.Event(), listing.CappedPaginator._capped_count

    def held_count(self):  # the background's whole count waits
        if threading.current_thread().name == "archive-cache":
            release.wait(10)
        return real(self)

    monkeypatch.setattr(listing.CappedPaginator, "_capped_count", held_count)
    params = {"q": "drones"}
    filterset = ClaimFilter(params, queryset=Claim.objects.public())
    assert filterset.is_valid()
    filterset._probe = True
    walked = filterset.filter_queryset(Claim.objects.public())
    filterset._probe = False
    try:
        with CaptureQueriesContext(connection) as queries:
            page = listing.claims_page(
                RequestFactory().get(URL, params),
                filterset.qs,
                count_key=filterset.cache_key("count"),
                walked=walked,
                meanwhile=lambda: None,
            )
    finally:
        release.set()
    caching.wait()
    assert [c.pk for c in page.object_list] == [claims[5].pk, claims[4].pk]
    counts = [q["sql"].upper() for q in queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1 and f"LIMIT {walk_from}" in counts[0]
    probed = any('"archive_claim_search"."claim_id" =' in q["sql"] or "+ 0) IN" in q["sql"] for q in queries)
    if walk_from == 3:  # 6 found: walked, counted in the background
        assert getattr(page, "uncounted", False) and page.has_next() and probed
    else:  # 6 of at most 10: counted, sorted from its claims
        assert not getattr(page, "uncounted", False) and page.paginator.count == 6 and not probed


def test_a_small_counted_selection_is_sorted_from_its_claims_with_the_same_pages(
    client, settings, monkeypatch
):
    """Once counted, a selection under WALK_FROM has its page's ids read in an order whose first
    key no index serves (``sorted_from_its_claims``: PostgreSQL walked 80,000 claims of the
    list's index for an outlet's 700); the pages are the same row for row in every order, a
    claim without a date last."""
    from archive import listing

    settings.ARCHIVE_PAGE_SIZE = 2
    outlets = [ArticleFactory().outlet, ArticleFactory().outlet]
    for n, day in enumerate((3, 1, 2, 2, 5, None)):
        ClaimFactory(
            article=ArticleFactory(outlet=outlets[n % 2]),
            claim_date=day and dt.date(2025, 1, day),
            kind="direct" if n % 3 else "indirect",
        )

    def pages(params) -> tuple[list[list[int]], list[str]]:
        with CaptureQueriesContext(connection) as queries:
            ids = [
                [c.pk for c in client.get(URL, {**params, "page": p}).context["claims"]] for p in (1, 2, 3)
            ]
        return ids, [q["sql"] for q in queries if "ORDER BY" in q["sql"] and "LIMIT 2" in q["sql"]]

    selections = [{}, {"sort": "oldest"}, {"sort": "outlet"}, {"sort": "article"}, {"kind": "direct"}]
    sorted_here = [pages(params) for params in selections]
    monkeypatch.setattr(listing, "WALK_FROM", 0)  # no selection is small: the order as written
    caches["archive_pages"].clear()
    as_written = [pages(params) for params in selections]
    assert [ids for ids, _ in sorted_here] == [ids for ids, _ in as_written]
    assert [len(page) for page in sorted_here[0][0]] == [2, 2, 2]
    assert sorted_here[0][0][2][1] == Claim.objects.get(claim_date=None).pk  # no date: last
    for (_, sorted_sql), (_, written_sql) in zip(sorted_here, as_written, strict=True):
        assert sorted_sql and all("COALESCE" in sql for sql in sorted_sql)
        assert written_sql and not any("COALESCE" in sql for sql in written_sql)


@pytest.mark.django_db(transaction=True)
def test_after_a_change_the_counts_as_they_were_are_shown_while_the_background_counts_again(client):
    from archive import caching
    from archive.filters import counted

    caching.clear()
    world = build_world(2)
    client.get(URL)
    counted()
    caches["archive_pages"].clear()
    first = client.get(URL)  # drawn again, every facet counted
    before = first.context["page_obj"].paginator.count
    kinds = {f.name: f for f in first.context["facets"]}["kind"]
    ClaimFactory(article=world.articles[0], kind="direct")  # an import or an edit: a new generation
    during = client.get(URL)
    assert during.context["recounting"]
    assert during.context["page_obj"].paginator.count == before
    assert {f.name: f for f in during.context["facets"]}["kind"].options == kinds.options
    assert b"being counted again" in during.content
    counted()
    after = client.get(URL)  # that page was not kept: the new counts
    assert not after.context["recounting"]
    assert after.context["page_obj"].paginator.count == before + 1
    assert b"being counted again" not in after.content


def test_inside_a_transaction_a_change_is_counted_at_once(client, world):
    before = client.get(URL).context["page_obj"].paginator.count
    ClaimFactory(article=world.articles[0])
    response = client.get(URL)
    assert not response.context["recounting"]
    assert response.context["page_obj"].paginator.count == before + 1


def test_the_person_facet_counts_each_claim_once_for_each_of_its_speakers(client, world):
    both = ClaimFactory(article=world.articles[0])
    both.speakers.set([world.lee, world.park])
    ClaimFactory(article=world.articles[1]).speakers.set([world.lee])
    facet = {f.name: f for f in client.get(URL, {"kind": "indirect"}).context["facets"]}["person"]
    expected = {
        person.name: Claim.objects.public().current().filter(speakers=person, kind="indirect").count()
        for person in (world.lee, world.park)
    }
    assert {o.label: o.count for o in facet.options} == expected
    assert [o.label for o in facet.options] == sorted(
        expected, key=lambda name: (-expected[name], name.lower())
    )
