"""The shared scorer's metrics on the seeds and on the development corpus, side by side.

Runs ``../shared/tools/score-corpus`` (beside the project) twice, on the seeds
against ``../shared/gold/seeds.yaml`` and on the development corpus, and prints
one line per metric. Without ``../shared`` it says so and exits 0.

Usage: python scripts/scoreboard.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def scores(tool: Path, *args: str) -> dict[str, str]:
    env = {**os.environ, "PY": sys.executable}
    out = subprocess.run([str(tool), *args], cwd=ROOT, env=env, capture_output=True, text=True).stdout
    return dict(re.findall(r"(?m)^([a-z_]+): ([-\d.]+)$", out))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    tool = args.shared / "tools" / "score-corpus"
    if not tool.exists():
        print(f"no {tool}: the shared scorer is not beside the project")
        return 0
    seeds = scores(tool, "seeds", str(args.shared / "gold" / "seeds.yaml"))
    corpus = scores(tool)
    print(f"{'metric':<22} {'seeds':>8} {'dev corpus':>11}")
    for metric in dict.fromkeys([*seeds, *corpus]):
        print(f"{metric:<22} {seeds.get(metric, '-'):>8} {corpus.get(metric, '-'):>11}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
