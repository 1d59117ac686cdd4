"""Tests for archive.extraction.cleaning: furniture out, offsets exact."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from archive.extraction.cleaning import _PROSE_END, _is_prose, _latin_count, caption_spans, clean

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))

INVENTED = [
    "Headline about budgets\n\nHome > Politics > Assembly\n\nHeadline about budgets\n\nBody one.\n\nTwo.",
    " date 2023-11-02 Photo : NEWSIS\n\nAnchor: Lawmakers met.Choi Min-ji reports.Report: They met.",
    "A\u00a0\u00a0spaced  \t line\u200b here.\n\n\n\nNext paragraph.\nSame paragraph line.",
    "Prose “quoted.”Then more.[Sound bite: Rep. Yoon]“Quote.”\nMost Read\nCelebrity does thing\nA link",
    "Story.\n\nLog in to Twitter or Facebook account to connect\nwith the Daily\ns\nlock icon\n(0/250자)",
]


def _assert_exact_mapping(raw: str) -> None:
    c = clean(raw)
    assert c.raw == raw
    assert len(c.raw_offsets) == len(c.text)
    for i, ch in enumerate(c.text):
        if not ch.isspace():
            assert raw[c.raw_offsets[i]] == ch, (i, ch)
    assert list(c.raw_offsets) == sorted(c.raw_offsets), "offsets run forward through raw"


@pytest.mark.parametrize("raw", INVENTED + [p.read_text(encoding="utf-8") for p in SEEDS])
def test_every_non_space_character_maps_to_the_same_raw_character(raw: str) -> None:
    _assert_exact_mapping(raw)


def test_it_keeps_the_raw_text_untouched() -> None:
    raw = "  Title\u00a0here \n\nBody.  "
    assert clean(raw).raw == raw


def test_it_drops_the_you_may_also_like_link_list() -> None:
    raw = (
        "The ministry confirmed the figure.\n"
        "You may also like\n"
        "'Stop it' - footballer slammed by pundit\n"
        "Beauty brand launches gaming partnership\n"
        "Markets end flat amid tensions"
    )
    assert clean(raw).text == "The ministry confirmed the figure."


def test_a_link_list_ends_at_a_blank_line_and_the_prose_after_it_survives() -> None:
    raw = "First part.\n\nRelated Article\n\n \n“Second part,” they added.\n\nThird part."
    assert clean(raw).text == "First part.\n\n“Second part,” they added.\n\nThird part."


def test_a_link_list_ends_at_a_line_that_reads_as_prose() -> None:
    raw = "Lead.\nMost Commented\nSome headline\nThe minister spoke again on Monday."
    assert clean(raw).text == "Lead.\n\nThe minister spoke again on Monday."


def test_it_drops_the_comment_box_at_the_end() -> None:
    raw = (
        "Last paragraph of the story.\n\n"
        "BY PARK SO-YEON [[email protected]]\n"
        "Log in to Twitter or Facebook account to connect\n"
        "with the Seoul Tribune\n"
        "help-image Social comment?\n"
        "s\n"
        "lock icon\n\n"
        "To write comments, please log in to one of the accounts.\n\n"
        "Standards Board Policy (0/250자)"
    )
    assert clean(raw).text == "Last paragraph of the story.\n\nBY PARK SO-YEON [[email protected]]"


def test_it_drops_share_bars_and_font_size_menus() -> None:
    raw = "Title\n\nprint dictionary print\n\nA A A\n\nShare\n\nBody."
    assert clean(raw).text == "Title\n\nBody."


def test_it_drops_breadcrumb_lines() -> None:
    raw = "Title\nHome > National > North Korea\nWorld › Asia\nBody with a > sign in prose: 3 > 2, said he."
    assert clean(raw).text == "Title\n\nBody with a > sign in prose: 3 > 2, said he."


def test_it_drops_the_headline_when_it_is_printed_again() -> None:
    title = "Minister resigns over scandal"
    raw = f"{title}\n\nHome > Politics\n\n{title}\n\nThe minister resigned."
    assert clean(raw).text == f"{title}\n\nThe minister resigned."


def test_it_keeps_one_copy_of_a_caption_printed_twice() -> None:
    caption = "Troops march in a parade in the capital. [AP]"
    raw = f"Lead.\n\n{caption}\n\n{caption}\n\nMore."
    text = clean(raw).text
    assert text.count(caption) == 1
    assert text == f"Lead.\n\n{caption}\n\nMore."


def test_caption_spans_finds_lines_ending_in_a_photo_credit() -> None:
    text = clean("Lead.\n\nA soldier waves. [SCREEN CAPTURE]\n\nThe army [said] more.").text
    assert [text[s:e] for s, e in caption_spans(text)] == ["A soldier waves. [SCREEN CAPTURE]"]


def test_it_drops_the_leading_date_line_with_its_photo_credit() -> None:
    c = clean(" date 2024-03-05 Photo : NEWS1\n\nAnchor: The budget passed.")
    assert c.text == "Anchor: The budget passed."
    assert c.raw_offsets[0] == c.raw.index("Anchor")


def test_it_keeps_the_headline_after_a_leading_date_and_drops_the_repeated_programme_tag() -> None:
    raw = " date 2024-03-05 [Evening Report] “BUDGET PASSES”\n\nEvening Report\n\n\nThe budget passed."
    assert clean(raw).text == "[Evening Report] “BUDGET PASSES”\n\nThe budget passed."


def test_it_drops_short_stray_strings_in_another_script_in_an_english_article() -> None:
    raw = "The committee met on Monday and discussed the budget at length.\n\n공유하기 닫기\n\nEnd."
    assert clean(raw).text == "The committee met on Monday and discussed the budget at length.\n\nEnd."


def test_it_keeps_korean_words_inside_english_prose() -> None:
    raw = "The agency, known as Gukjeongwon (국정원), said so."
    assert clean(raw).text == raw


def test_it_collapses_whitespace_runs_and_maps_the_space_to_the_run_start() -> None:
    raw = "Seoul\u00a0\u00a0 said\t\tno."
    c = clean(raw)
    assert c.text == "Seoul said no."
    assert c.raw_offsets[5] == 5


def test_it_removes_zero_width_characters() -> None:
    assert clean("No\u200brth Korea\ufeff said.").text == "North Korea said."


def test_blank_line_runs_become_one_paragraph_break_and_single_newlines_stay() -> None:
    raw = "One.\n\n\n\n  \nTwo.\nThree."
    assert clean(raw).text == "One.\n\nTwo.\nThree."


def test_it_splits_sentences_glued_after_a_full_stop() -> None:
    c = clean("died in the battles.Kim Bum-soo has more.Report: The agency")
    assert c.text == "died in the battles. Kim Bum-soo has more. Report: The agency"


def test_an_inserted_space_maps_to_the_raw_character_that_follows_it() -> None:
    raw = "It rose in 2023.Prices fell."
    c = clean(raw)
    i = c.text.index(" Prices")
    assert c.raw_offsets[i] == raw.index("Prices")


def test_it_splits_a_closing_quote_glued_to_the_next_sentence() -> None:
    assert clean("“We will act.”The minister left.").text == "“We will act.” The minister left."
    assert clean('"We will act."The minister left.').text == '"We will act." The minister left.'


def test_it_splits_a_sound_bite_tag_glued_to_the_quote() -> None:
    raw = "on Tuesday.[Sound bite: Rep. Han Ji-woo (Korean-English)]“We disagree.”"
    assert clean(raw).text == "on Tuesday. [Sound bite: Rep. Han Ji-woo (Korean-English)] “We disagree.”"


def test_it_leaves_abbreviations_decimals_and_possessives_alone() -> None:
    for raw in ["the U.S.Army base", "grew 3.5 percent", "Korea’s army", "e-mail [email protected] now"]:
        assert clean(raw).text == raw


def test_it_separates_an_acronym_in_brackets_from_the_name_it_abbreviates() -> None:
    assert clean("the Defense Ministry(MND) said").text == "the Defense Ministry (MND) said"


def test_an_empty_or_blank_text_cleans_to_nothing() -> None:
    for raw in ["", "\n\n", "  \u00a0 "]:
        c = clean(raw)
        assert c.text == ""
        assert c.raw_offsets == ()


def test_seed_furniture_is_gone_and_prose_is_kept() -> None:
    by_name = {p.name[:3]: clean(p.read_text(encoding="utf-8")).text for p in SEEDS}
    assert "You may also like" not in by_name["001"]
    assert "Andre Onana" not in by_name["001"]
    assert "Most Commented" not in by_name["004"]
    assert "Home > National" not in by_name["003"]
    assert "print dictionary" not in by_name["003"]
    assert "lock icon" not in by_name["003"]
    assert "250자" not in by_name["003"]
    assert by_name["003"].count("NIS estimates 4,700 North Korean casualties") == 1
    assert by_name["003"].count("during a joint training exercise. [TASS]") == 1
    assert by_name["003"].endswith("BY KIM JEONG-JAE [[email protected]]")
    assert not by_name["000"].startswith(" date") and "Photo : YONHAP" not in by_name["000"]
    assert "in the battles. Kim Bum-soo has more. Report:" in by_name["000"]
    assert by_name["002"].startswith("[News Today] “NK CASUALTIES HIT 3,000 IN RUSSIA”\n\nThe National")
    assert by_name["004"].endswith("from Russia to North Korea. “")


def test_cleaning_a_three_kilobyte_article_takes_well_under_a_millisecond() -> None:
    raw = (SEEDS[0].read_text(encoding="utf-8") + "\n") * 1
    clean(raw)
    runs = 200
    t0 = time.perf_counter()
    for _ in range(runs):
        clean(raw)
    per_article = (time.perf_counter() - t0) / runs
    assert per_article < 0.002  # generous bound for slow CI machines; ~0.2 ms measured


@pytest.mark.parametrize(
    "text", ["", "abc XYZ", "Ünïcödé ſ K 한국어 text", "\ud800 lone surrogate", "123 _-'"]
)
def test_latin_count_counts_what_the_latin_letter_class_matches(text: str) -> None:
    assert _latin_count(text) == len(re.findall(r"[A-Za-z]", text))


@pytest.mark.parametrize(
    "line",
    ["", ".", ")", "said.", "said.”", "said.)]", "said.” more", "(a)", "Why?'", "so…", "end.’x", "a.b", "”’"],
)
def test_is_prose_is_the_prose_end_pattern_on_a_line(line: str) -> None:
    assert _is_prose(line) is bool(_PROSE_END.search(line))
