"""Throughput of the extraction pipeline on one core, in articles per second.

Runs ``extract`` on real-style articles (the seeds and the held-out test
articles in tests/extraction/articles/, repeated), on the seeds alone, and on
synthetic ~3 KB articles built from invented sentences (different names,
numbers, outlets each time). The synthetic ones are a worst case: nearly every
sentence is an attributed claim with a number, about twice the density of
real reporting. With ``--corpus DIR`` (default: ../shared/corpus/dev/articles
beside the project, when present) the development corpus is timed too. Each
line gives the median and the best of ``--repeat`` passes (the machine is
shared: compare ratios measured in one run, not numbers from different days),
and the share of the time spent in the parser. The load average is printed
first: on a busy machine every rate drops.

Usage: python scripts/benchmark_pipeline.py [--rounds 4] [--synthetic 40] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.extraction.parsing import parse  # noqa: E402
from archive.extraction.pipeline import extract  # noqa: E402

SURNAMES = ["Kim", "Lee", "Park", "Choi", "Han", "Yoon", "Jang", "Oh", "Seo", "Kang"]
SYLLABLES = ["min", "ji", "woo", "seo", "hyun", "jae", "young", "sung", "hee", "jun", "eun", "tae"]
PARTIES = ["People Power Party", "Democratic Party", "Rebuilding Korea Party"]
TEMPLATES = [
    "{name} of the {party} told reporters that the agency estimated {n:,} troops had been sent abroad.",
    "According to Rep. {name}, who attended the closed-door briefing on {day}, the NIS believes {n} soldiers died.",
    "“Some {n} soldiers were wounded in the fighting,” said Rep. {surname}.",
    "The NIS said that about {n:,} workers have been dispatched since last year.",
    "The weather in the capital stayed mild while markets closed {n} points higher.",
    "{party} Rep. {name} said the committee would review the budget of {n} billion won next week.",
    "The spy agency added that it will monitor the transfer of {n} missiles closely.",
]


def synthetic_article(rng: random.Random) -> str:
    parts = [f"Lawmakers briefed on troop losses\n\nBY {rng.choice(SURNAMES).upper()} HA-NEUL\n"]
    while sum(len(p) for p in parts) < 3000:
        surname = rng.choice(SURNAMES)
        given = f"{rng.choice(SYLLABLES).capitalize()}-{rng.choice(SYLLABLES)}"
        sentence = rng.choice(TEMPLATES).format(
            name=f"{surname} {given}",
            surname=surname,
            party=rng.choice(PARTIES),
            n=rng.randint(2, 20000),
            day=rng.choice(["Monday", "Tuesday", "Wednesday", "Thursday"]),
        )
        parts.append(sentence + (" " if rng.random() < 0.7 else "\n\n"))
    return "".join(parts)


def rate(texts: list[str]) -> tuple[float, float, float]:
    """(articles per CPU-second of this process, per wall-clock second, mean size).

    The CPU-time rate is the one-core throughput even when other processes
    share the machine; the wall-clock rate is what a user waits for.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    for t in texts:
        extract(t)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return len(texts) / cpu, len(texts) / wall, sum(len(t) for t in texts) / len(texts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--synthetic", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev" / "articles")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    extract(seeds[0])  # warm the caches (word lists, gazetteer, compiled patterns)
    rng = random.Random(7)
    synthetic = [synthetic_article(rng) for _ in range(args.synthetic)]
    articles = [
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/extraction/articles").glob("*.txt"))
    ]
    corpus = (
        [p.read_text(encoding="utf-8") for p in sorted(args.corpus.glob("*.txt"))]
        if args.corpus.is_dir()
        else []
    )
    suites = [
        ("real articles", (seeds + articles) * max(1, args.rounds // 2)),
        ("seeds repeated", seeds * args.rounds),
        ("synthetic", synthetic),
    ]
    if corpus:
        suites.append(("dev corpus", corpus))
    for label, texts in suites:
        runs = [rate(texts) for _ in range(args.repeat)]
        per_cpu = statistics.median(r[0] for r in runs)
        best = max(r[0] for r in runs)
        per_wall = statistics.median(r[1] for r in runs)
        size = runs[0][2]
        parse_cpu = time.process_time()
        for t in texts:
            parse(t)
        share = (time.process_time() - parse_cpu) / (len(texts) / per_cpu)
        print(
            f"{label:<15} {len(texts):>5} articles, mean {size / 1000:.1f} KB: median {per_cpu:6.1f} "
            f"(best {best:.1f}) articles/s of one core's CPU time, {per_wall:.1f}/s wall clock; "
            f"parse {share:.0%} of it"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
