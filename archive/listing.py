"""Lists that stay fast on a large archive: capped counts, pages fetched by id, time budgets.

A page of a filtered list is two queries on the claims table: the page's ids (the filters,
the order and LIMIT/OFFSET on narrow indexed columns, no joins to article texts) and then
those rows with everything a row shows. The count stops at ``ARCHIVE_COUNT_LIMIT``: beyond
it the page says "more than", and pages past the limit are not offered.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import OperationalError, connection
from django.db.models import F, OrderBy, QuerySet
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property

from archive import caching


class CappedPaginator(Paginator):
    """Counts ``object_list`` up to ``limit`` rows (``capped`` says when it stopped there)."""

    def __init__(
        self,
        object_list,
        per_page,
        *,
        limit: int,
        count_key: str | None = None,
        previous_key: str | None = None,
    ):
        super().__init__(object_list, per_page)
        self.limit = limit
        self.count_key = count_key
        self.previous_key = previous_key  # the last count of this selection in any generation
        self.recounting = False

    def _capped_count(self) -> int:
        return self.object_list.order_by()[: self.limit + 1].count()

    def _keep(self) -> int:
        value = self._capped_count()
        if self.previous_key:
            return caching.keep(self.count_key, self.previous_key, value)
        caching.cache().set(self.count_key, value, caching.TIMEOUT)
        return value

    @cached_property
    def count(self) -> int:
        if self.count_key is None:
            return min(self._capped_count(), self.limit + 1)
        value = caching.cache().get(self.count_key)
        if value is None and self.previous_key:
            # After a change: the count as it was, counted again in the background.
            value = caching.previous_while(
                self.previous_key, lambda: caching.later(self.count_key, self._keep), self.count_key
            )
            self.recounting = value is not None
        if value is None:
            value = self._keep()
        return min(value, self.limit + 1)

    @property
    def capped(self) -> bool:
        return self.count > self.limit

    def count_later(self) -> bool:
        """Queue this selection's count for the background (``caching.later``) when nothing is
        known of it (neither this generation's count nor an earlier one, which ``count`` shows
        while it is counted again): True if queued."""
        if self.count_key is None:
            return False
        if caching.cache().get_many([key for key in (self.count_key, self.previous_key) if key]):
            return False
        return caching.later(self.count_key, self._keep, first=True)  # before the facets

    def counted(self) -> bool:
        """Whether the count is known: made here, or found in the cache (the background may
        have put it there since)."""
        if "count" not in self.__dict__ and self.count_key:
            value = caching.cache().get(self.count_key)
            if value is not None:
                self.known(value)
        return "count" in self.__dict__

    def known(self, count: int) -> None:
        """The count, found without counting."""
        self.__dict__["count"] = min(count, self.limit + 1)  # what the ``count`` property caches


class UncountedPage(Page):
    """A page of a selection whose count is still being counted: it knows whether another page
    follows (one more id was read), not how many."""

    uncounted = True

    def __init__(self, object_list, number, paginator, *, more: bool):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


class AdminCappedPaginator(CappedPaginator):
    """The admin's paginator (``ModelAdmin.paginator``): counts stop at 10,000 (200 pages)."""

    LIMIT = 10_000

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True):
        super().__init__(object_list, per_page, limit=self.LIMIT)

    def page(self, number) -> Page:
        """The page's ids first (the filters and the order on the claims table alone), then
        those rows as ``object_list`` (the same rows in the same order).

        With the joins the change list selects (the article and its outlet, the sources, the
        briefing), SQLite scanned every article, joined its claims and sorted all of them for
        a page of 100; by ids it walks the order's index, then joins 100 rows.
        """
        page = super().page(number)
        qs = self.object_list
        if isinstance(qs, QuerySet):
            ids = list(page.object_list.values_list("pk", flat=True))
            # Those rows by id alone: the selection's filters again (a search's subqueries) would
            # be evaluated once more. The same joins, deferred fields, prefetches and order.
            rows = qs.model._default_manager.filter(pk__in=ids).order_by(*_order(qs))
            rows.query.select_related = qs.query.select_related
            rows.query.deferred_loading = qs.query.deferred_loading
            page.object_list = rows.prefetch_related(*qs._prefetch_related_lookups)
        return page


def page_number(request) -> int:
    """The ``page`` parameter: one that is not a number, or is 0 or below, is page 1."""
    try:
        return max(int(request.GET.get("page", "1")[:12]), 1)
    except ValueError:
        return 1


# A selection this large has its page's ids found by walking the list's order (``claims_page``'s
# ``walked``): a match among every few dozen claims, so a page of 50 is reached within a few
# thousand; a smaller one, once counted, is found by starting from its claims and sorting them
# (``sorted_from_its_claims``).
WALK_FROM = 10_000


def claims_page(
    request,
    qs: QuerySet,
    *,
    count_key: str | None = None,
    previous_key: str | None = None,
    walked: QuerySet | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> Page:
    """The requested page of ``qs`` (ordered claims): its ``object_list`` is a list of claims
    with everything a row shows, fetched by id after the ids of the page were found.

    A selection counted before (``count_key``, or ``previous_key`` while it is counted again)
    has its count at once. With ``meanwhile`` (the claims list: it queues the facets, after the
    count) one never counted is counted in the background while the page's ids are read; if the
    count is not ready ``ARCHIVE_FACETS_PAGE_BUDGET_MS`` after it was queued, the page is an
    ``UncountedPage`` (the next page is offered if one more id was there) and not kept
    (``caching.incomplete``). Without the background (in a transaction), or past the end, the
    count is made first.

    ``walked`` is the same selection written to be tested row by row along the order's index
    (the claims list's text search on SQLite): the page's ids come from it when the selection
    has at least ``WALK_FROM`` claims (never counted, it is counted first as far as that). SQLite
    starts a query from any ``pk IN (...)`` list, so a word in a third of a million claims had
    every match looked up and sorted for a page of 50 (230 ms); walked, 55 ms. A rare word stays
    faster from its matches (a walk would read the whole index). One counted and smaller than
    that has its page's ids sorted from its own claims on every database
    (``sorted_from_its_claims``).

    A non-numeric page is page 1, a page past the end the last page.
    """
    paginator = CappedPaginator(
        qs.values_list("pk", flat=True),
        settings.ARCHIVE_PAGE_SIZE,
        limit=settings.ARCHIVE_COUNT_LIMIT,
        count_key=count_key,
        previous_key=previous_key,
    )
    page = None
    deadline = time.monotonic() + caching.page_wait()
    counting = meanwhile is not None and paginator.count_later()
    if meanwhile is not None:
        meanwhile()
    source = paginator.object_list
    if counting and walked is not None:
        # Walked if it is large: counted here only as far as WALK_FROM, while the background
        # counts it whole (counted whole here, a party's two years were 270 ms on SQLite at 1M).
        found = qs.order_by()[:WALK_FROM].count()
        if found < WALK_FROM:
            paginator.known(found)
            counting = False
        else:
            source = walked.values_list("pk", flat=True)
    if counting:
        number, size = page_number(request), paginator.per_page
        ids = list(source[(number - 1) * size : number * size + 1])
        page = _page_while_counted(paginator, number, ids, deadline)
    if page is None:
        page = paginator.get_page(page_number(request))
    if isinstance(page.object_list, QuerySet):  # not yet read (the count is known)
        bottom = (page.number - 1) * paginator.per_page  # as Paginator.page slices (no orphans)
        top = min(bottom + paginator.per_page, paginator.count)
        if walked is not None and paginator.count >= WALK_FROM:
            page.object_list = walked.values_list("pk", flat=True)[bottom:top]
        elif paginator.count < WALK_FROM:
            page.object_list = sorted_from_its_claims(qs).values_list("pk", flat=True)[bottom:top]
    ids = list(page.object_list)
    rows = {c.pk: c for c in qs.model.objects.filter(pk__in=ids).for_list()} if ids else {}
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page


def sorted_from_its_claims(qs: QuerySet) -> QuerySet:
    """``qs`` in the same order, its first key written so that no index serves it (``COALESCE(x,
    x)``): the database finds the selection's claims by its filters' indexes and sorts them.

    For a selection known to be small (under ``WALK_FROM``). PostgreSQL otherwise may walk the
    whole list's order and test each claim: an outlet, a kind and a category (700 claims of 1M)
    walked 80,000 claims and looked up 8,000 articles for a page of 50 (125 ms); sorted from
    the outlet's articles, 23 ms. A NULL stays NULL, so the order is the same row for row.
    """
    order = _order(qs)
    if not order:
        return qs
    first, *rest = order
    if isinstance(first, str):
        first = F(first[1:]).desc() if first.startswith("-") else F(first).asc()
    elif not isinstance(first, OrderBy):
        first = first.asc()
    first = first.copy()
    first.expression = Coalesce(first.expression, first.expression)
    return qs.order_by(first, *rest)


def _order(qs: QuerySet) -> list:
    """The order ``qs`` is read in: its own, else its model's default (unless cleared)."""
    return list(qs.query.order_by or (qs.model._meta.ordering if qs.query.default_ordering else []))


def _page_while_counted(paginator: CappedPaginator, number: int, ids: list, deadline: float) -> Page | None:
    """Page ``number`` of ``ids`` (read with one more id) while the background counts the
    selection; None past the end (the count is made in the request, to find the last page)."""
    size = paginator.per_page
    if len(ids) <= size and (ids or number == 1):  # the last page: the count is known
        paginator.known((number - 1) * size + len(ids))
        return paginator._get_page(ids, number, paginator)
    caching.wait_for([paginator.count_key], deadline - time.monotonic())
    if paginator.counted():  # counted meanwhile: these ids, if the page exists
        return paginator._get_page(ids[:size], number, paginator) if number <= paginator.num_pages else None
    if not ids:
        return None
    caching.incomplete(paginator.count_key)
    return UncountedPage(ids[:size], number, paginator, more=len(ids) > size)


class OverBudget(Exception):
    """A query ran past its time budget and was cancelled."""


@contextmanager
def time_budget(ms: int) -> Iterator[None]:
    """Cancel the queries in the block that run longer than ``ms`` ms (raising OverBudget).

    PostgreSQL: the query is cancelled from a timer thread (and by the server's
    ``statement_timeout`` a second later, should this process die); SQLite: a progress handler
    interrupts it. Only in autocommit: a cancelled query would abort an enclosing transaction
    (a test's, an admin action's), so there the block runs without a budget.
    """
    if ms <= 0 or connection.in_atomic_block:
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    deadline = time.monotonic() + ms / 1000
    if connection.vendor == "sqlite":
        raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 20_000)
        try:
            yield
        except OperationalError as error:
            if time.monotonic() > deadline:
                raise OverBudget from error
            raise
        finally:
            raw.set_progress_handler(None, 0)
        return
    if connection.vendor != "postgresql":
        yield
        return
    lock = threading.Lock()
    state = {"done": False, "cancelled": False}
    # The server stops the query too, a second after the timer would: if this process dies (a
    # worker killed or recycled), its query does not run on for minutes.
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [str(ms + 1000)])

    def cancel() -> None:
        with lock:
            if not state["done"]:
                state["cancelled"] = True
                raw.cancel()

    timer = threading.Timer(ms / 1000, cancel)
    timer.start()
    try:
        yield
    except OperationalError as error:
        if state["cancelled"] or time.monotonic() > deadline:
            raise OverBudget from error
        raise
    finally:
        with lock:
            state["done"] = True
        timer.cancel()
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', '0', false)")
