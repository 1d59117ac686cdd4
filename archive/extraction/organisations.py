"""Organisations named in a text: gazetteer matches plus a few general patterns.

The gazetteer (``data/gazetteer.yaml``) lists canonical organisations with
their kind, aliases and parent. ``find_organisations`` finds every mention,
with exact offsets, and groups the mentions by canonical name::

    >>> [(o.name, o.kind) for o in find_organisations(
    ...     "Rep. Han of the PPP said the NIS briefed the Intelligence Committee.")]
    [('People Power Party', 'party'), ('National Intelligence Service', 'agency'), \
('National Assembly Intelligence Committee', 'committee')]

Matching rules, and why:

* Longest match wins: "National Assembly Intelligence Committee" is one
  committee, not the National Assembly plus a committee.
* Aliases written with a capital letter match case-sensitively: acronyms
  (NIS, AP, DP) must not match ordinary words ("ap", "dp"). They also match
  in ALL CAPS when longer than four characters, for headlines. Aliases written
  in lower case ("the spy agency", "unification ministry") match in any case.
* ' and ’ are interchangeable ("National Assembly’s Intelligence Committee").
* Generic aliases ("intelligence agency", "foreign ministry") name the
  organisation only when no other country is named just before them::

      >>> [o.name for o in find_organisations("Ukraine's intelligence agency said")]
      []
      >>> [o.name for o in find_organisations("the intelligence agency said")]
      ['National Intelligence Service']

* "... military" followed by a noun is an adjective, not an organisation
  ("South Korean military sites").

Organisations missing from the gazetteer are caught by patterns: "Ministry of
X" and "X Ministry" (government), "X's military" / "<Demonym> military"
(military, named "<Demonym> military"), "X Party" (party)::

    >>> [(o.name, o.kind) for o in find_organisations("the Ministry of Oceans and Fisheries said")]
    [('Ministry of Oceans and Fisheries', 'government')]
    >>> [(o.name, o.kind) for o in find_organisations("Iran's military fired")]
    [('Iranian military', 'military')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from archive.extraction.types import ORGANISATION_KINDS, Mention, OrganisationRef

_DATA = Path(__file__).parent / "data" / "gazetteer.yaml"

_APOS = "['’]"
_WS = re.compile(r"\s+")
# Capitalised words that start a sentence but are not part of a name.
_DETERMINERS = frozenset(
    {
        *("The", "A", "An", "This", "That", "These", "Those", "Its", "Their", "His", "Her", "Our"),
        *("Meanwhile", "Then", "But", "And", "Also", "When", "While", "Both", "Each", "Every", "Some"),
        *("No", "Former", "Current", "Yesterday", "Today"),
    }
)


@dataclass(frozen=True)
class Entry:
    """One gazetteer organisation."""

    name: str
    kind: str
    aliases: tuple[str, ...]
    generic: tuple[str, ...] = ()
    parent: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Gazetteer:
    entries: dict[str, Entry]
    # alias key -> (canonical name, is generic); see _key / _ci_key
    exact: dict[str, tuple[str, bool]]
    folded: dict[str, tuple[str, bool]]
    cs_pattern: re.Pattern[str]  # the aliases with a capital letter, matched as written
    ci_pattern: re.Pattern[str]  # the lower-case aliases, matched in any case
    # country name/alias/demonym (apostrophes normalised) -> country name
    countries: dict[str, str]
    demonyms: dict[str, str]  # country name -> demonym
    country_before: re.Pattern[str]
    attributive_nouns: frozenset[str] = field(default_factory=frozenset)


def _key(s: str) -> str:
    """Whitespace and apostrophes normalised: the key of a case-sensitive alias."""
    # == _WS.sub(" ", ...).strip(): str.split() splits at the characters "\s" matches.
    return " ".join(s.replace("’", "'").split())


def _ci_key(s: str) -> str:
    return _key(s).casefold()


def _char_regex(ch: str) -> str:
    if ch == "'":
        return _APOS  # either apostrophe
    if ch == " ":
        return r"\s+"  # any run of whitespace
    return re.escape(ch)


def trie_regex(words: Iterable[str]) -> str:
    """One regex for many literal strings, factored as a character trie.

    The longest string at a position wins, as in a longest-first alternation;
    ' matches either apostrophe and a space any run of white space::

        >>> re.match(trie_regex(["NIS", "NIS Director"]), "NIS Director").group()
        'NIS Director'
    """
    return _emit(_trie(words))


def _trie(words: Iterable[str]) -> dict[str, Any]:
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in _key(word):
            node = node.setdefault(ch, {})
        node[""] = {}  # end of a word
    return trie


def _emit(node: dict[str, Any]) -> str:
    branches = [_char_regex(ch) + _emit(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # Greedy optional where a word ends: try the longer alias first, fall back to ending here.
    return f"(?:{body})?" if "" in node else body


def _bounded(aliases: Iterable[str]) -> str:
    """Any of ``aliases`` as a whole word: no letter, digit, apostrophe or hyphen on either side."""
    return rf"(?<![\w'’-])(?:{trie_regex(aliases)})(?![\w-])"


@cache
def load_gazetteer() -> Gazetteer:
    """Load and index ``data/gazetteer.yaml`` (cached: loaded once per process).

    Raises ``ValueError`` on an unknown kind or an alias shared by two
    organisations, so a bad edit of the data file fails loudly in tests.
    """
    with _DATA.open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    entries: dict[str, Entry] = {}
    exact: dict[str, tuple[str, bool]] = {}
    folded: dict[str, tuple[str, bool]] = {}
    cs_aliases: list[str] = []
    ci_aliases: list[str] = []
    for raw in data["organisations"]:
        entry = Entry(
            name=raw["name"],
            kind=raw["kind"],
            aliases=tuple(raw.get("aliases") or ()),
            generic=tuple(raw.get("generic") or ()),
            parent=raw.get("parent"),
            country=raw.get("country"),
        )
        if entry.kind not in ORGANISATION_KINDS:
            raise ValueError(f"{entry.name}: unknown kind {entry.kind!r}")
        if entry.name in entries:
            raise ValueError(f"{entry.name}: listed twice")
        entries[entry.name] = entry
        spellings = [
            (entry.name, False),
            *((a, False) for a in entry.aliases),
            *((g, True) for g in entry.generic),
        ]
        for alias, generic in spellings:
            if alias != alias.lower():
                forms = [alias]
                if len(alias) > 4 and alias != alias.upper():
                    forms.append(alias.upper())  # headlines in capitals
                for form in forms:
                    previous = exact.setdefault(_key(form), (entry.name, generic))
                    if previous[0] != entry.name:
                        raise ValueError(f"alias {form!r} of {entry.name} already belongs to {previous[0]}")
                    cs_aliases.append(form)
            else:
                ci_aliases.append(alias)
            previous = folded.setdefault(_ci_key(alias), (entry.name, generic))
            if previous[0] != entry.name and alias == alias.lower():
                raise ValueError(f"alias {alias!r} of {entry.name} already belongs to {previous[0]}")
    for name, entry in entries.items():
        if entry.parent is not None and entry.parent not in entries:
            raise ValueError(f"{name}: unknown parent {entry.parent!r}")

    countries: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    for c in data["countries"]:
        demonyms[c["name"]] = c["demonym"]
        for spelling in (c["name"], c["demonym"], *c.get("aliases", ())):
            countries[_key(spelling)] = c["name"]
    # A country right before a match: "Ukraine's ", "Russian ", "North Korea’s ".
    country_before = re.compile(rf"(?<![\w'’-])({trie_regex(countries)})(?:{_APOS}s)?\s+\Z")
    if not ci_aliases:
        raise ValueError("the gazetteer needs at least one lower-case alias")
    return Gazetteer(
        entries=entries,
        exact=exact,
        folded=folded,
        cs_pattern=re.compile(_bounded(cs_aliases)),
        ci_pattern=re.compile(_bounded(ci_aliases), re.IGNORECASE),
        countries=countries,
        demonyms=demonyms,
        country_before=country_before,
        attributive_nouns=frozenset(data.get("attributive_nouns") or ()),
    )


# --- patterns for organisations that are not in the gazetteer ---------------

_CAP = r"[A-Z][a-z]+"
_CAPS = rf"{_CAP}(?:\s+{_CAP})*"
# "Ministry of Oceans and Fisheries", "Ministry of Trade, Industry and Energy".
_MINISTRY_OF = re.compile(rf"(?<![\w-])Ministry\s+of\s+{_CAPS}(?:(?:,\s+|\s+and\s+){_CAPS})*(?![\w-])")
# "Foreign Ministry", "Liberal Democratic Party": the head word, then the capitalised words before it.
_HEAD_WORD = re.compile(r"(?<![\w-])(?:Ministry|Party)(?![\w-])")
_CAPS_BEFORE = re.compile(r"(?<![\w'’.-])(?:[A-Z][a-z]+\s+){1,4}\Z")
_MILITARY_WORD = re.compile(r"(?<![\w-])(?:military|armed\s+forces|army)(?![\w-])")


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    name: str
    kind: str
    parent: str | None
    priority: int  # 0 gazetteer, 1 pattern: the gazetteer wins a tie


# Compiled once: re.match(str, ...) costs a cache lookup per call.
_NEXT_WORD = re.compile(r"\s+([A-Za-z-]+)")
_CAPITALISED_WORD = re.compile(r"([A-Z][a-z]+)\s+")


def _next_word(text: str, end: int) -> str:
    m = _NEXT_WORD.match(text, end, end + 40)
    return m.group(1).lower() if m else ""


def _trim_determiners(text: str, start: int, end: int) -> int:
    """Move ``start`` past leading determiners ("The Foreign Ministry" -> "Foreign Ministry")."""
    while True:
        m = _CAPITALISED_WORD.match(text, start, end)
        if not m or m.group(1) not in _DETERMINERS:
            return start
        start = m.end()


def _gazetteer_candidates(text: str, g: Gazetteer) -> list[_Candidate]:
    found: list[_Candidate] = []
    for m in [*g.cs_pattern.finditer(text), *g.ci_pattern.finditer(text)]:
        s, e = m.span()
        written = m.group()
        key = _key(written)
        hit = g.exact.get(key) or g.folded.get(key.casefold())
        if hit is None:
            continue
        name, generic = hit
        entry = g.entries[name]
        if generic:
            before = g.country_before.search(text, max(0, s - 40), s)
            if before and g.countries[_key(before.group(1))] != entry.country:
                continue  # "Ukraine's intelligence agency" is not the NIS
        if written.lower().endswith("military") and _next_word(text, e) in g.attributive_nouns:
            continue  # "South Korean military sites"
        found.append(_Candidate(s, e, name, entry.kind, entry.parent, 0))
    return found


def _pattern_candidates(text: str, g: Gazetteer) -> list[_Candidate]:
    found: list[_Candidate] = []
    for m in _MINISTRY_OF.finditer(text):
        found.append(_Candidate(m.start(), m.end(), _key(m.group()), "government", None, 1))
    for m in _HEAD_WORD.finditer(text):
        before = _CAPS_BEFORE.search(text, max(0, m.start() - 60), m.start())
        if before is None:
            continue
        s = _trim_determiners(text, before.start(), m.end())
        if s == m.start():
            continue  # only "Ministry" / "Party" left ("The Party")
        written = _key(text[s : m.end()])
        if written in g.exact:
            continue  # the gazetteer candidate covers it
        kind = "government" if m.group() == "Ministry" else "party"
        found.append(_Candidate(s, m.end(), written, kind, None, 1))
    for m in _MILITARY_WORD.finditer(text):
        country_m = g.country_before.search(text, max(0, m.start() - 40), m.start())
        if country_m is None or _next_word(text, m.end()) in g.attributive_nouns:
            continue
        country = g.countries[_key(country_m.group(1))]
        name = f"{g.demonyms[country]} military"
        start = country_m.start()
        known = g.exact.get(name)
        if known:
            entry = g.entries[known[0]]
            found.append(_Candidate(start, m.end(), entry.name, entry.kind, entry.parent, 1))
        else:
            found.append(_Candidate(start, m.end(), name, "military", None, 1))
    return found


def find_organisations(text: str) -> tuple[OrganisationRef, ...]:
    """Every organisation named in ``text``, in order of first mention.

    ``aliases`` holds the spellings seen (as written, whitespace collapsed);
    ``mentions`` hold exact offsets: ``text[m.start:m.end] == m.text``.

    >>> refs = find_organisations("The National Intelligence Service (NIS) said. The NIS added.")
    >>> [(r.name, r.aliases, len(r.mentions)) for r in refs]
    [('National Intelligence Service', ('National Intelligence Service', 'NIS'), 3)]
    """
    g = load_gazetteer()
    candidates = _gazetteer_candidates(text, g) + _pattern_candidates(text, g)
    # Longest first, gazetteer before pattern, then leftmost; keep what does not overlap.
    candidates.sort(key=lambda c: (c.start - c.end, c.priority, c.start))
    taken: list[_Candidate] = []
    # occupied[i] == 1 when character i belongs to a kept candidate.
    occupied = bytearray(len(text))
    for c in candidates:
        if occupied.find(1, c.start, c.end) >= 0:  # candidates are never empty
            continue
        taken.append(c)
        occupied[c.start : c.end] = b"\x01" * (c.end - c.start)
    taken.sort(key=lambda c: c.start)

    grouped: dict[str, list[_Candidate]] = {}
    for c in taken:
        grouped.setdefault(c.name, []).append(c)
    refs: list[OrganisationRef] = []
    for name, group in grouped.items():
        spellings = dict.fromkeys(_WS.sub(" ", text[c.start : c.end]) for c in group)
        refs.append(
            OrganisationRef(
                name=name,
                kind=group[0].kind,
                aliases=tuple(spellings),
                parent=group[0].parent,
                mentions=tuple(Mention(text[c.start : c.end], c.start, c.end) for c in group),
            )
        )
    return tuple(refs)


def canonical_organisation(name: str) -> OrganisationRef | None:
    """The gazetteer organisation that ``name`` (any alias, any case) refers to.

    >>> canonical_organisation("Yonhap News Agency").name
    'Yonhap'
    >>> canonical_organisation("National Assembly’s Intelligence Committee").kind
    'committee'
    >>> canonical_organisation("Ministry of Magic") is None
    True
    """
    g = load_gazetteer()
    hit = g.exact.get(_key(name)) or g.folded.get(_ci_key(name))
    if hit is None:
        return None
    entry = g.entries[hit[0]]
    return OrganisationRef(name=entry.name, kind=entry.kind, aliases=entry.aliases, parent=entry.parent)


def organisation_names(kind: str | None = None) -> tuple[str, ...]:
    """Canonical names in the gazetteer, optionally only those of one kind."""
    return tuple(e.name for e in load_gazetteer().entries.values() if kind is None or e.kind == kind)


def party_names() -> tuple[str, ...]:
    """Canonical names of the political parties in the gazetteer."""
    return organisation_names("party")


def organisation_at(
    text: str, start: int, end: int, refs: tuple[OrganisationRef, ...] | None = None
) -> OrganisationRef | None:
    """The organisation mentioned at ``text[start:end]``, or None.

    A mention covering exactly the span is preferred, then the first mention
    overlapping it. Pass ``refs`` (the result of ``find_organisations(text)``)
    to avoid searching the text again.

    >>> t = "Rep. Yoon of the Democratic Party spoke."
    >>> organisation_at(t, t.index("Democratic"), t.index(" spoke")).name
    'Democratic Party'
    """
    if refs is None:
        refs = find_organisations(text)
    best: tuple[int, int, OrganisationRef] | None = None
    for ref in refs:
        for m in ref.mentions:
            if m.start < end and start < m.end:
                rank = (0 if (m.start, m.end) == (start, end) else 1, m.start)
                if best is None or rank < best[:2]:
                    best = (*rank, ref)
    return best[2] if best else None
