"""Who is speaking: a source phrase of the parse resolved to the people and organisations it names.

The parse gives the phrase ("Rep. Lee, a member of the committee", "the
agency", "he", "two officials at the ministry"); the project's finders have
already said which people and organisations are named where
(``Context.refs``). A phrase that names nobody is resolved to the nearest
compatible antecedent where one is certain ("he" after a claim by one person,
"the lawmaker" after a lawmaker); otherwise it stays an unnamed speaker with
its description, never a guessed person::

    >>> from archive.extraction.attribution import find_claims
    >>> from archive.extraction.entities import find_people
    >>> t = "Rep. Oh Da-in spoke first. The lawmaker said the road was closed for repairs."
    >>> find_claims(t, people=find_people(t))[0].speakers
    ('Oh Da-in',)
"""

from __future__ import annotations

from spacy.tokens import Token

from ..organisations import find_organisations
from .context import Context, Ref, Speaker, lexicon, span_of

# Dependents that belong to the name itself ("Rep.", "Han", "Ji-woo"; "Han, a lawmaker,"; "A and B").
_CORE_PARTS = frozenset({"compound", "flat", "appos", "conj", "nmod"})


def core_tokens(head: Token) -> list[Token]:
    """The head of a source phrase with its name parts, appositions and conjuncts (not its clauses)."""
    out = [head]
    stack = [head]
    while stack:
        t = stack.pop()
        for child in t.children:
            if child.dep_ in _CORE_PARTS or (child.dep_ == "nummod" and child.tag_ == "NNP"):
                out.append(child)
                stack.append(child)
    return sorted(out, key=lambda t: t.i)


def phrase_tokens(head: Token) -> list[Token]:
    """The source phrase: the head's subtree without relative clauses and trailing participles."""
    skip = {t.i for child in head.children if child.dep_ in ("relcl", "acl", "advcl") for t in child.subtree}
    return [t for t in head.subtree if t.i not in skip and not t.is_space]


def _refs_on(ctx: Context, tokens: list[Token]) -> list[Ref]:
    """Mentions that share characters with any of ``tokens``."""
    start, end = span_of(tokens)
    out = []
    for r in ctx.refs_in(max(0, start - 80), end + 80):
        if any(r.start < t.idx + len(t.text) and t.idx < r.end for t in tokens) and r not in out:
            out.append(r)
    return out


def resolve(ctx: Context, head: Token) -> tuple[Speaker, tuple[int, int]]:
    """The speaker a subject (or agent, or object of "according to") names, and its span."""
    if ctx.in_dateline(head.idx):
        others = [c for c in head.children if c.dep_ in ("appos", "conj") and not ctx.in_dateline(c.idx)]
        if not others:
            return Speaker(), (head.idx, head.idx + len(head.text))
        head = others[0]
    whole = span_of(phrase_tokens(head))
    part_of = _partitive(head)
    if part_of is not None:
        speaker, _ = resolve(ctx, part_of)  # "one of the ministry's officials": the officials speak
        if speaker.description:
            speaker.description = ctx.text[whole[0] : whole[1]]
        return speaker, whole
    core = [t for t in core_tokens(head) if not ctx.in_dateline(t.idx)]
    phrase = [t for t in phrase_tokens(head) if not ctx.in_dateline(t.idx)] or [head]
    span = span_of(phrase)
    # "Kim's aide said": Kim does not speak; but an owner ("the agency's assessment") is named possessive.
    core_refs = [r for r in _refs_on(ctx, core) if not r.possessive or head.dep_ == "poss"]
    named = [r for r in core_refs if r.kind == "person"]
    # A bare family name alone may mean another bearer; beside another name ("Kim and Putin") it is as found.
    persons = list(dict.fromkeys(_person_meant(ctx, r) if len(named) == 1 else r.name for r in named))
    phrase_refs = [r for r in _refs_on(ctx, phrase) if r not in core_refs]
    orgs_in_phrase = [r.name for r in phrase_refs if r.kind == "org" and r.org_kind != "party"]
    if not persons and (
        head.text.lower() in lexicon()["role_nouns"] or head.lemma_.lower() in lexicon()["role_nouns"]
    ):
        # "lawmakers X of the A Party and Y of the B Party": the names hang off the role noun's phrase.
        persons = list(
            dict.fromkeys(
                _person_meant(ctx, r)
                for r in phrase_refs
                if r.kind == "person" and not r.possessive and _root_dep(ctx, r) != "pobj"
            )
        )
    if persons:
        # Organisations in a named person's phrase are affiliations ("X, a member of the committee"),
        # not where the claim comes from.
        return Speaker(persons=persons), span
    lemma = head.lemma_.lower()
    words = lexicon()
    if lemma in words["statement_nouns"] or head.text.lower() in words["statement_nouns"]:
        # The owner may be named in a participle too: "the report, released by the agency, found".
        whole_phrase = [t for t in head.subtree if not t.is_space]
        owners = [
            r for r in _refs_on(ctx, whole_phrase) if r.kind in ("person", "org") and r.org_kind != "party"
        ]
        if owners:
            owner = owners[0]
            return (
                Speaker(persons=[owner.name]) if owner.kind == "person" else Speaker(orgs=[owner.name])
            ), span
        recognised = _recognised_org(whole_phrase)
        if recognised is not None:
            return Speaker(orgs=[recognised]), span  # "a statement from the Justice Department"
    role = words["role_nouns"].get(head.lower_) or words["role_nouns"].get(lemma)
    if role and any(c.lower_ == "the" for c in head.children):
        # "The agency's chief said": the person the article names as its director, if any.
        holders = [
            r for r in ctx.refs_before(head.idx, "person") if not r.possessive and ctx.has_role(r.name, role)
        ]
        if holders:
            return Speaker([holders[-1].name], inferred=True), span
    orgs = list(dict.fromkeys(r.name for r in core_refs if r.kind == "org" and r.org_kind != "party"))
    if not orgs:
        orgs = list(dict.fromkeys(r.name for r in core_refs if r.kind == "org"))
    if orgs:
        return Speaker(orgs=orgs), span
    word = head.text.lower()
    if head.pos_ == "PRON" and word in words["pronouns"]:
        if word in ("i", "we") and ctx.quote_at(head.idx) is None:
            return Speaker(), span  # the author's "we", not a speaker's
        return _pronoun(ctx, word, head.idx, words["pronouns"][word]), span
    if word in words["role_nouns"] or lemma in words["role_nouns"]:
        return _role_noun(ctx, head, phrase, orgs_in_phrase), span
    fuzzy = _misspelt_person(ctx, head)
    if fuzzy is not None:
        return Speaker([fuzzy]), span
    if head.pos_ == "PROPN" and (head.ent_type_ == "GPE" or head.text in words["capitals"]):
        # "Russia has said", "Pyongyang announced": a country (or its capital) speaks through its government.
        place = " ".join(t.text for t in core if t.ent_type_ == "GPE" or t.i == head.i)
        country = words["capitals"].get(place, place)
        return Speaker(orgs=[f"Government of {country.removeprefix('the ')}"]), span
    if head.pos_ == "PROPN" and head.ent_type_ == "ORG":
        name = " ".join(t.text for t in core if t.ent_type_ == "ORG")
        return Speaker(orgs=[name or head.text]), span
    if (head.pos_ == "PROPN" and head.ent_type_ in ("NORP", "PERSON")) or (
        head.pos_ == "NOUN" and head.tag_ in ("NN", "NNS")
    ):
        # "the military authorities", "Ukraine": an unnamed speaker, as the text describes it.
        return Speaker(
            description=ctx.text[span[0] : span[1]], source=orgs_in_phrase[0] if orgs_in_phrase else None
        ), span
    return Speaker(), span


def _partitive(head: Token) -> Token | None:
    """The group a part of it is taken from: "one of Pyongyang's envoys", "some of the lawmakers"."""
    if head.pos_ not in ("NUM", "PRON", "DET", "ADJ") and head.lower_ not in ("one", "some", "many", "most"):
        return None
    if any(c.dep_ == "appos" for c in head.children):
        return None  # "one of the lawmakers, X, said": X speaks
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            objects = [c for c in prep.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def is_anaphor(head: Token) -> bool:
    """A speaker that points back ("he", "they", "the official"): resolved after every claim is
    found, in text order."""
    if head.pos_ == "PRON":
        return head.lower_ in lexicon()["pronouns"]
    nouns = lexicon()["role_nouns"]
    role_noun = head.lower_ in nouns or head.lemma_.lower() in nouns
    return role_noun and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children)


def _pronoun(ctx: Context, word: str, pos: int, number: str) -> Speaker:
    prev = ctx.last_accepted_before(pos)
    if number == "organisation":
        orgs = [r for r in ctx.refs_before(pos, "org") if r.org_kind != "party" and pos - r.end < 400]
        return Speaker(orgs=[orgs[-1].name], inferred=True) if orgs else Speaker()
    if number == "many":
        if prev is not None and (len(prev.speaker.persons) > 1 or prev.speaker.orgs):
            return Speaker(list(prev.speaker.persons), list(prev.speaker.orgs), inferred=True)
        if prev is not None and prev.speaker.description:
            return Speaker(description=prev.speaker.description, source=prev.speaker.source, inferred=True)
        orgs = [r for r in ctx.refs_before(pos, "org") if r.org_kind != "party" and pos - r.end < 400]
        if orgs:
            return Speaker(orgs=[orgs[-1].name], inferred=True)
        return Speaker(description=word, inferred=True)
    # "he", "she", "I": a person named since the last claim who opens a sentence, else that claim's one
    # speaker, else the last person named before.
    since = [
        r
        for r in ctx.refs_before(pos, "person")
        if not r.possessive
        and (prev is None or r.start >= prev.end)
        and ctx.quote_at(r.start) is None
        and _opens_sentence(ctx, r)
    ]
    if since:
        return Speaker([_person_meant(ctx, since[-1])], inferred=True)
    if prev is not None and len(prev.speaker.persons) == 1:
        return Speaker(list(prev.speaker.persons), inferred=True)
    if prev is not None and not prev.speaker.named() and prev.speaker.description and pos - prev.end < 300:
        # '"A," the Ukrainian leader said. "B," he added.': the same speaker, still unnamed.
        return Speaker(description=prev.speaker.description, source=prev.speaker.source, inferred=True)
    persons = [
        r
        for r in ctx.refs_before(pos, "person")
        if not r.possessive
        and pos - r.end < 1500
        and ctx.quote_at(r.start) is None
        and not (prev is not None and prev.start <= r.start < prev.end)  # talked about, not speaking
    ]
    if persons:
        return Speaker([_person_meant(ctx, persons[-1])], inferred=True)
    return Speaker(description=word, inferred=True)


def _opens_sentence(ctx: Context, ref: Ref) -> bool:
    """Whether only capitalised words stand between the sentence start and the mention."""
    span = ctx.doc.char_span(ref.start, ref.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    sent = span[0].sent
    return all(not t.is_alpha or t.text[:1].isupper() for t in sent if t.i < span[0].i)


def _role_noun(ctx: Context, head: Token, phrase: list[Token], orgs_in_phrase: list[str]) -> Speaker:
    """ "the lawmaker" -> the last lawmaker named; "two officials" -> an unnamed speaker."""
    role = lexicon()["role_nouns"].get(
        head.text.lower(), lexicon()["role_nouns"].get(head.lemma_.lower(), "")
    )
    determiners = {c.text.lower() for c in head.children if c.dep_ in ("det", "poss")}
    numbered = any(c.dep_ == "nummod" for c in head.children)
    plural = head.tag_ in ("NNS", "NNPS")
    description = ctx.text[span_of(phrase)[0] : span_of(phrase)[1]]
    count = _number(head)
    if role and count and not orgs_in_phrase:
        # "Two lawmakers said ...": the two named as such nearby, before or just after.
        near = [
            r
            for r in ctx.refs_in(max(0, head.idx - 1500), head.idx + 1500)
            if r.kind == "person" and not r.possessive and _has_role_near(ctx, r, role)
        ]
        group = list(dict.fromkeys(r.name for r in near))
        if len(group) == count:
            return Speaker(group, inferred=True)
    if role and determiners & {"the", "this", "these", "both"} and not orgs_in_phrase:
        named = [
            r for r in ctx.refs_before(head.idx, "person") if not r.possessive and ctx.has_role(r.name, role)
        ]
        if named and not plural and not numbered:
            return Speaker([named[-1].name], inferred=True)
        if named and (plural or numbered):
            prev = ctx.last_accepted_before(head.idx, window=1500)
            if prev is not None and len(prev.speaker.persons) > 1:
                return Speaker(list(prev.speaker.persons), inferred=True)
            group = list(dict.fromkeys(r.name for r in named))
            if len(group) > 1:
                return Speaker(group[-2:] if "two" in description.lower() else group, inferred=True)
    if not role and determiners & {"the", "this", "that"} and not orgs_in_phrase:
        # "the official added" after an organisation's statement: an official of that organisation.
        prev = ctx.last_accepted_before(head.idx, window=400)
        if prev is not None and prev.speaker.orgs and not prev.speaker.persons:
            return Speaker(description=description, source=prev.speaker.orgs[0], inferred=True)
    if role and determiners & {"a", "an"} and not plural and not numbered:
        # "according to a lawmaker briefed by the agency" in a lead that names one lawmaker later.
        holders = ctx.holders(role)
        if len(holders) == 1:
            return Speaker(list(holders), inferred=True)
    return Speaker(
        description=description, source=orgs_in_phrase[0] if orgs_in_phrase else _modifier_org(head)
    )


def _recognised_org(phrase: list[Token]) -> str | None:
    """An organisation the parser's recogniser names in a phrase the gazetteer does not know."""
    for t in phrase:
        if t.ent_type_ == "ORG" and t.ent_iob_ == "B":
            end = t.i + 1
            while end < len(t.doc) and t.doc[end].ent_iob_ == "I":
                end += 1
            words = [w for w in t.doc[t.i : end] if not (w.i == t.i and w.lower_ == "the")]
            return " ".join(w.text for w in words) if words else None
    return None


def _modifier_org(head: Token) -> str | None:
    """The organisation a role noun's modifiers name: "South Korean military officials" -> the military."""
    modifiers = [c for c in head.children if c.dep_ in ("amod", "compound", "nmod") and c.i < head.i]
    if not modifiers:
        return None
    start = min(t.left_edge.idx for t in modifiers)
    orgs = find_organisations(head.doc.text[start : head.idx].strip())
    return orgs[0].name if orgs else None


def _person_meant(ctx: Context, ref: Ref) -> str:
    """The person a one-word mention means when two people share it ("Kim" for a lawmaker and a leader).

    The finders give a bare surname to one person; as a speaker it more
    likely means someone who has spoken before in the article, or one whose
    role speaks (a lawmaker, an official), than a person merely talked about.
    """
    word = ctx.text[ref.start : ref.end]
    if " " in word.strip() or "-" in word:
        return ref.name
    sharing = [
        name for name in ctx.people if word.lower() in (name.split()[0].lower(), name.split()[-1].lower())
    ]
    if len(sharing) < 2:
        return ref.name
    speaking = [
        n
        for n in sharing
        if any(ctx.has_role(n, r) for r in ("lawmaker", "spokesperson", "director", "minister"))
    ]
    recent = [
        p
        for a in reversed(ctx.accepted)
        if a.start < ref.start and ref.start - a.end < 800
        for p in a.speaker.persons
        if p in sharing
    ]
    for group in ([p for p in recent if p in speaking], speaking if len(speaking) == 1 else [], recent):
        if group:
            return group[0]
    return ref.name


def _root_dep(ctx: Context, ref: Ref) -> str:
    span = ctx.doc.char_span(ref.start, ref.end, alignment_mode="expand")
    return span.root.dep_ if span is not None and len(span) else ""


_NUMBERS = {"two": 2, "three": 3, "four": 4, "both": 2, "2": 2, "3": 3, "4": 4}


def _number(head: Token) -> int | None:
    for c in head.children:
        if c.dep_ in ("nummod", "det", "predet") and c.text.lower() in _NUMBERS:
            return _NUMBERS[c.text.lower()]
    return None


def _has_role_near(ctx: Context, ref: Ref, role: str) -> bool:
    """The person has the role, or is named in apposition to a noun of it ("one of the lawmakers, X")."""
    if ctx.has_role(ref.name, role):
        return True
    span = ctx.doc.char_span(ref.start, ref.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span.root
    nouns = [root.head] if root.dep_ == "appos" else []
    nouns += [c for c in root.children if c.dep_ == "appos"]
    for noun in nouns:
        for t in [
            noun,
            *[c for c in noun.children if c.dep_ == "prep" for c in c.children if c.dep_ == "pobj"],
        ]:
            if (
                lexicon()["role_nouns"].get(t.lemma_.lower()) == role
                or lexicon()["role_nouns"].get(t.text.lower()) == role
            ):
                return True
    return False


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _misspelt_person(ctx: Context, head: Token) -> str | None:
    """A family name one letter off a person's named in the article ("Hayasi" for "Hayashi").

    Only for names of five letters or more, and only when exactly one person is that close.
    """
    word = head.text
    if head.pos_ != "PROPN" or len(word) < 5 or not word[:1].isupper():
        return None
    close = {
        name
        for name in ctx.people
        for part in name.split()[-1:] + name.split()[:1]
        if len(part) >= 5 and _edit_distance(word.lower(), part.lower()) <= 1
    }
    return close.pop() if len(close) == 1 else None
