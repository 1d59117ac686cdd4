"""People the model's named-entity recogniser finds that the project's own finders did not.

The finders in ``entities`` know Korean names, titles and roles; a person
introduced with neither ("Smith said", "Ukraine's spy chief Kyrylo Budanov")
is found by the parser's recogniser instead. Only full names are added (two or
more capitalised words that no organisation, title or known word claims), and
then every later mention of the family name alone, so that "Budanov said"
resolves to the person introduced before.

    >>> from archive.extraction.parsing import parse
    >>> t = "Maria Lopez, a historian, spoke in Lyon. Lopez said the archive had burned."
    >>> [(p.name, len(p.mentions)) for p in people_from_parse(parse(t), (), ())]
    [('Maria Lopez', 2)]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from spacy.tokens import Doc, Token

from .attribution.context import lexicon
from .entities import _furniture_start, _not_names, vocabulary
from .names import name_key, normalise_case
from .types import Mention, OrganisationRef, PersonRef

_LABEL = re.compile(r"(?m)^[ \t]*((?:[A-Z][A-Z.'’-]*[ \t]+){1,6}[A-Z][A-Z'’-]+)[ \t]*:")
_NAME_WORD = re.compile(r"^[A-Z][a-z]+(?:[-'’][A-Za-z][a-z]*)*$")


@cache
def _title_words() -> frozenset[str]:
    """Words of titles and roles that may stand before a name ("President", "Chairperson", "Rep.")."""
    words = {w for key in vocabulary()["titles"] for w in re.findall(r"[a-z]+", key)}
    words |= {w.lower() for w in lexicon()["role_nouns"]}
    return frozenset(words | _not_names())


def _clean_name(words: list[str]) -> list[str]:
    """The name without leading titles and known non-name words ("President", "Mr")."""
    while words and words[0].lower().rstrip(".") in _title_words():
        words = words[1:]
    return words


class _Taken:
    """Which characters of the text a mention already covers: an overlap test in the span's length."""

    def __init__(self, size: int) -> None:
        self.covered = bytearray(size + 1)

    def append(self, span: tuple[int, int]) -> None:
        self.covered[span[0] : span[1]] = b"\x01" * (span[1] - span[0])

    def free(self, start: int, end: int) -> bool:
        return not any(self.covered[start:end])


def _given_name(token: Token) -> bool:
    return (
        token.pos_ == "PROPN"
        and bool(_NAME_WORD.match(token.text))
        and token.text.lower() not in _title_words()
        and token.ent_type_ in ("", "PERSON")
    )


def _folded(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def people_from_parse(
    doc: Doc, people: Sequence[PersonRef], organisations: Sequence[OrganisationRef]
) -> tuple[PersonRef, ...]:
    """``people`` and the further people the recogniser names, each with all their mentions."""
    text = doc.text
    taken = _Taken(len(text))
    for m in [*(m for p in people for m in p.mentions), *(m for o in organisations for m in o.mentions)]:
        taken.append((m.start, m.end))
    known = {name_key(v) for p in people for v in p.variants}
    spellings = [_folded(v) for p in people for v in p.variants]

    def free(start: int, end: int) -> bool:
        return taken.free(start, end)

    found: dict[str, list[Mention]] = {}
    limit = _furniture_start(text)  # links, "more stories", a site's footer: no people there
    for ent in doc.ents:
        if ent.label_ != "PERSON" or ent.start_char >= limit:
            continue
        tokens = [t for t in ent if not t.is_punct or t.text == "-"]
        before = ent.start - 1
        while len(tokens) < 3 and before >= 0 and _given_name(doc[before]):
            tokens.insert(0, doc[before])  # "Kyrylo Budanov" tagged as just "Budanov"
            before -= 1
        while tokens and tokens[-1].text.lower() in ("'s", "’s"):
            tokens = tokens[:-1]
        words = _clean_name([t.text for t in tokens])
        if len(words) < 2 or not all(_NAME_WORD.match(w) for w in words):
            continue
        if any(w.lower() in _not_names() for w in words):
            continue
        start = text.find(words[0], ent.start_char)
        end = start + len(" ".join(words))
        if start < 0 or text[start:end] != " ".join(words) or not free(start, end):
            continue
        name = " ".join(words)
        folded = _folded(name)
        if name_key(name) in known or any(folded in known_name for known_name in spellings):
            continue  # a known person, or part of one's name ("Yo Jong" of "Kim Yo Jong")
        if text[end : end + 1].isalpha() or text[end : end + 1] == "-":
            continue  # the recogniser cut a name short
        found.setdefault(name, []).append(Mention(name, start, end))
        taken.append((start, end))
    for label in _LABEL.finditer(text):
        # "DEPUTY PRESS SECRETARY JANE ROE:": a transcript's speaker, in capitals.
        words = _clean_name([normalise_case(w) for w in label.group(1).split()])
        words = words[-2:] if len(words) > 3 else words  # "Press Secretary Jane Roe": titles before the name
        start = label.start(1) + label.group(1).upper().rfind(" ".join(words).upper()) if words else -1
        if len(words) >= 2 and start >= label.start(1) and free(start, label.end(1)):
            name = " ".join(words)
            if name_key(name) not in known:
                found.setdefault(name, []).append(Mention(text[start : label.end(1)], start, label.end(1)))
                taken.append((start, label.end(1)))
    added = []
    families: dict[str, str] = {name.split()[-1]: name for name in found}
    for word in re.finditer(r"(?<![\w-])[A-Z][\w'’]*(?![\w-])", text) if families else ():
        # One pass over the capitalised words for every new person's family name alone ("Budanov said").
        owner = families.get(word.group())
        if owner is not None and free(word.start(), word.end()) and word.start() > found[owner][0].start:
            found[owner].append(Mention(word.group(), word.start(), word.end()))
            taken.append((word.start(), word.end()))
    for name, mentions in found.items():
        mentions.sort(key=lambda m: m.start)
        added.append(PersonRef(name=name, variants=(name,), mentions=tuple(mentions), confidence=0.7))
    return tuple(sorted([*people, *added], key=lambda p: p.mentions[0].start if p.mentions else len(text)))


_BETWEEN_NAME_AND_PARTY = re.compile(
    r"^[ \t]*,?[ \t]*(?:(?:a|an|the|of|from|ruling|main|minor|opposition|conservative|liberal|progressive)[ \t]+)*$",
    re.IGNORECASE,
)
_BETWEEN_PARTY_AND_NAME = re.compile(r"^[ \t]*(?:[A-Z][\w.’'-]*[ \t]+){0,3}$")


def with_parties(
    doc: Doc, people: Sequence[PersonRef], organisations: Sequence[OrganisationRef]
) -> tuple[PersonRef, ...]:
    """People without a party get the one the text ties to their name.

    "Green Party Commissioner Jane Roe", "Jane Roe of the Green Party",
    "Jane Roe, Green Party lawmaker", "[Jane Roe/Committee Member/Green Party: ...]":

    >>> from archive.extraction.entities import find_people
    >>> from archive.extraction.parsing import parse
    >>> from archive.extraction.organisations import find_organisations
    >>> t = "Park Ji-su, People Power Party lawmaker, said the bridge was closed."
    >>> orgs = find_organisations(t)
    >>> people = find_people(t, organisations=orgs)
    >>> [p.party for p in with_parties(parse(t), people, orgs)]
    ['People Power Party']
    """
    text = doc.text
    parties = [(m.start, m.end, o.name) for o in organisations if o.kind == "party" for m in o.mentions]
    if not parties:
        return tuple(people)
    out = []
    for person in people:
        if person.party:
            out.append(person)
            continue
        found: list[str] = []
        for m in person.mentions:
            found.extend(_organisations_at(doc, text, m, parties))
        party = max(dict.fromkeys(found), key=found.count) if found else None
        out.append(replace(person, party=party) if party else person)
    return tuple(out)


def with_committees(
    doc: Doc, people: Sequence[PersonRef], organisations: Sequence[OrganisationRef]
) -> tuple[PersonRef, ...]:
    """People get the committees the text ties to their name as affiliations.

    "Jane Roe, a member of the Intelligence Committee", "Intelligence Committee member Jane Roe":

    >>> from archive.extraction.entities import find_people
    >>> from archive.extraction.parsing import parse
    >>> from archive.extraction.organisations import find_organisations
    >>> t = "Park Ji-su, a member of the National Assembly Intelligence Committee, spoke."
    >>> orgs = find_organisations(t)
    >>> [p.affiliations for p in with_committees(parse(t), find_people(t, organisations=orgs), orgs)]
    [('National Assembly Intelligence Committee',)]
    """
    text = doc.text
    committees = [
        (m.start, m.end, o.name) for o in organisations if o.kind == "committee" for m in o.mentions
    ]
    if not committees:
        return tuple(people)
    out = []
    for person in people:
        found = [name for m in person.mentions for name in _organisations_at(doc, text, m, committees)]
        extra = [name for name in dict.fromkeys(found) if name not in person.affiliations]
        out.append(replace(person, affiliations=(*person.affiliations, *extra)) if extra else person)
    return tuple(out)


def _organisations_at(doc: Doc, text: str, m: Mention, parties: list[tuple[int, int, str]]) -> list[str]:
    out = []
    line_start = text.rfind("\n", 0, m.start) + 1
    for start, end, name in parties:
        if end <= m.start and start >= line_start and _BETWEEN_PARTY_AND_NAME.match(text[end : m.start]):
            out.append(name)  # "Green Party Rep. Jane Roe"
        if start >= m.end and _BETWEEN_NAME_AND_PARTY.match(text[m.end : start]):
            out.append(name)  # "Jane Roe of the ruling Green Party", "Jane Roe, Green Party lawmaker"
        tag = text[m.end : text.find(":", m.end, m.end + 150) if ":" in text[m.end : m.end + 150] else m.end]
        if text[m.start - 1 : m.start] == "[" and m.end < start and end <= m.end + len(tag) and "/" in tag:
            out.append(name)  # "[Jane Roe/Member/Green Party: ...]"
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or not len(span):
        return out
    root = span.root
    nouns = [root, *[c for c in root.children if c.dep_ == "appos"]]
    if root.dep_ == "appos":
        nouns.append(root.head)
    near: list[tuple[int, int]] = []
    for noun in nouns:
        for child in noun.children:
            if child.dep_ in ("compound", "nmod") or (
                child.dep_ == "prep" and child.lower_ in ("of", "from")
            ):
                tokens = list(child.subtree)
                near.append((tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)))
    for start, end, name in parties:
        if any(s <= start and end <= e for s, e in near):
            out.append(name)
    return out
