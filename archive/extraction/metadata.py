"""Title, outlet, byline and publication date of an article, each with its basis.

``extract_metadata(cleaned)`` reads the cleaned text, and the raw text where
the cleaner removed furniture that carries metadata (the leading
" date 2025-04-30 ..." line).

Title: the first line when it reads as a headline (short, no closing full
stop, not an "Anchor:" or "Report:" lead), programme tag included
("[News Today] “NK CASUALTIES HIT 3,000 IN RUSSIA”"); otherwise "" — a first
sentence is not a title, and the editor can add one.

Outlet: from what the article says about itself, never from photo credits
("[YONHAP]" after a caption, "Photo : YONHAP News" credit a picture):

* a dateline: "SEOUL, April 30 (Yonhap) —";
* a sign-off: "Han Ji-ho, KBS World Radio News.";
* an editing note: "... edited by Korea JoongAng Daily staff.";
* a programme tag in the title: "[News Today]" (a KBS programme).

Byline: "BY HAN JI-HO [[email protected]]" -> "Han Ji-ho"; a hand-over
("Han Ji-ho has more.") or a sign-off ("Han Ji-ho, KBS World Radio
News.") -> "Han Ji-ho".

Date: never guessed. In order: a leading date line in the raw text
(" date 2025-04-30", basis "dateline"); a dateline with its year
("SEOUL, April 30, 2025 (Yonhap)"), or without one when the leading date line
or a full date in the text gives that year; otherwise a weekday paired with a
month and day ("on Wednesday (April 30)") whose year is made certain by the
years the text itself names: exactly one of them puts April 30 on a Wednesday
(basis "inferred", the words kept as evidence). Otherwise None, "unknown".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from archive.extraction.cleaning import CAPTION_CREDIT, caption_spans
from archive.extraction.names import normalise_case, same_name
from archive.extraction.organisations import canonical_organisation
from archive.extraction.outlets import DATELINE, SIGN_OFF, extract_outlet, media_name
from archive.extraction.types import ArticleMetadata, CleanedText

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH_RE = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" + (
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_RE = "(?:" + "|".join(_WEEKDAY_NAMES) + ")"

_LEADING_DATE = re.compile(r"\A\s*date\s*[:=]?\s*(\d{4})-(\d{2})-(\d{2})", re.I)
_OWN_YEAR = re.compile(r",?\s+(?:19|20)\d\d\b")
_FULL_DATE = re.compile(rf"(?P<month>{_MONTH_RE})\s+(?P<day>\d{{1,2}}),\s+(?P<year>(?:19|20)\d\d)\b")
# The boundary lookbehinds in these patterns come after a literal first
# character (or behind a lookahead on the possible first characters) so that
# the regex engine skips ahead in C instead of trying every position (4-5x faster).
_YEAR = re.compile(r"((?:19|20)\d\d)(?<![\w,.$-]....)(?![\w-])")
# "Wednesday (April 30)", "Wednesday, April 30", "April 30 (Wednesday)"
_WEEKDAY_DATE = re.compile(
    rf"(?=[ADFJMNOSTW])(?:(?P<wd>{_WEEKDAY_RE})\s*(?:\(\s*|,\s*)(?P<month>{_MONTH_RE})\s+(?P<day>\d{{1,2}})\b\)?"
    rf"|(?P<month2>{_MONTH_RE})\s+(?P<day2>\d{{1,2}})\s*\(\s*(?P<wd2>{_WEEKDAY_RE})\s*\))"
)

# A printed publication stamp in the page head (see _page_stamp).
_STAMP_HEAD = 700
_STAMP_CUES = ("ublished", "osted", "pdated", "odified", "ate:", "입력", "등록", "수정", "|")
_STAMP = re.compile(
    rf"(?:\b(?P<label>Published|Posted|Updated|Modified|Date|입력|등록|수정)(?:\s+on)?\s*:?\s*(?:[^\n\d|]{{0,12}}?\d{{1,2}}:\d\d"
    rf"(?:\s*[AP]M)?(?:\s+GMT[+-]\d{{1,2}})?,?\s*)?|(?m:^)[A-Z][\w .'’-]{{2,40}}\|\s*)"
    rf"(?:{_WEEKDAY_RE},?\s+)?"
    rf"(?:(?P<iso>(?P<y>(?:19|20)\d\d)[-./](?P<m>\d{{1,2}})[-./](?P<d>\d{{1,2}}))"
    rf"|(?P<month>{_MONTH_RE})\s+(?P<day>\d{{1,2}}),\s+(?P<year>(?:19|20)\d\d)"
    rf"|(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH_RE})\s+(?P<year2>(?:19|20)\d\d))",
    re.IGNORECASE,
)
# A line of the page head that is a date and a time of day: "May 31, 2023 - 20:31 By Yonhap",
# "2024.11.05 14:02". A date with its clock time is a page stamp; a date alone may be an event's.
# A wire's name may lead the line ("KYODO NEWS - Jan 5, 2025 - 10:42"); the weekday may be short
# and the time written with a dot ("Tue 5 Nov 2024 03.00 GMT").
_TIMED_DATE_LINE = re.compile(
    r"(?m)^[ \t]*(?:[A-Z][\w .&'’]{1,30}?[ \t]+[-–|·][ \t]+)?"
    rf"(?:(?:{_WEEKDAY_RE}|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\.?),?\s+)?"
    rf"(?:(?P<month>{_MONTH_RE})\s+(?P<day>\d{{1,2}}),\s+(?P<year>(?:19|20)\d\d)"
    r"|(?P<y>(?:19|20)\d\d)[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})\.?"
    rf"|(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH_RE}),?\s+(?P<year2>(?:19|20)\d\d))"
    r"[ \t]*(?:[-–|,·][ \t]*)?\d{1,2}[:.]\d\d\b"
)
# "A version of this article appeared in the print edition of The Straits Times on August 21, 2020"
_PRINT_DATE = re.compile(
    r"(?i:appeared|appears|was published)\s+in\s+(?:the\s+)?(?i:print(?:\s+edition)?|newspaper)"
    rf"(?:\s+of\s+[^\n]{{1,60}}?)?\s+on\s+(?P<month>{_MONTH_RE})\s+(?P<day>\d{{1,2}}),\s+(?P<year>(?:19|20)\d\d)"
)

_NAME = r"[A-Z][A-Za-z'’]+(?:[- ][A-Za-z'’]+){1,3}"
_BY_LINE = re.compile(
    rf"(?im)^\s*by\s+(?P<names>{_NAME}(?:\s*(?:,|and)\s*{_NAME})*)\s*(?:\[+[^\]]*\]+|\(.*\))?\s*$"
)
_HANDOVER = re.compile(
    r"(?P<name>[A-Z](?<![\w-].)[a-z]+(?: [A-Z][a-z]+(?:-[a-z]+)?){1,2})"
    r" (?:has more|reports|has the story|has this report|has the details)\b"
)
# Every hand-over contains one of these (a cheap test before the scan).
_HANDOVER_CUES = (" has more", " reports", " has the story", " has this report", " has the details")
_REPORTER = re.compile(rf"(?m)^\s*Reporter\s*[:=]\s*(?P<name>{_NAME})\s*$")
_LEAD = re.compile(r"(?:Anchor|Report|Reporter)\s*:")
_SENTENCE_END = re.compile(r"[.:;,]\s*\Z")
_NAME_SEPARATOR = re.compile(r"\s*(?:,|\band\b)\s*")


def _month_number(word: str) -> int:
    return _MONTHS[word.rstrip(".").lower()]


def extract_title(text: str) -> str:
    """The headline, or "" when the text has none.

    >>> extract_title("Minister quits over budget row\\n\\nThe minister quit.")
    'Minister quits over budget row'
    >>> extract_title("Anchor: The minister quit on Monday.\\nMore text.")
    ''
    >>> extract_title("The Korea Times\\n\\nMinister quits over budget row\\n\\nThe minister quit.")
    'Minister quits over budget row'
    """
    first, _, rest = text.lstrip().partition("\n")
    first = first.strip()
    if first and media_name(first) is not None and rest.strip():
        first, _, rest = rest.lstrip().partition("\n")  # a masthead, not the headline
        first = first.strip()
    if not rest.strip() or not first:
        return ""
    if len(first) > 200 or len(first.split()) > 25:
        return ""
    if _LEAD.match(first):
        return ""
    if _SENTENCE_END.search(first) or CAPTION_CREDIT.search(first):
        return ""  # a sentence or a photo caption, not a headline
    return first


def _by_lines(text: str) -> list[re.Match[str]]:
    """The matches of ``_BY_LINE``, as far as their ``names`` go.

    ``_BY_LINE`` begins with ``^`` under IGNORECASE: the regex engine tries it at
    every position. Every match holds a line that begins (after white space) with
    "by" in any case; those few places are found by ``str.find`` and the pattern is
    matched from their line start only, in text order, skipping what a match covered.
    A match found by ``finditer`` may start earlier, at a blank line before (its
    leading white space runs over newlines), with the same groups from "by" on.
    """
    starts: set[int] = set()
    for by in ("by", "By", "BY", "bY"):
        at = text.find(by)
        while at >= 0:
            line_start = text.rfind("\n", 0, at) + 1
            if line_start == at or text[line_start:at].isspace():
                starts.add(line_start)
            at = text.find(by, at + 1)
    found: list[re.Match[str]] = []
    pos = 0
    for line_start in sorted(starts):
        if line_start >= pos:
            m = _BY_LINE.match(text, line_start)
            if m is not None:
                found.append(m)
                pos = m.end()
    return found


def extract_byline(text: str) -> tuple[str, ...]:
    """Reporters' names, case-normalised.

    >>> extract_byline("Body.\\n\\nBY PARK SO-YEON, LEE MIN-HO [[email protected]]")
    ('Park So-yeon', 'Lee Min-ho')
    >>> extract_byline("The NIS said so. Choi Ji-won has more. Report: It did.")
    ('Choi Ji-won',)
    """
    found: list[str] = []

    def add(name: str) -> None:
        name = normalise_case(name)
        if canonical_organisation(name) is not None:
            return  # "By Yonhap" is an outlet, not a person
        if not any(same_name(name, other) for other in found):
            found.append(name)

    for m in _by_lines(text):
        for part in _NAME_SEPARATOR.split(m.group("names")):
            if part:
                add(part)
    for m in _REPORTER.finditer(text) if "Reporter" in text else ():  # (a cheap test first)
        add(m.group("name"))
    for m in _HANDOVER.finditer(text) if any(cue in text for cue in _HANDOVER_CUES) else ():
        add(m.group("name"))
    sign_off = SIGN_OFF.search(text[-300:])
    if sign_off and media_name(sign_off.group("outlet")):
        add(sign_off.group("name"))
    return tuple(found)


def _valid_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _page_stamp(raw: str) -> tuple[dt.date, str, str] | None:
    """A labelled date in the page head: "Published : Oct. 30, 2024 - 18:12", "Posted : 2024-11-07",
    "Updated 3:14 AM GMT+9, December 19, 2024", "입력 2025.03.06.", "Jeongmin Kim | November 21, 2024",
    "Date: Monday, December 18, 2023"; or a head line that is a date with its clock time
    ("May 31, 2023 - 20:31 By Yonhap").

    A publication label wins over a timed line, and both over an update label; the
    date is printed, not inferred.

    >>> _page_stamp("Title\\n\\nPosted : 2024-11-07 16:21 | Updated : 2024-11-08 09:00\\n\\nText.")
    (datetime.date(2024, 11, 7), 'dateline', 'Posted : 2024-11-07')
    >>> _page_stamp("Title\\n\\n2024.11.07 16:21\\n\\nText.")
    (datetime.date(2024, 11, 7), 'dateline', '2024.11.07 16:21')
    """
    head = raw[:_STAMP_HEAD]
    found: list[tuple[int, dt.date, str]] = []
    for m in _STAMP.finditer(head) if any(label in head for label in _STAMP_CUES) else ():
        printed = _printed_date(m)
        date = _valid_date(*printed) if printed and printed[0] is not None else None  # type: ignore[arg-type]
        if date is not None:
            updated = (m.group("label") or "").lower().startswith(("updated", "modified", "수정"))
            found.append((2 if updated else 0, date, m.group().strip()))
    timed = _TIMED_DATE_LINE.search(head)
    printed = _printed_date(timed) if timed else None
    if timed and printed and printed[0] is not None and (date := _valid_date(*printed)):  # type: ignore[arg-type]
        found.append((1, date, timed.group().strip()))
    if not found:
        return None
    _rank, date, evidence = min(found, key=lambda f: f[0])
    return date, "dateline", evidence


def _printed_date(m: re.Match[str]) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) of a match with the groups of ``DATELINE_DATE`` / ``_STAMP``."""
    groups = m.groupdict()
    if groups.get("y"):
        return int(groups["y"]), int(groups["m"]), int(groups["d"])
    if groups.get("month"):
        return (
            (int(groups["year"]) if groups.get("year") else None),
            _month_number(groups["month"]),
            int(groups["day"]),
        )
    if groups.get("month2"):
        year = groups.get("year2")
        return (int(year) if year else None), _month_number(groups["month2"]), int(groups["day2"])
    return None


def _dateline_date(text: str) -> tuple[dt.date, str, str] | None:
    """The date of the dateline ("SEOUL, Jan. 5, 2025 (Yonhap) --", "TOKYO, 2025-01-05 (Kyodo) -").

    Without a year ("SEOUL, Jan. 5 (Yonhap)") the year is certain only if the
    text prints this very date with a year.
    """
    m = next(
        (
            d
            for d in DATELINE.finditer(text[:2500])
            if d.group("date") and (d.group("dash") or d.group("place").isupper())
        ),
        None,
    )  # a capitalised name, a date and "(KCNA)" under a picture is no dateline
    printed = _printed_date(m) if m else None
    if m is None or printed is None:
        return None
    year, month, day = printed
    if year is None:
        years = {
            int(f.group("year"))
            for f in _FULL_DATE.finditer(text)
            if (_month_number(f.group("month")), int(f.group("day"))) == (month, day)
        }
        year = years.pop() if len(years) == 1 else None
    date = _valid_date(year, month, day) if year is not None else None
    return (date, "dateline", m.group().strip()) if date else None


def _print_edition_date(text: str) -> tuple[dt.date, str, str] | None:
    """ "... appeared in the print edition of The Straits Times on August 21, 2020"."""
    m = _PRINT_DATE.search(text[-1500:])
    date = (
        _valid_date(int(m.group("year")), _month_number(m.group("month")), int(m.group("day"))) if m else None
    )
    return (date, "dateline", m.group().strip()) if m and date else None


def _inferred_date(text: str) -> tuple[dt.date, str, str] | None:
    """A weekday paired with a month and day ("on Tuesday (March 4)") whose year exactly one of the
    years the text names makes fit.

    A weekday date that prints its own year ("Tuesday, Aug. 14, 2012") is a date of
    something else — a file photo, a page's clock — unless a label or a dateline
    says it is the publication's: it infers nothing. Nor does a photo caption.
    """
    years_named = {int(y) for y in _YEAR.findall(text)}
    captions = caption_spans(text)
    best: tuple[dt.date, str] | None = None
    has_weekday = any(day in text for day in _WEEKDAY_NAMES)  # a cheap test before the scan
    for w in _WEEKDAY_DATE.finditer(text) if has_weekday else ():
        if _OWN_YEAR.match(text, w.end()) or any(s <= w.start() < e for s, e in captions):
            continue
        weekday = _WEEKDAYS[(w.group("wd") or w.group("wd2")).lower()]
        month = _month_number(w.group("month") or w.group("month2"))
        day = int(w.group("day") or w.group("day2"))
        fits = [
            y for y in sorted(years_named) if (d := _valid_date(y, month, day)) and d.weekday() == weekday
        ]
        if len(fits) != 1:
            continue  # no year, or several: not certain
        date = dt.date(fits[0], month, day)
        if best is None or date > best[0]:
            best = (date, f"{w.group().strip()} with year {fits[0]} named in the text")
    return (best[0], "inferred", best[1]) if best else None


def extract_date(cleaned: CleanedText) -> tuple[dt.date | None, str, str]:
    """(date, basis, evidence) of publication. See the module docstring.

    >>> extract_date(CleanedText(" date 2024-11-21 Photo", "", ()))
    (datetime.date(2024, 11, 21), 'dateline', 'date 2024-11-21')
    >>> t = "In 2025 the agency said on Tuesday (March 4) that it had proof."
    >>> extract_date(CleanedText(t, t, ()))
    (datetime.date(2025, 3, 4), 'inferred', 'Tuesday (March 4) with year 2025 named in the text')
    >>> t = "The agency said on Thursday that it had proof."
    >>> extract_date(CleanedText(t, t, ()))
    (None, 'unknown', '')
    """
    raw, text = cleaned.raw, cleaned.text
    m = _LEADING_DATE.match(raw)
    if m:
        date = _valid_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if date is not None:
            return date, "dateline", m.group().strip()
    for rule in (_dateline_date, _page_stamp, _print_edition_date, _inferred_date):
        found = rule(raw if rule is _page_stamp else text)
        if found is not None:
            return found
    return None, "unknown", ""


def extract_metadata(cleaned: CleanedText) -> ArticleMetadata:
    """Title, outlet, byline and publication date of a cleaned article.

    >>> from archive.extraction.cleaning import clean
    >>> md = extract_metadata(clean(" date 2024-11-21 [Night Desk] “BUDGET PASSES”\\n\\nIt passed."
    ...     "\\n\\nHan Ji-min, KBS World Radio News."))
    >>> (md.title, md.outlet, md.byline, str(md.published_on), md.published_on_basis)
    ('[Night Desk] “BUDGET PASSES”', 'KBS', ('Han Ji-min',), '2024-11-21', 'dateline')
    """
    text = cleaned.text
    title = extract_title(text)
    date, basis, evidence = extract_date(cleaned)
    return ArticleMetadata(
        title=title,
        outlet=extract_outlet(text, title, cleaned.raw),
        byline=extract_byline(text),
        published_on=date,
        published_on_basis=basis,
        published_on_evidence=evidence,
    )


_NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def resolve_relative_date(phrase: str, anchor: dt.date) -> dt.date | None:
    """The date a relative phrase names, counted from ``anchor`` (a publication date).

    A bare weekday is the most recent such day on or before the anchor (news
    reports past events); "last <weekday>" is strictly before it.

    >>> d = dt.date(2025, 4, 30)  # a Wednesday
    >>> resolve_relative_date("on Wednesday", d), resolve_relative_date("Monday", d)
    (datetime.date(2025, 4, 30), datetime.date(2025, 4, 28))
    >>> resolve_relative_date("last Wednesday", d)
    datetime.date(2025, 4, 23)
    >>> resolve_relative_date("the previous day", d), resolve_relative_date("two days ago", d)
    (datetime.date(2025, 4, 29), datetime.date(2025, 4, 28))
    >>> resolve_relative_date("earlier this month", d) is None
    True
    """
    p = re.sub(r"\s+", " ", phrase.strip().lower().replace("’", "'"))
    p = re.sub(r"^(?:on|held|from|since) ", "", p)
    fixed = {
        "today": 0,
        "this morning": 0,
        "this afternoon": 0,
        "tonight": 0,
        "yesterday": -1,
        "the previous day": -1,
        "the day before": -1,
        "a day earlier": -1,
        "a day before": -1,
        "the day before yesterday": -2,
        "tomorrow": 1,
        "the following day": 1,
        "the next day": 1,
    }
    if p in fixed:
        return anchor + dt.timedelta(days=fixed[p])
    m = re.fullmatch(r"(\w+) days? (?:ago|earlier|before)", p)
    if m:
        n = _NUMBER_WORDS.get(m.group(1)) or (int(m.group(1)) if m.group(1).isdigit() else None)
        return anchor - dt.timedelta(days=n) if n else None
    m = re.fullmatch(rf"(last |this |next |this past |past )?({_WEEKDAY_RE.lower()[3:-1]})('s)?", p)
    if m:
        target = _WEEKDAYS[m.group(2)]
        modifier = (m.group(1) or "").strip()
        back = (anchor.weekday() - target) % 7
        if modifier == "next":
            return anchor + dt.timedelta(days=(target - anchor.weekday()) % 7 or 7)
        if modifier in {"last", "this past", "past"} and back == 0:
            back = 7
        return anchor - dt.timedelta(days=back)
    return None
