"""Load an archive-export/1 document: ``python manage.py import_archive FILE [--merge]``."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.restore import ArchiveImportError, archive_import, archive_read


class Command(BaseCommand):
    help = (
        "Load an archive-export/1 document (export_archive's JSON) into an empty database, ids included; "
        "with --merge, into one that has data, matched by the importer's natural keys."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the archive-export/1 JSON document")
        parser.add_argument(
            "--merge",
            action="store_true",
            help="merge into a database that already holds an archive (new rows get new ids)",
        )

    def handle(self, *args, **options):
        try:
            counts = archive_import(archive_read(options["file"]), merge=options["merge"])
        except ArchiveImportError as exc:
            raise CommandError(f"{options['file']}: {exc}") from exc
        self.stdout.write(", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items() if n))
