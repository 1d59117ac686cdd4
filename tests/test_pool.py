"""Extraction on worker processes: the same archive as a serial import, bounded in time, gone with the importer.

These run Python in fresh processes: the workers are started with "spawn" from
a guarded main module, and killing an importer must not kill the test.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from archive import pool as pool_module
from archive.pool import ExtractionFailed, ExtractionPool
from tests.processes import ROOT, Database, canonical, children, copies_of_the_seeds, running

SAID = "Rep. Kim Min-su said 300 soldiers were killed."


def guarded(script: str) -> list[str]:
    """A command running ``script`` as the guarded main module of a fresh interpreter."""
    code = f"import sys\nsys.path.insert(0, {str(ROOT)!r})\ndef main():\n"
    code += "".join(f"    {line}\n" for line in script.strip().splitlines())
    code += "if __name__ == '__main__':\n    main()\n"
    return [sys.executable, "-c", code]


def python(script: str, *, timeout: float = 300) -> str:
    """Run ``script`` (see ``guarded``); its standard output."""
    done = subprocess.run(guarded(script), capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_two_workers_build_the_same_archive_as_this_process(tmp_path):
    files = copies_of_the_seeds(tmp_path / "articles", 12)
    archives = {}
    for workers in (2, 0):
        db = Database.sqlite(tmp_path / f"w{workers}.sqlite3")
        out = db.manage("import_seeds", str(files), f"--workers={workers}", "-v", "2").stdout
        assert "12 created" in out
        assert (
            "extraction ran on 2 worker process(es)" if workers else "extraction ran in this process"
        ) in out
        archives[workers] = db.export()
    assert canonical(archives[2]) == canonical(archives[0])
    assert len(archives[2]["claims"]) > 50


def test_results_come_back_in_order_with_the_pipelines_error_by_name():
    out = python(f"""
from archive.pool import ExtractionPool
texts = [{SAID!r}, None, 5, "The ministry said it would respond."]
with ExtractionPool(2) as pool:
    for item, result in pool.results(range(4), lambda i: texts[i]):
        print(item, type(result).__name__, result if result is None or isinstance(result, Exception) else "")
""")
    lines = out.splitlines()
    assert [line.split()[:2] for line in lines] == [
        ["0", "ExtractedArticle"],
        ["1", "NoneType"],
        ["2", "ExtractionFailed"],
        ["3", "ExtractedArticle"],
    ]
    assert "TypeError" in lines[2]


def test_an_article_over_the_time_limit_is_reported_and_the_next_ones_extract():
    out = python(f"""
import random
from archive.pool import ExtractionPool
random.seed(1)
words = ["Kim", "Lee", "Park", "said", "the", "Minister", "agency", "told", "reporters", "that"]
slow = " ".join(random.choice(words) for _ in range(60000)) + "."
texts = [{SAID!r}, slow, {SAID!r}]
for workers in (1, 0):
    with ExtractionPool(workers, time_limit=1) as pool:
        for item, result in pool.results(range(3), lambda i: texts[i]):
            print(workers, item, type(result).__name__, result if isinstance(result, Exception) else "")
""")
    assert out.splitlines() == [
        "1 0 ExtractedArticle ",
        "1 1 ExtractionFailed took longer than the time limit (1 s)",
        "1 2 ExtractedArticle ",
        "0 0 ExtractedArticle ",
        "0 1 ExtractionFailed took longer than the time limit (1 s)",
        "0 2 ExtractedArticle ",
    ]


def test_an_article_whose_worker_died_is_reported_and_the_next_ones_extract():
    out = python(f"""
import os, signal
from archive.pool import ExtractionPool
with ExtractionPool(1) as pool:
    for item, result in pool.results(range(4), lambda i: {SAID!r}):
        print(item, type(result).__name__, result if isinstance(result, Exception) else "")
        if item == 0:  # the worker has article 1 now
            for worker in pool._busy:
                os.kill(worker.process.pid, signal.SIGKILL)
""")
    lines = out.splitlines()
    assert lines[0] == "0 ExtractedArticle "
    assert lines[1] == "1 ExtractionFailed the extraction worker died (killed by signal 9)"
    assert lines[2:] == ["2 ExtractedArticle ", "3 ExtractedArticle "]


def test_workers_inherit_no_open_file_of_the_importer(tmp_path):
    held = tmp_path / "database.sqlite3"
    out = python(f"""
import os, socket
from archive.pool import ExtractionPool
database = open({str(held)!r}, "wb")
connection = socket.socket()
print(f"socket:[{{os.fstat(connection.fileno()).st_ino}}]")
with ExtractionPool(2) as pool:
    for _ in pool.results(range(2), lambda i: {SAID!r}):
        pass
    for worker in pool._idle:
        fds = os.listdir(f"/proc/{{worker.process.pid}}/fd")
        print(" ".join(os.readlink(f"/proc/{{worker.process.pid}}/fd/{{fd}}") for fd in fds))
""")
    held_socket, *workers = out.splitlines()
    assert len(workers) == 2
    for open_files in workers:
        assert str(held) not in open_files and held_socket not in open_files


def test_a_killed_importer_leaves_no_worker_behind():
    script = f"""
import random, sys
from archive.pool import ExtractionPool
random.seed(1)
slow = " ".join(random.choice(["Kim", "said", "the", "agency", "told"]) for _ in range(100000)) + "."  # under spaCy max_length
with ExtractionPool(2) as pool:
    for item, result in pool.results(range(4), lambda i: {SAID!r} if i == 0 else slow):
        print(item, flush=True)
"""
    importer = subprocess.Popen(guarded(script), stdout=subprocess.PIPE, text=True)
    try:
        assert importer.stdout.readline() == "0\n"  # the workers are up and on the long articles
        workers = children(importer.pid)
        assert len(workers) >= 2
        importer.send_signal(signal.SIGKILL)
        importer.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(running(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in workers if running(pid)]
    finally:
        importer.kill()
        importer.wait()


@pytest.mark.parametrize(("count", "cpus", "expected"), [(5, 2, 0), (50, 2, 1), (50, 1, 0), (50, 4, 3)])
def test_by_default_a_worker_for_each_core_but_one_for_enough_articles(monkeypatch, count, cpus, expected):
    monkeypatch.setattr(pool_module.os, "sched_getaffinity", lambda pid: set(range(cpus)))
    assert ExtractionPool.for_articles(count).workers == expected
    assert ExtractionPool.for_articles(count, workers=0).workers == 0


def test_in_this_process_results_keep_their_order_and_errors():
    texts = [SAID, None, 5]
    with ExtractionPool(0) as pool:
        results = list(pool.results(range(3), lambda i: texts[i]))
    assert [item for item, _ in results] == [0, 1, 2]
    assert results[0][1].claims and results[1][1] is None
    assert isinstance(results[2][1], ExtractionFailed) and "TypeError" in str(results[2][1])
