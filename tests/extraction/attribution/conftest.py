"""Helpers for the attribution tests: the pipeline's finders, then find_claims, on invented texts."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from archive.extraction.attribution import find_claims
from archive.extraction.briefings import find_briefings
from archive.extraction.entities import find_people
from archive.extraction.named import people_from_parse
from archive.extraction.organisations import find_organisations
from archive.extraction.parsing import parse
from archive.extraction.types import Claim


def extract_claims(text: str) -> list[Claim]:
    """The claims of ``text`` as the pipeline finds them, each checked to slice the text."""
    orgs = find_organisations(text)
    people = find_people(text, organisations=orgs)
    doc = parse(text, names=[(m.start, m.end) for p in people for m in p.mentions])
    people = people_from_parse(doc, people, orgs)
    briefings = find_briefings(text, people=people, organisations=orgs, published_on=None)
    found = list(find_claims(text, people=people, organisations=orgs, briefings=briefings, doc=doc))
    for c in found:
        assert text[c.start : c.end] == c.text
        for s, e in c.parts:
            assert c.start <= s < e <= c.end
    return found


@pytest.fixture
def claims() -> Callable[[str], list[Claim]]:
    return extract_claims


def the_claim(found: list[Claim], key: str) -> Claim:
    """The one claim whose text holds ``key``."""
    hits = [c for c in found if key in c.text]
    assert len(hits) == 1, [c.text for c in found]
    return hits[0]


@pytest.fixture
def only() -> Callable[[list[Claim], str], Claim]:
    return the_claim
