"""Numbers in text, each with the category its own clause gives it, its bound and what it counts.

``find_figures(text, start, end)`` reads ``text[start:end]`` and returns
``Figure``s whose offsets index the whole ``text``::

    >>> [(f.category, f.value, f.bound) for f in find_figures(
    ...     "roughly 600 soldiers have died and another four-thousand-100 have been injured")]
    [('killed', 600, 'about'), ('wounded', 4100, 'exact')]
    >>> [(f.category, f.low, f.high) for f in find_figures("North Korea dispatched 10,000-12,000 troops")]
    [('troops deployed', 10000, 12000)]
    >>> [(f.value, f.unit) for f in find_figures("stole an estimated 6 trillion won [$4.22 billion]")]
    [(6000000000000, 'KRW'), (4220000000, 'USD')]

Forms: digits with commas and decimals ("2.5 million", "12.3 percent",
"$1.16 billion"; values are whole numbers, the text keeps the decimals),
"Six hundred", "15-thousand", "47-hundred" (4,700), "four-thousand-100"
(4,100), "a dozen". Small spelled numbers ("two") count only before a counted
noun and not after "the" ("two captured soldiers" is a figure, "the two
prisoners" and "two days later" are not).

Bounds (``data/figures.yaml``): "more than 600" is at least 600, "up to 600"
at most, "nearly 600" just under, "about 600" about; a bare number is exact.

Not figures (they are numbers, but not counts or estimates)::

    >>> find_figures("170mm guns, 155-mm shells, SA-22 missiles, a 5,000-ton destroyer, the 3rd meeting")
    ()
    >>> find_figures("since 2016, on April 30, on Jan. 11, in June 2024, aged 20, a 20-year-old, 10:30")
    ()

The category comes from the number's own clause, in this order: the counted
noun itself ("600 deaths", "20,000 shells"); the words after it up to the
next number or the end of the clause ("600 soldiers were killed and 2,000
wounded"); adjectives before the noun ("three captured soldiers"); the last
cue before the number in its clause ("Pyongyang deployed 9,000 troops");
a troop noun alone means troops deployed. A cue in another clause
(after "; " or ", and", ", but", ", including" ...) does not count.
Measures (kilograms, kilometres, days), percentages and what the data calls
open categories (executed, weight ...) are kept with category "other" and a
``label`` naming what they measure; otherwise ``label`` holds the counted
noun in the article's words ("training sites").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml

from archive.extraction.types import FIGURE_BOUNDS, Figure

_DATA = Path(__file__).parent / "data" / "figures.yaml"

_WINDOW = 250  # how far a cue may be from its number, in characters (keeps every search linear)


@dataclass(frozen=True)
class _Vocab:
    words: dict[str, int]  # unit and tens words -> value
    tens: frozenset[str]
    scales: dict[str, int]
    phrase: re.Pattern[str]
    token: re.Pattern[str]
    bounds_before: dict[str, str]  # qualifier -> bound
    bound_before: re.Pattern[str]
    bounds_after: dict[str, str]
    bound_after: re.Pattern[str]
    counted_nouns: frozenset[str]
    idiom_nouns: frozenset[str]
    phrase_stops: frozenset[str]
    time_units: frozenset[str]
    time_references: frozenset[str]
    measures: dict[str, tuple[str, str]]  # unit word -> (label, unit)
    not_figure_units: frozenset[str]
    name_words: frozenset[str]
    cues: re.Pattern[str]
    cue_names: dict[str, tuple[str, bool]]  # group name -> (category, open)
    troop_nouns: re.Pattern[str]
    people_categories: frozenset[str]
    item_categories: frozenset[str]
    incident_categories: frozenset[str]
    event_categories: frozenset[str]
    currency_words: dict[str, str]
    currency_symbols: dict[str, str]
    clause_end: re.Pattern[str]
    month_before: re.Pattern[str]
    month_after: re.Pattern[str]


def _alternation(words: list[str]) -> str:
    """A regex matching any of ``words`` (longest first, so "more than" wins over "more")."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _vocab() -> _Vocab:
    with _DATA.open(encoding="utf-8") as fh:
        d: dict[str, Any] = yaml.safe_load(fh)
    words = {**d["units"], **d["tens"]}
    number_word = _alternation([*words, *d["scales"]])
    digits = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    tok = rf"(?:{digits}|(?:{number_word})(?!\w))"
    cue_names: dict[str, tuple[str, bool]] = {}
    branches: list[str] = []
    for key, is_open in (("categories", False), ("open_categories", True)):
        for category, regex in d[key]:
            name = f"c{len(branches)}"
            cue_names[name] = (category, is_open)
            branches.append(rf"(?P<{name}>{regex})")
    unknown = {*d["bounds_before"], *d["bounds_after"]} - set(FIGURE_BOUNDS)
    if unknown:
        raise ValueError(f"{_DATA.name}: bounds {sorted(unknown)} are not among {FIGURE_BOUNDS}")
    before = {w.lower(): bound for bound, ws in d["bounds_before"].items() for w in ws}
    after = {w.lower(): bound for bound, ws in d["bounds_after"].items() for w in ws}
    glued = [w for w in after if not w[0].isalpha()]  # "-plus", "+": no space before them
    spaced = [w for w in after if w[0].isalpha()]
    months = _alternation(d["months"])
    openers = _alternation(d["clause_openers"])
    return _Vocab(
        words={k.lower(): v for k, v in words.items()},
        tens=frozenset(d["tens"]),
        scales={k.lower(): v for k, v in d["scales"].items()},
        # A run of number tokens joined by spaces, hyphens or "and"; parsed and split later.
        phrase=re.compile(rf"(?<![\w.,])(?:{tok})(?:(?:\s*[-–]\s*|\s+and\s+|\s+)(?:{tok}))*", re.I),
        token=re.compile(rf"{digits}|(?<!\w)(?:{number_word})(?!\w)", re.I),
        bounds_before=before,
        bound_before=re.compile(rf"(?<!\w)(?:{_alternation(list(before))})\s*\Z", re.I),
        bounds_after=after,
        bound_after=re.compile(rf"(?:{_alternation(glued)}|\s+(?:{_alternation(spaced)}))(?![\w])", re.I),
        counted_nouns=frozenset(w.lower() for w in d["counted_nouns"]),
        idiom_nouns=frozenset(w.lower() for w in d["idiom_nouns"]),
        phrase_stops=frozenset(w.lower() for w in d["phrase_stops"]),
        time_units=frozenset(w.lower() for w in d["time_units"]),
        time_references=frozenset(w.lower() for w in d["time_references"]),
        measures={
            unit_word.lower(): (label, unit)
            for label, units in d["measures"].items()
            for unit_word, unit in units.items()
        },
        not_figure_units=frozenset(w.lower() for w in d["not_figure_units"]),
        name_words=frozenset(d["name_words"]),
        cues=re.compile(r"(?<![\w-])(?:" + "|".join(branches) + r")(?![\w-])", re.I),
        cue_names=cue_names,
        troop_nouns=re.compile(rf"(?<![\w-])(?:{d['troop_nouns']})(?![\w-])", re.I),
        people_categories=frozenset(d["people_categories"]),
        item_categories=frozenset(d["item_categories"]),
        incident_categories=frozenset(d["incident_categories"]),
        event_categories=frozenset(d["event_categories"]),
        currency_words=d["currency_words"],
        currency_symbols=d["currency_symbols"],
        # Where a clause ends: a sentence end, a semicolon, a colon (not in "10:30"), a dash,
        # a line break, or a comma before a word that opens another clause.
        clause_end=re.compile(
            rf"[.?!][\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|;|:(?!\d)|\s[—–]\s|—|\n|,\s+(?i:{openers})\b"
        ),
        month_before=re.compile(rf"(?<!\w)(?:{months})\.?\s*\Z"),
        month_after=re.compile(rf"\A\s+(?:{months})(?!\w)"),
    )


@dataclass(frozen=True)
class _Number:
    """One number of a phrase."""

    value: float
    start: int
    end: int
    has_scale: bool
    spelled: bool  # spelled out without digits or scale ("two", "twenty-five")
    digits: str  # the token when the number is one digit token without a scale ("2024"), else ""


def _parse(text: str, start: int, end: int, v: _Vocab) -> list[_Number]:
    """Split a phrase of number tokens into numbers.

    "four-thousand-100" is one number (4,100); "10,000-12,000" is two (a range
    is recognised later); "twenty five" is one (25); "2.5 million" is 2,500,000.
    """
    numbers: list[_Number] = []
    total = current = 0.0
    cur_start = cur_end = -1
    has_scale = False
    spelled = True
    last = ""  # "num", "tens", "scale"
    tokens = 0
    digit_text = ""

    def close() -> None:
        if cur_start >= 0:
            plain = digit_text if tokens == 1 and not has_scale else ""
            numbers.append(
                _Number(total + current, cur_start, cur_end, has_scale, spelled and not has_scale, plain)
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
                spelled = True
                tokens = 0
                cur_start = -1
            if cur_start < 0:
                cur_start = m.start()
            current += value
            spelled = spelled and not is_digit
            digit_text = word if is_digit else ""
            last = "tens" if word in v.tens else "num"
        tokens += 1
        cur_end = m.end()
    close()
    return numbers


_PARTNER = re.compile(r"\s*(?:[-–]|to|or|and)\s*", re.I)  # "10 or 20", "10-20", "10 to 20"
_WORD = re.compile(r"[A-Za-z][\w'’.-]*[\w]|[A-Za-z]|[°%]")


@dataclass(frozen=True)
class _At:
    """A number and the text around it, within the span searched."""

    text: str
    lo: int
    hi: int
    number: _Number
    v: _Vocab

    @cached_property
    def before(self) -> str:
        return self.text[max(self.lo, self.number.start - 40) : self.number.start]

    @cached_property
    def after(self) -> str:
        return self.text[self.number.end : min(self.hi, self.number.end + 40)]

    @cached_property
    def unit_start(self) -> int:
        """Where the words about the number begin: after it, or after its range partner ("10 or 20 years")."""
        partner = _PARTNER.match(self.text, self.number.end, self.hi)
        second = self.v.token.match(self.text, partner.end(), self.hi) if partner else None
        return second.end() if second else self.number.end

    @cached_property
    def next_words(self) -> list[str]:
        """The words about the number; none if something other than a space comes first."""
        after = self.text[self.unit_start : min(self.hi, self.unit_start + 40)]
        if not after[:1].isspace():
            return []
        return _WORD.findall(after)[:5]

    @cached_property
    def next_word(self) -> str:
        """The first of ``next_words`` if only white space comes before it ("600 soldiers", not "600, soldiers")."""
        words = self.next_words
        follows = words and self.text[self.unit_start : self.unit_start + 60].lstrip().startswith(words[0])
        return words[0].lower() if follows else ""

    @cached_property
    def counted(self) -> _Counted | None:
        return _counted_noun(self.text, self.unit_start, self.hi, self.v)


# Numbers that are not figures, each a named construction; a number is dropped when one says so.


def _glued_to_letters(at: _At) -> bool:
    """ "170mm", "3rd", "5MW", "1940s", "10:30": the number is part of a word or a clock time."""
    first = at.after[:1]
    return first.isalpha() or (first == ":" and at.after[1:2].isdigit())


_OPERATOR_AFTER = re.compile(r"[+×*/=]\d")
_OPERATOR_BEFORE = re.compile(r"\d[+×*/=]\Z")


def _arithmetic(at: _At) -> bool:
    """ "2+2", "24/7": numbers joined by an operator."""
    return bool(_OPERATOR_AFTER.match(at.after) or _OPERATOR_BEFORE.search(at.before))


_DIGIT_DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}")
_DATE_CHARS = "0123456789-/."


def _digit_date(at: _At) -> bool:
    """ "2013-10-09", "10/09/2013": a date written in digits."""
    s, e = at.number.start, at.number.end
    while s > at.lo and at.text[s - 1] in _DATE_CHARS:
        s -= 1
    while e < at.hi and at.text[e] in _DATE_CHARS:
        e += 1
    return bool(_DIGIT_DATE.fullmatch(at.text[s:e].strip("-/.")))


_NAME_BEFORE = re.compile(r"(?<!\w)[A-Z][a-z]+ \Z")
_LINE_END = re.compile(r" *(?:\n|\Z)")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _part_of_a_name(at: _At) -> bool:
    """ "Office 39", "Resolution 2397" (a naming word from the data), "News 9" ending a line."""
    m = _NAME_BEFORE.search(at.before)
    if not m or m.group().strip() in _WEEKDAYS:
        return False
    return m.group().strip() in at.v.name_words or bool(_LINE_END.match(at.text, at.number.end))


_APPOSITION_BEFORE = re.compile(r"[A-Za-z][\w'’-]*,\s*\Z")


def _age_in_apposition(at: _At) -> bool:
    """ "Kim, 40, said", "the envoy, 58, arrived": a small number between commas after a name is an age."""
    n = at.number
    return (
        bool(n.digits)
        and 1 <= n.value <= 120
        and at.after.startswith(",")
        and bool(_APPOSITION_BEFORE.search(at.before))
    )


def _vague_scale(at: _At) -> bool:
    """ "several hundred casualties", "a few thousand": a scale word without a number before it."""
    first = at.v.token.match(at.text, at.number.start)
    return (
        first is not None and first.group().lower() in at.v.scales and not _ARTICLE_BEFORE.search(at.before)
    )


_CLOCK_AFTER = re.compile(r"\s*(?:[ap]\.m\.|[ap]m\b|o['’]clock)", re.I)


def _clock_time(at: _At) -> bool:
    """ "at 9 a.m.", "2 P.M." """
    return bool(_CLOCK_AFTER.match(at.after))


_HYPHEN_WORD_AFTER = re.compile(r"-([A-Za-z]+)(-old)?")


def _hyphenated_modifier(at: _At) -> bool:
    """ "a 5,000-ton destroyer", "155-mm", "a 20-year-old": a measure used as an adjective.

    A hyphenated duration ("over a 12-day period") and "3,000-plus" stay figures.
    """
    m = _HYPHEN_WORD_AFTER.match(at.after)
    if not m or at.v.bound_after.match(at.after):
        return False
    return bool(m.group(2)) or m.group(1).lower() not in at.v.time_units


_MODEL_BEFORE = re.compile(r"[A-Za-z][-–]\s*\Z|[A-Za-z]\Z|Nos?\.\s*(?:\d+\s*(?:,|and|or|&)\s*)*\Z|#\Z|\d:\Z")


def _model_number(at: _At) -> bool:
    """ "SA-22", "No. 3", "the No. 2 and 3 shafts", "#4", the minutes of "10:30"."""
    return bool(_MODEL_BEFORE.search(at.before))


def _date(at: _At) -> bool:
    """ "April 30", "Jan. 11", "June 2024", "30 April"."""
    return bool(at.v.month_before.search(at.before) or at.v.month_after.match(at.after))


_AGE_BEFORE = re.compile(r"(?<!\w)(?:aged?|ages)\s*\Z", re.I)
_AGE_AFTER = re.compile(r"\s+years?\s+old", re.I)


def _age(at: _At) -> bool:
    """ "aged 19", "19 years old"."""
    return bool(_AGE_BEFORE.search(at.before) or _AGE_AFTER.match(at.after))


def _year(at: _At) -> bool:
    """ "since 2016", "the 2024 treaty"; but "2000 soldiers" is a count."""
    digits = at.number.digits
    if not (len(digits) == 4 and digits.isdigit() and 1800 <= int(digits) <= 2100):
        return False
    nxt = at.next_word
    return not (nxt in at.v.counted_nouns or at.v.troop_nouns.fullmatch(nxt) or at.v.cues.fullmatch(nxt))


_LIST_AFTER = re.compile(r"[.)]\s")


def _list_number(at: _At) -> bool:
    """ "2. Questions" at the start of a line, or a number alone on its line: a list item, a counter."""
    s = at.number.start
    if not (s == 0 or at.text[s - 1] == "\n"):
        return False
    return bool(_LIST_AFTER.match(at.after)) or at.after.startswith("\n") or not at.after.strip()


def _possessive(at: _At) -> bool:
    """ "100's of titles", "the 1990's"."""
    return at.after[:2] in ("'s", "’s")


def _alone_in_brackets(at: _At) -> bool:
    """ "Today (6.19), ...": a bare number in brackets is a date or a reference."""
    return at.before.endswith("(") and at.after.startswith(")")


def _time_reference(at: _At) -> bool:
    """ "two days later", "10 years ago", "in three weeks": a point in time, not a count.

    A spelled small number before a time unit is always one; a digit number is a duration
    ("over 12 days") unless a time reference follows.
    """
    words = [w.lower() for w in at.next_words]
    if not words or words[0] not in at.v.time_units:
        return False
    return at.number.spelled or (len(words) > 1 and words[1] in at.v.time_references)


def _not_a_figure_unit(at: _At) -> bool:
    """ "three times", "155 mm", "56.4 F", "30 degrees": multiples, calibres, temperatures."""
    nxt = at.next_words[0] if at.next_words else ""
    return nxt.lower() in at.v.not_figure_units or (len(nxt) == 1 and nxt.isupper() and nxt not in "AI")


_DETERMINER_BEFORE = re.compile(r"(?<!\w)(?:the|these|those|its|their|both|all|his|her|our)\s+\Z", re.I)


def _spelled_without_count(at: _At) -> bool:
    """ "one of", "the two prisoners", "two separate occasions": a small spelled number must count a noun."""
    if not at.number.spelled or at.next_word in at.v.currency_words:
        return False
    if at.number.value < 2 or _DETERMINER_BEFORE.search(at.before):
        return True
    counted = at.counted
    return counted is None or counted.head.lower() in at.v.idiom_nouns


NOT_FIGURES: tuple[Callable[[_At], bool], ...] = (
    _glued_to_letters,
    _arithmetic,
    _digit_date,
    _part_of_a_name,
    _clock_time,
    _hyphenated_modifier,
    _model_number,
    _date,
    _age,
    _age_in_apposition,
    _vague_scale,
    _year,
    _list_number,
    _possessive,
    _alone_in_brackets,
    _time_reference,
    _not_a_figure_unit,
    _spelled_without_count,
)


@dataclass(frozen=True)
class _Counted:
    """The noun phrase a number counts: text[start:head_end], its noun text[head_start:head_end]."""

    text: str
    start: int
    head_start: int
    head_end: int

    @property
    def head(self) -> str:
        return self.text[self.head_start : self.head_end]

    @property
    def label(self) -> str:
        """The phrase without proper adjectives and quantifiers: "3 more Pyongyang generals" -> "generals"."""
        words = self.text[self.start : self.head_end].split()
        kept = [w.lower() for w in words[:-1] if not w[:1].isupper() and w.lower() not in _LABEL_SKIP]
        return " ".join([*kept, words[-1].lower()])


_LABEL_SKIP = frozenset({"more", "other", "additional", "extra", "new", "another"})


def _counted_noun(text: str, pos: int, hi: int, v: _Vocab) -> _Counted | None:
    """The plural noun a number counts, within the next five words of its noun phrase.

    >>> t = "4 North Korean government spies were involved"
    >>> c = _counted_noun(t, 1, len(t), _vocab())
    >>> c.head, c.label
    ('spies', 'government spies')
    """
    phrase_start = -1
    for words, m in enumerate(_WORD.finditer(text, pos, min(hi, pos + 80))):
        between = text[pos : m.start()]
        if between.strip(" -–\t"):  # punctuation ends the phrase
            return None
        word = m.group().lower()
        if word in v.phrase_stops or words == 5:
            return None
        if phrase_start < 0:
            phrase_start = m.start()
        if _is_plural(word, v):
            return _Counted(text, phrase_start, m.start(), m.end())
        pos = m.end()
    return None


def _counts_people(counted: _Counted, v: _Vocab) -> bool:
    head = counted.head.lower()
    return head in v.counted_nouns or bool(v.troop_nouns.fullmatch(head))


def _is_plural(word: str, v: _Vocab) -> bool:
    if word in v.counted_nouns or word.endswith("men"):  # "fishermen", "servicemen"
        return True
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s", "’s"))


@dataclass(frozen=True)
class _Reading:
    """What a kept number is: currency, or the measure it has (label, unit), and its unit hint."""

    currency: str | None = None
    label: str = ""
    unit: str = ""
    unit_words: int = 0  # how many words after the number the figure's text takes ("140 kg")


_SYMBOL_BEFORE = re.compile(r"(US\$|\$|₩|€|¥)\s*\Z")
_PERCENT_AFTER = re.compile(r"\s*(?:%|percent\b|per cent\b)", re.I)


def _read(at: _At) -> _Reading | None:
    """The reading of a number, or None if it is no figure."""
    if any(rule(at) for rule in NOT_FIGURES):
        return None
    v = at.v
    symbol = _SYMBOL_BEFORE.search(at.before)
    nxt = at.next_word
    if symbol:
        return _Reading(currency=v.currency_symbols[symbol.group(1)])
    if nxt in v.currency_words or nxt.upper() in v.currency_words:
        return _Reading(currency=v.currency_words.get(nxt) or v.currency_words[nxt.upper()], unit_words=1)
    percent = _PERCENT_AFTER.match(at.after)
    if percent:
        return _Reading(label="percentage", unit="percent", unit_words=len(percent.group().split()) or 1)
    two = " ".join(w.lower() for w in at.next_words[:2])
    for unit_word in (two, nxt):
        if unit_word in v.measures:
            label, unit = v.measures[unit_word]
            return _Reading(label=label, unit=unit, unit_words=len(unit_word.split()))
    hyphen = _HYPHEN_WORD_AFTER.match(at.after)
    duration = nxt if nxt in v.time_units else (hyphen.group(1).lower() if hyphen else "")
    if duration in v.time_units:
        return _Reading(
            label="duration", unit=duration if duration.endswith("s") else duration + "s", unit_words=1
        )
    return _Reading(unit=at.counted.head.lower() if at.counted else nxt)


def _bound_before(text: str, lo: int, start: int, v: _Vocab) -> tuple[str, int]:
    """The bound a qualifier before ``start`` gives ("more than 600": at least) and where it starts."""
    m = v.bound_before.search(text, max(lo, start - 30), start)
    if not m:
        return "exact", start
    word = re.sub(r"\s+", " ", m.group().strip().lower())
    return v.bounds_before[word], m.start()


@dataclass(frozen=True)
class _Clauses:
    """The clause ends of a text, found once per call (a sorted list of positions)."""

    ends: list[int]
    lo: int
    hi: int

    def around(self, start: int, end: int) -> tuple[int, int]:
        """The clause of ``text[start:end]``: from the last clause end before it to the first after it."""
        i = bisect_right(self.ends, start)
        j = bisect_left(self.ends, end)
        clause_start = self.ends[i - 1] if i > 0 else self.lo
        clause_end = self.ends[j] if j < len(self.ends) else self.hi
        return max(clause_start, start - _WINDOW), min(clause_end, end + _WINDOW)


def _clauses(text: str, lo: int, hi: int, v: _Vocab) -> _Clauses:
    return _Clauses(
        [m.end() if m.group()[:1] in ".?!" else m.start() for m in v.clause_end.finditer(text, lo, hi)],
        lo,
        hi,
    )


def _cue(m: re.Match[str], v: _Vocab) -> tuple[str, bool]:
    return v.cue_names[m.lastgroup or ""]


def _categorise(
    text: str,
    number: _Number,
    clause: tuple[int, int],
    forward_end: int,
    counted: _Counted | None,
    v: _Vocab,
) -> tuple[str, bool]:
    """(category, open) from the number's own clause; ("", False) when nothing in it says.

    ``forward_end`` is where the words after the number stop (the next number or the clause end).
    """
    if counted:
        head_start, head_end = counted.head_start, counted.head_end
        head = v.cues.match(text, head_start)
        after = v.cues.search(text, head_end, forward_end)
        if head and head.end() >= head_end:
            category = _cue(head, v)
            # "a dozen IT workers had been caught": what happened to them, not who they are.
            if category[0] == "labourers" and after and _cue(after, v)[0] in v.event_categories:
                return _cue(after, v)
            return category
        if after:
            return _cue(after, v)
        adjective = v.cues.search(text, number.end, head_start)  # "three captured soldiers"
        if adjective:
            return _cue(adjective, v)
    else:
        after = v.cues.search(text, number.end, forward_end)
        if after:
            return _cue(after, v)
    # The last cue before the number. When the number counts a thing of its own, a noun cue names
    # something else ("rockets used in two launches"); only a verb cue counts ("the attack
    # destroyed 30 tanks"). People are what the noun cues count ("casualties stand at 900 soldiers").
    thing = counted is not None and not _counts_people(counted, v)
    back = [
        m
        for m in v.cues.finditer(text, clause[0], number.start)
        if not (thing and _is_plural(m.group().lower(), v))
    ]
    if back:
        return _cue(back[-1], v)
    if counted and v.troop_nouns.fullmatch(text, counted.head_start, counted.head_end):
        return "troops deployed", False
    return "", False


_RANGE_DASH = re.compile(r"\s*(?:[-–—~]|to|or)\s*(?:US\$|\$|₩|€|¥)?")
_RANGE_AND = re.compile(r"\s+and\s+(?:US\$|\$|₩|€|¥)?")
_ARTICLE_BEFORE = re.compile(r"(?<!\w)an?\s+\Z", re.I)
_FROM_OR_BETWEEN = re.compile(r"(?<!\w)(from|between)\s*(?:US\$|\$|₩|€|¥)?\s*\Z", re.I)
_UNIT_WORD = re.compile(r"(?:\s*|-)(?:%|°\w?|\w+)")


def _scaled_like(first: _Number, second: _Number, text: str, v: _Vocab) -> float:
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


def find_figures(text: str, start: int = 0, end: int | None = None) -> tuple[Figure, ...]:
    """Figures in ``text[start:end]``, offsets into ``text``.

    >>> t = "Of those deployed, about 4,700 are believed to have been killed or injured."
    >>> [(f.category, f.value, f.bound, f.text) for f in find_figures(t)]
    [('casualties', 4700, 'about', 'about 4,700')]
    >>> [(f.category, f.value, f.label) for f in find_figures("Ukraine captured two North Korean soldiers.")]
    [('captured', 2, 'soldiers')]
    >>> [(f.category, f.label, f.value, f.unit) for f in find_figures("He weighs about 140 kg.")]
    [('other', 'weight', 140, 'kg')]
    """
    v = _vocab()
    hi = len(text) if end is None else min(end, len(text))
    numbers = [n for m in v.phrase.finditer(text, start, hi) for n in _parse(text, m.start(), m.end(), v)]
    kept: list[tuple[_At, _Reading]] = []
    for number in numbers:
        at = _At(text, start, hi, number, v)
        reading = _read(at)
        if reading is not None:
            kept.append((at, reading))
    starts = [n.start for n in numbers]
    clauses = _clauses(text, start, hi, v)

    figures: list[Figure] = []
    i = 0
    while i < len(kept):
        at, reading = kept[i]
        first = last = at.number
        low = high = None
        if i + 1 < len(kept):
            nxt, nxt_reading = kept[i + 1]
            gap = text[first.end : nxt.number.start]
            lead = _FROM_OR_BETWEEN.search(text, max(start, first.start - 12), first.start)
            is_dash = _RANGE_DASH.fullmatch(gap) and not (lead and lead.group(1).lower() == "from")
            is_between = _RANGE_AND.fullmatch(gap) and lead and lead.group(1).lower() == "between"
            if (is_dash or is_between) and nxt.number.value > first.value:
                low, high, last = (
                    round(_scaled_like(first, nxt.number, text, v)),
                    round(nxt.number.value),
                    nxt.number,
                )
                reading = nxt_reading if nxt_reading.currency or not reading.currency else reading
                at = nxt
                i += 1
        i += 1
        nxt_start = (
            starts[bisect_right(starts, last.start)] if bisect_right(starts, last.start) < len(starts) else hi
        )
        figures.append(_figure(text, start, hi, first, last, low, high, at, reading, clauses, nxt_start, v))
    return tuple(figures)


def _figure(
    text: str,
    lo: int,
    hi: int,
    first: _Number,
    last: _Number,
    low: int | None,
    high: int | None,
    at: _At,
    reading: _Reading,
    clauses: _Clauses,
    next_number: int,
    v: _Vocab,
) -> Figure:
    start, end = first.start, last.end
    # "a dozen", "a hundred": the article belongs to the number.
    a_match = None if text[start].isdigit() else _ARTICLE_BEFORE.search(text, max(lo, start - 4), start)
    if a_match:
        start = a_match.start()
    symbol = _SYMBOL_BEFORE.search(text, max(lo, start - 4), start)
    if symbol:
        start = symbol.start()
    for _ in range(reading.unit_words):  # "6 trillion won", "45 percent", "140 kg", "a 12-day"
        m = _UNIT_WORD.match(text, end, hi)
        end = m.end() if m else end
    bound, start = _bound_before(text, lo, start, v)
    post = v.bound_after.match(text, end, hi)
    if post:
        bound = v.bounds_after[post.group().strip().lower()]
        end = post.end()
    clause = clauses.around(first.start, last.end)
    counted = at.counted
    label = counted.label if counted else ""
    if reading.currency:
        category, unit, label = "money", reading.currency, ""
    elif reading.label:
        category, unit, label = "other", reading.unit, reading.label
    else:
        found, is_open = _categorise(text, last, clause, min(next_number, clause[1]), counted, v)
        if is_open:
            category, label = "other", found
        else:
            category = found or "other"
        if found in v.people_categories:
            unit = "people"
        elif found in v.incident_categories:
            unit = "incidents"
        elif found in v.item_categories:
            unit = "items"
        else:
            unit = reading.unit
    return Figure(
        category=category,
        value=None if low is not None else round(first.value),
        low=low,
        high=high,
        approximate=bound != "exact",
        unit=unit,
        text=text[start:end],
        start=start,
        end=end,
        bound=bound,
        label=label,
    )
