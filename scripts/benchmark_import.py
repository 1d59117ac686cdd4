#!/usr/bin/env python
"""End-to-end import rate: ``import_seeds`` into a fresh SQLite database.

Makes N distinct article files from the seeds (each seed with a numbered
paragraph appended, so every file has its own SHA-256), migrates a temporary
database and times the import, then a second run over the same files (all
unchanged). Repeats that R times, emptying the database in between, and prints
the median and best rate: the machines here vary by a third from run to run.

    python scripts/benchmark_import.py [--articles 250] [--repeat 5] [--workers N]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=250)
    parser.add_argument("--repeat", type=int, default=5, help="imports into an emptied database (default 5)")
    parser.add_argument("--workers", type=int, help="passed to import_seeds (default: its own choice)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="archive-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    files = workdir / "articles"
    files.mkdir()
    total_bytes = 0
    for i in range(args.articles):
        seed = seeds[i % len(seeds)]
        data = seed.read_bytes() + f"\n\nArchive benchmark copy {i}.\n".encode()
        (files / f"{i:05d}_{seed.name}").write_bytes(data)
        total_bytes += len(data)

    call_command("migrate", verbosity=0)
    options = [] if args.workers is None else [f"--workers={args.workers}"]
    first, again = [], []
    for _ in range(args.repeat):
        call_command("flush", interactive=False, verbosity=0)
        started = time.perf_counter()
        call_command("import_seeds", str(files), *options, stdout=io.StringIO())
        first.append(args.articles / (time.perf_counter() - started))
        started = time.perf_counter()
        call_command("import_seeds", str(files), *options, stdout=io.StringIO())
        again.append(args.articles / (time.perf_counter() - started))

    workers = "import_seeds' default" if args.workers is None else str(args.workers)
    print(
        f"import_seeds into SQLite: {args.articles} articles ({total_bytes / args.articles / 1024:.1f} KB average), "
        f"workers: {workers}, {args.repeat} runs"
    )
    print(
        f"  first import:           median {statistics.median(first):7.1f} articles/s, best {max(first):7.1f}"
    )
    print(
        f"  re-run (all unchanged): median {statistics.median(again):7.1f} articles/s, best {max(again):7.1f}"
    )


if __name__ == "__main__":
    main()
