"""Where a claim's information comes from, and which briefing it reports.

The speaker is who is quoted in this article; the source is where the
information originates. A lawmaker relaying a closed-door briefing has the
briefing's organiser as source, unless the words are the lawmaker's own view
(first person, a call to act, a judgement); a speaker who cites or quotes
someone ("X cited the agency as saying") has that one as source; otherwise
the speaker is their own source.
"""

from __future__ import annotations

import re
from functools import cache

from ..entities import _alternation, vocabulary
from ..figures import find_figures
from ..types import Claim, Figure
from .context import Attribution, Context

_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|[Ww]e|[Uu]s|[Oo]ur|[Mm]y|[Mm]e)\b")
_TIME_SHIFT = re.compile(
    r"^(?:(?:in|since|last|earlier in|back in)\s+(?:january|february|march|april|may|june|july|august|"
    r"september|october|november|december|month|year|week|\d{4})\b|"
    r"earlier\s+this\s+(?:month|year)\b|(?:last|earlier)\s+(?:month|year)\b|previously\b)",
    re.IGNORECASE,
)


@cache
def _own_opinion() -> re.Pattern[str]:
    return re.compile(rf"^[“\"]?(?:{_alternation(vocabulary()['own_opinion'], escape=True)})", re.IGNORECASE)


@cache
def _opinion() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{_alternation(vocabulary()['opinion_markers'])})\b", re.IGNORECASE)


def _lead_organisation(ctx: Context, start: int, end: int) -> str | None:
    """An organisation inside the content as the subject of a cue: '“The agency said ...,” Park said.'

    A quotation's words are no claims of their own, so an attribution inside
    one ("Regarding X, the agency assessed that ...") is the quotation's source.
    """
    from .rules import is_cue

    for r in ctx.refs_in(start, end):
        if r.kind != "org" or r.org_kind == "party":
            continue
        span = ctx.doc.char_span(r.start, r.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        head = span.root
        if head.dep_ in ("nsubj", "nsubjpass") and is_cue(head.head) and head.head.idx < end:
            return r.name
    return None


def _agency(ctx: Context) -> str | None:
    """The agency the article names most, the likely briefer when no briefing is recognised."""
    counts: dict[str, int] = {}
    for r in ctx.refs:
        if r.kind == "org" and r.org_kind == "agency":
            counts[r.name] = counts.get(r.name, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None


def finish(ctx: Context, a: Attribution) -> Claim:
    """The pipeline's Claim for a kept attribution: source, briefing, figures, spans."""
    text = ctx.text
    sp = a.speaker
    source = a.relayed
    own_briefing = next((i for i, b in enumerate(ctx.briefings) if set(sp.persons) & set(b.relayed_by)), None)
    organiser = (
        ctx.briefings[own_briefing].organiser
        if own_briefing is not None
        else next((b.organiser for b in ctx.briefings if b.organiser), None)
    ) or _agency(ctx)
    content = " ".join(text[s:e] for s, e in a.parts)
    lead = _lead_organisation(ctx, a.start, a.end)
    if source is None and lead is not None:
        source = lead
    own = bool(
        sp.persons
        and not sp.orgs
        and lead is None
        and source is None  # a speaker who cites or quotes someone relays them, even in the first person
        and not a.cites
        and (_own_opinion().match(content) or _FIRST_PERSON.search(content) or _opinion().search(content))
    )
    if own:
        source = sp.persons[0]
    if source is None and sp.source:
        source = sp.source
    if source is None and sp.orgs:
        source = sp.orgs[0]
    if source is None and a.cites and organiser and not own:
        source = organiser  # "X quoted an unnamed official as saying": the briefing's organiser
    lawmakers = [p for p in sp.persons if ctx.has_role(p, "lawmaker")]
    unnamed_relay = not sp.persons and not sp.orgs and organiser is not None
    if source is None and (lawmakers or unnamed_relay) and organiser and not own:
        source = organiser
    if source is None and sp.persons:
        source = sp.persons[0]
    kind = None if source is None else ("person" if source in ctx.people else "organisation")
    briefing: int | None = None
    if ctx.briefings:
        about = any(b.organiser == source for b in ctx.briefings) or bool(lawmakers)
        sentence = ctx.doc.char_span(a.start, a.start + 1, alignment_mode="expand")
        sentence_start = sentence[0].sent.start_char if sentence is not None and len(sentence) else a.start
        shifted = bool(_TIME_SHIFT.match(text[sentence_start : a.start + 1]))
        if about and not shifted:
            by_source = next((i for i, b in enumerate(ctx.briefings) if b.organiser == source), None)
            briefing = by_source if by_source is not None else (own_briefing or 0)
    confidence = a.confidence * (0.8 if sp.inferred else 1.0)
    if not sp.named():
        confidence = min(confidence, 0.6)
    figures: list[Figure] = []
    for s, e in a.parts:
        figures.extend(find_figures(text, s, e))
    start = a.start
    if a.lead is not None and a.lead < a.start:
        start = a.lead
        if (
            a.source_span is not None
            and a.source_span[1] <= a.lead
            and re.fullmatch(r"[\s,]*", text[a.source_span[1] : a.lead])
        ):
            start = a.source_span[0]  # "the agency believes C": the source begins the claim
    return Claim(
        text=text[start : a.end],
        start=start,
        end=a.end,
        kind=a.kind,
        cue=a.cue,
        speakers=tuple(sp.persons),
        speaker_organisations=tuple(sp.orgs),
        source=source,
        source_kind=kind,
        briefing=briefing,
        figures=tuple(figures),
        confidence=round(confidence, 2),
        speaker_inferred=sp.inferred,
        source_span=a.source_span,
        cue_span=a.cue_span,
        parts=tuple(a.parts) if len(a.parts) > 1 or start != a.start else (),
        speaker_description="" if sp.named() else sp.description,
    )
