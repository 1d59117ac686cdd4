"""Extraction in a worker process: same archive as a serial import, and nothing lost if the worker dies.

These run the real command in a fresh Python process: a test process may have
other threads (a browser test's live server), and then the pool rightly
declines to fork.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from archive import pool as pool_module
from archive.pool import ExtractionPool, read_ahead

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def manage(db: Path, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DJANGO_SETTINGS_MODULE": "archive.settings"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def archive_after_import(tmp_path: Path, files: Path, workers: int) -> tuple[str, dict]:
    db = tmp_path / f"w{workers}.sqlite3"
    manage(db, "migrate", "--noinput", "-v", "0")
    out = manage(db, "import_seeds", str(files), f"--workers={workers}", "-v", "2")
    document = json.loads(manage(db, "export_archive", "--format", "json"))
    return out, document


def without_times(value):
    if isinstance(value, dict):
        return {k: without_times(v) for k, v in value.items() if not k.endswith(("_at", "exported"))}
    if isinstance(value, list):
        return [without_times(v) for v in value]
    return value


def test_a_worker_process_builds_the_same_archive_as_this_process(tmp_path):
    files = tmp_path / "articles"
    files.mkdir()
    for i in range(ExtractionPool.MIN_ARTICLES + 2):  # copies of the seeds, each with its own bytes
        seed = SEEDS[i % len(SEEDS)]
        (files / f"{i:03d}_{seed.name}").write_bytes(seed.read_bytes() + f"\n\nCopy {i}.\n".encode())
    parallel_out, parallel = archive_after_import(tmp_path, files, workers=1)
    serial_out, serial = archive_after_import(tmp_path, files, workers=0)
    assert "extraction ran in a worker process" in parallel_out
    assert "extraction ran in this process" in serial_out
    assert f"{ExtractionPool.MIN_ARTICLES + 2} created" in parallel_out
    assert without_times(parallel) == without_times(serial)
    assert len(parallel["claims"]) > 100


def test_the_pipeline_error_of_one_article_comes_back_from_the_worker(tmp_path):
    script = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from archive.pool import ExtractionPool
with ExtractionPool(1) as pool:
    good = pool.start("Rep. Kim Min-su said 300 soldiers were killed.")
    bad = pool.start(None)  # not text: the pipeline raises
    assert pool.forked
    print(len(good().claims))
    try:
        bad()
    except Exception as exc:
        print(type(exc).__name__)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    claims, error = done.stdout.split()
    assert int(claims) >= 1 and error in {"TypeError", "AttributeError"}


def test_an_article_whose_worker_died_is_extracted_here(tmp_path):
    script = f"""
import os, signal, sys
sys.path.insert(0, {str(ROOT)!r})
from archive.extraction.pipeline import extract
from archive.pool import ExtractionPool
text = "Rep. Kim Min-su said 300 soldiers were killed."
with ExtractionPool(1) as pool:
    first = pool.start(text)
    first()
    for pid in list(pool._executor._processes):
        os.kill(pid, signal.SIGKILL)
    later = [pool.start(text) for _ in range(3)]
    results = [call() for call in later]
    print(all(r == extract(text) for r in results), len(results))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "3"]


def test_no_worker_is_started_with_other_threads_running(monkeypatch):
    monkeypatch.setattr(pool_module.threading, "active_count", lambda: 2)
    with ExtractionPool(1) as pool:
        assert pool.start("Some text.") is None
        assert not pool.forked and not pool.active


@pytest.mark.parametrize(("count", "cpus", "expected"), [(5, 2, 0), (50, 2, 1), (50, 1, 0)])
def test_by_default_one_worker_for_enough_articles_on_two_cores(monkeypatch, count, cpus, expected):
    monkeypatch.setattr(pool_module.os, "sched_getaffinity", lambda pid: set(range(cpus)))
    assert ExtractionPool.for_articles(count).workers == expected
    assert ExtractionPool.for_articles(count, workers=0).workers == 0


def test_read_ahead_prepares_at_most_lookahead_items_before_yielding_in_order():
    prepared = []
    seen = []
    for item, value in read_ahead(range(6), lambda n: prepared.append(n) or n * n, 2):
        seen.append((item, value, len(prepared)))
    assert seen == [(0, 0, 3), (1, 1, 4), (2, 4, 5), (3, 9, 6), (4, 16, 6), (5, 25, 6)]
    assert list(read_ahead([], lambda n: n, 3)) == []
