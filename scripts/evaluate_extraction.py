"""Print the extraction pipeline's scores on the seeds against tests/gold_seeds.yaml.

Usage: python scripts/evaluate_extraction.py [--seeds seeds] [--gold tests/gold_seeds.yaml]
       python scripts/evaluate_extraction.py --articles tests/extraction/articles
           [--gold tests/extraction/articles/gold.yaml] [--verbose]

--articles scores another annotated directory; its gold defaults to DIR/gold.yaml.
--verbose also prints each article's claims, people and briefings.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.extraction.evaluate import evaluate_seeds  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--articles", type=Path, default=None, help="another directory of annotated *.txt")
    parser.add_argument("--gold", type=Path, default=None)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    directory = args.articles or args.seeds
    gold = args.gold or (args.articles / "gold.yaml" if args.articles else ROOT / "tests" / "gold_seeds.yaml")
    scores, articles = evaluate_seeds(directory, gold)
    if args.verbose:
        for name, a in articles.items():
            print(f"== {name}: outlet {a.outlet}, published {a.published_on}, byline {a.byline}")
            for p in a.people:
                print(f"   person {p.name} {p.variants} party={p.party} roles={p.roles}")
            for b in a.briefings:
                print(f"   briefing {b.date} {b.organiser} -> {b.audience} relayed {b.relayed_by}")
            for c in a.claims:
                print(f"   claim [{c.kind}] {c.speakers}/{c.source} b={c.briefing}: {c.text[:70]!r}")
                for f in c.figures:
                    print(f"      figure {f.category} {f.value} {f.low}-{f.high} {f.unit} {f.text!r}")
    rows = scores.rows()
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'score':<12}  details")
    print("-" * (width + 40))
    for measure, score, details in rows:
        print(f"{measure:<{width}}  {score:<12}  {details}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
