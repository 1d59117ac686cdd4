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
