"""Take page furniture out of a raw article and normalise its whitespace.

``clean(raw)`` keeps ``raw`` untouched and returns the cleaned ``text`` with
``raw_offsets``: for every character of ``text`` the index in ``raw`` it came
from. Non-space characters are never rewritten, only dropped, so
``raw[raw_offsets[i]] == text[i]`` holds for every non-space ``text[i]``.

What is removed (the lists live in ``data/furniture.yaml``):

* link lists under a header ("You may also like", "Most Commented",
  "Related Article"): the header and the headlines under it, up to a blank
  line or a line of prose;
* comment and login boxes at the end ("Log in to Twitter or Facebook account
  to connect", "To write comments, please log in", "Standards Board Policy
  (0/250자)"): from the first such line on, everything that is not a prose
  paragraph;
* share bars and font-size menus ("print dictionary print", "A A A");
* breadcrumbs ("Home > National > North Korea");
* a leading " date 2025-04-30 Photo : YONHAP News" line. The date goes from
  the text but stays in ``raw``: ``metadata`` reads it there;
* a headline printed again below the breadcrumb, a caption printed twice in a
  row, and a short line repeating the programme tag of the title
  ("News Today" under "[News Today] ...");
* short stray UI strings in another script in a Latin-script article.

Captions are kept, one copy each, credit included ("... [YONHAP]"): they name
people and organisations (a delegation head, a photographed daughter) that
the prose does not, and the gold annotation counts them. ``caption_spans``
tells later stages where captions are so they can treat them as captions
(a "[YONHAP]" credit is not the outlet of the article).

Whitespace: runs of spaces, tabs and non-breaking spaces become one space
(mapped to the run's first character); zero-width characters vanish; lines are
stripped; consecutive lines are joined with "\\n", lines separated by blank or
dropped lines with "\\n\\n" (a paragraph break).

Glued sentences get a space, mapped to the raw character that follows it::

    >>> clean("died in the battles.Han Ji-ho has more.Report: The").text
    'died in the battles. Han Ji-ho has more. Report: The'
    >>> clean("roughly 600 have been killed.”The NIS").text
    'roughly 600 have been killed.” The NIS'
    >>> clean("the U.S.Army and Service(NIS) believes").text
    'the U.S.Army and Service (NIS) believes'

("U.S." is left alone: an upper-case letter before the full stop marks an
abbreviation, not a sentence end.)
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any, Final

import yaml

from archive.extraction.types import CleanedText

_DATA = Path(__file__).parent / "data" / "furniture.yaml"

# Horizontal whitespace (collapsed to one space) and invisible characters (dropped).
_WS_CHARS = " \t\f\v\r\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_ZW_CHARS = "\u200b-\u200d\u2060\ufeff\u00ad"
_ZW_CHARS_LITERAL = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_SPACES_2000 = "".join(map(chr, range(0x2000, 0x200B)))  # en quad .. hair space
_STRIP = " \t\f\v\r\u00a0\u1680\u202f\u205f\u3000" + _SPACES_2000 + _ZW_CHARS_LITERAL
_COLLAPSE = re.compile(f"[{_WS_CHARS}{_ZW_CHARS}]+")
# What _COLLAPSE would change: a whitespace or invisible character other than a plain
# space, or a plain space followed by another one. Most lines have neither (single
# spaces only), and a search for these is 10x cheaper than a ``sub`` that rewrites
# every single space with itself.
_ODD_SPACE = re.compile(f"[{_WS_CHARS.replace(' ', '')}{_ZW_CHARS}]")

# Edits inside a kept line, found in one pass. "ws": a whitespace run other than
# one plain space (single spaces, the vast majority, are left alone: speed).
# "glue": a sentence end glued to the next sentence; a space goes after the match.
# Each glue branch starts with a literal character so the scan stays cheap.
_EDITS = re.compile(
    # A leading character-class lookahead lets the regex engine skip to candidate
    # characters (3x faster than trying every branch at every position).
    f"(?=[ {_WS_CHARS.replace(' ', '')}{_ZW_CHARS}.!?\\](])"
    f"(?:(?P<ws> [{_WS_CHARS}{_ZW_CHARS}]+"
    f"|[{_WS_CHARS.replace(' ', '')}{_ZW_CHARS}][{_WS_CHARS}{_ZW_CHARS}]*)"
    "|(?P<glue>"
    # "battles.Kim", "2024.The", "Wednesday.[Sound bite": a sentence end after a
    # lower-case letter or digit (not "U.S.Army": upper case before the stop).
    # "killed.”The", "said.\"The": the closing quote belongs to the sentence before.
    r"[.!?](?<=[a-z0-9)\]][.!?])[”’\"]?(?=[A-Z\[“‘])"
    r"|[.!?][”’\"](?=[A-Z\[“‘])"
    # "(Korean-English)]“North": a bracketed tag glued to the next sentence.
    r"|\](?=[“‘A-Z])"
    ")"
    # "Service(NIS)": an acronym in brackets glued to the name it abbreviates;
    # the space goes before the bracket.
    r"|(?P<paren>\((?<=[a-z]\()(?=[A-Z]{2,}\))))"
)

# _EDITS without the whitespace branches, for a line with no whitespace to rewrite (most
# lines: see _ODD_SPACE). It starts with a consumed character class, which the regex
# engine scans for in C; a pattern starting with a lookahead (as _EDITS does) is entered
# at every position instead. Each branch checks the consumed character with a lookbehind,
# in the order of _EDITS, so both find the same glue and paren edits.
_GLUE_OR_PAREN = re.compile(
    r"[.!?\](](?:(?<=[a-z0-9)\]][.!?])[”’\"]?(?=[A-Z\[“‘])|(?<=[.!?])[”’\"](?=[A-Z\[“‘])|(?<=\])(?=[“‘A-Z])"
    r"|(?<=[a-z]\()(?=[A-Z]{2,}\)))"
)

# " date 2025-04-30 " at the head of the first line (scraper furniture).
_LEADING_DATE = re.compile(r"date\s*[:=]?\s*\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?\s*", re.I)
# A photo credit trailing the leading date line: "Photo : YONHAP News".
_TRAILING_PHOTO = re.compile(r"\s*\b(?:photo|image)\s*[:=]\s*\S[^\n]{0,60}$", re.I)
# "Home > National > North Korea": two or more short segments joined by > or ›.
_CRUMB = r"[A-Z0-9][\w&'’-]*(?: [A-Za-z0-9&][\w&'’-]*){0,3}"  # one to four words, no punctuation
_BREADCRUMB = re.compile(f"{_CRUMB}(?:\\s*[>›»]\\s*{_CRUMB}){{1,6}}")
# A bracketed programme tag in a title: "[News Today] ...".
_TAG = re.compile(r"\[([^\]\n]{2,40})\]")
# Prose: a line that ends a sentence (full stop, possibly inside quotes/brackets).
_PROSE_END = re.compile(r"[.!?…][”’\"')\]]*$")
# _PROSE_END's two classes, for _is_prose.
_SENTENCE_ENDS = ".!?…"
_CLOSERS = "”’\"')]"
# Letters of scripts other than Latin that UI widgets leak (Hangul, CJK, kana).
_OTHER_SCRIPT = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u4e00-\u9fff\uac00-\ud7af]")
# Every byte but the ASCII letters: deleting them from the ASCII part of a text leaves its
# Latin letters ("[A-Za-z]"), counted in C without a match object per letter (see _latin_count).
_NOT_ASCII_LETTERS = bytes(c for c in range(128) if not chr(c).isalpha())
# A caption's photo credit at the end of a line: "[YONHAP]", "[TASS]", "[SCREEN CAPTURE]".
CAPTION_CREDIT = re.compile(r"\[(?:[A-Z][A-Z .&/-]{1,40}|[A-Z][a-z]+(?: [A-Z][a-z]+)?)\]\s*$")


@cache
def _furniture() -> dict[str, Any]:
    with _DATA.open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return {
        "drop_lines": frozenset(s.casefold() for s in data["drop_lines"]),
        "drop_patterns": re.compile("(?:" + "|".join(data["drop_patterns"]) + r")\Z", re.I),
        "ui_words": frozenset(s.casefold() for s in data["ui_words"]),
        "list_headers": frozenset(s.casefold() for s in data["list_headers"]),
        "tail_markers": re.compile("(?:" + "|".join(data["tail_markers"]) + ")", re.I),
    }


# Offsets past this are made by ``range`` (so a huge text leaves no huge table behind).
_INDEX_LIMIT: Final = 1 << 17


class _IndexTable:
    """Shared int objects for the offsets ``0 .. n - 1``, grown on demand.

    An offset map holds one int per character of the text; ints above 256 are a new
    object each time ``range`` yields them. Slicing a tuple of ints made once only
    takes references to existing objects: no allocation, and nothing to free when
    the offset tuple goes (clean() spent a quarter of its time on these ints).
    """

    def __init__(self) -> None:
        self.ints: tuple[int, ...] = ()

    def extend(self, offsets: list[int], a: int, b: int) -> None:
        """``offsets.extend(range(a, b))``."""
        ints = self.ints
        if b > len(ints):
            if b > _INDEX_LIMIT:
                offsets.extend(range(a, b))
                return
            size = max(4096, len(ints))
            while size < b:
                size *= 2
            ints = self.ints = tuple(range(min(size, _INDEX_LIMIT)))
        offsets.extend(ints[a:b])


_INDEX = _IndexTable()


def _latin_count(text: str) -> int:
    """How many characters of ``text`` are ASCII letters (``len(re.findall("[A-Za-z]", text))``)."""
    return len(text.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTERS))


def _norm(line: str, odd_space: bool = True) -> str:
    """Collapse whitespace and case-fold: the key under which lines are compared.

    ``odd_space=False`` says the text has no ``_ODD_SPACE`` character at all.
    """
    if "  " in line or (odd_space and _ODD_SPACE.search(line)):
        line = _COLLAPSE.sub(" ", line)
    return line.strip().casefold()


def _is_ui_line(key: str, ui_words: frozenset[str]) -> bool:
    # At most 9 pieces: a ninth means more than 8 words (a prose line is not split to the end).
    words = key.split(None, 8)
    return bool(words) and len(words) <= 8 and all(w in ui_words for w in words)


def _is_prose(line: str) -> bool:
    """``_PROSE_END.search(line)`` for a line without a newline, by string methods.

    The closers after the full stop are the trailing ones: the character before
    them decides (a regex search would try every full stop of the line).
    """
    body = line.rstrip(_CLOSERS)
    return bool(body) and body[-1] in _SENTENCE_ENDS


def clean(raw: str) -> CleanedText:
    """Return ``raw`` without page furniture, with an exact offset map.

    >>> c = clean(" date 2025-04-30 Photo : YONHAP News\\n\\nAnchor: The NIS said.")
    >>> c.text
    'Anchor: The NIS said.'
    >>> c.raw[c.raw_offsets[0]]
    'A'
    >>> clean("Headline\\n\\nHome > World > Asia\\n\\nHeadline\\n\\nBody text.").text
    'Headline\\n\\nBody text.'
    """
    f = _furniture()
    drop_lines: frozenset[str] = f["drop_lines"]
    drop_patterns: re.Pattern[str] = f["drop_patterns"]
    ui_words: frozenset[str] = f["ui_words"]
    list_headers: frozenset[str] = f["list_headers"]
    tail_markers: re.Pattern[str] = f["tail_markers"]

    # The article's script: stray Hangul UI strings are only furniture in a Latin text.
    # Computed on first need (most articles never need it).
    latin_article: bool | None = None
    # Whether any line can hold whitespace other than plain spaces: one scan of the whole
    # text, instead of one per line in each pass (most articles have none).
    odd_space = _ODD_SPACE.search(raw) is not None

    # Pass 1: decide which (part of each) line to keep.
    kept: list[tuple[int, int, bool]] = []  # (start, end, blank or dropped lines before it)
    first_key: str | None = None
    title_tags: set[str] = set()
    prev_key: str | None = None
    in_list = False
    in_tail = False
    gap = False
    pos = 0
    n = len(raw)
    first_line = True
    while pos <= n:
        nl = raw.find("\n", pos)
        line_end = n if nl < 0 else nl
        a, b = pos, line_end
        line = raw[a:b]
        stripped = line.strip(_STRIP)
        if stripped:
            a += len(line) - len(line.lstrip(_STRIP))
            b = a + len(stripped)
        keep = bool(stripped)
        if first_line and keep:
            # Leading " date 2025-04-30 ..." furniture: drop the date (and a photo credit).
            m = _LEADING_DATE.match(raw, a, b)
            if m:
                a = m.end()
                pm = _TRAILING_PHOTO.search(raw, a, b)
                if pm:
                    b = pm.start()
                keep = a < b
                if keep:
                    stripped = raw[a:b]
        if keep:
            first_line = False
            # Long lines are prose: only short ones need the comparison key (speed).
            key = _norm(stripped, odd_space) if len(stripped) <= 300 else stripped
            if in_tail:
                # Inside a comment box only a real paragraph survives.
                keep = len(key) >= 100 and _is_prose(stripped)
            elif tail_markers.match(key):
                in_tail = True
                keep = False
            elif key in list_headers or key.rstrip(":") in list_headers:
                in_list = True
                keep = False
            elif in_list and not _is_prose(stripped):
                keep = False  # a headline in a link list
            elif (
                key in drop_lines
                or drop_patterns.match(key)
                or _is_ui_line(key, ui_words)
                # (Every breadcrumb has a separator: a cheap test before the regex.)
                or (
                    len(key) <= 120
                    and ("›" in stripped or ">" in stripped or "»" in stripped)
                    and _BREADCRUMB.fullmatch(stripped) is not None
                )
            ):
                keep = False
            elif key == prev_key or (key == first_key and len(key) <= 300):
                keep = False  # a caption printed twice, or the headline repeated
            elif key in title_tags:
                keep = False  # "News Today" under "[News Today] ..."
            elif (
                # (isascii() is a flag of the string: an ASCII key has no other script.)
                len(key) <= 60 and not key.isascii() and _OTHER_SCRIPT.search(key) and not _is_prose(stripped)
            ):
                if latin_article is None:
                    head = raw[:3000]
                    latin_article = _latin_count(head) > 3 * len(_OTHER_SCRIPT.findall(head))
                keep = not latin_article  # a stray UI string in another script
                if keep:
                    in_list = False
            else:
                in_list = False
            if keep:
                if first_key is None:
                    first_key = key
                    title_tags = {t.casefold().strip() for t in _TAG.findall(stripped)}
                prev_key = key
                kept.append((a, b, gap))
                gap = False
            else:
                gap = True
        else:
            gap = True
            in_list = False  # a blank line ends a link list
        if nl < 0:
            break
        pos = nl + 1

    # Pass 2: emit kept spans with whitespace normalised and glued sentences split.
    parts: list[str] = []
    offsets: list[int] = []
    for i, (a, b, gap_before) in enumerate(kept):
        if i:
            # The separator maps to the newline that ended the previous kept line
            # (there is one: a later line was kept).
            nl_at = raw.find("\n", kept[i - 1][1])
            if gap_before:
                parts.append("\n\n")
                offsets.extend((nl_at, nl_at))
            else:
                parts.append("\n")
                offsets.append(nl_at)
        cur = a
        # Without a double space or an odd whitespace character, the whitespace branches
        # of _EDITS cannot match: only glue and paren edits are left to find.
        plain = raw.find("  ", a, b) < 0 and (not odd_space or _ODD_SPACE.search(raw, a, b) is None)
        for m in (_GLUE_OR_PAREN if plain else _EDITS).finditer(raw, a, b):
            s, e = m.span()
            # Every branch begins with its own characters: "(" paren, ".!?]" glue, else white space.
            first = raw[s]
            kind = "paren" if first == "(" else "glue" if first in ".!?]" else "ws"
            if kind == "glue":
                # Keep the punctuation, then a space mapped to the next raw char.
                parts.append(raw[cur:e])
                _INDEX.extend(offsets, cur, e)
                parts.append(" ")
                offsets.append(e)
                cur = e
                continue
            if s > cur:
                parts.append(raw[cur:s])
                _INDEX.extend(offsets, cur, s)
            if kind == "paren":
                parts.append(" ")
                offsets.append(s)  # an inserted space maps to the raw char after it
                cur = s
                continue
            if raw[s:e].strip(_ZW_CHARS_LITERAL):
                parts.append(" ")
                offsets.append(s)
            cur = e
        if b > cur:
            parts.append(raw[cur:b])
            _INDEX.extend(offsets, cur, b)
    text = "".join(parts)
    return CleanedText(raw=raw, text=text, raw_offsets=tuple(offsets))


def caption_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the lines of a cleaned text that end in a photo credit.

    >>> t = "Body.\\n\\nKim waves at a crowd. [YONHAP]\\n\\nMore body."
    >>> [t[s:e] for s, e in caption_spans(t)]
    ['Kim waves at a crowd. [YONHAP]']
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if line and CAPTION_CREDIT.search(line):
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans
