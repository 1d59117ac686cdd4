"""Extraction ahead of storage, in a worker process (no Django here).

Extraction is pure computation on text; storing is the importing process's
work. On two cores a worker extracts the next articles while the importer
writes the current one, so an import costs about its database time alone.
Results are taken in file order, so people resolve exactly as in a serial
import. ``read_ahead`` keeps a few articles in flight; ``ExtractionPool``
owns the worker.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from archive.extraction import pipeline
from archive.extraction.types import ExtractedArticle

T = TypeVar("T")
R = TypeVar("R")


class ExtractionPool:
    """One worker process that runs the pipeline for articles given to ``start``.

    ``start`` returns None when there is no worker (``workers=0``, or forking
    is not safe here): the caller then extracts in its own process.
    """

    # A new worker compiles the pipeline's patterns on its first article (about a
    # fifth of a second): below this many articles, extracting here is as quick.
    MIN_ARTICLES = 20

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.lookahead = 2 * workers + 2 if workers > 0 else 0
        self._executor: ProcessPoolExecutor | None = None
        self.forked = False  # whether a worker process was started

    @classmethod
    def for_articles(cls, count: int, *, workers: int | None = None) -> ExtractionPool:
        """A pool for ``count`` articles; by default one worker when there is a second core and enough articles."""
        if workers is None:
            workers = 1 if count >= cls.MIN_ARTICLES and len(os.sched_getaffinity(0)) >= 2 else 0
        return cls(workers)

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    @property
    def active(self) -> bool:
        """Whether articles go to a worker (false once forking was found unsafe)."""
        return self.workers > 0

    def _pool(self) -> ProcessPoolExecutor | None:
        """The worker, forked on first use; None where forking is not safe (other threads running).

        A forked worker starts at once with the pipeline already imported, and it
        never re-runs the calling script, as a "spawn" worker would (one without
        a ``__main__`` guard imports again in the worker). It touches nothing but
        the pipeline: the database connections it inherits are never used, and it
        leaves with ``os._exit``. A fork copies no other thread, so it could
        inherit a lock one of them held: with other threads about (a test's live
        server), the pipeline runs in the calling process instead.
        """
        if self._executor is None:
            if threading.active_count() > 1:
                self.workers = 0
                return None
            context = multiprocessing.get_context("fork")
            self._executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
            self.forked = True
        return self._executor

    def start(self, text: str) -> Callable[[], ExtractedArticle] | None:
        """Begin extracting ``text`` in the worker; the returned call gives the result or raises the pipeline's error."""
        executor = self._pool() if self.workers > 0 else None
        if executor is None:
            return None
        try:
            future: Future[ExtractedArticle] = executor.submit(pipeline.extract, text)
        except BrokenProcessPool:
            return lambda: pipeline.extract(text)

        def result() -> ExtractedArticle:
            try:
                return future.result()
            except BrokenProcessPool:
                # The worker died (killed, out of memory): nothing is lost, this process extracts.
                return pipeline.extract(text)

        return result


def read_ahead(items: Iterable[T], prepare: Callable[[T], R], lookahead: int) -> Iterator[tuple[T, R]]:
    """Yield ``(item, prepare(item))`` in order, having prepared up to ``lookahead`` items ahead.

    >>> seen = []
    >>> for item, _ in read_ahead("abc", seen.append, 1):
    ...     print(item, "".join(seen))
    a ab
    b abc
    c abc
    """
    queue: deque[tuple[T, R]] = deque()
    for item in items:
        queue.append((item, prepare(item)))
        if len(queue) > lookahead:
            yield queue.popleft()
    while queue:
        yield queue.popleft()
