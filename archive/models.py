"""The archive's data model.

Organisation / Person / Membership follow Popolo (a party is an Organisation; a
person belongs to it through a dated Membership). A Claim follows schema.org's
Claim: a statement that appears in an Article, made by speakers, possibly
relaying a source. Figures are the numbers inside claims.

Provenance rule: every row the importer writes can be re-derived from the
article text, except where ``edited_by_human`` is set; the importer never
overwrites or deletes such a row.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import textwrap
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.functions import MD5, Upper
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords


def unique_slug(model: type[models.Model], text: str, *, exclude_pk: int | None = None) -> str:
    """A slug for ``text`` not yet used by ``model`` (``han-ji-ho``, ``han-ji-ho-2``)."""
    base = slugify(text)[:80] or "item"
    slug, n = base, 1
    qs = model._default_manager.all()
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def detail_url(name: str, arg: object) -> str:
    """``reverse(name, args=[arg])`` for a page whose route takes one id or slug, from that route's
    address made once (per script prefix and URLconf) with ``arg`` put in its place.

    Every claim row links its claim, speakers, outlet, article and briefing: reverse() resolves
    the URLconf and the script prefix each time, a quarter of the time a row took to draw.

        >>> detail_url("archive:claim_detail", 42)
        '/claims/42/'
    """
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _route(name, get_script_prefix(), urlconf).format(quote(str(arg)))


_HOLE = "918273645"  # what reverse() is given in place of the argument: accepted as an id and a slug


@functools.lru_cache(maxsize=32)
def _route(name: str, prefix: str, urlconf: str) -> str:
    address = reverse(name, args=[_HOLE], urlconf=urlconf)
    return address.replace("{", "{{").replace("}", "}}").replace(_HOLE, "{}", 1)


class DateBasis(models.TextChoices):
    DATELINE = "dateline", "dateline"
    INFERRED = "inferred", "inferred from the text"
    EDITOR = "editor", "set by an editor"
    UNKNOWN = "unknown", "unknown"


class ImportRun(models.Model):
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    files = models.JSONField(default=list, blank=True)
    reextract = models.BooleanField(default=False)
    created = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    failures = models.JSONField(default=list, blank=True, help_text="[{file, reason}]")
    skipped = models.JSONField(default=list, blank=True, help_text="[{file, reason}]: directories")
    host = models.CharField(max_length=255, blank=True, help_text="The machine the import ran on.")
    pid = models.PositiveIntegerField(null=True, blank=True, help_text="Its process id there.")
    interrupted = models.BooleanField(
        default=False, help_text="The process ended before finishing (found so by a later import)."
    )
    claim_counts = models.JSONField(
        default=dict, blank=True, help_text="--reextract: claims created, kept, updated, retired, suppressed."
    )

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Import {self.started_at:%Y-%m-%d %H:%M} ({self.created} new, {self.failed} failed, {self.status})"

    @property
    def status(self) -> str:
        if self.interrupted:
            return "interrupted"
        return "finished" if self.finished_at else "running"


class ImportLedger(models.Model):
    """One row that importers take in turn to store an article, counting the stores.

    ``archive.ingest`` bumps ``version`` first thing in each article's transaction:
    the row lock orders the importers' writes, and a version that moved since a
    process's last store tells it another importer wrote.
    """

    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"import ledger at {self.version}"


class Organisation(models.Model):
    class Kind(models.TextChoices):
        AGENCY = "agency"
        COMMITTEE = "committee"
        PARTY = "party"
        MEDIA = "media"
        GOVERNMENT = "government"
        MILITARY = "military"
        OTHER = "other"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER, db_index=True)
    aliases = models.JSONField(default=list, blank=True, help_text="Other names and spellings seen.")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    edited_by_human = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Organisation, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)
        if _names_changed(kwargs.get("update_fields")):
            from archive.search import name_keys_store

            name_keys_store(organisation=self)

    def get_absolute_url(self) -> str:
        return detail_url("archive:organisation_detail", self.slug)

    @property
    def all_names(self) -> list[str]:
        return [self.name, *(a for a in self.aliases if a != self.name)]


def _names_changed(update_fields) -> bool:
    """Whether a save may have changed a name or a spelling (and so the ``NameKey`` rows)."""
    return update_fields is None or bool({"name", "aliases"} & set(update_fields))


class PersonQuerySet(models.QuerySet):
    def with_memberships(self) -> PersonQuerySet:
        return self.prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("organisation"))
        )

    def in_party(self, party: Organisation, on: dt.date | None = None) -> PersonQuerySet:
        return self.filter(pk__in=Membership.objects.of_party(party, on=on).values("person"))


class Person(models.Model):
    name = models.CharField(max_length=200, db_index=True, help_text="Canonical spelling.")
    slug = models.SlugField(max_length=100, unique=True)
    aliases = models.JSONField(default=list, blank=True, help_text="Every other spelling seen.")
    roles = models.JSONField(default=list, blank=True, help_text="Roles and titles seen in the text.")
    description = models.CharField(max_length=300, blank=True)
    edited_by_human = models.BooleanField(default=False)
    history = HistoricalRecords()

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Person, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)
        if _names_changed(kwargs.get("update_fields")):
            from archive.search import name_keys_store

            name_keys_store(person=self)

    def get_absolute_url(self) -> str:
        return detail_url("archive:person_detail", self.slug)

    @property
    def all_names(self) -> list[str]:
        return [self.name, *(a for a in self.aliases if a != self.name)]

    def party_on(self, date: dt.date | None) -> Organisation | None:
        """The party this person belonged to on ``date``; without a date, the latest one.

        A person who left a party is not shown under it afterwards: with a date and
        no membership covering it, the answer is None. Reads prefetched memberships,
        so list pages stay at a fixed query count.
        """
        parties = [m for m in self.memberships.all() if m.organisation.kind == Organisation.Kind.PARTY]
        if date is not None:
            return next((m.organisation for m in parties if m.covers(date)), None)
        # Among memberships starting the same day (or undated), the first recorded: the same on every database.
        latest = sorted(parties, key=lambda m: (m.start or dt.date.min, -m.pk), reverse=True)
        return latest[0].organisation if latest else None


class NameKey(models.Model):
    """A name or spelling of a person or organisation under ``archive.extraction.names.name_key``,
    so that search finds them by any romanisation ("Choi Jeong-ho" finds "Choi Jung-ho").

    Derived: ``Person.save`` and ``Organisation.save`` store them (``archive.search``); never exported.
    """

    key = models.CharField(max_length=300, db_index=True)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="name_keys"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="name_keys"
    )

    def __str__(self) -> str:
        return f"{self.key} → {self.person or self.organisation}"


class PersonRedirect(models.Model):
    """The slug of a person merged into another: the old URL redirects here."""

    old_slug = models.SlugField(max_length=100, unique=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="redirects")

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.person}"


class OrganisationRedirect(models.Model):
    old_slug = models.SlugField(max_length=100, unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="redirects")

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.organisation}"


class BriefingRedirect(models.Model):
    """The id of a briefing merged into another: ``/briefings/<old_pk>/`` redirects here."""

    old_pk = models.PositiveIntegerField(unique=True)
    briefing = models.ForeignKey("Briefing", on_delete=models.CASCADE, related_name="redirects")
    # The merged briefing's natural key, so that a re-import finding it again finds the survivor.
    organiser = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="briefing_redirects"
    )
    date = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.old_pk} → {self.briefing}"


class MembershipQuerySet(models.QuerySet):
    def of_party(self, party: Organisation, on: dt.date | None = None) -> MembershipQuerySet:
        qs = self.filter(organisation=party)
        if on is not None:
            qs = qs.filter(Q(start__isnull=True) | Q(start__lte=on), Q(end__isnull=True) | Q(end__gte=on))
        return qs


class Membership(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=200, blank=True)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    edited_by_human = models.BooleanField(default=False)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["person__name", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(start__lte=models.F("end")),
                name="membership_start_before_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.organisation}"

    def covers(self, date: dt.date) -> bool:
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)

    def clean(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise ValidationError({"end": "A membership cannot end before it starts."})


def search_terms(query: str) -> list[str]:
    """The words of a free-text query, lower-cased, without operators or punctuation.

    >>> search_terms('  "North Korean" troops -drones <script>')
    ['north', 'korean', 'troops', 'drones', 'script']
    """
    return [w.lower() for w in re.findall(r"\w+", query or "")][:12]


class ArticleQuerySet(models.QuerySet):
    def with_related(self) -> ArticleQuerySet:
        return self.select_related("outlet")

    def search(self, query: str) -> ArticleQuerySet:
        """Articles whose title or text has every word of ``query``, from the full-text index."""
        from archive.search import articles_matching

        return articles_matching(self, query)


class Article(models.Model):
    source_file = models.CharField(max_length=255, db_index=True)
    sha256 = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the raw bytes as received.")
    raw_text = models.TextField(help_text="The text as received, never modified.")
    text = models.TextField(help_text="The cleaned text; claim offsets index into it.")
    title = models.CharField(max_length=500, blank=True)
    outlet = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    byline = models.JSONField(default=list, blank=True)
    published_on = models.DateField(null=True, blank=True, db_index=True)
    published_on_basis = models.CharField(max_length=20, choices=DateBasis.choices, default=DateBasis.UNKNOWN)
    published_on_evidence = models.CharField(max_length=300, blank=True)
    people = models.ManyToManyField(Person, blank=True, related_name="articles")
    import_run = models.ForeignKey(ImportRun, null=True, blank=True, on_delete=models.SET_NULL)
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    edited_by_human = models.BooleanField(default=False)
    history = HistoricalRecords(excluded_fields=["raw_text", "text"])

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "source_file"]

    def __str__(self) -> str:
        return self.title or self.untitled_label()

    def get_absolute_url(self) -> str:
        return detail_url("archive:article_detail", self.pk)

    def untitled_label(self) -> str:
        """For a text without a headline: its first sentence, shortened, or "Untitled article from
        <outlet>, <date>" (never the file name the importer read it from)."""
        first_line = next((line.strip() for line in self.text.splitlines() if line.strip()), "")
        sentence = re.split(r"(?<=[.!?])\s", first_line, maxsplit=1)[0]
        if sentence:
            return textwrap.shorten(sentence, width=90, placeholder="…")
        outlet = self.outlet.name if self.outlet_id and self.outlet else "an unknown outlet"
        date = f"{self.published_on:%-d %b %Y}" if self.published_on else "undated"
        return f"Untitled article from {outlet}, {date}"


class BriefingQuerySet(models.QuerySet):
    def with_related(self) -> BriefingQuerySet:
        """Everything a briefing row shows (organiser, audience, people with parties, articles)."""
        people = Person.objects.with_memberships()
        return self.select_related("organiser", "audience").prefetch_related(
            Prefetch("presenters", queryset=people),
            Prefetch("relayed_by", queryset=people),
            # The text labels an untitled article; the raw text is never shown here.
            Prefetch(
                "articles",
                queryset=Article.objects.with_related().defer("raw_text").order_by("published_on", "pk"),
            ),
        )

    def with_first_report(self) -> BriefingQuerySet:
        """Annotate the first covering article's date and outlet, which label an undated briefing."""
        first = Article.objects.filter(briefings=models.OuterRef("pk")).order_by(
            models.F("published_on").asc(nulls_last=True), "pk"
        )
        return self.annotate(
            first_report_on=models.Subquery(first.values("published_on")[:1]),
            first_report_by=models.Subquery(first.values("outlet__name")[:1]),
        )


def briefing_when(date: dt.date | None, first_on: dt.date | None = None, first_by: str | None = None) -> str:
    """A briefing's date as a reader tells briefings apart: "30 Apr 2025", or for an undated one
    its first covering report, "on or before 14 Jan 2025 (Yonhap)"."""
    if date is not None:
        return f"{date:%-d %b %Y}"
    if first_on is not None:
        return f"on or before {first_on:%-d %b %Y}" + (f" ({first_by})" if first_by else "")
    return f"undated (reported by {first_by})" if first_by else "undated"


class Briefing(models.Model):
    date = models.DateField(null=True, blank=True, db_index=True)
    date_basis = models.CharField(max_length=20, choices=DateBasis.choices, default=DateBasis.UNKNOWN)
    organiser = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="briefings_organised"
    )
    audience = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="briefings_attended"
    )
    presenters = models.ManyToManyField(Person, blank=True, related_name="briefings_presented")
    relayed_by = models.ManyToManyField(Person, blank=True, related_name="briefings_relayed")
    articles = models.ManyToManyField(Article, blank=True, related_name="briefings")
    closed_door = models.BooleanField(default=False)
    evidence = models.CharField(max_length=500, blank=True)
    edited_by_human = models.BooleanField(default=False)
    history = HistoricalRecords(m2m_fields=[presenters, relayed_by])

    objects = BriefingQuerySet.as_manager()

    class Meta:
        ordering = [models.F("date").desc(nulls_last=True), "pk"]

    def __str__(self) -> str:
        who = self.organiser.name if self.organiser_id and self.organiser else "Unknown"
        to = f" → {self.audience.name}" if self.audience_id and self.audience else ""
        return f"{who}{to} ({self.when})"

    def get_absolute_url(self) -> str:
        return detail_url("archive:briefing_detail", self.pk)

    @property
    def name(self) -> str:
        """How a briefing is named in lists and merge confirmations."""
        return str(self)

    @property
    def when(self) -> str:
        """``briefing_when``: from ``with_first_report``'s annotations, else the (prefetched) articles;
        a dated briefing needs neither."""
        if self.date is not None:
            return briefing_when(self.date)
        if hasattr(self, "first_report_on"):
            return briefing_when(None, self.first_report_on, self.first_report_by)
        first = min(
            self.articles.all(),
            key=lambda a: (a.published_on is None, a.published_on or dt.date.min, a.pk),
            default=None,
        )
        if first is None:
            return briefing_when(None)
        return briefing_when(None, first.published_on, first.outlet.name if first.outlet_id else None)


# Reports of the same claim or figure: earliest first (the article's date), then by position.
CORROBORATION_ORDER = (models.F("article__published_on").asc(nulls_last=True), "article_id", "start", "pk")


class ClaimQuerySet(models.QuerySet):
    def with_related(self) -> ClaimQuerySet:
        """Everything a claim row shows, in a fixed number of queries."""
        return self.select_related(
            "article__outlet",
            "briefing__organiser",
            "briefing__audience",
            "source_organisation",
            "source_person",
        ).prefetch_related(
            Prefetch("speakers", queryset=Person.objects.with_memberships()),
            "speaker_organisations",
            "figures",
        )

    def current(self) -> ClaimQuerySet:
        """Claims the pipeline (or an editor) still stands by: not retired by a re-extraction."""
        return self.filter(retired_at__isnull=True)

    def retired(self) -> ClaimQuerySet:
        return self.filter(retired_at__isnull=False)

    def for_list(self) -> ClaimQuerySet:
        """``with_related`` without the articles' texts (a list row shows none of them)."""
        return self.with_related().defer("article__text", "article__raw_text")

    def public(self) -> ClaimQuerySet:
        """What the public site lists and counts: current claims that were not rejected."""
        return self.current().exclude(status=Claim.Status.REJECTED)

    def by_person(self, person: Person) -> ClaimQuerySet:
        """Claims ``person`` made or is the source of: a union of two indexed lookups of ids."""
        spoken = Claim.speakers.through.objects.filter(person=person).values("claim_id")
        sourced = Claim.objects.filter(source_person=person).order_by().values("pk")
        return self.filter(pk__in=spoken.union(sourced))

    def relayed_by(self, person: Person) -> ClaimQuerySet:
        """Claims a person relayed from another source (e.g. a lawmaker relaying the NIS)."""
        return self.filter(speakers=person).exclude(source_organisation=None)

    def in_party(self, party: Organisation, *, probe: bool = False) -> ClaimQuerySet:
        """Claims whose speaker belonged to ``party`` on the claim's date (or, undated, ever).

        The stored affiliations (archive.affiliations): an indexed lookup, not a join through
        every claim's speakers and their dated memberships. By default ``pk IN`` the party's
        claims; ``probe=True`` tests each claim the query reaches (an ``EXISTS`` on the
        affiliations' index), for walking a large selection along its order (SQLite, as
        ``search(probe=True)``)."""
        affiliations = SpeakerAffiliation.objects.filter(organisation=party)
        if probe:
            return self.filter(models.Exists(affiliations.filter(claim=models.OuterRef("pk"))))
        return self.filter(pk__in=affiliations.values("claim_id"))

    def with_stale_figures(self) -> ClaimQuerySet:
        """Claims holding a figure whose words their text no longer contains (an editor changed one or the other)."""
        stale = Figure.objects.exclude(text="").exclude(claim__text__contains=models.F("text"))
        return self.filter(pk__in=stale.values("claim"))

    def search(self, query: str, *, probe: bool = False) -> ClaimQuerySet:
        """Claims whose text has every word of ``query``, from the full-text index (``archive.search``;
        ``probe``: tested claim by claim, see ``claims_matching``)."""
        from archive.search import claims_matching

        return claims_matching(self, query, probe=probe)

    def corroborating(self, claim: Claim, limit: int = 50) -> ClaimQuerySet:
        """The first ``limit`` public reports of the same claim or figure in *other* articles,
        earliest first.

        The same claim: the same text. The same figure: a figure of the same category and
        number anywhere, or of the same category from the same briefing (the same figure,
        perhaps reported with a different number: a disagreement worth seeing).
        """
        # The same text, in any case: by an index on the upper-cased text's hash (PostgreSQL) or
        # on the upper-cased text (SQLite; migrations 0006, 0013).
        text = models.Value(claim.text)
        same_text = Claim.objects.annotate(text_key=MD5(Upper("text")), upper_text=Upper("text")).filter(
            text_key=MD5(Upper(text)), upper_text=Upper(text)
        )
        reports = [Q(pk__in=same_text.values("pk"))]
        for figure in claim.figures.all():
            if figure.category == Figure.Category.OTHER:
                continue
            same_number = Figure.objects.filter(
                category=figure.category, value=figure.value, low=figure.low, high=figure.high
            )
            # From the number's index: a rare number is a few lookups. (As EXISTS, SQLite walked
            # every claim by its article's date testing each one: 2 s for a number found once.)
            reports.append(Q(pk__in=same_number.values("claim_id")))
            if claim.briefing_id:
                # From the briefing's claims, each tested (as IN, SQLite read the ids of every
                # figure of the category first: 200 ms).
                same_category = Figure.objects.filter(claim=models.OuterRef("pk"), category=figure.category)
                reports.append(Q(models.Exists(same_category), briefing_id=claim.briefing_id))
        # Each lookup's own first ``limit`` reports (a limited subquery, as SQLite takes no LIMIT
        # in a part of a UNION: the database either reads the lookup's index or, for a common
        # number, walks the articles by date until it has them), then the union of those few
        # narrow rows sorted and cut. The first ``limit`` of the
        # union are among them, so the order is exact at any size; only they are read whole.
        # (Sorting a common number's 9,000 reports by their articles' dates cost 100 ms.)
        elsewhere = Claim.objects.public().exclude(article_id=claim.article_id)
        columns = ("pk", "article__published_on", "article_id", "start")
        rows = [
            Claim.objects.filter(
                pk__in=elsewhere.filter(q).order_by(*CORROBORATION_ORDER).values("pk")[:limit]
            )
            .order_by()
            .values_list(*columns)
            for q in reports
        ]
        first = rows[0].union(*rows[1:]).order_by(*CORROBORATION_ORDER)[:limit]
        return self.filter(pk__in=[row[0] for row in first]).order_by(*CORROBORATION_ORDER)


class Claim(models.Model):
    class Kind(models.TextChoices):
        DIRECT = "direct", "direct quote"
        INDIRECT = "indirect", "indirect (reported speech)"

    class Status(models.TextChoices):
        EXTRACTED = "extracted"
        REVIEWED = "reviewed"
        REJECTED = "rejected"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    text = models.TextField()
    start = models.PositiveIntegerField(help_text="Offset of the claim in the article's cleaned text.")
    end = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.INDIRECT, db_index=True)
    cue = models.CharField(max_length=100, blank=True)
    speakers = models.ManyToManyField(Person, blank=True, related_name="claims")
    speaker_organisations = models.ManyToManyField(Organisation, blank=True, related_name="claims_spoken")
    source_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims_sourced"
    )
    source_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims_sourced"
    )
    briefing = models.ForeignKey(
        Briefing, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    claim_date = models.DateField(null=True, blank=True, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.EXTRACTED, db_index=True)
    edited_by_human = models.BooleanField(default=False)
    figures_edited = models.BooleanField(
        default=False, help_text="An editor changed the figures: re-extraction keeps them as they are."
    )
    retired_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When a re-extraction stopped finding this claim; its page answers 410 Gone (or 301).",
    )
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text="The claim that replaced this retired one; its page redirects there.",
    )
    confidence = models.FloatField(default=1.0)
    speaker_inferred = models.BooleanField(default=False, help_text="Speaker resolved from context.")
    # The parts of the attribution (PARC / PolNeAR), as offsets into the article's cleaned text.
    speaker_description = models.CharField(
        max_length=200,
        blank=True,
        help_text="An unnamed speaker as the text gives it (“a committee official”).",
    )
    source_start = models.PositiveIntegerField(null=True, blank=True, help_text="Where the source is named.")
    source_end = models.PositiveIntegerField(null=True, blank=True)
    cue_start = models.PositiveIntegerField(null=True, blank=True, help_text="Where the cue is (“said”).")
    cue_end = models.PositiveIntegerField(null=True, blank=True)
    parts = models.JSONField(
        default=list,
        blank=True,
        help_text="The content's pieces, [[start, end], ...], when a cue interrupts it; empty: start–end.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[speakers, speaker_organisations])

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = [models.F("claim_date").desc(nulls_last=True), "article_id", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(start__lte=models.F("end")), name="claim_start_before_end"),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{span}_start__isnull": True, f"{span}_end__isnull": True})
                    | Q(
                        **{
                            f"{span}_start__isnull": False,
                            f"{span}_end__isnull": False,
                            f"{span}_start__lte": models.F(f"{span}_end"),
                        }
                    ),
                    name=f"claim_{span}_span_start_before_end",
                )
                for span in ("source", "cue")
            ),
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:77] + "…"

    def get_absolute_url(self) -> str:
        return detail_url("archive:claim_detail", self.pk)

    @property
    def source(self) -> Organisation | Person | None:
        return self.source_organisation or self.source_person

    @property
    def cited_source(self) -> Organisation | Person | None:
        """The source when someone else relays it; None when the source is itself a speaker (an
        agency's own statement is not "NIS citing NIS"). Reads the prefetched speakers."""
        source = self.source
        if source is None or source in self.speakers.all() or source in self.speaker_organisations.all():
            return None
        return source

    @property
    def date_basis(self) -> str:
        """Where ``claim_date`` comes from: "briefing", the article's basis ("dateline", "inferred",
        "editor"), "editor" (set on the claim) or "unknown" (no date). Reads the selected briefing and
        article (``with_related``)."""
        if self.claim_date is None:
            return DateBasis.UNKNOWN
        if self.briefing_id and self.briefing.date == self.claim_date:
            return "briefing"
        if self.claim_date == self.article.published_on:
            return self.article.published_on_basis
        return DateBasis.EDITOR

    @property
    def source_span(self) -> tuple[int, int] | None:
        return _span(self.source_start, self.source_end)

    @property
    def cue_span(self) -> tuple[int, int] | None:
        return _span(self.cue_start, self.cue_end)

    @property
    def content_parts(self) -> list[tuple[int, int]]:
        """The content's pieces: ``parts`` when a cue interrupts the quote, else the one span start–end."""
        return [(int(s), int(e)) for s, e in self.parts] or [(self.start, self.end)]

    @property
    def is_protected(self) -> bool:
        """A claim an editor touched: re-imports leave it alone."""
        return self.edited_by_human or self.status != Claim.Status.EXTRACTED

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    def stale_figures(self) -> list[Figure]:
        """The figures whose words are not in the claim's text (shown as a warning in the admin)."""
        return [f for f in self.figures.all() if f.text and f.text not in self.text]

    def current_successor(self) -> Claim | None:
        """The current claim this retired one leads to, following successors that were retired in turn."""
        seen = {self.pk}
        claim = self.successor
        while claim is not None and claim.is_retired and claim.pk not in seen:
            seen.add(claim.pk)
            claim = claim.successor
        return claim if claim is not None and not claim.is_retired else None

    def clean(self) -> None:
        if self.article_id is None:
            return
        text = self.article.text
        if self.start is None or self.end is None:
            return
        if not (0 <= self.start <= self.end <= len(text)):
            raise ValidationError({"end": f"The span must lie within the article (0–{len(text)})."})
        if text[self.start : self.end] != self.text:
            raise ValidationError({"text": "The text must match the article's text at the span's offsets."})
        # Not keyed by field: the admin shows these fields read-only, and a form cannot show an
        # error on a field it does not have.
        errors = []
        for name in ("source", "cue"):
            start, end = getattr(self, f"{name}_start"), getattr(self, f"{name}_end")
            if (start is None) != (end is None):
                errors.append(f"The {name} span needs both a start and an end, or neither.")
            elif start is not None and not (0 <= start <= end <= len(text)):
                errors.append(f"The {name} span must lie within the article (0–{len(text)}).")
        if not _parts_valid(self.parts, self.start, self.end):
            errors.append("The content parts must be [start, end] pairs, in order, inside the claim's span.")
        if errors:
            raise ValidationError(errors)


def _span(start: int | None, end: int | None) -> tuple[int, int] | None:
    return (start, end) if start is not None and end is not None else None


def _parts_valid(parts: object, start: int, end: int) -> bool:
    """Whether ``parts`` are ordered, non-overlapping [start, end] pairs within start–end.

    >>> _parts_valid([[0, 4], [12, 20]], 0, 20), _parts_valid([[12, 20], [0, 4]], 0, 20)
    (True, False)
    """
    if not isinstance(parts, list):
        return False
    pos = start
    for part in parts:
        if not (isinstance(part, list | tuple) and len(part) == 2 and all(type(n) is int for n in part)):
            return False
        if not (pos <= part[0] <= part[1] <= end):
            return False
        pos = part[1]
    return True


class SpeakerAffiliation(models.Model):
    """Derived: an organisation (a party, a committee) a speaker of a claim belonged to on the
    claim's date (an undated claim: every organisation the speaker was ever in).

    One row per claim, speaker and organisation, so the party filter and facet read an index
    instead of joining every claim to its speakers' dated memberships. Never edited: kept by
    ``archive.affiliations`` (signals for edits and merges, explicit refreshes for bulk writes).
    """

    # The unique constraint's index (claim first) serves lookups by claim.
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="affiliations", db_index=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+", db_index=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "person", "organisation"], name="speaker_affiliation_unique"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "claim"], name="speaker_affiliation_org")]

    def __str__(self) -> str:
        return f"{self.person} ({self.organisation}) on claim {self.claim_id}"


def public_claims_count(relation: str = "claims") -> models.Count:
    """``Count`` of the public claims reached through ``relation`` (an annotation for list pages)."""
    return models.Count(
        relation,
        filter=Q(**{f"{relation}__retired_at__isnull": True})
        & ~Q(**{f"{relation}__status": Claim.Status.REJECTED}),
        distinct=True,
    )


# How display_value writes a bound: "600+" for at least 600, never "≈600".
_BOUND_FORMATS = {"about": "≈{}", "at least": "{}+", "at most": "up to {}", "nearly": "nearly {}"}


class Figure(models.Model):
    class Category(models.TextChoices):
        KILLED = "killed"
        WOUNDED = "wounded"
        CASUALTIES = "casualties"
        TROOPS_DEPLOYED = "troops deployed"
        CAPTURED = "captured"
        REPATRIATED = "repatriated"
        LABOURERS = "labourers"
        MONEY = "money"
        INCIDENTS = "incidents"
        MUNITIONS = "munitions"
        OTHER = "other"

    class Bound(models.TextChoices):  # archive.extraction.types.FIGURE_BOUNDS
        EXACT = "exact"
        ABOUT = "about"
        AT_LEAST = "at least"
        AT_MOST = "at most"
        NEARLY = "nearly"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="figures")
    category = models.CharField(
        max_length=30, choices=Category.choices, default=Category.OTHER, db_index=True
    )
    value = models.BigIntegerField(null=True, blank=True)
    low = models.BigIntegerField(null=True, blank=True)
    high = models.BigIntegerField(null=True, blank=True)
    approximate = models.BooleanField(default=False)
    # How the text bounds the number ("more than 600": at least 600); "exact" for a bare number.
    bound = models.CharField(max_length=10, choices=Bound.choices, default=Bound.EXACT)
    # What the number counts or measures where the category does not say ("executed", "weight").
    label = models.CharField(max_length=60, blank=True)
    unit = models.CharField(max_length=30, blank=True)
    text = models.CharField(max_length=200)
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["claim_id", "start"]

    def __str__(self) -> str:
        return f"{self.category}: {self.display_value}"

    @property
    def display_value(self) -> str:
        if self.value is not None:
            number = f"{self.value:,}"
        elif self.low is not None and self.high is not None:
            number = f"{self.low:,}–{self.high:,}"
        else:
            number = "?"
        unit = f" {self.unit}" if self.unit and self.unit != "people" else ""
        # An approximate figure without a bound (stored before bounds existed, or so marked by an
        # editor) shows as "≈".
        fmt = _BOUND_FORMATS.get(self.bound) or ("≈{}" if self.approximate else "{}")
        return fmt.format(number) + unit

    @property
    def what(self) -> str:
        """The category, with the label when the category alone does not say: "other (weight)"."""
        return (
            f"{self.category} ({self.label})"
            if self.label and self.category == self.Category.OTHER
            else self.category
        )

    @property
    def sort_value(self) -> int | None:
        if self.value is not None:
            return self.value
        if self.low is not None and self.high is not None:
            return (self.low + self.high) // 2
        return None

    def clean(self) -> None:
        if self.value is None and (self.low is None or self.high is None):
            raise ValidationError("A figure needs a value, or both low and high.")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValidationError({"high": "high must not be below low."})
