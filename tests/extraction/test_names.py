"""names: the keys under which ingest merges people across articles."""

from __future__ import annotations

import doctest

import pytest

from archive.extraction import names
from archive.extraction.names import name_key, normalise_case, same_name


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Lee Seong-kweun", "Lee Seong Kwon"),
        ("Lee Seong-kweun", "Lee Seong Kweun"),
        ("Park Sun-won", "Park Sun Won"),
        ("Kim Jong-un", "Kim Jong Un"),
        ("KIM JEONG-JAE", "Kim Jeong-jae"),
        ("Choe Son Hui", "Choi Son-hui"),
        ("Rhee Min-su", "Yi Min-su"),
        ("Moon Tae Kyung", "Moon Tae-keung"),  # an ad hoc spelling of gyeong
        ("Seo Kyong-hui", "Seo Gyeong-hee"),  # McCune-Reischauer and an ad hoc spelling
        ("Bae Ha-kweun", "Bae Ha-gwon"),
        ("Ryang Chol-su", "Yang Cheol-su"),  # the North's initial r
        ("Ko Ryong-bin", "Ko Yong-bin"),
    ],
)
def test_romanisation_variants_share_one_key(a: str, b: str) -> None:
    assert same_name(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kim Jong-un", "Kim Jong-il"),
        ("Kim Byung-kee", "Kim Bum-soo"),
        ("Kim Ju-ae", "Kim Jong-un"),
        ("Park Sun-won", "Park Yong-il"),
        ("Lee Seong-kweun", "Kim Seong-kweun"),
    ],
)
def test_different_people_keep_different_keys(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_an_empty_name_matches_nothing() -> None:
    assert not same_name("", "")


def test_capitals_are_normalised_keeping_hyphenated_syllables_joined() -> None:
    assert normalise_case("PARK SUN-WON") == "Park Sun-won"


def test_the_docstring_examples_hold() -> None:
    result = doctest.testmod(names)
    assert result.failed == 0 and result.attempted > 0


def test_a_hyphen_keeps_syllables_apart_so_go_eun_is_not_gunn() -> None:
    assert name_key("Kim Go-eun") != name_key("Kim Gunn")
    assert name_key("Park Sun-won") == name_key("Park Sunwon")


def test_near_keys_meet_for_one_letter_and_not_for_short_or_different_names() -> None:
    assert names.near_keys("Viktor Zhilenko") & names.near_keys("Viktor Zhylenko")
    assert not names.near_keys("Viktor Zhilenko") & names.near_keys("Viktor Zhivago")
    assert names.near_keys("Kim Su") == frozenset()  # too short to tell a slip from another name
