"""Romanisation-aware comparison of personal names.

Korean names reach English text in many spellings: the same lawmaker appears
as "Choi Seong-beom", "Choi Seong Beom", "Choe Sung-bum" and "Choi Sung-beom".
``name_key`` folds the differences that romanisation systems and reporters
introduce (hyphens, spacing, case, eo/u/o, ee/i, k/g, b/p, ...) so that such
spellings share one key, while names that differ in substance keep different
keys::

    >>> name_key("Choi Seong-beom") == name_key("Choe Sung-bum")
    True
    >>> name_key("Yoon Byung-hee") == name_key("Yoon Byeong-hi")
    True
    >>> name_key("Kang Min-un") == name_key("Kang Min-il")
    False

The rules live in ``data/romanisation.json`` so they can be extended without
touching code.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

_DATA = Path(__file__).parent / "data" / "romanisation.json"
_LETTERS = re.compile(r"[^a-z]")
_DOUBLED = re.compile(r"(.)\1+")


@cache
def _rules() -> dict[str, Any]:
    with _DATA.open(encoding="utf-8") as fh:
        rules: dict[str, Any] = json.load(fh)
    return rules


def _fold_ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(name: str) -> list[str]:
    """Split a name into words; hyphens stay inside words.

    >>> tokens("  Choi  Seong-beom ")
    ['Choi', 'Seong-beom']
    """
    # str.split() splits on runs of the characters "\s" matches (U+00A0 among them)
    # and drops empty words: the same as splitting on "[\s\u00a0]+", without the regex.
    return name.split()


@lru_cache(maxsize=8192)  # pure; names recur across mentions and articles
def normalise_case(name: str) -> str:
    """Title-case a name written in capitals, keeping hyphenated syllables joined.

    >>> normalise_case("KIM HA-NEUL")
    'Kim Ha-neul'
    >>> normalise_case("Choi Seong-beom")
    'Choi Seong-beom'
    """

    def fix(token: str) -> str:
        if token.isupper() or token.islower():
            head, *rest = token.split("-")
            return "-".join([head.capitalize(), *(part.lower() for part in rest)])
        return token

    return " ".join(fix(t) for t in tokens(name))


def _fold_syllables(word: str) -> str:
    """The key of one syllable group: its initial folded ("Ryong" -> "yong"), then its letters.

    >>> _fold_syllables("Ryong") == _fold_syllables("Yong"), _fold_syllables("Kyung") == _fold_syllables("keung")
    (True, True)
    """
    rules = _rules()
    folded = _LETTERS.sub("", _fold_ascii(word).lower())
    for old, new in rules["initials"]:
        if folded.startswith(old):
            folded = new + folded[len(old) :]
            break
    for old, new in rules["replacements"]:
        folded = folded.replace(old, new)
    # Doubled letters carry no distinction between romanisations ("Jiwon"/"Ji-won" vs "Jiwwon").
    return _DOUBLED.sub(r"\1", folded)


@lru_cache(maxsize=8192)  # pure; names recur across mentions and articles
def surname_key(surname: str) -> str:
    """The key of a family name, with its common spellings folded together.

    >>> surname_key("Yi") == surname_key("Lee") == surname_key("Rhee")
    True
    """
    plain = _LETTERS.sub("", _fold_ascii(surname).lower())
    return str(_rules()["surnames"].get(plain, _fold_syllables(plain)))


@lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """A key under which romanisation variants of one name coincide.

    The first word is treated as the family name (Korean order); the rest is
    joined and folded syllable by syllable. Western names ("Vladimir Putin")
    get a key too; they simply have fewer variants.

    >>> name_key("Oh Ji-won") == name_key("Oh Jiwon") == name_key("Oh Ji Won")
    True
    >>> name_key("Kang Min-un") == name_key("Kang Min Un")
    True
    >>> name_key("Kim Go-eun") == name_key("Kim Gunn")
    False
    """
    words = tokens(name)
    if not words:
        return ""
    head, rest = words[0], words[1:]
    # Syllable by syllable: "Go-eun" must not fold across its hyphen into "Gunn".
    given = "".join(_fold_syllables(part) for word in rest for part in word.split("-"))
    return f"{surname_key(head)} {given}".strip()


def same_name(a: str, b: str) -> bool:
    """True when two spellings are romanisation variants of one name."""
    return bool(a.strip()) and name_key(a) == name_key(b)


def near_keys(name: str) -> frozenset[str]:
    """Keys that a spelling one letter away from ``name`` shares with it ("Shoigu", "Shoygu").

    The name's key and its key with one letter of the given part left out:
    two names whose keys differ by one inserted, deleted, replaced or swapped
    letter of the given part have one of these in common, so the keys found
    this way are the candidates for a misspelling. A given part shorter than
    four letters has none (too many real names lie one letter apart); whether
    two such people are one is for the caller to decide, by role and party::

        >>> bool(near_keys("Sergei Shoigu") & near_keys("Sergei Shoygu"))
        True
        >>> bool(near_keys("Sergei Shoigu") & near_keys("Sergei Lavrov"))
        False
    """
    key = name_key(name)
    head, _, given = key.partition(" ")
    if len(given) < 4:
        return frozenset()
    return frozenset({key, *(f"{head} {given[:i]}{given[i + 1 :]}" for i in range(len(given)))})
