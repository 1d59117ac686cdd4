"""Tests for archive.extraction.outlets: the outlet an article names as its own author."""

from __future__ import annotations

import doctest

import pytest

from archive.extraction import metadata, outlets
from archive.extraction.cleaning import clean
from archive.extraction.outlets import extract_outlet, media_name


def outlet_of(raw: str) -> str | None:
    cleaned = clean(raw)
    return extract_outlet(cleaned.text, "", cleaned.raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Headline here\n\nSEOUL, Jan. 5 (Yonhap) -- The ministry said so on Friday.", "Yonhap"),
        ("Headline here\n\nTOKYO, Feb. 2 (Kyodo) -- The cabinet met.", "Kyodo"),
        ("BUSAN, South Korea (AP) — Port workers went on strike.", "AP"),
        ("BUSAN, SOUTH KOREA (AP) — Port workers went on strike.", "AP"),
        ("Headline here\n\n(Reuters) - The central bank held rates.", "Reuters"),
        ("Tokio, Jun 3 (EFE).- The governor resigned.", "EFE"),
        ("MOSCOW, March 3. /TASS/. The ministry said so.", "TASS"),
        ("BEIJING, 2025-03-03 (Xinhua) -- Officials met.", "Xinhua"),
        ("PARIS, March 3, 2025 10:30 GMT (AFP) - Talks opened.", "AFP"),
        ("(ANSA) - ROME, MAR 3 - The senate voted.", "ANSA"),
    ],
)
def test_a_dateline_names_the_outlet(raw: str, expected: str) -> None:
    assert outlet_of(raw) == expected


def test_a_dateline_may_name_an_outlet_the_gazetteer_lacks() -> None:
    assert outlet_of("DAEGU, April 4 (Daegu Morning Wire) -- The mayor spoke.") == "Daegu Morning Wire"


def test_a_photo_credit_in_parentheses_is_no_dateline() -> None:
    raw = "A crowd gathers in a square. (AP Photo/Park Min-su, File)\nThe crowd dispersed (Photo) later."
    assert outlet_of(raw) is None


def test_a_wire_only_cited_is_not_the_outlet() -> None:
    raw = "Budget talks stall\n\nThe cabinet met on Monday, according to Reuters.\n\nYonhap news agency said so."
    assert outlet_of(raw) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Headline here\n\nMarch 3, 2025 - 10:31 By Yonhap\nThe ministry said so.", "Yonhap"),
        ("Headline here\n\nBy Reuters Staff\n\nThe bank said so.", "Reuters"),
        ("Headline here\nWorld\nGuardian staff and agencies\n\nThe minister resigned.", "The Guardian"),
        (
            "Headline here\n\nBy Ha Min-ji\n\nThe bank said so.\n\n© 2025 The Associated Press. All rights reserved.",
            "AP",
        ),
        (
            "Headline here\n\nThe bank said so.\n\nCopyright ⓒ Yonhap News Agency. All Rights Reserved",
            "Yonhap",
        ),
        ("Headline here\n\nThe bank said so.\n\n(c) koreatimes.co.kr", "Korea Times"),
    ],
)
def test_a_by_line_or_copyright_line_names_the_outlet(raw: str, expected: str) -> None:
    assert outlet_of(raw) == expected


def test_a_person_on_the_by_line_is_no_outlet() -> None:
    assert outlet_of("Headline here\n\nBy Choi Da-eun\n\nThe bank said so.") is None


def test_a_copyright_line_of_a_picture_agency_is_no_outlet() -> None:
    assert (
        outlet_of("Headline here\n\nThe bank said so.\n\nCopyright 2025 Getty Images. All rights reserved.")
        is None
    )


def test_the_print_edition_line_names_the_publisher_of_syndicated_copy() -> None:
    raw = (
        "Headline here\n\nThe bank said so.\n\nTHE KOREA TIMES/ASIA NEWS NETWORK\n\n"
        "A version of this article appeared in the print edition of The Japan Times on May 2, 2024."
    )
    assert outlet_of(raw) == "Japan Times"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("The Korea Times\n\nMinister resigns\n\nThe minister resigned on Monday.", "Korea Times"),
        (
            "Get the app\nThe Guardian - AU\n\nWorld\nMinister resigns\n\nThe minister resigned.",
            "The Guardian",
        ),
        ("News 9\n\nMinister resigns\n\n[Anchor]\n\nThe minister resigned.", "KBS"),
    ],
)
def test_a_masthead_line_names_the_outlet(raw: str, expected: str) -> None:
    assert outlet_of(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "The minister resigned on Monday.\n\nTHE KOREA TIMES/ASIA NEWS NETWORK\n\nSubscribe now.",
            "Korea Times",
        ),
        ("The minister resigned on Monday.\n— Reuters", "Reuters"),
        ("The minister resigned on Monday.\n\nSource: Kyodo", "Kyodo"),
        ("The minister resigned on Monday.\n\nPlease send comments to [desk@hani.co.kr]", "Hankyoreh"),
        (
            "The minister resigned.\n\nNK News is an independent, non-partisan news source covering Asia.",
            "NK News",
        ),
        (
            "The minister resigned.\n\nFollow our coverage of the vote on the @Kyivpost_official.\n\nMore text.",
            "Kyiv Post",
        ),
    ],
)
def test_closing_lines_name_the_outlet(raw: str, expected: str) -> None:
    assert outlet_of(raw) == expected


def test_a_word_cut_by_the_tail_window_is_no_outlet() -> None:
    # The last lines hold "rt." only as the end of a longer line.
    raw = "The minister resigned. " * 80 + "He said he would sta\nrt."
    assert outlet_of(raw) is None


def test_the_dateline_outranks_the_site_that_carries_syndicated_copy() -> None:
    raw = "The Korea Times\n\nMinister resigns\n\nSEOUL (AP) — The minister resigned on Monday."
    assert outlet_of(raw) == "AP"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("The Associated Press", "AP"),
        ("THE KOREA HERALD", "Korea Herald"),
        ("The Guardian - AU", "The Guardian"),
        ("yna.co.kr", "Yonhap"),
        ("www.nytimes.com", "New York Times"),
        ("@KyivPost", "Kyiv Post"),
        ("(Yonhap)", None),
        ("National Intelligence Service", None),
        ("Kim Min-ji", None),
    ],
)
def test_media_name_resolves_names_sites_and_handles_of_media_only(name: str, expected: str | None) -> None:
    assert media_name(name) == expected


def test_the_docstring_examples_hold() -> None:
    for module in (outlets, metadata):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0, module.__name__


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Minister resigns | The Korea Times\n\nThe minister resigned on Monday.", "Korea Times"),
        ("KYODO NEWS - Mar 3, 2025 - 10:42 | World\n\nThe cabinet met.", "Kyodo"),
        ("Text of the story.\n\nThis story was originally published by Radio Free Asia.", "Radio Free Asia"),
        ("Text of the story.\n\nSource: Xinhua | 2025-03-03 10:30:15 | Editor: Li Wei", "Xinhua"),
    ],
)
def test_page_titles_republication_notes_and_source_lines_name_the_outlet(raw: str, expected: str) -> None:
    assert outlet_of(raw) == expected


def test_a_source_a_headline_cites_after_a_dash_is_not_the_outlet() -> None:
    assert outlet_of("Port strike spreads - Reuters\n\nThe union said it would strike.") is None


@pytest.mark.parametrize(
    "raw",
    [
        "Han Ji-woo (Democratic Party) — We will vote against it.",
        "Park Min-su (Busan Shipyards) - The yard will close.",
    ],
)
def test_a_name_with_a_parenthesis_and_a_dash_is_no_dateline(raw: str) -> None:
    assert outlet_of(raw) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("[Anchor]\nThe cabinet met today.\nArirang's Choi Su-bin reports.\n\n[Report]\nIt met.", "Arirang"),
        ("Cabinet meets\n\nYonhap reports:\n\nThe cabinet met today.", "Yonhap"),
        ("Cabinet meets\n\nYonhap reports that the cabinet met today.\n\nMore text.", None),
        ("Cabinet meets\n\nChoi Su-bin reports.\n\nThe cabinet met today.", None),
    ],
)
def test_an_x_reports_line_names_the_outlet_but_a_sentence_citing_it_does_not(
    raw: str, expected: str | None
) -> None:
    assert outlet_of(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "Port strike ends\n\nA picture of the port.\n© Yonhap\n\nThe union said so on Monday.",
        "Port strike ends\n\nHan Ji-woo, March 3 (KCNA)\n\nThe union said so on Monday.",
    ],
)
def test_picture_credits_that_look_like_copyright_or_dateline_lines_are_no_outlet(raw: str) -> None:
    assert outlet_of(raw) is None
