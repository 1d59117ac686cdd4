"""Time the people and organisation finders on adversarial text of growing size.

Three texts, each built from a fixed seed (the same text every run):

* ``capitalised``: random capitalised words with a few titles, speech verbs
  and party names among them, so that runs of capitals are long and many look
  like names;
* ``surnames``: thousands of Korean surnames, alone and in full names with
  titles ("Rep. Kim Ji-ho said"), so that every surname-only mention has many
  people to choose between;
* ``quotes``: sentences with opening quotation marks that never close.

For each text and size (100 KB, 200 KB, 500 KB, 1 MB by default) it prints the
seconds ``find_organisations`` and ``find_people`` take, and the time per
100 KB: in a linear stage that last column stays flat as the size grows.

Usage: python scripts/adversarial.py [--sizes 100,200,500,1000] [--kinds capitalised,surnames,quotes]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.extraction.entities import find_people  # noqa: E402
from archive.extraction.organisations import find_organisations  # noqa: E402

SURNAMES = ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo"]
SYLLABLES = ["min", "ji", "woo", "seo", "hyun", "jae", "young", "sung", "hee", "jun", "eun", "tae", "ho"]
EXTRAS = [
    "Rep.",
    "Minister",
    "President",
    "said",
    "told",
    "Party",
    "Ministry",
    "of",
    "the",
    "Democratic",
    "NIS",
]


def _word(rng: random.Random) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return rng.choice("ABCDEFGHIJKLMNOPRSTUWY") + "".join(rng.choices(letters, k=rng.randint(2, 9)))


def _given(rng: random.Random) -> str:
    return f"{rng.choice(SYLLABLES).capitalize()}-{rng.choice(SYLLABLES)}"


def capitalised(size: int, rng: random.Random) -> str:
    """Random capitalised words, one in eight a title, verb or party word; a full stop now and then."""
    out: list[str] = []
    length = 0
    while length < size:
        word = rng.choice(EXTRAS) if rng.random() < 0.125 else _word(rng)
        if rng.random() < 0.03:
            word += "."
        out.append(word)
        length += len(word) + 1
    return " ".join(out)[:size]


def surnames(size: int, rng: random.Random) -> str:
    """Thousands of surname mentions among full names with titles and parties."""
    out: list[str] = []
    length = 0
    while length < size:
        surname = rng.choice(SURNAMES)
        roll = rng.random()
        if roll < 0.2:
            piece = f"Rep. {surname} {_given(rng)} of the Democratic Party said."
        elif roll < 0.6:
            piece = f"{surname} {rng.choice(SURNAMES)} {surname}"
        else:
            piece = f"Rep. {surname} told {rng.choice(SURNAMES)}."
        out.append(piece)
        length += len(piece) + 1
    return " ".join(out)[:size]


def quotes(size: int, rng: random.Random) -> str:
    """Sentences that open a quotation and never close it, with names and speech verbs."""
    out: list[str] = []
    length = 0
    while length < size:
        opener = rng.choice(["“", '"', "‘", "'"])
        name = f"{rng.choice(SURNAMES)} {_given(rng)}"
        piece = f"{opener}The {_word(rng)} {_word(rng).lower()} of {name} said {rng.randint(1, 999)} troops"
        out.append(piece)
        length += len(piece) + 1
    return " ".join(out)[:size]


KINDS: dict[str, Callable[[int, random.Random], str]] = {
    "capitalised": capitalised,
    "surnames": surnames,
    "quotes": quotes,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,200,500,1000", help="sizes in KB, comma-separated")
    parser.add_argument("--kinds", default=",".join(KINDS), help="texts to build, comma-separated")
    args = parser.parse_args()
    sizes = [int(s) * 1000 for s in args.sizes.split(",")]
    print(
        f"{'text':<12} {'KB':>5} {'organisations s':>16} {'people s':>9} {'people s/100KB':>15} {'people':>7}"
    )
    for kind in args.kinds.split(","):
        for size in sizes:
            text = KINDS[kind](size, random.Random(f"{kind}-{size}"))
            start = time.perf_counter()
            orgs = find_organisations(text)
            orgs_s = time.perf_counter() - start
            start = time.perf_counter()
            found = find_people(text, organisations=orgs)
            people_s = time.perf_counter() - start
            per = people_s / (size / 100_000)
            print(
                f"{kind:<12} {size // 1000:>5} {orgs_s:>16.3f} {people_s:>9.3f} {per:>15.3f} {len(found):>7}"
            )
            sys.stdout.flush()


if __name__ == "__main__":
    main()
