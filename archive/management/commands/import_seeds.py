"""Import article texts: ``python manage.py import_seeds [PATH ...] [--reextract]``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.claims import ClaimCounts
from archive.extraction.types import ExtractedArticle
from archive.ingest import (
    ImportFailure,
    Resolver,
    article_ingest,
    article_reextract,
    read_article_bytes,
    run_finish,
    start_extraction,
)
from archive.models import Article, ImportRun
from archive.pool import ExtractionPool, read_ahead

DEFAULT_PATH = Path(settings.BASE_DIR) / "seeds"


def collect_files(paths: list[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Expand directories (their *.txt files, sorted); report paths that do not exist."""
    files: list[Path] = []
    missing: list[tuple[str, str]] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")))
        elif path.exists():
            files.append(path)
        else:
            missing.append((str(path), "no such file or directory"))
    return files, missing


class Command(BaseCommand):
    help = "Import article text files (default: seeds/) through the extraction pipeline. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="files or directories (default: seeds/)")
        parser.add_argument(
            "--reextract",
            action="store_true",
            help="re-run extraction over stored articles, keeping every editor's change",
        )
        parser.add_argument(
            "--workers",
            type=int,
            choices=range(0, 9),
            metavar="N",
            help="processes that extract the next articles while this one stores (0-8; "
            f"default: 1 when there is a second core and at least {ExtractionPool.MIN_ARTICLES} articles, else 0)",
        )

    def progress(self, done: int, total: int, name: str) -> None:
        if not sys.stderr.isatty() or total == 0:
            return
        width = 30
        filled = width * done // total
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name[:40]:<40}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    def handle(self, *args, **options):
        resolver = Resolver()
        counts = {"created": 0, "unchanged": 0, "updated": 0}
        claims = ClaimCounts()
        failures: list[tuple[str, str]] = []
        if options["reextract"]:
            articles = list(Article.objects.order_by("pk"))
            run = ImportRun.objects.create(files=[a.source_file for a in articles], reextract=True)
            with ExtractionPool.for_articles(len(articles), workers=options["workers"]) as pool:
                ahead = read_ahead(articles, lambda article: pool.start(article.raw_text), pool.lookahead)
                for i, (article, extracted) in enumerate(ahead, 1):
                    try:
                        result = article_reextract(article=article, resolver=resolver, extracted=extracted)
                        counts[result.status] += 1
                        claims.add(result.claims)
                    except ImportFailure as exc:
                        failures.append((article.source_file, str(exc)))
                    except Exception as exc:  # one article's failure must not stop the others
                        failures.append((article.source_file, f"extraction failed: {exc}"))
                    self.progress(i, len(articles), article.source_file)
            forked = pool.forked
        else:
            files, failures = collect_files(options["paths"] or [DEFAULT_PATH])
            run = ImportRun.objects.create(files=[str(f) for f in files])
            max_bytes = settings.ARCHIVE_MAX_ARTICLE_BYTES
            with ExtractionPool.for_articles(len(files), workers=options["workers"]) as pool:

                def read(path: Path) -> tuple[bytes | ImportFailure, Callable[[], ExtractedArticle] | None]:
                    try:
                        data = read_article_bytes(path, max_bytes=max_bytes)
                    except ImportFailure as exc:
                        return exc, None
                    return data, start_extraction(pool, data)

                for i, (path, (data, extracted)) in enumerate(read_ahead(files, read, pool.lookahead), 1):
                    try:
                        if isinstance(data, ImportFailure):
                            raise data
                        result = article_ingest(
                            source_file=path.name, data=data, resolver=resolver, run=run, extracted=extracted
                        )
                        counts[result.status] += 1
                    except ImportFailure as exc:
                        failures.append((str(path), str(exc)))
                    except Exception as exc:  # a pipeline bug on one file is reported, the rest still import
                        failures.append((str(path), f"extraction failed: {type(exc).__name__}: {exc}"))
                    self.progress(i, len(files), path.name)
            forked = pool.forked
        run_finish(run, counts, failures, claims=claims if options["reextract"] else None)
        if options["verbosity"] >= 2:
            self.stdout.write(
                "extraction ran in a worker process" if forked else "extraction ran in this process"
            )
        for name, reason in failures:
            self.stderr.write(f"error: {name}: {reason}")
        self.stdout.write(
            f"{counts['created']} created, {counts['unchanged']} unchanged, "
            f"{counts['updated']} updated, {len(failures)} failed"
        )
        if options["reextract"]:
            self.stdout.write(f"claims: {claims}")
        if failures:
            raise CommandError(f"{len(failures)} file(s) could not be imported", returncode=1)
