"""People, found from the way news text names them.

No person's name is listed anywhere: a name is a capitalised word sequence
that has the shape of a Korean name ("Yoon Byung-hee", "Choe Mi Ran") or is
introduced by a title, an apposition or a speech verb ("Russian President
Vladimir Putin", "Jane Doe, who attended"). Places, months and organisations
are kept out by the ``not_names`` list in ``data/attribution.yaml``.

Within one article the spellings of one person are merged (``names.same_name``)
and surname-only mentions are resolved to the nearest compatible person named
before them::

    >>> people = find_people("Rep. Han Ji-woo spoke. Han Mi-rae left. Rep. Han added more.")
    >>> [(p.name, [m.text for m in p.mentions]) for p in people]
    [('Han Ji-woo', ['Han Ji-woo', 'Han']), ('Han Mi-rae', ['Han Mi-rae'])]
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from .names import _rules, name_key, near_keys, normalise_case, surname_key
from .types import Mention, OrganisationRef, PersonRef

_DATA = Path(__file__).parent / "data" / "attribution.yaml"


@cache
def vocabulary() -> dict[str, Any]:
    """The domain word lists of ``data/attribution.yaml`` (read once)."""
    with _DATA.open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


def _alternation(words: Iterable[str], *, escape: bool = False) -> str:
    items = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(re.escape(w) if escape else w for w in items)


@cache
def _surnames() -> frozenset[str]:
    listed = {s.lower() for s in vocabulary()["korean_surnames"]}
    return frozenset(listed | set(_rules()["surnames"]))


@cache
def _not_names() -> frozenset[str]:
    return frozenset(w.lower() for w in vocabulary()["not_names"])


@cache
def _title_before() -> re.Pattern[str]:
    """A title ending a short window of text before a name ("... told Rep. ")."""
    return re.compile(rf"(?:^|[\s(\[/:,])({_alternation(vocabulary()['titles'])})\s+$", re.IGNORECASE)


def _title_at_end(before: str) -> re.Match[str] | None:
    """The title that ``before`` (a window of at most 60 characters) ends with, if any."""
    return _title_before().search(before)


@cache
def _title_roles() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(rf"^(?:{k})$", re.IGNORECASE), v) for k, v in vocabulary()["titles"].items()]


@cache
def _apposition() -> list[tuple[re.Pattern[str], str]]:
    return [
        (re.compile(rf"^,\s+(?:{k})\b", re.IGNORECASE), v)
        for k, v in vocabulary()["apposition_roles"].items()
    ]


@cache
def _speech_after() -> re.Pattern[str]:
    alt = _alternation(vocabulary()["speech_verbs"])
    return re.compile(rf"^\s+(?:(?:has|have|had|also|further|then)\s+)*(?:{alt})\b", re.IGNORECASE)


@cache
def _kinship_before() -> re.Pattern[str]:
    alt = _alternation(vocabulary()["kinship"])
    return re.compile(rf"(?:\b(?:his|her|their)|[A-Z][A-Za-z-]+[’']s)\s+(?:{alt})\s+$", re.IGNORECASE)


@cache
def _openers() -> frozenset[str]:
    return frozenset(w.lower() for w in vocabulary()["sentence_openers"])


@cache
def _credit_before() -> re.Pattern[str]:
    alt = _alternation(vocabulary()["credit_lines"])
    return re.compile(rf"\b({alt})\s+by\s+(?:[^;()\n]{{0,60}}?(?:\band|,)\s+)?$", re.IGNORECASE)


@cache
def _furniture_markers() -> frozenset[str]:
    return frozenset(m.lower() for m in vocabulary()["furniture_markers"])


# A run of capitalised words: "Russian President Vladimir Putin", "Rep. Lee".
_AND_TAIL = re.compile(r"(?:\band|,)\s+$")
# Whole-text scans begin with a consumed character, the word boundary before it checked
# by a lookbehind after it ("\b[A-Z]" == "[A-Z](?<!\w[A-Z])"): a pattern that begins with
# a character class lets the engine skip to candidate characters in C (about 2x faster).
_CAP_WORD = re.compile(r"[A-Z](?<!\w[A-Z])[a-z]+\b")
_NEXT_CAP = re.compile(r"[ \u00a0]([A-Z][a-z]+)")
_RUN = re.compile(r"[A-Z][A-Za-z]*(?:-[A-Za-z]+)*\.?(?:[ \u00a0][A-Z][A-Za-z]*(?:-[A-Za-z]+)*\.?)*")
_ROLE_APPOSITION = re.compile(
    r"^,\s+((?:the\s+|an?\s+)?(?:(?:first|deputy|vice|senior|former|acting)\s+)?"
    r"(?:director|minister|chair(?:man|woman|person)|head|chief|spokes(?:person|man|woman)|leader|"
    r"secretary|commander|ambassador|president|reporter|correspondent|fellow|analyst|professor|researcher)\b"
    # Dotted acronyms ("U.S.") and bracketed ones ("(HUR)") stay inside the apposition.
    r"(?:(?:[A-Z]\.){2,}|\([^()\n]{1,30}\)|[^,.;:()\n]){0,100}?)(?=[,.;:]|\s*$)",
    re.IGNORECASE,
)
_PARTY_GAP_BEFORE = re.compile(
    r"^(?:[’']s)?\s*(?:(?:Reps?|Sen)\.|lawmakers?|legislators?|members?|chairman|chairwoman|leader|floor leader)?\s*$",
    re.IGNORECASE,
)
_PARTY_GAP_AFTER = re.compile(
    r"^(?:\s+(?:of|from)\s+the\s+|\s*\(\s*(?:the\s+)?|\s*/\s*|,\s+(?:a|an|the)\s+|"
    r",\s+(?:(?:a|an)\s+(?:member|lawmaker|legislator|representative)\s+)?(?:of|from)\s+the\s+)"
    r"(?:(?:ruling|main|minor|conservative|liberal|progressive|opposition|splinter|new)\s+){0,2}$"
)
_PARTY_GAP_LIMIT = 60
# "\b(?:[A-Z][a-z]+[’']?s?\s+){1,3}Party\b", its first repetition written out (see _CAP_WORD).
# "\b([A-Z]{2,5}) ([A-Z]{1,6}-[A-Z]{1,6})\b", beginning with a consumed character (see _CAP_WORD).
_HYPHEN_CAPITAL = re.compile(r"-[A-Z]")
_CAPITAL_NAME = re.compile(r"([A-Z](?<!\w[A-Z])[A-Z]{1,4}) ([A-Z]{1,6}-[A-Z]{1,6})\b")
_FALLBACK_PARTY = re.compile(r"[A-Z](?<!\w[A-Z])[a-z]+[’']?s?\s+(?:[A-Z][a-z]+[’']?s?\s+){0,2}Party\b")
_SPEECH_BEFORE = re.compile(r"(?:\bsaid|\bsays|\badded|\baccording\s+to)[ \u00a0]+$", re.IGNORECASE)
_LAWMAKER_COMMA = re.compile(r"\b(?:lawmaker|legislator|parliamentarian|assemblym[ae]n),\s+$", re.IGNORECASE)
# "Jeongmin Kim | November 21, 2024": a name heading a line, then a bar and a date (a byline).
_BYLINE_BAR = re.compile(r"^[ \t]*\|[ \t]*(?:[A-Z][a-z]{2,8}\.? \d{1,2}\b|\d{4}[-./]\d)")
# One romanised Korean syllable ("Seung", "Byoung", "Kweun", "Koo"): a family name
# outside the list must look like one, and so must each half of a hyphenated given name.
_SYLLABLE = re.compile(
    r"(?:ch|kk|tt|pp|ss|jj|sh|ts|[bcdghjklmnprst])?[wy]?(?:ae|ai|eo|eu|ee|oe|oo|ou|ui|ei|a|e|i|o|u)"
    r"(?:ng|n|m|l|k|p|t|r|b|g)?",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(r"^(?:\s+has\s+more\b|\s+reports\b|,\s+[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)*\s+News\b)")


@dataclass
class _Candidate:
    text: str
    start: int
    end: int
    name: str  # case-normalised, or "" for a surname-only mention
    roles: list[str] = field(default_factory=list)
    party: str | None = None
    plural_title: bool = False
    sign_off: bool = False
    person: int = -1
    confidence: float = 1.0


@dataclass
class _Person:
    variants: dict[str, None] = field(default_factory=dict)  # the spellings, in order (a set)
    roles: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    mentions: list[_Candidate] = field(default_factory=list)
    is_byline: bool = False
    confidence: float = 1.0

    @property
    def name(self) -> str:
        full = [v for v in self.variants if len(v.split()) > 1] or list(self.variants)
        if len(full) == 1:
            return full[0]  # (most people have one spelling: no ranking)
        # Most letters first; between equals the hyphenated Korean form ("Kim Jong-un" over "Kim Jong Un"),
        # then the first written (variants are distinct: index i is the one full.index would find).
        return max(enumerate(full), key=lambda iv: (_letter_count(iv[1]), "-" in iv[1], -iv[0]))[1]


@lru_cache(maxsize=4096)  # pure; asked of the same few names many times
def _letter_count(name: str) -> int:
    return sum(ch.isalpha() for ch in name)


@lru_cache(maxsize=4096)  # pure; asked of the same few names many times per article
def _is_korean_name(name: str) -> bool:
    words = name.split()
    if len(words) < 2:
        return False
    if words[0].lower() in _surnames():
        return _korean_given(words[1:]) > 0
    return len(words) == 2 and _unlisted_korean(words[0], words[1])


def _unlisted_korean(family: str, given: str) -> bool:
    """ "Koo Byoung-sam", "Tak Yu-na": a family name not in the list, before a hyphenated given name.

    Both must be made of romanised Korean syllables, so that "Eyes Follow-up"
    (a headline) or "Air Stand-off" is not read as a name.
    """
    parts = given.split("-")
    return (
        len(family) <= 5
        and family.lower() not in _not_names()
        and bool(_SYLLABLE.fullmatch(family))
        and len(parts) == 2
        and given[:1].isupper()
        and all(_SYLLABLE.fullmatch(p) for p in parts)
    )


def _korean_given(given: Sequence[str]) -> int:
    """2: the given name is certainly Korean-shaped; 1: plausibly; 0: not."""
    if not given or any(w.lower().rstrip(".") in _not_names() for w in given):
        return 0
    if len(given) == 1:
        parts = given[0].split("-")
        if len(parts) == 2 and all(1 <= len(p) <= 6 and p.isalpha() for p in parts):
            return 2
        return 1 if given[0].isalpha() and len(given[0]) <= 10 else 0
    if len(given) == 2 and all(w.isalpha() and len(w) <= 6 for w in given):
        return 2
    return 0


@cache
def _longest_marker() -> int:
    return max(map(len, _furniture_markers()), default=0)


def _furniture_start(text: str) -> int:
    """Where a trailing link list ("You may also like") begins, or len(text)."""
    markers = _furniture_markers()
    longest = _longest_marker()
    pos = 0
    for line in text.splitlines(keepends=True):
        # lower() never shortens a string and keeps its trailing colons, so a line longer
        # than every marker (stripped, without the colons) is no marker: it is not lowered.
        stripped = line.strip()
        if len(stripped.rstrip(":")) <= longest and stripped.lower().rstrip(":") in markers:
            return pos
        pos += len(line)
    return len(text)


@lru_cache(maxsize=1024)  # pure; the same few titles recur
def _role_of_title(title: str) -> str:
    title = title.strip()
    if _title_word().fullmatch(title) is None:
        return ""  # no title at all (most words asked about): one match instead of one per title
    for pattern, role in _title_roles():
        if pattern.match(title):
            return role
    return ""


@cache
def _title_word() -> re.Pattern[str]:
    return re.compile(rf"(?:{_alternation(vocabulary()['titles'])})", re.IGNORECASE)


def _stop_word(word: str) -> bool:
    """A word that ends a name: one never part of a name, or a title ("Chairperson Kim Jong Un")."""
    return word.lower() in _not_names() or _title_word().fullmatch(word) is not None


def _find_full_names(text: str, limit: int) -> list[_Candidate]:
    found: list[_Candidate] = []
    for run in _RUN.finditer(text, 0, limit):
        run_text = run.group(0)
        if " " not in run_text and "\u00a0" not in run_text:
            continue  # one capitalised word ("The", "Seoul"): _judge needs two, so no name here
        # A run is words separated by single spaces (see _RUN): split, not rescanned.
        tokens = []
        pos = run.start()
        for word in run_text.replace("\u00a0", " ").split(" "):
            tokens.append((word, pos))
            pos += len(word) + 1
        i = 0
        while i < len(tokens):
            word = tokens[i][0]
            if word.endswith(".") or _stop_word(word) or word.isupper():
                i += 1
                continue
            j = i
            while j < len(tokens) and not tokens[j][0].endswith(".") and not _stop_word(tokens[j][0]):
                j += 1
            # An abbreviation-free stretch ends at a title or a stop word; a final
            # "Un." (sentence end) still belongs to the name.
            if (
                j < len(tokens)
                and tokens[j][0].endswith(".")
                and not _stop_word(tokens[j][0][:-1])
                and not _role_of_title(tokens[j][0])
            ):
                j += 1
            cand = _judge(text, tokens[i:j])
            if cand is None and j - i >= 3:
                # A sentence opener before the name ("Later Choi Seong Beom said").
                cand = _judge(text, tokens[i + 1 : j])
            if cand is not None:
                found.append(cand)
            i = max(j, i + 1)
    found.extend(_find_capital_names(text, limit))
    return found


def _find_capital_names(text: str, limit: int) -> list[_Candidate]:
    """Names in capitals ("BY HAN JI-HO"): only Korean hyphenated shapes."""
    out: list[_Candidate] = []
    if _HYPHEN_CAPITAL.search(text, 0, limit) is None:
        return out  # every match has one (a literal scan, much cheaper than _CAPITAL_NAME's)
    for m in _CAPITAL_NAME.finditer(text, 0, limit):
        if m.group(1).lower() in _surnames():
            name = normalise_case(m.group(0))
            out.append(_Candidate(m.group(0), m.start(), m.end(), name))
    return out


def _judge(text: str, tokens: Sequence[tuple[str, int]]) -> _Candidate | None:
    """Decide whether a stretch of capitalised words is a person's name."""
    if len(tokens) < 2:
        return None
    words = [t[0].rstrip(".") for t in tokens]
    start = tokens[0][1]
    before = text[max(0, start - 60) : start]
    title = _title_at_end(before)
    korean = words[0].lower() in _surnames()
    # An unlisted family name still reads as Korean before a hyphenated given name ("Tak Yu-na").
    unlisted = not korean and _unlisted_korean(words[0], words[1]) and _korean_given(words[1:2]) == 2
    korean = korean or unlisted
    if korean:
        size = 2 if "-" in words[1] or len(words) == 2 else 3
        words = words[:size]
        shape = _korean_given(words[1:])
    else:
        words = words[:3]
        shape = 0
        if len(words) == 3 and not title and _leading_title_or_opener(words[0]):
            # "Envoy Erik Lindqvist said", "Then Erik Lindqvist said": not part of the name;
            # "Anna Marie Fischer said" keeps all three words.
            tokens = tokens[1:]
            words = words[1:]
            start = tokens[0][1]
            before = text[max(0, start - 60) : start]
    end = tokens[len(words) - 1][1] + len(words[-1])
    after = text[end : end + 120]
    gated = bool(title) or bool(_speech_after().match(after)) or after.startswith((", who", ", one of"))
    gated = gated or bool(_ROLE_APPOSITION.match(after)) or _after_kinship_word(before)
    credit = _credit_before().search(before) if " by " in before else None
    byline_bar = (start == 0 or text[start - 1] == "\n") and bool(_BYLINE_BAR.match(after))
    speech_before = before.endswith(" ") and bool(_SPEECH_BEFORE.search(before, len(before) - 16))
    # "Another lawmaker, Oh Ji Won, said": a title set off by a comma.
    lawmaker_comma = before.endswith(", ") and bool(_LAWMAKER_COMMA.search(before))
    gated = gated or bool(credit) or speech_before or byline_bar or lawmaker_comma
    if korean and shape == 0 and not gated:
        return None
    if shape < 2 and not gated:
        return None
    if not korean and any(len(w) < 2 or not w[1:].islower() for w in words):
        return None
    if text[end : end + 1] in '″"”' and text[max(0, start - 1) : start] in '″"“':
        return None  # a quoted title ("the destroyer ″Choe Hyon″") names a thing
    cand = _Candidate(text[start:end], start, end, normalise_case(" ".join(words)))
    cand.confidence = 1.0 if shape == 2 and not unlisted else 0.85
    if lawmaker_comma:
        cand.roles.append("lawmaker")
    if title:
        role = _role_of_title(title.group(1))
        if role:
            cand.roles.append(role)
        cand.plural_title = title.group(1).lower().endswith("s") or title.group(1).lower() == "reps."
    if byline_bar:
        cand.roles.append("reporter")
    if credit:
        cand.roles.append(str(vocabulary()["credit_lines"].get(credit.group(1).lower(), "reporter")))
    return cand


def _after_kinship_word(before: str) -> bool:
    """Whether ``before`` ends "his daughter " / "Kim Jong-un's daughter " (the word test first: cheap)."""
    words = before[-20:].split()
    if not words or words[-1].lower() not in _kinship_words():
        return False
    return bool(_kinship_before().search(before))


@cache
def _kinship_words() -> frozenset[str]:
    return frozenset(w.lower() for w in vocabulary()["kinship"])


def _leading_title_or_opener(word: str) -> bool:
    return bool(_role_of_title(word)) or word.lower() in _openers()


@cache
def _kin_re() -> re.Pattern[str]:
    """A kinship word and the given name after it: "daughter Ju-ae", "sister Yo Jong"."""
    given = r"[A-Z][a-z]{0,5}(?:-[a-z]{1,6}|[ \u00a0][A-Z][a-z]{1,5})"
    return re.compile(rf"\b(?:{_alternation(vocabulary()['kinship'])})\s+({given})\b")


@cache
def _kin_owner() -> re.Pattern[str]:
    """Whose relative: "his ", "Kim Jong-un's ", "her younger " before the kinship word."""
    modifiers = _alternation(vocabulary()["kinship_modifiers"])
    return re.compile(rf"(?:\b(?:his|her)|[A-Z][A-Za-z-]+[’']s)\s+(?:(?:{modifiers})\s+)?$", re.IGNORECASE)


def _find_kin(text: str, limit: int, full: list[_Candidate]) -> list[_Candidate]:
    """ "his daughter Ju-ae", "his younger sister Yo Jong": a given name completed with the family
    name of the Korean name before.

    A given name in two words must be two romanised syllables, the first no family name ("his
    wife Ri Sol Ju" is a full name). The names are walked in step with the matches (both in
    text order), so each is looked at once.
    """
    out = []
    korean = [c for c in full if _is_korean_name(c.name)]
    starts = [c.start for c in full]
    k = 0  # korean[:k] end before the current match
    for m in _kin_re().finditer(text, 0, limit):
        start, end = m.span(1)
        given = text[start:end]
        words = given.split()
        if len(words) == 2 and (
            words[0].lower() in _surnames() or not all(_SYLLABLE.fullmatch(w) for w in words)
        ):
            continue
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and full[i].end > start:
            continue  # already part of a name found
        while k < len(korean) and korean[k].end <= start:
            k += 1
        if k == 0 or not _kin_owner().search(text, max(0, m.start() - 40), m.start()):
            continue
        family = korean[k - 1].name.split()[0]
        out.append(_Candidate(given, start, end, f"{family} {given}"))
    return out


def _annotate(text: str, cands: list[_Candidate], parties: Sequence[OrganisationRef]) -> None:
    party_spans = _party_spans(parties)
    for c in cands:
        after = text[c.end : c.end + 160]
        if after.startswith(","):  # every apposition pattern begins with "^,"
            for pattern, role in _apposition():
                if pattern.match(after):
                    c.roles.append(role)
            apposed = _ROLE_APPOSITION.match(after)
            if apposed:
                c.roles.append(apposed.group(1).strip())
        if _SIGN_OFF.match(after) and (c.end + 200 >= len(text.rstrip()) or after.startswith(" has more")):
            c.sign_off = True
        c.party = _party_near(text, c, party_spans) or c.party
    # "lawmakers A of the X Party and B of the Y Party": B shares A's plural title.
    for prev, cur in itertools.pairwise(cands):
        gap = text[prev.end : cur.start]
        if prev.plural_title and not cur.roles and len(gap) < 60 and _AND_TAIL.search(gap):
            cur.roles.extend(r for r in prev.roles if r)
            cur.plural_title = True


def _party_spans(parties: Sequence[OrganisationRef]) -> list[tuple[int, int, str]]:
    return sorted((m.start, m.end, p.name) for p in parties for m in p.mentions)


def _party_near(text: str, c: _Candidate, party_spans: list[tuple[int, int, str]]) -> str | None:
    """The party written right before ("Democratic Party Rep. X") or after ("X of the ruling Y") a mention."""
    found = None
    i = bisect.bisect_left(party_spans, (c.start - 90, 0, ""))
    while i < len(party_spans) and party_spans[i][0] <= c.end + _PARTY_GAP_LIMIT:
        p_start, p_end, p_name = party_spans[i]
        i += 1
        if p_end <= c.start and _PARTY_GAP_BEFORE.match(text[p_end : c.start]):
            found = p_name
        if c.end <= p_start and _PARTY_GAP_AFTER.match(text[c.end : p_start]):
            found = p_name
    return found


def _fallback_parties(text: str) -> list[OrganisationRef]:
    spans: dict[str, list[Mention]] = {}
    for m in _FALLBACK_PARTY.finditer(text):
        spans.setdefault(m.group(0), []).append(Mention(m.group(0), m.start(), m.end()))
    return [OrganisationRef(name, "party", (name,), None, tuple(ms)) for name, ms in spans.items()]


class _Bearers:
    """The people who answer to one surname (and maybe one role), with where each was named.

    Surname-only mentions are attached in text order, so the nearest mention
    before a position is the later of the last attached one and the last full
    name before it (a bisection): each look-up costs the same however many
    people share the surname.
    """

    def __init__(self) -> None:
        self.people: set[int] = set()
        self.named: list[tuple[int, int]] = []  # (start, person) of the full names, sorted
        self.last: tuple[int, int] | None = None  # the last surname-only mention attached

    def nearest(self, pos: int) -> tuple[int, int] | None:
        """(distance, person) of the nearest mention; one after ``pos`` counts ten times its distance.

        >>> b = _Bearers()
        >>> b.named = [(0, 1), (30, 2)]
        >>> b.nearest(20), b.nearest(29)
        ((20, 1), (10, 2))
        """
        k = bisect.bisect_left(self.named, (pos, -1))
        before = self.named[k - 1] if k else None
        if self.last is not None and (before is None or self.last[0] > before[0]):
            before = self.last
        found = [(pos - before[0], before[1])] if before else []
        if k < len(self.named):
            found.append((10 * (self.named[k][0] - pos), self.named[k][1]))
        return min(found, default=None, key=lambda d: d[0])  # a tie goes to the name before


def _surname_keys(person: _Person) -> set[str]:
    """The keys a surname-only mention of ``person`` may have: a Korean family name folded by
    ``surname_key``, the last word of each spelling of another name ("Shoigu", "Shoygu")."""
    name = person.name
    if _is_korean_name(name):
        return {surname_key(name.split()[0])}
    return {name.split()[-1], *(v.split()[-1] for v in person.variants if len(v.split()) > 1)}


def _bearers(persons: list[_Person]) -> dict[str, dict[str, _Bearers]]:
    """The people by surname key, then by role ("" for all of them), each group with where
    its people are named in full."""
    by_key: dict[str, dict[str, _Bearers]] = {}
    for i, p in enumerate(persons):
        roles = {"", *(r for c in p.mentions for r in c.roles if r)}
        for key in _surname_keys(p):
            groups = by_key.setdefault(key, {})
            for role in roles:
                group = groups.setdefault(role, _Bearers())
                group.people.add(i)
                group.named.extend((c.start, i) for c in p.mentions)
    for groups in by_key.values():
        for group in groups.values():
            group.named.sort()
    return by_key


def _surname_mentions(text: str, limit: int, persons: list[_Person], taken: list[tuple[int, int]]) -> None:
    """Attach surname-only mentions ("Rep. Lee", "Putin") to the nearest person of that surname.

    The nearest person named before wins, or failing one the nearest named
    after; a title before the mention ("Rep. Lee") prefers the people named
    with that title's role. Both "Jeongmin Kim" (western order) and
    "Kim Min-seo" answer to "Kim". One pass over the capitalised words, each
    looked up in a dict: linear in the text.
    """
    by_key = _bearers(persons)
    if not by_key:
        return
    keys_of_person = [_surname_keys(p) for p in persons]
    taken_sorted = sorted(taken)
    taken_starts = [s for s, _ in taken_sorted]
    listed, not_names = _surnames(), _not_names()
    keys_of: dict[str, list[str]] = {}  # the surname keys a word may stand for, decided once per word
    for m in _CAP_WORD.finditer(text, 0, limit):
        word, start, end = m.group(0), m.start(), m.end()
        keys = keys_of.get(word)
        if keys is None:
            keys = [word] if word in by_key else []
            if len(word) <= 6 and (word.lower() in listed or _SYLLABLE.fullmatch(word)):
                folded = surname_key(word)
                if folded in by_key and folded not in keys:
                    keys.append(folded)
            keys_of[word] = keys
        if not keys:
            continue
        k = bisect.bisect_right(taken_starts, start) - 1
        if k >= 0 and start < taken_sorted[k][1]:
            continue
        following = _NEXT_CAP.match(text, end, end + 20)
        if following and following.group(1).lower() not in not_names:
            continue  # part of a longer name we did not accept
        title = _title_at_end(text[max(0, start - 40) : start])
        role = _role_of_title(title.group(1)) if title else ""
        groups = [by_key[key] for key in keys]
        if role and len(set().union(*(g[""].people for g in groups))) > 1 and any(role in g for g in groups):
            candidates = [g[role] for g in groups if role in g]
        else:
            candidates = [g[""] for g in groups]
        nearest = [d for g in candidates if (d := g.nearest(start)) is not None]
        # (Only a byline's name can be nobody's mention yet: then the first of them.)
        chosen = min(nearest)[1] if nearest else min(i for g in candidates for i in g.people)
        cand = _Candidate(word, start, end, "", person=chosen)
        if role:
            cand.roles.append(role)
        persons[chosen].mentions.append(cand)
        for key in keys_of_person[chosen]:
            for group in by_key[key].values():
                if chosen in group.people:
                    group.last = (start, chosen)


def _byline_names(byline: Sequence[str]) -> list[str]:
    """The reporters' names of the metadata's by-line, case-normalised, without jobs."""
    names = []
    for name in byline:
        words = normalise_case(name).split()
        while len(words) > 2 and words[0].lower() in _not_names() | _openers():
            words = words[1:]  # "Our Choi Jeong-yoon reports": the possessive is no part of the name
        if all(w.lower() in _not_names() for w in words):
            continue  # "By Lee Je-hun, staff reporter": a job, not a second name
        names.append(" ".join(words))
    return names


def _with_bylines(text: str, full: list[_Candidate], bylines: list[str]) -> list[_Candidate]:
    """``full`` in text order, where a by-line's name is written whole one mention of that name.

    The by-line knows where the name begins: "By Song Chae Kyung-hwa" is one reporter,
    not a "Chae Kyung-hwa" after a "Song".
    """
    found = []
    for name in bylines:
        words = name.split()
        if len(words) < 2:
            continue
        pattern = r"(?<![\w-])" + r"\s+".join(map(re.escape, words)) + r"(?![\w-])"
        for m in re.finditer(pattern, text, re.IGNORECASE):
            found.append(_Candidate(m.group(), m.start(), m.end(), name, roles=["reporter"]))
    kept = _outside(full, [(b.start, b.end) for b in found])
    return sorted([*kept, *found], key=lambda c: c.start)


def _outside(cands: list[_Candidate], spans: Iterable[tuple[int, int]]) -> list[_Candidate]:
    """The candidates that overlap none of ``spans``.

    >>> [c.text for c in _outside([_Candidate("A", 0, 1, ""), _Candidate("B", 4, 6, "")], [(5, 9), (2, 3)])]
    ['A']
    """
    merged: list[list[int]] = []  # the spans joined where they overlap: disjoint, in order
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    starts = [s for s, _ in merged]
    kept = []
    for c in cands:
        i = bisect.bisect_left(starts, c.end) - 1  # the only span that can reach into c
        if i < 0 or merged[i][1] <= c.start:
            kept.append(c)
    return kept


def _misspelt(c: _Candidate, persons: list[_Person], near: dict[str, int]) -> int | None:
    """The person named one letter away from ``c`` ("Sergei Shoigu", "Sergei Shoygu") with a
    role in common and no other party, if there is one."""
    roles = set(c.roles)
    for key in near_keys(c.name):
        i = near.get(key)
        if i is None:
            continue
        mentions = persons[i].mentions
        parties = {m.party for m in mentions if m.party}
        if roles & {r for m in mentions for r in m.roles} and not (c.party and parties - {c.party}):
            return i
    return None


def find_people(
    text: str,
    *,
    organisations: Sequence[OrganisationRef] | None = None,
    byline: Sequence[str] = (),
    outlet: str | None = None,
) -> tuple[PersonRef, ...]:
    """Every person the article names, with roles, party and exact mentions.

    ``organisations`` (from ``organisations.find_organisations``) supplies the
    party mentions; ``byline`` the reporters' names from the metadata.

    >>> [p.name for p in find_people("Foreign Minister Maria Lopez met Rep. Oh Da-in.")]
    ['Maria Lopez', 'Oh Da-in']
    """
    limit = _furniture_start(text)
    parties = (
        [o for o in organisations if o.kind == "party"]
        if organisations is not None
        else _fallback_parties(text)
    )
    bylines = _byline_names(byline)
    # "Yomiuri Shimbun reported" names a newspaper, "Kim Il Sung University" a university.
    org_spans = [(m.start, m.end) for o in organisations or () for m in o.mentions]
    full = _outside(_find_full_names(text, limit), org_spans)
    full = _with_bylines(text, full, bylines)
    full.extend(_find_kin(text, limit, full))
    full.sort(key=lambda c: c.start)
    _annotate(text, full, parties)

    persons: list[_Person] = []
    keys: dict[str, int] = {}
    near: dict[str, int] = {}  # names.near_keys of each person's first spelling
    for c in full:
        key = name_key(c.name)
        if key not in keys:
            same = _misspelt(c, persons, near)
            keys[key] = len(persons) if same is None else same
            if same is None:
                near.update(dict.fromkeys(near_keys(c.name), len(persons)))
                persons.append(_Person())
        p = persons[keys[key]]
        c.person = keys[key]
        p.mentions.append(c)
        p.variants[c.name] = None
        p.confidence = max(p.confidence if len(p.mentions) > 1 else 0.0, c.confidence)

    for normal in bylines:
        key = name_key(normal)
        if key not in keys:
            keys[key] = len(persons)
            persons.append(_Person(variants={normal: None}))
        persons[keys[key]].is_byline = True

    _surname_mentions(text, limit, persons, [(c.start, c.end) for c in full])
    spans = _party_spans(parties)
    for p in persons:
        for c in p.mentions:
            if not c.name:  # "Kim, of the ruling People Power Party, said"
                c.party = _party_near(text, c, spans)

    out = []
    for p in persons:
        p.mentions.sort(key=lambda c: c.start)
        roles: list[str] = []
        for c in p.mentions:
            for r in c.roles:
                if r and r not in roles:
                    roles.append(r)
            if c.party:
                p.parties.append(c.party)
            if c.sign_off:
                p.is_byline = True
            if c.text != c.name:
                p.variants[c.text] = None
        if p.is_byline and "reporter" not in roles:
            roles.append("reporter")
        if p.parties and "lawmaker" not in roles and any("lawmaker" in r for r in roles) is False:
            roles.append("lawmaker")
        party = max(dict.fromkeys(p.parties), key=p.parties.count) if p.parties else None
        affiliations = (outlet,) if p.is_byline and outlet else ()
        spellings = list(p.variants)
        name = p.name
        out.append(
            PersonRef(
                name=name,
                variants=tuple(dict.fromkeys([name, *spellings])),
                roles=tuple(roles),
                party=party,
                affiliations=affiliations,
                mentions=tuple(Mention(c.text, c.start, c.end) for c in p.mentions),
                is_byline=p.is_byline,
                confidence=round(p.confidence, 2),
            )
        )
    out.sort(key=lambda p: p.mentions[0].start if p.mentions else len(text))
    return tuple(out)
