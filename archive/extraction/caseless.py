"""Case-insensitive matching without ``re.IGNORECASE``, on a lower-cased copy of the text.

Under IGNORECASE the regex engine folds the case of every character it
compares, and a pattern can no longer begin with a plain literal, so it tries
every position in full: the speech-verb and gazetteer alternations cost about
twice as much that way. Most articles allow an exact shortcut: lower-case the
text once and match a lower-case pattern against it, case-sensitively.

The shortcut is taken only when it gives exactly the matches IGNORECASE would
give on the original text: the lower-cased copy has the same length (so every
offset holds) and every character outside ASCII is caseless (quotation marks,
dashes, Hangul...). Cased non-ASCII letters ("É", and the long "ſ" or the
Kelvin sign, which IGNORECASE folds to ASCII letters) send the text down the
IGNORECASE path instead. The matches' offsets are the same either way; their
*text* comes from whichever string was searched, so read spans, and slice the
original text where case matters::

    >>> said = Caseless(r"\\bsaid\\b")
    >>> m = said.search("The NIS SAID so.")
    >>> m.span(), m.group()
    ((8, 12), 'said')
    >>> said.search("Ça SAID").span()  # "Ç" is cased: the IGNORECASE path, same offsets
    (3, 7)
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

# Escapes ("\S", "\Z") and group syntax ("(?P<name>") are no letters of the text.
_NOT_TEXT = re.compile(r"\\.|\(\?P[<=]")
_MAX = 2**63 - 1


class _Last:
    """The last long text asked about and its answer: an article is searched many times in a row."""

    def __init__(self) -> None:
        self.text = ""
        self.low: str | None = ""


_last = _Last()


def lowered(text: str) -> str | None:
    """``text.lower()`` when matching against it equals IGNORECASE matching on ``text``; else None.

    An article's text is searched by many patterns: its answer is kept. Short
    strings (a window around a word) are cheaper to redo than to look up.
    """
    if text is _last.text:
        return _last.low
    if len(text) <= 200:
        return _lower_if_exact(text)
    low = _lowered(text)
    _last.text, _last.low = text, low
    return low


@lru_cache(maxsize=16)
def _lowered(text: str) -> str | None:
    return _lower_if_exact(text)


def _lower_if_exact(text: str) -> str | None:
    low = text.lower()
    if len(low) != len(text):
        return None
    if not text.isascii():
        for ch in set(text):
            if not ch.isascii() and (ch.lower() != ch or ch.upper() != ch):
                return None
    return low


class Caseless:
    """A case-insensitive pattern that searches the lower-cased text when it can (see module doc).

    Worth it for long alternations (speech verbs, gazetteers) searched over an
    article; a short pattern matched once at a position gains less than the
    extra call costs.
    """

    __slots__ = ("fast", "pattern", "slow")

    def __init__(self, pattern: str) -> None:
        literal = _NOT_TEXT.sub("", pattern)
        if literal != literal.lower():
            raise ValueError(f"a Caseless pattern must be written in lower case: {pattern[:80]!r}")
        self.pattern = pattern
        self.fast = re.compile(pattern)
        self.slow = re.compile(pattern, re.IGNORECASE)

    def search(self, text: str, pos: int = 0, endpos: int = _MAX) -> re.Match[str] | None:
        low = lowered(text)
        return self.slow.search(text, pos, endpos) if low is None else self.fast.search(low, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = _MAX) -> re.Match[str] | None:
        low = lowered(text)
        return self.slow.match(text, pos, endpos) if low is None else self.fast.match(low, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = _MAX) -> Iterator[re.Match[str]]:
        low = lowered(text)
        return self.slow.finditer(text, pos, endpos) if low is None else self.fast.finditer(low, pos, endpos)


_META = frozenset("\\[](){}?*+|.^$")


def literal_prefix(source: str) -> str:
    """The literal characters every match of the regex ``source`` begins with ("" if none).

    ``"briefings?"`` -> ``"briefing"``, ``"closed[- ]door"`` -> ``"closed"``. A
    character made optional by the quantifier after it is not part of the prefix.
    """
    i = 0
    while i < len(source) and source[i] not in _META:
        i += 1
    if i < len(source) and source[i] in "?*{":
        i -= 1  # "briefings?": the "s" may be absent
    return source[: max(i, 0)]


def literal_starts(low: str, literals: Iterable[str]) -> list[int]:
    """Every position of ``low`` where one of ``literals`` begins, in order (``str.find``: a fast scan in C)."""
    found: set[int] = set()
    for literal in literals:
        at = low.find(literal)
        while at >= 0:
            found.add(at)
            at = low.find(literal, at + 1)
    return sorted(found)


def matches_from(
    pattern: re.Pattern[str], subject: str, starts: list[int], pos: int = 0, endpos: int = _MAX
) -> list[re.Match[str]]:
    """``pattern.finditer(subject, pos, endpos)`` for a pattern that can only match at ``starts``.

    The pattern is tried at those places only (sorted), in order from where the
    last match ended: what a search does, given that it could match nowhere
    else. Every match must be non-empty.
    """
    out: list[re.Match[str]] = []
    for i in range(bisect.bisect_left(starts, pos), len(starts)):
        at = starts[i]
        if at >= endpos:
            break
        if at < pos:
            continue  # inside the last match
        m = pattern.match(subject, at, endpos)
        if m is not None:
            out.append(m)
            pos = m.end()
    return out


class PrefixScan:
    """A case-insensitive alternation found from the literal starts of its alternatives.

    The pattern is ``before`` (zero-width assertions only: a lookbehind, ``\\b``),
    then one of ``alternatives``, then ``after``. Every match therefore begins
    with one of the alternatives' literal prefixes. Instead of the regex engine
    trying each position of the text, the prefixes are looked up with
    ``str.find`` (a fast scan in C) and the pattern is tried at those places
    only, in text order: the matches are those of ``finditer``, because the
    pattern cannot match where no prefix begins and trying the candidates in
    order from where the last match ended is what a search does. The candidates
    of the last text are kept, as the same article is searched range by range.

    >>> scan = PrefixScan(["briefings?", "closed[- ]door"], before=r"(?<![\\w])")
    >>> [m.span() for m in scan.finditer("A closed-door Briefing, two briefings.")]
    [(2, 13), (14, 22), (28, 37)]
    """

    __slots__ = ("_last_starts", "_last_text", "caseless", "prefixes")

    def __init__(
        self, alternatives: list[str], *, before: str = "", after: str = "", longest: int = 12
    ) -> None:
        self.caseless = Caseless(before + "(?:" + "|".join(alternatives) + ")" + after)
        # Shortened to ``longest`` characters, prefixes are fewer (fewer scans), candidates more.
        prefixes = {literal_prefix(a)[:longest] for a in alternatives}
        # An alternative without a literal start could match anywhere: no shortcut then.
        # A prefix that begins with another adds no candidate ("reported to " after "reported ").
        kept = [p for p in prefixes if not any(q != p and p.startswith(q) for q in prefixes)]
        self.prefixes = sorted(kept) if alternatives and all(prefixes) else []
        self._last_text = ""
        self._last_starts: list[int] = []

    def _starts(self, low: str) -> list[int]:
        if low is not self._last_text:
            self._last_text, self._last_starts = low, literal_starts(low, self.prefixes)
        return self._last_starts

    def finditer(self, text: str, pos: int = 0, endpos: int = _MAX) -> list[re.Match[str]]:
        low = lowered(text)
        if low is None or not self.prefixes:
            return list(self.caseless.finditer(text, pos, endpos))
        # Every match is non-empty: it holds a prefix.
        return matches_from(self.caseless.fast, low, self._starts(low), pos, endpos)

    def search(self, text: str, pos: int = 0, endpos: int = _MAX) -> re.Match[str] | None:
        low = lowered(text)
        if low is None or not self.prefixes:
            return self.caseless.search(text, pos, endpos)
        fast = self.caseless.fast
        starts = self._starts(low)
        for i in range(bisect.bisect_left(starts, pos), len(starts)):
            if starts[i] >= endpos:
                break
            m = fast.match(low, starts[i], endpos)
            if m is not None:
                return m
        return None
