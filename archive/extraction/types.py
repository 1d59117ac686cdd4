"""The pipeline's vocabulary: frozen dataclasses, nothing else.

Every offset (``start``/``end``) indexes into ``ExtractedArticle.text``, the
cleaned text, so that ``article.text[c.start:c.end] == c.text`` holds for every
claim, figure and mention. People and organisations are referred to by name:
``PersonRef.name`` and ``OrganisationRef.name`` are the keys that claims and
briefings use. Resolution across articles (one Person per real person) happens
at ingest, not here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# How a date was established. "dateline": printed at the head of the text;
# "inferred": reasoned from evidence in the text (the evidence is kept);
# "unknown": no date. ("editor" exists only in the database.)
DATE_BASES = ("dateline", "inferred", "unknown")

ORGANISATION_KINDS = (
    "agency",
    "committee",
    "party",
    "media",
    "government",
    "military",
    "other",
)

CLAIM_KINDS = ("direct", "indirect")

# How the text bounds a figure: "600", "about 600", "more than 600", "up to 600", "nearly 600".
FIGURE_BOUNDS = ("exact", "about", "at least", "at most", "nearly")


@dataclass(frozen=True)
class Mention:
    """One place where an entity is named in the cleaned text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class CleanedText:
    """The cleaned text and, for each of its characters, where it came from.

    ``raw_offsets[i]`` is the index in ``raw`` of ``text[i]``; a space that
    stands for a run of whitespace maps to the run's first character.
    """

    raw: str
    text: str
    raw_offsets: tuple[int, ...]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the cleaned text back to the raw text."""
        if start >= end:
            pos = self.raw_offsets[start] if start < len(self.raw_offsets) else len(self.raw)
            return pos, pos
        return self.raw_offsets[start], self.raw_offsets[end - 1] + 1


@dataclass(frozen=True)
class ArticleMetadata:
    title: str
    outlet: str | None  # canonical organisation name from the gazetteer
    byline: tuple[str, ...]  # person names, normalised case ("Han Ji-ho")
    published_on: dt.date | None
    published_on_basis: str  # one of DATE_BASES
    published_on_evidence: str = ""  # the words the date rests on


@dataclass(frozen=True)
class OrganisationRef:
    name: str  # canonical name (gazetteer) or the name as written
    kind: str  # one of ORGANISATION_KINDS
    aliases: tuple[str, ...] = ()  # spellings seen in this article
    parent: str | None = None
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True)
class PersonRef:
    name: str  # the fullest spelling seen in this article, case-normalised
    variants: tuple[str, ...] = ()  # every spelling seen, including name itself
    roles: tuple[str, ...] = ()  # "lawmaker", "NIS Director", "reporter", ...
    party: str | None = None  # canonical party name, when the text gives one
    affiliations: tuple[str, ...] = ()  # other organisations (committee, outlet)
    mentions: tuple[Mention, ...] = ()
    is_byline: bool = False
    confidence: float = 1.0


@dataclass(frozen=True)
class Figure:
    """A number inside a claim: ``value`` or a ``low``-``high`` range.

    ``bound`` says how the text bounds it (one of FIGURE_BOUNDS: "more than 600" is "at least"
    600); ``approximate`` is true for every bound but "exact". ``label`` names what the number
    counts or measures when the category does not ("executed", "weight", "training sites").
    """

    category: str  # killed, wounded, casualties, troops deployed, captured, ..., other
    value: int | None
    low: int | None
    high: int | None
    approximate: bool
    unit: str  # "people", "KRW", "USD", "incidents", "kg", "percent", ...
    text: str
    start: int
    end: int
    bound: str = "exact"  # one of FIGURE_BOUNDS
    label: str = ""


@dataclass(frozen=True)
class BriefingRef:
    date: dt.date | None
    date_basis: str  # one of DATE_BASES
    organiser: str | None  # OrganisationRef.name
    audience: str | None  # OrganisationRef.name
    presenters: tuple[str, ...] = ()  # PersonRef.name
    relayed_by: tuple[str, ...] = ()  # PersonRef.name
    closed_door: bool = False
    evidence: str = ""  # the words the briefing was recognised from


@dataclass(frozen=True)
class Claim:
    text: str
    start: int
    end: int
    kind: str  # "direct" | "indirect"
    cue: str  # "told reporters", "according to", "said", "[Sound bite]", ...
    speakers: tuple[str, ...] = ()  # PersonRef.name
    speaker_organisations: tuple[str, ...] = ()  # OrganisationRef.name
    source: str | None = None  # where the information originates (org or person name)
    source_kind: str | None = None  # "organisation" | "person" | None
    briefing: int | None = None  # index into ExtractedArticle.briefings
    figures: tuple[Figure, ...] = ()
    confidence: float = 1.0
    speaker_inferred: bool = False  # speaker resolved from context, not named at the claim
    # The PARC / PolNeAR parts of an attribution, as offsets into the cleaned text. ``start``/``end``
    # cover the whole content; ``parts`` are its pieces when a cue interrupts it ("'A,' he said, 'B.'"
    # is one claim with two parts); empty means the one part start..end.
    source_span: tuple[int, int] | None = None  # where the source is named ("Rep. Kim", "the agency")
    cue_span: tuple[int, int] | None = None  # the cue ("told reporters", "according to")
    parts: tuple[tuple[int, int], ...] = ()
    speaker_description: str = ""  # an unnamed speaker as the text gives it ("a committee official")


@dataclass(frozen=True)
class ExtractedArticle:
    raw_text: str
    text: str
    title: str
    outlet: str | None
    byline: tuple[str, ...]
    published_on: dt.date | None
    published_on_basis: str
    published_on_evidence: str = ""
    people: tuple[PersonRef, ...] = ()
    organisations: tuple[OrganisationRef, ...] = ()
    briefings: tuple[BriefingRef, ...] = ()
    claims: tuple[Claim, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    @property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(f for c in self.claims for f in c.figures)
