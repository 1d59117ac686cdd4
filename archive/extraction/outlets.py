"""The outlet an article names as its own author.

An outlet is read from what the page says about the article, never from what
the article cites ("according to Reuters", "Yonhap news agency said") or from
a photo credit ("(AP Photo/...)", "[YONHAP]", "/ News1"). The rules below are
tried in order; the first that names a known outlet wins:

1. ``dateline``: "SEOUL, Jan. 5 (Yonhap) --", "WASHINGTON (AP) —",
   "Seoul, Mar 7 (EFE).-", "MOSCOW, January 5. /TASS/.", "(Reuters) -";
2. ``outlet_byline``: a by-line naming an outlet, not a person ("By Yonhap",
   "May 31, 2023 - 20:31 By Yonhap", "By Reuters Staff", "Guardian staff and
   agencies", "Reported by KBS", "Arirang's Kim Min-ji reports.", a line
   "Yonhap reports:");
3. ``copyright``: "Copyright ⓒ Yonhap News Agency. All rights reserved",
   "© 2024 The Associated Press", "(c) koreaherald.com" (read in the raw text:
   the cleaner drops these lines);
4. ``print_edition``: "A version of this article appeared in the print
   edition of The Straits Times on ..."; ``originally_published``: "This
   article was originally published by NK News.";
5. ``masthead``: one of the first lines is the outlet's name or site
   ("The Korea Herald", "The Guardian - AU", a programme such as "News 9"),
   or begins or ends a page title with it ("Minister resigns | The Korea Times");
6. ``credit_line``: a closing line of outlet names ("THE KOREA HERALD/ASIA NEWS
   NETWORK", "— Reuters", "Source: Yonhap");
7. ``sign_off``: "Han Ji-ho, KBS World Radio News.";
8. ``edited_by``: "... edited by Korea JoongAng Daily staff.";
9. ``self_reference``: the page speaking of itself ("Follow our coverage on
   the @Kyivpost_official", "Join the Kyiv Post's Telegram channel");
10. ``programme_tag``: a programme tag leading the title ("[News Today]").

Syndicated copy keeps its author: AP copy on a regional paper's site is AP
(the dateline comes first). Outlet names resolve through the gazetteer
(``data/gazetteer.yaml``: names, aliases, and the ``domains`` of each media
outlet, which are not searched in the text but read sites, mail addresses and
social handles). A dateline may also name an outlet the gazetteer lacks
("SEOUL, May 2 (Busan Ilbo) --"): in the wire form (a place in capitals or a
date, and a dash) it is kept as written, unless the name is a known
organisation of another kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from archive.extraction.organisations import canonical_organisation

_GAZETTEER = Path(__file__).parent / "data" / "gazetteer.yaml"
_HEAD = 2500  # where a dateline, a by-line or a masthead can stand (after menus and a caption)
_TAIL = 1200  # where credits, sign-offs and copyright lines stand

MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_MONTH_CI = "(?i:" + MONTH + ")"  # "JAN. 5" in upper-case datelines
# A date as datelines print it: "Jan. 5", "January 5, 2025", "5 January 2025", "2025-01-05", "2025.1.5".
DATELINE_DATE = (
    rf"(?:(?P<month>{_MONTH_CI})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\.?(?:,?\s+(?P<year>(?:19|20)\d\d))?"
    rf"|(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH_CI})(?:,?\s+(?P<year2>(?:19|20)\d\d))?"
    r"|(?P<y>(?:19|20)\d\d)[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})\.?)"
)
# A time after the date: "10:30", "10:30 a.m.", "18:23 KST", "3 p.m. GMT+9".
_TIME = (
    r"(?:,?\s*(?:-\s*)?\d{1,2}(?:[:.]\d\d)?\s*(?:[ap]\.?m\.?|[AP]\.?M\.?)?"
    r"(?:\s*(?:KST|JST|GMT|UTC|EST|EDT|CET|CEST|BST|ET)(?:\s*[+-]\s*\d{1,2})?)?)"
)
_PLACE_WORD = r"[A-Z][A-Za-z.'’-]*"
# "SEOUL", "Seoul", "SAN FRANCISCO", "SEOUL, South Korea", "KYIV, Ukraine"
_PLACE = rf"{_PLACE_WORD}(?:[ -]{_PLACE_WORD}){{0,3}}(?:,\s*{_PLACE_WORD}(?:[ -]{_PLACE_WORD}){{0,2}})?"
_DASH = r"(?:-{1,2}|–|—|:|•)"
DATELINE = re.compile(
    rf"(?m)^[ \t]*(?P<place>{_PLACE})"
    rf"(?:[,.]?\s+(?P<date>{DATELINE_DATE})(?:{_TIME}(?![\w:]))?)?[,.]?\s*"
    r"(?:\((?P<outlet>[^()\n]{2,40}?)\)|/(?P<slashed>[^/\n]{2,30})/)"
    rf"\s*\.?\s*(?P<dash>{_DASH})?"
)
# "(Reuters) -", "(ANSA) - ROME, JAN 5 -": a dateline whose place the site cut off or put after.
_TAG_FIRST = re.compile(rf"(?m)^[ \t]*\((?P<outlet>[^()\n]{{2,40}}?)\)\s*\.?\s*{_DASH}")
# Parentheses after a place that are no outlet: "(LEAD)", "(2nd LD)", "(Photo)".
_NOT_OUTLETS = frozenset(
    {"lead", "update", "updated", "urgent", "photo", "photos", "file", "video", "corrected"}
)

_BYLINE = re.compile(
    r"(?m)(?:^|(?<=[\s|·]))(?:By|BY|Reported by|Written by)\s+(?P<name>[A-Z][\w.&'’ -]{1,50}?)"
    r"(?:\s+(?:[Ss]taff|[Rr]eporters?|[Ww]riters?|[Cc]orrespondents?))?\s*(?=$|[|,(\[])"
)
_STAFF_LINE = re.compile(
    r"(?m)^[ \t]*(?P<name>[A-Z][\w.&'’ -]{1,50}?)\s+(?:[Ss]taff|[Rr]eporters)(?:\s+and\s+agencies)?[ \t]*$"
)
# A broadcast's hand-over naming its outlet ("KBS's Kim Ji-won reports.") or a line of its own
# ("Yonhap reports:"); "Yonhap reports that ..." in a sentence is a citation, not a credit.
_REPORTS_LINE = re.compile(
    r"(?m)^[ \t]*(?:(?P<name>[A-Z][\w.&'’ -]{1,40}?)['’]s\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3}"
    r"\s+(?:reports|has more|has the story|has the details)\b|(?P<alone>[A-Z][\w.&'’ -]{1,40}?)\s+reports)[.:]?[ \t]*$"
)
# What makes a "©" line a copyright notice rather than a photo credit (so does a site's name).
_COPYRIGHT_WORDS = re.compile(r"(?i)copyright|\b(?:19|20)\d\d\b|rights\s+reserved")
_COPYRIGHT = re.compile(
    r"(?im)^[ \t]*(?:copyright|\(c\)|©|ⓒ)[ \t]*(?:(?:copyright|\(c\)|©|ⓒ|by|(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?)"
    r"[ \t,.]*)*(?P<name>[^\n.,|()]{2,60}?)\s*(?:[.,]|\bInc\b|\bLtd\b|\bCo\b|\ball rights\b|$)"
)
_ORIGINALLY = re.compile(
    r"(?i:originally|first)\s+(?i:published|appeared|ran)\s+(?i:by|in|on|at)\s+(?P<name>[A-Z][\w.&'’ -]{1,50}?)"
    r"\s*(?=[.,;(\n]|$| on | and )"
)
_PRINT_EDITION = re.compile(
    r"(?i:appeared|appears|was published)\s+in\s+the\s+(?i:print\s+edition|newspaper|paper)\s+of\s+"
    r"(?P<name>[A-Z][\w.&'’ -]{1,50}?)\s+on\s"
)
_EDITION = re.compile(
    r"\s*(?:[-–—|:]\s*|\()?\s*(?:AU|US|UK|Asia|Europe|International|English|online)(?:\s+edition)?\)?\s*$"
)
_CREDIT = re.compile(
    r"(?m)^[ \t]*(?:(?:Source|Credit)\s*:\s*|[-–—/]+\s*|\(\s*)?(?P<names>[^\n]{2,80}?)\)?[ \t]*$"
)
SIGN_OFF = re.compile(
    r"(?P<name>[A-Z][A-Za-z'’]+(?:[- ][A-Za-z'’]+){1,3}),\s+(?P<outlet>[A-Z][\w.&' -]{1,60}?)\.?\s*\Z"
)
_EDITED_BY = re.compile(r"edited by (?:the )?(?P<outlet>[A-Z][\w.&' -]{1,60}?) staff\b")
_HANDLE = re.compile(
    r"(?i)\b(?:follow|join|like|subscribe to|find)\b[^\n@]{0,60}?@(?P<handle>[a-z0-9_.]{3,40})"
)
_OWN_CHANNEL = re.compile(
    r"(?:Join|Follow|Subscribe to)\s+(?:the\s+)?(?P<name>[A-Z][\w.&'’ -]{1,40}?)['’]s?\s+"
    r"(?:Telegram|WhatsApp|YouTube|Facebook|Instagram|X|Twitter|LINE|Kakao\w*)\s+(?:channel|page|account)"
)
_MAIL = re.compile(r"[\w.+-]+@(?P<domain>[\w-]+(?:\.[\w-]+)+)")
_SELF_DESCRIPTION = re.compile(
    r"[ \t]*(?P<name>[A-Z][\w.&'’ -]{1,40}?) is (?:an?|the|South Korea['’]s|Korea['’]s|Japan['’]s)\b[^\n]{0,60}?"
    r"\b(?:news|media|newspaper|broadcaster|wire service)\b"
)
_TITLE_TAG = re.compile(r"\s*\[(?P<tag>[^\]\n]{2,40})\]")
_TOKEN = re.compile(r"[\w.-]+")
_SITE = re.compile(
    r"(?i)\b(?P<site>(?:[a-z0-9-]+\.)+(?:com|net|org|co\.kr|kr|co\.jp|jp|co\.uk|uk|cn|ua|tw|de|fr|it|news))\b"
)


def _compact(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.casefold())


@cache
def _compact_index() -> dict[str, str]:
    """Compacted media names, aliases and site names -> canonical name ("kyivpost" -> "Kyiv Post").

    A site's name is its domain without the top-level part ("koreaherald.com" ->
    "koreaherald", "yna.co.kr" -> "yna"); handles and sites of outlets whose names
    compact differently are listed under ``domains`` in the gazetteer.
    """
    with _GAZETTEER.open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    index: dict[str, str] = {}
    for entry in data["organisations"]:
        if entry["kind"] != "media":
            continue
        name = entry["name"]
        for spelling in (name, *(entry.get("aliases") or ())):
            index.setdefault(_compact(spelling), name)
            index.setdefault(_compact(re.sub(r"(?i)^the\s+", "", spelling)), name)
        for domain in entry.get("domains") or ():
            index.setdefault(_compact(domain), name)
            index.setdefault(_compact(_site_name(domain)), name)
    return index


def _site_name(domain: str) -> str:
    """ "www.koreaherald.com" -> "koreaherald", "en.yna.co.kr" -> "yna"."""
    parts = [p for p in domain.lower().split(".") if p not in {"www", "m", "en", "english", "amp"}]
    while len(parts) > 1 and parts[-1] in {
        "com",
        "net",
        "org",
        "co",
        "kr",
        "jp",
        "uk",
        "cn",
        "ua",
        "tw",
        "de",
        "fr",
        "it",
        "news",
        "go",
    }:
        parts.pop()
    return parts[-1] if parts else ""


def media_name(name: str) -> str | None:
    """The canonical outlet ``name`` refers to, or None: by gazetteer name or alias, in any case,
    without an edition suffix, or as a site, mail domain or handle.

    >>> media_name("The Guardian - AU"), media_name("koreaherald.com"), media_name("@Kyivpost_official")
    ('The Guardian', 'Korea Herald', 'Kyiv Post')
    >>> media_name("Li Xin") is None
    True
    """
    name = name.strip().strip("@").strip()
    if not name:
        return None
    for candidate in (name, _EDITION.sub("", name)):
        ref = canonical_organisation(candidate) or canonical_organisation(
            re.sub(r"(?i)^the\s+", "", candidate)
        )
        if ref is not None:
            return ref.name if ref.kind == "media" else None
    if not _TOKEN.fullmatch(name):
        return None  # a site, address or handle is one token; "(Yonhap)" is a photo credit
    index = _compact_index()
    key = _compact(name)
    for variant in (key, re.sub(r"(?:official|news|tv|online)$", "", key), _compact(_site_name(name))):
        if len(variant) >= 4 and variant in index:  # "rt." (a word's end) is no site
            return index[variant]
    return None


def _unlisted_outlet(name: str) -> str | None:
    """A dateline's outlet missing from the gazetteer, kept as written when it reads as a name."""
    words = name.split()
    if not 1 <= len(words) <= 4 or any(ch.isdigit() for ch in name) or name.lower() in _NOT_OUTLETS:
        return None
    if not all(w[0].isupper() for w in words) or "/" in name or "," in name:
        return None
    if canonical_organisation(name) is not None:
        return None  # a party, a ministry: not a media outlet
    return " ".join(words)


def dateline(text: str, raw: str) -> str | None:
    """ "SEOUL, Jan. 5 (Yonhap) --", "WASHINGTON (AP) —", "(Reuters) -" at the start of a line.

    >>> dateline("Title\\n\\nSEOUL, South Korea (AP) — Two lawmakers said so.", "")
    'AP'
    >>> dateline("Caption. (AP Photo/Kim Min-ji)\\nMore.", "") is None
    True
    """
    head = text[:_HEAD]
    for m in DATELINE.finditer(head):
        if not (m.group("dash") or m.group("place").isupper()):
            continue  # "Han Ji-woo, March 3 (KCNA)" under a picture: no dateline
        name = m.group("outlet") or m.group("slashed")
        outlet = media_name(name)
        if outlet is not None:
            return outlet
        # An outlet the gazetteer lacks only in the wire form: a place in capitals or a date, and a dash.
        wire_form = m.group("place").isupper() or m.group("date")
        if m.group("dash") and wire_form and (unlisted := _unlisted_outlet(name)):
            return unlisted
    for m in _TAG_FIRST.finditer(head):
        if outlet := media_name(m.group("outlet")):
            return outlet
    return None


def outlet_byline(text: str, raw: str) -> str | None:
    """A by-line that names an outlet instead of a reporter.

    >>> outlet_byline("Headline\\n\\nMay 31, 2023 - 20:31 By Yonhap\\nText.", "")
    'Yonhap'
    >>> outlet_byline("Headline\\nGuardian staff and agencies\\nText.", "")
    'The Guardian'
    >>> outlet_byline("Headline\\nBy Han Ji-ho\\nText.", "") is None
    True
    """
    head = text[:_HEAD]
    for pattern in (_BYLINE, _STAFF_LINE, _REPORTS_LINE):
        for m in pattern.finditer(head):
            if outlet := media_name(m.group("name") or m.groupdict().get("alone") or ""):
                return outlet
    return None


def copyright(text: str, raw: str) -> str | None:
    """The owner a copyright line names ("Copyright ⓒ Yonhap News Agency. All rights reserved").

    >>> copyright("", "Text.\\n\\n© 2024 The Associated Press. All rights reserved.")
    'AP'
    >>> copyright("", "A picture of the port.\\n© Yonhap\\nText.") is None
    True
    """
    source = raw or text
    for m in _COPYRIGHT.finditer(source):
        end = source.find("\n", m.start())
        line = source[m.start() : end if end >= 0 else len(source)]
        if not (_COPYRIGHT_WORDS.search(line) or _SITE.search(line)):
            continue  # "© Yonhap" alone under a picture is a photo credit
        if outlet := media_name(m.group("name")):
            return outlet
        site = _SITE.search(m.group())
        if site and (outlet := media_name(site.group("site"))):
            return outlet
    return None


def print_edition(text: str, raw: str) -> str | None:
    """ "A version of this article appeared in the print edition of The Straits Times on ...".

    >>> print_edition("Text.\\nThis article appeared in the print edition of The Japan Times on May 2, 2024.", "")
    'Japan Times'
    """
    m = _PRINT_EDITION.search(text[-_TAIL:])
    return media_name(m.group("name")) if m else None


def originally_published(text: str, raw: str) -> str | None:
    """Republished copy names its author: "This article was originally published by NK News.".

    >>> originally_published("Text.\\n\\nThis story was originally published by Radio Free Asia.", "")
    'Radio Free Asia'
    """
    for m in _ORIGINALLY.finditer(text):
        if outlet := media_name(m.group("name")):
            return outlet
    return None


def masthead(text: str, raw: str) -> str | None:
    """One of the first lines is an outlet's name, site or programme ("The Korea Herald", "News 9"),
    or begins or ends a page title with it.

    >>> masthead("Menu\\nThe Guardian - AU\\n\\nWorld\\nHeadline here\\n\\nText.", "")
    'The Guardian'
    """
    lines = [line.strip() for line in text[:_HEAD].splitlines() if line.strip()]
    for line in lines[:8]:
        # A page title's site ("Minister resigns | The Korea Times") or a wire's head line
        # ("KYODO NEWS - Jan 5, 2025 - 10:42"). The last part after " - " is not read: on many
        # sites it names the source a headline cites ("... - Reuters").
        first = re.split(r"\s+(?:\||[-–—])\s+", line, maxsplit=1)[0]
        last = line.rsplit(" | ", 1)[-1]
        for part in dict.fromkeys((line, first, last)):
            if len(part) <= 60 and (outlet := media_name(part)):
                return outlet
    return None


def credit_line(text: str, raw: str) -> str | None:
    """A closing line of outlet names: "THE KOREA HERALD/ASIA NEWS NETWORK", "— Reuters", "Source: Yonhap".

    >>> credit_line("Text of the story.\\n\\nBY YONHAP/ASIA NEWS NETWORK\\n\\nSubscribe now.", "")
    'Yonhap'
    >>> credit_line("Text of the story.\\n— Reuters", "")
    'Reuters'
    """
    lines = [line for line in _tail_lines(text) if line.strip()]
    for line in reversed(lines[-6:]):
        m = _CREDIT.match(line)
        if m is None:
            continue
        first = re.split(r"\s*(?:/|,|;|\||\band\b|\bwith\b)\s*", m.group("names"), maxsplit=1)[0]
        if outlet := media_name(re.sub(r"(?i)^by\s+", "", first)):
            return outlet
    return None


def _tail_lines(text: str) -> list[str]:
    """The whole lines of the text's tail (a line cut by the window is no line)."""
    start = text.find("\n", len(text) - _TAIL) + 1 if len(text) > _TAIL else 0
    return text[start:].splitlines()


def mail_address(text: str, raw: str) -> str | None:
    """A reporter's or the desk's address on a by-line or a closing line ("BY KIM SO-RA
    [kim.sora@joongang.co.kr]", "Please direct questions or comments to [english@hani.co.kr]").

    >>> mail_address("Headline\\nBY HAN SO-RA [han.sora@koreatimes.co.kr]\\nText.", "")
    'Korea Times'
    """
    head_lines = text[:_HEAD].splitlines()[:12]
    for line in (*head_lines, *_tail_lines(text)[-6:]):
        for m in _MAIL.finditer(line):
            if outlet := media_name(m.group("domain")):
                return outlet
    return None


def self_description(text: str, raw: str) -> str | None:
    """A closing line in which the outlet describes itself ("NK News is an independent news source ...").

    >>> self_description("Text.\\n\\nNK News is an independent, non-partisan news source covering Asia.", "")
    'NK News'
    """
    for line in _tail_lines(text)[-8:]:
        m = _SELF_DESCRIPTION.match(line)
        if m and (outlet := media_name(m.group("name"))):
            return outlet
    return None


def sign_off(text: str, raw: str) -> str | None:
    """ "Han Ji-ho, KBS World Radio News." closing the text."""
    m = SIGN_OFF.search(text[-300:])
    return media_name(m.group("outlet")) if m else None


def edited_by(text: str, raw: str) -> str | None:
    """ "Translated ... and edited by Korea JoongAng Daily staff."."""
    m = _EDITED_BY.search(text[-600:])
    return media_name(m.group("outlet")) if m else None


def self_reference(text: str, raw: str) -> str | None:
    """The page speaking of itself: "Follow our coverage of the war on the @Kyivpost_official".

    >>> self_reference("Text.\\nFollow our coverage on the @Kyivpost_official.\\nMore text.", "")
    'Kyiv Post'
    """
    for m in _HANDLE.finditer(text):
        if outlet := media_name(m.group("handle").rstrip(".")):
            return outlet
    for m in _OWN_CHANNEL.finditer(text):
        if outlet := media_name(m.group("name")):
            return outlet
    return None


def programme_tag(text: str, raw: str, title: str = "") -> str | None:
    """A programme tag leading the title ("[News Today] ..."); a bracket at the end of a line is a
    photo credit and says nothing about the article's outlet."""
    tag = _TITLE_TAG.match(title)
    return media_name(tag.group("tag")) if tag else None


RULES: tuple[Callable[[str, str], str | None], ...] = (
    dateline,
    outlet_byline,
    copyright,
    print_edition,
    originally_published,
    masthead,
    credit_line,
    mail_address,
    sign_off,
    edited_by,
    self_reference,
    self_description,
)


def extract_outlet(text: str, title: str = "", raw: str = "") -> str | None:
    """The outlet the article names as its own (see the module docstring), or None.

    >>> extract_outlet("SEOUL, May 2 (Yonhap) -- The NIS said.")
    'Yonhap'
    >>> extract_outlet("The NIS said. [YONHAP]\\n\\nMore.") is None
    True
    """
    for rule in RULES:
        if outlet := rule(text, raw):
            return outlet
    return programme_tag(text, raw, title)
