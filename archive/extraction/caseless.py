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

import re
from collections.abc import Iterator
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
