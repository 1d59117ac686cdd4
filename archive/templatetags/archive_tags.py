"""Text highlighting and small display helpers.

Highlighting never marks article or user text safe: text is cut into pieces that
templates print with autoescaping, or joined with ``format_html_join`` (which escapes).
"""

from __future__ import annotations

import datetime as dt
import json
import re
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
    """A piece of text; ``mark`` is the object it highlights (a claim), or None."""

    text: str
    mark: Any = None
    first: bool = False  # the first piece of its mark (carries the anchor id)


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
        out.append(Segment(text[start:end], mark, first=True))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


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
