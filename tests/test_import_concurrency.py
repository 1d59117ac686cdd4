"""Several ``import_seeds`` processes on one database: every article once, every person once, no false failures.

Real processes on the database the suite runs on (PostgreSQL in CI; a shared
SQLite file otherwise). The seeds' copies all name the same people, parties and
briefings, so concurrent runs race to create the same rows.
"""

from __future__ import annotations

import pytest

from tests.processes import Database, copies_of_the_seeds

pytestmark = pytest.mark.django_db(transaction=True)
FILES = 30


def counts(db: Database) -> dict[str, int]:
    tables = ("article", "person", "organisation", "briefing", "claim", "membership")
    return {table: db.query(f"SELECT COUNT(*) FROM archive_{table}")[0][0] for table in tables}


def duplicates(db: Database) -> list[tuple]:
    """Rows that a serial import would have made once: people by name, briefings by organiser and day."""
    return db.query("SELECT name, COUNT(*) FROM archive_person GROUP BY name HAVING COUNT(*) > 1") + db.query(
        "SELECT organiser_id, date, COUNT(*) FROM archive_briefing WHERE date IS NOT NULL"
        " GROUP BY organiser_id, date HAVING COUNT(*) > 1"
    )


def serial_counts(tmp_path) -> dict[str, int]:
    """What one import of the same files stores (on a SQLite file: counts do not depend on the database)."""
    db = Database.sqlite(tmp_path / "serial.sqlite3")
    db.manage("import_seeds", str(tmp_path / "all"), "--workers=0")
    return counts(db)


def run_together(db: Database, *folders) -> list[tuple[int, str, str]]:
    """Import each folder in a process of its own, all at once: (exit status, output, errors) of each."""
    importers = [db.start("import_seeds", str(folder), "--workers=0") for folder in folders]
    outputs = [i.communicate(timeout=600) for i in importers]
    return [(i.returncode, out, err) for i, (out, err) in zip(importers, outputs, strict=True)]


def test_two_imports_of_disjoint_halves_store_everything_once(tmp_path):
    copies_of_the_seeds(tmp_path / "all", FILES)
    first = copies_of_the_seeds(tmp_path / "first", FILES // 2)
    second = copies_of_the_seeds(tmp_path / "second", FILES - FILES // 2, first=FILES // 2)
    db = Database.shared(tmp_path)

    importers = run_together(db, first, second)

    assert [status for status, _, _ in importers] == [0, 0], [errors for _, _, errors in importers]
    assert duplicates(db) == []
    assert counts(db) == serial_counts(tmp_path)


def test_two_imports_of_the_same_folder_store_it_once_and_both_succeed(tmp_path):
    folder = copies_of_the_seeds(tmp_path / "all", FILES)
    db = Database.shared(tmp_path)

    importers = run_together(db, folder, folder)

    assert [status for status, _, _ in importers] == [0, 0], [errors for _, _, errors in importers]
    created = [int(output.split(" created")[0].split()[-1]) for _, output, _ in importers]
    assert sum(created) == FILES
    assert duplicates(db) == []
    assert counts(db) == serial_counts(tmp_path)
