"""The quality bar, on two annotated corpora.

``seeds``: the five seed articles against tests/gold_seeds.yaml (the issue's
acceptance target). ``other outlets``: tests/extraction/articles/, articles in
the styles of other outlets (Yonhap wire copy, Korea Herald, Korea Times,
Reuters, AP, NK News, Arirang TV, Chosun Ilbo, ...) with other lawmakers,
parties, agencies, committees, dates and number forms; its gold.yaml annotates
them the way gold_seeds.yaml annotates the seeds, written before the pipeline
was run on them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from archive.extraction.evaluate import Scores, evaluate_seeds

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = Path(__file__).resolve().parent / "articles"
CORPORA = {
    "seeds": (ROOT / "seeds", ROOT / "tests" / "gold_seeds.yaml"),
    "other outlets": (ARTICLES, ARTICLES / "gold.yaml"),
}


@cache
def evaluate(corpus: str) -> Scores:
    result, _ = evaluate_seeds(*CORPORA[corpus])
    print(f"\n{corpus}:")
    for measure, score, details in result.rows():
        print(f"{measure:<40} {score:<14} {details}")
    return result


@pytest.fixture(params=list(CORPORA))
def scores(request: pytest.FixtureRequest) -> Scores:
    return evaluate(request.param)


def test_every_gold_person_is_found_across_the_articles(scores: Scores) -> None:
    assert scores.people_found == scores.people_total, scores.missing_people


def test_no_person_is_stored_twice_after_merging_by_name_key(scores: Scores) -> None:
    assert scores.duplicate_people == ()


def test_no_person_comes_from_page_furniture_or_a_headline(scores: Scores) -> None:
    assert scores.furniture_people == ()


def test_every_lawmakers_party_is_right(scores: Scores) -> None:
    assert scores.parties_right == scores.parties_total, scores.wrong_parties


def test_no_date_is_invented(scores: Scores) -> None:
    assert scores.invented_dates == ()


def test_nine_in_ten_reference_claims_are_found_with_the_right_speaker_and_source(scores: Scores) -> None:
    assert scores.claim_recall >= 0.9, scores.missing_claims


def test_nine_in_ten_reference_figures_are_found_with_the_right_category(scores: Scores) -> None:
    assert scores.figure_recall >= 0.9, scores.missing_figures


def test_no_calibre_or_measure_is_taken_as_a_figure(scores: Scores) -> None:
    assert scores.calibres_taken == ()


def test_every_briefing_is_found_with_its_organiser_audience_and_relaying_lawmakers(scores: Scores) -> None:
    assert scores.briefings_found == scores.briefings_total, scores.briefing_problems


def test_the_seeds_report_three_briefings() -> None:
    assert evaluate("seeds").briefings_total == 3


def test_the_other_outlets_set_is_large_enough_to_mean_something() -> None:
    scores = evaluate("other outlets")
    assert len(list(ARTICLES.glob("*.txt"))) >= 8
    assert scores.claims_total >= 60 and scores.figures_total >= 25 and scores.people_total >= 30
