"""An import run: files in, articles stored, an ``ImportRun`` kept.

``seeds_import`` reads the files (``archive.files``: regular files only, size
limit, text checks), extracts them on worker processes (``archive.pool``) and
stores each article in file order (``archive.ingest``, one transaction each).
``articles_reextract`` does the same over the stored articles. Both record
their run with its host and process id, so that the next import can tell a run
that was killed (``kill -9``, a power cut) from one still going, and mark it
interrupted.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.utils import timezone

from archive.claims import ClaimCounts
from archive.extraction.types import ExtractedArticle
from archive.files import ImportFailure, collect_files, decode_article, read_article_bytes
from archive.ingest import IngestResult, Resolver, article_ingest, article_reextract
from archive.models import Article, ImportRun
from archive.pool import ExtractionFailed, ExtractionPool, Result

Progress = Callable[[int, int, str], None]
T = TypeVar("T")


@dataclass
class Outcome:
    """What a run did: its record, counts by status, failures and skipped paths (name, reason)."""

    run: ImportRun
    counts: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    workers: int = 0  # extraction processes started
    claims: ClaimCounts = field(default_factory=ClaimCounts)  # what re-extraction did to the claims


@dataclass
class _File:
    path: Path
    data: bytes = b""
    failure: ImportFailure | None = None
    text: str | None = None  # what to extract: None when refused or stored already


def _prepare(path: Path, max_bytes: int) -> _File:
    try:
        data = read_article_bytes(path, max_bytes=max_bytes)
        if Article.objects.filter(sha256=hashlib.sha256(data).hexdigest()).exists():
            return _File(path, data)  # unchanged: nothing to extract
        return _File(path, data, text=decode_article(data))
    except ImportFailure as exc:
        return _File(path, failure=exc)


def seeds_import(
    paths: list[Path], *, workers: int | None = None, time_limit: float | None = None,
    progress: Progress | None = None,
) -> Outcome:  # fmt: skip
    """Import the article files under ``paths``; see docs/IMPORT.md."""
    selection = collect_files(paths)
    outcome = Outcome(run_start(files=[str(f) for f in selection.files]), skipped=selection.skipped)
    outcome.failures.extend(selection.refused)
    max_bytes = settings.ARCHIVE_MAX_ARTICLE_BYTES
    resolver = Resolver()

    def store(file: _File, result: Result) -> IngestResult:
        if file.failure is not None:
            raise file.failure
        extracted = _extracted(result)
        return article_ingest(
            source_file=file.path.name,
            data=file.data,
            resolver=resolver,
            run=outcome.run,
            extracted=extracted,
        )

    files = (_prepare(path, max_bytes) for path in selection.files)
    return _run(outcome, files, len(selection.files), store, name=lambda f: str(f.path),
                text_of=lambda f: f.text, workers=workers, time_limit=time_limit, progress=progress)  # fmt: skip


def articles_reextract(
    *, workers: int | None = None, time_limit: float | None = None, progress: Progress | None = None
) -> Outcome:
    """Re-run the pipeline over every stored article, keeping every editor's change."""
    articles = list(Article.objects.order_by("pk"))
    outcome = Outcome(run_start(files=[a.source_file for a in articles], reextract=True))
    resolver = Resolver()

    def store(article: Article, result: Result) -> IngestResult:
        return article_reextract(article=article, resolver=resolver, extracted=_extracted(result))

    return _run(outcome, articles, len(articles), store, name=lambda a: a.source_file,
                text_of=lambda a: a.raw_text, workers=workers, time_limit=time_limit, progress=progress)  # fmt: skip


def _extracted(result: Result) -> ExtractedArticle | None:
    if isinstance(result, Exception):
        raise result
    return result


def _run(
    outcome: Outcome, items: Iterable[T], total: int, store: Callable[[T, Result], IngestResult], *,
    name: Callable[[T], str], text_of: Callable[[T], str | None], workers: int | None,
    time_limit: float | None, progress: Progress | None,
) -> Outcome:  # fmt: skip
    """Extract ``items`` on the pool and store each in order; one item's failure never stops the rest."""
    if time_limit is None:
        time_limit = settings.ARCHIVE_EXTRACTION_TIME_LIMIT
    try:
        with ExtractionPool.for_articles(total, workers=workers, time_limit=time_limit or None) as pool:
            for done, (item, result) in enumerate(pool.results(items, text_of), 1):
                try:
                    stored = store(item, result)
                    outcome.counts[stored.status] += 1
                    outcome.claims.add(stored.claims)
                except ImportFailure as exc:
                    outcome.failures.append((name(item), str(exc)))
                except ExtractionFailed as exc:
                    outcome.failures.append((name(item), f"extraction failed: {exc}"))
                except Exception as exc:  # a bug on one article is reported; the rest still import
                    outcome.failures.append((name(item), f"extraction failed: {type(exc).__name__}: {exc}"))
                if progress is not None:
                    progress(done, total, name(item))
        outcome.workers = pool.started
    except BaseException:  # Ctrl-C, or the database gone: what was stored stays, the run says it stopped
        with contextlib.suppress(Exception):
            run_finish(outcome, interrupted=True)
        raise
    run_finish(outcome)
    return outcome


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this machine (a zombie, killed but not yet reaped, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def run_start(*, files: list[str], reextract: bool = False) -> ImportRun:
    """A new run's record, after marking this machine's unfinished runs whose process is gone as interrupted."""
    host = socket.gethostname()
    for run in ImportRun.objects.filter(finished_at=None, interrupted=False, host=host).exclude(pid=None):
        if run.pid != os.getpid() and not _alive(run.pid):
            run.interrupted = True
            run.created = Article.objects.filter(import_run=run).count()
            run.save(update_fields=["interrupted", "created"])
    return ImportRun.objects.create(files=files, reextract=reextract, host=host, pid=os.getpid())


def run_finish(outcome: Outcome, *, interrupted: bool = False) -> ImportRun:
    run = outcome.run
    run.created = outcome.counts["created"]
    run.unchanged = outcome.counts["unchanged"]
    run.updated = outcome.counts["updated"]
    run.failed = len(outcome.failures)
    run.failures = [{"file": f, "reason": r} for f, r in outcome.failures]
    run.skipped = [{"file": f, "reason": r} for f, r in outcome.skipped]
    run.interrupted = interrupted
    if run.reextract:
        run.claim_counts = outcome.claims.as_dict()
    run.finished_at = None if interrupted else timezone.now()
    run.save()
    return run
