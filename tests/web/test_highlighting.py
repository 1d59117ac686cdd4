"""Cutting article text into highlighted pieces: a claim's content, source and cue, overlaps included."""

from __future__ import annotations

import doctest
from dataclasses import dataclass, field

from archive.templatetags import archive_tags
from archive.templatetags.archive_tags import claim_pieces, sentence_bounds

TEXT = "Rep. Moon said the agency told lawmakers that the river rose. It rained."


@dataclass(eq=False)
class Spans:
    """A stand-in for a Claim: only what highlighting reads."""

    content_parts: list[tuple[int, int]]
    source_span: tuple[int, int] | None = None
    cue_span: tuple[int, int] | None = None
    name: str = field(default="claim")


def at(words: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def test_the_module_doctests_pass():
    result = doctest.testmod(archive_tags)
    assert result.failed == 0 and result.attempted > 0


def test_a_claims_source_cue_and_content_are_pieces_of_their_own_kind():
    claim = Spans([at("the agency told lawmakers that the river rose.")], at("Rep. Moon"), at("said"))
    pieces = [(p.text, p.roles) for p in claim_pieces(TEXT, [claim]) if p.roles]
    assert pieces == [
        ("Rep. Moon", ("source",)),
        ("said", ("cue",)),
        ("the agency told lawmakers that the river rose.", ("content",)),
    ]


def test_pieces_put_back_together_are_the_text():
    claim = Spans([at("the agency told")], at("Rep. Moon"), at("said"))
    assert "".join(p.text for p in claim_pieces(TEXT, [claim])) == TEXT


def test_a_quote_interrupted_by_its_cue_is_two_content_parts_of_one_claim():
    text = "“We will wait,” the minister said, “and see.”"
    claim = Spans(
        [at("“We will wait,”", text), at("“and see.”", text)], at("the minister", text), at("said", text)
    )
    marked = [(p.text, p.roles, p.claim) for p in claim_pieces(text, [claim]) if p.roles]
    assert [m[:2] for m in marked] == [
        ("“We will wait,”", ("content",)),
        ("the minister", ("source",)),
        ("said", ("cue",)),
        ("“and see.”", ("content",)),
    ]
    assert all(m[2] is claim for m in marked)
    anchored = [p for p in claim_pieces(text, [claim]) if p.anchors]
    assert [p.text for p in anchored] == ["“We will wait,”"]  # one anchor, at the first part


def test_a_nested_attribution_marks_the_inner_source_inside_the_outer_content():
    outer = Spans(
        [at("the agency told lawmakers that the river rose.")], at("Rep. Moon"), at("said"), "outer"
    )
    inner = Spans([at("the river rose.")], at("the agency"), at("told lawmakers"), "inner")
    pieces = {p.text: p for p in claim_pieces(TEXT, [outer, inner])}
    assert pieces["the agency"].roles == ("content", "source")
    assert pieces["told lawmakers"].roles == ("content", "cue")
    assert pieces[" that "].roles == ("content",) and pieces[" that "].claim is outer
    assert pieces["the agency"].claim is inner  # a click leads to the innermost span's claim
    assert pieces["the river rose."].anchors == (inner,)
    assert pieces["the agency"].anchors == (outer,)
    assert pieces["the agency"].begins == ("content", "source")


def test_spans_that_cross_each_other_are_cut_where_each_begins_and_ends():
    a = Spans([at("Moon said the agency")])
    b = Spans([at("the agency told")])
    pieces = [(p.text, p.roles, p.claim) for p in claim_pieces(TEXT, [a, b]) if p.roles]
    assert pieces == [
        ("Moon said ", ("content",), a),
        ("the agency", ("content",), b),
        (" told", ("content",), b),
    ]


def test_spans_outside_the_text_or_the_window_are_clipped():
    claim = Spans([(60, 500)], (-5, 4), None)
    pieces = claim_pieces(TEXT, [claim])
    assert "".join(p.text for p in pieces) == TEXT
    assert pieces[0].text == "Rep." and pieces[0].roles == ("source",)
    window = claim_pieces(TEXT, [Spans([at("the river rose.")])], window=at("that the river"))
    assert [(p.text, p.roles) for p in window] == [("that ", ()), ("the river", ("content",))]


def test_the_sentence_of_a_claim_ignores_the_stop_of_a_title_and_of_initials():
    text = "Rain fell. The U.S. envoy, Amb. Ruiz, said talks ended.The next day was calm."
    lo, hi = sentence_bounds(text, text.index("Ruiz"), text.index("ended") + 6)
    assert text[lo:hi] == "The U.S. envoy, Amb. Ruiz, said talks ended."


def test_the_sentence_is_cut_at_a_word_when_no_stop_is_near():
    text = ("word " * 200).strip()
    lo, hi = sentence_bounds(text, 500, 504, reach=50)
    assert 445 <= lo <= 500 and 504 <= hi <= 555
    assert text[lo - 1] == " " and text[hi] == " "  # whole words only


def test_a_sentence_ending_in_a_short_name_ends_there():
    text = "The count rose, said Kim. Then it fell."
    assert sentence_bounds(text, text.index("The"), text.index("rose")) == (0, text.index(" Then"))
