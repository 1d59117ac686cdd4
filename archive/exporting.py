"""The archive's interchange format, ``archive-export/1`` (see docs/EXPORT.md).

One function builds the JSON document for any selection of claims, so the
``export_archive`` command and the claim list's downloads can never disagree.
Every claim's ``start``/``end``, ``source_span``, ``cue_span`` and ``parts`` index into its
article's ``text``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

from django.db.models import QuerySet

from archive.models import Article, Briefing, Claim, Figure, Organisation, Person

SCHEMA = "archive-export/1"

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


def _figure(f: Figure) -> dict[str, Any]:
    return {
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


def _source_name(claim: Claim) -> str | None:
    source = claim.source
    return source.name if source is not None else None


def claim_record(claim: Claim) -> dict[str, Any]:
    return {
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
        "figures": [_figure(f) for f in claim.figures.all()],
        "source_span": _span(claim.source_span),
        "cue_span": _span(claim.cue_span),
        "parts": [[start, end] for start, end in claim.content_parts],
        "speaker_description": claim.speaker_description,
    }


def _span(span: tuple[int, int] | None) -> list[int] | None:
    return list(span) if span else None


def export_document(
    claims: QuerySet[Claim],
    *,
    articles: QuerySet[Article] | None = None,
    people: QuerySet[Person] | None = None,
    organisations: QuerySet[Organisation] | None = None,
    briefings: QuerySet[Briefing] | None = None,
) -> dict[str, Any]:
    """The ``archive-export/1`` document for ``claims``.

    The other collections default to what the claims reference (their
    articles, speakers and sources, briefings), so a filtered download is
    self-contained; ``export_archive`` passes everything.
    """
    claim_rows = list(claims.with_related().order_by("article_id", "start", "pk"))
    if articles is None:
        articles = Article.objects.filter(pk__in={c.article_id for c in claim_rows})
    article_rows = list(
        articles.select_related("outlet").prefetch_related("people", "briefings").order_by("pk")
    )
    if briefings is None:
        briefing_ids = {c.briefing_id for c in claim_rows if c.briefing_id}
        briefing_ids |= {b.pk for a in article_rows for b in a.briefings.all()}
        briefings = Briefing.objects.filter(pk__in=briefing_ids)
    briefing_rows = list(
        briefings.select_related("organiser", "audience")
        .prefetch_related("presenters", "relayed_by", "articles")
        .order_by("pk")
    )
    if people is None:
        person_ids = {p.pk for c in claim_rows for p in c.speakers.all()}
        person_ids |= {c.source_person_id for c in claim_rows if c.source_person_id}
        person_ids |= {p.pk for a in article_rows for p in a.people.all()}
        person_ids |= {p.pk for b in briefing_rows for p in (*b.presenters.all(), *b.relayed_by.all())}
        people = Person.objects.filter(pk__in=person_ids)
    person_rows = list(people.with_memberships().order_by("pk"))
    if organisations is None:
        org_ids = {o.pk for c in claim_rows for o in c.speaker_organisations.all()}
        org_ids |= {c.source_organisation_id for c in claim_rows if c.source_organisation_id}
        org_ids |= {a.outlet_id for a in article_rows if a.outlet_id}
        org_ids |= {oid for b in briefing_rows for oid in (b.organiser_id, b.audience_id) if oid}
        org_ids |= {m.organisation_id for p in person_rows for m in p.memberships.all()}
        organisations = Organisation.objects.filter(pk__in=org_ids)
    org_rows = list(organisations.order_by("pk"))

    return {
        "schema": SCHEMA,
        "articles": [
            {
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
            for a in article_rows
        ],
        "people": [
            {
                "id": p.pk,
                "name": p.name,
                "aliases": list(p.aliases),
                "party": party.name if (party := p.party_on(None)) else None,
                "roles": list(p.roles),
            }
            for p in person_rows
        ],
        "organisations": [
            {"id": o.pk, "name": o.name, "kind": o.kind, "aliases": list(o.aliases)} for o in org_rows
        ],
        "briefings": [
            {
                "id": b.pk,
                "date": b.date.isoformat() if b.date else None,
                "organiser": b.organiser.name if b.organiser else None,
                "audience": b.audience.name if b.audience else None,
                "presenters": [p.name for p in b.presenters.all()],
                "relayed_by": [p.name for p in b.relayed_by.all()],
                "articles": sorted(a.pk for a in b.articles.all()),
            }
            for b in briefing_rows
        ],
        "claims": [claim_record(c) for c in claim_rows],
    }


def csv_rows(claims: QuerySet[Claim]) -> Iterable[dict[str, Any]]:
    """One flat row per claim; list fields joined with "; ", figures as JSON."""
    for c in claims.with_related().order_by("article_id", "start", "pk"):
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


def write_claims_csv(claims: QuerySet[Claim], fileobj: IO[str]) -> int:
    """Write the CSV export of ``claims`` to ``fileobj``; returns the row count."""
    writer = csv.DictWriter(fileobj, fieldnames=CSV_FIELDS)
    writer.writeheader()
    count = 0
    for row in csv_rows(claims):
        writer.writerow(row)
        count += 1
    return count
