"""Cached aggregates (facet counts, capped totals, chart series), dropped whenever the archive changes.

Values live in ``caches["archive"]`` (each process's memory by default, Redis when
``REDIS_URL`` is set), under keys that include the archive's *generation*: a token kept in
``caches["archive_state"]`` (a table in the database by default, so every web worker and the
import command share it; Redis with ``REDIS_URL``). A page reads the generation once (one
query) and finds its aggregates under it; any change makes a new generation, so every process
stops using what it cached from the old data at once.

A new generation is made by any save or delete of an archive model (an editor's edit, a
merge; signals connected in ``archive.apps``) and by the importer once per stored article
(``batched``: its many saves and bulk inserts count as one change).
"""

from __future__ import annotations

import collections
import hashlib
import itertools
import logging
import pickle
import queue
import threading
import time
import uuid
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse

TIMEOUT = 24 * 3600
GENERATION = "generation"
_local = threading.local()
logger = logging.getLogger(__name__)
# Set while a cached page is made (``page``): the generation it was read under, and what on it
# is incomplete (``incomplete``).
_page_generation: ContextVar[str | None] = ContextVar("archive_page_generation", default=None)
_page_awaits: ContextVar[_Awaited | None] = ContextVar("archive_page_awaits", default=None)
# An incomplete page is kept until every value it waits for is there, or this long (seconds) at
# most: a job that failed does not hold it for longer. One whose job the background's full queue
# dropped is made again (to queue it again) once the queue has room for its jobs.
AWAITED_TIMEOUT = 120


class _Awaited:
    """What the page being made is missing: the cache keys the background is counting it into
    (``keys``: none for a complete page), or something waiting would not bring (``keys`` None:
    the page is not kept); whether the background dropped one of its jobs (``dropped``)."""

    def __init__(self) -> None:
        self.keys: set[str] | None = set()
        self.dropped = False


def cache():
    return caches["archive"]


def page_wait() -> float:
    """How long a page waits for what the background counts for it, in seconds
    (``ARCHIVE_FACETS_PAGE_BUDGET_MS``): what is not there by then its script fills in.

    No wait when the background could not bring it in time: its recent jobs took (median) that
    long each. At a million claims a count or a facet takes 0.1-4 s: every first visit of a
    selection waited the whole 100 ms for nothing. On a small archive the jobs take
    milliseconds and the first page is whole."""
    budget = settings.ARCHIVE_FACETS_PAGE_BUDGET_MS / 1000
    with _lock:
        recent = sorted(_durations)
    if len(recent) >= 3 and recent[len(recent) // 2] >= budget:
        return 0.0
    return budget


def forget_pace() -> None:
    """Forget how long the background's jobs took (``page_wait``): after ``clear``, and in tests."""
    with _lock:
        _durations.clear()


def generation() -> str:
    """The archive's current generation (one cache read: one query with the database cache;
    none inside a cached page's view, which read it first)."""
    pinned = _page_generation.get()
    if pinned is not None:
        return pinned
    state = caches["archive_state"]
    token = state.get(GENERATION)
    if token is None:
        token = uuid.uuid4().hex
        state.set(GENERATION, token, None)
    return token


def key(*parts: object) -> str:
    """A short cache key for ``parts`` (include the generation: ``key(generation(), ...)``)."""
    return "a:" + hashlib.sha256(repr(parts).encode()).hexdigest()[:40]


def cached(name: str, compute: Callable[[], Any], timeout: int = TIMEOUT) -> Any:
    value = cache().get(name)
    if value is None:
        value = compute()
        cache().set(name, value, timeout)
    return value


def cached_or_previous(
    parts: tuple, generation: str, compute: Callable[[], Any], *, wait: float | None = None
) -> Any | None:
    """The value of ``parts`` for this ``generation``, computed once; while it is missing (after
    an import or an edit, or in a process started since) the value of an earlier generation
    (this process's, else the one kept in ``caches["archive_state"]`` by any process), with the
    new one computed in the background (``later``) for the next request.

    Without an earlier value (an archive never drawn) it is computed now, or, with ``wait``
    (seconds), in the background while the page waits that long for it: None if it is not
    there by then (the page says it is being counted, and is ``incomplete`` until it is).
    Inside a transaction (the background's connection would not see its rows) it is computed now."""
    name, previous = key(generation, *parts), key("previous", *parts)
    value = cache().get(name)
    if value is not None:
        return value
    if cache().get(previous) is None:  # a process started since: what another process kept
        shared = caches["archive_state"].get(previous)
        if shared is not None:
            cache().set(previous, pickle.loads(zlib.decompress(shared)), TIMEOUT)

    def job() -> Any:
        return _store(parts, generation, compute())

    value = previous_while(previous, lambda: later(name, job), name)
    if value is not None:
        return value
    if wait is not None and later(name, job, first=True):
        wait_for([name], wait)
        value = cache().get(name)
        if value is None:
            incomplete(name)
        return value
    return job()


def _store(parts: tuple, generation: str, value: Any) -> Any:
    keep(key(generation, *parts), key("previous", *parts), value)
    # Also where every process finds it, so a new web worker's first home page is the last one
    # counted (with a new count in the background), not tens of seconds of counting at 1M claims.
    caches["archive_state"].set(key("previous", *parts), zlib.compress(pickle.dumps(value), 1), TIMEOUT)
    return value


def keep(name: str, previous: str, value: Any) -> Any:
    """``value`` cached under ``name`` (a key of this generation) and ``previous`` (the same
    thing's key in any generation: its last value, for ``previous_while``)."""
    cache().set(name, value, TIMEOUT)
    cache().set(previous, value, TIMEOUT)
    return value


def previous_while(previous: str, recount: Callable[[], bool], name: str) -> Any | None:
    """After a change: the value last kept under ``previous``, if ``recount()`` queues the new
    one (``name``) in the background (the page being made is then ``incomplete`` until it is
    there); else None."""
    value = cache().get(previous)
    if value is None or not recount():
        return None
    incomplete(name)
    return value


def clear() -> None:
    """Drop everything cached, here and in the shared state (a new generation too), and the
    background's pace."""
    for name in ("archive", "archive_pages", "archive_state"):
        caches[name].clear()
    forget_pace()


# -- whole pages ---------------------------------------------------------------------------------


def incomplete(*awaited: str) -> None:
    """The page being made shows something not yet counted (an earlier generation's value, a facet
    left to the background). With ``awaited``, the cache keys the background is counting the
    missing values into, it is kept until all of them are there (``_outdated``): the same page
    until then, for anyone and for its own script asking again. Without, it is not kept, so the
    next request makes it again."""
    state = _page_awaits.get()
    if state is None:  # not a cached page
        return
    if awaited and state.keys is not None:
        state.keys.update(awaited)
    else:
        state.keys = None


def page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A public page's HTML kept in ``caches["archive_pages"]`` per generation and address.

    Rendering a page of 50 claims with their speakers, parties and figures costs tens of
    milliseconds of templates, far more than its queries once the counts are cached; the same
    address under the same generation is the same page (no page varies by user). A hit costs the
    generation's read and a decompression; any import or edit starts a new generation, so no
    page outlives the data it shows. Only 200 responses are kept: complete ones, and incomplete
    ones while the background has not yet put every value they wait for (``incomplete``,
    ``_outdated``).
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        current = generation()
        name = key(current, "page", request.path, sorted(request.GET.lists()))
        pages = caches["archive_pages"]
        kept = pages.get(name)
        if kept is not None:
            content_type, body, *waiting = kept  # an incomplete page's (awaited keys, dropped)
            if not _outdated(*waiting):
                return HttpResponse(zlib.decompress(body), content_type=content_type)
        state = _Awaited()
        pinned, awaits = _page_generation.set(current), _page_awaits.set(state)
        try:
            response = view(request, *args, **kwargs)
        finally:
            _page_generation.reset(pinned)
            _page_awaits.reset(awaits)
        keepable = state.keys is not None and not response.streaming and not response.cookies
        if keepable and response.status_code == 200:
            waiting = (tuple(state.keys), state.dropped) if state.keys else ()
            kept = (response["Content-Type"], zlib.compress(response.content, 1), *waiting)
            pages.set(name, kept, AWAITED_TIMEOUT if waiting else TIMEOUT)
        return response

    return wrapper


def _outdated(awaited: tuple[str, ...] = (), dropped: bool = False) -> bool:
    """Whether a kept page waiting for ``awaited`` is to be made again: every value it waits for is
    there now (any of them while the background keeps up: the page fills in as they come), or
    one of its jobs was dropped and the background's queue has room for them again. (Made again
    on every request instead, a cold start's pages, each selection new and the background far
    behind, spent the workers' time drawing the same incomplete pages: 8 requests/s at 1M claims.)"""
    if not awaited:
        return False
    waiting = _queue.qsize()
    if dropped and _queue.maxsize - waiting >= len(awaited):
        return True
    found = len(cache().get_many(list(awaited)))
    return found == len(awaited) or (found > 0 and waiting < BUSY)


# -- background work: one thread per process works through a queue -----------------------------

# (0 for a job a page waits for first, 1 for the rest; order of arrival; name; job)
_queue: queue.PriorityQueue = queue.PriorityQueue(maxsize=64)
_arrivals = itertools.count()
_queued: set[str] = set()
_lock = threading.Lock()
_done = threading.Condition(_lock)  # notified each time a job ends
_worker: threading.Thread | None = None
_durations: collections.deque[float] = collections.deque(maxlen=16)  # the last jobs' seconds


def later(name: str, job: Callable[[], Any], *, first: bool = False) -> bool:
    """Run ``job`` in the background (once while ``name`` is queued; ``first``: before the jobs
    queued without it): True, the caller does not do it. False inside a transaction (another
    connection would not see its rows): the caller does it now.

    With the queue full (the background is behind: every page of a cold start at a million
    claims) the job is dropped and True returned all the same: the page says it is being counted
    and a later request queues it again, rather than every request doing the work the
    background could not keep up with (which made each of them wait for it)."""
    global _worker
    if connection.in_atomic_block:
        return False
    with _lock:
        if name in _queued:
            return True
        try:
            _queue.put_nowait((0 if first else 1, next(_arrivals), name, job))
        except queue.Full:
            logger.info("The background queue is full: %s left for a later request", name)
            state = _page_awaits.get()
            if state is not None:
                state.dropped = True
            return True
        _queued.add(name)
        if _worker is None:
            _worker = threading.Thread(target=_work, name="archive-cache", daemon=True)
            _worker.start()
    return True


def pending(name: str) -> bool:
    return name in _queued


def wait_for(names: list[str], seconds: float) -> None:
    """Wait until the background jobs queued as ``names`` are done, or for ``seconds`` at most."""
    deadline = time.monotonic() + seconds
    with _done:
        while any(name in _queued for name in names):
            left = deadline - time.monotonic()
            if left <= 0:
                return
            _done.wait(left)


# With more jobs than this waiting (other requests' selections: one selection queues about six),
# the background's queries run without PostgreSQL's parallel workers (``_share_cores``).
BUSY = 8


def _share_cores(busy: bool) -> None:
    """PostgreSQL: this connection's queries without parallel workers while the background is
    ``busy``, with the server's setting otherwise.

    A facet at a million claims is a scan a parallel plan spreads over every core: alone, its
    counts come sooner (the facets of a common word in 2.7 s instead of 4.2 s); behind a cold start
    of many selections, each process's background took every core from the pages being served, so
    that 2 gunicorn workers served 6 requests/s instead of 10 (docs/SCALE.md)."""
    if connection.vendor != "postgresql":
        return
    connection.ensure_connection()
    state = (id(connection.connection), busy)  # a new connection has the server's setting
    if getattr(_local, "cores", None) == state:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SET max_parallel_workers_per_gather = 0" if busy else "RESET max_parallel_workers_per_gather"
        )
    _local.cores = state


def _work() -> None:
    global _worker
    try:
        while True:
            with _lock:
                if _queue.empty():  # under the lock: later() starts a new worker after this
                    _worker = None
                    return
            _, _, name, job = _queue.get()
            started = time.monotonic()  # how long it took (``page_wait``)
            try:
                _share_cores(_queue.qsize() >= BUSY)
                job()
            except Exception:
                logger.exception("Background work for the cache failed")
            finally:
                with _lock:
                    _queued.discard(name)
                    _durations.append(time.monotonic() - started)
                    _done.notify_all()
                _queue.task_done()
    finally:
        connection.close()  # this thread's own connection


def wait() -> None:
    """Wait until the background work queued so far is done (for tests and the benchmark)."""
    _queue.join()


def _new_generation() -> None:
    caches["archive_state"].set(GENERATION, uuid.uuid4().hex, None)


def forget() -> None:
    """Start a new generation now and again when the current transaction commits.

    Now, so later reads in the same transaction see the change; on commit, so nothing another
    process cached from the old data in the meantime survives.
    """
    _new_generation()
    transaction.on_commit(_new_generation)


@contextmanager
def batched() -> Iterator[None]:
    """Model signals in the block do not each start a generation: one ``forget()`` at the end."""
    previous = getattr(_local, "batched", False)
    _local.batched = True
    try:
        yield
    finally:
        _local.batched = previous
    forget()


def _changed(sender: type, **kwargs: object) -> None:
    if getattr(_local, "batched", False):
        return
    if sender._meta.app_label == "archive" and not sender.__name__.startswith("Historical"):
        forget()


def connect() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    post_save.connect(_changed, dispatch_uid="archive-cache-save")
    post_delete.connect(_changed, dispatch_uid="archive-cache-delete")
    m2m_changed.connect(_changed, dispatch_uid="archive-cache-m2m")
