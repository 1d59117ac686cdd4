"""Organisation anaphors are found from their keyword: the same matches as a whole-text scan."""

from __future__ import annotations

import random
import re

import pytest

from archive.extraction.attribution import _Anaphor, vocabulary

SOURCES = [
    *vocabulary()["org_anaphora"],
    r"the agency|the bureau",  # a top-level "|": scanned whole
    r"(?:the )?agency agency",  # the keyword inside the match too
    r"ag+ency",  # a repetition: no length bound, scanned whole
]
PIECES = [
    "the ",
    "The ",
    "agency",
    "Agency",
    " ",
    "spy ",
    "intelligence ",
    "South Korea’s ",
    "ministry ",
    "data",
    "figures",
    "military",
    "committee",
    "agencywide",
    ",",
    ".\n",
    "x",
    "bureau",
    "unification ",
    "AGENCY",
    "É",
    "ſ",
]


@pytest.mark.parametrize("source", SOURCES)
def test_keyword_anchored_scan_finds_what_a_whole_scan_finds(source: str) -> None:
    anaphor = _Anaphor(source, "agency")
    whole = re.compile(rf"\b{source}\b", re.IGNORECASE)
    rng = random.Random(source)
    for _ in range(3000):
        text = "".join(
            rng.choice(PIECES) for _ in range(rng.choice((rng.randint(0, 12), rng.randint(60, 120))))
        )
        assert [m.span() for m in anaphor.matches(text)] == [m.span() for m in whole.finditer(text)], text


def test_patterns_that_cannot_be_anchored_are_recognised() -> None:
    assert _Anaphor("the spy agency", "agency").anchored
    assert not _Anaphor("the agency|the bureau", "agency").anchored
    assert not _Anaphor("ag+ency", "agency").anchored
    assert not _Anaphor("the agenc(?:y|ies)", "agency").anchored
