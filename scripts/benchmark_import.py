#!/usr/bin/env python
"""End-to-end import rate: ``import_seeds`` into a fresh SQLite database.

Makes N distinct article files from the seeds (each seed with a numbered
paragraph appended, so every file has its own SHA-256), migrates a temporary
database and times the import. Prints articles per second.

    python scripts/benchmark_import.py [--articles 250]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=250)
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
    started = time.perf_counter()
    call_command("import_seeds", str(files), stdout=io.StringIO())
    elapsed = time.perf_counter() - started

    started = time.perf_counter()
    call_command("import_seeds", str(files), stdout=io.StringIO())
    rerun = time.perf_counter() - started

    print(
        f"import_seeds into SQLite: {args.articles} articles ({total_bytes / args.articles / 1024:.1f} KB average)"
    )
    print(f"  first import: {elapsed:.2f} s  = {args.articles / elapsed:.1f} articles/s")
    print(f"  re-run (all unchanged): {rerun:.2f} s  = {args.articles / rerun:.1f} articles/s")


if __name__ == "__main__":
    main()
