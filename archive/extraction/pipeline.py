"""The one place the stage order is written.

clean -> metadata -> organisations -> parse -> people (the finders, then the parser's
recogniser) -> briefings -> attribution
(figures are read inside each claim's span) -> briefings get their relayers.
Every stage is a pure function of what the earlier stages produced, so the
pipeline is deterministic.
"""

from __future__ import annotations

from .attribution import find_claims, organisations_named_by
from .briefings import attach_claims, find_briefings
from .cleaning import clean
from .entities import find_people
from .named import people_from_parse, with_parties
from .organisations import find_organisations
from .parsing import parse
from .types import ArticleMetadata, CleanedText, ExtractedArticle

try:
    from .metadata import extract_metadata
except ImportError:  # metadata.py is written in parallel; until then: title only, nothing guessed

    def extract_metadata(cleaned: CleanedText) -> ArticleMetadata:
        title = next((line.strip() for line in cleaned.text.splitlines() if line.strip()), "")
        return ArticleMetadata(
            title=title[:200], outlet=None, byline=(), published_on=None, published_on_basis="unknown"
        )


def extract(raw_text: str) -> ExtractedArticle:
    """Run the whole pipeline on one raw article."""
    cleaned = clean(raw_text)
    text = cleaned.text
    meta = extract_metadata(cleaned)
    organisations = find_organisations(text)
    people = find_people(text, organisations=organisations, byline=meta.byline, outlet=meta.outlet)
    doc = parse(text, names=[(m.start, m.end) for p in people for m in p.mentions])
    people = with_parties(doc, people_from_parse(doc, people, organisations), organisations)
    briefings = find_briefings(
        text, people=people, organisations=organisations, published_on=meta.published_on
    )
    claims = find_claims(text, people=people, organisations=organisations, briefings=briefings, doc=doc)
    briefings = attach_claims(briefings, claims, people)
    organisations = organisations_named_by(claims, organisations)
    warnings: list[str] = []
    if not claims:
        warnings.append("no attributed statement found")
    if meta.published_on is None:
        warnings.append("publication date unknown")
    return ExtractedArticle(
        raw_text=raw_text,
        text=text,
        title=meta.title,
        outlet=meta.outlet,
        byline=meta.byline,
        published_on=meta.published_on,
        published_on_basis=meta.published_on_basis,
        published_on_evidence=meta.published_on_evidence,
        people=people,
        organisations=organisations,
        briefings=briefings,
        claims=claims,
        warnings=tuple(warnings),
    )
