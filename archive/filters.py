"""Every filter the public pages offer, with facet counts for the claims list.

Filters are GET parameters, so each selection is a bookmarkable URL:
``/claims/?person=han-ji-ho&party=people-power-party&date_from=2025-04-01&kind=direct``.
People and organisations are chosen by slug, briefings by id.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import partial

import django_filters
from django import forms
from django.conf import settings
from django.db import connections
from django.db.models import CharField, Count, Exists, F, Lookup, OuterRef, QuerySet
from django.forms.utils import flatatt
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from archive import caching
from archive.listing import OverBudget, time_budget
from archive.models import Article, Briefing, Claim, Figure, Organisation, Person, briefing_when

SORTS = {
    "newest": ("Newest first", [F("claim_date").desc(nulls_last=True), "article_id", "start", "pk"]),
    "oldest": ("Oldest first", [F("claim_date").asc(nulls_last=True), "article_id", "start", "pk"]),
    "outlet": (
        "Outlet (A–Z)",
        [F("article__outlet__name").asc(nulls_last=True), "article_id", "start", "pk"],
    ),
    "article": ("Article, in reading order", ["article_id", "start", "pk"]),
}
STATUS_ANY = "any"
OVER_BUDGET = "over budget"
FACET_LIMIT = 12


@CharField.register_lookup
class Unindexed(Lookup):
    """``field__unindexed=value``: equality that SQLite does not answer from the column's index.

    A claim's kind is one of two values. With an index on it, SQLite reads every claim of
    that kind through the index and sorts them all for a page of 50 (0.4-0.9 s at a million
    claims); written ``+kind = ?`` it walks the list order's index instead and stops after
    the page (about 1 ms). Other databases get a plain ``=``.
    """

    lookup_name = "unindexed"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = {rhs}", [*lhs_params, *rhs_params]

    def as_sqlite(self, compiler, connection):
        sql, params = self.as_sql(compiler, connection)
        return f"+{sql}", params


def _in(qs: QuerySet, matching: QuerySet) -> QuerySet:
    # A pk__in subquery keeps multi-valued joins out of the outer query: no duplicate rows,
    # no DISTINCT, and facet aggregates stay correct.
    return qs.filter(pk__in=matching.values("pk"))


class FastSelect(forms.Select):
    """A ``<select>`` built in Python: Django renders each option from a template (~0.4 ms an
    option), which made the form the slowest part of the claims page with hundreds of people."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(v), mark_safe(" selected") if str(v) in chosen else "", label)
                for v, label in self.choices
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), options)


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    url: str = ""
    selected: bool = False


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption] = field(default_factory=list)
    more: int = 0


class ClaimFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error(
                "date_to",
                f"The range ends ({end:%-d %b %Y}) before it starts ({start:%-d %b %Y}): swap them.",
            )
        return data


class ClaimFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Text contains", method="filter_q")
    person = django_filters.ModelChoiceFilter(
        widget=FastSelect,
        label="Person",
        queryset=Person.objects.all(),
        to_field_name="slug",
        method="filter_person",
        empty_label="any person",
    )
    party = django_filters.ModelChoiceFilter(
        widget=FastSelect,
        label="Party (of the speaker, at the claim's date)",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.PARTY),
        to_field_name="slug",
        method="filter_party",
        empty_label="any party",
    )
    source = django_filters.ModelChoiceFilter(
        widget=FastSelect,
        label="Source organisation",
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        field_name="source_organisation",
        empty_label="any source",
    )
    outlet = django_filters.ModelChoiceFilter(
        widget=FastSelect,
        label="Outlet",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.MEDIA),
        to_field_name="slug",
        field_name="article__outlet",
        empty_label="any outlet",
    )
    briefing = django_filters.ModelChoiceFilter(
        label="Briefing (number)",
        queryset=Briefing.objects.select_related("organiser", "audience").with_first_report(),
        field_name="briefing",
        # Years of briefings are thousands of options: a number (the facet links set it).
        widget=forms.NumberInput(attrs={"min": 1}),
    )
    date_from = django_filters.DateFilter(
        label="From",
        field_name="claim_date",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label="To", field_name="claim_date", lookup_expr="lte", widget=forms.DateInput(attrs={"type": "date"})
    )
    kind = django_filters.ChoiceFilter(
        label="Kind", choices=Claim.Kind.choices, lookup_expr="unindexed", empty_label="any kind"
    )
    category = django_filters.ChoiceFilter(
        label="Figure category",
        choices=Figure.Category.choices,
        method="filter_category",
        empty_label="any category",
    )
    status = django_filters.ChoiceFilter(
        label="Review status",
        choices=[*Claim.Status.choices, (STATUS_ANY, "any (including rejected)")],
        method="filter_status",
        empty_label="published (not rejected)",
    )
    sort = django_filters.ChoiceFilter(
        label="Sort",
        choices=[(key, label) for key, (label, _) in SORTS.items()],
        method="filter_sort",
        empty_label=None,
    )

    class Meta:
        model = Claim
        fields: list[str] = []
        form = ClaimFilterForm

    # The facets shown beside the list, in order.
    FACETS = ("person", "party", "source", "outlet", "briefing", "kind", "category", "status")
    # Selects whose options (people, organisations) are read once per archive generation.
    CACHED_CHOICES = ("person", "party", "source", "outlet")

    @property
    def form(self):
        form = super().form
        if not getattr(self, "_choices_cached", False):
            self._choices_cached = True
            for name in self.CACHED_CHOICES:
                field = form.fields[name]
                key = caching.key(self.generation, "choices", name)
                # A list of (value, label) strings instead of the queryset read on every render;
                # the field still validates a chosen value against its queryset.
                field.widget.choices = caching.cached(
                    key, lambda field=field: [(str(v), str(label)) for v, label in field.choices]
                )
        return form

    def filter_q(self, qs, name, value):
        # The search is a pk IN (ids from the full-text index) already: no join to keep out, and
        # wrapped in another pk IN (SELECT id FROM claims ...) PostgreSQL joined the claims twice.
        return qs.search(value, probe=self._probe)

    _probe = False

    # Filters that SQLite, starting from their list of ids, made look up and sort every claim they
    # hold; tested claim by claim along the order they are the page's ids of a large selection.
    WALKED = ("q", "party")

    @property
    def walked_qs(self) -> QuerySet | None:
        """The selection with its text search and party tested claim by claim (the search by
        ``claims_matching(probe=True)``, the party by an ``EXISTS`` of the claim's affiliation),
        for the page's ids of a large selection (``listing.claims_page``): SQLite only, where the
        plain filters make every claim they hold be looked up and sorted (a party in a year: 120
        ms for the first page; walked along the order, 1 ms, 15 ms for page 40). None without
        either."""
        data = self.form.cleaned_data
        if (
            not any(data.get(name) for name in self.WALKED)
            or connections[self.queryset.db].vendor != "sqlite"
        ):
            return None
        self._probe = True
        try:
            return self.filter_queryset(self.queryset.all())
        finally:
            self._probe = False

    def filter_person(self, qs, name, value):
        return _in(qs, Claim.objects.by_person(value))

    def filter_party(self, qs, name, value):
        if self._probe:
            return qs.in_party(value, probe=True)
        return _in(qs, Claim.objects.in_party(value))

    def filter_category(self, qs, name, value):
        # EXISTS, not pk IN (...): a category holds a tenth of all figures, and SQLite drives a
        # query from any pk IN list (it cannot tell its size), looking up each of those claims
        # before the other filters and the order; a probe of the figures' claim index per row
        # lets a narrower filter (an outlet, a person) or the order's index lead instead.
        return qs.filter(Exists(Figure.objects.filter(claim=OuterRef("pk"), category=value)))

    def filter_status(self, qs, name, value):
        return qs if value == STATUS_ANY else qs.filter(status=value)

    def filter_sort(self, qs, name, value):
        return qs.order_by(*SORTS[value][1])

    def filter_queryset(self, queryset, *, without: str | None = None):
        """The selection; ``without`` leaves one filter out (for that filter's facet counts)."""
        data = self.form.cleaned_data
        for name, value in data.items():
            if name != without:
                queryset = self.filters[name].filter(queryset, value)
        if without != "status" and not data.get("status"):
            queryset = queryset.public()
        queryset = queryset.current()  # a retired claim is in no selection, whatever the status asked
        if not data.get("sort"):
            queryset = queryset.order_by(*SORTS["newest"][1])
        return queryset

    # -- facets ---------------------------------------------------------------------------------

    def cache_key(self, what: str, *, without: str | None = None, previous: bool = False) -> str:
        """The cache key of ``what`` for this selection (without one filter, for its facet), in
        this generation or (``previous``) as last counted in any generation."""
        data = self.form.cleaned_data
        selection = sorted(
            (name, str(getattr(value, "pk", value)))
            for name, value in data.items()
            if name not in (without, "sort") and value not in (None, "")
        )
        return caching.key("previous" if previous else self.generation, what, selection)

    @cached_property
    def generation(self) -> str:
        return caching.generation()

    def start_facets(self) -> None:
        """Queue the facets this selection has no counts for (in this generation or, while they
        are counted again, from before) to be counted in the background, so they are counted
        while the page finds its claims. ``facets()`` calls it if the view did not."""
        if hasattr(self, "_facet_rows"):
            return
        self.recounting = False
        self._facets_started = time.monotonic()
        keys = {name: self.facet_key(name) for name in self.FACETS}
        found = caching.cache().get_many(list(keys.values()))  # one read (one round trip to Redis)
        self._facet_rows: dict[str, object] = {name: found.get(key) for name, key in keys.items()}
        self._counting: dict[str, str] = {}  # name -> the background job counting it
        missing = [name for name, rows in self._facet_rows.items() if rows is None]
        for names in self._jobs(missing):
            job = self.cache_key("facets-" + "-".join(names))
            queue = partial(count_later, self, names, job)
            for name in names:
                # After a change: the counts as they were, counted again in the background.
                rows = caching.previous_while(self.previous_key(name), queue, self.facet_key(name))
                self.recounting |= rows is not None
                if rows is not None:
                    self._facet_rows[name] = rows
                elif queue():
                    self._counting[name] = job
                # else None: counted now (the background is not at hand)

    # Facets on the claim's own columns (and its article's outlet), counted together by one
    # GROUP BY over the selection when none of them is a filter of it: one pass instead of four.
    COLUMN_FACETS = ("kind", "status", "source", "outlet")

    def _jobs(self, names: list[str]) -> list[list[str]]:
        """``names`` as background jobs: the column facets whose filter is not set in one, each
        other facet alone."""
        data = self.form.cleaned_data
        together = [n for n in names if n in self.COLUMN_FACETS and data.get(n) in (None, "")]
        if len(together) < 2:
            together = []
        return ([together] if together else []) + [[n] for n in names if n not in together]

    def facet_key(self, name: str) -> str:
        return self.cache_key(f"facet-{name}", without=name)

    def facets(self) -> list[Facet]:
        """Counts per option within the current selection minus the facet's own filter.

        One aggregate query per facet (in the background the column facets share one: ``_jobs``),
        whatever the data size, its result cached until the archive changes. A selection's facets not counted yet
        are counted in the background (``start_facets``) while the page waits for them at most
        ``ARCHIVE_FACETS_PAGE_BUDGET_MS`` from their queueing; the ones not ready by then are named
        in ``pending`` (the page is not kept, and its script fetches it again to fill them in).
        One the background cannot count within ``ARCHIVE_FACET_BACKGROUND_MS`` is left out
        (``left_out``) for a few minutes.

        Inside a transaction (where another connection would not see its rows), a facet is
        counted in the request within what is left of
        ``ARCHIVE_FACETS_REQUEST_BUDGET_MS`` (``ARCHIVE_FACET_BUDGET_MS`` at most), and left out
        past it.

        After a change (an import, an edit: a new generation) a facet this selection had counted
        before shows those counts while the background counts it again (``recounting``: the
        page says so and is not kept), so a page after each imported article is not a cold one.
        """
        self.start_facets()
        self.left_out: list[str] = []
        self.pending: list[str] = []
        waited = caching.page_wait() - (time.monotonic() - self._facets_started)  # counted since start_facets
        caching.wait_for(list(set(self._counting.values())), waited)
        deadline = time.monotonic() + settings.ARCHIVE_FACETS_REQUEST_BUDGET_MS / 1000  # counted here
        out_of_time = False
        facets = []
        for name in self.FACETS:
            label = str(self.filters[name].label)
            if name in self._counting:
                rows = caching.cache().get(self.facet_key(name))
                if rows is None:
                    self.pending.append(label)
                    caching.incomplete(self.facet_key(name))
                    continue
            else:
                rows = self._facet_rows[name]
                if rows is None:
                    rows = self._count_now(name, deadline, out_of_time)
                    out_of_time |= rows == OVER_BUDGET
            if rows == OVER_BUDGET:
                self.left_out.append(label)
            else:
                facets.append(self._facet(name, rows))
        return facets

    def _count_now(self, name: str, deadline: float, out_of_time: bool):
        """Facet ``name`` counted in the request, within what is left until ``deadline``."""
        left = round((deadline - time.monotonic()) * 1000)
        if out_of_time or left <= 0:
            rows = OVER_BUDGET
        else:
            rows = self._rows(name, budget_ms=min(settings.ARCHIVE_FACET_BUDGET_MS, left))
        key = self.facet_key(name)
        if rows == OVER_BUDGET:
            caching.incomplete()  # the next request tries again
        else:
            self.keep(name, key, rows)
        return rows

    def previous_key(self, name: str) -> str:
        return self.cache_key(f"facet-{name}", without=name, previous=True)

    def keep(self, name: str, key: str, rows) -> None:
        """Cache facet ``name``'s rows for this generation, and as the last counted."""
        caching.keep(key, self.previous_key(name), rows)

    def _rows(self, name: str, *, budget_ms: int):
        base = self.filter_queryset(self.queryset.all(), without=name).order_by()
        try:
            with time_budget(budget_ms):
                rows = list(getattr(self, f"_facet_{name}")(base))
        except OverBudget:
            return OVER_BUDGET
        rows.sort(key=lambda r: (-r[2], str(r[1]).lower()))
        return rows

    def _column_rows(self, names: list[str], *, budget_ms: int) -> dict:
        """The rows of column facets ``names`` (of ``COLUMN_FACETS``, none of them a filter of the
        selection), as ``_rows`` gives them, from one GROUP BY over the selection: the status
        facet counts every status (its selection is not limited to the published claims), the
        others the published claims among them when status is one of ``names``."""
        base = self.filter_queryset(self.queryset.all(), without="status" if "status" in names else None)
        grouped = base.order_by().values("status", "kind", "source_organisation_id", "article__outlet_id")
        try:
            with time_budget(budget_ms):
                groups = list(grouped.annotate(n=Count("pk")))
        except OverBudget:
            return dict.fromkeys(names, OVER_BUDGET)
        # The others' selection: the published claims, when status is not filtered.
        published = [g for g in groups if g["status"] != Claim.Status.REJECTED]
        shown = published if "status" in names else groups
        used = {g["source_organisation_id"] for g in shown} | {g["article__outlet_id"] for g in shown}
        organisations = {
            pk: (slug, name, kind)
            for pk, slug, name, kind in Organisation.objects.filter(pk__in=used - {None}).values_list(
                "pk", "slug", "name", "kind"
            )
        }
        kinds = dict(Claim.Kind.choices)

        def tally(groups, column, label) -> list:
            counts: dict = {}
            for g in groups:
                value = label(g[column])
                if value is not None:
                    counts[value] = counts.get(value, 0) + g["n"]
            rows = [(*value, n) for value, n in counts.items()]
            rows.sort(key=lambda r: (-r[2], str(r[1]).lower()))
            return rows

        def organisation(pk, kind=None):
            found = organisations.get(pk)
            return found[:2] if found and (kind is None or found[2] == kind) else None

        out = {}
        for name in names:
            if name == "status":
                out[name] = tally(groups, "status", lambda v: (v, v))
            elif name == "kind":
                out[name] = tally(shown, "kind", lambda v: (v, kinds.get(v, v)))
            elif name == "source":
                out[name] = tally(shown, "source_organisation_id", organisation)
            elif name == "outlet":
                out[name] = tally(
                    shown, "article__outlet_id", lambda pk: organisation(pk, Organisation.Kind.MEDIA)
                )
        return out

    def _facet(self, name: str, rows) -> Facet:
        current = self.data.get(name, "")
        facet = Facet(name=name, label=self.filters[name].label)
        for value, label, count in rows[:FACET_LIMIT]:
            value = str(value)
            facet.options.append(
                FacetOption(value, str(label), count, self._url_with(name, value), selected=value == current)
            )
        facet.more = max(0, len(rows) - FACET_LIMIT)
        return facet

    def _url_with(self, name: str, value: str | None) -> str:
        params = self.data.copy() if hasattr(self.data, "copy") else dict(self.data)
        params.pop("page", None)
        params.pop("format", None)
        if value is None:
            params.pop(name, None)
        else:
            params[name] = value
        return "?" + params.urlencode() if hasattr(params, "urlencode") else ""

    def remove_url(self, name: str) -> str:
        return self._url_with(name, None)

    def active_filters(self) -> list[tuple[str, str, str]]:
        """(label, value as shown, URL without it) for each filter in use, sort excluded."""
        active = []
        for name, value in self.form.cleaned_data.items():
            if name == "sort" or value in (None, ""):
                continue
            choices = getattr(self.form.fields[name], "choices", None)
            shown = dict(choices).get(value, value) if choices and isinstance(value, str) else value
            active.append((self.filters[name].label, str(shown), self.remove_url(name)))
        return active

    @staticmethod
    def _facet_person(qs):
        # Counted by the speaker's id, then named: a claim has a speaker once (the link is unique)
        # and the selection is never joined to a multi-valued relation (its filters are
        # subqueries), so a plain count is exact; COUNT(DISTINCT) over names made PostgreSQL
        # sort every link (1.5 s at 1M claims unfiltered; hashed by id, 0.6 s).
        rows = qs.filter(speakers__isnull=False).values("speakers").annotate(n=Count("pk"))
        counts = {r["speakers"]: r["n"] for r in rows}
        named = Person.objects.filter(pk__in=list(counts)).values_list("pk", "slug", "name")
        return [(slug, name, counts[pk]) for pk, slug, name in named]

    @staticmethod
    def _facet_party(qs):
        # The speaker's party on the claim's date (an undated claim counts for every party), as
        # stored in the claims' affiliations (archive/affiliations.py). The parties are read
        # first and named by id: joined to the organisations' kind, PostgreSQL guessed a few
        # thousand affiliations instead of all of them and probed the selection once for each
        # (2.7 s for a common word at 1M claims; 0.6 s with the ids).
        parties = {
            pk: (slug, name)
            for pk, slug, name in Organisation.objects.filter(kind=Organisation.Kind.PARTY).values_list(
                "pk", "slug", "name"
            )
        }
        rows = qs.filter(affiliations__organisation__in=list(parties))
        rows = rows.values("affiliations__organisation").annotate(n=Count("pk", distinct=True))
        return [(*parties[r["affiliations__organisation"]], r["n"]) for r in rows]

    @staticmethod
    def _facet_source(qs):
        rows = qs.filter(source_organisation__isnull=False)
        rows = rows.values("source_organisation__slug", "source_organisation__name").annotate(n=Count("pk"))
        return [(r["source_organisation__slug"], r["source_organisation__name"], r["n"]) for r in rows]

    @staticmethod
    def _facet_outlet(qs):
        rows = qs.filter(article__outlet__kind=Organisation.Kind.MEDIA)
        rows = rows.values("article__outlet__slug", "article__outlet__name").annotate(n=Count("pk"))
        return [(r["article__outlet__slug"], r["article__outlet__name"], r["n"]) for r in rows]

    @staticmethod
    def _facet_briefing(qs):
        rows = qs.filter(briefing__isnull=False).values(
            "briefing_id", "briefing__date", "briefing__organiser__name", "briefing__audience__name"
        )
        rows = list(rows.annotate(n=Count("pk")))
        # Undated briefings are told apart by their first report (one more query, only if any).
        undated = [r["briefing_id"] for r in rows if r["briefing__date"] is None]
        first = (
            {b.pk: b.when for b in Briefing.objects.filter(pk__in=undated).with_first_report()}
            if undated
            else {}
        )
        out = []
        for r in rows:
            who = r["briefing__organiser__name"] or "Unknown"
            if r["briefing__audience__name"]:
                who += f" → {r['briefing__audience__name']}"
            when = first.get(r["briefing_id"]) or briefing_when(r["briefing__date"])
            out.append((r["briefing_id"], f"{who} ({when})", r["n"]))
        return out

    @staticmethod
    def _facet_kind(qs):
        labels = dict(Claim.Kind.choices)
        rows = qs.values("kind").annotate(n=Count("pk"))
        return [(r["kind"], labels.get(r["kind"], r["kind"]), r["n"]) for r in rows]

    @staticmethod
    def _facet_category(qs):
        rows = qs.filter(figures__isnull=False).values("figures__category")
        rows = rows.annotate(n=Count("pk", distinct=True))
        return [(r["figures__category"], r["figures__category"], r["n"]) for r in rows]

    @staticmethod
    def _facet_status(qs):
        rows = qs.values("status").annotate(n=Count("pk"))
        return [(r["status"], r["status"], r["n"]) for r in rows]


def count_later(filterset: ClaimFilter, names: list[str], job: str) -> bool:
    """Queue facets ``names`` of ``filterset`` to be counted in the background as ``job``
    (``caching.later``; several names: the column facets in one pass) and cached, within
    ``ARCHIVE_FACET_BACKGROUND_MS``; past that they are remembered as left out for five minutes.
    False if the request is to count them (inside a transaction; with the queue full they are
    left for a later request, see ``caching.later``)."""

    def count() -> None:
        budget = settings.ARCHIVE_FACET_BACKGROUND_MS
        if len(names) > 1:
            counts = filterset._column_rows(names, budget_ms=budget)
        else:
            counts = {names[0]: filterset._rows(names[0], budget_ms=budget)}
        for name, rows in counts.items():
            if rows == OVER_BUDGET:
                caching.cache().set(filterset.facet_key(name), rows, 300)
            else:
                filterset.keep(name, filterset.facet_key(name), rows)

    return caching.later(job, count)


def counted() -> None:
    """Wait until the facets queued so far are counted (for tests and the benchmark)."""
    caching.wait()


class BriefingFilter(django_filters.FilterSet):
    organiser = django_filters.ModelChoiceFilter(
        label="Organiser",
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        empty_label="any organiser",
    )
    audience = django_filters.ModelChoiceFilter(
        label="Audience",
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        empty_label="any audience",
    )
    date_from = django_filters.DateFilter(
        label="From", field_name="date", lookup_expr="gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label="To", field_name="date", lookup_expr="lte", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Briefing
        fields: list[str] = []


class ArticleFilter(django_filters.FilterSet):
    outlet = django_filters.ModelChoiceFilter(
        label="Outlet",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.MEDIA),
        to_field_name="slug",
    )
    date_from = django_filters.DateFilter(
        label="From",
        field_name="published_on",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label="To",
        field_name="published_on",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Article
        fields: list[str] = []


class PersonFilter(django_filters.FilterSet):
    party = django_filters.ModelChoiceFilter(
        label="Party (ever)",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.PARTY),
        to_field_name="slug",
        field_name="memberships__organisation",
        distinct=True,
        empty_label="any party",
    )

    class Meta:
        model = Person
        fields: list[str] = []


class OrganisationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label="Kind", choices=Organisation.Kind.choices, empty_label="any kind"
    )

    class Meta:
        model = Organisation
        fields: list[str] = []
