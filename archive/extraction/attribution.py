"""Who said what, on whose authority: attributed statements become ``Claim``s.

Two kinds of claim are found:

* direct: a quotation, with its speaker taken from a sound-bite tag or a
  caption line before it, from the words after it (``"...," said Rep. Han.``),
  from the words before it (``told reporters, "..."``) or, for a quotation
  that continues one just attributed, from that one;
* indirect: reported speech, ``X said (that) ...``, ``according to X``,
  ``..., X has claimed.``, ``X cited the agency as saying ...``.

A claim's span is the claimed content itself and always slices the text:
``text[c.start:c.end] == c.text``. The ``source`` is where the information
comes from: the organisation a speaker relays ("Lee told reporters the NIS had
said ..."), the organiser of the briefing a lawmaker reports on, or the
speaker itself::

    >>> from archive.extraction.entities import find_people
    >>> t = "Rep. Han Ji-woo told reporters that the army lost 40 tanks."
    >>> c = find_claims(t, people=find_people(t))[0]
    >>> c.text, c.speakers, c.cue
    ('the army lost 40 tanks', ('Han Ji-woo',), 'told reporters')
"""

from __future__ import annotations

import bisect
import itertools
import re
import string
from collections.abc import Callable, Sequence
from functools import cache

from .caseless import Caseless, PrefixScan, lowered
from .entities import _alternation, _not_names, ignorecase_class, trie_pattern, vocabulary
from .types import BriefingRef, Claim, Figure, OrganisationRef, PersonRef

_ABBREVIATIONS = frozenset(vocabulary()["abbreviations"])
# "[.!?]+..." or "\n+", written to begin with a consumed character class: then the
# engine skips to the next candidate character in C instead of trying every position
# (a leading lookahead does not allow that). The lookbehinds pick the branch.
_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=[.!?])[.!?]*[\"”’']?(?=\s+[\"“‘(\[]?[A-Z0-9]|\s*$)|(?<=\n)\n*)")
_POSSESSIVE = re.compile(r"^[’']s?\b")
_APOSTROPHES = ("’", "'")
_AUX_TAIL = Caseless(
    r"(?:\s+(?:has|have|had|also|further|then|later|cautiously|reportedly|previously|repeatedly|"
    r"again|recently|once|both|all|had|would|will|did|does|do))+\s*$"
)
_BLOCKING_BEFORE = re.compile(
    r"\b(?:the|a|an|its|their|his|her|is|are|was|were|been|be|being|it|there|previously|widely|"
    r"newly|initially|officially)\s+$",
    re.IGNORECASE,
)
_BLOCKING_WIDTH = max(map(len, re.findall(r"[a-z]+", _BLOCKING_BEFORE.pattern)))
_WEEKDAY_WORDS = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday"
_THAT = Caseless(
    r"(?:\s+(?:to\s+)?(?:reporters|lawmakers|journalists)\b"
    r"|\s+(?:a|the)\s+(?:[\w’'-]+\s+){0,5}?(?:briefing|session|meeting|hearing|committee|conference)\b)?"
    r"(?:,?\s*(?:in|on|at|during|last|this|earlier|late|early|recently|previously|also|after|before|"
    + _WEEKDAY_WORDS
    + r")\b"
    r"[^.;“”\"]{0,40}?)?,?\s+that\s+"
)
_NESTED_LEAD = re.compile(r"\s*(?:it|they|he|she)\s+(?:had\s+|has\s+|have\s+)?(?:{cues})\s+(?:that\s+)?")
_TIME_SHIFT = re.compile(
    r"^(?:(?:in|since|last|earlier in|back in)\s+(?:january|february|march|april|may|june|july|august|"
    r"september|october|november|december|month|year|week|\d{4})\b|"
    r"earlier\s+this\s+(?:month|year)\b|(?:last|earlier)\s+(?:month|year)\b|previously\b)",
    re.IGNORECASE,
)
# "said on Tuesday it was ready": a time adverbial between the cue and the content.
_LEAD_TIME = re.compile(rf"\s*(?:on\s+)?(?:{_WEEKDAY_WORDS})\b,?", re.IGNORECASE)
# A line that does not end a sentence (headline, deck, caption, link): no claims in it.
_SENTENCE_FINAL = frozenset('.!?…"”’:;,')
# "SEOUL, Nov. 5 (Yonhap) -- ", "SEOUL, South Korea (AP) — ": no part of the first claim.
_WIRE_DATELINE = re.compile(
    r"[A-Z][A-Z .'-]{1,30},\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?|[A-Z][a-z]+(?: [A-Z][a-z]+)?)"
    r"\s*\([^()\n]{2,40}\)\s*(?:--|[-—–])\s*"
)
_TRAILING_CREDIT = re.compile(r"\s*(?:\[[^\[\]\n]{1,60}\]|\([^()\n]{1,60}\))\s*$")
_THAT_WORD = re.compile(r"\s+that\s+")
_LOWER_WORD = re.compile(r"(?<![\w’'-])[a-z]")
# "\b(?:I|I'm|I’m|[Ww]e|[Uu]s|[Oo]ur|[Mm]y|[Mm]e)\b", beginning with a consumed first
# letter (boundary by lookbehind, the rest chosen by that letter, same order) so that
# the engine skips to candidate letters in C.
_FIRST_PERSON = re.compile(
    r"[IWwUuOoMm](?<!\w.)(?:(?<=I)(?:|'m|’m)|(?<=[Ww])e|(?<=[Uu])s|(?<=[Oo])ur|(?<=[Mm])(?:y|e))\b"
)
_PARTICIPLES = ("saying", "adding", "noting", "arguing", "insisting", "stressing", "warning")
# The characters of the word before a full stop ("Rep", "U.S", "Jan"); str.rstrip
# with them finds that word faster than a "$"-anchored search over the window.
_WORD_BEFORE_DOT_CHARS = string.ascii_letters + ".’'"
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]")
_FROM = re.compile(r"\bfrom\b")
_CLAUSE_MARK = re.compile(r"[,:;]")
_WORDS = re.compile(r"[A-Za-z’']+")
_ADVERBS_TAIL = re.compile(r"(?:\s+\w+ly)+\s*$")
_BY_AFTER = re.compile(r"\s+by\b")
_NESTED_GAP = re.compile(r"\s*(?:the\s+)?[^,;.]{0,50}?\s+(?:had\s+|has\s+|have\s+|also\s+)?")
_STOP_MARK = re.compile(r"[.!?\n“\"]")
_NO_QUOTE_GAP = re.compile(r"[.,!?]?[”\"]?[^“\"]{0,120}")
_APPOSITION_HEAD = re.compile(r"(?:who|which|one of)\b", re.IGNORECASE)
_APPOSITION = re.compile(
    r"(?:who|which|one of|a|an|of|from|himself|herself|the former|former|also a|now a)\b", re.IGNORECASE
)
# "[“”\"]|\n\s*", beginning with a consumed class so that the engine skips to candidates in C.
_QUOTE_OR_BREAK = re.compile(r"[“”\"\n](?:(?<=\n)\s*)?")
_PARAGRAPH_END = re.compile(r"[ \t]*(?:\n|$)")
_CAPTION_LINE = re.compile(r"^[^\n/]{3,60}?\s*/\s*[^\n/]{2,60}$")
_LABEL = re.compile(r"\s*(?:anchor|report|reporter|narrator)\s*:\s*", re.IGNORECASE)


@cache
def _cue_alt() -> str:
    return _alternation(vocabulary()["speech_verbs"])


@cache
def _cue_re() -> PrefixScan:
    """A speech verb ("said", "told", "believes") as a whole word, any case.

    Literal words, longest first (what the trie of them, tried at each position,
    would choose), found from their starts (see PrefixScan): the article's
    candidates are found once and each sentence looks its own up.
    """
    verbs = sorted({v.lower() for v in vocabulary()["speech_verbs"]}, key=lambda v: (-len(v), v))
    return PrefixScan([re.escape(v) for v in verbs], before=r"\b", after=r"\b", longest=4)


@cache
def _trailing_cue_re() -> Caseless:
    """ "..., the NIS said (on) Tuesday(, in its first estimate ...)." / "..., X told the committee on Monday." /
    "..., Lee quoted the NIS as saying." Groups: subject, cue | (verb, object)."""
    when = (
        rf"(?:\s+(?:on\s+)?(?:(?:last|this)\s+)?(?:{_WEEKDAY_WORDS})\b"
        r"|\s+(?:earlier|later)(?:\s+(?:this|last)\s+(?:week|month))?)?"
    )
    tail = (
        r"(?:,\s+(?:in|as|after|before|citing|adding|amid|while|during|following|noting|without|calling)\b"
        r"[^“”\"]{0,160}?)?"
    )
    cues = trie_pattern(vocabulary()["speech_verbs"])  # a trie: cheap to try at every position
    return Caseless(
        rf",\s+([^,]{{2,80}}?)\s+(?:has\s+|have\s+)?(?:({cues})|(told|cited|quoted)\s+([^,]{{2,70}}?)"
        rf"(?:\s+as\s+saying)?){when}{tail}\s*[.!]?$"
    )


@cache
def _nested_lead() -> re.Pattern[str]:
    return re.compile(_NESTED_LEAD.pattern.format(cues=_cue_alt()), re.IGNORECASE)


@cache
def _according_re() -> re.Pattern[str]:
    words = vocabulary()["according_to"]
    return re.compile(rf"({_at_word_start(_alternation(words))})\s+")


def _at_word_start(alternation: str) -> str:
    r"""``\b(?:alternation)`` under IGNORECASE, rewritten to begin with a consumed character.

    "(?i:\b(?:citing|according to))" becomes "[AaCc](?<!\w.)(?i:(?<=c)iting|(?<=a)ccording to)":
    a class of every character the first letters match, the word boundary checked
    behind it, then each alternative's rest after a lookbehind on its first letter
    (same order, so the same alternative wins). A pattern that begins with a class
    lets the engine skip to candidate characters in C; a leading "\b" or lookahead
    makes it try every position. Compile the result without flags. Alternatives not
    starting with a plain letter keep the plain form.
    """
    alternatives = alternation.split("|")
    if "(" in alternation or not all(
        a[:1].isascii() and a[:1].isalpha() and a[1:2] not in "?*+{" for a in alternatives
    ):
        return rf"(?i:\b(?:{alternation}))"
    letters = "".join(sorted({a[0].lower() for a in alternatives}))
    rests = "|".join(f"(?<={a[0].lower()}){a[1:]}" for a in alternatives)
    return rf"[{ignorecase_class(letters)}](?<!\w.)(?i:{rests})"


@cache
def _back_ref_re() -> re.Pattern[str]:
    alt = _alternation(vocabulary()["back_references"])
    return re.compile(rf"\s*(?:{alt})\s+", re.IGNORECASE)


@cache
def _citing_re() -> re.Pattern[str]:
    words = vocabulary()["citing_verbs"]
    alt = _alternation(words)
    return re.compile(rf"({_at_word_start(alt)})(?i:\s+(.{{2,80}}?)\s+as\s+saying\s+(?:that\s+)?)")


@cache
def _relay_re() -> re.Pattern[str]:
    alt = _alternation(vocabulary()["relay_verbs"])
    return re.compile(rf"\s*As\s+(.{{2,80}}?)\s+(?:{alt})\s*,\s*", re.IGNORECASE)


@cache
def _revision_re() -> Caseless:
    verbs = _alternation(vocabulary()["revision_verbs"])
    objs = _alternation(vocabulary()["revision_objects"])
    return Caseless(rf"\b(?:{verbs})\s+(?:{objs})\b")


@cache
def _generic_re() -> re.Pattern[str]:
    alt = _alternation(vocabulary()["generic_speakers"])
    return re.compile(rf"\b(?:{alt})\s*$", re.IGNORECASE)


@cache
def _generic_head_re() -> re.Pattern[str]:
    alt = _alternation(vocabulary()["generic_speakers"])
    people = _alternation(vocabulary()["unnamed_people"])
    return re.compile(
        rf"(?:(?:the|some|many|several|other|senior|two|three|local)\s+)*(?:{alt})\b"
        # "A 24-year-old North Korean IT worker who defected last year told ...": an unnamed person.
        rf"|(?:a|an|one|another)\s+(?:[\w’'-]+\s+){{0,5}}?(?:{people})\b",
        re.IGNORECASE,
    )


def _split_alternatives(body: str) -> list[str] | None:
    """The top-level ``|`` alternatives of a group body, or None if a bracket is unbalanced."""
    parts, depth, last = [], 0, 0
    for i, ch in enumerate(body):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(body[last:i])
            last = i + 1
        if depth < 0:
            return None
    return [*parts, body[last:]] if depth == 0 else None


def _closing_paren(src: str) -> int | None:
    """The index of the ``)`` that closes the group opening ``src``."""
    depth = 0
    for i, ch in enumerate(src):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            return i
    return None


def _regex_first_chars(src: str) -> set[str] | None:
    """The characters a match of the simple regex ``src`` can start with; None when unsure.

    Understands letters, spaces and ``(?:a|b)`` / ``(?:a|b)?`` groups (what the
    org_anaphora keys use); anything else (classes, escapes, a leading quantifier,
    a possibly empty pattern) answers None, and the caller adds no lookahead.
    """
    if not src:
        return None
    if src[0].isalnum() or src[0] == " ":
        return None if src[1:2] in ("?", "*", "{") else {src[0].lower()}
    if not src.startswith("(?:"):
        return None
    close = _closing_paren(src)
    if close is None:
        return None
    alternatives = _split_alternatives(src[3:close])
    if alternatives is None:
        return None
    firsts: set[str] = set()
    for alt in alternatives:
        got = _regex_first_chars(alt)
        if got is None:
            return None
        firsts |= got
    rest = src[close + 1 :]
    if rest[:1] in ("*", "{"):
        return None
    if rest[:1] == "?":  # an optional group: the match may also start with what follows it
        got = _regex_first_chars(rest[1:])
        return None if got is None else firsts | got
    return firsts


def _alternatives_ahead(alternatives: Sequence[str]) -> str:
    """A first-character lookahead for an alternation of simple regexes, or "" when unsure."""
    firsts: set[str] = set()
    for alt in alternatives:
        got = _regex_first_chars(alt.lower())
        if got is None:
            return ""
        firsts |= got
    return f"(?=[{''.join(re.escape(c) for c in sorted(firsts))}])"


class _Anaphor:
    """An organisation anaphor pattern ("the agency") and what makes it cheap to find."""

    __slots__ = ("anchored", "keyword", "kind", "max_len", "pattern")

    def __init__(self, source: str, kind: str) -> None:
        # A lookahead on its possible first characters lets the engine skip the other
        # positions with one test.
        firsts = _regex_first_chars(source)
        ahead = f"(?=[{''.join(sorted(firsts))}])" if firsts else ""
        self.pattern = Caseless(rf"{ahead}\b{source}\b")
        self.kind = kind
        self.keyword = re.findall(r"[a-z]+", source)[-1]  # a word no match is without
        # Every match ends with the keyword when the source ends with it as a plain word
        # and has no top-level "|"; no match is longer than the source when it repeats
        # nothing ("*", "+", "{n}") and refers back to nothing.
        tail = re.search(r"(?<![\\a-z])[a-z]+$", source)
        parts = _split_alternatives(source)
        self.anchored = bool(
            tail
            and tail.group() == self.keyword
            and parts is not None
            and len(parts) == 1
            and not re.search(r"(?<!\\)[*+{]|\\\d|\(\?P=", source)
        )
        self.max_len = len(source)

    def matches(self, text: str) -> list[re.Match[str]]:
        """``pattern.finditer(text)``, searching only the stretches that end in the keyword.

        A match ends where an occurrence of the keyword ends and starts at most
        ``max_len`` before, so no match starts before (next keyword end - max_len):
        the search may begin there. Before searching on, a window ending just after
        that keyword (the "\\b" sees its next character) says whether a match ends
        there at all; if not, the next occurrence is tried.
        """
        low = lowered(text)
        if not self.anchored or low is None:
            return list(self.pattern.finditer(text))
        fast = self.pattern.fast
        out: list[re.Match[str]] = []
        pos, size, n = 0, len(self.keyword), len(low)
        at = low.find(self.keyword)
        while at >= 0:
            end = at + size
            start = max(pos, end - self.max_len)
            if end > pos and fast.search(low, start, min(n, end + 1)) is not None:
                m = fast.search(low, start)
                if m is None:  # cannot be: the window held a match
                    break
                out.append(m)
                pos = m.end()
            at = low.find(self.keyword, at + 1)
        return out


@cache
def _org_anaphora() -> list[_Anaphor]:
    return [_Anaphor(k, v) for k, v in vocabulary()["org_anaphora"].items()]


@cache
def _person_anaphora() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(rf"\b{k}\s*$", re.IGNORECASE), v) for k, v in vocabulary()["person_anaphora"].items()]


@cache
def _sound_bite_re() -> re.Pattern[str]:
    return re.compile(vocabulary()["sound_bite"], re.IGNORECASE)


@cache
def _own_opinion_re() -> re.Pattern[str]:
    alt = _alternation(vocabulary()["own_opinion"], escape=True)
    return re.compile(rf"^[“\"]?(?:{alt})", re.IGNORECASE)


@cache
def _opinion_re() -> Caseless:
    markers = vocabulary()["opinion_markers"]
    return Caseless(rf"{_alternatives_ahead(markers)}\b(?:{_alternation(markers)})\b")


@cache
def _lead_cue_re() -> re.Pattern[str]:
    return re.compile(
        rf"\s+(?:(?:also|has|have|had|further|then|previously|now|reportedly)\s+)*"
        rf"(?:{trie_pattern(vocabulary()['speech_verbs'])})\b",
        re.IGNORECASE,
    )


def _lead_organisation(ctx: _Context, start: int, end: int) -> tuple[str | None, bool]:
    """The organisation that opens a claim's content, and whether a speech verb follows it."""
    refs = ctx.refs_in(start, min(end, start + 80))
    if not refs or refs[0].kind != "org" or refs[0].org_kind == "party":
        return None, False
    r = refs[0]
    if ctx.text[start : r.start].strip(' “"').lower() not in ("", "the"):
        return None, False
    return r.name, bool(_lead_cue_re().match(ctx.text, r.end, end))


# The three working records below are plain classes, not dataclasses: a few hundred are
# made per article, and a written-out __init__ is several times cheaper than a generated
# one (frozen ones set each field through object.__setattr__), compiled or not.


class _Ref:
    """A person or organisation mention (never changed once made)."""

    __slots__ = ("end", "kind", "name", "org_kind", "possessive", "start")

    def __init__(
        self, start: int, end: int, kind: str, name: str, possessive: bool, org_kind: str = ""
    ) -> None:
        self.start = start
        self.end = end
        self.kind = kind  # "person" | "org"
        self.name = name
        self.possessive = possessive
        self.org_kind = org_kind


class _Speaker:
    __slots__ = ("generic", "inferred", "orgs", "persons", "source")

    def __init__(
        self,
        persons: list[str] | None = None,
        orgs: list[str] | None = None,
        generic: bool = False,
        inferred: bool = False,
        source: str | None = None,  # an organisation named inside the speaker phrase
    ) -> None:
        self.persons: list[str] = [] if persons is None else persons
        self.orgs: list[str] = [] if orgs is None else orgs
        self.generic = generic
        self.inferred = inferred
        self.source = source

    def found(self) -> bool:
        return bool(self.persons or self.orgs or self.generic)

    def as_inferred(self) -> _Speaker:
        """The same speaker, marked inferred (the lists are shared, as dataclasses.replace would)."""
        return _Speaker(self.persons, self.orgs, self.generic, True, self.source)


class _Draft:
    __slots__ = ("confidence", "cue", "end", "kind", "source", "speaker", "start")

    def __init__(
        self,
        start: int,
        end: int,
        kind: str,
        cue: str,
        speaker: _Speaker,
        source: str | None = None,
        confidence: float = 1.0,
    ) -> None:
        self.start = start
        self.end = end
        self.kind = kind
        self.cue = cue
        self.speaker = speaker
        self.source = source
        self.confidence = confidence


class _Context:
    """Everything the rules need to know about one article."""

    def __init__(
        self,
        text: str,
        people: Sequence[PersonRef],
        organisations: Sequence[OrganisationRef],
        briefings: Sequence[BriefingRef],
    ) -> None:
        self.text = text
        self.people = {p.name: p for p in people}
        self.orgs = {o.name: o for o in organisations}
        self.briefings = briefings
        refs: list[_Ref] = []
        for p in people:
            for m in p.mentions:
                refs.append(_Ref(m.start, m.end, "person", p.name, self._possessive(m.end)))
        # A person's mention wins over an organisation mention starting inside it. Person spans
        # sorted by start, with the furthest end reached so far: m.start lies inside some span
        # exactly when the furthest end among spans starting at or before it exceeds it.
        taken = sorted((r.start, r.end) for r in refs)
        taken_starts = [s for s, _ in taken]
        reach = list(itertools.accumulate((e for _, e in taken), max))
        for o in organisations:
            for m in o.mentions:
                k = bisect.bisect_right(taken_starts, m.start) - 1
                if k < 0 or reach[k] <= m.start:
                    refs.append(_Ref(m.start, m.end, "org", o.name, self._possessive(m.end), o.kind))
        refs.sort(key=lambda r: r.start)
        refs.extend(self._org_anaphora(refs))
        refs.sort(key=lambda r: r.start)
        self.refs = refs
        self.ref_starts = [r.start for r in refs]
        self.sentences = _sentences(text)
        self.sentence_starts = [s for s, _ in self.sentences]
        self.headings = _headings(text)
        self.heading_starts = [s for s, _ in self.headings]
        self.claims: list[_Draft] = []

    def in_heading(self, pos: int) -> bool:
        i = bisect.bisect_right(self.heading_starts, pos) - 1
        return i >= 0 and pos < self.headings[i][1]

    def _possessive(self, end: int) -> bool:
        # Most mentions are followed by neither apostrophe: skip the slice and match.
        return self.text[end : end + 1] in _APOSTROPHES and bool(_POSSESSIVE.match(self.text[end : end + 2]))

    def _org_anaphora(self, refs: list[_Ref]) -> list[_Ref]:
        out: list[_Ref] = []
        spans = sorted((r.start, r.end) for r in refs)
        low_text = self.text.lower()
        # The organisations of each kind in text order (``refs`` is sorted by start), once.
        by_kind: dict[str, list[_Ref]] = {}
        for r in refs:
            if r.kind == "org":
                by_kind.setdefault(r.org_kind, []).append(r)
        kind_starts = {k: [r.start for r in rs] for k, rs in by_kind.items()}
        for anaphor in _org_anaphora():
            kind = anaphor.kind
            if anaphor.keyword not in low_text:
                continue
            for m in anaphor.matches(self.text):
                if _overlaps(spans, m.start(), m.end()):
                    continue
                target = by_kind.get(kind)
                if target:
                    # The last one named before the anaphor, else the last one named at all.
                    k = bisect.bisect_left(kind_starts[kind], m.start()) - 1
                    chosen = target[k] if k >= 0 else target[-1]
                    out.append(_Ref(m.start(), m.end(), "org", chosen.name, self._possessive(m.end()), kind))
                    bisect.insort(spans, (m.start(), m.end()))
        return out

    def refs_in(self, start: int, end: int) -> list[_Ref]:
        i = bisect.bisect_left(self.ref_starts, start)
        out = []
        while i < len(self.refs) and self.refs[i].start < end:
            if self.refs[i].end <= end:
                out.append(self.refs[i])
            i += 1
        return out

    def sentence_start(self, pos: int) -> int:
        i = bisect.bisect_right(self.sentence_starts, pos) - 1
        return self.sentence_starts[i] if i >= 0 else 0

    def has_role(self, name: str, role: str) -> bool:
        p = self.people.get(name)
        return bool(p and (role in p.roles or (role == "lawmaker" and p.party)))

    def last_claim_before(self, pos: int, window: int = 600) -> _Draft | None:
        for c in reversed(self.claims):
            if c.start < pos and pos - c.end <= window:
                return c
        return None


def _headings(text: str) -> list[tuple[int, int]]:
    """Lines that do not end a sentence: headlines, decks, captions, link lists.

    "NIS says N. Korea sent troops" above the story is no claim: the story
    tells it again, attributed.
    """
    out = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        bare = line.rstrip()
        if not bare or bare[-1] in _SENTENCE_FINAL or line.lstrip().startswith("["):
            continue
        if bare[-1] in ")]":
            bare = _TRAILING_CREDIT.sub("", bare)  # "... captured two soldiers. [SCREEN CAPTURE]"
            if not bare.strip() or bare[-1] in _SENTENCE_FINAL:
                continue
        if line.count(" ") < 30:
            out.append((start, end))
    return out


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the sorted, non-overlapping ``spans``."""
    i = bisect.bisect_left(spans, (end, end)) - 1
    return i >= 0 and spans[i][1] > start


def _abbreviation_before(text: str, dot: int) -> bool:
    window = text[max(0, dot - 12) : dot]
    if window.endswith("\n"):
        window = window[:-1]  # as the former "([A-Za-z.’']+)$" search: "$" matched before a final newline
    w = window[len(window.rstrip(_WORD_BEFORE_DOT_CHARS)) :].lower()
    return w in _ABBREVIATIONS or (len(w) == 1 and w.isalpha()) or bool(_INITIALS.fullmatch(w))


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans; a full stop after an abbreviation ("Rep.", "Jan.") is no boundary."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if text[m.start()] == "." and _abbreviation_before(text, m.start()):
            continue
        end = m.end()
        s, e = _strip(text, start, end)
        if s < e:  # not blank (str.strip and str.isspace agree on what is white space)
            spans.append((s, e))
        start = end
    s, e = _strip(text, start, len(text))
    if s < e:
        spans.append((s, e))
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _trim_content(text: str, start: int, end: int) -> tuple[int, int]:
    start, end = _strip(text, start, end)
    while end > start and text[end - 1] in ".,;: ":
        end -= 1
    while start < end and text[start] in ",;: ":
        start += 1
    return start, end


# ---------------------------------------------------------------- quotations


def _quote_blocks(text: str) -> list[tuple[int, int]]:
    """(open, close) index pairs of quotations; close is the closing mark or the paragraph end.

    A quotation left open at the end of a paragraph continues when the next
    paragraph opens with a quotation mark (the typographic convention).
    """
    blocks: list[tuple[int, int]] = []
    open_at: int | None = None
    straight_open: int | None = None
    n = len(text)
    skip_until = -1
    for m in _QUOTE_OR_BREAK.finditer(text):
        i = m.start()
        if i < skip_until:
            continue
        ch = text[i]
        if ch == "\n":
            j = m.end()
            if open_at is not None and not (j < n and text[j] in '“"'):
                blocks.append((open_at, i))
                open_at = None
            if straight_open is not None:
                blocks.append((straight_open, i))
                straight_open = None
            if open_at is not None:
                skip_until = j + 1  # the continuation's opening mark
            continue
        if ch == "“":
            if open_at is None:
                open_at = i
            elif _PARAGRAPH_END.match(text, i + 1):
                blocks.append((open_at, i))  # a mistyped closing mark at the end of a paragraph
                open_at = None
        elif ch == "”":
            if open_at is not None:
                blocks.append((open_at, i))
                open_at = None
        elif straight_open is None:
            straight_open = i
        else:
            blocks.append((straight_open, i))
            straight_open = None
    if open_at is not None:
        blocks.append((open_at, n))
    if straight_open is not None:
        blocks.append((straight_open, n))
    return sorted(blocks)


def _is_statement(content: str) -> bool:
    return len(content.split()) >= 4


# ---------------------------------------------------------------- speakers


def _resolve_pronoun(ctx: _Context, word: str, pos: int) -> _Speaker:
    prev = ctx.last_claim_before(pos)
    w = word.lower()
    if w == "they":
        if prev and (len(prev.speaker.persons) > 1 or prev.speaker.orgs):
            return _Speaker(list(prev.speaker.persons), list(prev.speaker.orgs), inferred=True)
        orgs = [r for r in ctx.refs if r.kind == "org" and r.org_kind != "party" and r.end <= pos]
        if orgs and pos - orgs[-1].end < 400:
            return _Speaker(orgs=[orgs[-1].name], inferred=True)
        return _Speaker(generic=True, inferred=True)
    if prev is not None:
        # "A and B said ... . B, a former director, questioned it. “...,” he said.": the person
        # who opens a sentence after the last claim is the one "he" means.
        since = [
            r
            for r in ctx.refs_in(prev.end, pos)
            if r.kind == "person" and not r.possessive and _opens_sentence(ctx, r.start)
        ]
        if since:
            return _Speaker([since[-1].name], inferred=True)
    if prev and len(prev.speaker.persons) == 1:
        return _Speaker(list(prev.speaker.persons), inferred=True)
    persons = [r for r in ctx.refs if r.kind == "person" and r.end <= pos and not r.possessive]
    if persons:
        return _Speaker([persons[-1].name], inferred=True)
    return _Speaker(generic=True, inferred=True)


def _opens_sentence(ctx: _Context, pos: int) -> bool:
    """Whether only capitalised words (a party, a title) stand between the sentence start and ``pos``:
    "Rebuilding Korea Party Rep. Park Eun-jeong criticized ...", "Park, a former director, ..."."""
    return not _LOWER_WORD.search(ctx.text, ctx.sentence_start(pos), pos)


def _resolve_role_noun(ctx: _Context, role: str, pos: int) -> _Speaker:
    for c in reversed(ctx.claims):
        if c.start < pos:
            hits = [p for p in c.speaker.persons if ctx.has_role(p, role)]
            if hits:
                return _Speaker(hits[:1], inferred=True)
    persons = [r for r in ctx.refs if r.kind == "person" and r.end <= pos and ctx.has_role(r.name, role)]
    if persons:
        return _Speaker([persons[-1].name], inferred=True)
    return _Speaker(generic=True, inferred=True)


def _from_refs(ctx: _Context, refs: list[_Ref], start: int, end: int) -> _Speaker | None:
    subjects = [r for r in refs if not r.possessive]
    persons = [r.name for r in subjects if r.kind == "person"]
    if persons:
        sp = _Speaker(list(dict.fromkeys(persons)))
        orgs_after = [r for r in subjects if r.kind == "org" and r.org_kind != "party"]
        if orgs_after and _FROM.search(ctx.text[start:end]):
            sp.source = orgs_after[-1].name
        return sp
    orgs = [r for r in subjects if r.kind == "org" and r.org_kind != "party"] or [
        r for r in subjects if r.kind == "org"
    ]
    if orgs:
        return _Speaker(orgs=[orgs[-1].name])
    return None


def _subject(ctx: _Context, start: int, end: int) -> _Speaker:
    """The speaker named in text[start:end], a clause that ends at a speech verb."""
    text = ctx.text
    seg_end = end
    tail = _AUX_TAIL.search(text, start, seg_end)
    if tail and tail.end() == seg_end:
        seg_end = tail.start()
    bounds = [m.end() for m in _CLAUSE_MARK.finditer(text[start:seg_end])]
    cuts = [start + b for b in bounds]
    segments = list(zip([start, *cuts], [*[c - 1 for c in cuts], seg_end], strict=False))
    for s, e in reversed(segments):
        seg = text[s:e].strip()
        if not seg:
            continue
        if s > start and e != seg_end and _APPOSITION.match(seg):
            continue  # "X, a member of the committee, said" / "Kim, of the ruling party, said"
        found = _from_refs(ctx, ctx.refs_in(s, e), s, e)
        if found is None and s > start and e != seg_end and _person_before(ctx, start, s):
            continue  # "X, the committee's ruling party secretary, said": an apposition to X
        words = _WORDS.findall(seg)
        last = words[-1] if words else ""
        if found is not None:
            return found
        if (
            last.lower() in vocabulary()["pronouns_singular"] + vocabulary()["pronouns_plural"]
            and len(words) <= 3
        ):
            return _resolve_pronoun(ctx, last, s)
        for pattern, role in _person_anaphora():
            if pattern.search(seg):
                return _resolve_role_noun(ctx, role, s)
        if _generic_re().search(seg) or _generic_head_re().match(seg):
            return _Speaker(generic=True)
        if _APPOSITION_HEAD.match(seg):
            continue  # an apposition ("X, who attended, said"): the subject is before it
        # A capitalised noun phrase we cannot name ("Pyongyang announced"): an unnamed speaker.
        if last[:1].isupper() and len(words) <= 4 and last.lower() not in _not_names():
            return _Speaker(generic=True)
        return _Speaker()
    return _Speaker()


def _person_before(ctx: _Context, start: int, end: int) -> bool:
    return any(r.kind == "person" and not r.possessive for r in ctx.refs_in(start, end))


def _speaker_phrase(ctx: _Context, start: int, end: int) -> _Speaker:
    """The speaker in a phrase after "according to" or "said": first name before an apposition."""
    comma = ctx.text.find(",", start, end)
    head_end = comma if comma != -1 else end
    found = _from_refs(ctx, ctx.refs_in(start, head_end), start, end)
    if found is not None:
        if found.persons and found.source is None:
            orgs = [r for r in ctx.refs_in(start, end) if r.kind == "org" and r.org_kind != "party"]
            if orgs and _FROM.search(ctx.text[start:end]):
                found.source = orgs[0].name
        return found
    phrase = ctx.text[start:head_end].strip()
    words = _WORDS.findall(phrase)
    if words and words[0].lower() in vocabulary()["pronouns_singular"] + vocabulary()["pronouns_plural"]:
        return _resolve_pronoun(ctx, words[0], start)
    for pattern, role in _person_anaphora():
        if pattern.search(phrase):
            return _resolve_role_noun(ctx, role, start)
    sp = _Speaker(generic=bool(words))
    orgs = [r for r in ctx.refs_in(start, end) if r.kind == "org" and r.org_kind != "party"]
    if orgs:
        sp.source = orgs[0].name
    return sp


# ---------------------------------------------------------------- rules


def _cues(ctx: _Context, start: int, end: int) -> list[re.Match[str]]:
    out = []
    for m in _cue_re().finditer(ctx.text, start, end):
        before = ctx.text[max(start, m.start() - 30) : m.start()]
        if "ly" in before:
            before = _ADVERBS_TAIL.sub(" ", before)
        # The blocking word ends where the trailing white space begins and is at most
        # _BLOCKING_WIDTH long: search from there, not from every position of the window.
        from_pos = max(0, len(before.rstrip()) - _BLOCKING_WIDTH)
        if _BLOCKING_BEFORE.search(before, from_pos) or _BY_AFTER.match(ctx.text[m.end() : m.end() + 4]):
            continue
        out.append(m)
    return out


def _content_after_cue(ctx: _Context, cue_end: int, end: int) -> tuple[int, str | None]:
    """Where reported content begins after a cue, and a source named on the way."""
    text = ctx.text
    m = _THAT.match(text, cue_end, end)
    if m is None:
        m = _LEAD_TIME.match(text, cue_end, end)
    if m is None:
        # "told reporters after the meeting of the committee that ...", "told JoongAng Ilbo that ...":
        # an object before "that", as long as no other speech verb or clause break stands in it.
        that = _THAT_WORD.search(text, cue_end, min(end, cue_end + 90))
        if (
            that
            and not _CLAUSE_MARK.search(text, cue_end, that.start())
            and not _cue_re().search(text, cue_end, that.start())
        ):
            m = that
    pos = m.end() if m else cue_end
    source = None
    # "Lee told reporters the NIS had said ...": the organisation is the source.
    lead = _cue_re().search(text, pos, min(end, pos + 60))
    if lead:
        refs = [r for r in ctx.refs_in(pos, lead.start()) if r.kind == "org"]
        gap = text[pos : lead.start()]
        if refs and _NESTED_GAP.fullmatch(gap):
            source = refs[-1].name
            after = _THAT.match(text, lead.end(), end)
            pos = after.end() if after else lead.end()
    nested = _nested_lead().match(text, pos, end)
    if nested:
        pos = nested.end()
    return pos, source


def _indirect(ctx: _Context, s: int, e: int) -> _Draft | None:
    text = ctx.text
    label = _LABEL.match(text, s, e)
    if label:
        s = label.end()
    # "As X relayed, ..." / "According to X, ..."
    relay = _relay_re().match(text, s, e)
    relay_speaker = (
        _speaker_phrase(ctx, s + relay.group(0).find(relay.group(1)), s + relay.end()) if relay else None
    )
    if relay:
        s = relay.end()
    acc = _according_re().search(text, s, e)
    if acc and acc.group(1).lower() == "citing" and _trailing_cue_re().search(text, max(s, e - 280), e):
        acc = None  # "..., X told lawmakers on Thursday, citing signs of ...": the trailing cue decides
    if acc:
        if acc.start() == s or text[s : acc.start()].strip() == "":
            comma = text.find(",", acc.end(), e)
            if comma == -1:
                return None
            speaker = _speaker_phrase(ctx, acc.end(), comma)
            nxt = text.find(",", comma + 1, e)
            if nxt != -1 and _APPOSITION_HEAD.match(text, comma + 1 + (text[comma + 1] == " ")):
                comma = nxt  # "According to Rep. X, who sits on the committee, the NIS ..."
            cs, ce = _trim_content(text, comma + 1, e)
            return _Draft(cs, ce, "indirect", acc.group(1).lower(), speaker, speaker.source)
        speaker = _speaker_phrase(ctx, acc.end(), e)
        inner = _indirect_core(ctx, s, acc.start())
        if inner is not None and acc.group(1).lower() == "citing" and inner.speaker.persons:
            # "X told reporters that ..., citing the NIS": X speaks, the NIS is the source.
            cited = speaker.orgs[0] if speaker.orgs else (speaker.persons[0] if speaker.persons else None)
            inner.source = inner.source or cited
            inner.end = _trim_content(text, inner.start, acc.start())[1]
            return inner
        if inner is not None:
            inner.source = inner.source or (inner.speaker.orgs[0] if inner.speaker.orgs else None)
            inner.speaker = speaker if speaker.found() else inner.speaker
            inner.cue = acc.group(1).lower()
            inner.end = _trim_content(text, inner.start, acc.start())[1]
            return inner
        cs, ce = _trim_content(text, s, acc.start())
        return _Draft(cs, ce, "indirect", acc.group(1).lower(), speaker, speaker.source)
    draft = _indirect_core(ctx, s, e)
    if draft is not None and relay_speaker is not None and relay_speaker.found():
        draft.source = draft.source or (draft.speaker.orgs[0] if draft.speaker.orgs else None)
        draft.speaker = relay_speaker
    return draft


def _indirect_core(ctx: _Context, s: int, e: int, depth: int = 0) -> _Draft | None:
    text = ctx.text
    # "..., South Korea's spy agency has claimed." / "..., the ministry told the committee on Monday."
    tail_start = max(s, e - 280)
    trailing = (
        _trailing_cue_re().search(text, tail_start, e) if text.rfind(",", tail_start, e) != -1 else None
    )
    if trailing and (trailing.group(2) or "").lower() != "told":
        verb = (trailing.group(2) or trailing.group(3)).lower()
        speaker = _speaker_phrase(ctx, trailing.start(1), trailing.end(1))
        if speaker.found() and not speaker.generic:
            cs, ce = _trim_content(text, s, trailing.start())
            source = None
            if verb in ("cited", "quoted"):  # "..., Lee quoted the NIS as saying."
                objs = [r for r in ctx.refs_in(trailing.start(4), trailing.end(4)) if r.kind == "org"]
                source = objs[0].name if objs else None
            return _Draft(cs, ce, "indirect", verb, speaker, source)
        if speaker.generic and depth == 0:
            # "..., the NIS told a briefing on Wednesday, lawmakers said.": the inner attribution.
            inner = _indirect_core(ctx, s, trailing.start(), depth=1)
            if inner is not None:
                return inner
    cite = _citing_re().search(text, s, e)
    if cite:
        speaker = _subject(ctx, s, cite.start())
        if speaker.found():
            src = [r for r in ctx.refs_in(cite.start(2), cite.end(2)) if r.kind == "org"]
            cs, ce = _trim_content(text, cite.end(), e)
            return _Draft(
                cs,
                ce,
                "indirect",
                f"{cite.group(1).lower()} as saying",
                speaker,
                src[0].name if src else None,
            )
    for cue in _cues(ctx, s, e):
        if cue.group(0).lower() in _PARTICIPLES:
            # "X, a former minister, defended the ministry, saying ...": the speaker is the subject.
            subjects = [r for r in ctx.refs_in(s, cue.start()) if r.kind == "person" and not r.possessive]
            speaker = _Speaker([subjects[0].name]) if subjects else _Speaker()
        else:
            speaker = _subject(ctx, s, cue.start())
        if not speaker.found():
            continue
        pos, source = _content_after_cue(ctx, cue.end(), e)
        cs, ce = _trim_content(text, pos, e)
        if ce - cs < 12:
            continue
        return _Draft(cs, ce, "indirect", cue.group(0).lower(), speaker, source)
    rev = _revision_re().search(text, s, e)
    if rev:
        speaker = _subject(ctx, s, rev.start())
        if speaker.found():
            cs, ce = _trim_content(text, rev.start(), e)
            return _Draft(cs, ce, "indirect", rev.group(0).split()[0].lower(), speaker)
    return None


def _tag_speakers(ctx: _Context) -> dict[int, tuple[_Speaker, str, int]]:
    """Sound-bite tags and caption lines: where tagged speech begins -> (speaker, cue, tag start)."""
    text = ctx.text
    out: dict[int, tuple[_Speaker, str, int]] = {}
    for m in _sound_bite_re().finditer(text):
        sp = _from_refs(ctx, ctx.refs_in(m.start(1), m.end(1)), m.start(1), m.end(1))
        if sp is not None:
            pos = m.end()
            while pos < len(text) and text[pos].isspace():
                pos += 1
            out[pos] = (sp, "sound bite", m.start())
    pos = 0
    for line in text.split("\n"):
        ls, le = pos, pos + len(line)
        pos = le + 1
        if "/" not in line or not _CAPTION_LINE.match(line.strip()):
            continue
        persons = [r for r in ctx.refs_in(ls, le) if r.kind == "person"]
        if not persons or persons[0].start - ls > 3:
            continue
        nxt = le
        while nxt < len(text) and text[nxt].isspace():
            nxt += 1
        if nxt < len(text):
            out[nxt] = (_Speaker([persons[0].name]), "caption", ls)
    return out


def _trailing_attribution(ctx: _Context, close: int) -> tuple[_Speaker, str] | None:
    """'..., ” said Rep. Han.' / '..., ” Rep. Han said.' / '..., ” they added.'"""
    text = ctx.text
    end = close + 1
    stop = min(len(text), end + 120)
    for m in _STOP_MARK.finditer(text[end:stop]):
        if m.group(0) == "." and _abbreviation_before(text, end + m.start()):
            continue
        stop = end + m.start()
        break
    chunk = text[end:stop]
    if not chunk.strip():
        return None
    # Searched in the text (the character before ``end`` is the closing mark or a line
    # break, so "\\b" there is as at the chunk's start); offsets relative to the chunk.
    cue = _cue_re().search(text, end, stop)
    if not cue:
        return None
    at, after = cue.start() - end, cue.end() - end
    if at > 100 or (len(chunk) > 100 and chunk[:at].strip(" ,")):
        return None  # '..., ” said X, a senior fellow at ... .' may run long after the cue
    if at <= 2 or chunk[:at].strip() in ("", ","):
        speaker = _speaker_phrase(ctx, end + after, stop)
    else:
        speaker = _subject(ctx, end, end + at)
    if not speaker.found():
        return None
    return speaker, cue.group(0).lower()


def _leading_attribution(ctx: _Context, s: int, open_at: int) -> tuple[_Speaker, str, str | None] | None:
    text = ctx.text
    if open_at - s < 3:
        return None
    label = _LABEL.match(text, s, open_at)
    if label:
        s = label.end()
    relay = _relay_re().match(text, s, open_at)
    relay_speaker = None
    if relay:
        relay_speaker = _speaker_phrase(ctx, s + relay.group(0).find(relay.group(1)), s + relay.end())
        s = relay.end()
    cues = _cues(ctx, s, open_at)
    for cue in reversed(cues):
        speaker = _subject(ctx, s, cue.start())
        if not speaker.found():
            continue
        between = [r for r in ctx.refs_in(cue.end(), open_at) if r.kind == "person" and not r.possessive]
        if speaker.generic and not speaker.persons and between:
            speaker = _Speaker([between[-1].name])
        if relay_speaker is not None and relay_speaker.found():
            source = speaker.orgs[0] if speaker.orgs else None
            return relay_speaker, cue.group(0).lower(), source
        return speaker, cue.group(0).lower(), None
    return None


def _direct_claims(ctx: _Context, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Claims from quotations and tagged speech; returns the spans they cover."""
    text = ctx.text
    tags = _tag_speakers(ctx)
    covered: list[tuple[int, int]] = []
    starts = [s for s, _ in sentences]
    prev_close = -1
    for open_at, close in _quote_blocks(text):
        if ctx.in_heading(open_at):
            continue
        cs, ce = _trim_content(text, open_at + 1, close)
        content = text[cs:ce]
        sent_start = max([s for s in starts if s <= open_at], default=0)
        if not _is_statement(content):
            continue
        if text[ce:close].strip(" ,.") == "" and ce < close and text[ce] in ".!?":
            pass
        speaker: _Speaker | None = None
        cue = ""
        source = None
        span_start = open_at
        tag = tags.get(open_at)
        if tag:
            speaker, cue, span_start = tag
        if speaker is None:
            trail = _trailing_attribution(ctx, close) if close < len(text) else None
            if trail:
                speaker, cue = trail
        if speaker is None or speaker.inferred or not (speaker.persons or speaker.orgs):
            lead = _leading_attribution(ctx, max(sent_start, prev_close + 1), open_at)
            if lead and (lead[0].persons or lead[0].orgs or speaker is None):
                speaker, cue, source = lead
        if speaker is None:
            prev = ctx.last_claim_before(open_at, window=400)
            if (
                prev is not None
                and prev.kind == "direct"
                and _NO_QUOTE_GAP.fullmatch(text[prev.end : open_at])
            ):
                speaker = prev.speaker.as_inferred()
                cue = prev.cue
                source = prev.source
        if speaker is None:
            continue
        ctx.claims.append(
            _Draft(cs, ce, "direct", cue, speaker, source, 1.0 if not speaker.inferred else 0.8)
        )
        covered.append((min(span_start, sent_start), close + 1))
        prev_close = close
    # Caption lines / sound bites followed by unquoted speech: the paragraph after them.
    for pos, (speaker, cue, tag_start) in tags.items():
        if pos >= len(text) or text[pos] in '“"':
            continue
        end = text.find("\n", pos)
        end = len(text) if end == -1 else end
        if cue == "sound bite":
            nxt = [e for s, e in sentences if s >= pos]
            end = min(end, nxt[0]) if nxt else end
        cs, ce = _trim_content(text, pos, end)
        if ce - cs > 10:
            ctx.claims.append(_Draft(cs, ce, "direct", cue, speaker))
            covered.append((tag_start, end))
    ctx.claims.sort(key=lambda c: c.start)
    return covered


@cache
def _figure_finder() -> Callable[..., Sequence[Figure]] | None:
    try:
        from .figures import find_figures
    except ImportError:  # figures.py is written in parallel
        return None
    return find_figures


def _figures(text: str, start: int, end: int) -> tuple[Figure, ...]:
    finder = _figure_finder()
    return tuple(finder(text, start, end)) if finder else ()


def find_claims(
    text: str,
    *,
    people: Sequence[PersonRef] = (),
    organisations: Sequence[OrganisationRef] = (),
    briefings: Sequence[BriefingRef] = (),
) -> tuple[Claim, ...]:
    """Every attributed statement in ``text``, in text order."""
    ctx = _Context(text, people, organisations, briefings)
    sentences = ctx.sentences
    covered = _direct_claims(ctx, sentences)
    for s, e in sentences:
        if any(cs < e and s < ce for cs, ce in covered) or ctx.in_heading(s):
            continue
        back = _back_ref_re().match(text, s, e)
        if back:
            prev = ctx.last_claim_before(s, window=300)
            speaker = _speaker_phrase(ctx, back.end(), e)
            if prev is not None and speaker.found():
                prev.source = prev.source or (prev.speaker.orgs[0] if prev.speaker.orgs else None)
                prev.speaker = speaker
                prev.cue = "according to"
                continue
        dateline = _WIRE_DATELINE.match(text, s, e)
        draft = _indirect(ctx, dateline.end() if dateline else s, e)
        if draft is not None and draft.end > draft.start:
            ctx.claims.append(draft)
            ctx.claims.sort(key=lambda c: c.start)
    return tuple(_finish(ctx, d) for d in ctx.claims)


def _opinion_search(text: str, start: int, end: int) -> re.Match[str] | None:
    """``_opinion_re().search(text[start:end])``, searched in the text itself.

    The pattern begins with a word boundary, which in the text also sees the
    character before ``start``: the same unless that is a word character, and
    then the copy is searched. (Searching the text shares its lower-case copy
    with every other search; a copy of each claim would be lower-cased anew.)
    """
    if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
        return _opinion_re().search(text[start:end])
    return _opinion_re().search(text, start, end)


def _finish(ctx: _Context, d: _Draft) -> Claim:
    text = ctx.text
    sp = d.speaker
    source, kind = d.source, "organisation" if d.source else None
    if source and source in ctx.people:
        kind = "person"
    # The briefing this speaker is named with (an article may report two), else the first.
    own_briefing = next((i for i, b in enumerate(ctx.briefings) if set(sp.persons) & set(b.relayed_by)), None)
    organiser = (
        ctx.briefings[own_briefing].organiser
        if own_briefing is not None
        else next((b.organiser for b in ctx.briefings if b.organiser), None)
    )
    content = text[d.start : d.end]
    lead_org, lead_cue = _lead_organisation(ctx, d.start, d.end)
    if source is None and lead_org is not None and lead_cue:
        source, kind = lead_org, "organisation"  # "“The NIS said the North could ...,” Park said."
    # A lawmaker's own view: first person, a call for action, or a judgement ("the ministry had
    # failed to explain"), not content relayed from the organiser ("the military had detected ...").
    own = bool(
        sp.persons
        and not sp.orgs
        and not lead_cue
        and (source is None or source == organiser)
        and (
            bool(_own_opinion_re().match(content))
            or bool(_FIRST_PERSON.search(content))
            or bool(_opinion_search(text, d.start, d.end))
        )
    )
    if own:
        source, kind = sp.persons[0], "person"
    if source is None and sp.source:
        source, kind = sp.source, "organisation"
    if source is None and sp.orgs:
        source, kind = sp.orgs[0], "organisation"
    if source is None and sp.persons:
        relays = [p for p in sp.persons if ctx.has_role(p, "lawmaker")]
        if relays and organiser and not own:
            source, kind = organiser, "organisation"
        else:
            source, kind = sp.persons[0], "person"
    sentence_start = ctx.sentence_start(d.start)
    briefing: int | None = None
    if ctx.briefings:
        about_briefing = any(b.organiser == source for b in ctx.briefings) or any(
            ctx.has_role(p, "lawmaker") for p in sp.persons
        )
        shifted = bool(_TIME_SHIFT.match(text[sentence_start : d.start + 1]))
        if about_briefing and not shifted:
            by_source = next((i for i, b in enumerate(ctx.briefings) if b.organiser == source), None)
            briefing = by_source if by_source is not None else (own_briefing or 0)
    confidence = d.confidence
    if not sp.persons and not sp.orgs:
        confidence = min(confidence, 0.6)
    return Claim(
        text=text[d.start : d.end],
        start=d.start,
        end=d.end,
        kind=d.kind,
        cue=d.cue,
        speakers=tuple(sp.persons),
        speaker_organisations=tuple(sp.orgs),
        source=source,
        source_kind=kind,
        briefing=briefing,
        figures=_figures(text, d.start, d.end),
        confidence=confidence,
        speaker_inferred=sp.inferred,
    )
