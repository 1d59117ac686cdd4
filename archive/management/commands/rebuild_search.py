"""Rebuild what search reads: people's and organisations' name keys, and the full-text index."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from archive import caching, search


class Command(BaseCommand):
    help = (
        "Store every name key anew (after the romanisation rules change, or bulk inserts that "
        "bypassed the models) and rebuild the full-text index of the claims and articles."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            keys = search.name_keys_rebuild()
            if connection.vendor == "sqlite":
                search.rebuild_sqlite_index(connection)
            else:
                search.create_postgresql_index(connection)  # triggers again, vectors refilled
            caching.forget()
        self.stdout.write(f"{keys} name keys stored; full-text index rebuilt ({connection.vendor}).")
