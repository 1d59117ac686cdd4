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
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

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
_MONTH_LAST_YEAR = re.compile(rf"\b({_MONTH_ALT})\s+(last|this)\s+year\b")
_MONTH_YEAR = re.compile(rf"\b({_MONTH_ALT})\s+(\d{{4}})\b")
_WEEKDAY_ALT = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WEEKDAY_DATE = re.compile(rf"\b({_WEEKDAY_ALT})\s*\(\s*({_MONTH_ALT})\s+(\d{{1,2}})\s*\)")
_MONTH_DAY = re.compile(rf"\b({_MONTH_ALT})\s+(\d{{1,2}})\b(?:,?\s+(\d{{4}}))?")
_WEEKDAY = re.compile(rf"\b(?:on\s+|(last)\s+|this\s+)?({_WEEKDAY_ALT})\b")
_PREVIOUS_DAY = re.compile(r"\b(?:the\s+previous\s+day|the\s+day\s+before|yesterday)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


@cache
def _sentence_re() -> re.Pattern[str]:
    """A sentence: a run up to end punctuation (or the end of the text).

    The full stop of an abbreviation ("Oct. 8", "Rep. Han") or of a decimal ("1.5")
    ends no sentence. A line without end punctuation is no sentence; the ``open``
    alternative matches it at its newline so that it can be dropped, instead of
    failing and being retried from each of its characters (quadratic).
    """
    abbreviations = _alternation(re.escape(a) for a in vocabulary()["abbreviations"])
    return re.compile(
        rf"(?:(?i:\b(?:{abbreviations})\.)|\.(?=\d)|[^.!?\n])+(?:[.!?]+[\"”’]?|$|(?P<open>(?=\n)))"
    )


@cache
def _briefing_re() -> re.Pattern[str]:
    """The briefing words ("closed-door briefing", "told the committee") at word starts, any case."""
    return re.compile(rf"(?<!\w)(?:{_alternation(vocabulary()['briefing_words'])})", re.IGNORECASE)


# Relay phrases: the lawmakers in such a sentence pass on what they were told.
_RELAY = re.compile(
    r"(?<!\w)(?:(?:shared|relayed|disclosed|conveyed|briefed|made\s+(?:it\s+)?(?:known|public)(?:\s+to\s+the\s+public)?)\s+by"
    r"|told\s+(?:reporters|journalists|the\s+press)|(?:was|were)\s+told\s+by|quot(?:ed|ing)|cit(?:ed|ing)"
    r"|according\s+to|who\s+(?:attended|received))\b",
    re.IGNORECASE,
)
_SPOKE = re.compile(r"\b(?:said|says|told|reported|briefed|announced|estimated|assessed)\b", re.IGNORECASE)


@cache
def _statement_re() -> re.Pattern[str]:
    """A statement verb right after an organisation's name, its acronym in parentheses allowed:
    "the Joint Chiefs of Staff (JCS) announced", "the ministry said in a statement"."""
    verbs = _alternation(vocabulary()["statement_verbs"])
    return re.compile(rf"\s*(?:\([A-Z]{{2,8}}\)\s*)?(?:{verbs})\b")


# The head of a press briefing's transcript: its heading ("Regular Briefing by Spokesperson Han",
# "Department Press Briefing - May 5, 2025"; not a headline such as "Press Briefing: X says ...")
# or its first speaker label ("DEPUTY PRESS SECRETARY JANE ROE:").
_TRANSCRIPT = re.compile(
    r"(?m)^[ \t]*(?:(?:[A-Z][\w.'’-]*[ \t]+){0,4}"
    r"(?:Regular|Daily|Press|News|Media|Background|Weekly|Special|Department)[ \t]+Briefing"
    r"(?:[ \t]+(?:by|with|on)[ \t][^\n]{1,120}|[ \t]*[-–—,|][ \t]*[^\n]{1,60})?[ \t]*$"
    r"|(?:[A-Z][A-Z.'’-]*[ \t]+){0,3}(?:PRESS[ \t]+SECRETARY|SPOKESPERSON|SPOKESMAN|SPOKESWOMAN|BRIEFER)"
    r"(?:[ \t]+[A-Z][A-Z.'’-]*){0,3}[ \t]*:)"
)
_TRANSCRIPT_HEAD = 1500


@cache
def _closed_re() -> re.Pattern[str]:
    """A closed-door word ("closed-door", "behind closed doors") at a word start, any case."""
    return re.compile(rf"\b(?:{_alternation(vocabulary()['closed_door'])})", re.IGNORECASE)


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
    m = _WEEKDAY_DATE.search(sentence)
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
    w = _WEEKDAY.search(sentence)
    if _PREVIOUS_DAY.search(sentence):
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
    return [(m.start(), m.end()) for m in _sentence_re().finditer(text) if m.start("open") < 0]


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
    org_starts = [ms for ms, _me, _name, _kind in org_at]
    mention_at = sorted(((m.start, m.end, p) for p in people for m in p.mentions), key=lambda x: x[0])
    mention_starts = [ms for ms, _me, _p in mention_at]
    lawmakers = {p.name for p in people if "lawmaker" in p.roles or p.party} | _committee_members(
        text, mention_at
    )
    # One scan of the whole text for each pattern; sentences look their hits up.
    transcript = _transcript_head(text)
    hit_at = sorted(
        [m.start() for m in _briefing_re().finditer(text)]
        + _statements(text, org_at)
        + ([transcript[0]] if transcript else [])
    )
    relay_at = [m.start() for m in _RELAY.finditer(text)]
    sentences = _sentences(text)
    if transcript and not any(s <= transcript[0] < e for s, e in sentences):
        sentences = sorted([*sentences, transcript])  # a heading: no sentence of its own
    groups: list[_Group] = []
    by_date: dict[dt.date, int] = {}  # the latest group of each date
    undated: list[int] = []  # groups without a date yet, in order
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
        heads_transcript = transcript is not None and s <= transcript[0] < e
        date: dt.date | None
        if heads_transcript and published_on is not None:
            date, basis = published_on, "inferred"  # the transcript is dated by its page
        else:
            date, basis = _date_in(sentence, text, published_on) if hit else (None, "unknown")
        # A dated sentence joins the latest briefing of that date or without a date; an undated
        # one the latest briefing told of.
        if date is None:
            index = len(groups) - 1 if groups else None
        else:
            index = max(
                (i for i in (by_date.get(date), undated[-1] if undated else None) if i is not None),
                default=None,
            )
        if index is None:
            index = len(groups)
            groups.append(_Group())
            undated.append(index)
        group = groups[index]
        if date is not None and group.date is None:
            group.date, group.basis = date, basis
            undated.remove(index)
            by_date[date] = index
        if hit:
            group.evidence.append(sentence.strip())
            group.spans.append((s, e))
        for _ms, me, p in in_sentence:
            if p.name in lawmakers:
                if relay or hit:
                    group.relayed.setdefault(p.name)
            elif (heads_transcript or _presenter_re().match(text[me : me + 20])) and p.roles:
                group.presenters.setdefault(p.name)
    closed = bool(_closed_re().search(text))
    out = []
    for g in groups:
        if not g.evidence:
            continue
        organiser = (
            _first_in(org_at, org_starts, g.spans, _ORGANISER_KINDS)
            or agency
            or _main_org(organisations, "government")
        )
        audience = _first_in(org_at, org_starts, g.spans, ("committee",)) or committee
        when, basis = g.date, g.basis
        if when is None and organiser is not None:
            # "..., the spy agency said Tuesday." in the lead; the briefing itself in the next sentence.
            when, basis = _organiser_date(text, sentences, org_at, organiser, published_on)
        out.append(
            BriefingRef(
                date=when,
                date_basis=basis,
                organiser=organiser,
                audience=audience,
                presenters=tuple(g.presenters),
                relayed_by=tuple(g.relayed),
                closed_door=closed,
                evidence=" | ".join(g.evidence),
            )
        )
    return tuple(out)


_ORGANISER_KINDS = ("agency", "government", "military")


@dataclass
class _Group:
    """The sentences of one briefing, while ``find_briefings`` reads the text."""

    date: dt.date | None = None
    basis: str = "unknown"
    evidence: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    presenters: dict[str, None] = field(default_factory=dict)  # ordered sets of names
    relayed: dict[str, None] = field(default_factory=dict)


# "X, a member of the parliamentary intelligence committee," / "X, an opposition lawmaker," /
# "Another committee member, X," / "One of the lawmakers, X,"
_MEMBER_AFTER = re.compile(
    r",\s+(?:(?:a|an|the)\s+)?(?:[\w’'()-]+\s+){0,5}?(?:lawmaker|legislator|(?:member|members|representative|"
    r"chairman|chairwoman|chair|secretary)\s+(?:of|on)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,5}?committee)\b",
    re.IGNORECASE,
)
_MEMBER_BEFORE = re.compile(
    r"\b(?:committee\s+(?:member|chairman|chairwoman|chair)s?|members?\s+of\s+[\w’' ]{0,50}committee"
    r"|(?:the\s+other|another|one\s+of\s+the(?:\s+two)?)\s+(?:lawmakers?|legislators?)),?\s+\Z",
    re.IGNORECASE,
)


def _committee_members(text: str, mention_at: list[tuple[int, int, PersonRef]]) -> set[str]:
    """People the text presents as lawmakers or committee members, who relay what they were told
    ("X, a member of the ... committee", "X, Saenuri Party lawmaker and member of the ...
    Committee", "a member of parliament's intelligence committee, X", "committee member X",
    "One of the lawmakers, X"), beside those whose title or party says so.

    >>> t = "Han Ji-woo, a member of the parliamentary defense committee, said so."
    >>> _committee_members(t, [(0, 10, PersonRef("Han Ji-woo"))])
    {'Han Ji-woo'}
    """
    return {
        p.name
        for ms, me, p in mention_at
        if _MEMBER_AFTER.match(text, me) or _MEMBER_BEFORE.search(text, max(0, ms - 80), ms)
    }


def _transcript_head(text: str) -> tuple[int, int] | None:
    """The heading or first speaker label of a press briefing's transcript, near the top.

    >>> t = "Press Briefings\\n\\nRegular Briefing by Spokesperson Han Ji-woo\\nDate: Monday, May 5, 2025\\n"
    >>> t[slice(*_transcript_head(t))]
    'Regular Briefing by Spokesperson Han Ji-woo'
    """
    m = _TRANSCRIPT.search(text, 0, _TRANSCRIPT_HEAD)
    return (m.start() + len(m.group()) - len(m.group().lstrip()), m.end()) if m else None


def _statements(text: str, org_at: list[tuple[int, int, str, str]]) -> list[int]:
    """Where an organisation that could brief makes a statement to the press ("the JCS announced").

    A press statement is a briefing without an audience in the room.
    """
    return [
        ms for ms, me, _name, kind in org_at if kind in _ORGANISER_KINDS and _statement_re().match(text, me)
    ]


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
    org_at: list[tuple[int, int, str, str]],
    starts: list[int],
    spans: list[tuple[int, int]],
    kinds: tuple[str, ...],
) -> str | None:
    """The first organisation of one of ``kinds`` named in the briefing's own sentences.

    ``org_at`` is in text order, ``starts`` its start offsets: each sentence looks only at
    the mentions that start in it.
    """
    for s, e in spans:
        for _ms, me, name, kind in org_at[bisect.bisect_left(starts, s) : bisect.bisect_left(starts, e)]:
            if me <= e and kind in kinds:
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
        if not _SPOKE.search(text, s, e):
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
