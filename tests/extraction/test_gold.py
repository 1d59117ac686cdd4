"""The quality bar: the pipeline on the five seeds against tests/gold_seeds.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.extraction.evaluate import Scores, evaluate_seeds

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def scores() -> Scores:
    result, _ = evaluate_seeds(ROOT / "seeds", ROOT / "tests" / "gold_seeds.yaml")
    for measure, score, details in result.rows():
        print(f"{measure:<40} {score:<14} {details}")
    return result


def test_every_gold_person_is_found_across_the_articles(scores: Scores) -> None:
    assert scores.people_found == scores.people_total, scores.missing_people


def test_no_person_is_stored_twice_after_merging_by_name_key(scores: Scores) -> None:
    assert scores.duplicate_people == ()


def test_no_person_comes_from_page_furniture(scores: Scores) -> None:
    assert scores.furniture_people == ()


def test_every_lawmakers_party_is_right(scores: Scores) -> None:
    assert scores.parties_right == scores.parties_total, scores.wrong_parties


def test_no_date_is_invented(scores: Scores) -> None:
    assert scores.invented_dates == ()


def test_nine_in_ten_reference_claims_are_found_with_the_right_speaker_and_source(scores: Scores) -> None:
    assert scores.claim_recall >= 0.9, scores.missing_claims


def test_nine_in_ten_reference_figures_are_found_with_the_right_category(scores: Scores) -> None:
    assert scores.figure_recall >= 0.9, scores.missing_figures


def test_no_calibre_is_taken_as_a_figure(scores: Scores) -> None:
    assert scores.calibres_taken == ()


def test_the_three_briefings_are_found_with_their_relaying_lawmakers(scores: Scores) -> None:
    assert scores.briefings_total == 3
    assert scores.briefings_found == 3, scores.briefing_problems
