"""Caseless patterns give exactly the matches of IGNORECASE, on any text."""

from __future__ import annotations

import random
import re

import pytest

from archive.extraction.caseless import Caseless, PrefixScan, literal_prefix, lowered

PATTERNS = [r"\bsaid\b", r"(?=[st])\b(?:s(?:aid|tated)|told)\b", r"\bthe\s+(?:spy\s+)?agency\b", r"k\w+"]
PIECES = [
    "said",
    "SAID",
    "Said",
    " ",
    "the",
    "THE",
    "agency",
    "spy",
    "\n",
    "“",
    "’",
    "told",
    "ſaid",
    "K",
    "É",
    "stated",
    "kin",
    "한국",
    "x",
    "-",
    "\u212a",  # the Kelvin sign, which IGNORECASE folds to "k"
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_it_finds_what_ignorecase_finds_at_the_same_offsets(pattern: str) -> None:
    rng = random.Random(pattern)
    fast, slow = Caseless(pattern), re.compile(pattern, re.IGNORECASE)
    for _ in range(3000):
        text = "".join(
            rng.choice(PIECES) for _ in range(rng.choice((rng.randint(0, 10), rng.randint(50, 90))))
        )  # short and long
        pos = rng.randint(0, len(text))
        endpos = rng.randint(pos, len(text))
        assert [m.span() for m in fast.finditer(text, pos, endpos)] == [
            m.span() for m in slow.finditer(text, pos, endpos)
        ], text
        found, expected = fast.search(text, pos, endpos), slow.search(text, pos, endpos)
        assert (found and found.span()) == (expected and expected.span())
        found, expected = fast.match(text, pos, endpos), slow.match(text, pos, endpos)
        assert (found and found.span()) == (expected and expected.span())


def test_the_lowered_shortcut_is_taken_only_where_it_is_exact() -> None:
    assert lowered("The NIS “said” 한국 — so") == "the nis “said” 한국 — so"
    assert lowered("Ça va") is None  # a cased letter outside ASCII
    assert lowered("ſaid") is None  # the long s, which IGNORECASE folds to "s"
    assert lowered("İstanbul") is None  # lower-cases to two characters


def test_a_pattern_with_upper_case_letters_is_refused() -> None:
    with pytest.raises(ValueError, match="lower case"):
        Caseless(r"\bSaid\b")
    Caseless(r"\S+\s*\Z")  # escapes are not letters of the text
    Caseless(r"(?P<cue>said)|(?P=cue)")  # nor is group syntax


def test_the_docstring_examples_hold() -> None:
    import doctest

    from archive.extraction import caseless

    result = doctest.testmod(caseless)
    assert result.failed == 0 and result.attempted > 0


ALTERNATIVES = [
    ["briefings?", "closed[- ]door (?:parliamentary )?briefing", "told (?:the |a )?[a-z ]{0,20}committee"],
    ["said", "says", "told reporters", "according to", "sa(?:y|id)s?"],
    ["labou?rers", "workers"],
]
SCAN_PIECES = [
    "said",
    "Said ",
    "says",
    " ",
    "told ",
    "Reporters",
    "the ",
    "committee",
    "briefing",
    "Briefings",
    "closed-door ",
    "according to",
    "labourers",
    "laborers",
    "workers",
    "ſaid",
    "É",
    ".",
    "x",
    "\n",
]


@pytest.mark.parametrize("alternatives", ALTERNATIVES)
def test_a_prefix_scan_finds_what_the_whole_pattern_finds(alternatives: list[str]) -> None:
    before, after = r"(?<![\w])", r"\b"
    scan = PrefixScan(alternatives, before=before, after=after)
    assert scan.prefixes  # the shortcut is taken
    whole = re.compile(before + "(?:" + "|".join(alternatives) + ")" + after, re.IGNORECASE)
    rng = random.Random(str(alternatives))
    for _ in range(3000):
        n = rng.choice((rng.randint(0, 10), rng.randint(50, 90)))
        text = "".join(rng.choice(SCAN_PIECES) for _ in range(n))
        pos = rng.randint(0, len(text))
        endpos = rng.choice((len(text), rng.randint(pos, len(text))))
        expected = [m.span() for m in whole.finditer(text, pos, endpos)]
        assert [m.span() for m in scan.finditer(text, pos, endpos)] == expected, text
        found = scan.search(text, pos, endpos)
        assert (found.span() if found else None) == (expected[0] if expected else None)


def test_literal_prefixes_stop_at_the_first_pattern_character() -> None:
    assert literal_prefix("briefings?") == "briefing"
    assert literal_prefix("closed[- ]door") == "closed"
    assert literal_prefix("told (?:the )?committee") == "told "
    assert literal_prefix("(?:the )?agency") == ""
    assert PrefixScan(["(?:the )?agency", "bureau"]).prefixes == []  # no shortcut without a literal start
