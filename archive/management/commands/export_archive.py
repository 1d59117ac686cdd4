"""Export the whole archive: ``python manage.py export_archive [--format json|csv] [--output FILE]``."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.exporting import json_chunks, write_claims_csv
from archive.models import Article, Briefing, Claim, Organisation, Person


class Command(BaseCommand):
    help = "Write the archive in the archive-export/1 format (docs/EXPORT.md): JSON, or CSV with one row per claim."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--output", type=Path, help="file to write (default: standard output)")

    def handle(self, *args, **options):
        output: Path | None = options["output"]
        try:
            target = output.open("w", encoding="utf-8", newline="") if output else nullcontext(sys.stdout)
        except OSError as exc:
            raise CommandError(f"cannot write {output}: {exc.strerror}") from exc
        with target as fh:
            if options["format"] == "csv":
                count = write_claims_csv(Claim.objects.current(), fh)
            else:
                count = 0
                for chunk in json_chunks(
                    Claim.objects.current(),
                    articles=Article.objects.all(),
                    people=Person.objects.all(),
                    organisations=Organisation.objects.all(),
                    briefings=Briefing.objects.all(),
                    complete=True,
                ):
                    fh.write(chunk)
                count = Claim.objects.current().count()
        if output:
            self.stderr.write(f"wrote {count} claims to {output}")
