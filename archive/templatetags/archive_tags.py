"""Text highlighting and small display helpers.

Highlighting never marks article or user text safe: text is cut into pieces that
templates print with autoescaping, or joined with ``format_html_join`` (which escapes).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from archive.models import search_terms

register = template.Library()

# What Django's json_script escapes: no text inside can close the <script> element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class Segment:
    """A piece of text; ``mark`` is what it highlights (a matched search term), or None."""

    text: str
    mark: Any = None


def segments(text: str, marks: list[tuple[int, int, Any]]) -> list[Segment]:
    """Cut ``text`` at the marked spans, in order; overlapping spans are clipped.

    >>> [(s.text, s.mark) for s in segments("Lee said 600 died.", [(9, 12, "c1")])]
    [('Lee said ', None), ('600', 'c1'), (' died.', None)]
    """
    out: list[Segment] = []
    pos = 0
    for start, end, mark in sorted(marks, key=lambda m: (m[0], -m[1])):
        start, end = max(start, pos), min(end, len(text))
        if start >= end:
            continue
        if start > pos:
            out.append(Segment(text[pos:start]))
        out.append(Segment(text[start:end], mark))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


# The kinds of span a claim has (PARC / PolNeAR): what is claimed, who says it, and the words that
# attribute it. Each has its class in archive.css, drawn differently (background, box, bold underline).
ROLES = ("content", "source", "cue")
_ROLE_CLASSES = {"content": "claim-span", "source": "claim-source", "cue": "claim-cue"}
_ROLE_LABELS = {"content": "claim", "source": "source", "cue": "cue"}


@dataclass(frozen=True)
class Piece:
    """A run of article text covered by the same claim spans."""

    text: str
    roles: tuple[str, ...] = ()  # the kinds of span covering it, in ROLES order
    claim: Any = None  # the claim of its innermost span: where a click on it leads
    anchors: tuple[Any, ...] = ()  # claims whose content begins here
    begins: tuple[str, ...] = ()  # the kinds of span that begin here (announced to screen readers)

    @property
    def css_class(self) -> str:
        return " ".join(_ROLE_CLASSES[r] for r in self.roles)

    @property
    def label(self) -> str:
        return ", ".join(_ROLE_LABELS[r] for r in self.begins)


def claim_spans(claim) -> list[tuple[int, int, str]]:
    """A claim's spans as (start, end, role): its content part(s), then its source and cue, if known."""
    spans = [(start, end, "content") for start, end in claim.content_parts]
    if claim.source_span:
        spans.append((*claim.source_span, "source"))
    if claim.cue_span:
        spans.append((*claim.cue_span, "cue"))
    return spans


def claim_pieces(text: str, claims, *, window: tuple[int, int] | None = None) -> list[Piece]:
    """Cut ``text`` (or its ``window``) wherever a claim's content, source or cue span begins or ends.

    Spans may overlap or nest (one claim's source inside another's content); each piece
    lists every kind of span covering it, so the markup is a flat run of elements that
    cannot be mis-nested. A click leads to the claim of the innermost span.

    >>> class C: content_parts, source_span, cue_span = [(9, 14)], (0, 3), (4, 8)
    >>> [(p.text, p.roles) for p in claim_pieces("Kim said rain.", [C])]
    [('Kim', ('source',)), (' ', ()), ('said', ('cue',)), (' ', ()), ('rain.', ('content',))]
    """
    lo, hi = window or (0, len(text))
    spans = []  # (start, end, role, claim), clipped to the window, empty ones dropped
    for claim in claims:
        for n, (start, end, role) in enumerate(claim_spans(claim)):
            start, end = max(start, lo), min(end, hi)
            if start < end:
                spans.append((start, end, role, claim, n == 0))
    starting: dict[int, list[int]] = defaultdict(list)
    ending: dict[int, list[int]] = defaultdict(list)
    for i, (start, end, *_) in enumerate(spans):
        starting[start].append(i)
        ending[end].append(i)
    cuts = sorted({lo, hi, *starting, *ending})
    active: set[int] = set()
    out: list[Piece] = []
    for a, b in itertools.pairwise(cuts):
        active.difference_update(ending[a])
        active.update(starting[a])
        if not active:
            out.append(Piece(text[a:b]))
            continue
        here = [spans[i] for i in active]
        innermost = max(here, key=lambda s: (s[0], -s[1]))
        out.append(
            Piece(
                text[a:b],
                roles=tuple(r for r in ROLES if any(s[2] == r for s in here)),
                claim=innermost[3],
                anchors=tuple(dict.fromkeys(s[3] for s in here if s[4] and s[0] == a)),
                begins=tuple(r for r in ROLES if any(s[2] == r and s[0] == a for s in here)),
            )
        )
    return out


# A sentence ends at . ! or ? (and any closing quote) before a space, a capital or the end; or at a
# line break. A title, a month or an initial before the stop ("Rep.", "Sept.", "U.S.") is not an end;
# a short name is ("said Kim.").
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*(?=\s|[A-Z“\"]|$)|\n")
_LAST_WORD = re.compile(r"\w+$")
# fmt: off
_ABBREVIATIONS = frozenset({
    "Rep", "Reps", "Sen", "Gov", "Gen", "Lt", "Col", "Maj", "Capt", "Adm", "Sgt", "Mr", "Mrs", "Ms", "Dr",
    "Prof", "Amb", "Pres", "Sec", "Dept", "St", "Jr", "Sr", "Co", "Corp", "Inc", "Ltd", "No",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "vs",
})
# fmt: on


def _sentence_ends(text: str, lo: int, hi: int) -> list[int]:
    ends = []
    for m in _SENTENCE_END.finditer(text, lo, hi):
        word = _LAST_WORD.search(text[max(0, m.start() - 12) : m.start()])
        short = word is not None and m.group().startswith(".")
        if short and (word.group() in _ABBREVIATIONS or (len(word.group()) == 1 and word.group().isupper())):
            continue
        ends.append(m.end())
    return ends


def sentence_bounds(text: str, start: int, end: int, *, reach: int = 300) -> tuple[int, int]:
    """The sentence(s) holding ``text[start:end]``: from the end of the sentence before to the next
    sentence end, at most ``reach`` characters either way (then cut at a space).

    >>> text = "It rained. Rep. Kim said the river rose. Then it stopped."
    >>> lo, hi = sentence_bounds(text, text.index("Kim"), text.index("rose") + 4)
    >>> text[lo:hi]
    'Rep. Kim said the river rose.'
    """
    lo = max(0, start - reach)
    ends = _sentence_ends(text, lo, start)
    if ends:
        lo = ends[-1]
    elif lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space != -1 else lo
    while lo < start and text[lo].isspace():
        lo += 1
    limit = min(len(text), end + reach)
    ends = [e for e in _sentence_ends(text, max(start, end - 3), limit) if e >= end]
    if ends:
        hi = ends[0]
    else:
        space = text.rfind(" ", end, limit)
        hi = space if space != -1 and limit < len(text) else limit
    while hi > end and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def sentence_windows(text: str, spans: list[tuple[int, int]], *, gap: int = 300) -> list[tuple[int, int]]:
    """The sentences holding ``spans``, one window per group of spans less than ``gap`` apart: a cue
    in a heading far above its quote is shown in its own sentence, not with everything between.

    >>> text = "Kim said: " + "x " * 400 + "Rain fell. The river rose."
    >>> [text[lo:hi][:12] for lo, hi in sentence_windows(text, [(0, 3), (len(text) - 15, len(text))])]
    ['Kim said: x ', 'The river ro']
    """
    windows: list[tuple[int, int]] = []
    group: list[int] = []
    for start, end in sorted(spans):
        if group and start - group[1] > gap:
            windows.append(sentence_bounds(text, *group))
            group = []
        group = [group[0], max(group[1], end)] if group else [start, end]
    if group:
        windows.append(sentence_bounds(text, *group))
    merged: list[tuple[int, int]] = []
    for lo, hi in windows:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def term_pattern(terms: list[str]) -> re.Pattern[str] | None:
    """A pattern matching any term as a word prefix (``troop`` finds ``troops``)."""
    terms = [t for t in terms if t]
    if not terms:
        return None
    alternatives = "|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)


def term_segments(text: str, query: str) -> list[Segment]:
    pattern = term_pattern(search_terms(query))
    if pattern is None:
        return [Segment(text)] if text else []
    return segments(text, [(m.start(), m.end(), True) for m in pattern.finditer(text)])


def snippet(text: str, query: str, width: int = 240) -> str:
    """The part of ``text`` around the first matched term, with ellipses."""
    pattern = term_pattern(search_terms(query))
    match = pattern.search(text) if pattern else None
    if match is None or len(text) <= width:
        return text[:width] + ("…" if len(text) > width else "")
    start = max(0, match.start() - width // 3)
    if start:  # begin and end on word boundaries
        space = text.find(" ", start, match.start())
        start = space + 1 if space != -1 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", match.end(), end)
        end = space if space != -1 else end
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


@register.filter
def highlight(text: str, query: str) -> SafeString:
    """``{{ claim.text|highlight:q }}``: matched words in ``<mark>``, everything escaped."""
    pieces = term_segments(str(text or ""), str(query or ""))
    return format_html_join(
        "",
        "{}",
        ((format_html("<mark>{}</mark>", s.text) if s.mark else s.text,) for s in pieces),
    )


@register.filter
def highlight_snippet(text: str, query: str) -> SafeString:
    return highlight(snippet(str(text or ""), str(query or "")), query)


@register.filter
def party_on(person, date: dt.date | None):
    """``{{ person|party_on:claim.claim_date }}``: ``Person.party_on`` in a template."""
    return person.party_on(date)


@register.filter
def jsonld(data: Any) -> SafeString:
    """JSON for a ``<script type="application/ld+json">`` element.

    ``<``, ``>`` and ``&`` become JSON unicode escapes (as Django's ``json_script`` does), so no
    text inside can close the script element; the result is therefore safe to embed.
    """
    return mark_safe(json.dumps(data, ensure_ascii=False, indent=2).translate(_SCRIPT_ESCAPES))


@register.simple_tag
def claim_highlights(pieces: list[Piece], *, links: bool = True, anchors: bool = True) -> SafeString:
    """``{% claim_highlights pieces %}``: each piece escaped; a marked one in ``<mark>`` with the
    classes of its kinds of span, linked to its claim, the first piece of a claim carrying its
    ``id="claim-N"`` anchor (``anchors=False`` where the same text is shown twice on a page)."""
    return format_html_join("", "{}", ((_piece_html(p, links=links, anchors=anchors),) for p in pieces))


def _piece_html(piece: Piece, *, links: bool, anchors: bool) -> SafeString | str:
    if not piece.roles:
        return piece.text  # escaped by format_html_join
    content = piece.text
    if links:
        url, pk = piece.claim.get_absolute_url(), piece.claim.pk
        content = format_html('<a href="{}" title="Claim #{}">{}</a>', url, pk, piece.text)
    ids = [c.pk for c in piece.anchors] if anchors else []
    return format_html(
        '{}<mark{} class="{}"{}>{}</mark>',
        format_html_join("", '<span id="claim-{}"></span>', ((pk,) for pk in ids[1:])),
        format_html(' id="claim-{}"', ids[0]) if ids else "",
        piece.css_class,
        format_html(' data-label="{}"', piece.label) if piece.begins else "",
        content,
    )
