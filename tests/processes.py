"""Helpers for tests that run the importer as real processes: a database they share, their children."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def copies_of_the_seeds(folder: Path, count: int, *, first: int = 0) -> Path:
    """``count`` article files made from the seeds, each with bytes of its own."""
    folder.mkdir(exist_ok=True)
    for i in range(first, first + count):
        seed = SEEDS[i % len(SEEDS)]
        (folder / f"{i:03d}_{seed.name}").write_bytes(seed.read_bytes() + f"\n\nCopy {i}.\n".encode())
    return folder


class Database:
    """A database that ``manage.py`` processes can share with the test.

    On PostgreSQL it is the test database itself (the test must use
    ``django_db(transaction=True)`` so that what the processes write is visible);
    on SQLite, whose test database lives in memory, a migrated file in ``folder``.
    """

    def __init__(self, url: str) -> None:
        self.url = url

    @classmethod
    def shared(cls, folder: Path) -> Database:
        """The test database on PostgreSQL; a file database in ``folder`` on SQLite."""
        settings = connection.settings_dict
        if connection.vendor != "postgresql":
            return cls.sqlite(folder / "shared.sqlite3")
        auth = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
        return cls(f"postgres://{auth}@{settings['HOST']}:{settings['PORT'] or 5432}/{settings['NAME']}")

    @classmethod
    def sqlite(cls, path: Path) -> Database:
        """A new, migrated SQLite file."""
        database = cls(f"sqlite:///{path}")
        database.manage("migrate", "--noinput", "-v", "0")
        return database

    def env(self) -> dict[str, str]:
        return {**os.environ, "DATABASE_URL": self.url, "DJANGO_SETTINGS_MODULE": "archive.settings"}

    def command(self, *args: str) -> list[str]:
        return [sys.executable, str(ROOT / "manage.py"), *args]

    def start(self, *args: str) -> subprocess.Popen:
        """``manage.py args`` started, not awaited (output in ``.stdout``/``.stderr`` once it ends)."""
        return subprocess.Popen(
            self.command(*args), env=self.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )

    def manage(self, *args: str, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess:
        done = subprocess.run(
            self.command(*args), env=self.env(), capture_output=True, text=True, timeout=timeout
        )
        assert done.returncode == 0 or not check, done.stderr
        return done

    def query(self, sql: str) -> list[tuple]:
        """Rows of ``sql``, read outside the test's own connection (SQLite) or through it (PostgreSQL)."""
        if self.url.startswith("postgres"):
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall()
        import sqlite3

        with sqlite3.connect(self.url.removeprefix("sqlite:///"), timeout=30) as db:
            return db.execute(sql).fetchall()

    def export(self) -> dict:
        return json.loads(self.manage("export_archive", "--format", "json").stdout)


def canonical(document: dict) -> dict:
    """An export with every id replaced by its row's rank, so two imports of the same files compare equal."""
    rank = {
        key: {row["id"]: i for i, row in enumerate(document[key])}
        for key in ("articles", "people", "organisations", "briefings", "claims")
    }

    def renumbered(row: dict, key: str, links: dict[str, str]) -> dict:
        # Timestamps differ between two imports; figure and membership ids are the rows' own.
        row = {k: v for k, v in row.items() if not k.endswith("_at")} | {"id": rank[key][row["id"]]}
        for nested in ("figures", "memberships"):
            if nested in row:
                row[nested] = [{k: v for k, v in item.items() if k != "id"} for item in row[nested]]
        for field, target in links.items():
            value = row.get(field)
            if isinstance(value, list):
                row[field] = sorted(rank[target][v] for v in value)
            elif value is not None:
                row[field] = rank[target][value]
        return row

    return {
        **{k: v for k, v in document.items() if k not in rank and not k.endswith(("_at", "exported"))},
        "articles": [
            renumbered(a, "articles", {"briefings": "briefings", "people": "people"})
            for a in document["articles"]
        ],
        "people": [renumbered(p, "people", {}) for p in document["people"]],
        "organisations": [renumbered(o, "organisations", {}) for o in document["organisations"]],
        "briefings": [
            renumbered(
                b,
                "briefings",
                {"articles": "articles", "presenter_ids": "people", "relayed_by_ids": "people"},
            )
            for b in document["briefings"]
        ],
        "claims": [
            renumbered(
                c,
                "claims",
                {
                    "article": "articles",
                    "briefing": "briefings",
                    "speaker_ids": "people",
                    "source_person": "people",
                },
            )
            for c in document["claims"]
        ],
    }


def children(pid: int) -> set[int]:
    """The processes descended from ``pid`` (read from /proc)."""
    parent_of: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    parent_of[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found: set[int] = set()
    parents = {pid}
    while parents:
        parents = {child for child, parent in parent_of.items() if parent in parents} - found
        found |= parents
    return found


def running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie, dead but not yet reaped, is not)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
