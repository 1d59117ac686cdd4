"""Import article texts: ``python manage.py import_seeds [PATH ...] [--reextract] [--workers N]``."""

from __future__ import annotations

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.importing import articles_reextract, seeds_import
from archive.pool import ExtractionPool

DEFAULT_PATH = Path(settings.BASE_DIR) / "seeds"


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
            choices=range(0, 33),
            metavar="N",
            help="processes that extract while this one stores (0-32; 0: extract in this process; "
            f"default: one per core but one when there are at least {ExtractionPool.MIN_ARTICLES} articles, else 0)",
        )
        parser.add_argument(
            "--time-limit",
            type=float,
            metavar="SECONDS",
            help="longest extraction of one article before it is reported and skipped "
            f"(0: none; default ARCHIVE_EXTRACTION_TIME_LIMIT, {settings.ARCHIVE_EXTRACTION_TIME_LIMIT:g})",
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
        how = {"workers": options["workers"], "time_limit": options["time_limit"], "progress": self.progress}
        if options["reextract"]:
            outcome = articles_reextract(**how)
        else:
            outcome = seeds_import(options["paths"] or [DEFAULT_PATH], **how)
        if options["verbosity"] >= 2:
            self.stdout.write(
                f"extraction ran on {outcome.workers} worker process(es)"
                if outcome.workers
                else "extraction ran in this process"
            )
        for name, reason in outcome.skipped:
            self.stderr.write(f"skipped: {name}: {reason}")
        for name, reason in outcome.failures:
            self.stderr.write(f"error: {name}: {reason}")
        counts = outcome.counts
        summary = (
            f"{counts['created']} created, {counts['unchanged']} unchanged, "
            f"{counts['updated']} updated, {len(outcome.failures)} failed"
        )
        self.stdout.write(summary + (f", {len(outcome.skipped)} skipped" if outcome.skipped else ""))
        if options["reextract"]:
            self.stdout.write(f"claims: {outcome.claims}")
        if outcome.failures:
            raise CommandError(f"{len(outcome.failures)} file(s) could not be imported", returncode=1)
