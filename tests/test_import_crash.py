"""``kill -9`` in the middle of an import: nothing half-stored, no process left, the next import finishes the job."""

from __future__ import annotations

import time

import pytest

from tests.processes import Database, canonical, children, copies_of_the_seeds, running

pytestmark = pytest.mark.django_db(transaction=True)
FILES = 60


def stored(db: Database) -> int:
    return db.query("SELECT COUNT(*) FROM archive_article")[0][0]


def test_a_killed_import_leaves_nothing_behind_and_the_next_one_finishes_the_job(tmp_path):
    folder = copies_of_the_seeds(tmp_path / "all", FILES)
    db = Database.shared(tmp_path)
    importer = db.start("import_seeds", str(folder), "--workers=2")
    try:
        while stored(db) < 5 and importer.poll() is None:
            time.sleep(0.1)
        assert importer.poll() is None, "the import ended before it could be killed"
        processes = children(importer.pid)
        assert processes  # its extraction workers
        importer.kill()
    finally:
        importer.kill()
        importer.communicate()
    deadline = time.monotonic() + 10
    while any(running(pid) for pid in processes) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [pid for pid in processes if running(pid)] == []

    before = stored(db)
    assert 5 <= before < FILES
    assert db.query(  # every article with its claims: none half-stored
        "SELECT COUNT(*) FROM archive_article a WHERE NOT EXISTS "
        "(SELECT 1 FROM archive_claim c WHERE c.article_id = a.id)"
    ) == [(0,)]

    rerun = db.manage("import_seeds", str(folder), "--workers=2", timeout=180)  # nothing to wait for
    assert f"{FILES - before} created, {before} unchanged, 0 updated, 0 failed" in rerun.stdout
    runs = db.query("SELECT interrupted, created, finished_at IS NULL FROM archive_importrun ORDER BY id")
    assert runs == [(True, before, True), (False, FILES - before, False)]

    resumed = canonical(db.export())
    db.manage("flush", "--noinput")
    db.manage("import_seeds", str(folder), "--workers=0")
    assert canonical(db.export()) == resumed
