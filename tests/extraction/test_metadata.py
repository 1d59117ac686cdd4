"""Tests for archive.extraction.metadata: title, outlet, byline, date and its basis."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from archive.extraction.cleaning import clean
from archive.extraction.metadata import _BY_LINE, _by_lines, extract_metadata, resolve_relative_date

ROOT = Path(__file__).resolve().parents[2]
GOLD = yaml.safe_load((ROOT / "tests" / "gold_seeds.yaml").read_text(encoding="utf-8"))


def md(raw: str):  # type: ignore[no-untyped-def]
    return extract_metadata(clean(raw))


def test_the_title_is_a_headline_like_first_line() -> None:
    assert (
        md("Spy agency warns of drone threat\n\nThe agency warned.").title
        == "Spy agency warns of drone threat"
    )


def test_a_programme_tag_stays_in_the_title() -> None:
    raw = " date 2024-02-02 [Morning Brief] “TROOPS MOVE NORTH”\n\nMorning Brief\n\nTroops moved."
    assert md(raw).title == "[Morning Brief] “TROOPS MOVE NORTH”"


def test_there_is_no_title_when_the_text_opens_with_prose() -> None:
    assert md("Anchor: The ministry said on Monday it would act.\nMore.").title == ""
    assert md("The ministry said on Monday that it would act.\nMore.").title == ""


def test_the_outlet_comes_from_a_dateline() -> None:
    assert md("SEOUL, March 3 (Yonhap) -- The NIS said so.").outlet == "Yonhap"


def test_the_outlet_comes_from_a_sign_off_and_so_does_the_byline() -> None:
    m = md("The NIS said so.Choi Min-ho has more.Report: It did.Choi Min-ho, KBS World Radio News.")
    assert m.outlet == "KBS"
    assert m.byline == ("Choi Min-ho",)


def test_the_outlet_comes_from_an_editing_note() -> None:
    raw = "Body.\n\nTranslated from the Chosun Ilbo using AI and edited by Korea Herald staff.\nBY HAN SO-RA"
    m = md(raw)
    assert m.outlet == "Korea Herald"
    assert m.byline == ("Han So-ra",)


def test_a_programme_tag_names_its_broadcaster() -> None:
    assert md(" date 2024-02-02 [News Today] “X”\n\nBody.").outlet == "KBS"


def test_photo_credits_are_not_the_outlet() -> None:
    raw = " date 2024-02-02 Photo : YONHAP News\n\nTroops march. [YONHAP]\n\nThe ministry spoke. [AP]\n\nEnd."
    assert md(raw).outlet is None


def test_an_unknown_sign_off_gives_no_outlet() -> None:
    assert md("Body.\n\nPark Ji-hoon, Some Unknown Gazette.").outlet is None


def test_a_capitalised_by_line_with_an_email_is_normalised() -> None:
    assert md("Body.\n\nBY YOON SEO-YEON [[email protected]]").byline == ("Yoon Seo-yeon",)


def test_a_by_line_with_two_reporters_gives_both() -> None:
    assert md("Body.\n\nBy Lee Ha-na and Jung Woo-sung").byline == ("Lee Ha-na", "Jung Woo-sung")


def test_an_article_without_a_reporter_has_an_empty_byline() -> None:
    assert md("The NIS said so on Monday.").byline == ()


def test_the_leading_date_line_in_the_raw_text_gives_the_date_even_though_cleaning_drops_it() -> None:
    m = md(" date 2023-07-19 Photo : NEWS1\n\nBody.")
    assert "2023" not in clean(" date 2023-07-19 Photo : NEWS1\n\nBody.").text
    assert (m.published_on, m.published_on_basis) == (dt.date(2023, 7, 19), "dateline")
    assert "2023-07-19" in m.published_on_evidence


def test_a_dateline_with_a_year_gives_the_date() -> None:
    m = md("PYONGYANG, Feb. 9, 2024 (KCNA) -- The party met.")
    assert (m.published_on, m.published_on_basis, m.outlet) == (
        dt.date(2024, 2, 9),
        "dateline",
        "Korean Central News Agency",
    )


def test_a_dateline_without_a_year_gives_no_date_unless_the_text_fixes_the_year() -> None:
    assert md("SEOUL, May 2 (Yonhap) -- The NIS said so.").published_on is None
    m = md("SEOUL, May 2 (Yonhap) -- The report, dated May 2, 2024, said so.")
    assert m.published_on == dt.date(2024, 5, 2)


def test_a_weekday_with_a_date_and_a_year_named_in_the_text_is_inferred() -> None:
    m = md("The 2024 budget was debated. On Friday (March 1) the committee met.")
    assert (m.published_on, m.published_on_basis) == (dt.date(2024, 3, 1), "inferred")
    assert "Friday (March 1)" in m.published_on_evidence


def test_a_weekday_that_fits_no_named_year_gives_no_date() -> None:
    m = md("The 2024 treaty was cited. On Wednesday (April 30) the agency briefed.")
    assert (m.published_on, m.published_on_basis) == (None, "unknown")


def test_a_bare_weekday_never_gives_a_date() -> None:
    m = md("According to reports on Thursday, the agency briefed lawmakers the previous day.")
    assert (m.published_on, m.published_on_basis, m.published_on_evidence) == (None, "unknown", "")


@pytest.mark.parametrize("article", GOLD["articles"], ids=lambda a: a["file"][:3])
def test_seed_metadata_matches_the_gold_annotation(article: dict[str, object]) -> None:
    m = md((ROOT / "seeds" / str(article["file"])).read_text(encoding="utf-8"))
    assert m.outlet == article["outlet"]
    assert list(m.byline) == article["byline"]
    accepted = [article["published_on"], *article.get("published_on_accept", [])]  # type: ignore[misc]
    assert m.published_on in accepted
    if m.published_on is None:
        assert m.published_on_basis == "unknown"


def test_seed_004_does_not_get_an_invented_date() -> None:
    m = md((ROOT / "seeds" / "004_df325ce8335b07e1.txt").read_text(encoding="utf-8"))
    assert m.published_on is None


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("on Wednesday", dt.date(2024, 11, 20)),
        ("Wednesday", dt.date(2024, 11, 20)),
        ("on Monday", dt.date(2024, 11, 18)),
        ("Thursday", dt.date(2024, 11, 14)),
        ("last Wednesday", dt.date(2024, 11, 13)),
        ("next Friday", dt.date(2024, 11, 22)),
        ("the previous day", dt.date(2024, 11, 19)),
        ("yesterday", dt.date(2024, 11, 19)),
        ("today", dt.date(2024, 11, 20)),
        ("three days ago", dt.date(2024, 11, 17)),
        ("2 days earlier", dt.date(2024, 11, 18)),
        ("earlier this week", None),
        ("in late October", None),
    ],
)
def test_resolve_relative_date_counts_back_from_the_anchor(phrase: str, expected: dt.date | None) -> None:
    anchor = dt.date(2024, 11, 20)  # a Wednesday
    assert resolve_relative_date(phrase, anchor) == expected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("Published : Oct. 30, 2024 - 18:12", dt.date(2024, 10, 30)),
        ("Posted : 2024-11-07 16:21 | Updated : 2024-11-08 17:05", dt.date(2024, 11, 7)),
        ("Updated 3:14 AM GMT+9, December 19, 2024", dt.date(2024, 12, 19)),
        ("Jeongmin Kim | November 21, 2024", dt.date(2024, 11, 21)),
        ("조선일보 | 입력 2025.03.06. 10:31", dt.date(2025, 3, 6)),
    ],
)
def test_a_printed_publication_stamp_in_the_page_head_is_the_date(head: str, expected: dt.date) -> None:
    meta = extract_metadata(
        clean(f"Seoul eyes talks\n\n{head}\n\nThe ministry said on Monday it would talk.")
    )
    assert (meta.published_on, meta.published_on_basis) == (expected, "dateline")


def test_an_update_note_without_a_date_gives_no_date() -> None:
    meta = extract_metadata(
        clean("Seoul eyes talks\n\nUpdated 2 hours ago\n\nThe ministry said it would talk.")
    )
    assert meta.published_on is None


def test_a_day_month_year_publication_stamp_is_the_date() -> None:
    meta = extract_metadata(
        clean("Hackers stole crypto\n\nPublished: 24 Jun. 2025, 18:02\n\nThe NIS said so.")
    )
    assert meta.published_on == dt.date(2025, 6, 24)


@pytest.mark.parametrize(
    "text",
    [
        "Body by Kim Lee.\n\n  By Kim Lee\n\nBY PARK SO-YEON, LEE MIN-HO [a\nb]\nbY Oh Se Hoon",
        "\n\n\nBy Ann Bo (AP)\nbypass\nby Jane Doe and Ann Bo\n  \n",
        "by",
        "",
    ],
)
def test_by_lines_have_the_names_of_the_by_line_pattern(text: str) -> None:
    assert [m.group("names") for m in _by_lines(text)] == [m.group("names") for m in _BY_LINE.finditer(text)]


def test_a_head_line_with_a_date_and_its_clock_time_is_the_date() -> None:
    m = md("Port strike ends\n\nMarch 3, 2025 - 10:31 By Yonhap\nThe union said so on Monday.")
    assert (m.published_on, m.published_on_basis) == (dt.date(2025, 3, 3), "dateline")
    assert m.published_on_evidence == "March 3, 2025 - 10:31"


def test_a_date_label_with_a_weekday_is_the_date() -> None:
    m = md("Regular Briefing\n\nDate: Tuesday, March 4, 2025\nTime: 10:30\n\nThe spokesperson spoke.")
    assert (m.published_on, m.published_on_basis) == (dt.date(2025, 3, 4), "dateline")


def test_the_print_edition_line_gives_the_date() -> None:
    raw = "Port strike ends\n\nThe union said so.\n\nA version of this article appeared in the print edition of "
    m = md(raw + "The Japan Times on May 2, 2024, with the headline Port strike ends.")
    assert (m.published_on, m.published_on_basis) == (dt.date(2024, 5, 2), "dateline")


@pytest.mark.parametrize(
    "raw",
    [
        # a file photo's date
        "In this Monday, March 4, 2019 file photo, a port worker waves. The union said on Friday it would strike.",
        # the clock of a page bar: a date with its own year is no evidence of publication
        "61.2 F\nBusan\nTuesday, March 4, 2025\n\nUnion calls strike\n\nThe union said on Monday it would strike.",
    ],
)
def test_a_weekday_date_that_prints_its_own_year_is_not_the_publication_date(raw: str) -> None:
    m = md(raw)
    assert (m.published_on, m.published_on_basis) == (None, "unknown")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("TOKYO, March 3, 2025 (Kyodo) -- The cabinet met.", dt.date(2025, 3, 3)),
        ("Tokio, 3 Mar 2025 (EFE).- The cabinet met.", dt.date(2025, 3, 3)),
        ("BEIJING, 2025-03-03 (Xinhua) -- Officials met.", dt.date(2025, 3, 3)),
        ("PARIS, March 3, 2025 10:30 GMT (AFP) - Talks opened.", dt.date(2025, 3, 3)),
        ("TOKYO, March 3 (Kyodo) -- The cabinet met.", None),
    ],
)
def test_datelines_in_their_real_forms_give_the_date_when_they_print_the_year(
    raw: str, expected: dt.date | None
) -> None:
    assert md(raw).published_on == expected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("KYODO NEWS - Mar 3, 2025 - 10:42 | World", dt.date(2025, 3, 3)),
        ("Tue 4 Mar 2025 03.00 GMT", dt.date(2025, 3, 4)),
        ("Mar. 4, 2025, 2:30 p.m. ET", dt.date(2025, 3, 4)),
    ],
)
def test_a_head_line_with_a_date_and_a_time_in_other_sites_forms_is_the_date(
    head: str, expected: dt.date
) -> None:
    m = md(f"Port strike ends\n\n{head}\n\nThe union said so on Monday.")
    assert (m.published_on, m.published_on_basis) == (expected, "dateline")


def test_a_masthead_before_the_headline_is_not_the_title() -> None:
    m = md("The Korea Times\n\nPort strike ends after a week\n\nThe union said so on Monday.")
    assert (m.title, m.outlet) == ("Port strike ends after a week", "Korea Times")


def test_a_picture_credit_with_a_date_is_no_dateline() -> None:
    assert (
        md("Port strike ends\n\nHan Ji-woo, March 3, 2025 (KCNA)\n\nThe union said so.").published_on is None
    )
