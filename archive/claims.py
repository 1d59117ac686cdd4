"""A claim's identity across re-extractions, and what happens to claims the pipeline stops finding.

A permalink once shown answers forever, so a re-extraction never deletes a claim and never
gives the same claim a new id. ``claims_reconcile`` pairs what the pipeline finds now with
what the article already holds:

- **the same claim** keeps its id: the same span, or else an overlapping span with the same
  speaker (a person or organisation in common, or both unattributed). A changed one is
  *updated* in place, an unchanged one *kept*;
- **a new claim** is *created*;
- **a claim no longer found** is *retired* (``claim_retire``): it leaves every list, count,
  feed and export, and its page answers 410 Gone, or 301 to the claim whose span overlaps it
  (its *successor*);
- **an editor's claim** (edited, reviewed or rejected) is never touched, and every
  re-extracted claim overlapping its current span or any span it had before (its history) is
  *suppressed*: an editor who trimmed a claim does not get the untrimmed one back beside it.
  Its figures are re-derived from its own text (``claim_figures_rederive``) unless an editor
  changed the figures; those are kept, and flagged in the admin when the text no longer
  contains them (``ClaimQuerySet.with_stale_figures``).

For example, with the pipeline moving a claim's end and dropping another::

    stored  #4 [10, 60) Han     #5 [80, 120) Han     #6 [200, 240) Ko
    found      [10, 64) Han        [82, 120) Ko
    result  #4 updated to [10, 64)   #5 retired, successor #7   #6 retired (410)
            #7 created [82, 120) Ko (#5's speaker differs, so it is a new claim)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields

from django.db import transaction
from django.utils import timezone

from archive import affiliations
from archive.extraction import types as x
from archive.extraction.figures import find_figures
from archive.history import history_snapshot
from archive.models import Article, Claim, Figure, Organisation, Person

# One claim as the importer would store it: the unsaved claim, its speakers, speaker organisations, figures.
ClaimRow = tuple[Claim, list[Person], list[Organisation], list[Figure]]

# What the importer writes on a claim row (compared, and copied onto a claim that keeps its id).
IMPORTED_FIELDS = [
    "text",
    "start",
    "end",
    "kind",
    "cue",
    "source_organisation",
    "source_person",
    "briefing",
    "claim_date",
    "confidence",
    "speaker_inferred",
    "speaker_description",
    "source_start",
    "source_end",
    "cue_start",
    "cue_end",
    "parts",
]
RETIRED = "retired: no longer found by the extraction"


@dataclass
class ClaimCounts:
    created: int = 0
    kept: int = 0
    updated: int = 0
    retired: int = 0
    suppressed: int = 0

    def add(self, other: ClaimCounts) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def __str__(self) -> str:
        return ", ".join(f"{n} {name}" for name, n in self.as_dict().items())


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two spans share a character (or are the same empty span).

    >>> overlaps((0, 10), (9, 20)), overlaps((0, 10), (10, 20)), overlaps((5, 5), (5, 5))
    (True, False, True)
    """
    return a == b or (a[0] < b[1] and b[0] < a[1])


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _who(speakers, speaker_organisations) -> frozenset[tuple[str, int]]:
    return frozenset([*(("p", p.pk) for p in speakers), *(("o", o.pk) for o in speaker_organisations)])


def _same_speaker(a: frozenset, b: frozenset) -> bool:
    return bool(a & b) or (not a and not b)


def _figure_key(f: Figure) -> tuple:
    return (f.category, f.value, f.low, f.high, f.approximate, f.bound, f.label, f.unit, f.text)


def figure_row(f: x.Figure, *, claim: Claim) -> Figure:
    """The row for a figure the pipeline found in ``claim``."""
    return Figure(
        claim=claim,
        category=f.category,
        value=f.value,
        low=f.low,
        high=f.high,
        approximate=f.approximate,
        bound=f.bound,
        label=f.label[:60],
        unit=f.unit[:30],
        text=f.text[:200],
        start=f.start,
        end=f.end,
    )


def _signature(claim: Claim, speakers, speaker_organisations, figures) -> tuple:
    """Everything the importer writes for one claim, to tell whether a re-extraction changed it."""
    return (
        *(getattr(claim, Claim._meta.get_field(name).attname) for name in IMPORTED_FIELDS),
        _who(speakers, speaker_organisations),
        tuple(sorted(_figure_key(f) for f in figures)),
    )


def claims_create(rows: Sequence[ClaimRow]) -> None:
    """Store new claims with their speakers and figures, in a few bulk inserts."""
    Claim.objects.bulk_create([row[0] for row in rows])  # sets each claim's pk (SQLite, PostgreSQL)
    Claim.speakers.through.objects.bulk_create(
        Claim.speakers.through(claim_id=cl.pk, person_id=p.pk) for cl, sp, _, _ in rows for p in sp
    )
    Claim.speaker_organisations.through.objects.bulk_create(
        Claim.speaker_organisations.through(claim_id=cl.pk, organisation_id=o.pk)
        for cl, _, so, _ in rows
        for o in so
    )
    affiliations.refresh(claims=[cl.pk for cl, sp, _, _ in rows if sp])  # bulk inserts send no signals
    for claim, _, _, figures in rows:
        for figure in figures:
            figure.claim = claim
    Figure.objects.bulk_create(f for _, _, _, figs in rows for f in figs)


def _claim_update(claim: Claim, row: ClaimRow) -> None:
    """Copy what the pipeline found now onto a claim that keeps its id (reviving it if it was retired)."""
    new, speakers, speaker_orgs, figures = row
    for name in IMPORTED_FIELDS:
        setattr(claim, name, getattr(new, name))
    claim.retired_at = None
    claim.successor = None
    claim.save()
    claim.speakers.set(speakers)
    claim.speaker_organisations.set(speaker_orgs)
    claim.figures.all().delete()
    for figure in figures:
        figure.claim = claim
    Figure.objects.bulk_create(figures)


def claim_retire(*, claim: Claim, successor: Claim | None = None, reason: str = RETIRED, user=None) -> Claim:
    """Take a claim out of every list, count, feed and export; its page answers 410 (or 301 to ``successor``).

    The row stays, with a history record saying when, why and (for a person) who.
    """
    if successor is not None and successor.pk == claim.pk:
        raise ValueError("a claim cannot succeed itself")
    claim.retired_at = timezone.now()
    claim.successor = successor
    claim.save(update_fields=["retired_at", "successor", "updated_at"])
    if user is not None:
        claim._history_user = user
    history_snapshot([claim], reason=reason, update=True)
    return claim


def claim_figures_rederive(*, claim: Claim, text: str | None = None) -> bool:
    """Replace a claim's figures with those found in its own span of the article's text.

    Nothing changes when an editor changed the figures (``figures_edited``); True when they changed.
    """
    if claim.figures_edited:
        return False
    text = claim.article.text if text is None else text
    found = [figure_row(f, claim=claim) for f in find_figures(text, claim.start, claim.end)]
    stored = list(claim.figures.all())
    if sorted(map(_figure_key, found)) == sorted(map(_figure_key, stored)):
        return False
    claim.figures.all().delete()
    Figure.objects.bulk_create(found)
    return True


def _editor_spans(protected: Sequence[Claim]) -> list[tuple[int, int]]:
    """Every span the editors' claims have now or had before (their history holds the earlier ones)."""
    spans = {(c.start, c.end) for c in protected}
    history = Claim.history.filter(id__in=[c.pk for c in protected]).values_list("start", "end")
    spans.update(history)
    return sorted(spans)


def _span_in(text: str, claim: Claim, old_text: str) -> tuple[int, int] | None:
    """Where a stored claim's words are in the article's new cleaned text (nearest its old offset)."""
    if text == old_text:
        return (claim.start, claim.end)
    starts = [m.start() for m in re.finditer(re.escape(claim.text), text)] if claim.text else []
    if not starts:
        return None
    start = min(starts, key=lambda pos: abs(pos - claim.start))
    return (start, start + len(claim.text))


@transaction.atomic
def claims_reconcile(*, article: Article, rows: Sequence[ClaimRow], old_text: str) -> ClaimCounts:
    """Bring an article's claims in line with ``rows`` (the pipeline's claims now), keeping identities.

    ``old_text`` is the cleaned text the stored offsets were taken from (editors' claims have
    already been moved to the new text, ``article.text``).
    """
    counts = ClaimCounts()
    stored = list(article.claims.prefetch_related("speakers", "speaker_organisations", "figures"))
    protected = [c for c in stored if c.is_protected and not c.is_retired]
    editor_spans = _editor_spans(protected)
    candidates = [c for c in stored if not c.is_protected]
    where = {c.pk: _span_in(article.text, c, old_text) for c in candidates}
    who = {c.pk: _who(c.speakers.all(), c.speaker_organisations.all()) for c in candidates}

    wanted: list[ClaimRow] = []
    for row in rows:
        span = (row[0].start, row[0].end)
        if any(overlaps(span, s) for s in editor_spans):
            counts.suppressed += 1
        else:
            wanted.append(row)

    # Pair each found claim with a stored one: the same span first, then an overlapping span with the
    # same speaker (the largest overlap); a current claim before a retired one.
    pairs: dict[int, Claim] = {}  # index in wanted -> stored claim
    taken: set[int] = set()
    for same_span in (True, False):
        for i, (new, speakers, speaker_orgs, _) in enumerate(wanted):
            if i in pairs:
                continue
            span, new_who = (new.start, new.end), _who(speakers, speaker_orgs)
            options = [
                c
                for c in candidates
                if c.pk not in taken
                and (old := where[c.pk]) is not None
                and (old == span if same_span else overlaps(old, span) and _same_speaker(who[c.pk], new_who))
            ]
            if options:
                best = max(options, key=lambda c: (not c.is_retired, _overlap(where[c.pk], span), -c.pk))
                pairs[i] = best
                taken.add(best.pk)

    created: list[ClaimRow] = []
    for i, row in enumerate(wanted):
        claim = pairs.get(i)
        if claim is None:
            created.append(row)
        elif not claim.is_retired and _signature(*row) == _signature(
            claim, claim.speakers.all(), claim.speaker_organisations.all(), claim.figures.all()
        ):
            counts.kept += 1
        else:
            _claim_update(claim, row)
            counts.updated += 1
    claims_create(created)
    counts.created = len(created)

    # A claim no longer found is retired; the claim now at its place (if any) succeeds it.
    successors = [*(pairs.get(i) or row[0] for i, row in enumerate(wanted)), *protected]
    for claim in candidates:
        if claim.pk in taken or claim.is_retired:
            continue
        span = where[claim.pk] or (-1, -1)
        near = [c for c in successors if overlaps((c.start, c.end), span)]
        successor = max(near, key=lambda c: (_overlap((c.start, c.end), span), -c.pk)) if near else None
        claim_retire(claim=claim, successor=successor)
        counts.retired += 1

    for claim in protected:
        if claim_figures_rederive(claim=claim):
            counts.updated += 1
        else:
            counts.kept += 1
    return counts
