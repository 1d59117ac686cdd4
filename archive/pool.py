"""Extraction on worker processes, results in file order (no Django here).

Parsing is the import's main cost and needs no database, so ``--workers N``
runs the pipeline on N processes while this one stores. The workers are
started with "spawn": a fresh interpreter that inherits no open file, so no
database connection ever reaches a child; each loads the spaCy model once.
Results come back in the order the items were given, so people resolve
exactly as in a serial import.

A worker dies with the importer: on Linux the kernel kills it when its parent
goes (``PR_SET_PDEATHSIG``); elsewhere a thread watches the parent. An article
that runs past ``time_limit`` seconds has its worker killed and replaced, and
comes back as an :class:`ExtractionFailed` naming the limit; so does an
article whose worker died, or one the pipeline raised on.
"""

from __future__ import annotations

import ctypes
import itertools
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import TypeVar

from archive.extraction import parsing, pipeline
from archive.extraction.types import ExtractedArticle

T = TypeVar("T")
Result = ExtractedArticle | Exception | None


class ExtractionFailed(Exception):
    """The pipeline raised, ran past the time limit, or its worker died: the message says which."""


def _die_with_parent(parent_pid: int) -> None:
    """End this process when ``parent_pid`` ends, even if it was killed with SIGKILL.

    Linux counts the *thread* that started a worker as its parent: the pool is
    meant for the importer's main thread, which lives as long as the import.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG: the kernel kills us when the parent goes
    except (OSError, AttributeError):  # not Linux: watch the parent instead
        parent = multiprocessing.parent_process()
        if parent is not None:
            threading.Thread(target=lambda: (parent.join(), os._exit(1)), daemon=True).start()
    if os.getppid() != parent_pid:  # the parent went before the line above took effect
        os._exit(1)


def _serve(conn: Connection, parent_pid: int) -> None:
    """A worker: receive texts, send back what the pipeline made of each, until the pipe closes."""
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the importer's to handle
    _extract(_WARM_UP)  # loads the model before the first article's time limit starts
    conn.send(_READY)
    while True:
        try:
            text = conn.recv()
        except EOFError:
            return
        conn.send(_extract(text))


def _extract(text: str) -> ExtractedArticle | ExtractionFailed:
    try:
        return pipeline.extract(text)
    except Exception as exc:  # sent back as a message: any exception, picklable or not
        return ExtractionFailed(f"{type(exc).__name__}: {exc}")


class _Worker:
    def __init__(self) -> None:
        here, there = multiprocessing.Pipe()
        context = multiprocessing.get_context("spawn")
        self.process: BaseProcess = context.Process(
            target=_serve, args=(there, os.getpid()), name="archive-extraction", daemon=True
        )
        self.process.start()
        there.close()
        self.conn = here
        self.ready = False  # has loaded the model
        self.task: int | None = None  # the index of the item it is extracting
        self.deadline: float | None = None

    def exit_status(self) -> str:
        self.process.join(timeout=1)
        code = self.process.exitcode
        if code is None:
            return "still running"
        return f"killed by signal {-code}" if code < 0 else f"exit status {code}"

    def stop(self, *, kill: bool) -> None:
        self.conn.close()  # an idle worker leaves when its pipe closes
        if kill:
            self.process.kill()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


class ExtractionPool:
    """``workers`` processes running the pipeline; ``workers=0`` runs it in this process.

    >>> with ExtractionPool(0) as pool:
    ...     [(item, type(result).__name__) for item, result in pool.results(["x", "y"], lambda i: None)]
    [('x', 'NoneType'), ('y', 'NoneType')]
    """

    # A worker spends a second or two starting (interpreter, spaCy, the model): below this
    # many articles extracting here is as quick.
    MIN_ARTICLES = 40

    def __init__(self, workers: int, *, time_limit: float | None = None) -> None:
        self.workers = workers
        self.time_limit = time_limit
        self._idle: list[_Worker] = []
        self._busy: list[_Worker] = []
        self.started = 0  # worker processes started, replacements included

    @classmethod
    def for_articles(
        cls, count: int, *, workers: int | None = None, time_limit: float | None = None
    ) -> ExtractionPool:
        """A pool for ``count`` articles; by default, with enough articles, a worker for each core but one.

        The importing process keeps a core: storing an article costs about as much as extracting it.
        """
        if workers is None:
            cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
            workers = cores - 1 if count >= cls.MIN_ARTICLES and cores >= 2 else 0
        return cls(workers, time_limit=time_limit)

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, exc_type: object, *exc_info: object) -> None:
        for worker in self._idle + self._busy:
            worker.stop(kill=exc_type is not None or worker in self._busy)
        self._idle, self._busy = [], []

    def results(self, items: Iterable[T], text_of: Callable[[T], str | None]) -> Iterator[tuple[T, Result]]:
        """Yield ``(item, result)`` in the order of ``items``.

        ``text_of(item)`` is called here, a few items ahead of what was yielded; it
        returns the text to extract, or None for an item with nothing to extract
        (its result is None). A result is the pipeline's ``ExtractedArticle`` or an
        ``ExtractionFailed`` saying why there is none.
        """
        if self.workers <= 0:
            for item in items:
                text = text_of(item)
                yield item, None if text is None else self._extract_here(text)
            return
        yield from self._in_workers(iter(items), text_of)

    def _extract_here(self, text: str) -> ExtractedArticle | ExtractionFailed:
        """The pipeline in this process, stopped by an alarm after ``time_limit`` where signals allow."""
        if not self.time_limit or threading.current_thread() is not threading.main_thread():
            return _extract(text)

        parsing.nlp()  # the model loads once per process, before the first article's time limit starts

        def too_slow(signum: int, frame: object) -> None:
            raise _TimeUp

        previous = signal.signal(signal.SIGALRM, too_slow)
        try:
            try:
                signal.setitimer(signal.ITIMER_REAL, self.time_limit)
                return _extract(text)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        except _TimeUp:
            return self._too_slow()
        finally:
            signal.signal(signal.SIGALRM, previous)

    def _too_slow(self) -> ExtractionFailed:
        return ExtractionFailed(f"took longer than the time limit ({self.time_limit:g} s)")

    def _in_workers(
        self, items: Iterable[T], text_of: Callable[[T], str | None]
    ) -> Iterator[tuple[T, Result]]:
        source, counter = iter(items), itertools.count()
        taken: deque[tuple[int, T]] = deque()  # items taken from ``items`` and not yet yielded
        queue: deque[tuple[int, str]] = deque()  # texts waiting for a worker
        results: dict[int, Result] = {}
        lookahead = 2 * self.workers + 2
        while True:
            while len(taken) < lookahead and (item := next(source, _END)) is not _END:
                index = next(counter)
                taken.append((index, item))
                text = text_of(item)
                if text is None:
                    results[index] = None
                else:
                    queue.append((index, text))
            self._dispatch(queue, results)
            if not taken:
                return
            if taken[0][0] in results:
                index, item = taken.popleft()
                yield item, results.pop(index)
            else:
                self._collect(results)

    def _dispatch(self, queue: deque[tuple[int, str]], results: dict[int, Result]) -> None:
        """Hand queued texts to idle workers, starting workers up to ``workers``."""
        while queue and (self._idle or len(self._busy) < self.workers):
            worker = self._idle.pop() if self._idle else self._start()
            index, text = queue.popleft()
            try:
                worker.conn.send(text)
            except OSError:  # it died while idle
                results[index] = ExtractionFailed(f"the extraction worker died ({worker.exit_status()})")
                worker.stop(kill=True)
                continue
            worker.task = index
            worker.deadline = time.monotonic() + self.time_limit if worker.ready and self.time_limit else None
            self._busy.append(worker)

    def _start(self) -> _Worker:
        self.started += 1
        return _Worker()

    def _collect(self, results: dict[int, Result]) -> None:
        """Wait for a worker's message or the first deadline; take results, replace dead and slow workers."""
        deadlines = [w.deadline for w in self._busy if w.deadline is not None]
        timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        ready = wait([w.conn for w in self._busy], timeout)
        for worker in list(self._busy):
            if worker.conn in ready:
                try:
                    message = worker.conn.recv()
                except (EOFError, OSError):
                    message = ExtractionFailed(f"the extraction worker died ({worker.exit_status()})")
                    worker.stop(kill=True)
                    self._busy.remove(worker)
                else:
                    if message == _READY:  # the deadline counts from here: starting is not extracting
                        worker.ready = True
                        if self.time_limit:
                            worker.deadline = time.monotonic() + self.time_limit
                        continue
                    self._busy.remove(worker)
                    self._idle.append(worker)
                assert worker.task is not None
                results[worker.task] = message
            elif worker.deadline is not None and time.monotonic() >= worker.deadline:
                assert worker.task is not None
                results[worker.task] = self._too_slow()
                worker.stop(kill=True)
                self._busy.remove(worker)


class _TimeUp(BaseException):
    """Raised by the alarm in ``_extract_here`` (a BaseException: the pipeline's own handlers let it pass)."""


_END = object()
_READY = "ready"
_WARM_UP = "Warm-up: a reporter said the model was loaded."
