"""Coordinates for the server-side SVG timelines of figures (drawn by ``_chart.html``).

A chart is one figure category: x is the claim's date (or its article's), y the number.
A range (``1,000–1,500``) is a vertical bar with its midpoint; each source gets a colour.
Where reports on the same day disagree, a dashed line joins the lowest and highest value.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
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

    top = max(max(f.high or 0, f.sort_value or 0) for _, f in dated)
    x_of, y_of, step, y_max = _scales(chart, dated[0][0], dated[-1][0], top)

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


# -- at scale -----------------------------------------------------------------------------------

# A chart draws each figure while its category has at most this many; beyond, one point per
# source and month, aggregated by the database (so memory and the page do not grow with the archive).
POINT_LIMIT = 1500


def archive_timelines(categories: list[str] | None) -> list[Chart]:
    """The charts of the public figures in ``categories`` (all: None), from the database (the
    views cache them per archive generation)."""
    return _archive_timelines(categories)


def _public_figures():
    from archive.models import Claim

    return Figure.objects.filter(claim__in=Claim.objects.public())


def _archive_timelines(categories: list[str] | None) -> list[Chart]:
    from django.db.models import Count

    wanted = _public_figures()
    if categories is not None:
        wanted = wanted.filter(category__in=categories)
    counts = dict(
        wanted.order_by().values_list("category").annotate(n=Count("pk")).values_list("category", "n")
    )
    small = [c for c, n in counts.items() if n <= POINT_LIMIT]
    large = [c for c, n in counts.items() if n > POINT_LIMIT]
    figures = (
        _public_figures()
        .filter(category__in=small)
        .select_related("claim__article__outlet", "claim__source_organisation", "claim__source_person")
        .order_by("pk")
    )
    by_category: dict[str, list[Figure]] = defaultdict(list)
    for figure in figures if small else []:
        by_category[figure.category].append(figure)
    monthly: dict[str, list[Chart]] = defaultdict(list)
    for category, chart in _monthly_timelines(large) if large else []:
        monthly[category].append(chart)
    order = list(categories) if categories is not None else [c for c, _ in Figure.Category.choices]
    charts: list[Chart] = []
    for category in order:
        charts += timelines(by_category.get(category, []), [category])
        charts += sorted(monthly.get(category, []), key=lambda c: c.category)
    return charts


def _monthly_timelines(categories: list[str]) -> list[tuple[str, Chart]]:
    """One point per chart, source and month: the highest report, a bar down to the lowest."""
    from django.db.models import Count, F, Max, Min
    from django.db.models.functions import Coalesce, TruncMonth

    rows = (
        _public_figures()
        .filter(category__in=categories)
        .annotate(
            month=TruncMonth(Coalesce("claim__claim_date", "claim__article__published_on")),
            number=Coalesce("value", (F("low") + F("high")) / 2),
        )
        .filter(month__isnull=False, number__isnull=False)
        .order_by()
        .values(
            "category",
            "unit",
            "label",
            "month",
            "claim__source_organisation__name",
            "claim__source_organisation__slug",
            "claim__source_person__name",
            "claim__source_person__slug",
        )
        .annotate(low=Min("number"), high=Max("number"), n=Count("pk"), claim=Min("claim_id"))
    )
    grouped: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        shape = Figure(category=row["category"], unit=row["unit"], label=row["label"])
        grouped[(row["category"], chart_name(shape))].append(row)
    return [
        (category, _monthly_timeline(name, _coarser(_top_sources(items))))
        for (category, name), items in grouped.items()
    ]


BUCKET_LIMIT = 60


def _coarser(rows: list[dict]) -> list[dict]:
    """Months merged into quarters, or years, while a chart would have more than ``BUCKET_LIMIT``."""
    for months in (3, 12):
        if len({r["month"] for r in rows}) <= BUCKET_LIMIT:
            break
        merged: dict[tuple, dict] = {}
        for r in rows:
            bucket = r["month"].replace(month=(r["month"].month - 1) // months * months + 1)
            key = (bucket, r.get("other_sources"), *(r[f] for f in SOURCE_FIELDS))
            m = merged.setdefault(key, {**r, "month": bucket, "months": months, "n": 0})
            m["low"], m["high"] = min(m["low"], r["low"]), max(m["high"], r["high"])
            m["claim"] = min(m["claim"], r["claim"])
            m["n"] += r["n"]
        rows = list(merged.values())
    return rows


def _period_end(start: dt.date, months: int) -> dt.date:
    year, month = divmod(start.month - 1 + months, 12)
    return dt.date(start.year + year, month + 1, 1) - dt.timedelta(days=1)


def _period_label(start: dt.date, months: int) -> str:
    if months == 12:
        return f"{start:%Y}"
    if months == 3:
        return f"Q{(start.month - 1) // 3 + 1} {start:%Y}"
    return f"{start:%b %Y}"


SERIES_LIMIT = 6
SOURCE_FIELDS = (
    "claim__source_organisation__name",
    "claim__source_organisation__slug",
    "claim__source_person__name",
    "claim__source_person__slug",
)


def _top_sources(rows: list[dict]) -> list[dict]:
    """The rows of the ``SERIES_LIMIT`` sources with most reports; the others as one series a month."""
    reports: dict[tuple, int] = defaultdict(int)
    for r in rows:
        reports[tuple(r[f] for f in SOURCE_FIELDS)] += r["n"]
    if len(reports) <= SERIES_LIMIT:
        return rows
    top = set(sorted(reports, key=lambda s: (-reports[s], str(s)))[: SERIES_LIMIT - 1])
    kept = [r for r in rows if tuple(r[f] for f in SOURCE_FIELDS) in top]
    others: dict[tuple, dict] = {}
    for r in rows:
        if tuple(r[f] for f in SOURCE_FIELDS) in top:
            continue
        key = (r["category"], r["month"])
        merged = others.setdefault(key, {**r, **dict.fromkeys(SOURCE_FIELDS), "other_sources": True, "n": 0})
        merged["low"] = min(merged["low"], r["low"])
        merged["high"] = max(merged["high"], r["high"])
        merged["claim"] = min(merged["claim"], r["claim"])
        merged["n"] += r["n"]
    return kept + list(others.values())


def _monthly_timeline(category: str, rows: list[dict]) -> Chart:
    from urllib.parse import urlencode

    from django.urls import reverse

    chart = Chart(category=category)
    rows.sort(key=lambda r: (r["month"], r["high"], r["claim"]))
    x_of, y_of, step, y_max = _scales(
        chart, rows[0]["month"], rows[-1]["month"], max(r["high"] for r in rows)
    )

    colours: dict[str, str] = {}
    for r in rows:
        source = (
            "other sources"
            if r.get("other_sources")
            else r["claim__source_organisation__name"] or r["claim__source_person__name"] or "unattributed"
        )
        colour = colours.setdefault(source, PALETTE[len(colours) % len(PALETTE)])
        month: dt.date = r["month"]
        params = {
            "category": r["category"],
            "date_from": month.isoformat(),
            "date_to": _period_end(month, r.get("months", 1)).isoformat(),
        }
        if r["claim__source_organisation__slug"]:
            params["source"] = r["claim__source_organisation__slug"]
        elif r["claim__source_person__slug"]:
            params["person"] = r["claim__source_person__slug"]
        ranged = r["low"] != r["high"]
        display = f"{r['low']:,}–{r['high']:,}" if ranged else f"{r['high']:,}"
        reports = f"{r['n']} report{'s' if r['n'] != 1 else ''}"
        chart.points.append(
            Point(
                x=x_of(month),
                y=y_of(r["high"]),
                y_low=y_of(r["low"]) if ranged else None,
                y_high=y_of(r["high"]) if ranged else None,
                colour=colour,
                url=reverse("archive:claim_list") + "?" + urlencode(params),
                label=f"{display} {category} — {source}, {reports}, {_period_label(month, r.get('months', 1))}",
                date=month,
                value=r["high"],
                display=display,
                source=source,
                outlet=reports,
                claim_id=r["claim"],
            )
        )
    chart.legend = list(colours.items())
    chart.y_ticks = [Tick(y_of(v), f"{v:,}") for v in range(0, int(y_max) + 1, int(step))]
    months = sorted({r["month"] for r in rows})
    stride = max(1, math.ceil(len(months) / 6))
    period = rows[0].get("months", 1)
    chart.x_ticks = [Tick(x_of(m), _period_label(m, period)) for m in months[::stride]]
    return chart


def _scales(
    chart: Chart, first: dt.date, last: dt.date, top: float
) -> tuple[Callable[[dt.date], float], Callable[[float], float], float, float]:
    """The chart's x and y scales, its y tick step and the top of its y axis, for dates first..last
    and values up to ``top``. Counts and amounts are whole numbers: no tick step below 1."""
    days = (last - first).days
    step = max(1, nice_step(top))
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

    return x_of, y_of, step, y_max
