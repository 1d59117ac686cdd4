"""The one bridge from the extraction pipeline to the models.

``article_ingest`` stores one file: the same bytes are recognised by their
SHA-256 and skipped, so imports are idempotent. Each article is written in its
own transaction. ``article_reextract`` re-runs the pipeline over a stored
article and replaces what the importer wrote before, except what an editor
touched: claims that were edited, reviewed or rejected, and people,
organisations and briefings marked ``edited_by_human`` are never overwritten
or deleted.

People are resolved across articles here, with what the database knows: a
mention matches a Person whose name or any alias has the same romanisation
key (``names.name_key``), preferring one of the same party; failing that, a
Person one letter away (``names.near_keys``) with a role in common and the same
party, or none on either side. Aliases and merges made by editors are
therefore used by later imports.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F

from archive import caching
from archive.claims import ClaimCounts, ClaimRow, claims_create, claims_reconcile, figure_row
from archive.extraction import types as x
from archive.extraction.names import name_key, near_keys, tokens
from archive.extraction.organisations import canonical_organisation
from archive.extraction.pipeline import extract
from archive.files import ImportFailure, decode_article
from archive.history import history_signals_off
from archive.models import (
    Article,
    Briefing,
    Claim,
    DateBasis,
    ImportLedger,
    ImportRun,
    Membership,
    Organisation,
    Person,
)


@dataclass
class IngestResult:
    article: Article | None
    status: str  # "created" | "unchanged" | "updated"
    claims: ClaimCounts = field(default_factory=ClaimCounts)


def _lone_surname(spelling: str, name: str) -> bool:
    """A one-word mention that is the family name leading a Korean-order name.

    "Kim" for "Kim Jong-un" says nothing an editor needs (every Kim shares it),
    while "Putin" for "Vladimir Putin" is how the person is usually written.

    >>> _lone_surname("Kim", "Kim Jong-un"), _lone_surname("Putin", "Vladimir Putin")
    (True, False)
    """
    words = tokens(name)
    return len(tokens(spelling)) == 1 and len(words) > 1 and spelling.casefold() == words[0].casefold()


class Resolver:
    """Finds or creates people and organisations, caching what the database knows.

    The cache is only trusted while no other importer wrote: ``version`` is the
    ``ImportLedger`` version of this process's last store, and ``_store_turn``
    reloads the cache when the ledger moved past it (and before the first store).
    """

    def __init__(self) -> None:
        self.version = -1  # nothing loaded yet

    def reload(self) -> None:
        self._orgs: dict[str, Organisation] = {}
        for org in Organisation.objects.all():
            for name in org.all_names:
                self._orgs.setdefault(name.casefold(), org)
        self._people: dict[str, list[Person]] = defaultdict(list)
        self._near: dict[str, list[Person]] = defaultdict(list)  # by names.near_keys
        self._memberships: dict[int, set[int]] = defaultdict(set)
        self._parties: dict[int, set[int]] = defaultdict(set)
        for person in Person.objects.all():
            self._index_person(person)
        for person_id, org_id, kind in Membership.objects.values_list(
            "person_id", "organisation_id", "organisation__kind"
        ):
            self._memberships[person_id].add(org_id)
            if kind == Organisation.Kind.PARTY:
                self._parties[person_id].add(org_id)
        # Dated briefings by (organiser, date), filled as they are looked up or created.
        self._briefings: dict[tuple[int | None, datetime.date], Briefing | None] = {}

    def _index_person(self, person: Person) -> None:
        for name in person.all_names:
            if len(tokens(name)) >= 2:  # a lone surname ("Kim") is never matched across articles
                bucket = self._people[name_key(name)]
                if person not in bucket:
                    bucket.append(person)
                for key in near_keys(name):
                    if person not in self._near[key]:
                        self._near[key].append(person)

    # Organisations -------------------------------------------------------
    def find_organisation(self, name: str) -> Organisation | None:
        return self._orgs.get(name.casefold())

    def organisation(self, name: str, *, kind: str = "other", aliases: tuple[str, ...] = ()) -> Organisation:
        for candidate in (name, *aliases):
            org = self._orgs.get(candidate.casefold())
            if org is not None:
                break
        else:
            org = Organisation.objects.create(
                name=name, kind=kind, aliases=sorted({a for a in aliases if a != name})
            )
        if not org.edited_by_human:
            known = {n.casefold() for n in org.all_names}
            new = sorted({a for a in aliases if a.casefold() not in known})
            if new:
                org.aliases = [*org.aliases, *new]
                org.save(update_fields=["aliases"])
        for n in org.all_names:
            self._orgs.setdefault(n.casefold(), org)
        return org

    # Briefings ------------------------------------------------------------
    def briefing(self, organiser: Organisation | None, date: datetime.date) -> Briefing | None:
        """The briefing ``organiser`` gave on ``date``, if one is stored (one per organiser and day)."""
        key = (organiser.pk if organiser else None, date)
        if key not in self._briefings:
            self._briefings[key] = (
                Briefing.objects.filter(organiser=organiser, date=date).first()
                # one an editor merged into another: the survivor
                or Briefing.objects.filter(redirects__organiser=organiser, redirects__date=date).first()
            )
        return self._briefings[key]

    def briefing_created(self, briefing: Briefing) -> None:
        if briefing.date is not None:
            self._briefings[(briefing.organiser_id, briefing.date)] = briefing

    # People -------------------------------------------------------------
    def person(self, ref: x.PersonRef, *, party: Organisation | None) -> Person:
        spellings = [s for s in dict.fromkeys([ref.name, *ref.variants]) if not _lone_surname(s, ref.name)]
        candidates: list[Person] = []
        for spelling in spellings:
            if len(tokens(spelling)) < 2:
                continue
            for p in self._people.get(name_key(spelling), []):
                if p not in candidates:
                    candidates.append(p)
        if party is not None:
            # Same romanised name, different party: two different people.
            same_party = [p for p in candidates if party.pk in self._parties[p.pk]]
            no_party = [p for p in candidates if not self._parties[p.pk]]
            candidates = same_party or no_party
        if not candidates:
            candidates = self._misspelt(ref, spellings, party)
        if candidates:
            person = candidates[0]
            if not person.edited_by_human:
                known = {n.casefold() for n in person.all_names}
                new_aliases = [s for s in spellings if s.casefold() not in known]
                new_roles = [r for r in dict.fromkeys(ref.roles) if r not in person.roles]
                if new_aliases or new_roles:
                    person.aliases = [*person.aliases, *new_aliases]
                    person.roles = [*person.roles, *new_roles]
                    person.save(update_fields=["aliases", "roles"])
        else:
            person = Person.objects.create(
                name=ref.name, aliases=spellings[1:], roles=list(dict.fromkeys(ref.roles))
            )
        self._index_person(person)
        if party is not None and party.pk not in self._parties[person.pk]:
            self.membership(person, party, role="member")
            self._parties[person.pk].add(party.pk)
        return person

    def _misspelt(self, ref: x.PersonRef, spellings: list[str], party: Organisation | None) -> list[Person]:
        """People whose name is one letter from a spelling of ``ref`` ("Shoigu", "Shoygu";
        a reporter's slip in a lawmaker's name) and who are certainly the same: a role in
        common and the same party, or no party on either side."""
        roles = {r.casefold() for r in ref.roles}
        parties = {party.pk} if party is not None else set()
        found: list[Person] = []
        for spelling in spellings:
            for key in near_keys(spelling):
                for p in self._near.get(key, []):
                    if (
                        p not in found
                        and self._parties[p.pk] == parties
                        and roles & {r.casefold() for r in p.roles}
                    ):
                        found.append(p)
        return found

    def membership(self, person: Person, organisation: Organisation, *, role: str) -> None:
        if organisation.pk not in self._memberships[person.pk]:
            Membership.objects.create(person=person, organisation=organisation, role=role)
            self._memberships[person.pk].add(organisation.pk)


def _nearest(words: str, text: str, near: int) -> int | None:
    """Where ``words`` occur in ``text`` nearest the offset ``near`` (None: nowhere)."""
    starts = [m.start() for m in re.finditer(re.escape(words), text)] if words else []
    return min(starts, key=lambda pos: abs(pos - near)) if starts else None


def _span_follow(span: tuple[int, int] | None, old_text: str, new_text: str, shift: int) -> tuple:
    """A source or cue span carried into the new text: its words, moved as its claim moved if they
    are still there, else at their nearest occurrence; (None, None) when they are gone."""
    if span is None:
        return None, None
    words = old_text[span[0] : span[1]]
    if new_text[span[0] + shift : span[1] + shift] == words:
        return span[0] + shift, span[1] + shift
    start = _nearest(words, new_text, span[0] + shift)
    return (start, start + len(words)) if start is not None else (None, None)


def _protected_claims_follow(article: Article, new_text: str) -> None:
    """Move the claims an editor touched to the same words in the article's new cleaned text.

    Each claim goes to the occurrence of its text nearest its old offset; its
    content parts move with it, its source and cue spans to the same words. If a
    claim's text no longer occurs, nothing is changed and the article is
    reported: an editor must look at that claim before it can be re-extracted.
    """
    moves = []
    for claim in article.claims.all():
        if not claim.is_protected or claim.is_retired:
            continue
        start = _nearest(claim.text, new_text, claim.start)
        if start is None:
            raise ImportFailure(
                f"re-extraction skipped: claim #{claim.pk}, which an editor touched, "
                "no longer occurs in the new cleaned text; review it first"
            )
        shift = start - claim.start
        source = _span_follow(claim.source_span, article.text, new_text, shift)
        cue = _span_follow(claim.cue_span, article.text, new_text, shift)
        fields = {
            "start": start,
            "end": start + len(claim.text),
            "parts": [[s + shift, e + shift] for s, e in claim.parts],
            "source_start": source[0],
            "source_end": source[1],
            "cue_start": cue[0],
            "cue_end": cue[1],
        }
        moves.append((claim.pk, fields))
    for pk, fields in moves:
        Claim.objects.filter(pk=pk).update(**fields)


def _store_extraction(
    article: Article, ex: x.ExtractedArticle, resolver: Resolver, *, new: bool
) -> tuple[bool, ClaimCounts]:
    """Write the pipeline's result for ``article``; True when anything changed, and what became of its claims."""
    changed = False
    old_text = article.text
    org_refs = {o.name: o for o in ex.organisations}

    def org(name: str, kind: str = "other", listed: tuple[str, ...] = ()) -> Organisation:
        ref = org_refs.get(name)
        aliases = (*(ref.aliases if ref else ()), *listed)
        return resolver.organisation(name, kind=ref.kind if ref else kind, aliases=aliases)

    for ref in ex.organisations:
        org(ref.name)

    # The cleaned text may change when the pipeline improves: an editor's claims move with it.
    if not new and article.text != ex.text:
        _protected_claims_follow(article, ex.text)

    # Article metadata: an editor's date is kept, and every field of an article an editor edited.
    # The outlet keeps every spelling the gazetteer knows ("AP", "The Associated Press"), not only
    # those this article printed: it is found across articles by any of them.
    listed = canonical_organisation(ex.outlet) if ex.outlet else None
    outlet = org(ex.outlet, "media", listed.aliases if listed else ()) if ex.outlet else None
    fields: dict[str, object] = {"text": ex.text}
    if not article.edited_by_human:
        fields |= {"title": ex.title[:500], "outlet": outlet, "byline": list(ex.byline)}
        if article.published_on_basis != DateBasis.EDITOR:
            fields |= {
                "published_on": ex.published_on,
                "published_on_basis": ex.published_on_basis,
                "published_on_evidence": ex.published_on_evidence[:300],
            }
    dirty = [name for name, value in fields.items() if getattr(article, name) != value]
    for name in dirty:
        setattr(article, name, fields[name])
    if dirty or article.pk is None:
        article.save()
        changed = True

    # People.
    people: dict[str, Person] = {}
    for ref in ex.people:
        party = org(ref.party, "party") if ref.party else None
        person = resolver.person(ref, party=party)
        people[ref.name] = person
        for variant in ref.variants:
            people.setdefault(variant, person)
        if ref.is_byline and outlet is not None:
            resolver.membership(person, outlet, role="reporter")
        for name in ref.affiliations:
            if org_refs.get(name) is not None and org_refs[name].kind == "committee":
                resolver.membership(person, org(name), role="member")  # "X, a member of the committee"
    mentioned = {p.pk for p in people.values()}
    already = set() if new else set(article.people.values_list("pk", flat=True))
    if mentioned - already:
        article.people.add(*(mentioned - already))
        changed = True

    # Briefings: a dated briefing is shared by every article reporting it; an
    # undated one is only ever the one this article already reports (never a guess).
    briefings: list[Briefing] = []
    for ref in ex.briefings:
        organiser = org(ref.organiser, "agency") if ref.organiser else None
        audience = org(ref.audience, "committee") if ref.audience else None
        briefing = None
        if ref.date is not None:
            briefing = resolver.briefing(organiser, ref.date)
        elif not new:
            briefing = (
                article.briefings.filter(organiser=organiser, date=None).first()
                or article.briefings.filter(redirects__organiser=organiser, redirects__date=None).first()
            )
        if briefing is None:
            briefing = Briefing.objects.create(
                date=ref.date,
                date_basis=ref.date_basis,
                organiser=organiser,
                audience=audience,
                closed_door=ref.closed_door,
                evidence=ref.evidence[:500],
            )
            resolver.briefing_created(briefing)
            changed = True
        elif not briefing.edited_by_human and (
            (briefing.audience_id is None and audience is not None)
            or (ref.closed_door and not briefing.closed_door)
        ):
            briefing.audience = briefing.audience or audience
            briefing.closed_door = briefing.closed_door or ref.closed_door
            briefing.save(update_fields=["audience", "closed_door"])
        if not briefing.edited_by_human:
            for relation, names in (
                (briefing.presenters, ref.presenters),
                (briefing.relayed_by, ref.relayed_by),
            ):
                wanted = {people[n].pk for n in names if n in people}
                if wanted:
                    relation.add(*wanted)  # adds only the missing ones
        if new or not briefing.articles.filter(pk=article.pk).exists():
            briefing.articles.add(article)
        briefings.append(briefing)

    # Claims: each keeps its id while it is the same claim; what an editor touched stays as it is.
    rows: list[ClaimRow] = []
    for c in ex.claims:
        briefing = briefings[c.briefing] if c.briefing is not None and c.briefing < len(briefings) else None
        source_org = source_person = None
        if c.source and c.source_kind == "person" and c.source in people:
            source_person = people[c.source]
        elif c.source:
            source_org = org(c.source)
        claim = Claim(
            article=article,
            text=c.text,
            start=c.start,
            end=c.end,
            kind=c.kind,
            cue=c.cue[:100],
            source_organisation=source_org,
            source_person=source_person,
            briefing=briefing,
            claim_date=(briefing.date if briefing and briefing.date else None) or article.published_on,
            confidence=c.confidence,
            speaker_inferred=c.speaker_inferred,
            speaker_description=c.speaker_description[:200],
            source_start=c.source_span[0] if c.source_span else None,
            source_end=c.source_span[1] if c.source_span else None,
            cue_start=c.cue_span[0] if c.cue_span else None,
            cue_end=c.cue_span[1] if c.cue_span else None,
            parts=[list(part) for part in c.parts],
        )
        speakers = list(dict.fromkeys(people[n] for n in c.speakers if n in people))
        speaker_orgs = list(dict.fromkeys(org(n) for n in c.speaker_organisations))
        figures = [figure_row(f, claim=claim) for f in c.figures]
        rows.append((claim, speakers, speaker_orgs, figures))

    if new:
        claims_create(rows)
        return True, ClaimCounts(created=len(rows))
    counts = claims_reconcile(article=article, rows=rows, old_text=old_text)
    return changed or bool(counts.created or counts.updated or counts.retired), counts


@contextmanager
def _store_turn(resolver: Resolver) -> Iterator[None]:
    """One article's transaction, taken in turn with every other importer, retried on a lost race.

    The first statement bumps the one ``ImportLedger`` row: on PostgreSQL the row
    lock makes other importers' store transactions wait until this one commits (on
    SQLite the immediate transaction's write lock does), while their extraction
    goes on. If the ledger moved since this process last wrote, another importer
    stored something: the resolver's cache is reloaded from the database before
    anything is looked up. So one person, organisation and briefing stays one row
    however many importers run, on one machine or several.
    """
    try:
        with transaction.atomic(), history_signals_off(), caching.batched():
            ledger = ImportLedger.objects.filter(pk=1)
            if not ledger.update(version=F("version") + 1):
                ImportLedger.objects.get_or_create(pk=1)  # the row is missing after a flush
                ledger.update(version=F("version") + 1)
            version = ledger.values_list("version", flat=True).get()
            if version != resolver.version + 1:
                resolver.reload()
            yield
    except Exception:
        resolver.version = -1  # the rolled-back rows must not stay in the cache: reload next time
        raise
    resolver.version = version


def _with_retry(store: Callable[[], IngestResult]) -> IngestResult:
    """``store()``, once more if it lost a race to a unique constraint (a writer outside the ledger's turn)."""
    try:
        return store()
    except IntegrityError:
        return store()


def article_ingest(
    *, source_file: str, data: bytes, resolver: Resolver, run: ImportRun | None = None,
    extracted: x.ExtractedArticle | None = None,
) -> IngestResult:  # fmt: skip
    """Import one article's bytes; the same bytes a second time change nothing.

    ``extracted`` is the pipeline's result for these bytes when it ran ahead in a
    worker (``archive.pool``); otherwise the pipeline runs here. Another importer
    may store the same bytes meanwhile: they are then reported unchanged.
    """
    sha = hashlib.sha256(data).hexdigest()
    existing = Article.objects.filter(sha256=sha).first()
    if existing is not None:
        return IngestResult(existing, "unchanged")
    text = decode_article(data)
    result = extracted if extracted is not None else extract(text)

    def store() -> IngestResult:
        with _store_turn(resolver):
            existing = Article.objects.filter(sha256=sha).first()
            if existing is not None:  # stored by another importer while this one extracted
                return IngestResult(existing, "unchanged")
            # Saved (once, with its metadata) by _store_extraction.
            article = Article(source_file=source_file, sha256=sha, raw_text=text, import_run=run)
            _, counts = _store_extraction(article, result, resolver, new=True)
        return IngestResult(article, "created", counts)

    return _with_retry(store)


def article_reextract(
    *, article: Article, resolver: Resolver, extracted: x.ExtractedArticle | None = None
) -> IngestResult:
    """Re-run the pipeline over a stored article, keeping every editor's change."""
    result = extracted if extracted is not None else extract(article.raw_text)

    def store() -> IngestResult:
        with _store_turn(resolver):
            changed, counts = _store_extraction(article, result, resolver, new=False)
        return IngestResult(article, "updated" if changed else "unchanged", counts)

    return _with_retry(store)
