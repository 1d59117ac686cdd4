"""The archive's interchange format, ``archive-export/1`` (see docs/EXPORT.md).

One function builds the JSON document for any selection of claims, so the
``export_archive`` command and the claim list's downloads can never disagree.
Every claim's ``start``/``end``, ``source_span``, ``cue_span`` and ``parts`` index into its
article's ``text``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from django.db.models import Prefetch, Q, QuerySet

from archive.history import history_export
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
)

SCHEMA = "archive-export/1"
CHUNK = 2000

CSV_FIELDS = [
    "id",
    "article",
    "source_file",
    "outlet",
    "published_on",
    "text",
    "start",
    "end",
    "kind",
    "cue",
    "speakers",
    "speaker_parties",
    "speaker_organisations",
    "source",
    "briefing",
    "briefing_date",
    "claim_date",
    "status",
    "figures",
    "source_start",
    "source_end",
    "cue_start",
    "cue_end",
    "parts",
    "speaker_description",
]


def _figure(f: Figure, *, complete: bool = False) -> dict[str, Any]:
    record = {
        "category": f.category,
        "value": f.value,
        "low": f.low,
        "high": f.high,
        "approximate": f.approximate,
        "unit": f.unit,
        "text": f.text,
        "bound": f.bound,
        "label": f.label,
    }
    if complete:
        record |= {"id": f.pk, "start": f.start, "end": f.end}
    return record


def _instant(value) -> str | None:
    return value.isoformat() if value is not None else None


def _source_name(claim: Claim) -> str | None:
    source = claim.source
    return source.name if source is not None else None


def claim_record(claim: Claim, *, complete: bool = False) -> dict[str, Any]:
    """One claim; ``complete`` adds what only a restore needs (ids of speakers, provenance, timestamps)."""
    record = {
        "id": claim.pk,
        "article": claim.article_id,
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
        "kind": claim.kind,
        "cue": claim.cue,
        "speakers": [p.name for p in claim.speakers.all()],
        "speaker_organisations": [o.name for o in claim.speaker_organisations.all()],
        "source": _source_name(claim),
        "briefing": claim.briefing_id,
        "status": claim.status,
        "figures": [_figure(f, complete=complete) for f in claim.figures.all()],
        "source_span": _span(claim.source_span),
        "cue_span": _span(claim.cue_span),
        "parts": [[start, end] for start, end in claim.content_parts],
        "speaker_description": claim.speaker_description,
    }
    if complete:
        record |= {
            "speaker_ids": [p.pk for p in claim.speakers.all()],
            "source_person": claim.source_person_id,
            "source_organisation": claim.source_organisation.name if claim.source_organisation else None,
            "claim_date": _instant(claim.claim_date),
            "confidence": claim.confidence,
            "speaker_inferred": claim.speaker_inferred,
            "edited_by_human": claim.edited_by_human,
            "figures_edited": claim.figures_edited,
            "created_at": _instant(claim.created_at),
            "updated_at": _instant(claim.updated_at),
        }
        if claim.is_retired:
            record |= {"retired_at": _instant(claim.retired_at), "successor": claim.successor_id}
    return record


def _span(span: tuple[int, int] | None) -> list[int] | None:
    return list(span) if span else None


def _article_record(a: Article, *, complete: bool = False) -> dict[str, Any]:
    record = {
        "id": a.pk,
        "source_file": a.source_file,
        "sha256": a.sha256,
        "outlet": a.outlet.name if a.outlet else None,
        "title": a.title,
        "byline": list(a.byline),
        "published_on": a.published_on.isoformat() if a.published_on else None,
        "published_on_basis": a.published_on_basis,
        "briefings": sorted(b.pk for b in a.briefings.all()),
        "people": sorted(p.pk for p in a.people.all()),
        "text": a.text,
    }
    if complete:
        record |= {
            "raw_text": a.raw_text,
            "published_on_evidence": a.published_on_evidence,
            "edited_by_human": a.edited_by_human,
            "imported_at": _instant(a.imported_at),
            "updated_at": _instant(a.updated_at),
        }
    return record


def _person_record(p: Person, *, complete: bool = False) -> dict[str, Any]:
    record = {
        "id": p.pk,
        "name": p.name,
        "aliases": list(p.aliases),
        "party": party.name if (party := p.party_on(None)) else None,
        "roles": list(p.roles),
    }
    if complete:
        record |= {
            "slug": p.slug,
            "description": p.description,
            "edited_by_human": p.edited_by_human,
            "memberships": [
                {
                    "id": m.pk,
                    "organisation": m.organisation.name,
                    "role": m.role,
                    "start": _instant(m.start),
                    "end": _instant(m.end),
                    "edited_by_human": m.edited_by_human,
                }
                for m in sorted(p.memberships.all(), key=lambda m: m.pk)
            ],
        }
    return record


def _organisation_record(o: Organisation, *, complete: bool = False) -> dict[str, Any]:
    record = {"id": o.pk, "name": o.name, "kind": o.kind, "aliases": list(o.aliases)}
    if complete:
        record |= {
            "slug": o.slug,
            "parent": o.parent.name if o.parent else None,
            "edited_by_human": o.edited_by_human,
        }
    return record


def _briefing_record(b: Briefing, *, complete: bool = False) -> dict[str, Any]:
    record = {
        "id": b.pk,
        "date": b.date.isoformat() if b.date else None,
        "organiser": b.organiser.name if b.organiser else None,
        "audience": b.audience.name if b.audience else None,
        "presenters": [p.name for p in b.presenters.all()],
        "relayed_by": [p.name for p in b.relayed_by.all()],
        "articles": sorted(a.pk for a in b.articles.all()),
    }
    if complete:
        record |= {
            "presenter_ids": [p.pk for p in b.presenters.all()],
            "relayed_by_ids": [p.pk for p in b.relayed_by.all()],
            "date_basis": b.date_basis,
            "closed_door": b.closed_door,
            "evidence": b.evidence,
            "edited_by_human": b.edited_by_human,
        }
    return record


def _redirects() -> dict[str, list[dict[str, Any]]]:
    """The old addresses of merged people, organisations and briefings, and where they lead."""
    return {
        "people": [
            {"old_slug": r.old_slug, "person": r.person_id}
            for r in PersonRedirect.objects.order_by("old_slug")
        ],
        "organisations": [
            {"old_slug": r.old_slug, "organisation": r.organisation_id}
            for r in OrganisationRedirect.objects.order_by("old_slug")
        ],
        "briefings": [
            {
                "old_id": r.old_pk,
                "briefing": r.briefing_id,
                "organiser": r.organiser.name if r.organiser else None,
                "date": _instant(r.date),
            }
            for r in BriefingRedirect.objects.select_related("organiser").order_by("old_pk")
        ],
    }


def _ids(qs: QuerySet, field: str) -> Q:
    return Q(pk__in=qs.order_by().filter(**{f"{field}__isnull": False}).values(field))


def json_chunks(
    claims: QuerySet[Claim],
    *,
    articles: QuerySet[Article] | None = None,
    people: QuerySet[Person] | None = None,
    organisations: QuerySet[Organisation] | None = None,
    briefings: QuerySet[Briefing] | None = None,
    complete: bool = False,
) -> Iterator[str]:
    """The ``archive-export/1`` document for ``claims``, as pieces of JSON text.

    The other collections default to what the claims reference (their articles, speakers and
    sources, briefings), so a filtered download is self-contained; ``export_archive`` passes
    everything. Each collection is chosen by subqueries and read in chunks of ``CHUNK`` rows,
    so memory stays the same whatever the selection's size. One record a line.

    ``complete`` (``export_archive``): every record also carries what a restore
    (``import_archive``) needs to rebuild the archive exactly, and the document adds the
    retired claims, the redirects of merged rows and the editing history.
    """
    selected = claims.order_by()
    if articles is None:
        articles = Article.objects.filter(_ids(selected, "article_id"))
    if briefings is None:
        briefings = Briefing.objects.filter(
            _ids(selected, "briefing_id")
            | _ids(Briefing.articles.through.objects.filter(article__in=articles.values("pk")), "briefing_id")
        )
    if people is None:
        people = Person.objects.filter(
            _ids(Claim.speakers.through.objects.filter(claim__in=selected.values("pk")), "person_id")
            | _ids(selected, "source_person_id")
            | _ids(Article.people.through.objects.filter(article__in=articles.values("pk")), "person_id")
            | _ids(
                Briefing.presenters.through.objects.filter(briefing__in=briefings.values("pk")), "person_id"
            )
            | _ids(
                Briefing.relayed_by.through.objects.filter(briefing__in=briefings.values("pk")), "person_id"
            )
        )
    if organisations is None:
        speaker_orgs = Claim.speaker_organisations.through.objects.filter(claim__in=selected.values("pk"))
        organisations = Organisation.objects.filter(
            _ids(speaker_orgs, "organisation_id")
            | _ids(selected, "source_organisation_id")
            | _ids(articles, "outlet_id")
            | _ids(briefings, "organiser_id")
            | _ids(briefings, "audience_id")
            | _ids(Membership.objects.filter(person__in=people.values("pk")), "organisation_id")
        )
    organisations = organisations.select_related("parent") if complete else organisations
    sections: list[tuple[str, Iterable[Any], Callable[..., dict[str, Any]]]] = [
        (
            "articles",
            articles.select_related("outlet").prefetch_related("people", "briefings").order_by("pk"),
            _article_record,
        ),
        ("people", people.with_memberships().order_by("pk"), _person_record),
        ("organisations", organisations.order_by("pk"), _organisation_record),
        (
            "briefings",
            briefings.select_related("organiser", "audience")
            # Only the articles' ids: their texts, for every briefing of a chunk at once, took
            # hundreds of MB (a million claims: ~66,000 articles for 1,825 briefings).
            .prefetch_related("presenters", "relayed_by", Prefetch("articles", Article.objects.only("pk")))
            .order_by("pk"),
            _briefing_record,
        ),
        # for_list: without the articles' texts, which a claim's record does not show.
        ("claims", claims.for_list().order_by("article_id", "start", "pk"), claim_record),
    ]
    if complete:
        retired = Claim.objects.retired().for_list().order_by("article_id", "start", "pk")
        sections.append(("retired_claims", retired, claim_record))
    yield '{"schema": ' + json.dumps(SCHEMA)
    for name, rows, record in sections:
        yield f',\n"{name}": ['
        lines: list[str] = []
        for n, row in enumerate(rows.iterator(chunk_size=CHUNK)):  # type: ignore[attr-defined]
            lines.append(
                ("\n" if n == 0 else ",\n") + json.dumps(record(row, complete=complete), ensure_ascii=False)
            )
            if len(lines) == 200:
                yield "".join(lines)
                lines = []
        yield "".join(lines) + "]"
    if complete:
        yield ',\n"redirects": ' + json.dumps(_redirects(), ensure_ascii=False)
        yield ',\n"history": ['
        lines = []
        for n, r in enumerate(history_export()):
            lines.append(("" if n == 0 else ",\n") + json.dumps(r, ensure_ascii=False))
            if len(lines) == 200:
                yield "".join(lines)
                lines = []
        yield "".join(lines) + "]"
    yield "}\n"


def export_document(claims: QuerySet[Claim], **collections: QuerySet) -> dict[str, Any]:
    """The ``archive-export/1`` document for ``claims`` as a dict (``json_chunks``, parsed)."""
    return json.loads("".join(json_chunks(claims, **collections)))


def csv_rows(claims: QuerySet[Claim]) -> Iterable[dict[str, Any]]:
    """One flat row per claim; list fields joined with "; ", figures as JSON.

    Read in chunks of ``CHUNK`` claims (each chunk's related rows in one query each), so
    memory stays the same whatever the selection's size.
    """
    for c in claims.for_list().order_by("article_id", "start", "pk").iterator(chunk_size=CHUNK):
        record = claim_record(c)
        speakers = list(c.speakers.all())
        yield {
            **{k: record[k] for k in ("id", "article", "text", "start", "end", "kind", "cue", "status")},
            "source_file": c.article.source_file,
            "outlet": c.article.outlet.name if c.article.outlet else "",
            "published_on": c.article.published_on.isoformat() if c.article.published_on else "",
            "speakers": "; ".join(record["speakers"]),
            "speaker_parties": "; ".join(
                party.name if (party := p.party_on(c.claim_date)) else "" for p in speakers
            ),
            "speaker_organisations": "; ".join(record["speaker_organisations"]),
            "source": record["source"] or "",
            "briefing": c.briefing_id or "",
            "briefing_date": c.briefing.date.isoformat() if c.briefing and c.briefing.date else "",
            "claim_date": c.claim_date.isoformat() if c.claim_date else "",
            "figures": json.dumps(record["figures"], ensure_ascii=False),
            "source_start": c.source_start if c.source_start is not None else "",
            "source_end": c.source_end if c.source_end is not None else "",
            "cue_start": c.cue_start if c.cue_start is not None else "",
            "cue_end": c.cue_end if c.cue_end is not None else "",
            "parts": json.dumps(record["parts"]),
            "speaker_description": c.speaker_description,
        }


class _Line:
    """A file whose ``write`` returns the line: ``csv.writer`` then formats rows one at a time."""

    def write(self, line: str) -> str:
        return line


def csv_chunks(claims: QuerySet[Claim]) -> Iterator[str]:
    """The CSV export of ``claims`` as pieces of text, for a streaming response."""
    writer = csv.DictWriter(_Line(), fieldnames=CSV_FIELDS)
    yield writer.writeheader()
    lines: list[str] = []
    for row in csv_rows(claims):
        lines.append(writer.writerow(row))
        if len(lines) == 500:
            yield "".join(lines)
            lines = []
    yield "".join(lines)


def write_claims_csv(claims: QuerySet[Claim], fileobj: IO[str]) -> int:
    """Write the CSV export of ``claims`` to ``fileobj``; returns the row count."""
    writer = csv.DictWriter(fileobj, fieldnames=CSV_FIELDS)
    writer.writeheader()
    count = 0
    for row in csv_rows(claims):
        writer.writerow(row)
        count += 1
    return count
