"""Who said what, on whose authority: attributed statements from the dependency parse.

A claim has three parts (the PARC / PolNeAR scheme): the **source** (who is
speaking: "Rep. Han", "the agency", "he"), the **cue** ("said", "told
reporters", "according to") and the **content** (the reported clause or the
quotation). The rules in ``rules.RULES`` find them, one construction each;
``speakers`` resolves a source phrase to the people and organisations the
project's finders located; ``sources`` decides where the information comes
from (a lawmaker relaying a briefing has its organiser as source).

Every span slices the cleaned text: ``text[c.start:c.end] == c.text``::

    >>> from archive.extraction.entities import find_people
    >>> t = "Rep. Han Ji-woo told reporters that the army lost 40 tanks."
    >>> c = find_claims(t, people=find_people(t))[0]
    >>> c.text, c.speakers, c.cue
    ('the army lost 40 tanks', ('Han Ji-woo',), 'told reporters')
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from spacy.tokens import Doc

from ..parsing import parse
from ..types import BriefingRef, Claim, OrganisationRef, PersonRef
from . import speakers
from .context import Attribution, Context, Speaker
from .rules import RULES
from .sources import finish


def find_claims(
    text: str,
    *,
    people: Sequence[PersonRef] = (),
    organisations: Sequence[OrganisationRef] = (),
    briefings: Sequence[BriefingRef] = (),
    doc: Doc | None = None,
) -> tuple[Claim, ...]:
    """Every attributed statement in ``text``, in text order."""
    if doc is None:
        doc = parse(text, names=[(m.start, m.end) for p in people for m in p.mentions])
    ctx = Context(text, doc, people, organisations, briefings)
    for rule in RULES:
        for found in rule(ctx):
            _accept(ctx, found)
    # Pronouns last, in text order: "he added" looks back at every claim kept before it, whichever
    # rule found that one.
    kept = sorted(ctx.accepted, key=lambda a: a.start)
    ctx.accepted = []
    for a in kept:
        if a.subject is not None:
            a.speaker, a.source_span = speakers.resolve(ctx, a.subject)
            a.subject = None
            if not a.speaker.found():
                continue  # the author's "we"
        ctx.accepted.append(a)
    # A misparse must not cost the article: a claim whose parts do not run forward is dropped.
    return tuple(finish(ctx, a) for a in ctx.accepted if all(s < e for s, e in a.parts))


def _accept(ctx: Context, new: Attribution) -> None:
    """Keep ``new`` unless it overlaps a claim already kept; resolve its speaker when kept.

    A claim whose cue lies inside a kept claim's content is a nested
    attribution ("X said the agency told lawmakers that ..."): it is not kept
    on its own, but its speaker becomes the kept claim's source (both hops).
    """
    outer_of: list[Attribution] = []
    # Only the claims kept just before new's end can overlap it (claims are short and rarely nest deep).
    last = bisect.bisect_left(ctx.accepted, new.end, key=lambda a: a.start)
    for kept in ctx.accepted[max(0, last - 24) : last]:
        if not any(s < new.end and new.start < e for s, e in kept.parts):
            continue
        inner = new.cue_span is not None and kept.start <= new.cue_span[0] < kept.end
        if inner and kept.relayed is None:
            speaker = new.speaker if new.subject is None else speakers.resolve(ctx, new.subject)[0]
            _relay(kept, speaker)
        if inner or not _frames(new, kept):
            return
        outer_of.append(kept)
    for kept in outer_of:
        # "X said the agency reported 'C'": the claim is X's; the agency becomes its source.
        ctx.accepted.remove(kept)
        if kept.subject is None:
            new.inner_speakers.append(kept.speaker)
        else:
            new.inner.append(kept.subject)
    if new.subject is not None and not speakers.is_anaphor(new.subject):
        new.speaker, new.source_span = speakers.resolve(ctx, new.subject)
        new.subject = None
    if new.subject is None and not new.speaker.found():
        return
    for subject in new.inner:
        if new.relayed is None:
            _relay(new, speakers.resolve(ctx, subject)[0])
    for speaker in new.inner_speakers:
        if new.relayed is None:
            _relay(new, speaker)
    bisect.insort(ctx.accepted, new, key=lambda a: a.start)


def _frames(outer: Attribution, claim: Attribution) -> bool:
    """Whether ``outer`` reports ``claim`` whole: its cue and content lie in outer's content, outer's cue
    outside them."""
    if claim.cue_span is None or outer.cue_span is None:
        return False
    cue_inside = any(s <= claim.cue_span[0] < e for s, e in outer.parts)
    content_inside = any(s <= claim.start and claim.end <= e for s, e in outer.parts)
    return cue_inside and content_inside and not claim.start <= outer.cue_span[0] < claim.end


def _relay(claim: Attribution, inner: Speaker) -> None:
    """The speaker of a nested cue becomes the claim's source, unless it is the claim's own speaker."""
    name = inner.first_name()
    if name is not None and name not in claim.speaker.persons + claim.speaker.orgs:
        claim.relayed = name


def organisations_named_by(
    claims: Sequence[Claim], organisations: Sequence[OrganisationRef]
) -> tuple[OrganisationRef, ...]:
    """``organisations`` and those only the claims name as speakers or sources ("Government of Japan").

    A country speaking ("Japan said") or an organisation the gazetteer does
    not list ("the Sand Times reported") is named by the claim; the article
    lists it too, so that every name a claim uses is one of the article's.
    """
    known = {o.name for o in organisations}
    extra: list[str] = []
    for c in claims:
        source = [c.source] if c.source_kind == "organisation" and c.source else []
        for name in [*c.speaker_organisations, *source]:
            if name not in known and name not in extra:
                extra.append(name)
    added = [
        OrganisationRef(name=name, kind="government" if name.startswith("Government of ") else "other")
        for name in extra
    ]
    return (*organisations, *added)
