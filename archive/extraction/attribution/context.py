"""What the attribution rules share about one article: the parse, the named mentions, the quotations.

The project's own finders (gazetteer, titles, romanisation-aware names) say
*who* is named where; the parse says *how* the words hang together. This
module puts the two side by side: ``Context.refs`` are the people and
organisations named in the text (with the article's anaphors, "the agency",
resolved to the organisation they stand for), each a character span, and
``Context.doc`` is the dependency parse of the same text.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Doc, Token

from ..entities import vocabulary
from ..types import BriefingRef, OrganisationRef, PersonRef

_CUES = Path(__file__).resolve().parent.parent / "data" / "cues.yaml"


@cache
def lexicon() -> dict[str, Any]:
    """The cue lexicon of ``data/cues.yaml`` (read once)."""
    with _CUES.open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


@cache
def cue_lemmas() -> frozenset[str]:
    """Every one-word cue verb, speech or cognition."""
    words = [
        *lexicon()["speech_verbs"],
        *lexicon()["cognition_verbs"],
        *lexicon()["citing_verbs"],
        *lexicon()["as_only_verbs"],
    ]
    return frozenset(w for w in words if " " not in w)


@cache
def phrasal_cues() -> dict[str, str]:
    """Cues of a verb and a particle or preposition: {"point": "out", "see": "as"}."""
    words = [*lexicon()["speech_verbs"], *lexicon()["cognition_verbs"]]
    return dict(w.split(" ", 1) for w in words if " " in w)  # type: ignore[misc]


@dataclass(frozen=True)
class Ref:
    """A person or organisation named at [start, end)."""

    start: int
    end: int
    kind: str  # "person" | "org"
    name: str
    possessive: bool = False
    org_kind: str = ""


@dataclass
class Speaker:
    """Who a claim is attributed to, as far as the text tells."""

    persons: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    description: str = ""  # an unnamed speaker as written ("a committee official")
    inferred: bool = False  # resolved from context (a pronoun, "the lawmaker"), not named at the cue
    source: str | None = None  # an organisation the speaker phrase names as theirs ("an official at X")

    def found(self) -> bool:
        return bool(self.persons or self.orgs or self.description)

    def named(self) -> bool:
        return bool(self.persons or self.orgs)

    def first_name(self) -> str | None:
        """The organisation, else the person, else the organisation of the phrase, this speaker names."""
        names = [*self.orgs, *self.persons, *([self.source] if self.source else [])]
        return names[0] if names else None


@dataclass
class Attribution:
    """A claim in the making: its content part(s), cue, source phrase and speaker."""

    parts: list[tuple[int, int]]
    kind: str  # "direct" | "indirect"
    cue: str
    cue_span: tuple[int, int] | None
    source_span: tuple[int, int] | None
    speaker: Speaker
    rule: str
    relayed: str | None = None  # where the speaker has it from ("X cited the agency as saying")
    cites: bool = False  # the cue cites or quotes someone, named or not
    # Where the claim's text begins when the cue is part of what is claimed ("denying that C",
    # "the agency believes C": see stance_speech_verbs in data/cues.yaml); None: at the content.
    lead: int | None = None
    confidence: float = 1.0
    # Resolved when the claim is kept, in text order (a pronoun looks back at the claims kept before):
    subject: Token | None = None  # the source phrase's head, while the speaker is still to be resolved
    inner: list[Token] = field(default_factory=list)  # subjects of cues nested in the content
    inner_speakers: list[Speaker] = field(default_factory=list)  # speakers of claims it reports whole

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


# ------------------------------------------------------------------ quotations


_QUOTE_OR_BREAK = re.compile(r"[“”\"\n]")
_PARAGRAPH_END = re.compile(r"[ \t]*(?:\n|$)")


def quote_blocks(text: str) -> list[tuple[int, int]]:
    """(open, close) offsets of quotations; ``close`` is the closing mark or the paragraph's end.

    A quotation left open at the end of a paragraph continues when the next
    paragraph opens with a quotation mark (the typographic convention), and a
    curly opening mark at a paragraph's end is taken for a mistyped closing one.

    >>> t = 'He said: “One two.” Then "three four."'
    >>> [t[a:b + 1] for a, b in quote_blocks(t)]
    ['“One two.”', '"three four."']
    """
    blocks: list[tuple[int, int]] = []
    curly: int | None = None
    straight: int | None = None
    n = len(text)
    skip_until = -1
    for m in _QUOTE_OR_BREAK.finditer(text):
        i = m.start()
        if i < skip_until:
            continue
        ch = text[i]
        if ch == "\n":
            j = i + 1
            while j < n and text[j] in " \t\n":
                j += 1
            if curly is not None and not (j < n and text[j] in '“"'):
                blocks.append((curly, i))
                curly = None
            if straight is not None:
                blocks.append((straight, i))
                straight = None
            if curly is not None:
                skip_until = j + 1  # the continuation's own opening mark
            continue
        if ch == "“":
            if curly is None:
                curly = i
            elif _PARAGRAPH_END.match(text, i + 1):
                blocks.append((curly, i))
                curly = None
        elif ch == "”":
            if curly is not None:
                blocks.append((curly, i))
                curly = None
        elif straight is None:
            straight = i
        else:
            blocks.append((straight, i))
            straight = None
    if curly is not None:
        blocks.append((curly, n))
    if straight is not None:
        blocks.append((straight, n))
    return sorted(blocks)


# ------------------------------------------------------------------ headings

_SENTENCE_FINAL = frozenset('.!?…"”’:;,')
_TRAILING_CREDIT = re.compile(r"\s*(?:\[[^\[\]\n]{1,60}\]|\([^()\n]{1,60}\))\s*$")


def headings(text: str) -> list[tuple[int, int]]:
    """Lines that do not end a sentence: headlines, decks, captions, link lists. No claims there.

    >>> t = "Agency says bridge closed\\nThe agency said the bridge was closed."
    >>> [t[a:b] for a, b in headings(t)]
    ['Agency says bridge closed']
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
            bare = _TRAILING_CREDIT.sub("", bare)
            if not bare.strip() or bare[-1] in _SENTENCE_FINAL:
                continue
        if line.count(" ") < 16:
            out.append((start, end))
    return out


# ------------------------------------------------------------------ datelines

# "SEOUL, South Korea (AP) — ", "(Reuters) - ", "SEOUL, Nov. 5 (Yonhap) -- ", "SEOUL • ": the head of a
# wire story's first paragraph, no part of its first claim and no speaker.
DATELINE = re.compile(
    r"(?m)^[ \t]*(?:[A-Z][A-Za-z .'-]{1,30}(?:,[ \t]+[A-Z][\w. ]{1,30}(?:,[ \t]+\d{4})?)?[ \t]*)?"
    r"(?:\([^()\n]{2,40}\)[ \t]*)?(?:--|[-—–•])[ \t]+(?=[A-Z“\"])"
)

# ------------------------------------------------------------------ the context


@cache
def _org_anaphora() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(rf"\b{k}\b", re.IGNORECASE), v) for k, v in vocabulary()["org_anaphora"].items()]


class Context:
    """One article: its text, parse, named mentions, quotations, headings and briefings."""

    def __init__(
        self,
        text: str,
        doc: Doc,
        people: Sequence[PersonRef],
        organisations: Sequence[OrganisationRef],
        briefings: Sequence[BriefingRef],
    ) -> None:
        self.text = text
        self.doc = doc
        self.people = {p.name: p for p in people}
        self.orgs = {o.name: o for o in organisations}
        self.briefings = briefings
        refs = [
            Ref(m.start, m.end, "person", p.name, self._possessive(m.end)) for p in people for m in p.mentions
        ]
        person_spans = sorted((r.start, r.end) for r in refs)
        for o in organisations:
            for m in o.mentions:
                if not _overlaps(person_spans, m.start, m.end):
                    refs.append(Ref(m.start, m.end, "org", o.name, self._possessive(m.end), o.kind))
        refs.sort(key=lambda r: (r.start, -r.end))
        refs.extend(self._anaphora(refs))
        refs.sort(key=lambda r: (r.start, -r.end))
        self.refs = refs
        self._holders: dict[str, list[str]] = {}
        self.ref_starts = [r.start for r in refs]
        self.quotes = quote_blocks(text)
        self.quote_reach = list(itertools.accumulate((b for _, b in self.quotes), max))
        self.datelines = [(m.start(), m.end()) for m in DATELINE.finditer(text)]
        self.headings = headings(text)
        self.heading_starts = [s for s, _ in self.headings]
        self.accepted: list[Attribution] = []
        self._parsed_roles: dict[str, set[str]] | None = None

    def _possessive(self, end: int) -> bool:
        return self.text[end : end + 2] in ("'s", "’s") or self.text[end : end + 1] in ("'", "’")

    def _anaphora(self, refs: list[Ref]) -> list[Ref]:
        """ "the agency", "the ministry": the organisation of that kind named last before (else first)."""
        out: list[Ref] = []
        spans = sorted((r.start, r.end) for r in refs)
        by_kind: dict[str, list[Ref]] = {}
        for r in refs:
            if r.kind == "org":
                by_kind.setdefault(r.org_kind, []).append(r)
        for pattern, kind in _org_anaphora():
            named = by_kind.get(kind)
            if not named:
                continue
            starts = [r.start for r in named]
            for m in pattern.finditer(self.text):
                if _overlaps(spans, m.start(), m.end()):
                    continue
                k = bisect.bisect_left(starts, m.start()) - 1
                chosen = named[k] if k >= 0 else named[0]
                out.append(Ref(m.start(), m.end(), "org", chosen.name, self._possessive(m.end()), kind))
                bisect.insort(spans, (m.start(), m.end()))
        return out

    # -- lookups

    def refs_in(self, start: int, end: int) -> list[Ref]:
        """The mentions lying wholly inside [start, end), in text order."""
        i = bisect.bisect_left(self.ref_starts, start)
        out = []
        while i < len(self.refs) and self.refs[i].start < end:
            if self.refs[i].end <= end:
                out.append(self.refs[i])
            i += 1
        return out

    def refs_before(self, pos: int, kind: str) -> list[Ref]:
        """The mentions of ``kind`` ending before ``pos``, nearest last."""
        i = bisect.bisect_left(self.ref_starts, pos)
        return [r for r in self.refs[:i] if r.kind == kind and r.end <= pos]

    def in_dateline(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.datelines)

    def in_heading(self, pos: int) -> bool:
        i = bisect.bisect_right(self.heading_starts, pos) - 1
        return i >= 0 and pos < self.headings[i][1]

    def quote_at(self, pos: int) -> tuple[int, int] | None:
        """The first quotation (by its opening) whose [open, close] covers ``pos``, if any."""
        i = bisect.bisect_left(
            self.quote_reach, pos
        )  # the first whose close (or an earlier one's) reaches pos
        return self.quotes[i] if i < len(self.quotes) and self.quotes[i][0] <= pos else None

    def has_role(self, name: str, role: str) -> bool:
        """Whether the finders gave the person the role, or the parse names them with it anywhere."""
        p = self.people.get(name)
        if p is None:
            return False
        if role == "lawmaker" and (p.party or any("lawmaker" in r.lower() for r in p.roles)):
            return True
        if any(role.lower() in r.lower() for r in p.roles):
            return True
        return role in self.parsed_roles().get(name, ())

    def holders(self, role: str) -> list[str]:
        """Everyone in the article with ``role`` (computed once per role)."""
        if role not in self._holders:
            self._holders[role] = sorted(name for name in self.people if self.has_role(name, role))
        return self._holders[role]

    def parsed_roles(self) -> dict[str, set[str]]:
        """Roles the parse gives people: "X, a member of the committee", "Commissioner X", "lawmaker X"."""
        if self._parsed_roles is None:
            roles: dict[str, set[str]] = {}
            nouns = lexicon()["role_nouns"]
            for r in self.refs:
                if r.kind != "person":
                    continue
                span = self.doc.char_span(r.start, r.end, alignment_mode="expand")
                if span is None or not len(span):
                    continue
                root = span.root
                near = [root.head] if root.dep_ in ("appos", "compound") else []
                near += [c for c in root.children if c.dep_ in ("appos", "compound")]
                near += [t for t in span if t.dep_ == "compound"]
                for t in near:
                    role = nouns.get(t.lower_) or nouns.get(t.lemma_.lower())
                    if role:
                        roles.setdefault(r.name, set()).add(role)
            self._parsed_roles = roles
        return self._parsed_roles

    def last_accepted_before(self, pos: int, window: int = 600) -> Attribution | None:
        for a in reversed(self.accepted):
            if a.start < pos and pos - a.end <= window:
                return a
        return None


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the sorted ``spans``."""
    i = bisect.bisect_left(spans, (end, end))
    return any(s < end and start < e for s, e in spans[max(0, i - 8) : i])


# ------------------------------------------------------------------ token helpers


def span_of(tokens: Sequence[Token]) -> tuple[int, int]:
    """The character span from the first token's start to the last token's end."""
    return min(t.idx for t in tokens), max(t.idx + len(t.text) for t in tokens)


def subtree_span(token: Token, *, without: Sequence[Token] = ()) -> tuple[int, int]:
    """The character span of a token's subtree, leaving out the subtrees of ``without`` at its edges."""
    skip = {t.i for w in without for t in w.subtree}
    tokens = [t for t in token.subtree if t.i not in skip and not t.is_space]
    return span_of(tokens or [token])
