"""Loading an ``archive-export/1`` document back in: ``archive_import`` (``manage.py import_archive``).

Into an **empty** archive the document is restored exactly: every row keeps its id (so every
permalink keeps answering), slug, editors' marks, review status, timestamps, retired claims and
their successors, redirects and the editing history with who made each change. Exporting the
restored archive gives the same document, byte for byte (tests/test_restore.py)::

    export_archive -> FILE -> (fresh database) import_archive FILE -> export_archive -> same FILE

Into an archive that already holds rows, only with ``merge=True``, by the importer's natural keys
(``archive.ingest.Resolver``): an article by the SHA-256 of its bytes (one already stored is
kept as it is, with its claims), an organisation by its name or an alias, a person by the
romanisation key of a name within a party, a dated briefing by organiser and date. New rows get
new ids; redirects are added where their old address is free; history is not merged.

A document missing the restore fields (a claim-list download) is loaded as far as it goes:
raw text defaults to the cleaned text, memberships to the listed party.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import connection
from django.db.models import Model
from django.utils.dateparse import parse_date, parse_datetime

from archive import affiliations
from archive.exporting import SCHEMA
from archive.extraction import types as x
from archive.history import history_import
from archive.ingest import Resolver, _store_turn
from archive.models import (
    Article,
    Briefing,
    BriefingRedirect,
    Claim,
    DateBasis,
    Figure,
    Membership,
    Organisation,
    OrganisationRedirect,
    Person,
    PersonRedirect,
    unique_slug,
)

Record = dict[str, Any]


class ArchiveImportError(Exception):
    """A document that cannot be loaded; the message says where and why, for a human."""


def archive_read(path: Path) -> Record:
    """The ``archive-export/1`` document in ``path``, or an ``ArchiveImportError`` saying why not."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ArchiveImportError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArchiveImportError(f"{path} is not a JSON document: {exc}") from exc
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        raise ArchiveImportError(f'{path} is not an "{SCHEMA}" document (docs/EXPORT.md)')
    return document


def archive_is_empty() -> bool:
    return not any(m.objects.exists() for m in (Article, Claim, Person, Organisation, Briefing))


@contextmanager
def _record(section: str, index: int) -> Iterator[None]:
    """Name the record at fault when one is malformed."""
    try:
        yield
    except ArchiveImportError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, ValidationError) as exc:
        detail = f"missing {exc}" if isinstance(exc, KeyError) else str(exc)
        raise ArchiveImportError(f"{section}[{index}]: {detail}") from exc


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    parsed = parse_date(value)
    if parsed is None:
        raise ValueError(f"not a date: {value!r}")
    return parsed


def _instant(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        raise ValueError(f"not a date and time: {value!r}")
    return parsed


def archive_import(document: Record, *, merge: bool = False) -> dict[str, int]:
    """Load ``document``; returns how many rows of each kind were created (and, merging, matched).

    Refuses an archive that is not empty unless ``merge``; nothing is written when anything fails.
    """
    if document.get("schema") != SCHEMA:
        raise ArchiveImportError(f'not an "{SCHEMA}" document')
    loader = _Merge(document) if merge else _Restore(document)
    # One transaction, in turn with every importer (whose caches reload after it).
    with _store_turn(loader.resolver):
        if not merge and not archive_is_empty():
            raise ArchiveImportError(
                "the archive is not empty: import_archive restores into an empty database; "
                "use --merge to merge the document into this one"
            )
        loader.run()
    return loader.counts


class _Loader:
    """What restoring and merging share: reading the document's records into rows."""

    def __init__(self, document: Record) -> None:
        self.doc = document
        self.counts: dict[str, int] = {}
        self.orgs: dict[str, Organisation] = {}  # by name
        self.people: dict[int, Person] = {}  # by document id
        self.articles: dict[int, Article] = {}  # by document id, only those whose claims are loaded
        self.briefings: dict[int, Briefing] = {}
        self.claims: dict[int, Claim] = {}
        self.stamped_articles: list[Article] = []
        self.resolver = Resolver()

    def count(self, name: str, n: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + n

    def org(self, name: str | None) -> Organisation | None:
        if name is None:
            return None
        if name not in self.orgs:  # named by a record but not listed: an organisation all the same
            self.orgs[name] = self.new_org({"name": name, "kind": "other", "aliases": []})
        return self.orgs[name]

    def new_org(self, record: Record) -> Organisation:
        raise NotImplementedError

    def person_named(self, name: str) -> Person | None:
        return next((p for p in self.people.values() if p.name == name), None)

    def run(self) -> None:
        for i, record in enumerate(self.doc.get("organisations", [])):
            with _record("organisations", i):
                self.organisation(record)
        for i, record in enumerate(self.doc.get("organisations", [])):
            with _record("organisations", i):
                self.organisation_parent(record)
        for i, record in enumerate(self.doc.get("people", [])):
            with _record("people", i):
                self.person(record)
        for i, record in enumerate(self.doc.get("articles", [])):
            with _record("articles", i):
                self.article(record)
        for i, record in enumerate(self.doc.get("briefings", [])):
            with _record("briefings", i):
                self.briefing(record)
        sections = [("claims", r) for r in self.doc.get("claims", [])]
        sections += [("retired_claims", r) for r in self.doc.get("retired_claims", [])]
        created: list[tuple[Record, Claim]] = []
        for i, (section, record) in enumerate(sections):
            with _record(section, i):
                claim = self.claim(record)
                if claim is not None:
                    created.append((record, claim))
        self.claims_store(created)
        Article.objects.bulk_update(self.stamped_articles, ["imported_at", "updated_at"], batch_size=500)
        self.redirects(self.doc.get("redirects") or {})

    # -- one record each ----------------------------------------------------------------------

    def organisation(self, record: Record) -> None:
        raise NotImplementedError

    def organisation_parent(self, record: Record) -> None:
        parent = record.get("parent")
        org = self.orgs[record["name"]]
        if parent and org.parent_id is None and (self.keep_ids or not org.edited_by_human):
            org.parent = self.org(parent)
            org.save(update_fields=["parent"])

    def person(self, record: Record) -> None:
        raise NotImplementedError

    def memberships(self, person: Person, record: Record) -> None:
        if "memberships" not in record:
            if record.get("party"):
                Membership.objects.get_or_create(person=person, organisation=self.org(record["party"]))
            return
        for m in record["memberships"]:
            organisation = self.org(m["organisation"])
            start, end = _date(m["start"]), _date(m["end"])
            twin = Membership.objects.filter(person=person, organisation=organisation, start=start, end=end)
            if self.keep_ids or not twin.exists():
                Membership.objects.create(
                    **({"id": m["id"]} if self.keep_ids else {}),
                    person=person,
                    organisation=organisation,
                    role=m["role"],
                    start=start,
                    end=end,
                    edited_by_human=m["edited_by_human"],
                )
                self.count("memberships")

    keep_ids = True

    def article(self, record: Record) -> None:
        raise NotImplementedError

    def new_article(self, record: Record) -> Article:
        article = Article(
            **({"id": record["id"]} if self.keep_ids else {}),
            source_file=record["source_file"],
            sha256=record["sha256"],
            raw_text=record.get("raw_text", record["text"]),
            text=record["text"],
            title=record["title"],
            outlet=self.org(record["outlet"]),
            byline=list(record["byline"]),
            published_on=_date(record["published_on"]),
            published_on_basis=record["published_on_basis"],
            published_on_evidence=record.get("published_on_evidence", ""),
            edited_by_human=record.get("edited_by_human", False),
        )
        article.full_clean(exclude=["outlet", "people", "import_run", "sha256"])
        article.save()
        if "imported_at" in record:  # save() set both to now
            article.imported_at = _instant(record["imported_at"])
            article.updated_at = _instant(record["updated_at"])
            self.stamped_articles.append(article)
        article.people.set([self.people[pk] for pk in record["people"] if pk in self.people])
        self.articles[record["id"]] = article
        self.count("articles")
        return article

    def briefing(self, record: Record) -> None:
        raise NotImplementedError

    def new_briefing(self, record: Record) -> Briefing:
        briefing = Briefing.objects.create(
            **({"id": record["id"]} if self.keep_ids else {}),
            date=_date(record["date"]),
            date_basis=record.get("date_basis", DateBasis.UNKNOWN),
            organiser=self.org(record["organiser"]),
            audience=self.org(record["audience"]),
            closed_door=record.get("closed_door", False),
            evidence=record.get("evidence", ""),
            edited_by_human=record.get("edited_by_human", False),
        )
        self.count("briefings")
        return briefing

    def briefing_people(self, briefing: Briefing, record: Record) -> None:
        for relation, key, ids in (
            (briefing.presenters, "presenters", "presenter_ids"),
            (briefing.relayed_by, "relayed_by", "relayed_by_ids"),
        ):
            if ids in record:  # a complete export names people by id (two people may share a name)
                people = [self.people[pk] for pk in record[ids] if pk in self.people]
            else:
                people = [p for name in record[key] if (p := self.person_named(name)) is not None]
            relation.add(*people)
        briefing.articles.add(*(self.articles[pk] for pk in record["articles"] if pk in self.articles))

    def claim(self, record: Record) -> Claim | None:
        article = self.articles.get(record["article"])
        if article is None:  # its article was already in the archive (merging): its claims stay as they are
            self.count("claims_skipped")
            return None
        text = article.text
        start, end = record["start"], record["end"]
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
            raise ValueError(f"claim {record['id']}: span {start}-{end} is outside its article")
        if text[start:end] != record["text"]:
            raise ValueError(f"claim {record['id']}: text does not match its article at {start}-{end}")
        briefing = self.briefings.get(record["briefing"]) if record["briefing"] is not None else None
        source_person, source_org = self._source(record)
        claim_date = (
            _date(record["claim_date"])
            if "claim_date" in record
            else (briefing.date if briefing and briefing.date else None) or article.published_on
        )
        claim = Claim(
            **({"id": record["id"]} if self.keep_ids else {}),
            article=article,
            text=record["text"],
            start=start,
            end=end,
            kind=record["kind"],
            cue=record["cue"],
            source_person=source_person,
            source_organisation=source_org,
            briefing=briefing,
            claim_date=claim_date,
            status=record["status"],
            edited_by_human=record.get("edited_by_human", record["status"] != Claim.Status.EXTRACTED),
            figures_edited=record.get("figures_edited", False),
            confidence=record.get("confidence", 1.0),
            speaker_inferred=record.get("speaker_inferred", False),
            retired_at=_instant(record.get("retired_at")),
            speaker_description=record.get("speaker_description", ""),
            source_start=(record.get("source_span") or [None, None])[0],
            source_end=(record.get("source_span") or [None, None])[1],
            cue_start=(record.get("cue_span") or [None, None])[0],
            cue_end=(record.get("cue_span") or [None, None])[1],
            # The export gives the one part start..end of an uninterrupted claim; stored, that is no parts.
            parts=[] if record.get("parts", [[start, end]]) == [[start, end]] else record["parts"],
        )
        # Field checks only: a full_clean would query the database for every claim's constraints.
        claim.clean_fields(
            exclude=["article", "source_person", "source_organisation", "briefing", "successor"]
        )
        return claim

    def _source(self, record: Record) -> tuple[Person | None, Organisation | None]:
        if "source_person" in record:
            person = self.people.get(record["source_person"]) if record["source_person"] is not None else None
            return person, self.org(record.get("source_organisation"))
        name = record["source"]
        if name is None:
            return None, None
        if name not in self.orgs and (person := self.person_named(name)) is not None:
            return person, None
        return None, self.org(name)

    def claims_store(self, created: list[tuple[Record, Claim]]) -> None:
        Claim.objects.bulk_create([claim for _, claim in created], batch_size=500)
        for record, claim in created:
            self.claims[record["id"]] = claim
        speakers, speaker_orgs, figures, stamped = [], [], [], []
        for record, claim in created:
            if "speaker_ids" in record:
                people = [self.people[pk] for pk in record["speaker_ids"] if pk in self.people]
            else:
                people = [p for name in record["speakers"] if (p := self.person_named(name)) is not None]
            speakers += [Claim.speakers.through(claim_id=claim.pk, person_id=p.pk) for p in people]
            speaker_orgs += [
                Claim.speaker_organisations.through(claim_id=claim.pk, organisation_id=self.org(name).pk)
                for name in record["speaker_organisations"]
            ]
            for f in record["figures"]:
                figure = Figure(
                    **({"id": f["id"]} if self.keep_ids and "id" in f else {}),
                    claim=claim,
                    category=f["category"],
                    value=f["value"],
                    low=f["low"],
                    high=f["high"],
                    approximate=f["approximate"],
                    bound=f.get("bound", "about" if f["approximate"] else "exact"),
                    label=f.get("label", ""),
                    unit=f["unit"],
                    text=f["text"],
                    start=f.get("start"),
                    end=f.get("end"),
                )
                figure.clean_fields(exclude=["claim"])
                figure.clean()
                figures.append(figure)
            if record.get("successor") is not None and record["successor"] in self.claims:
                claim.successor = self.claims[record["successor"]]
            if "created_at" in record:
                claim.created_at = _instant(record["created_at"])
                claim.updated_at = _instant(record["updated_at"])
                stamped.append(claim)
        Claim.speakers.through.objects.bulk_create(speakers, batch_size=1000)
        affiliations.refresh(claims={link.claim_id for link in speakers})  # bulk inserts send no signals
        Claim.speaker_organisations.through.objects.bulk_create(speaker_orgs, batch_size=1000)
        Figure.objects.bulk_create(figures, batch_size=1000)
        # Successors and timestamps after the inserts (a successor may come later in the document;
        # bulk_create would overwrite the timestamps with the time of the import).
        Claim.objects.bulk_update([c for _, c in created], ["successor"], batch_size=500)
        Claim.objects.bulk_update(stamped, ["created_at", "updated_at"], batch_size=500)
        self.count("claims", len(created))
        self.count("figures", len(figures))

    def redirects(self, redirects: Record) -> None:
        pass


class _Restore(_Loader):
    """Into an empty archive: every row as it was, ids, slugs, redirects and history included."""

    def new_org(self, record: Record) -> Organisation:
        org = Organisation(
            **({"id": record["id"]} if "id" in record else {}),
            name=record["name"],
            slug=record.get("slug") or unique_slug(Organisation, record["name"]),
            kind=record["kind"],
            aliases=list(record["aliases"]),
            edited_by_human=record.get("edited_by_human", False),
        )
        org.full_clean(exclude=["parent"])
        org.save()
        self.count("organisations")
        return org

    def organisation(self, record: Record) -> None:
        self.orgs[record["name"]] = self.new_org(record)

    def person(self, record: Record) -> None:
        person = Person(
            id=record["id"],
            name=record["name"],
            slug=record.get("slug") or unique_slug(Person, record["name"]),
            aliases=list(record["aliases"]),
            roles=list(record["roles"]),
            description=record.get("description", ""),
            edited_by_human=record.get("edited_by_human", False),
        )
        person.full_clean()
        person.save()
        self.people[record["id"]] = person
        self.count("people")
        self.memberships(person, record)

    def article(self, record: Record) -> None:
        self.new_article(record)

    def briefing(self, record: Record) -> None:
        briefing = self.new_briefing(record)
        self.briefings[record["id"]] = briefing
        self.briefing_people(briefing, record)

    def redirects(self, redirects: Record) -> None:
        PersonRedirect.objects.bulk_create(
            PersonRedirect(old_slug=r["old_slug"], person=self.people[r["person"]])
            for r in redirects.get("people", [])
        )
        OrganisationRedirect.objects.bulk_create(
            OrganisationRedirect(old_slug=r["old_slug"], organisation_id=r["organisation"])
            for r in redirects.get("organisations", [])
        )
        BriefingRedirect.objects.bulk_create(
            BriefingRedirect(
                old_pk=r["old_id"],
                briefing=self.briefings[r["briefing"]],
                organiser=self.org(r.get("organiser")),
                date=_date(r.get("date")),
            )
            for r in redirects.get("briefings", [])
        )

    def run(self) -> None:
        super().run()
        self.count("history", history_import(self.doc.get("history", [])))
        # Rows were written with their ids: PostgreSQL's sequences must move past them.
        tracked: list[type[Model]] = [Article, Briefing, Claim, Figure, Membership, Organisation, Person]
        history = [m.history.model for m in tracked]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [*tracked, *history]):
                cursor.execute(sql)


class _Merge(_Loader):
    """Into an archive that has rows: matched by the importer's natural keys, new rows get new ids."""

    keep_ids = False

    def new_org(self, record: Record) -> Organisation:
        before = Organisation.objects.count()
        org = self.resolver.organisation(
            record["name"], kind=record["kind"], aliases=tuple(record.get("aliases", ()))
        )
        self.count("organisations" if Organisation.objects.count() > before else "organisations_matched")
        return org

    def organisation(self, record: Record) -> None:
        self.orgs[record["name"]] = self.new_org(record)

    def person(self, record: Record) -> None:
        party = self.org(record["party"]) if record.get("party") else None
        ref = x.PersonRef(
            name=record["name"],
            variants=(record["name"], *record["aliases"]),
            roles=tuple(record["roles"]),
            party=record.get("party"),
        )
        before = Person.objects.count()
        person = self.resolver.person(ref, party=party)
        created = Person.objects.count() > before
        self.count("people" if created else "people_matched")
        self.people[record["id"]] = person
        if created:
            self.memberships(person, {k: v for k, v in record.items() if k != "party"})

    def article(self, record: Record) -> None:
        existing = Article.objects.filter(sha256=record["sha256"]).first()
        if existing is not None:  # its claims, people and briefings stay as they are
            self.count("articles_matched")
            return
        self.new_article(record)

    def briefing(self, record: Record) -> None:
        organiser = self.org(record["organiser"])
        date = _date(record["date"])
        briefing = self.resolver.briefing(organiser, date) if date is not None else None
        if briefing is None:
            if not any(pk in self.articles for pk in record["articles"]):
                self.count("briefings_matched")
                return  # an undated briefing of articles already stored: theirs stays
            briefing = self.new_briefing(record)
            self.resolver.briefing_created(briefing)
        else:
            self.count("briefings_matched")
        self.briefings[record["id"]] = briefing
        self.briefing_people(briefing, record)

    def redirects(self, redirects: Record) -> None:
        for r in redirects.get("people", []):
            person = self.people.get(r["person"])
            taken = Person.objects.filter(slug=r["old_slug"]).exists()
            if person is not None and not taken:
                PersonRedirect.objects.get_or_create(old_slug=r["old_slug"], defaults={"person": person})
        for r in redirects.get("briefings", []):
            briefing = self.briefings.get(r["briefing"])
            if briefing is not None and not Briefing.objects.filter(pk=r["old_id"]).exists():
                BriefingRedirect.objects.get_or_create(
                    old_pk=r["old_id"],
                    defaults={
                        "briefing": briefing,
                        "organiser": self.org(r.get("organiser")),
                        "date": _date(r.get("date")),
                    },
                )
