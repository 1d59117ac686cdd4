"""The public pages: short GET views that build a filterset, paginate and render.

Every page runs a fixed number of queries whatever the data size (pinned in tests/web).
A bad filter value is a 400 with the form's message; unknown parameters are ignored.
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from functools import wraps

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from archive import caching, charts
from archive import search as archive_search
from archive.filters import ArticleFilter, BriefingFilter, ClaimFilter, OrganisationFilter, PersonFilter
from archive.listing import claims_page, page_number
from archive.models import (
    Article,
    Briefing,
    BriefingRedirect,
    Claim,
    Figure,
    Membership,
    Organisation,
    OrganisationRedirect,
    Person,
    PersonRedirect,
    public_claims_count,
)
from archive.templatetags.archive_tags import claim_pieces, claim_spans, sentence_windows

EXPORT_FORMATS = ("csv", "json")
# "Claims over time" on person and organisation pages: oldest first, undated claims last.
OVER_TIME = (F("claim_date").asc(nulls_last=True), "pk")


def bad_request(request: HttpRequest, filterset) -> HttpResponse:
    return render(request, "archive/400.html", {"errors": filterset.errors}, status=400)


def paginate(request: HttpRequest, items, per_page: int | None = None):
    """A page of ``items``: a page that is not a number, or is 0 or below, is page 1; a page past
    the end is the last page."""
    return Paginator(items, per_page or settings.ARCHIVE_PAGE_SIZE).get_page(page_number(request))


def without_empty_parameters(view):
    """A GET with empty parameters (``?q=&person=&sort=newest``, what a form's Apply sends) is
    redirected to the same URL without them, so a selection has one address."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if any(v == "" for _key, values in request.GET.lists() for v in values):
            query = request.GET.copy()
            for key in list(query):
                kept = [v for v in query.getlist(key) if v != ""]
                if kept:
                    query.setlist(key, kept)
                else:
                    del query[key]
            encoded = query.urlencode()
            return redirect(request.path + (f"?{encoded}" if encoded else ""))
        return view(request, *args, **kwargs)

    return wrapper


def repeated_parameters(request: HttpRequest, filterset_class) -> HttpResponse | None:
    """A 400 naming a filter given more than once (``?person=a&person=b``): each takes one value."""
    repeated = [name for name in filterset_class.base_filters if len(request.GET.getlist(name)) > 1]
    if not repeated:
        return None
    errors = {name: ["Give one value; this filter was given several."] for name in repeated}
    return render(request, "archive/400.html", {"errors": errors}, status=400)


def archive_counts() -> dict[str, int]:
    return {
        "claims": Claim.objects.public().count(),
        "articles": Article.objects.count(),
        "briefings": Briefing.objects.count(),
        "people": Person.objects.count(),
        "organisations": Organisation.objects.count(),
        "figures": Figure.objects.filter(claim__in=Claim.objects.public()).count(),
    }


HOME_CATEGORIES = [Figure.Category.KILLED, Figure.Category.CASUALTIES, Figure.Category.TROOPS_DEPLOYED]


def home_aggregates() -> dict:
    """Home's totals and charts, with the charts' HTML (thousands of SVG elements took seconds
    to render on every request at a million claims)."""
    drawn = charts.archive_timelines(HOME_CATEGORIES)
    html = render_to_string("archive/_home_charts.html", {"charts": drawn})
    return {"counts": archive_counts(), "charts": drawn, "charts_html": mark_safe(html)}


@require_GET
@caching.page
def home(request: HttpRequest) -> HttpResponse:
    generation = caching.generation()
    newest = F("date").desc(nulls_last=True)
    latest = Briefing.objects.order_by(newest, "pk").values("pk")[:5]
    # Totals and charts are cached until the archive changes, then shown as they were while the
    # background counts them again; an archive never counted has them counted in the background
    # while the page says so (archive/caching.py).
    aggregates = caching.cached_or_previous(("home",), generation, home_aggregates, wait=caching.page_wait())
    context = {
        **(aggregates or {"counting": True}),
        # The five latest briefings first, then their claims counted (not every briefing's).
        "briefings": Briefing.objects.with_related()
        .filter(pk__in=latest)
        .annotate(n_claims=public_claims_count())
        .order_by(newest, "pk"),
    }
    return render(request, "archive/home.html", context)


# -- claims -----------------------------------------------------------------------------------


def claim_filterset(request: HttpRequest) -> ClaimFilter:
    return ClaimFilter(request.GET, queryset=Claim.objects.all())


def claim_selection(view):
    """The claims list, its downloads and its feed: one address per selection, one value per filter."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return repeated_parameters(request, ClaimFilter) or view(request, *args, **kwargs)

    return without_empty_parameters(wrapper)


@require_GET
@claim_selection
@caching.page
def claim_list(request: HttpRequest) -> HttpResponse:
    export = request.GET.get("format")
    if export and export not in EXPORT_FORMATS:
        return render(
            request,
            "archive/400.html",
            {"message": f"Unknown format; use one of {', '.join(EXPORT_FORMATS)}."},
            status=400,
        )
    filterset = claim_filterset(request)
    if not filterset.is_valid():
        return bad_request(request, filterset)
    if export == "csv":
        return claims_csv_response(filterset.qs)
    if export == "json":
        return claims_json_response(filterset.qs)
    page = claims_page(
        request,
        filterset.qs,
        count_key=filterset.cache_key("count"),
        previous_key=filterset.cache_key("count", previous=True),
        walked=filterset.walked_qs,
        meanwhile=filterset.start_facets,  # counted in the background while the page finds its claims
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filterset": filterset,
        "facets": filterset.facets(),
        "facets_left_out": filterset.left_out,
        "facets_pending": filterset.pending,
        "recounting": filterset.recounting or page.paginator.recounting,
        "page_obj": page,
        "claims": page.object_list,
        "query": query.urlencode(),
        "q": filterset.form.cleaned_data.get("q") or "",
        "active": filterset.active_filters(),
    }
    return render(request, "archive/claim_list.html", context)


def claims_csv_response(claims) -> HttpResponse:
    from archive.exporting import csv_chunks

    # Streamed: the rows are read and written in chunks, so memory does not grow with the selection.
    response = StreamingHttpResponse(csv_chunks(claims), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="claims.csv"'
    return response


def claims_json_response(claims) -> HttpResponse:
    from archive.exporting import json_chunks

    response = StreamingHttpResponse(json_chunks(claims), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="claims.json"'
    return response


@require_GET
@claim_selection
def claim_export(request: HttpRequest, fmt: str) -> HttpResponse:
    filterset = claim_filterset(request)
    if not filterset.is_valid():
        return bad_request(request, filterset)
    return claims_csv_response(filterset.qs) if fmt == "csv" else claims_json_response(filterset.qs)


def retired_claim(request: HttpRequest, claim: Claim) -> HttpResponse:
    """A retired claim's permalink: 301 to the claim that replaced it, else 410 Gone with a notice."""
    successor = claim.current_successor()
    if successor is not None:
        return redirect(successor, permanent=True)
    return render(request, "archive/claim_gone.html", {"claim": claim}, status=410)


@require_GET
@caching.page
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.with_related(), pk=pk)
    if claim.is_retired:
        return retired_claim(request, claim)
    article = claim.article
    others = list(Claim.objects.public().for_list().corroborating(claim))  # rows: no article texts
    reports = sorted(
        [claim, *others], key=lambda c: (c.article.published_on is None, c.article.published_on, c.pk)
    )
    first = reports[0]
    context = {
        "claim": claim,
        "article": article,
        "pieces": claim_pieces(article.text, [claim]),
        "sentences": claim_sentences(article.text, claim),
        "chain": attribution_chain(claim),
        "others": others,
        "first": first,
        "permalink": request.build_absolute_uri(claim.get_absolute_url()),
        "jsonld": claim_jsonld(request, claim, first),
    }
    return render(request, "archive/claim_detail.html", context)


def claim_sentences(text: str, claim: Claim) -> list[dict]:
    """The sentence(s) holding a claim's source, cue and content, cut into highlighted pieces."""
    windows = sentence_windows(text, [(start, end) for start, end, _ in claim_spans(claim)])
    return [
        {"pieces": claim_pieces(text, [claim], window=(lo, hi)), "before": lo > 0, "after": hi < len(text)}
        for lo, hi in windows
    ]


def attribution_chain(claim: Claim) -> list[dict]:
    """Hops from the original source to the outlet: NIS → briefing → lawmaker → KBS."""
    hops = []
    source = claim.cited_source  # a source that speaks for itself is its "Said by" hop, not two
    if source is not None:
        hops.append({"role": "Source", "label": source.name, "url": source.get_absolute_url()})
    if claim.briefing is not None:
        hops.append(
            {"role": "Briefing", "label": str(claim.briefing), "url": claim.briefing.get_absolute_url()}
        )
    for person in claim.speakers.all():
        party = person.party_on(claim.claim_date)
        hops.append(
            {
                "role": "Said by",
                "label": person.name,
                "url": person.get_absolute_url(),
                "detail": party.name if party else "",
            }
        )
    for org in claim.speaker_organisations.all():
        hops.append({"role": "Said by", "label": org.name, "url": org.get_absolute_url()})
    if claim.speaker_description and not claim.speakers.all():  # no person named: as the text gives them
        hops.append({"role": "Said by", "label": claim.speaker_description, "detail": "not named"})
    article = claim.article
    outlet = article.outlet.name if article.outlet else "Unknown outlet"
    date = f"{article.published_on:%-d %b %Y}" if article.published_on else "undated"
    hops.append({"role": "Reported by", "label": f"{outlet}, {date}", "url": article.get_absolute_url()})
    return hops


def claim_jsonld(request: HttpRequest, claim: Claim, first: Claim) -> dict:
    def appearance(c: Claim) -> dict:
        data = {
            "@type": "NewsArticle",
            "url": request.build_absolute_uri(c.article.get_absolute_url()),
            "headline": c.article.title or c.article.source_file,
        }
        if c.article.published_on:
            data["datePublished"] = c.article.published_on.isoformat()
        if c.article.outlet:
            data["publisher"] = {"@type": "Organization", "name": c.article.outlet.name}
        return data

    authors = [{"@type": "Person", "name": p.name} for p in claim.speakers.all()]
    authors += [{"@type": "Organization", "name": o.name} for o in claim.speaker_organisations.all()]
    data = {
        "@context": "https://schema.org",
        "@type": "Claim",
        "url": request.build_absolute_uri(claim.get_absolute_url()),
        "text": claim.text,
        "author": authors,
        "appearance": appearance(claim),
        "firstAppearance": appearance(first),
    }
    if claim.claim_date:
        data["datePublished"] = claim.claim_date.isoformat()
    return data


# -- briefings --------------------------------------------------------------------------------


@require_GET
@without_empty_parameters
@caching.page
def briefing_list(request: HttpRequest) -> HttpResponse:
    filterset = BriefingFilter(request.GET, queryset=Briefing.objects.with_related())
    if not filterset.is_valid():
        return bad_request(request, filterset)
    qs = filterset.qs.annotate(n_claims=public_claims_count())
    qs = qs.order_by(F("date").desc(nulls_last=True), "pk")
    page = paginate(request, qs)
    return render(request, "archive/briefing_list.html", {"filterset": filterset, "page_obj": page})


# As many claims as a page of the claims list: a page with a hundred claims, their figures and the
# covering articles took 140 ms to draw at 1M claims, against 85 ms with fifty.
BRIEFING_CLAIMS = settings.ARCHIVE_PAGE_SIZE


@require_GET
@caching.page
def briefing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = Briefing.objects.with_related().filter(pk=pk).first()
    if briefing is None:
        moved = BriefingRedirect.objects.select_related("briefing").filter(old_pk=pk).first()
        if moved is None:
            raise Http404("No such briefing.")
        return redirect(moved.briefing, permanent=True)
    # A briefing many outlets covered has hundreds of claims: the page shows the first
    # BRIEFING_CLAIMS of them (and their figures), the claims list filtered by the briefing all.
    claims = list(
        briefing.claims.public()
        .for_list()
        .order_by("article__published_on", "article_id", "start", "pk")[: BRIEFING_CLAIMS + 1]
    )
    more = len(claims) > BRIEFING_CLAIMS
    claims = claims[:BRIEFING_CLAIMS]
    groups: OrderedDict[str, dict] = OrderedDict()
    for claim in claims:
        speakers = list(claim.speakers.all())
        key = ", ".join(p.name for p in speakers) or "Unattributed"
        groups.setdefault(key, {"people": speakers, "claims": []})["claims"].append(claim)
    by_category: dict[str, list[tuple[Figure, Claim]]] = defaultdict(list)
    for claim in claims:
        for figure in claim.figures.all():
            unit = charts.unit_label(figure)
            by_category[f"{figure.category} ({unit})" if unit else figure.category].append((figure, claim))
    figures = []
    for category, items in by_category.items():
        values = {f.sort_value for f, _ in items if f.sort_value is not None}
        figures.append({"category": category, "items": items, "disputed": len(values) > 1})
    context = {
        "briefing": briefing,
        "groups": groups,
        "figures": figures,
        "disagreements": [f for f in figures if f["disputed"]],
        "more_claims": more,
        "shown_claims": BRIEFING_CLAIMS,
        "relayers": [(p, p.party_on(briefing.date)) for p in briefing.relayed_by.all()],
        "presenters": [(p, p.party_on(briefing.date)) for p in briefing.presenters.all()],
    }
    return render(request, "archive/briefing_detail.html", context)


# -- people and organisations -----------------------------------------------------------------


@require_GET
@without_empty_parameters
@caching.page
def person_list(request: HttpRequest) -> HttpResponse:
    qs = Person.objects.with_memberships().annotate(n_claims=public_claims_count()).order_by("name")
    filterset = PersonFilter(request.GET, queryset=qs)
    if not filterset.is_valid():
        return bad_request(request, filterset)
    page = paginate(request, filterset.qs)
    return render(request, "archive/person_list.html", {"filterset": filterset, "page_obj": page})


@require_GET
@caching.page
def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    briefings = Briefing.objects.select_related("organiser", "audience").with_first_report()
    person = (
        Person.objects.prefetch_related(
            Prefetch(
                "memberships", queryset=Membership.objects.select_related("organisation").order_by("start")
            ),
            Prefetch("briefings_relayed", queryset=briefings),
            Prefetch("briefings_presented", queryset=briefings),
        )
        .filter(slug=slug)
        .first()
    )
    if person is None:
        moved = PersonRedirect.objects.select_related("person").filter(old_slug=slug).first()
        if moved is None:
            raise Http404("No such person.")
        return redirect(moved.person, permanent=True)
    page = claims_page(request, Claim.objects.public().by_person(person).order_by(*OVER_TIME))
    context = {"person": person, "page_obj": page}
    return render(request, "archive/person_detail.html", context)


@require_GET
@without_empty_parameters
@caching.page
def organisation_list(request: HttpRequest) -> HttpResponse:
    qs = Organisation.objects.annotate(n_articles=Count("articles", distinct=True)).order_by("kind", "name")
    filterset = OrganisationFilter(request.GET, queryset=qs)
    if not filterset.is_valid():
        return bad_request(request, filterset)
    page = paginate(request, filterset.qs)
    return render(request, "archive/organisation_list.html", {"filterset": filterset, "page_obj": page})


@require_GET
@caching.page
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    org = Organisation.objects.select_related("parent").filter(slug=slug).first()
    if org is None:
        moved = OrganisationRedirect.objects.select_related("organisation").filter(old_slug=slug).first()
        if moved is None:
            raise Http404("No such organisation.")
        return redirect(moved.organisation, permanent=True)
    briefings = Briefing.objects.select_related("organiser", "audience").with_first_report()
    if org.kind == Organisation.Kind.MEDIA:  # an outlet: the claims it published
        claims = Claim.objects.public().filter(article__outlet=org)
    else:
        claims = Claim.objects.public().filter(
            Q(pk__in=Claim.objects.filter(source_organisation=org).values("pk"))
            | Q(pk__in=Claim.objects.filter(speaker_organisations=org).values("pk"))
            | Q(pk__in=Claim.objects.in_party(org).values("pk"))
        )
    context = {
        "org": org,
        "members": Membership.objects.filter(organisation=org)
        .select_related("person")
        .order_by("person__name"),
        "briefings_organised": briefings.filter(organiser=org),
        "briefings_attended": briefings.filter(audience=org),
        "articles": org.articles.order_by("-published_on", "pk")[:100]
        if org.kind == Organisation.Kind.MEDIA
        else [],
        "page_obj": claims_page(request, claims.order_by(*OVER_TIME)),
    }
    return render(request, "archive/organisation_detail.html", context)


# -- articles ---------------------------------------------------------------------------------


@require_GET
@without_empty_parameters
@caching.page
def article_list(request: HttpRequest) -> HttpResponse:
    qs = Article.objects.with_related().annotate(n_claims=public_claims_count())
    filterset = ArticleFilter(request.GET, queryset=qs)
    if not filterset.is_valid():
        return bad_request(request, filterset)
    page = paginate(request, filterset.qs.order_by("-published_on", "pk"))
    return render(request, "archive/article_list.html", {"filterset": filterset, "page_obj": page})


@require_GET
@caching.page
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.with_related().prefetch_related(
            "people", Prefetch("briefings", queryset=Briefing.objects.select_related("organiser", "audience"))
        ),
        pk=pk,
    )
    claims = list(article.claims.public().with_related().order_by("start", "pk"))
    context = {
        "article": article,
        "claims": claims,
        "pieces": claim_pieces(article.text, claims),
    }
    return render(request, "archive/article_detail.html", context)


# -- figures and search -----------------------------------------------------------------------


@require_GET
@caching.page
def figures(request: HttpRequest) -> HttpResponse:
    categories = [c for c, _ in Figure.Category.choices]
    wanted = request.GET.get("category")
    if wanted and wanted not in categories:
        return render(request, "archive/400.html", {"message": "Unknown figure category."}, status=400)

    def aggregates() -> dict:
        drawn = charts.archive_timelines([wanted] if wanted else None)
        html = render_to_string("archive/_figures_charts.html", {"charts": drawn, "category": wanted or ""})
        return {"charts": drawn, "charts_html": mark_safe(html)}

    drawn = caching.cached_or_previous(
        ("figures", wanted), caching.generation(), aggregates, wait=caching.page_wait()
    )
    context = {
        # Cached until the archive changes, then shown as they were while the background draws
        # them again; never drawn, drawn in the background while the page says so.
        **(drawn or {"counting": True}),
        "categories": categories,
        "category": wanted or "",
    }
    return render(request, "archive/figures.html", context)


SEARCH_LIMIT = 50
SEARCH_BY_NAMED_LIMIT = 10  # the newest claims of the people a query names; all of them a click away


def articles_found(q: str) -> list[Article]:
    """The newest articles matching ``q``: their ids first (sorting every match's full texts took
    most of a second for a common word at 100,000 articles), then those rows without the raw text."""
    ids = list(
        Article.objects.search(q).order_by("-published_on", "pk").values_list("pk", flat=True)[:SEARCH_LIMIT]
    )
    found = Article.objects.with_related().defer("raw_text").in_bulk(ids)
    return [found[pk] for pk in ids]


@require_GET
@caching.page
def search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:200]
    context: dict = {
        "q": q,
        "claims": [],
        "articles": [],
        "limit": SEARCH_LIMIT,
        "by_named_limit": SEARCH_BY_NAMED_LIMIT,
    }
    if q:
        found = archive_search.search(q, limit=SEARCH_LIMIT, by_named_limit=SEARCH_BY_NAMED_LIMIT)
        context |= {
            "people": found.named.people,
            "organisations": found.named.organisations,
            "claims": found.claims,
            "claims_by_named": found.claims_by_named,
            "articles": articles_found(q),
        }
    return render(request, "archive/search.html", context)


@require_GET
@claim_selection
def claim_feed(request: HttpRequest) -> HttpResponse:
    from archive.feeds import ClaimFeed

    filterset = claim_filterset(request)
    if not filterset.is_valid():
        return bad_request(request, filterset)
    return ClaimFeed(filterset)(request)
