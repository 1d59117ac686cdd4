"""Whole pages kept per archive generation (archive.caching.page)."""

import time

import pytest
from django.core.cache import caches
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from archive import caching

pytestmark = pytest.mark.django_db
URL = reverse("archive:claim_list")


def test_the_same_address_is_served_from_the_cache_until_the_archive_changes(
    client, world, django_assert_num_queries
):
    first = client.get(URL, {"person": world.lee.slug})
    with django_assert_num_queries(1):  # the generation
        again = client.get(URL, {"person": world.lee.slug})
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    claim = world.claims[0]
    claim.text = "An edited text about the frontline"
    claim.save()  # as an editor would, in the admin
    assert b"An edited text about the frontline" in client.get(URL, {"person": world.lee.slug}).content


def test_each_selection_is_its_own_page_whatever_the_order_of_its_parameters(client, world):
    both = client.get(URL, {"person": world.lee.slug, "kind": "statement"}).content
    assert client.get(f"{URL}?kind=statement&person={world.lee.slug}").content == both
    assert client.get(URL, {"person": world.park.slug}).content != client.get(URL).content


def test_errors_and_downloads_are_not_kept(client, world):
    assert client.get(URL, {"date_from": "soon"}).status_code == 400
    assert client.get(URL, {"date_from": "soon"}).status_code == 400
    assert client.get(reverse("archive:claim_detail", args=[424242])).status_code == 404
    response = client.get(URL, {"format": "csv"})
    assert response.streaming
    assert client.get(URL, {"format": "csv"}).streaming


def test_every_public_page_is_kept(client, world, django_assert_num_queries):
    for url in [
        reverse("archive:home"),
        world.claims[0].get_absolute_url(),
        world.briefing.get_absolute_url(),
        world.lee.get_absolute_url(),
        world.nis.get_absolute_url(),
        world.articles[0].get_absolute_url(),
        reverse("archive:figures"),
        reverse("archive:search") + "?q=troops",
        reverse("archive:person_list"),
    ]:
        first = client.get(url)
        with django_assert_num_queries(1):
            assert client.get(url).content == first.content, url


def _view(calls: list, *awaited: str, complete: bool = True, status: int = 200, queue: tuple[str, ...] = ()):
    """A page, incomplete (``complete=False``) or waiting for the values ``awaited`` that the
    background is counting (its jobs ``queue``d, or dropped by a full queue)."""

    @caching.page
    def view(request):
        calls.append(caching.generation())
        for job in queue:
            caching.later(job, lambda: None)
        if awaited or not complete:
            caching.incomplete(*awaited)
        return HttpResponse(f"page {len(calls)}", status=status)

    return view


def test_an_incomplete_page_is_made_again_on_the_next_request():
    caches["archive_pages"].clear()
    request = RequestFactory().get("/somewhere/", {"a": "1"})
    calls: list = []
    view = _view(calls, complete=False)
    assert view(request).content == b"page 1"
    assert view(request).content == b"page 2"
    calls = []
    view = _view(calls)
    assert view(request).content == b"page 1"
    assert view(request).content == b"page 1"
    assert len(calls) == 1


def _keys(*names: str) -> list[str]:
    keys = [caching.key(caching.generation(), name) for name in names]
    caching.cache().delete_many(keys)
    caches["archive_pages"].clear()
    return keys


def test_an_incomplete_page_is_kept_until_the_values_it_waits_for_are_there(monkeypatch):
    request = RequestFactory().get("/waiting/", {"a": "1"})
    count, facet = _keys("count-test", "facet-test")
    calls: list = []
    view = _view(calls, count, facet)
    # The background behind: the page is made again once it can be whole.
    monkeypatch.setattr(caching, "BUSY", 0)
    assert view(request).content == b"page 1"
    assert view(request).content == b"page 1"  # the same page while nothing it waits for is there
    caching.cache().set(count, 12)
    assert view(request).content == b"page 1"
    caching.cache().set(facet, [("x", 1)])
    assert view(request).content == b"page 2"
    # The background keeping up: made again as each value comes, so the page fills in.
    count, facet = _keys("count-test", "facet-test")
    monkeypatch.setattr(caching, "BUSY", 8)
    calls.clear()
    view = _view(calls, count, facet)
    assert view(request).content == b"page 1"
    assert view(request).content == b"page 1"
    caching.cache().set(count, 12)
    assert view(request).content == b"page 2"


def test_an_incomplete_page_is_kept_a_short_while_at_most(monkeypatch):
    request = RequestFactory().get("/waiting/")
    (facet,) = _keys("facet-test")
    calls: list = []
    view = _view(calls, facet)
    monkeypatch.setattr(caching, "AWAITED_TIMEOUT", 1)  # a job that failed does not hold it longer
    assert view(request).content == b"page 1"
    assert view(request).content == b"page 1"
    time.sleep(1.1)
    assert view(request).content == b"page 2"


@pytest.mark.django_db(transaction=True)  # outside a transaction, where the background is used
def test_a_page_whose_job_a_full_queue_dropped_is_made_again_once_there_is_room(monkeypatch):
    import queue

    request = RequestFactory().get("/waiting/")
    (facet,) = _keys("facet-test")
    full = queue.PriorityQueue(maxsize=1)
    full.put_nowait((1, 0, "another selection's job", lambda: None))
    # The test's own queue, which no background thread reads.
    monkeypatch.setattr(caching, "_queue", full)
    monkeypatch.setattr(caching, "_worker", object())
    monkeypatch.setattr(caching, "_queued", set())
    calls: list = []
    view = _view(calls, facet, queue=("facet job",))
    assert view(request).content == b"page 1"
    assert not caching.pending("facet job")  # dropped: the queue was full
    assert view(request).content == b"page 1"  # still full: making it again would drop it again
    full.get_nowait()
    assert view(request).content == b"page 2"  # room now: made again, its job queued
    assert caching.pending("facet job")


def test_the_view_reads_the_generation_its_page_is_kept_under():
    request = RequestFactory().get("/elsewhere/")
    calls: list = []
    _view(calls)(request)
    assert calls == [caching.generation()]
    caching.forget()
    assert _view(calls)(request).content == b"page 2"


def test_a_page_without_a_facet_too_slow_even_in_the_background_is_kept(
    client, world, django_assert_num_queries
):
    from django.http import QueryDict

    from archive.filters import OVER_BUDGET, ClaimFilter
    from archive.models import Claim

    filterset = ClaimFilter(QueryDict(), queryset=Claim.objects.all())
    assert filterset.is_valid()
    # What the background remembers for a few minutes about a facet it could not count.
    caching.cache().set(filterset.cache_key("facet-person", without="person"), OVER_BUDGET, 300)
    first = client.get(URL)
    assert "Person" in first.context["facets_left_out"]
    with django_assert_num_queries(1):
        assert client.get(URL).content == first.content


@pytest.mark.django_db(transaction=True)
def test_waiting_for_background_work_ends_when_it_is_done_or_out_of_time():
    import threading
    import time

    release = threading.Event()
    assert caching.later("slow job", lambda: release.wait(10))
    assert caching.later("quick job", lambda: None)
    started = time.monotonic()
    caching.wait_for(["slow job"], 0.2)  # out of time: the job goes on
    assert 0.2 <= time.monotonic() - started < 5 and caching.pending("slow job")
    release.set()
    caching.wait_for(["slow job", "quick job"], 10)  # both done, long before the 10 s
    assert time.monotonic() - started < 5
    assert not caching.pending("slow job") and not caching.pending("quick job")


@pytest.mark.django_db(transaction=True)
def test_a_page_waits_for_the_background_only_while_its_jobs_can_come_in_time(settings):
    """``page_wait``: the whole budget while the background's recent jobs (median) take less;
    none when they take longer (a million claims: every facet longer than the 100 ms a first
    visit waited for nothing)."""
    settings.ARCHIVE_FACETS_PAGE_BUDGET_MS = 50
    assert caching.page_wait() == 0.05  # nothing known yet

    def run(*jobs) -> None:
        for n, job in enumerate(jobs):
            assert caching.later(f"job {n}", job)
        caching.wait()

    run(*[lambda: None] * 3)
    assert caching.page_wait() == 0.05  # jobs of no time
    run(*[lambda: time.sleep(0.06)] * 3)
    assert caching.page_wait() == 0  # the median of six: a job longer than the wait
    run(lambda: None)
    assert caching.page_wait() == 0.05  # four of seven in no time
    run(*[lambda: time.sleep(0.06)] * 3)
    caching.clear()  # forgets the pace too
    assert caching.page_wait() == 0.05


@pytest.mark.django_db(transaction=True)
def test_the_background_runs_without_parallel_workers_only_while_it_is_behind(monkeypatch):
    import threading

    started_busy: list[bool] = []
    monkeypatch.setattr(caching, "_share_cores", started_busy.append)
    release = threading.Event()
    assert caching.later("first job", lambda: release.wait(10))
    for n in range(caching.BUSY + 1):  # queued while the first job runs
        assert caching.later(f"job {n}", lambda: None)
    release.set()
    caching.wait()
    assert len(started_busy) == caching.BUSY + 2
    assert started_busy[1] is True  # the next job had BUSY more behind it
    assert started_busy[-1] is False  # the last had none


def test_sharing_the_cores_sets_and_resets_the_connections_parallel_workers(monkeypatch):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's parallel workers")
    monkeypatch.setattr(caching._local, "cores", None, raising=False)

    def workers() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW max_parallel_workers_per_gather")
            return cursor.fetchone()[0]

    server = workers()
    caching._share_cores(True)
    assert workers() == "0"
    caching._share_cores(False)
    assert workers() == server != "0"


@pytest.mark.django_db(transaction=True)
def test_a_claims_list_still_being_counted_is_served_as_it_was_until_it_is_counted(
    client, settings, django_assert_num_queries
):
    import threading

    from tests.web.conftest import build_world

    build_world(2)
    caching.clear()
    settings.ARCHIVE_FACETS_PAGE_BUDGET_MS = 0  # the page does not wait for its facets
    release = threading.Event()
    assert caching.later("a slow job ahead", lambda: release.wait(10))  # the background is busy
    try:
        first = client.get(URL)
        assert first.context["facets_pending"]
        with django_assert_num_queries(1):  # the generation: the same page, kept
            assert client.get(URL).content == first.content
    finally:
        release.set()
    caching.wait()  # its facets counted
    whole = client.get(URL)
    assert not whole.context["facets_pending"]
    assert whole.content != first.content
