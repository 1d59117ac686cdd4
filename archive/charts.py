"""Coordinates for the server-side SVG timelines of figures (drawn by ``_chart.html``).

A chart is one figure category: x is the claim's date (or its article's), y the number.
A range (``1,000–1,500``) is a vertical bar with its midpoint; each source gets a colour.
Where reports on the same day disagree, a dashed line joins the lowest and highest value.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.text import slugify

from archive.models import Figure

WIDTH, HEIGHT = 720, 300
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 72, 44, 16, 40
# Colour-blind-safe (Okabe–Ito), all with 3:1+ contrast on white.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8a6d00", "#56B4E9", "#000000"]


@dataclass
class Point:
    x: float
    y: float
    y_low: float | None
    y_high: float | None
    colour: str
    url: str
    label: str
    date: dt.date
    value: int
    display: str
    source: str
    outlet: str
    claim_id: int
    disputed: bool = False


@dataclass
class Tick:
    position: float
    label: str


@dataclass
class Disagreement:
    x: float
    y_low: float
    y_high: float
    date: dt.date
    values: list[str]


@dataclass
class Chart:
    category: str
    points: list[Point] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    undated: int = 0  # figures of the category that have no date to place them by
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = MARGIN_LEFT
    plot_right: int = WIDTH - MARGIN_RIGHT
    plot_top: int = MARGIN_TOP
    plot_bottom: int = HEIGHT - MARGIN_BOTTOM

    @property
    def slug(self) -> str:
        return slugify(self.category)


def nice_step(span: float, target_ticks: int = 5) -> float:
    """A round tick step (1, 2 or 5 × 10ⁿ) giving about ``target_ticks`` ticks.

    >>> nice_step(4700), nice_step(15), nice_step(0)
    (1000, 5, 1)
    """
    if span <= 0:
        return 1
    raw = span / target_ticks
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * power:
            return int(multiple * power) if multiple * power >= 1 else multiple * power
    return 10 * power  # pragma: no cover


def short_number(value: float) -> str:
    """An axis label that fits the margin: 15,000 as is, larger numbers abbreviated.

    >>> short_number(15000), short_number(4_200_000_000), short_number(6 * 10**12), short_number(350_000_000)
    ('15,000', '4.2 bn', '6 tn', '350 m')
    """
    for power, suffix in ((12, "tn"), (9, "bn"), (6, "m")):
        if abs(value) >= 10**power:
            scaled = round(value / 10**power, 1)
            return f"{scaled:,.1f}".removesuffix(".0") + f" {suffix}"
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


def figure_date(figure: Figure) -> dt.date | None:
    return figure.claim.claim_date or figure.claim.article.published_on


def source_label(figure: Figure) -> str:
    source = figure.claim.source
    return source.name if source is not None else "unattributed"


def timeline(category: str, figures: Iterable[Figure]) -> Chart:
    """Lay out ``figures`` (with claim, article, outlet and source selected) as one chart."""
    chart = Chart(category=category)
    valued = [(figure_date(f), f) for f in figures if f.sort_value is not None]
    dated = [(d, f) for d, f in valued if d is not None]
    chart.undated = len(valued) - len(dated)
    if not dated:
        return chart
    dated.sort(key=lambda df: (df[0], df[1].sort_value, df[1].pk))

    first, last = dated[0][0], dated[-1][0]
    days = (last - first).days
    top = max(max(f.high or 0, f.sort_value or 0) for _, f in dated)
    step = max(1, nice_step(top))  # counts and amounts are whole numbers: no tick step below 1
    y_max = step * math.ceil(top / step * 1.05) if top else 1
    if y_max <= top:
        y_max += step
    plot_w = chart.plot_right - chart.plot_left
    plot_h = chart.plot_bottom - chart.plot_top

    def x_of(date: dt.date) -> float:
        if days == 0:
            return chart.plot_left + plot_w / 2
        return round(chart.plot_left + 12 + (plot_w - 24) * (date - first).days / days, 1)

    def y_of(value: float) -> float:
        return round(chart.plot_bottom - plot_h * value / y_max, 1)

    colours: dict[str, str] = {}
    by_date: dict[dt.date, list[Point]] = defaultdict(list)
    for date, figure in dated:
        source = source_label(figure)
        colour = colours.setdefault(source, PALETTE[len(colours) % len(PALETTE)])
        outlet = figure.claim.article.outlet.name if figure.claim.article.outlet else "unknown outlet"
        ranged = figure.low is not None and figure.high is not None
        point = Point(
            x=x_of(date),
            y=y_of(figure.sort_value),
            y_low=y_of(figure.low) if ranged else None,
            y_high=y_of(figure.high) if ranged else None,
            colour=colour,
            url=figure.claim.get_absolute_url(),
            label=f"{figure.display_value} {category} — {source}, {outlet}, {date:%-d %b %Y}",
            date=date,
            value=figure.sort_value,
            display=figure.display_value,
            source=source,
            outlet=outlet,
            claim_id=figure.claim_id,
        )
        chart.points.append(point)
        by_date[date].append(point)

    for date, points in by_date.items():
        values = sorted({p.value for p in points})
        if len(values) > 1:
            for p in points:
                p.disputed = True
            chart.disagreements.append(
                Disagreement(
                    x=points[0].x,
                    y_low=y_of(values[0]),
                    y_high=y_of(values[-1]),
                    date=date,
                    values=[f"{v:,}" for v in values],
                )
            )

    chart.legend = list(colours.items())
    chart.y_ticks = [Tick(y_of(v), short_number(v)) for v in range(0, int(y_max) + 1, int(step))]
    tick_dates = sorted(by_date)
    if len(tick_dates) > 6:
        stride = math.ceil(len(tick_dates) / 6)
        tick_dates = tick_dates[::stride]
    chart.x_ticks = [Tick(x_of(d), f"{d:%-d %b %Y}") for d in tick_dates]
    return chart


def unit_label(figure: Figure) -> str:
    """Figures in different units never share a chart (``money (KRW)``, ``money (USD)``)."""
    return "" if figure.unit in ("", "people", "soldiers", "troops") else figure.unit


def chart_name(figure: Figure) -> str:
    """The chart a figure belongs to: its category and unit; an "other" figure's label ("weight (kg)")."""
    what = figure.label if figure.category == Figure.Category.OTHER and figure.label else figure.category
    unit = unit_label(figure)
    return f"{what} ({unit})" if unit else what


def timelines(figures: Iterable[Figure], categories: Iterable[str] | None = None) -> list[Chart]:
    """One chart per category (and unit, and label for "other") that has figures, in the categories' declared order."""
    grouped: dict[tuple[str, str], list[Figure]] = defaultdict(list)
    for figure in figures:
        grouped[(figure.category, chart_name(figure))].append(figure)
    order = list(categories) if categories is not None else [c for c, _ in Figure.Category.choices]
    return [
        timeline(name, grouped[(category, name)])
        for category in order
        for name in sorted(n for c, n in grouped if c == category)
    ]
