"""Print the extraction pipeline's scores on the seeds against tests/gold_seeds.yaml.

Usage: python scripts/evaluate_extraction.py [--seeds seeds] [--gold tests/gold_seeds.yaml]
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
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "gold_seeds.yaml")
    args = parser.parse_args()
    scores, _ = evaluate_seeds(args.seeds, args.gold)
    rows = scores.rows()
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'score':<12}  details")
    print("-" * (width + 40))
    for measure, score, details in rows:
        print(f"{measure:<{width}}  {score:<12}  {details}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
