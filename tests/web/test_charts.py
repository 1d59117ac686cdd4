import datetime as dt

import pytest

from archive import charts
from archive.charts import nice_step, timeline, timelines
from tests.factories import ArticleFactory, ClaimFactory, FigureFactory

pytestmark = pytest.mark.django_db


def figure(day, value, *, outlet=None, low=None, high=None):
    article = ArticleFactory(published_on=dt.date(2025, 4, day), **({"outlet": outlet} if outlet else {}))
    return FigureFactory(claim=ClaimFactory(article=article), value=value, low=low, high=high)


def test_nice_steps_are_round():
    assert nice_step(4700) == 1000
    assert nice_step(15) == 5
    assert nice_step(0) == 1


def test_points_are_placed_by_date_and_value_inside_the_plot(db):
    early, late = figure(1, 100), figure(30, 600)
    chart = timeline("killed", [early, late])
    a, b = chart.points
    assert chart.plot_left < a.x < b.x < chart.plot_right
    assert chart.plot_top <= b.y < a.y <= chart.plot_bottom
    assert a.url == early.claim.get_absolute_url()


def test_reports_disagreeing_on_the_same_day_are_marked(db):
    chart = timeline("killed", [figure(5, 600), figure(5, 700), figure(6, 600)])
    assert len(chart.disagreements) == 1
    assert chart.disagreements[0].values == ["600", "700"]
    assert [p.disputed for p in chart.points] == [True, True, False]


def test_a_range_becomes_a_bar_around_its_midpoint(db):
    point = timeline("killed", [figure(5, None, low=1000, high=2000)]).points[0]
    assert point.value == 1500
    assert point.y_high < point.y < point.y_low


def test_a_single_day_is_centred_and_figures_without_numbers_are_skipped(db):
    chart = timeline("killed", [figure(5, 10), figure(5, None)])
    assert len(chart.points) == 1
    assert chart.points[0].x == chart.plot_left + (chart.plot_right - chart.plot_left) / 2


def test_each_source_gets_its_own_colour_in_the_legend(db):
    chart = timeline("killed", [figure(1, 10), figure(2, 20)])
    assert [name for name, _ in chart.legend] == ["unattributed"]


def test_timelines_follow_the_category_order_and_skip_empty_ones(db):
    f = figure(1, 10)
    assert [c.category for c in timelines([f])] == ["killed"]
    assert timelines([]) == []


def test_figures_in_different_units_get_separate_charts(db):
    krw, usd = figure(1, 6000), figure(1, 4220)
    krw.category = usd.category = "money"
    krw.unit, usd.unit = "KRW", "USD"
    charts = timelines([krw, usd])
    assert [c.category for c in charts] == ["money (KRW)", "money (USD)"]
    assert all(not c.disagreements for c in charts)
    assert charts[0].slug == "money-krw"


def test_every_palette_colour_has_a_legend_swatch_class():
    """The legend cannot use inline styles (CSP): each colour needs its class in archive.css."""
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static/archive/archive.css").read_text()
    for colour in charts.PALETTE:
        assert f".swatch-{colour[1:].lower()} {{ background: {colour}; }}" in css


def test_other_figures_are_charted_by_their_label(db):
    weight, share = figure(1, 140), figure(2, 45)
    weight.category = share.category = "other"
    weight.label, weight.unit = "weight", "kg"
    share.label, share.unit = "percentage", "percent"
    assert [c.category for c in timelines([weight, share])] == ["percentage (percent)", "weight (kg)"]


def test_a_monthly_chart_keeps_the_busiest_sources_and_merges_the_rest():
    from archive.charts import SERIES_LIMIT, SOURCE_FIELDS, _top_sources

    month = dt.date(2025, 4, 1)
    rows = []
    for i in range(SERIES_LIMIT + 3):
        source = dict.fromkeys(SOURCE_FIELDS)
        source["claim__source_organisation__name"] = f"Agency {i}"
        rows.append(
            {
                "category": "killed",
                "month": month,
                **source,
                "low": i,
                "high": 10 * i,
                "n": 100 - i,
                "claim": 50 - i,
            }
        )
    kept = _top_sources(rows)
    names = [r["claim__source_organisation__name"] for r in kept if not r.get("other_sources")]
    assert names == [f"Agency {i}" for i in range(SERIES_LIMIT - 1)]  # the most reported
    [merged] = [r for r in kept if r.get("other_sources")]
    rest = rows[SERIES_LIMIT - 1 :]
    assert merged["n"] == sum(r["n"] for r in rest)
    assert (merged["low"], merged["high"]) == (min(r["low"] for r in rest), max(r["high"] for r in rest))
    assert merged["claim"] == min(r["claim"] for r in rest)
    assert _top_sources(rows[:SERIES_LIMIT]) == rows[:SERIES_LIMIT]  # few sources: unchanged


def test_a_long_monthly_chart_is_drawn_by_quarter_or_year():
    from archive.charts import BUCKET_LIMIT, SOURCE_FIELDS, _coarser, _period_end

    source = dict.fromkeys(SOURCE_FIELDS)
    rows = [
        {
            "month": dt.date(2016 + m // 12, m % 12 + 1, 1),
            **source,
            "low": m,
            "high": m,
            "n": 1,
            "claim": m + 1,
        }
        for m in range(120)
    ]
    quarters = _coarser(rows)
    assert len(quarters) == 40 <= BUCKET_LIMIT
    assert sum(r["n"] for r in quarters) == 120
    first = min(quarters, key=lambda r: r["month"])
    assert (first["month"], first["months"], first["low"], first["high"]) == (dt.date(2016, 1, 1), 3, 0, 2)
    assert _period_end(first["month"], 3) == dt.date(2016, 3, 31)
    years = _coarser([{**r, "month": dt.date(1900 + i, 1, 1)} for i, r in enumerate(rows)])
    assert {r["months"] for r in years} == {12} and len(years) == 120  # already one a year: none merged
    assert _coarser(rows[:BUCKET_LIMIT]) == rows[:BUCKET_LIMIT]
