"""The briefing(s) an article reports: who briefed whom, when, relayed by whom.

A briefing is recognised from its words ("closed-door briefing", "a report
to the parliamentary intelligence committee", "a full meeting of the
Intelligence Committee"). Its date is taken only from the text:

* an explicit date ("on Wednesday (April 30)", "on April 30"), its year from
  the publication date or, failing that, pinned by the weekday;
* a weekday or "the previous day", resolved against the publication date;
* with no publication date, a weekday resolves only when the latest date the
  text gives falls on that very weekday (the article cannot be older than it);
* otherwise the date stays ``None``: it is never guessed.

>>> import datetime as dt
>>> t = "Rep. Han Ji-woo, who attended a closed-door briefing by the NIS on Monday, said so."
>>> b = find_briefings(t, published_on=dt.date(2024, 3, 6))[0]
>>> b.date, b.closed_door
(datetime.date(2024, 3, 4), True)
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache, lru_cache

from .caseless import PrefixScan
from .entities import _alternation, vocabulary
from .types import BriefingRef, Claim, OrganisationRef, PersonRef

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_ALT = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|Mar\.|April|Apr\.|May|June|Jun\.|July|Jul\.|"
    r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
# "\b{_MONTH_ALT}" beginning with a consumed first letter, the word boundary checked by
# a lookbehind after it and the rest chosen by that letter (same order as _MONTH_ALT):
# a pattern that begins with a class lets the engine skip ahead in C, "\b" does not.
_MONTH_AT_WORD_START = (
    r"[ADFJMNOS](?<!\w.)(?:(?<=J)(?:an(?:uary|\.)?|une|un\.|uly|ul\.)|(?<=F)eb(?:ruary|\.)?|"
    r"(?<=M)(?:arch|ar\.|ay)|(?<=A)(?:pril|pr\.|ug(?:ust|\.)?)|(?<=S)ept?(?:ember|\.)?|"
    r"(?<=O)ct(?:ober|\.)?|(?<=N)ov(?:ember|\.)?|(?<=D)ec(?:ember|\.)?)"
)
_MONTH_LAST_YEAR = re.compile(rf"({_MONTH_AT_WORD_START})\s+(last|this)\s+year\b")
_MONTH_YEAR = re.compile(rf"({_MONTH_AT_WORD_START})\s+(\d{{4}})\b")
_WEEKDAY_ALT = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# "\b{_WEEKDAY_ALT}" written like _MONTH_AT_WORD_START (same order of names).
_WEEKDAY_AT_WORD_START = r"[FMSTW](?<!\w.)(?:(?<=M)onday|(?<=T)(?:uesday|hursday)|(?<=W)ednesday|(?<=F)riday|(?<=S)(?:aturday|unday))"
_WEEKDAY_DATE = re.compile(rf"({_WEEKDAY_AT_WORD_START})\s*\(\s*({_MONTH_ALT})\s+(\d{{1,2}})\s*\)")
_MONTH_DAY = re.compile(rf"({_MONTH_AT_WORD_START})\s+(\d{{1,2}})\b(?:,?\s+(\d{{4}}))?")
_WEEKDAY = re.compile(rf"\b(?:on\s+|(last)\s+|this\s+)?({_WEEKDAY_ALT})\b")
_PREVIOUS_DAY = re.compile(r"\b(?:the\s+previous\s+day|the\s+day\s+before|yesterday)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
# A sentence: a run up to end punctuation (or the end of the text). A line without end
# punctuation is no sentence; the ``open`` alternative matches it at its newline so that it can
# be dropped, instead of failing and being retried from each of its characters (quadratic).
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’]?|$|(?P<open>(?=\n)))")


def _top_level_split(alternation: str) -> list[str]:
    """The top-level ``|`` alternatives of ``alternation`` (bars inside groups stay)."""
    parts, depth, last = [], 0, 0
    for i, ch in enumerate(alternation):
        depth += (ch == "(") - (ch == ")")
        if ch == "|" and depth == 0:
            parts.append(alternation[last:i])
            last = i + 1
    return [*parts, alternation[last:]]


def _distribute_leading_group(alternative: str) -> list[str]:
    """ "(?:a|b) x" as ["a x", "b x"] (the same matches, tried in the same order).

    Only a plain leading group (no nested group, no quantifier after it) is
    distributed; anything else comes back unchanged.
    """
    if not alternative.startswith("(?:"):
        return [alternative]
    close = alternative.find(")")
    body, tail = alternative[3:close], alternative[close + 1 :]
    if close < 0 or "(" in body or tail[:1] in ("?", "*", "+", "{"):
        return [alternative]
    return [branch + tail for branch in body.split("|")]


@cache
def _briefing_scan() -> PrefixScan:
    """The briefing words ("closed-door briefing", "told the committee") at word starts, any case.

    Found from the literal starts of the words (see PrefixScan) rather than by a
    regex scan of the whole text: the same matches, a third of the time (compiled).
    """
    alternation = _alternation(vocabulary()["briefing_words"])
    # "(?:committee|closed-door) session" as "committee session|closed-door session": each with a literal start.
    words = [a for alt in _top_level_split(alternation) for a in _distribute_leading_group(alt)]
    return PrefixScan(words, before=r"(?<![\w])")


@cache
def _relay_scan() -> PrefixScan:
    """Relay phrases ("shared by", "told reporters", "according to") at word starts, any case."""
    return PrefixScan(
        [
            r"shared\s+by\b",
            r"relayed\s+by\b",
            r"disclosed\s+by\b",
            r"conveyed\s+by\b",
            r"told\s+reporters\b",
            r"according\s+to\b",
            r"who\s+(?:attended|received)\b",
        ],
        before=r"(?<![\w])",
    )


@cache
def _spoke_scan() -> PrefixScan:
    """A speech verb as a whole word, any case ("said", "told", "briefed")."""
    words = ["said", "says", "told", "reported", "briefed", "announced", "estimated", "assessed"]
    return PrefixScan(words, before=r"\b", after=r"\b")


@cache
def _closed_re() -> PrefixScan:
    """A closed-door word ("closed-door", "behind closed doors") at a word start, any case."""
    return PrefixScan(_top_level_split(_alternation(vocabulary()["closed_door"])), before=r"\b")


@cache
def _presenter_re() -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:{_alternation(vocabulary()['presenter_verbs'])})\b", re.IGNORECASE)


def _month(name: str) -> int:
    key = name.lower().rstrip(".")[:3]
    return next(i + 1 for i, m in enumerate(MONTHS) if m.startswith(key))


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def weekday_on_or_before(weekday: str, anchor: dt.date) -> dt.date:
    """The last ``weekday`` on or before ``anchor``.

    >>> weekday_on_or_before("Wednesday", dt.date(2025, 5, 1))
    datetime.date(2025, 4, 30)
    """
    target = WEEKDAYS.index(weekday.lower())
    return anchor - dt.timedelta(days=(anchor.weekday() - target) % 7)


def _pinned_year(weekday: str, month: int, day: int, text: str) -> int | None:
    """The year in which month/day falls on weekday, the first at or after the latest year the text names.

    >>> _pinned_year("Wednesday", 4, 30, "under their 2024 treaty")
    2025
    """
    years = [int(y) for y in _YEAR.findall(text)]
    if not years:
        return None
    base = max(years)
    for year in range(base, base + 7):
        d = _safe_date(year, month, day)
        if d is not None and WEEKDAYS[d.weekday()] == weekday.lower():
            return year
    return None


def _current_year(text: str) -> int | None:
    """The year an undated text is written in, when it says so indirectly.

    "since June last year" beside "in June 2024" means the text is from 2025.

    >>> _current_year("since June last year ... the first case in June 2024")
    2025
    """
    for m in _MONTH_LAST_YEAR.finditer(text):
        month = _month(m.group(1))
        for y in _MONTH_YEAR.finditer(text):
            if _month(y.group(1)) == month:
                return int(y.group(2)) + (1 if m.group(2) == "last" else 0)
    return None


@lru_cache(maxsize=8)
def _latest_text_date(text: str) -> dt.date | None:
    year = _current_year(text)
    if year is None:
        return None
    dates = []
    for m in _MONTH_DAY.finditer(text):
        d = _safe_date(int(m.group(3)) if m.group(3) else year, _month(m.group(1)), int(m.group(2)))
        if d is not None and d.year == year:
            dates.append(d)
    return max(dates) if dates else None


def _date_in(sentence: str, text: str, published_on: dt.date | None) -> tuple[dt.date | None, str]:
    """The briefing date a sentence gives, and how it was established."""
    # Every weekday name and "(the) previous day", "day before", "yesterday" holds "day":
    # without it, the patterns that need one are not run (they could not match).
    day_word = "day" in sentence.lower()
    m = _WEEKDAY_DATE.search(sentence) if day_word else None
    if m:
        month, day = _month(m.group(2)), int(m.group(3))
        year = published_on.year if published_on else _pinned_year(m.group(1), month, day, text)
        if year is not None:
            d = _safe_date(year, month, day)
            if d is not None and published_on and d > published_on:
                d = _safe_date(year - 1, month, day)
            return d, "inferred"
        return None, "unknown"
    m = _MONTH_DAY.search(sentence)
    if m and m.group(3):
        return _safe_date(int(m.group(3)), _month(m.group(1)), int(m.group(2))), "inferred"
    if m and published_on:
        d = _safe_date(published_on.year, _month(m.group(1)), int(m.group(2)))
        if d is not None and d > published_on:
            d = _safe_date(published_on.year - 1, _month(m.group(1)), int(m.group(2)))
        return d, "inferred"
    w = _WEEKDAY.search(sentence) if day_word else None
    if day_word and _PREVIOUS_DAY.search(sentence):
        if w and published_on:
            return weekday_on_or_before(w.group(2), published_on) - dt.timedelta(days=1), "inferred"
        if published_on and not w:
            return published_on - dt.timedelta(days=1), "inferred"
        return None, "unknown"
    if w:
        if published_on:
            # "last Friday" written on a Friday is a week before, never the same day.
            anchor = published_on - dt.timedelta(days=1) if w.group(1) else published_on
            return weekday_on_or_before(w.group(2), anchor), "inferred"
        latest = _latest_text_date(text)
        if latest is not None and WEEKDAYS[latest.weekday()] == w.group(2).lower():
            return latest, "inferred"
    return None, "unknown"


def _any_in(positions: list[int], start: int, end: int) -> bool:
    """Whether the sorted ``positions`` hold one in [start, end)."""
    i = bisect.bisect_left(positions, start)
    return i < len(positions) and positions[i] < end


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans; a full stop after an abbreviation ("Rep.", "Jan.") is no boundary, so the
    briefing's evidence never ends in "After the NIS briefing, Rep."."""
    spans: list[tuple[int, int]] = []
    held: int | None = None  # start of a sentence that ended at an abbreviation
    for m in _SENTENCE.finditer(text):
        if m.start("open") >= 0:
            if held is not None:
                spans.append((held, m.start()))
            held = None
            continue
        start = m.start() if held is None else held
        held = None
        if _ends_in_abbreviation(m.group(0)):
            held = start
            continue
        spans.append((start, m.end()))
    if held is not None:
        spans.append((held, len(text)))
    return spans


def _ends_in_abbreviation(sentence: str) -> bool:
    if not sentence.endswith("."):
        return False
    word = re.search(r"([A-Za-z'’]+)\.$", sentence)
    return word is not None and word.group(1).lower() in _abbreviations()


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(vocabulary()["abbreviations"])


def find_briefings(
    text: str,
    *,
    people: Sequence[PersonRef] = (),
    organisations: Sequence[OrganisationRef] = (),
    published_on: dt.date | None = None,
) -> tuple[BriefingRef, ...]:
    """The briefings ``text`` reports on, with date, organiser, audience and presenters.

    ``relayed_by`` holds the lawmakers the briefing words themselves name;
    ``attach_claims`` adds those whose statements relay it.
    """
    agency = _main_org(organisations, "agency")
    committee = _main_org(organisations, "committee")
    org_at = _organiser_mentions(organisations)
    lawmakers = {p.name for p in people if "lawmaker" in p.roles or p.party}
    mention_at = sorted(((m.start, m.end, p) for p in people for m in p.mentions), key=lambda x: x[0])
    mention_starts = [ms for ms, _me, _p in mention_at]
    # One scan of the whole text for each pattern; sentences look their hits up.
    hit_at = [m.start() for m in _briefing_scan().finditer(text)]
    relay_at = [m.start() for m in _relay_scan().finditer(text)]
    sentences = _sentences(text)
    groups: list[dict[str, object]] = []
    for s, e in sentences:
        hit = _any_in(hit_at, s, e)
        relay = _any_in(relay_at, s, e)
        if not hit and not relay:
            continue
        lo, hi = bisect.bisect_left(mention_starts, s), bisect.bisect_left(mention_starts, e)
        in_sentence = [(ms, me, p) for ms, me, p in mention_at[lo:hi] if me <= e]
        if not hit and not (any(p.name in lawmakers for _ms, _me, p in in_sentence) and agency):
            continue
        sentence = text[s:e]
        date, basis = _date_in(sentence, text, published_on) if hit else (None, "unknown")
        # A dated sentence joins the briefing of that date; an undated one the latest briefing told of.
        group = next(
            (g for g in reversed(groups) if g["date"] == date or date is None or g["date"] is None), None
        )
        if group is None:
            group = {
                "date": None,
                "basis": "unknown",
                "evidence": [],
                "spans": [],
                "presenters": [],
                "relayed": [],
            }
            groups.append(group)
        if date is not None and group["date"] is None:
            group["date"], group["basis"] = date, basis
        evidence = group["evidence"]
        assert isinstance(evidence, list)
        if hit:
            evidence.append(sentence.strip())
            spans = group["spans"]
            assert isinstance(spans, list)
            spans.append((s, e))
        for _ms, me, p in in_sentence:
            if p.name in lawmakers:
                relayed = group["relayed"]
                assert isinstance(relayed, list)
                if p.name not in relayed and (relay or hit):
                    relayed.append(p.name)
            elif _presenter_re().match(text[me : me + 20]) and p.roles:
                presenters = group["presenters"]
                assert isinstance(presenters, list)
                if p.name not in presenters:
                    presenters.append(p.name)
    closed = bool(_closed_re().search(text))
    out = []
    for g in groups:
        evidence = g["evidence"]
        if not evidence:
            continue
        assert isinstance(evidence, list)
        spans = g["spans"]
        assert isinstance(spans, list)
        organiser = (
            _first_in(org_at, spans, _ORGANISER_KINDS) or agency or _main_org(organisations, "government")
        )
        audience = _first_in(org_at, spans, ("committee",)) or committee
        when, basis = g["date"], str(g["basis"])
        if when is None and organiser is not None:
            # "..., the spy agency said Tuesday." in the lead; the briefing itself in the next sentence.
            when, basis = _organiser_date(text, sentences, org_at, organiser, published_on)
        out.append(
            BriefingRef(
                date=when if isinstance(when, dt.date) else None,
                date_basis=str(basis),
                organiser=organiser,
                audience=audience,
                presenters=tuple(g["presenters"]),  # type: ignore[arg-type]
                relayed_by=tuple(g["relayed"]),  # type: ignore[arg-type]
                closed_door=closed,
                evidence=" | ".join(evidence),
            )
        )
    return tuple(out)


_ORGANISER_KINDS = ("agency", "government", "military")


def _organiser_mentions(organisations: Sequence[OrganisationRef]) -> list[tuple[int, int, str, str]]:
    """(start, end, name, kind) of every organisation that could brief a committee, in text order.

    The body a committee belongs to (the National Assembly) is its audience's
    parent, never the organiser.
    """
    parents = {o.parent for o in organisations if o.kind == "committee" and o.parent}
    return sorted(
        (m.start, m.end, o.name, o.kind) for o in organisations if o.name not in parents for m in o.mentions
    )


def _first_in(
    org_at: list[tuple[int, int, str, str]], spans: list[tuple[int, int]], kinds: tuple[str, ...]
) -> str | None:
    """The first organisation of one of ``kinds`` named in the briefing's own sentences."""
    for s, e in spans:
        for ms, me, name, kind in org_at:
            if s <= ms and me <= e and kind in kinds:
                return name
    return None


def _organiser_date(
    text: str,
    sentences: list[tuple[int, int]],
    org_at: list[tuple[int, int, str, str]],
    organiser: str,
    published_on: dt.date | None,
) -> tuple[dt.date | None, str]:
    """The day the organiser spoke, from the first sentence that names it with a speech verb and a day."""
    starts = [ms for ms, _me, name, _kind in org_at if name == organiser]
    for s, e in sentences:
        if not _any_in(starts, s, e):
            continue
        # A sentence begins after punctuation, a quotation mark or a line break (see
        # _SENTENCE), so a search from its start in the text sees the word boundary a
        # search of a copy would.
        if not _spoke_scan().search(text, s, e):
            continue
        date, basis = _date_in(text[s:e], text, published_on)
        if date is not None:
            return date, basis
    return None, "unknown"


def _main_org(organisations: Sequence[OrganisationRef], kind: str) -> str | None:
    candidates = [o for o in organisations if o.kind == kind]
    if not candidates:
        return None
    return max(candidates, key=lambda o: len(o.mentions)).name


def attach_claims(
    briefings: Sequence[BriefingRef], claims: Sequence[Claim], people: Sequence[PersonRef]
) -> tuple[BriefingRef, ...]:
    """Add to each briefing the lawmakers whose claims relay it."""
    lawmakers = {p.name for p in people if "lawmaker" in p.roles or p.party}
    out = []
    for i, b in enumerate(briefings):
        relayed = list(b.relayed_by)
        for c in claims:
            if c.briefing != i or c.source_kind != "organisation":
                continue  # a lawmaker's own view relays nothing
            for name in c.speakers:
                if name in lawmakers and name not in relayed:
                    relayed.append(name)
        out.append(replace(b, relayed_by=tuple(relayed)))
    return tuple(out)
