"""Tests for archive.extraction.figures: numbers, ranges, spoken forms, categories."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from archive.extraction.cleaning import clean
from archive.extraction.figures import find_figures
from archive.extraction.types import Figure

ROOT = Path(__file__).resolve().parents[2]
GOLD = yaml.safe_load((ROOT / "tests" / "gold_seeds.yaml").read_text(encoding="utf-8"))


def one(text: str) -> Figure:
    figures = find_figures(text)
    assert len(figures) == 1, figures
    return figures[0]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("about 4,700 troops", 4700),
        ("Nine hundred soldiers were killed", 900),
        ("some 25-thousand troops were sent", 25000),
        ("another three-thousand-200 have been injured", 3200),
        ("stands at 58-hundred soldiers killed or wounded", 5800),
        ("1.5 million workers", 1500000),
        ("2 million labourers", 2000000),
        ("a dozen soldiers were captured", 12),
        ("twenty-five prisoners were captured", 25),
    ],
)
def test_it_reads_digits_and_spoken_forms(text: str, value: int) -> None:
    assert one(text).value == value


def test_offsets_point_into_the_whole_text_when_a_span_is_given() -> None:
    text = "Intro 999 people. Later 3,100 soldiers were killed. Tail 77 people."
    start = text.index("Later")
    end = text.index(" Tail")
    [f] = find_figures(text, start, end)
    assert (f.value, text[f.start : f.end], f.text) == (3100, "3,100", "3,100")


@pytest.mark.parametrize(
    "text",
    [
        "Between 8,000 and 9,500 troops were sent",
        "North Korea dispatched 8,000-9,500 troops",
        "North Korea dispatched 8,000 to 9,500 troops",
    ],
)
def test_it_reads_ranges(text: str) -> None:
    f = one(text)
    assert (f.value, f.low, f.high, f.category) == (None, 8000, 9500, "troops deployed")


def test_from_a_to_b_is_two_figures_not_a_range() -> None:
    figures = find_figures("casualties rose from 1,200 to 1,900")
    assert [(f.value, f.low) for f in figures] == [(1200, None), (1900, None)]


@pytest.mark.parametrize(
    "qualifier",
    ["about", "around", "roughly", "some", "more than", "over", "nearly", "approximately", "up to"],
)
def test_qualifiers_make_a_figure_approximate_and_belong_to_its_text(qualifier: str) -> None:
    f = one(f"{qualifier} 1,300 soldiers were killed")
    assert f.approximate
    assert f.text == f"{qualifier} 1,300"


def test_a_bare_number_is_exact() -> None:
    assert not one("1,300 soldiers were killed").approximate


def test_money_in_won_with_dollars_in_brackets_gives_two_figures() -> None:
    text = "The hackers stole an estimated 3 trillion won [$2.1 billion] in crypto"
    krw, usd = find_figures(text)
    assert (krw.category, krw.value, krw.unit, krw.approximate) == ("money", 3_000_000_000_000, "KRW", True)
    assert (usd.category, usd.value, usd.unit, usd.approximate) == ("money", 2_100_000_000, "USD", False)
    assert usd.text == "$2.1 billion"
    assert krw.text == "an estimated 3 trillion won"


def test_money_in_parentheses_works_too() -> None:
    assert [f.unit for f in find_figures("1.2 trillion won ($900 million)")] == ["KRW", "USD"]


@pytest.mark.parametrize(
    ("text", "category", "unit"),
    [
        ("roughly 800 soldiers have died", "killed", "people"),
        ("1,100 deaths", "killed", "people"),
        ("including 50 fatalities", "killed", "people"),
        ("another 900 have been injured", "wounded", "people"),
        ("200 killed and 900 wounded", "killed", "people"),
        ("casualties reached about 2,000", "casualties", "people"),
        ("about 3,000 are believed to have been killed or injured", "casualties", "people"),
        ("Pyongyang deployed 9,000 troops", "troops deployed", "people"),
        ("4,000 North Korean labourers have been sent", "labourers", "people"),
        ("12,000 laborers", "labourers", "people"),
        ("900 injured soldiers were repatriated to the North", "repatriated", "people"),
        ("Kyiv holds 5 prisoners of war", "captured", "people"),
        ("there were 17 incidents of drone filming", "incidents", "incidents"),
        ("it shipped 20,000 shells", "munitions", "items"),
        ("talks covered 9 sectors", "other", "sectors"),
    ],
)
def test_context_words_give_the_category(text: str, category: str, unit: str) -> None:
    f = find_figures(text)[0]
    assert (f.category, f.unit) == (category, unit)


def test_a_participle_before_the_noun_is_an_adjective_and_the_predicate_decides() -> None:
    assert one("some 700 wounded soldiers were sent back home").category == "repatriated"
    assert one("Ukraine holds three captured North Korean soldiers").category == "captured"


def test_each_number_gets_the_cue_nearest_after_it() -> None:
    figures = find_figures("about 400 soldiers had died and another 1,900 had been injured")
    assert [(f.value, f.category) for f in figures] == [(400, "killed"), (1900, "wounded")]


@pytest.mark.parametrize(
    "text",
    [
        "self-propelled 152mm guns",
        "new 122-mm rockets",
        "KN-23 missiles",
        "an 8,000-ton submarine",
        "the 2023 summit",
        "since 2019",
        "on March 3",
        "on Feb. 9 it said",
        "in July 2023",
        "aged 19",
        "a 19-year-old private",
        "the 5th plenary meeting",
        "the 75th anniversary",
        "at 10:30 a.m.",
        "two days later",
        "the two prisoners",
        "one of the lawmakers",
        "the two countries",
        "two separate occasions",
        "the 2+2 talks",
        "Posted 2021-03-04 08:15",
        "on 04/03/2021",
        "Tonight (3.14), the panel met",
        "Channel 4\nThe panel met",
        "2. Questions\nThe panel met",
        "dozens of 100's of titles",
        "at the No. 5 and 6 reactors",
        "Seoul 48.2 F",
        "remarks from 10 or 20 years ago",
        "in three weeks",
        "under Resolution 1718 and through Office 27",
        "The envoy, 58, arrived",
        "several hundred casualties",
        "a few thousand troops",
    ],
)
def test_calibres_years_dates_ages_ordinals_models_operators_names_and_idioms_are_not_figures(
    text: str,
) -> None:
    assert find_figures(text) == ()


def test_a_percentage_is_kept_with_unit_percent() -> None:
    f = one("support rose to 38 percent")
    assert (f.category, f.unit, f.value) == ("other", "percent", 38)


def _matches(f: Figure, gold: dict[str, object]) -> bool:
    keys = ("category", "value", "low", "high", "approximate", "unit")
    return all(getattr(f, k) == gold[k] for k in keys if k in gold)


@pytest.mark.parametrize("article", GOLD["articles"], ids=lambda a: a["file"][:3])
def test_gold_figures_of_each_seed_are_found(article: dict[str, object]) -> None:
    text = clean((ROOT / "seeds" / str(article["file"])).read_text(encoding="utf-8")).text
    figures = find_figures(text)
    for f in figures:
        assert text[f.start : f.end] == f.text
    for gold in article.get("figures", []):  # type: ignore[attr-defined]
        assert any(_matches(f, gold) for f in figures), gold
    for not_figure in article.get("not_figures", []):  # type: ignore[attr-defined]
        assert not any(not_figure in f.text or f.text in not_figure for f in figures), not_figure


def test_seed_calibres_model_numbers_and_tonnage_are_not_figures() -> None:
    texts = [clean(p.read_text(encoding="utf-8")).text for p in sorted((ROOT / "seeds").glob("*.txt"))]
    values = {f.value for t in texts for f in find_figures(t)}
    assert not values & {170, 240, 22, 5000, 2016, 2024, 80, 3, 29, 30, 28}


def test_defections_are_counted_as_defectors() -> None:
    text = "Three soldiers have defected this year; the number of defectors fell to 105."
    assert [(f.category, f.value) for f in find_figures(text)] == [("defectors", 3), ("defectors", 105)]


def test_troops_moved_to_a_region_are_deployed_troops() -> None:
    text = (
        "North Korea has moved around 3,000 more soldiers to Kursk, bringing the total there to about 11,000."
    )
    assert [(f.category, f.value) for f in find_figures(text)] == [
        ("troops deployed", 3000),
        ("troops deployed", 11000),
    ]


def test_a_money_range_may_repeat_the_currency_symbol() -> None:
    [f] = find_figures("Pyongyang had spent between $50 million and $80 million on the program.")
    assert (f.category, f.low, f.high, f.unit) == ("money", 50_000_000, 80_000_000, "USD")


def test_defectors_are_counted_in_people() -> None:
    [f] = find_figures("Three North Korean soldiers have defected to the South.")
    assert (f.category, f.value, f.unit) == ("defectors", 3, "people")


def test_what_happened_to_workers_decides_over_the_people_noun() -> None:
    text = "A dozen North Korean IT workers had been caught using fake identities."
    assert [(f.category, f.value) for f in find_figures(text)] == [("captured", 12)]
    assert [f.category for f in find_figures("15,000 North Korean labourers have been sent to Russia.")] == [
        "labourers"
    ]


def test_a_scale_word_written_once_applies_to_both_ends_of_a_range():
    [money] = find_figures("The regime earned $5-8 million from the sales.")
    assert (money.low, money.high, money.unit) == (5_000_000, 8_000_000, "USD")
    [shells] = find_figures("some 2-3 million rounds of shells were sent")
    assert (shells.low, shells.high, shells.approximate) == (2_000_000, 3_000_000, True)


@pytest.mark.parametrize(
    ("text", "value"), [("a reading of 12.5 on the scale", 12), ("it cost $1.16 billion", 1_160_000_000)]
)
def test_a_decimal_of_four_characters_is_read_not_taken_for_a_year(text: str, value: int) -> None:
    assert [f.value for f in find_figures(text)] == [value]


def test_the_docstring_examples_hold() -> None:
    import doctest

    from archive.extraction import figures

    result = doctest.testmod(figures)
    assert result.failed == 0 and result.attempted > 0


def categories(text: str) -> list[tuple[int | None, str, str]]:
    return [(f.value, f.category, f.label) for f in find_figures(text)]


def test_each_number_takes_the_category_of_its_own_clause() -> None:
    assert [c[:2] for c in categories("Some 300 guards were killed and 1,400 wounded in the raid")] == [
        (300, "killed"),
        (1400, "wounded"),
    ]


def test_a_cue_in_another_clause_says_nothing_about_the_number() -> None:
    text = "The army keeps 7,000 troops near the lake, and dozens of them were killed"
    assert categories(text) == [(7000, "troops deployed", "troops")]
    text = "The navy lost a destroyer; 40 sailors were rescued by fishermen"
    assert categories(text)[0][:2] == (40, "other")


def test_the_counted_noun_decides_before_the_verb_around_it() -> None:
    assert categories("The allies sent 9,000 shells to the front") == [(9000, "munitions", "shells")]


def test_a_noun_cue_before_a_number_that_counts_another_thing_does_not_count() -> None:
    text = "It used the same rockets in three earlier satellite launches"
    assert categories(text) == [(3, "other", "earlier satellite launches")]


def test_a_verb_cue_before_the_number_counts() -> None:
    assert categories("The flood killed 35 villagers") == [(35, "killed", "villagers")]


@pytest.mark.parametrize(
    ("phrase", "bound", "approximate"),
    [
        ("more than 800", "at least", True),
        ("over 800", "at least", True),
        ("at least 800", "at least", True),
        ("800 or more", "at least", True),
        ("800-plus", "at least", True),
        ("up to 800", "at most", True),
        ("as many as 800", "at most", True),
        ("fewer than 800", "at most", True),
        ("nearly 800", "nearly", True),
        ("almost 800", "nearly", True),
        ("about 800", "about", True),
        ("an estimated 800", "about", True),
        ("800 or so", "about", True),
        ("800", "exact", False),
    ],
)
def test_a_qualifier_gives_the_figure_its_bound(phrase: str, bound: str, approximate: bool) -> None:
    f = one(f"Officials said {phrase} sailors were detained.")
    assert (f.value, f.bound, f.approximate, f.text) == (800, bound, approximate, phrase)


@pytest.mark.parametrize(
    ("text", "value", "unit", "figure_text"),
    [
        ("The census counted 3.7 million residents", 3_700_000, "residents", "3.7 million"),
        ("Turnout rose by 12.3 percent", 12, "percent", "12.3 percent"),
        ("Turnout rose by 8.5%", 8, "percent", "8.5%"),
        ("The port cost $1.16 billion", 1_160_000_000, "USD", "$1.16 billion"),
        ("Exports earned 2.75 trillion won", 2_750_000_000_000, "KRW", "2.75 trillion won"),
    ],
)
def test_decimals_and_scale_words_are_read(text: str, value: int, unit: str, figure_text: str) -> None:
    f = one(text)
    assert (f.value, f.unit, f.text) == (value, unit, figure_text)


@pytest.mark.parametrize(
    ("text", "label", "unit", "value"),
    [
        ("The governor ordered nine officials executed", "executed", "people", 9),
        ("The mayor weighs about 95 kg", "weight", "kg", 95),
        ("She lost 30 pounds", "weight", "lb", 30),
        ("The drone flew 420 km before it fell", "distance", "km", 420),
        ("The farm needs 2 million tons of grain", "weight", "tons", 2_000_000),
        ("The strike lasted 41 days", "duration", "days", 41),
        ("The server was down over a 6-day period", "duration", "days", 6),
        ("Support rose to 38 percent", "percentage", "percent", 38),
        ("The league runs seven training camps", "training camps", "camps", 7),
    ],
)
def test_numbers_outside_the_taxonomy_are_other_with_a_label(
    text: str, label: str, unit: str, value: int
) -> None:
    f = one(text)
    assert (f.category, f.label, f.unit, f.value) == ("other", label, unit, value)


def test_a_small_spelled_number_counts_any_plural_noun() -> None:
    assert categories("Police questioned four local farmers") == [(4, "other", "local farmers")]


def test_a_range_joined_by_or_is_one_figure() -> None:
    [f] = find_figures("two or three fishermen were detained")
    assert (f.low, f.high, f.category) == (2, 3, "captured")


def test_a_long_run_of_numbers_and_cue_words_is_read_whole() -> None:
    text = "Soldiers killed 2,000 about Two thousand troops and more than 600 wounded, 7 sent " * 500
    assert len(find_figures(text)) == 4 * 500


def test_both_ends_of_a_range_take_the_unit_written_once() -> None:
    [f] = find_figures("He lost between 10 and 15 kilograms")
    assert (f.low, f.high, f.label, f.unit, f.text) == (10, 15, "weight", "kg", "10 and 15 kilograms")
    assert [(f.value, f.unit) for f in find_figures("It took 3 or 4 days, then 9 days")] == [
        (None, "days"),
        (9, "days"),
    ]


def test_attempts_counted_with_their_own_noun_are_incidents() -> None:
    assert categories("The firewall logged nearly 900 intrusion attempts") == [
        (900, "incidents", "intrusion attempts")
    ]


def test_offsets_stay_inside_the_span_and_index_the_text_on_random_texts() -> None:
    import random

    pieces = ["1", "4,700", "1.16", " ", "-", "and ", "or ", "Six", "hundred", "dozen", "٣", "million", "a ",
              "\n", "soldiers", " killed", " kg", " days", " ago", "No. ", "2013-10-09", "+", "$", "(", ")",
              "’s", "between ", "more than ", "nearly ", ";", ", and ", "Kim, ", "several ", " percent"]  # fmt: skip
    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        for f in find_figures(text, start, end):
            assert text[f.start : f.end] == f.text and start <= f.start <= f.end <= end, (text, f)
            assert f.value is not None or (f.low is not None and f.high is not None and f.low < f.high)
