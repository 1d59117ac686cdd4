"""Numeric estimates in text: values, ranges and spoken forms, with a category.

``find_figures(text, start, end)`` reads ``text[start:end]`` and returns
``Figure``s whose offsets index the whole ``text``::

    >>> [(f.category, f.value, f.approximate) for f in find_figures(
    ...     "roughly 600 soldiers have died and another four-thousand-100 have been injured")]
    [('killed', 600, True), ('wounded', 4100, False)]
    >>> [(f.category, f.low, f.high) for f in find_figures("North Korea dispatched 10,000-12,000 troops")]
    [('troops deployed', 10000, 12000)]
    >>> [(f.value, f.unit) for f in find_figures("stole an estimated 6 trillion won [$4.22 billion]")]
    [(6000000000000, 'KRW'), (4220000000, 'USD')]

Spoken forms: "Six hundred", "15-thousand", "47-hundred" (4,700),
"four-thousand-100" (4,100), "1.5 million", "a dozen". Small spelled numbers
("two") count only before a counted noun and not after "the" ("two captured
soldiers" is a figure, "the two prisoners" and "two days later" are not).

Not figures (they are numbers, but not estimates)::

    >>> find_figures("170mm guns, 155-mm shells, SA-22 missiles, a 5,000-ton destroyer, the 3rd meeting")
    ()
    >>> find_figures("since 2016, on April 30, on Jan. 11, in June 2024, aged 20, a 20-year-old, 10:30")
    ()

Percentages are kept with unit "percent" and category "other".

The category comes from context words (``data/figures.yaml``): first the
words after the number, up to the next number or the end of the sentence,
then the words before it. A participle before the head noun is an adjective:
in "2,000 injured soldiers were repatriated" the figure counts repatriations.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from archive.extraction.caseless import Caseless, lowered, matches_from
from archive.extraction.organisations import trie_regex
from archive.extraction.types import Figure

_DATA = Path(__file__).parent / "data" / "figures.yaml"

PEOPLE_CATEGORIES = frozenset(
    {
        "killed",
        "wounded",
        "casualties",
        "troops deployed",
        "captured",
        "repatriated",
        "labourers",
        "defectors",
    }
)


_EVENT_CATEGORIES = frozenset({"killed", "wounded", "casualties", "captured", "repatriated", "defectors"})


@dataclass(frozen=True)
class _Vocab:
    words: dict[str, int]  # unit and tens words -> value
    tens: frozenset[str]
    scales: dict[str, int]
    phrase: re.Pattern[str]
    token: re.Pattern[str]
    approx_before: re.Pattern[str]
    approx_after: re.Pattern[str]
    counted_nouns: frozenset[str]
    time_units: frozenset[str]
    cues: Caseless
    cue_names: dict[str, str]  # group name -> category
    troop_nouns: re.Pattern[str]
    currency_words: dict[str, str]
    currency_symbols: dict[str, str]
    month_before: re.Pattern[str]
    month_after: re.Pattern[str]
    start_literals: tuple[
        str, ...
    ]  # the number words, where a phrase that does not begin with a digit begins
    month_words: frozenset[str]  # the month names and abbreviations (month_before runs only after one)
    month_firsts: str  # their first letters (month_after runs only before one)
    month_tail: int  # longest "Month." before a number, for month_before's search start
    approx_tail: int  # longest qualifier before a number, for approx_before's search start


def _first_chars(words: list[str]) -> str:
    """A character class body: the first characters of ``words``."""
    return "".join(re.escape(c) for c in sorted({w[0] for w in words if w}))


def _alternatives_first_chars(regex: str) -> set[str]:
    """The first letter of each top-level alternative of ``regex``, in lower case.

    The category cues are plain words and groups ("killed (?:or|and) ...",
    "labou?rers"), so each top-level alternative starts with a literal letter.
    """
    firsts: set[str] = set()
    for alternative in re.split(r"\|(?![^(]*\))", regex):
        if not alternative[:1].isalpha():
            raise ValueError(f"category cue does not start with a letter: {alternative!r}")
        firsts.add(alternative[0].lower())
    return firsts


def _words_regex(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _start_literals(number_words: list[str]) -> tuple[str, ...]:
    """The lower-cased number words, without words that begin with another ("sixty": "six")."""
    words = {w.lower() for w in number_words}
    return tuple(sorted(w for w in words if not any(o != w and w.startswith(o) for o in words)))


# The first digit of a run not after a word character, full stop or comma (a consumed class first,
# so that the engine skips to digits in C); any character outside ASCII.
_DIGIT_START = re.compile(r"[0-9](?<![\w.,][0-9])")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@cache
def _vocab() -> _Vocab:
    with _DATA.open(encoding="utf-8") as fh:
        d: dict[str, Any] = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    words = {**d["units"], **d["tens"]}
    all_words = [*words, *d["scales"]]
    number_word = trie_regex(all_words)  # a trie: much faster than a flat alternation
    digits = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    tok = rf"(?:{digits}|(?:{number_word})(?![\w]))"
    # The lookahead on possible first characters lets the engine skip other positions.
    first = "".join(sorted({w[0].lower() for w in all_words} | {w[0].upper() for w in all_words}))
    # A run of number tokens joined by spaces, hyphens or "and"; parsed and split later.
    phrase = re.compile(
        rf"(?=[\d{first}])(?<![\w.,])(?:{tok})(?:(?:\s*[-–]\s*|\s+and\s+|\s+)(?:{tok}))*", re.I
    )
    token = re.compile(rf"{digits}|{number_word}", re.I)
    cue_names: dict[str, str] = {}
    branches = []
    for i, (category, regex) in enumerate(d["categories"]):
        cue_names[f"c{i}"] = category
        branches.append(rf"(?P<c{i}>{regex})")
    months = _words_regex(d["months"])
    cue_first = "".join(
        sorted({c for _category, regex in d["categories"] for c in _alternatives_first_chars(regex)})
    )
    return _Vocab(
        words={k.lower(): v for k, v in words.items()},
        tens=frozenset(d["tens"]),
        scales={k.lower(): v for k, v in d["scales"].items()},
        phrase=phrase,
        token=token,
        # These two are searched for at the end of a short window before each
        # number: the lookahead on possible first characters makes the other
        # positions cheap.
        approx_before=re.compile(
            rf"(?=[{_first_chars(d['approximate_before'])}])(?<![\w])"
            rf"(?:{_words_regex(d['approximate_before'])})\s*\Z",
            re.I,
        ),
        # Used with .match (anchored where it starts), on a window or at a position of the text.
        approx_after=re.compile(r"(?:\s+or so|\s+or more|-plus|\+|\s+odd)(?![\w])", re.I),
        counted_nouns=frozenset(w.lower() for w in d["counted_nouns"]),
        time_units=frozenset(w.lower() for w in d["time_units"]),
        # Scanned over every figure's context: the lookahead on the cues' first
        # letters rejects most word starts before the long alternation is tried.
        cues=Caseless(rf"(?<![\w-])(?=[{cue_first}])(?:" + "|".join(branches) + r")(?![\w-])"),
        cue_names=cue_names,
        troop_nouns=re.compile(rf"(?<![\w-])(?:{d['troop_nouns']})(?![\w-])", re.I),
        currency_words=d["currency_words"],
        currency_symbols=d["currency_symbols"],
        month_before=re.compile(rf"(?=[{_first_chars(d['months'])}])(?<![\w])(?:{months})\.?\s*\Z"),
        month_after=re.compile(rf"\A\s+(?:{months})(?![\w])"),
        start_literals=_start_literals(all_words),
        month_words=frozenset(d["months"]),
        month_firsts="".join(sorted({m[0] for m in d["months"]})),
        month_tail=max(len(m) for m in d["months"]) + 1,
        approx_tail=max(len(w) for w in d["approximate_before"]),
    )


class _Item:
    """One number of a phrase (a plain class: cheaper to make than a dataclass)."""

    __slots__ = ("end", "has_scale", "plain_digits", "start", "value", "words_only")

    def __init__(
        self, value: float, start: int, end: int, has_scale: bool, words_only: bool, plain_digits: str
    ) -> None:
        self.value = value
        self.start = start
        self.end = end
        self.has_scale = has_scale
        self.words_only = words_only  # spelled out without digits or scale ("two", "twenty-five")
        self.plain_digits = plain_digits  # the digits when the item is one digit token ("2024"), else ""


def _parse(text: str, start: int, end: int, v: _Vocab) -> list[_Item]:
    """Split a phrase of number tokens into numbers.

    "four-thousand-100" is one number (4,100); "10,000-12,000" is two (a range
    is recognised later); "twenty five" is one (25).
    """
    items: list[_Item] = []
    total = current = 0.0
    cur_start = -1
    cur_end = -1
    has_scale = False
    words_only = True
    last: str | None = None  # "num", "tens", "scale"
    tokens = 0
    digit_text = ""

    def close() -> None:
        if cur_start >= 0:
            plain = digit_text if tokens == 1 and not has_scale else ""
            items.append(
                _Item(total + current, cur_start, cur_end, has_scale, words_only and not has_scale, plain)
            )

    for m in v.token.finditer(text, start, end):
        word = m.group().lower()
        is_digit = word[0].isdigit()
        if word in v.scales:
            scale = v.scales[word]
            if cur_start < 0:
                cur_start = m.start()
            if scale == 100:
                current = (current or 1.0) * 100
            else:
                total += (current or 1.0) * scale
                current = 0.0
            has_scale = True
            last = "scale"
        else:
            value = float(word.replace(",", "")) if is_digit else float(v.words[word])
            continues = last == "scale" or (last == "tens" and not is_digit and value < 10)
            if cur_start >= 0 and not continues:
                close()
                total = current = 0.0
                has_scale = False
                words_only = True
                tokens = 0
                cur_start = -1
            if cur_start < 0:
                cur_start = m.start()
            current += value
            words_only = words_only and not is_digit
            digit_text = word if is_digit else ""
            last = "tens" if word in v.tens else "num"
        tokens += 1
        cur_end = m.end()
    close()
    return items


def _sentence_bounds(text: str, lo: int, hi: int, pos: int) -> tuple[int, int]:
    s = max(text.rfind(". ", lo, pos), text.rfind("\n", lo, pos), text.rfind("? ", lo, pos))
    s = lo if s < 0 else s + 1
    e_candidates = [
        i for i in (text.find(". ", pos, hi), text.find("\n", pos, hi), text.find("? ", pos, hi)) if i >= 0
    ]
    e = min(e_candidates) if e_candidates else hi
    return s, e


def _categorise(text: str, f0: int, f1: int, b0: int, b1: int, v: _Vocab) -> str | None:
    """The category of a figure from the cue words after it (text[f0:f1]), else before it (text[b0:b1]).

    The windows are searched in the text itself (its lower-case copy is shared by
    every search) rather than in copies. That finds what a search of the copies
    would, as long as no cue could begin at a window's start right after a word
    character or hyphen (which the text shows and a copy hides): after a figure
    comes no letter (see _judge), and a window before it that starts after a
    word character is searched as a copy.
    """
    cues = [(m, v.cue_names[m.lastgroup or ""]) for m in v.cues.finditer(text, f0, f1)]
    if cues:
        first, category = cues[0]
        # "2,000 injured soldiers were repatriated": a participle before the
        # people noun is an adjective; the predicate after it decides.
        if (
            len(cues) > 1
            and category in {"wounded", "killed", "captured"}
            and first.group().lower().endswith("ed")
        ):
            between = text[first.end() : cues[1][0].start()]
            if v.troop_nouns.search(between):
                return cues[1][1]
        if category == "labourers":
            # "a dozen IT workers had been caught": what happened to them, not who they are.
            events = [c for _m, c in cues[1:] if c in _EVENT_CATEGORIES]
            if events:
                return events[0]
        return category
    after_word = b0 > 0 and (text[b0 - 1].isalnum() or text[b0 - 1] in "_-")
    found = v.cues.finditer(text[b0:b1]) if after_word else v.cues.finditer(text, b0, b1)
    back = [v.cue_names[m.lastgroup or ""] for m in found]
    if back:
        return back[-1]
    if v.troop_nouns.search(text[f0 : min(f1, f0 + 60)]):
        return "troops deployed"
    return None


_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_ASCII_LETTERS = string.ascii_letters

# Patterns used per figure, compiled once (a re.match(str, ...) per call costs
# a cache lookup that outweighs the match itself on these short windows).
# "between $50 million and $80 million": the second bound may repeat the currency symbol.
_RANGE_DASH = re.compile(r"\s*(?:[-–—~]|to)\s*(?:US\$|\$|₩|€|¥)?")
_RANGE_AND = re.compile(r"\s+and\s+(?:US\$|\$|₩|€|¥)?")
_CLOCK_AFTER = re.compile(r"\s*[ap]\.m\.|\s*o['’]clock", re.I)
_HYPHEN_WORD_AFTER = re.compile(r"-[A-Za-z]")
_MODEL_BEFORE = re.compile(r"[A-Za-z][-–]\Z|[A-Za-z]\Z|No\.\s*\Z|#\Z|\d:\Z")
_AGE_BEFORE = re.compile(r"(?<![\w])(?:aged?|ages)\s*\Z", re.I)
_AGE_AFTER = re.compile(r"\s+years?\s+old", re.I)
_SYMBOL_BEFORE = re.compile(r"(US\$|\$|₩|€|¥)\s*\Z")
_SYMBOL_LAST = ("$", "₩", "€", "¥")  # the last character of each symbol above
_DETERMINER_BEFORE = re.compile(r"(?<![\w])(?:the|these|those|its|their|both|all|his|her|our)\s+\Z", re.I)
_PERCENT_AFTER = re.compile(r"\s*(?:%|percent|per cent)", re.I)
_ARTICLE_BEFORE = re.compile(r"(?<![\w])an?\s+\Z", re.I)
_NEXT_WORD = re.compile(r"\s+\w+")
# The lookahead on the first characters lets the engine skip other positions cheaply.
_NEXT_NUMBER = re.compile(
    r"(?=[\dOoTtFfSsEeNnHh])"
    r"(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand)\b)",
    re.I,
)


def _last_letters(before: str, tail: int) -> str:
    """The ASCII letters that end ``before[:tail]``, a full stop after them set aside ("Jan." -> "Jan").

    A month name matched at the end of the window is exactly this run (the run
    cannot be longer: the month follows a non-word character).
    """
    t = before[: tail - 1] if before[tail - 1 : tail] == "." else before[:tail]
    return t[len(t.rstrip(_ASCII_LETTERS)) :]


def _next_words(text: str, pos: int, hi: int, n: int) -> list[str]:
    return _WORD.findall(text, pos, min(hi, pos + 15 * n))[:n]


def _scaled_like(first: _Item, second: _Item, text: str, v: _Vocab) -> float:
    """The low end of a range whose scale word is written once, after the high end.

    >>> [(f.low, f.high) for f in find_figures("earned $5-8 million")]
    [(5000000, 8000000)]
    >>> [(f.low, f.high) for f in find_figures("10,000-12,000 troops")]
    [(10000, 12000)]
    """
    if first.has_scale or not second.has_scale:
        return first.value
    words = text[second.start : second.end].lower().split()
    factor = v.scales.get(words[-1]) if words else None
    if factor and first.value * factor <= second.value:
        return first.value * factor
    return first.value


class _Starts:
    """Where a number can begin in the last text asked about (None: scan instead)."""

    def __init__(self) -> None:
        self.text = ""
        self.starts: list[int] | None = None


_last_starts = _Starts()


def _number_starts(text: str, v: _Vocab) -> list[int] | None:
    """Every position of ``text`` where a number phrase can begin, in order; None if unsure.

    A phrase begins, after no word character, full stop or comma, with a digit
    or a number word in any case. So the first digits of digit runs and the
    places where a lower-cased number word follows such a character hold every
    beginning (and a few more, which the phrase pattern then rejects). That holds
    when lower-casing is exact for case-insensitive matching (see
    caseless.lowered) and the only digits are ASCII ones (the pattern's "\\d"
    takes any decimal digit): otherwise None. Found once per article (number
    words with str.find, a fast scan in C); each claim looks its own range up.
    """
    if text is _last_starts.text:
        return _last_starts.starts
    low = lowered(text)
    starts: list[int] | None = None
    if low is not None and (text.isascii() or not any(ch.isdecimal() for ch in _NON_ASCII.findall(text))):
        found = [m.start() for m in _DIGIT_START.finditer(text)]
        for literal in v.start_literals:
            at = low.find(literal)
            while at >= 0:
                if at == 0 or not (low[at - 1].isalnum() or low[at - 1] in "_.,"):
                    found.append(at)
                at = low.find(literal, at + 1)
        starts = sorted(found)
    _last_starts.text, _last_starts.starts = text, starts
    return starts


def _phrases(text: str, start: int, hi: int, v: _Vocab) -> list[re.Match[str]]:
    """``v.phrase.finditer(text, start, hi)``, trying the pattern only where a number can begin."""
    starts = _number_starts(text, v)
    if starts is None:
        return list(v.phrase.finditer(text, start, hi))
    return matches_from(v.phrase, text, starts, start, hi)  # (a phrase is never empty)


def find_figures(text: str, start: int = 0, end: int | None = None) -> tuple[Figure, ...]:
    """Numeric estimates in ``text[start:end]``, offsets into ``text``.

    >>> t = "Of those deployed, about 4,700 are believed to have been killed or injured."
    >>> [(f.category, f.value, f.approximate, f.text) for f in find_figures(t)]
    [('casualties', 4700, True, 'about 4,700')]
    >>> [(f.category, f.value) for f in find_figures("Ukraine captured two North Korean soldiers.")]
    [('captured', 2)]
    """
    v = _vocab()
    hi = len(text) if end is None else min(end, len(text))
    kept: list[tuple[_Item, str | None, str]] = []  # (item, currency, unit hint)
    for pm in _phrases(text, start, hi, v):
        for item in _parse(text, pm.start(), pm.end(), v):
            verdict = _judge(text, start, hi, item, v)
            if verdict is not None:
                kept.append((item, *verdict))

    figures: list[Figure] = []
    i = 0
    while i < len(kept):
        item, currency, hint = kept[i]
        low = high = None
        last = item
        if i + 1 < len(kept):
            nxt = kept[i + 1][0]
            gap = text[item.end : nxt.start]
            before = text[max(start, item.start - 10) : item.start].lower()
            bare_before = before.rstrip(" $₩€¥us")  # before is lower-cased ("us$")
            is_dash = _RANGE_DASH.fullmatch(gap) and not bare_before.endswith("from")
            is_between = _RANGE_AND.fullmatch(gap) and bare_before.endswith("between")
            if (is_dash or is_between) and nxt.value > item.value:
                low, high, last = round(_scaled_like(item, nxt, text, v)), round(nxt.value), nxt
                currency = currency or kept[i + 1][1]
                hint = kept[i + 1][2]
                i += 1
        i += 1
        figures.append(_figure(text, start, hi, item, last, low, high, currency, hint, v))
    return tuple(figures)


def _judge(text: str, lo: int, hi: int, item: _Item, v: _Vocab) -> tuple[str | None, str] | None:
    """Return (currency, unit hint) for a real estimate, None for a non-figure."""
    s, e = item.start, item.end
    after = text[e : min(hi, e + 40)]
    before = text[max(lo, s - 40) : s]
    first = after[:1]
    if first.isalpha() or (first == ":" and after[1:2].isdigit()):
        return None  # "170mm", "3rd", "10:30"
    # Each pattern below runs only where a character test says it could match
    # (a superset of its matches), so the answers are those of running them all.
    lead = after.lstrip()[:1]  # the first character after the white space (what \s* skips)
    if lead and lead in "apoAPO" and _CLOCK_AFTER.match(after):
        return None
    if first == "-" and _HYPHEN_WORD_AFTER.match(after) and not v.approx_after.match(after):
        return None  # "5,000-ton", "155-mm", "20-year-old"
    # The "before" patterns end in \s*\Z: searching only from where their longest
    # word could start ("No." 3, "aged" 4, "US$" 3, "these" 5) skips ~35 positions
    # of the window (same matches: lookbehinds still see the characters before).
    tail = len(before.rstrip())
    last = before[tail - 1 : tail]  # the last character before the white space
    if (
        last
        and ((last.isascii() and last.isalpha()) or last in "-–#:.")
        and _MODEL_BEFORE.search(before, max(0, tail - 3))
    ):
        return None  # model numbers "SA-22", "No. 3"; the minutes of "10:30"
    if (
        _last_letters(before, tail) in v.month_words
        and v.month_before.search(before, max(0, tail - v.month_tail))
    ) or (first.isspace() and lead in v.month_firsts and v.month_after.match(after)):
        return None  # "April 30", "Jan. 11", "June 2024", "30 April"
    if ("ag" in before[max(0, tail - 4) : tail].lower() and _AGE_BEFORE.search(before, max(0, tail - 4))) or (
        first.isspace() and _AGE_AFTER.match(after)
    ):
        return None  # ages
    next_words = [w.lower() for w in _next_words(text, e, hi, 4)]
    # _SPACE_WORD_AFTER.match(after), by character tests ("\s+[A-Za-z]")
    first_next = next_words[0] if next_words and first.isspace() and lead.isascii() and lead.isalpha() else ""
    if first_next in v.time_units:
        return None  # "two days after", "3 years"
    currency: str | None = None
    symbol = (
        _SYMBOL_BEFORE.search(before, max(0, tail - 3)) if before[tail - 1 : tail] in _SYMBOL_LAST else None
    )
    if symbol:
        currency = v.currency_symbols[symbol.group(1)]
    elif first_next in v.currency_words or first_next.upper() in v.currency_words:
        currency = v.currency_words.get(first_next) or v.currency_words[first_next.upper()]
    counted = any(w in v.counted_nouns for w in next_words[:4])
    is_year = (
        len(item.plain_digits) == 4 and item.plain_digits.isdigit() and 1800 <= int(item.plain_digits) <= 2100
    )
    if is_year and not (next_words and next_words[0] in v.counted_nouns):
        return None  # a year: "since 2016", "the 2024 treaty"
    if item.words_only and not currency:
        if item.value < 2 or not counted:
            return None  # "one of", "two days", "the two countries"
        if _DETERMINER_BEFORE.search(before, max(0, tail - 5)):
            return None  # "the two prisoners" refers back; it is not an estimate
    if lead and lead in "%pP" and _PERCENT_AFTER.match(after):
        return None if currency else (None, "percent")
    return currency, first_next


def _figure(
    text: str,
    lo: int,
    hi: int,
    first: _Item,
    last: _Item,
    low: int | None,
    high: int | None,
    currency: str | None,
    hint: str,
    v: _Vocab,
) -> Figure:
    start, end = first.start, last.end
    # "a dozen", "a hundred": the article belongs to the number.
    a_match = None if text[start].isdigit() else _ARTICLE_BEFORE.search(text[max(lo, start - 4) : start])
    if a_match:
        start -= len(a_match.group())
    window = text[max(lo, start - 4) : start]
    # Every currency symbol ends in one of these; most numbers have none before them.
    symbol = _SYMBOL_BEFORE.search(window) if window.rstrip()[-1:] in _SYMBOL_LAST else None
    if symbol:
        start -= len(symbol.group())
    if currency and not symbol:
        m = _NEXT_WORD.match(text, end, hi)
        if m:
            end = m.end()
    approximate = False
    # Searched only from where the longest qualifier could start before the trailing
    # white space (same matches: the lookbehind still sees the characters before).
    pos = max(lo, start - 25)
    pos += max(0, len(text[pos:start].rstrip()) - v.approx_tail)
    qual = v.approx_before.search(text, pos, start)
    if qual:
        approximate = True
        start = qual.start()
    post = v.approx_after.match(text, end, hi)
    if post:
        approximate = True
        end = post.end()
    sent_s, sent_e = _sentence_bounds(text, lo, hi, first.start)
    # The words after the figure up to the next number (no letter follows a figure, so
    # a search from its end finds the same next number as a search of a copy would).
    nxt = _NEXT_NUMBER.search(text, last.end, sent_e)
    forward_end = nxt.start() if nxt else sent_e
    if currency:
        category, unit = "money", currency
    elif hint == "percent":
        category, unit = "other", "percent"
    else:
        category = _categorise(text, last.end, forward_end, sent_s, start, v) or "other"
        if category in PEOPLE_CATEGORIES:
            unit = "people"
        elif category == "incidents":
            unit = "incidents"
        elif category == "munitions":
            unit = "items"
        else:
            unit = hint
    value = None if low is not None else round(first.value)
    return Figure(
        category=category,
        value=value,
        low=low,
        high=high,
        approximate=approximate,
        unit=unit,
        text=text[start:end],
        start=start,
        end=end,
    )
