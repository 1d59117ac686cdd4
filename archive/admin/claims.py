"""Claims and their figures: the claim shown in its article's text, reviewed or rejected in bulk."""

from __future__ import annotations

from typing import NamedTuple

from django import forms
from django.contrib import admin, messages
from django.db import connections
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import StrIndex, Upper
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from archive import caching, search
from archive.admin.base import (
    CONTEXT_CHARS,
    BriefingFilter,
    EditorAdmin,
    OutletFilter,
    PartyFilter,
    SpeakerFilter,
    claims_set_status,
    names,
)
from archive.claims import claim_figures_rederive
from archive.listing import AdminCappedPaginator
from archive.models import Article, Claim, Figure, Organisation, Person, search_terms
from archive.search import matches_at_most, probe_text


class Named(NamedTuple):
    """What a word of the admin's claim search names (``ClaimAdmin._named``)."""

    people: QuerySet  # the people with the word in their name or a spelling (their ids)
    orgs: QuerySet  # the organisations, alike
    articles: list[int] | None  # the articles with it in their title, when at most TITLE_LIST


# The admin's claim search gives a word's articles to its queries as a list when the word is in at
# most this many titles, or missing from at most this many (``ClaimAdmin._named``, ``_titled``).
TITLE_LIST = 1000


class RetiredFilter(admin.SimpleListFilter):
    """Current claims by default; claims a re-extraction retired on request."""

    title = "retired"
    parameter_name = "retired"

    def lookups(self, request, model_admin):
        return [("no", "current"), ("yes", "retired")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.retired()
        if self.value() == "no":
            return queryset.current()
        return queryset


class StaleFiguresFilter(admin.SimpleListFilter):
    title = "figures"
    parameter_name = "figures"

    def lookups(self, request, model_admin):
        return [("stale", "a figure not in the text")]

    def queryset(self, request, queryset):
        return queryset.with_stale_figures() if self.value() == "stale" else queryset


# --- Claims and figures ----------------------------------------------------------------------------


class FigureInline(admin.TabularInline):
    model = Figure
    extra = 0
    fields = [
        "category",
        "label",
        "value",
        "low",
        "high",
        "bound",
        "approximate",
        "unit",
        "text",
        "start",
        "end",
    ]


class ClaimForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        if {"start", "end"} & set(self.changed_data):
            # The editor's span is the content now; the pipeline's pieces of the old one no longer apply.
            self.instance.parts = []
        return data


@admin.register(Claim)
class ClaimAdmin(EditorAdmin):
    form = ClaimForm
    list_display = [
        "id",
        "short_text",
        "speaker_names",
        "source",
        "article_link",
        "claim_date",
        "kind",
        "status",
        "figures_check",
    ]
    list_display_links = ["id", "short_text"]

    class Media:
        # The claim column wide enough to read at 1366 px; the change form scrolls its context box to
        # the claim (static files: the Content-Security-Policy allows nothing inline).
        css = {"all": ["archive/admin.css"]}
        js = ["archive/admin.js"]

    list_filter = [
        "status",
        RetiredFilter,
        StaleFiguresFilter,
        PartyFilter,
        SpeakerFilter,
        BriefingFilter,
        OutletFilter,
        "kind",
        "claim_date",
        "edited_by_human",
    ]
    search_fields = [
        "text",
        "speakers__name",
        "speakers__aliases",
        "speaker_organisations__name",
        "source_person__name",
        "source_organisation__name",
        "article__title",
    ]
    autocomplete_fields = [
        "article",
        "speakers",
        "speaker_organisations",
        "source_person",
        "source_organisation",
        "briefing",
    ]
    # No date_hierarchy (a DISTINCT over every claim's year on each page; the date filter stays),
    # no "N of M selected" (a count of the whole table), a count that stops at the limit.
    show_full_result_count = False
    paginator = AdminCappedPaginator
    # The claims list's order with the id last, as the claim_newest_order index has it: the admin
    # would otherwise add "-pk" and sort every claim instead of walking the index.
    ordering = [F("claim_date").desc(nulls_last=True), "article_id", "start", "pk"]
    inlines = [FigureInline]
    actions = ["mark_reviewed", "mark_rejected"]
    readonly_fields = [
        "article_context",
        "figures_check",
        "retirement",
        "figures_edited",
        "attribution_spans",
        "speaker_description",
        "confidence",
        "speaker_inferred",
        "date_provenance",
        "edited_by_human",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["article", "article_context", "text", ("start", "end"), "kind", "cue", "status"]}),
        (
            "Who said it, on whose authority",
            {
                "fields": [
                    "attribution_spans",
                    "speakers",
                    "speaker_description",
                    "speaker_organisations",
                    "source_person",
                    "source_organisation",
                    "briefing",
                ]
            },
        ),
        ("When", {"fields": ["claim_date", "date_provenance"]}),
        ("Figures", {"fields": ["figures_check", "figures_edited"]}),
        (
            "Provenance",
            {
                "fields": [
                    "confidence",
                    "speaker_inferred",
                    "edited_by_human",
                    "retirement",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("article__outlet", "source_organisation", "source_person", "briefing")
            .prefetch_related("speakers", "speaker_organisations", "figures")
            .defer("article__raw_text")
        )

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        paginator = super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)
        found = getattr(request, "claims_found", None)  # known from the search (no other filter)
        if found is not None:
            paginator.known(min(found, paginator.limit + 1))  # as the capped count would say
        else:
            # Counted once per selection (its search and filters, not its page or order) until
            # the archive changes (an edit or an import: a new generation): the next page of a
            # search, or the list again after a look at a claim, is not counted again (a
            # several-word search's count took up to 0.8 s at 1M claims).
            selection = sorted(
                (name, values) for name, values in request.GET.lists() if name not in ("p", "o")
            )
            paginator.count_key = caching.key(caching.generation(), "admin claims", selection)
        return paginator

    def get_search_results(self, request, queryset, search_term):
        """Every word in the claim's text (full-text), a speaker's or source's name or spelling, or
        the article's title, by indexes and small tables instead of Django's OR across the joins
        of every claim.

        Written for the number of claims found. PostgreSQL: the words are looked up together in
        the claims' keys (``_keyed_search``). SQLite starts from an OR of INs unless one word is
        in many claims; otherwise each claim the newest-first order reaches is tested, so the
        count and the page stop early.
        """
        words = search_terms(search_term)
        if not words:
            return queryset, False
        few = matches_at_most(search_term, AdminCappedPaginator.LIMIT, using=queryset.db)
        if not few and not queryset.query.where:
            # Every claim with every word in its text is found, and more than the count's limit
            # have them: the count is the limit's, without counting (``get_paginator``). Counted,
            # several common words ("said troops") walked half a million claims: 2 s at 1M.
            request.claims_found = AdminCappedPaginator.LIMIT + 1
        named = {word: self._named(word, queryset.db) for word in words}
        vendor = connections[queryset.db].vendor
        if vendor == "postgresql" and not (few and all(n.articles is None for n in named.values())):
            return self._keyed_search(request, queryset, named, few), False
        if vendor == "sqlite" and (few or len(words) > 1):
            # SQLite starts from an OR of INs (each word's matches and lookups), as before: right
            # for few matches, and for several words in fewer claims together than each alone
            # (walking the order read hundreds of claims per one found for "prisoners vladivostok",
            # 1.6% of the claims: 9 s at 1M against 4 s).
            for word in words:
                union = self._other_lookups(word, named[word])
                queryset = queryset.search(word) | queryset.filter(pk__in=union[0].union(*union[1:]))
            return queryset, False
        # Every claim the newest-first order reaches is tested, and the count and the page stop
        # early; or, with few claims found (PostgreSQL: every word in many titles, so no keys to
        # start from), every claim is, and each word's text matches are cheaper hashed once than
        # probed a million times (1.8 s against 2.1 s for a lawmaker's name at 1M claims).
        for word in words:
            # The text (the stored vector on PostgreSQL, the FTS5 matches on SQLite), the speakers
            # by the claim's index of its links, the sources and article by column, against the
            # few people, organisations and articles the word names. An IN of a common word's
            # claims inside this OR could not be hashed by PostgreSQL (each row compared with
            # every match: minutes at 1M claims).
            people, orgs, _ = named[word]
            queryset = queryset.filter(
                Q(probe_text(word, hashed=few))
                | Q(Exists(Claim.speakers.through.objects.filter(claim=OuterRef("pk"), person__in=people)))
                | Q(
                    Exists(
                        Claim.speaker_organisations.through.objects.filter(
                            claim=OuterRef("pk"), organisation__in=orgs
                        )
                    )
                )
                | Q(source_person__in=people)
                | Q(source_organisation__in=orgs)
                | self._titled(word, named[word])
            )
        return queryset, False

    @staticmethod
    def _keyed_search(request, queryset, named: dict, few: bool):
        """The claims with every word, from the claims' keys (PostgreSQL, ``search.KeyedWord``).

        A word is in a claim's text, or one of its keys: those of the people and organisations
        with the word in a name (a speaker or the source), and of the articles with it in their
        title when at most ``TITLE_LIST`` have it; a word in more titles is tested on each
        claim's title. With few claims found, their ids are read from the indexes, every word at
        once (``search.keyed_claim_ids``): a lawmaker's three-part name, each part in some 80,000
        claims, is 3,600 claims read in 80 ms at 1M claims, where testing every claim took 1.7 s.
        With more than the count's limit, the count is the limit's, and each claim the
        newest-first order reaches is tested on its row of keys until the page is full.
        """
        keyed = [
            search.KeyedWord(
                word,
                search.claim_keys(
                    n.people.values_list("pk", flat=True),
                    n.orgs.values_list("pk", flat=True),
                    n.articles or (),
                ),
                in_titles=n.articles is None,
            )
            for word, n in named.items()
        ]
        condition = search.keyed_condition(keyed)
        if few:  # with more claims than the limit holding every word in their text, no list
            ids = search.keyed_claim_ids(condition, AdminCappedPaginator.LIMIT, using=queryset.db)
            if not queryset.query.where:  # counted by the ids' query: not again
                request.claims_found = AdminCappedPaginator.LIMIT + 1 if ids is None else len(ids)
            if ids is not None:
                return queryset.filter(pk__in=ids)
        return queryset.filter(search.KeyedProbe(condition))

    @staticmethod
    def _named(word: str, using: str) -> Named:
        """The people and organisations with ``word`` in their name or a spelling (querysets of
        their ids), and the articles with it in their title when at most ``TITLE_LIST`` have it."""
        people = Person.objects.filter(Q(name__icontains=word) | Q(aliases__icontains=word)).values("pk")
        orgs = Organisation.objects.filter(Q(name__icontains=word) | Q(aliases__icontains=word)).values("pk")
        titled = Article.objects.filter(title__icontains=word)
        if len(word) < 3 and connections[using].vendor == "postgresql":
            # No trigram in it: the titles' trigram index would be read whole and every title
            # tested again (220 ms at 110,000 articles for "of"); the titles read in turn, 85 ms.
            titled = Article.objects.alias(at=StrIndex(Upper("title"), Upper(Value(word)))).filter(at__gt=0)
        having = titled.order_by().values_list("pk", flat=True)
        having = list(having[: TITLE_LIST + 1])
        return Named(people, orgs, having if len(having) <= TITLE_LIST else None)

    @staticmethod
    def _titled(word: str, named: Named) -> Q:
        """The claims whose article has ``word`` in its title, given as a list of articles: those
        that have it when few do, or every article but those that lack it when few lack it
        ("north" in "North Korean …"); between the two, a subquery. As a subquery in each of the
        search's queries, a word in every title was a scan of every title in each (90 ms at
        110,000 articles, a dozen times for three words: 1.4 s)."""
        if named.articles is not None:
            return Q(article__in=named.articles)
        lacking = Article.objects.exclude(title__icontains=word).order_by().values_list("pk", flat=True)
        lacking = list(lacking[: TITLE_LIST + 1])
        if len(lacking) <= TITLE_LIST:
            return ~Q(article__in=lacking)
        return Q(article__in=Article.objects.filter(title__icontains=word).values("pk"))

    @classmethod
    def _other_lookups(cls, word: str, named: Named) -> list:
        """The ids of the claims with ``word`` (``named``: what ``_named`` found of it) in a
        speaker's or source's name or spelling, or in their article's title: lookups on small
        tables, then the indexed links."""
        people, orgs, _ = named
        lookups = [
            Claim.speakers.through.objects.filter(person__in=people).values("claim_id"),
            Claim.speaker_organisations.through.objects.filter(organisation__in=orgs).values("claim_id"),
            Claim.objects.filter(source_person__in=people).values("pk"),
            Claim.objects.filter(source_organisation__in=orgs).values("pk"),
            Claim.objects.filter(cls._titled(word, named)).values("pk"),
        ]
        return [q.order_by() for q in lookups]

    def save_related(self, request, form, formsets, change):
        """An editor who touched the figures owns them; otherwise they follow the claim's (edited) text."""
        super().save_related(request, form, formsets, change)
        claim = form.instance
        if any(fs.model is Figure and fs.has_changed() for fs in formsets):
            if not claim.figures_edited:
                claim.figures_edited = True
                claim.save(update_fields=["figures_edited"])
        elif {"text", "start", "end"} & set(form.changed_data):
            claim_figures_rederive(claim=claim)

    @admin.display(description="figures")
    def figures_check(self, obj: Claim) -> str:
        stale = obj.stale_figures()
        if not stale:
            return "—" if obj.pk is None or not obj.figures.all() else "in the text"
        return format_html(
            '<strong class="errornote">not in the text: {}</strong>', ", ".join(f.text for f in stale)
        )

    @admin.display(description="retired")
    def retirement(self, obj: Claim) -> str:
        if not obj.is_retired:
            return "—"
        if obj.successor_id:
            return format_html(
                '{} — its page redirects to <a href="{}">#{}</a>',
                obj.retired_at,
                reverse("admin:archive_claim_change", args=[obj.successor_id]),
                obj.successor_id,
            )
        return format_html("{} — its page answers 410 Gone", obj.retired_at)

    def get_readonly_fields(self, request, obj=None):
        # Offsets index into one article's text: move a claim by re-creating it, not by re-pointing it.
        return [*super().get_readonly_fields(request, obj), *(["article"] if obj else [])]

    @admin.display(description="claim", ordering="text")
    def short_text(self, obj: Claim) -> str:
        return str(obj)

    @admin.display(description="speakers")
    def speaker_names(self, obj: Claim) -> str:
        return names([*obj.speakers.all(), *obj.speaker_organisations.all()]) or "—"

    @admin.display(description="source")
    def source(self, obj: Claim) -> str:
        return str(obj.source or "—")

    @admin.display(description="article", ordering="article__outlet__name")
    def article_link(self, obj: Claim) -> str:
        """The outlet and date of the claim's article, linked to it."""
        article = obj.article
        when = f"{article.published_on:%-d %b %Y}" if article.published_on else "undated"
        return format_html(
            '<a href="{}">{}, {}</a> <span class="quiet">#{}</span>',
            reverse("admin:archive_article_change", args=[article.pk]),
            article.outlet or "unknown outlet",
            when,
            article.pk,
        )

    @admin.display(description="in the article")
    def article_context(self, obj: Claim) -> str:
        """The article's text around the claim, the claim highlighted; every piece escaped."""
        if obj.pk is None or obj.article_id is None:
            return "—"
        text = obj.article.text
        start = min(max(obj.start, 0), len(text))
        end = min(max(obj.end, start), len(text))
        lo, hi = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
        return format_html(
            '<div class="claim-context">{}{}<mark>{}</mark>{}{}</div>'
            '<p><a href="{}">{}</a> · offsets {}–{} of {}</p>',
            "… " if lo else "",
            text[lo:start],
            text[start:end],
            text[end:hi],
            " …" if hi < len(text) else "",
            reverse("admin:archive_article_change", args=[obj.article_id]),
            obj.article,
            obj.start,
            obj.end,
            len(text),
        )

    @admin.display(description="source, cue, content")
    def attribution_spans(self, obj: Claim) -> str:
        """Each span the pipeline found, with its words in the article's text; every piece escaped."""
        if obj.pk is None or obj.article_id is None:
            return "—"
        text = obj.article.text
        spans = [("source", obj.source_span), ("cue", obj.cue_span)]
        spans += [("content", part) for part in obj.content_parts]
        return format_html_join(
            "",
            "<p>{}: “{}” ({}–{})</p>",
            ((kind, text[span[0] : span[1]], *span) for kind, span in spans if span),
        )

    @admin.display(description="date basis")
    def date_provenance(self, obj: Claim) -> str:
        parts = []
        if obj.article_id:
            basis = obj.article.get_published_on_basis_display()
            parts.append(f"article published {obj.article.published_on or '?'} ({basis})")
        if obj.briefing_id:
            parts.append(f"briefing {obj.briefing.date or '?'} ({obj.briefing.get_date_basis_display()})")
        return "; ".join(parts) or "—"

    @admin.action(description="Mark selected claims reviewed", permissions=["change"])
    def mark_reviewed(self, request, queryset):
        n = claims_set_status(claims=queryset, status=Claim.Status.REVIEWED, user=request.user)
        self.message_user(request, f"{n} claim(s) marked reviewed.", messages.SUCCESS)

    @admin.action(description="Mark selected claims rejected", permissions=["change"])
    def mark_rejected(self, request, queryset):
        n = claims_set_status(claims=queryset, status=Claim.Status.REJECTED, user=request.user)
        self.message_user(request, f"{n} claim(s) marked rejected.", messages.SUCCESS)


@admin.register(Figure)
class FigureAdmin(EditorAdmin):
    list_display = ["claim", "category", "label", "display_value", "text", "bound"]
    list_filter = ["category", "bound", "approximate"]
    search_fields = ["text", "claim__text"]
    autocomplete_fields = ["claim"]
    list_select_related = ["claim"]
