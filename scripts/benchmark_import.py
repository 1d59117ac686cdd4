#!/usr/bin/env python
"""End-to-end import rate: ``import_seeds --workers N`` against ``--workers 0``, into fresh SQLite files.

Copies the seeds C times (each copy with a numbered paragraph appended, so
every file has its own SHA-256), migrates a template database once, then
imports the files into a fresh copy of it with ``manage.py import_seeds``, as
a user would (a new process: Django, spaCy and the model load are counted).
The runs alternate between the two settings, R times each, so a machine that
slows down or speeds up (shared cores vary by a third) weighs on both alike;
it prints each setting's median and best rate and the ratio of the medians,
then the rate of a re-run over the same files (all unchanged).

    python scripts/benchmark_import.py [--copies 50] [--repeat 3] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(database: Path, *args: str) -> float:
    """Run ``manage.py args`` on ``database``; the seconds it took."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "archive.settings",
    }
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--copies", type=int, default=50, help="copies of the seeds (default 50: 250 articles)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="imports per setting (default 3)")
    parser.add_argument("--workers", type=int, default=2, help="compared with --workers 0 (default 2)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="archive-bench-"))
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    files = workdir / "articles"
    files.mkdir()
    total_bytes = 0
    for i in range(args.copies * len(seeds)):
        seed = seeds[i % len(seeds)]
        data = seed.read_bytes() + f"\n\nArchive benchmark copy {i}.\n".encode()
        (files / f"{i:05d}_{seed.name}").write_bytes(data)
        total_bytes += len(data)
    count = args.copies * len(seeds)
    template = workdir / "template.sqlite3"
    manage(template, "migrate", "--noinput", "-v", "0")

    settings = (args.workers, 0)
    first: dict[int, list[float]] = {w: [] for w in settings}
    again: dict[int, list[float]] = {w: [] for w in settings}
    for run in range(args.repeat):
        for workers in settings:
            database = workdir / f"run{run}-w{workers}.sqlite3"
            shutil.copy(template, database)
            options = (str(files), f"--workers={workers}")
            first[workers].append(count / manage(database, "import_seeds", *options))
            again[workers].append(count / manage(database, "import_seeds", *options))
            database.unlink()
    shutil.rmtree(workdir)

    print(
        f"import_seeds into SQLite: {count} articles ({total_bytes / count / 1024:.1f} KB average), "
        f"{args.repeat} runs of each setting, interleaved; each run a new process (model load included)"
    )
    for workers in settings:
        label = f"--workers {workers}"
        print(
            f"  {label:<12} first import: median {statistics.median(first[workers]):6.1f} articles/s, "
            f"best {max(first[workers]):6.1f}; re-run (all unchanged): median "
            f"{statistics.median(again[workers]):6.1f}/s"
        )
    ratio = statistics.median(first[args.workers]) / statistics.median(first[0])
    print(f"  ratio of the medians, --workers {args.workers} / --workers 0: {ratio:.2f}")


if __name__ == "__main__":
    main()
