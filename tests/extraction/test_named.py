"""named.py: people the parser's recogniser finds, and parties tied to names by the parse."""

from __future__ import annotations

import doctest

from archive.extraction import named, parsing
from archive.extraction.attribution import context, speakers
from archive.extraction.entities import find_people
from archive.extraction.organisations import find_organisations


def test_the_docstring_examples_hold() -> None:
    for module in (named, parsing, context, speakers):
        result = doctest.testmod(module)
        assert result.failed == 0


def test_a_full_name_and_its_later_family_name_are_one_person() -> None:
    text = "Greta Lindholm, an engineer, arrived. Lindholm said the dam held."
    people = named.people_from_parse(parsing.parse(text), (), ())
    assert [(p.name, [m.text for m in p.mentions]) for p in people] == [
        ("Greta Lindholm", ["Greta Lindholm", "Lindholm"])
    ]


def test_a_title_is_no_part_of_the_name() -> None:
    text = "President Greta Lindholm visited the dam on Monday."
    assert [p.name for p in named.people_from_parse(parsing.parse(text), (), ())] == ["Greta Lindholm"]


def test_a_capitalised_transcript_label_names_its_speaker() -> None:
    text = "DEPUTY PRESS SECRETARY GRETA LINDHOLM: The dam held.\n"
    assert [p.name for p in named.people_from_parse(parsing.parse(text), (), ())] == ["Greta Lindholm"]


def test_a_party_before_the_title_is_the_persons_party() -> None:
    text = "People Power Party Commissioner Oh Ji-su said the dam held."
    orgs = find_organisations(text)
    people = find_people(text, organisations=orgs)
    assert [(p.name, p.party) for p in named.with_parties(parsing.parse(text), people, orgs)] == [
        ("Oh Ji-su", "People Power Party")
    ]


def test_a_party_in_a_broadcast_bite_tag_is_the_speakers_party() -> None:
    text = "[Oh Ji-su/Committee Member/People Power Party: “The dam held.”]"
    orgs = find_organisations(text)
    people = find_people(text, organisations=orgs)
    assert [p.party for p in named.with_parties(parsing.parse(text), people, orgs)] == ["People Power Party"]


def test_us_political_titles_are_titles_not_names() -> None:
    from archive.extraction.entities import find_people

    text = "House Speaker Ivo Marsh said the vote would wait. Gov. Oda Lenk said the state would sue."
    assert [p.name for p in find_people(text)] == ["Ivo Marsh", "Oda Lenk"]
