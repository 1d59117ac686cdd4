"""The attribution rules: one function per construction, tried in the order of ``RULES``.

Each rule reads the parse (and the quotations) of one article and proposes
``Attribution``s; ``find_claims`` keeps them in rule order, an earlier rule's
claim winning where two overlap. Supporting a new construction means one
function here, one line in ``RULES`` and one test in
``tests/extraction/attribution/``. Words live in ``data/cues.yaml``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from functools import cache

from spacy.tokens import Token

from ..entities import vocabulary
from . import speakers
from .context import Attribution, Context, Speaker, cue_lemmas, lexicon, phrasal_cues, span_of, subtree_span

Rule = Callable[[Context], Iterator[Attribution]]

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_EDGE = " \t\n,;:—–-"
_AUDIENCE = ("reporter", "lawmaker", "journalist", "legislator", "parliament", "committee")


# ------------------------------------------------------------------ shared pieces


def is_cue(token: Token) -> bool:
    """A speech, report or cognition verb of the lexicon ("said", "believes", "points out")."""
    if token.dep_ in ("amod", "compound"):
        return False  # "the expected exercises": an adjective, not a cue
    if token.pos_ not in ("VERB", "AUX") and token.tag_ not in ("VBD", "VBZ", "VBP", "VBG", "VBN", "VB"):
        return False
    lemma = token.lemma_.lower()
    if lemma in lexicon()["call_verbs"]:
        return _called(token) is not None
    if lemma in lexicon()["as_only_verbs"]:
        return any(c.dep_ == "prep" and c.lower_ == "as" for c in token.children)
    if lemma in cue_lemmas():
        return True
    particle = phrasal_cues().get(lemma)
    return particle is not None and any(c.text.lower() == particle for c in token.children)


def cue_text(token: Token) -> str:
    """How the cue reads: "said", "told reporters", "points out"."""
    words = [token.text]
    if token.lemma_.lower() in lexicon()["citing_verbs"] and _as_saying(token) is not None:
        return f"{token.text.lower()} as saying"
    for child in token.children:
        if child.dep_ == "prt" or (
            child.dep_ in ("dobj", "dative")
            and child.lemma_.lower() in ("reporter", "lawmaker", "journalist")
        ):
            words.append(child.text)
    return " ".join(words).lower()


def stance_lead(verb: Token) -> int | None:
    """Where a claim read with its cue begins: the cue and the auxiliaries, negation and adverbs
    just before it ("has sometimes insisted", "wouldn't confirm"); None for a neutral cue ("said").
    """
    lemma = verb.lemma_.lower()
    negated = any(c.dep_ == "neg" for c in verb.children)
    if not (negated or lemma in lexicon()["cognition_verbs"] or lemma in lexicon()["stance_speech_verbs"]):
        return None
    first = verb
    while first.i > 0:
        before = verb.doc[first.i - 1]
        if before.head.i != verb.i or before.dep_ not in ("aux", "auxpass", "neg", "advmod"):
            break
        first = before
    subject = subject_of(verb)
    if subject is not None and subject.head.i == verb.i and subject.i < first.i:
        gap = verb.doc[subject.right_edge.i + 1 : first.i]
        if all(t.is_punct or t.is_space for t in gap):
            return subject.left_edge.idx  # "the agency believes C": the source begins the claim
    return first.idx


def subject_of(verb: Token) -> Token | None:
    """The verb's subject; a passive's "by" agent; carried through coordination and participles.

    "X met reporters and said ..." (a conjunct takes its head's subject);
    "..., saying ..." (a participle takes its head's); "was announced by X".
    """
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if subjects:
        # Two subjects are a misparse ("SEOUL — Lawmakers X and Y told"): the one nearest the verb.
        before = [c for c in subjects if c.i < verb.i]
        return before[-1] if before else subjects[0]
    for child in verb.children:
        if child.dep_ == "nsubjpass" and verb.lemma_.lower() in lexicon()["citing_verbs"]:
            return child  # "X was quoted as saying": X speaks
    noun = verb.head
    statement = (
        verb.dep_ == "acl" and verb.tag_ == "VBG" and noun.lemma_.lower() in lexicon()["statement_nouns"]
    )
    if statement and noun.dep_ == "dobj" and noun.head.pos_ in ("VERB", "AUX"):
        return subject_of(noun.head)  # "X issued a statement denouncing Y as Z": the issuer speaks
    if verb.dep_ == "conj" or (verb.dep_ in ("advcl", "xcomp", "pcomp") and verb.tag_ == "VBG"):
        head = verb.head
        while head.dep_ == "prep" and head.head is not head:
            head = head.head
        if head is not verb:
            return subject_of(head)
    return None


def _names_speaker(ctx: Context, t: Token) -> bool:
    """Whether ``t`` lies in a mention that can speak: a person or organisation, not a party or owner."""
    return any(
        r.start <= t.idx < r.end and not (r.kind == "org" and r.org_kind == "party") and not r.possessive
        for r in ctx.refs_in(max(0, t.idx - 80), t.idx + len(t.text))
    )


def named_after(ctx: Context, verb: Token) -> Token | None:
    """The speaker right after the cue the parse did not link: '"...," said Democratic Rep. Kim.'"""
    if _passive(verb):
        return None
    for t in ctx.doc[verb.i + 1 : verb.sent.end]:
        if t.is_punct and t.text not in (".", "-"):
            return None
        if t.pos_ in ("VERB", "AUX", "ADP", "SCONJ"):
            return None
        if _names_speaker(ctx, t):
            return t
    return None


def speaker_token(ctx: Context, verb: Token) -> Token | None:
    """The cue's subject in the parse, else a name right before it, else one right after it."""
    if verb.tag_ == "VBN" and verb.dep_ == "acl" and not any(c.dep_ == "agent" for c in verb.children):
        return None  # "his uncle Jang, once considered the second most powerful man": Jang is the topic
    subject = subject_of(verb)
    if subject is not None and ctx.quote_at(subject.idx) is not None and ctx.quote_at(verb.idx) is None:
        subject = None  # '"The line held," Kim added' parsed with "line" as the subject of "added"
    if subject is not None and subject.i < verb.i:
        # "The agency estimated C, Rep. Kim, a lawmaker, told reporters": the parse took the fronted
        # clause for the subject; the name after its last comma is the one who speaks.
        after = subject.right_edge.i + 1
        if after + 1 < verb.i and ctx.doc[after].text == ",":
            named = ctx.doc[after + 1]
            if any(
                r.kind == "person" and r.start <= named.idx < r.end
                for r in ctx.refs_in(named.idx - 40, named.idx + 80)
            ):
                return named
    return subject or named_before(ctx, verb) or named_after(ctx, verb)


def named_before(ctx: Context, verb: Token) -> Token | None:
    """A subject the parse missed: the person, organisation or pronoun right before the verb.

    '"...," Rep. Kim Ji-ho from the Justice Party told reporters' is sometimes
    parsed with the name hanging off the quotation; the words between the
    nearest name and the cue (a party, a title, "also") contain no verb.
    """
    if _passive(verb):
        return None  # "X was said to ...": X is what is said, not who says it
    sent_start = verb.sent.start
    for t in reversed(ctx.doc[sent_start : verb.i]):
        if t.text in ("”", '"', "“") or ctx.quote_at(t.idx) is not None:
            return None
        if t.pos_ == "VERB" and t.dep_ == "acl" and t.tag_ in ("VBN", "VBG"):
            continue  # "Kim, a lawmaker briefed by the agency, told": a description of the speaker
        if t.pos_ == "VERB" or (t.pos_ == "AUX" and t.dep_ not in ("aux", "auxpass")):
            return None
        if t.pos_ == "PRON" and t.text.lower() in lexicon()["pronouns"]:
            return t
        if t.dep_ == "pobj" and t.head.dep_ in ("agent", "prep") and t.head.head.dep_ == "acl":
            continue  # "the agency" of "briefed by the agency" does not speak
        if _names_speaker(ctx, t):
            return t
    return None


def trim(ctx: Context, start: int, end: int) -> tuple[int, int]:
    """A content span without edge punctuation, a leading "that", or unbalanced quotation marks."""
    text = ctx.text
    for s, e in ctx.datelines:
        if s <= start < e:
            start = e
    while True:
        before = (start, end)
        while start < end and text[start] in _EDGE:
            start += 1
        while end > start and text[end - 1] in _EDGE + ".":
            end -= 1
        if text[start : start + 5].lower() == "that " and end - start > 5:
            start += 5
        inner = text[start:end]
        if not inner:
            return start, max(start, end)
        if inner[:1] in '“"' and not any(q in inner[1:] for q in '”"'):
            start += 1
        if inner[-1:] in '”"' and not any(q in inner[:-1] for q in '“"'):
            end -= 1
        elif inner.rfind("“") > inner.rfind("”") or inner.count('"') % 2:
            close = re.match(r"[.,!?]?[”\"]", text[end : end + 2])
            if close:
                end += close.end()  # 'as Kim's “beloved daughter.”': the quotation closes in the claim
        if (start, end) == before:
            return start, end


def words_in(ctx: Context, start: int, end: int) -> int:
    return len(re.findall(r"\w+", ctx.text[start:end]))


def _interrogative(ctx: Context, start: int, end: int, *, quoted: bool = False) -> bool:
    """A question or a broken-off fragment, not a statement: "whether ...", "Is it true?", "Regarding X...".

    A quotation is a question only by its question mark: '"When you look at it, it is fine," she said'.
    """
    content = ctx.text[start:end]
    first = content.split(maxsplit=1)
    if first and first[0].lower() in lexicon()["question_words"] and not quoted:
        return True
    bare = content.rstrip("”\"’' ")
    one_sentence = not re.search(r"[.!?][”\"’']?\s+[A-Z“\"]", bare)
    trailing_off = bare.endswith(("...", "…")) and words_in(ctx, start, end) < 8
    return (bare.endswith("?") and one_sentence) or trailing_off or _schedule(content)


@cache
def _schedule_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    verbs = "|".join(re.escape(v) for v in lexicon()["schedule_verbs"])
    times = "|".join(lexicon()["schedule_times"])
    return (
        re.compile(
            rf"\b(?:will|is to|are to|plans to|is scheduled to|are scheduled to)\s+(?:{verbs})\b", re.I
        ),
        re.compile(rf"\b(?:{times})\b", re.I),
    )


def _schedule(content: str) -> bool:
    """ "Later this week the minister will visit Paju": an announcement of a schedule, no claim."""
    plan, when = _schedule_patterns()
    return bool(plan.search(content) and when.search(content))


def _citing_object(verb: Token) -> Token | None:
    """The object of "cited/quoted Y as saying", or of a "citing Y" participle attached to the verb."""
    if verb.lemma_.lower() in lexicon()["citing_verbs"]:
        for child in verb.children:
            if child.dep_ in ("dobj", "pobj"):
                return child
    for child in verb.children:
        if child.dep_ == "advcl" and child.text.lower() in lexicon()["citing"]:
            for grandchild in child.children:
                if grandchild.dep_ == "dobj":
                    return grandchild
    return None


def _as_saying(verb: Token) -> Token | None:
    """In "cited Y as saying (that) C", the participle "saying"."""
    for t in verb.subtree:
        if t is not verb and t.lemma_.lower() == "say" and t.tag_ == "VBG":
            return t
    return None


def _called(verb: Token) -> list[Token] | None:
    """What "called" attributes: "X called the plan a disgrace" (a demand, "called for", is none)."""
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    named = [c for c in verb.children if c.dep_ == "oprd" and c.i > verb.i]
    if objects and named:
        return [*objects[0].subtree, *named[0].subtree]
    return None


def _complement(verb: Token) -> tuple[int, int] | None:
    """The content clause of a cue verb, as a character span (before trimming)."""
    if verb.lemma_.lower() in lexicon()["call_verbs"]:
        called = _called(verb)
        return span_of(called) if called else None
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if not clauses and verb.lemma_.lower() in lexicon()["cognition_verbs"]:
        # "the agency expected Kim to travel": the object and its infinitive are the content.
        xcomps = [c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i]
        objects = [c for c in verb.children if c.dep_ == "dobj" and xcomps and c.i < xcomps[0].i]
        if xcomps and objects:
            return span_of([*objects[0].subtree, *xcomps[0].subtree])
    if not clauses and verb.lemma_.lower() in lexicon()["as_verbs"]:
        # "the agency interpreted it as a compromise": the object and what it is taken as.
        objects = [c for c in verb.children if c.dep_ == "dobj"] + [
            o
            for p in verb.children
            if p.dep_ == "prep" and p.lower_ == "to"
            for o in p.children
            if o.dep_ == "pobj"
        ]  # "referred to her as Y"
        as_phrases = [c for c in verb.children if c.dep_ == "prep" and c.text.lower() == "as"]
        if objects and as_phrases and objects[0].i < as_phrases[0].i:
            return span_of([*objects[0].subtree, *as_phrases[0].subtree])
    if not clauses and verb.lemma_.lower() in lexicon()["infinitive_verbs"]:
        # "X promised to help Y", "X urged the ministry to stop Y": (the object and) the infinitive.
        xcomps = [c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i and c.left_edge.tag_ == "TO"]
        objects = [c for c in verb.children if c.dep_ == "dobj" and xcomps and c.i < xcomps[0].i]
        if xcomps:
            return span_of([*(objects[0].subtree if objects else ()), *xcomps[0].subtree])
    if not clauses and verb.lemma_.lower() in lexicon()["of_verbs"]:
        # "X accused the ministry of hiding the toll": the object and what it is accused of.
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        of = [c for t in (verb, *objects) for c in t.children if c.dep_ == "prep" and c.lower_ == "of"]
        if objects and of and objects[0].i < of[0].i:
            return span_of([*objects[0].subtree, *of[0].subtree])  # the parse hangs "of" on either
    if not clauses and verb.lemma_.lower() in lexicon()["object_verbs"]:
        # "X confirmed the presence of troops": a noun phrase of some length as the content.
        objects = [c for c in verb.children if c.dep_ == "dobj" and len(list(c.subtree)) >= 4]
        if objects:
            return span_of([t for t in objects[0].subtree if not t.is_space])
    infinitives = [
        c
        for c in verb.children
        if c.dep_ == "xcomp" and c.i > verb.i and any(a.tag_ == "TO" for a in c.children)
    ]
    if not clauses and infinitives and _passive(verb) and verb.lemma_.lower() in lexicon()["speech_verbs"]:
        # "X was said to have fled": the claim is X and what is said of X; no one is named saying it.
        subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if subjects:
            return span_of([*subjects[0].subtree, *infinitives[0].subtree])
        if verb.dep_ == "conj":
            # "Hyon dozed off and was said to have talked back": what is said, from its auxiliary on.
            auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i]
            return span_of([*auxiliaries, verb, *infinitives[0].subtree])
        return None
    if not clauses:
        clauses = _stray_that_clauses(verb)
    if not clauses:
        return None
    # A fronted clause ("C, X said") and one after the verb: the longer is the content.
    clause = max(clauses, key=lambda c: len(list(c.subtree)))
    tokens = [t for t in clause.subtree if not t.is_space]
    after = [c for c in clauses if c.i > verb.i]
    joined = all(
        a.left_edge.i > 0
        and verb.doc[a.left_edge.i - 1].text not in (",", ";", "—", "–")
        and not any(c.dep_ in _SUBJECTS for c in a.children)
        for a in after[1:]
    )
    if len(after) > 1 and clause in after and joined:
        # "claimed that parts salvaged in May indicated C": the parse split one clause in two.
        tokens = [t for c in after for t in c.subtree if not t.is_space]
    if clause.left_edge.i > 0 and not any(c.dep_ in _SUBJECTS for c in clause.children):
        # "saying Kim directed ...": a parse that took the clause's subject for the cue's object.
        before = verb.doc[clause.left_edge.i - 1]
        if before.head.i == verb.i and before.dep_ in ("dobj", "npadvmod") and before.i > verb.i:
            tokens = [*before.subtree, *tokens]
    return span_of(tokens)


def _to_sentence_end(ctx: Context, verb: Token, span: tuple[int, int]) -> tuple[int, int]:
    """A clause after its cue runs to the sentence's end unless another attribution starts there.

    The parse sometimes hangs the end of a long clause elsewhere ("X believes
    600 died and another 4,100 have been injured" with "have been injured"
    off the cue): the words after the clause, up to the sentence's end, are
    still the claim's, unless a cue, "according to" or "citing" begins there.
    """
    rest = [t for t in verb.sent if t.idx >= span[1] and not t.is_space]

    def attributes(t: Token) -> bool:
        # A cue whose subject is in the clause continues it ("parts of the rocket ... indicated C").
        subject = subject_of(t) if is_cue(t) else None
        return is_cue(t) and (subject is None or not span[0] <= subject.idx < span[1])

    if not rest or any(
        attributes(t) or t.lower_ in ("according", *lexicon()["citing"]) or t.text in ("“", '"') for t in rest
    ):
        return span
    words = [t for t in rest if not t.is_punct]
    return (span[0], max(span[1], words[-1].idx + len(words[-1].text))) if words else span


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _stray_that_clauses(verb: Token) -> list[Token]:
    """A "that" clause the parse hung off the cue's object or a phrase after it.

    "X told a briefing that C", "X told reporters after the meeting that C".
    """
    out = []
    for t in verb.subtree:
        if t.i <= verb.i or t.dep_ not in ("acl", "relcl", "ccomp"):
            continue
        # "that" as its mark (or, misparsed, an adverb: "confirmed for the first time that C")
        marks = [c for c in t.children if c.dep_ in ("mark", "advmod") and c.lower_ == "that"]
        subjects = [c for c in t.children if c.dep_ in _SUBJECTS]
        if marks and subjects and marks[0].i == t.left_edge.i:
            out.append(t)
            break
    return out


def _trailing_host(verb: Token) -> tuple[int, int] | None:
    """ "C, X said." however the parse hangs the cue: C is the sentence before the cue's clause.

    The cue's clause (its subject included) must close the sentence and follow
    a comma or a dash, and the cue must have no content of its own.
    """
    if verb.dep_ in ("relcl", "acl", "amod", "pcomp", "pobj", "xcomp") or verb.tag_ == "VBG":
        return None  # "..., who was briefed": a description of someone, not a cue of the sentence
    if any(c.dep_ == "mark" for c in verb.children) or (
        _passive(verb) and not any(c.dep_ == "agent" for c in verb.children)
    ):
        return None  # "C, though the toll was expected to rise": a clause of C, not its cue
    sent = verb.sent
    clause = [t.i for t in verb.subtree]
    first, last = min(clause), max(clause)
    if any(not (t.is_punct or t.is_space) for t in sent if t.i > last):
        return None
    if first - 1 <= sent.start or verb.doc[first - 1].text not in (",", "—", "–", "--"):
        return None
    tokens = [t for t in verb.doc[sent.start : first - 1] if not t.is_space]
    return span_of(tokens) if tokens else None


def _before_speaker(verb: Token, speaker: Token) -> int | None:
    """Where the content ends when the speaker's phrase closes the sentence: the comma before it.

    The phrase takes in the comma-separated descriptions just before the name ("a member of the
    committee, Kim, quoted ...") as long as they have no verb of their own.
    """
    commas = [t for t in verb.doc[verb.sent.start : speaker.i] if t.text in (",", "—", "–")]
    while len(commas) > 1:
        segment = verb.doc[commas[-2].i + 1 : commas[-1].i]
        if len(segment) > 8 or any(t.pos_ in ("VERB", "AUX") for t in segment):
            break
        commas.pop()
    if not commas:
        return None
    between = verb.doc[commas[-1].i + 1 : verb.i]
    if any(
        t.pos_ in ("VERB", "AUX")
        and t.head.i != verb.i
        and not (t.dep_ == "acl" and t.tag_ in ("VBN", "VBG"))
        for t in between
    ):
        return None  # the comma ends another clause, not the content before a speaker's phrase
    return commas[-1].idx


def _parenthetical(ctx: Context, verb: Token) -> list[tuple[int, int]] | None:
    """ "The museum, Mr. Obama said, would make visitors think": a cue clause set off by commas
    inside its content. The content is the sentence without it, in two parts."""
    subject = subject_of(verb)
    if subject is None or subject.i > verb.i or verb.tag_ == "VBG" or ctx.quote_at(verb.idx) is not None:
        return None
    sent = verb.sent
    first = subject.left_edge.i
    tail = [
        c
        for c in verb.children
        if c.i > verb.i and c.dep_ in ("npadvmod", "prep", "advmod", "dobj", "dative")
    ]
    last = max([verb.i, *(c.right_edge.i for c in tail)])
    if first - 1 <= sent.start or last + 2 >= sent.end:
        return None
    before, after = verb.doc[first - 1], verb.doc[last + 1]
    if before.text != "," or after.text != ",":
        return None
    words = [t for t in verb.doc[last + 2 : sent.end] if not (t.is_punct or t.is_space)]
    head_words = [t for t in verb.doc[sent.start : first - 1] if not (t.is_punct or t.is_space)]
    if len(words) < 3 or not head_words or any(is_cue(t) for t in head_words):
        return None
    lead = trim(ctx, sent.start_char, before.idx)
    rest = trim(ctx, after.idx + 1, words[-1].idx + len(words[-1].text))
    return [lead, rest] if lead[0] < lead[1] and rest[0] < rest[1] else None


def _trailing_tail(verb: Token) -> tuple[tuple[int, int], Token] | None:
    """ "C, South Korean media reported." where the parse ran C's last words into the subject.

    The cue closes its sentence; the words between the last comma and the cue
    are one short noun phrase (no verb): that phrase speaks, everything before
    the comma is the content.
    """
    sent = verb.sent
    if verb.tag_ == "VBG" or any(c.dep_ in ("ccomp", "xcomp") and c.i > verb.i for c in verb.children):
        return None
    if any(
        not (t.is_punct or t.is_space or any(a.i == verb.i for a in t.ancestors))
        for t in sent
        if t.i > verb.i
    ):
        return None  # only the cue's own words ("in an interview released on Thursday") may follow it
    commas = [t for t in sent if t.i < verb.i and t.text in (",", "—", "–")]
    if not commas or commas[-1].i <= sent.start:
        return None
    comma = commas[-1]
    tail = [t for t in verb.doc[comma.i + 1 : verb.i] if not t.is_space]
    if not tail or len(tail) > 8 or any(t.pos_ in ("VERB", "AUX") for t in tail):
        return None
    heads = [t for t in tail if not comma.i < t.head.i < verb.i and t.pos_ in ("NOUN", "PROPN")]
    content = [t for t in verb.doc[sent.start : comma.i] if not t.is_space]
    if len(heads) != 1 or not content:
        return None
    return span_of(content), heads[0]


def _make(
    ctx: Context,
    *,
    span: tuple[int, int],
    verb: Token,
    subject: Token | None,
    rule: str,
    kind: str = "indirect",
    confidence: float = 1.0,
    resolve_now: bool = True,
) -> Attribution | None:
    start, end = trim(ctx, *span)
    if words_in(ctx, start, end) < 3 or _interrogative(ctx, start, end, quoted=kind == "direct"):
        return None
    speaker, source_span = Speaker(), None
    if subject is not None and resolve_now:
        speaker, source_span = speakers.resolve(ctx, subject)
    relayed = None
    cited = _citing_object(verb)
    if cited is not None:
        who, _ = speakers.resolve(ctx, cited)
        relayed = who.first_name()
    return Attribution(
        parts=[(start, end)],
        lead=stance_lead(verb) if start > verb.idx else None,
        kind=kind,
        cue=cue_text(verb),
        cue_span=(verb.idx, verb.idx + len(verb.text)),
        source_span=source_span,
        speaker=speaker,
        rule=rule,
        relayed=relayed,
        cites=cited is not None,
        confidence=confidence,
        subject=None if resolve_now else subject,
    )


# ------------------------------------------------------------------ the rules


@cache
def _sound_bite() -> re.Pattern[str]:
    return re.compile(vocabulary()["sound_bite"], re.IGNORECASE)


_BRACKET_TAG = re.compile(r"\[\s*([^\[\]:\n“\"]{3,120}?)\s*:\s*(?=[“\"])")
_CAPTION_LINE = re.compile(r"^[^\n/]{3,60}?\s*/\s*[^\n/]{2,60}$")


def tagged_speech(ctx: Context) -> Iterator[Attribution]:
    """Speech after a transcript's tag: "[Sound bite: Rep. Kim Ji-ho] The road is closed."

    A caption line "Kim Ji-ho / Lawmaker" before a paragraph tags it the same way.
    """
    text = ctx.text
    tags: list[tuple[int, int, int, int]] = []  # (tag start, tag end, name start, name end)
    for m in _sound_bite().finditer(text):
        tags.append((m.start(), m.end(), m.start(1), m.end(1)))
    for m in _BRACKET_TAG.finditer(text):
        # "[Jane Roe/Committee Member/Green Party: “...”]": a broadcast transcript's bite.
        tags.append((m.start(), m.end(), m.start(1), m.start(1) + len(m.group(1).split("/")[0])))
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if "/" in line and _CAPTION_LINE.match(line.strip()):
            tags.append((start, end, start, text.find("/", start, end)))
    for tag_start, tag_end, name_start, name_end in tags:
        persons = [r for r in ctx.refs_in(name_start, name_end) if r.kind == "person"]
        if not persons:
            continue
        body = tag_end
        while body < len(text) and text[body].isspace():
            body += 1
        quoted = ctx.quote_at(body)
        if quoted is not None and quoted[0] == body:
            stop = quoted[1]  # the quotation the tag introduces
        else:
            first = ctx.doc.char_span(body, body + 1, alignment_mode="expand")
            stop = first[0].sent.end_char if first is not None and len(first) else text.find("\n", body)
        start, end = trim(ctx, body, len(text) if stop == -1 else stop)
        if words_in(ctx, start, end) < 3 or any(a.start <= start < a.end for a in ctx.accepted):
            continue
        if _interrogative(ctx, start, end):
            continue
        yield Attribution(
            parts=[(start, end)],
            kind="direct",
            cue="sound bite" if text[tag_start] == "[" else "caption",
            cue_span=(tag_start, tag_end),
            source_span=(persons[0].start, persons[0].end),
            speaker=Speaker([persons[0].name]),
            rule="tagged_speech",
        )


# "DEPUTY PRESS SECRETARY JANE ROE: ...", "MR. ROE: ...", "A) ...": a speaker's turn in a transcript.
TURN_LABEL = re.compile(
    r"(?m)^[ \t]*(?:((?:[A-Z][A-Z.'’-]*[ \t]+){0,6}[A-Z][A-Z.'’-]+)[ \t]*:|(A|Q)[)):.][ \t]*)[ \t]*(?=\S)"
)


def transcript_turn(ctx: Context) -> Iterator[Attribution]:
    """A turn of a transcript: "MS. ROE: We believe the bridge is closed." up to the next label.

    Each paragraph of the turn is the labelled speaker's direct claim; an
    answer ("A) ...") in a ministry's question-and-answer transcript is the
    spokesperson's; questions are no claims.
    """
    text = ctx.text
    labels = list(TURN_LABEL.finditer(text))
    for k, label in enumerate(labels):
        stop = labels[k + 1].start() if k + 1 < len(labels) else len(text)
        if label.group(2) == "Q":
            continue
        if label.group(2) == "A":
            spokes = [n for n in ctx.people if ctx.has_role(n, "spokesperson")]
            if len(spokes) != 1:
                continue
            speaker, source_span = Speaker([spokes[0]]), None
        else:
            named = [r for r in ctx.refs_in(label.start(1), label.end(1)) if r.kind == "person"]
            if not named:
                continue
            speaker, source_span = Speaker([named[-1].name]), (named[-1].start, named[-1].end)
        pos = label.end()
        for line in text[label.end() : stop].split("\n"):
            start, end = trim(ctx, pos, pos + len(line))
            pos += len(line) + 1
            if words_in(ctx, start, end) < 4 or _interrogative(ctx, start, end):
                continue
            yield Attribution(
                parts=[(start, end)],
                kind="direct",
                cue="transcript",
                cue_span=(label.start(), label.end()),
                source_span=source_span,
                speaker=Speaker(list(speaker.persons)),
                rule="transcript_turn",
            )


def quotation(ctx: Context) -> Iterator[Attribution]:
    """A quotation and the cue beside it: '"A," she said.', 'He told reporters: "A."'.

    A quotation split by its cue ('"A," he said, "B."') is one claim with two
    parts, and a quotation with no cue of its own right after an attributed
    one carries it on ('"A," she said. "B."'). A quotation inside a reported
    clause ('Kim said the move was "a clear provocation"') is left to
    ``cue_complement``: the whole clause is the claim.
    """
    text = ctx.text
    doc = ctx.doc
    previous: Attribution | None = None
    previous_cue: int | None = None
    for open_at, close in ctx.quotes:
        start, end = trim(ctx, open_at + 1, close)
        if words_in(ctx, start, end) < 4 or ctx.in_heading(open_at):
            continue
        around = doc.char_span(open_at, min(len(text), close + 1), alignment_mode="expand")
        if around is None or not len(around):
            continue
        first, last = around[0].sent, around[-1].sent
        lo, hi = first.start, last.end
        if (hi < len(doc) and doc[hi - 1].text in ("”", '"', "\n")) or (
            hi < len(doc) and hi - last.start <= 2
        ):
            hi = min(len(doc), doc[hi].sent.end)  # '"A." Kim said.' parsed as two sentences
        best: tuple[int, Token] | None = None
        for t in doc[lo:hi]:
            if open_at <= t.idx <= close or ctx.quote_at(t.idx) is not None or not is_cue(t):
                continue
            own = _complement(t) if t.idx > close else None
            if own is not None and own[0] > t.idx:
                continue  # '"A." Later, the agency said C': that cue has content of its own
            distance = t.idx - close if t.idx > close else open_at - t.idx
            if (
                t.idx < open_at
                and not re.search(r"[.!?]", text[t.idx : open_at])
                and "\n" in text[open_at:close]
            ):
                distance = 0  # 'X told reporters, "A.\n\n"B," they added.': the lead-in cue speaks for it all
            if distance < 200 and (best is None or distance < best[0]):
                best = (distance, t)
        if best is None:
            if previous is not None and _carries_on(ctx, previous, open_at):
                previous.parts.append((start, end))
            continue
        verb = best[1]
        same_cue = verb.i == previous_cue or (verb.tag_ == "VBG" and verb.head.i == previous_cue)
        if same_cue and previous is not None:
            previous.parts.append((start, end))  # '"A," he said, "B."' ('..., he said, relaying X, "B."')
            continue
        if _mixed(ctx, verb, open_at, close):
            continue
        subject = speaker_token(ctx, verb)
        pronoun = subject is not None and speakers.is_anaphor(subject)
        made = _make(
            ctx,
            span=(start, end),
            verb=verb,
            subject=subject,
            rule="quotation",
            kind="direct",
            resolve_now=not pronoun,
        )
        if made is None or not (pronoun or made.speaker.found()):
            if (
                previous is not None
                and verb.tag_ == "VBG"
                and re.fullmatch(r"[\W_]*", text[previous.end : verb.idx])
            ):
                previous.parts.append((start, end))  # '"A," she said, adding, "B."'
            continue
        previous, previous_cue = made, verb.i
        yield made


def _carries_on(ctx: Context, previous: Attribution, open_at: int) -> bool:
    """Whether only the previous claim's own cue sentence and white space stand before this quotation."""
    gap_start = previous.end
    if open_at - gap_start > 300:
        return False
    gap = ctx.text[gap_start:open_at]
    cue = previous.cue_span
    if cue is not None and gap_start <= cue[0] < open_at:
        sent = ctx.doc.char_span(cue[0], cue[1], alignment_mode="expand")
        if sent is not None and len(sent):
            s = sent[0].sent
            gap = ctx.text[gap_start : s.start_char] + ctx.text[s.end_char : open_at]
    return not re.search(r"[^\W\d_]", gap)


def _mixed(ctx: Context, verb: Token, open_at: int, close: int) -> bool:
    """Whether the quotation sits inside a reported clause that has words of its own."""
    span = _complement(verb)
    if span is None or not (span[0] <= open_at and re.fullmatch(r"[\W_]*", ctx.text[span[1] : close])):
        return False
    outside = words_in(ctx, span[0], open_at) + words_in(ctx, close + 1, span[1])
    return outside >= 3


def cue_complement(ctx: Context) -> Iterator[Attribution]:
    """A cue verb and its clause: "X said (that) C", "C, X said", "X cited Y as saying C".

    The clause may come first ("C, the ministry said") or hang off the
    content's own verb in the parse. A quotation that is the whole clause is
    the ``quotation`` rule's; one inside a clause with words of its own is a
    mixed quote and stays in this claim.
    """
    found: list[Attribution] = []
    relays = relay_frames(ctx)
    for verb in ctx.doc:
        if not is_cue(verb) or ctx.quote_at(verb.idx) is not None or ctx.in_heading(verb.idx):
            continue
        if verb.i in relays.values():
            continue
        if verb.tag_ == "VBG" and verb.head.lemma_.lower() in lexicon()["citing_verbs"]:
            continue  # the "saying" of "quoted Y as saying": its verb makes the claim
        if verb.tag_ == "VBG" and verb.lower_ in lexicon()["citing"]:
            continue  # "..., citing the agency": a source for its clause (according_to), not a cue
        pieces = _parenthetical(ctx, verb)
        if pieces is not None:
            subject = subject_of(verb)
            made = _make(
                ctx,
                span=(pieces[0][0], pieces[1][1]),
                verb=verb,
                subject=subject,
                rule="cue_complement",
                resolve_now=False,
            )
            if made is not None:
                made.parts = pieces
                made.lead = None
                found.append(made)
            continue
        span = None
        saying = _as_saying(verb) if verb.lemma_.lower() in lexicon()["citing_verbs"] else None
        if saying is not None:
            span = _complement(saying)
        if span is None:
            span = _complement(verb)
            if span is not None and span[0] > verb.idx:
                span = _to_sentence_end(ctx, verb, span)
        if span is None:
            span = _trailing_host(verb)
        subject = speaker_token(ctx, verb)
        closes = all(
            t.pos_ not in ("VERB", "AUX") or t.lower_ == "saying"
            for t in verb.doc[verb.i + 1 : verb.sent.end]
        )
        if span is None and subject is not None and subject.i < verb.i and closes:
            # "C, a member of the committee, Kim, quoted an official as saying.": C is the sentence before.
            cut = _before_speaker(verb, subject)
            if cut is not None:
                span = (verb.sent.start_char, cut)
        if span is None:
            continue
        if subject is not None and span[0] < subject.idx < span[1] and subject.i < verb.i:
            # "C, Kim, a lawmaker briefed by the agency, told reporters": C ends before the speaker.
            cut = _before_speaker(verb, subject)
            if cut is None:
                continue
            span = (span[0], cut)
        tail = _trailing_tail(verb) if span[1] <= verb.idx else None
        if tail is not None and (
            span[0] <= tail[1].idx < span[1]
            or (subject is not None and subject.left_edge.i <= tail[1].i <= subject.right_edge.i)
        ):
            # "Internally, C, the agency said": C runs from the sentence's start to the speaker's
            # comma, also where the parse ran the content's end and the speaker together.
            span, subject = tail
        inner: Token | None = None
        relay = relays.get(verb.i)
        if relay is not None:
            relayer = speaker_token(ctx, ctx.doc[relay])
            if relayer is not None:
                subject, inner = relayer, subject
        made = _make(ctx, span=span, verb=verb, subject=subject, rule="cue_complement", resolve_now=False)
        if made is not None and subject is None and _passive(verb):
            made.speaker = Speaker(description="an unnamed source")  # "X is believed to have fled"
            made.confidence = 0.6
            found.append(made)
        elif made is not None and made.subject is not None:
            if relay is not None and subject is not None and inner is not None and inner is not subject:
                made.inner.append(inner)
            found.append(made)
    yield from outermost(found)


def relay_frames(ctx: Context) -> dict[int, int]:
    """ "X relayed, the agency said C" / "As X relayed, ...": the host cue -> the relaying cue.

    A cue with a subject but no content of its own, hanging off a later cue,
    makes its subject the speaker of the later cue's claim; the later cue's
    subject becomes the source (both hops kept).
    """
    out: dict[int, int] = {}
    for verb in ctx.doc:
        if not is_cue(verb) or verb.head.i <= verb.i or not is_cue(verb.head):
            continue
        if _complement(verb) is not None or subject_of(verb) is None:
            continue
        if any(
            c.dep_ in ("prep", "attr", "acomp") or (c.dep_ == "dobj" and c.lemma_.lower() not in _AUDIENCE)
            for c in verb.children
        ):
            continue  # "allies have not responded to the move, X said": the host's content, not a relay
        if verb.dep_ in ("parataxis", "ccomp", "advcl", "conj"):
            out[verb.head.i] = verb.i
    return out


def outermost(found: list[Attribution]) -> list[Attribution]:
    """The claims whose cue lies in no other claim's content, each with its nested cues' subjects.

    "X said the agency believes C": the claim is X's, and the agency is where X
    has it from (its subject is kept in ``inner`` and resolved with the claim).
    """
    out = []
    by_start = sorted(found, key=lambda b: b.start)
    starts = [b.start for b in by_start]
    for a in found:
        hosts = []
        if a.cue_span is not None:
            # The claims that begin before the cue, nearest first: a host is among the last few.
            i = bisect.bisect_right(starts, a.cue_span[0])
            hosts = [b for b in by_start[max(0, i - 16) : i] if b is not a and a.cue_span[0] < b.end]
        if hosts:
            for b in hosts:
                if a.subject is not None:
                    b.inner.append(a.subject)
                if a.cue_span is not None and b.start < a.end <= a.cue_span[0] and len(b.parts) == 1:
                    # "C, the agency told a briefing, lawmakers said": the content is C.
                    b.parts = [(b.start, a.end)]
            continue
        out.append(a)
    return sorted(out, key=lambda a: a.start)


def _attach_source(ctx: Context, kept: Attribution, token: Token, source: Token) -> None:
    """ "According to X" / "citing X" inside or beside a kept claim.

    A person named there speaks, relaying the claim's own speaker ("the agency
    said C, according to Rep. Kim"); an organisation named there is where the
    speaker has it from ("Kim said C, citing the agency"). The phrase leaves
    the content.
    """
    speaker, source_span = speakers.resolve(ctx, source)
    if speaker.persons:
        previous = kept.speaker
        kept.relayed = kept.relayed or previous.first_name()
        kept.speaker, kept.source_span = speaker, source_span
        following = ctx.doc[token.i + 1] if token.i + 1 < len(ctx.doc) else token
        kept.cue = (
            token.lower_ if token.lower_ in lexicon()["citing"] else f"{token.lower_} {following.lower_}"
        )
        kept.cue_span = (token.idx, following.idx + len(following.text))
    elif speaker.orgs and kept.relayed is None and speaker.orgs[0] not in kept.speaker.orgs:
        kept.relayed = speaker.orgs[0]
    else:
        return
    s, e = kept.parts[-1]
    if s < token.idx < e:
        kept.parts[-1] = trim(ctx, s, token.idx)


def according_to(ctx: Context) -> Iterator[Attribution]:
    """ "According to X, C" / "C, according to X" / "C, citing X": X is the speaker of C.

    "That is according to X" gives X to the claim before it.
    """
    doc = ctx.doc
    phrases = [p.split() for p in lexicon()["according_to"]]
    for token in doc:
        word = token.text.lower()
        head_prep: Token | None = None
        source: Token | None = None
        for phrase in phrases:
            if word == phrase[-2 if len(phrase) > 1 else 0] and token.i + 1 < len(doc):
                following = doc[token.i + 1]
                if following.text.lower() == phrase[-1]:
                    objects = [c for c in [*following.children, *token.children] if c.dep_ == "pobj"]
                    if objects:
                        head_prep, source = token, objects[0]
        if word in lexicon()["citing"] and token.head.i != token.i and not is_cue(token.head):
            objects = [c for c in token.children if c.dep_ == "dobj"]
            if objects:
                head_prep, source = token, objects[0]
        if head_prep is None or source is None or ctx.quote_at(token.idx) or ctx.in_heading(token.idx):
            continue
        host = head_prep.head
        while host.dep_ in ("prep", "advmod") and host.head is not host:
            host = host.head
        cue_at_host = (host.idx, host.idx + len(host.text))
        kept = next(
            (
                a
                for a in ctx.accepted
                if a.cue_span == cue_at_host or any(s <= token.idx < e for s, e in a.parts)
            ),
            None,
        )
        if kept is not None:
            _attach_source(ctx, kept, token, source)
            continue
        if is_cue(host) and host.i != head_prep.i:
            continue  # "X said, according to his office": the cue's own claim
        own = {t.i for t in head_prep.subtree}
        sent = token.sent
        tokens = [
            t for t in (host.subtree if host is not head_prep else sent) if t.i not in own and not t.is_space
        ]
        if not tokens:
            continue
        if len(tokens) <= 3 and tokens[0].lower_ in ("that", "this") and ctx.accepted:
            previous = ctx.last_accepted_before(token.sent.start_char, window=400)
            if previous is not None:
                previous.speaker, previous.source_span = speakers.resolve(ctx, source)
            continue
        start, end = trim(ctx, *span_of(tokens))
        if words_in(ctx, start, end) < 3:
            continue
        speaker, source_span = speakers.resolve(ctx, source)
        yield Attribution(
            parts=[(start, end)],
            kind="indirect",
            cue=" ".join(t.text.lower() for t in doc[head_prep.i : head_prep.i + 2]),
            cue_span=(head_prep.idx, doc[head_prep.i + 1].idx + len(doc[head_prep.i + 1].text)),
            source_span=source_span,
            speaker=speaker,
            rule="according_to",
        )


@cache
def _revision_objects() -> re.Pattern[str]:
    words = [re.sub(r"^\(\?:the \|its \|their \)\?", "", w) for w in vocabulary()["revision_objects"]]
    return re.compile(rf"^(?:{'|'.join(words)})$", re.IGNORECASE)


def estimate_revision(ctx: Context) -> Iterator[Attribution]:
    """A source revising a number: "the military raised its estimate of the dead to 400"."""
    verbs = {v.lower() for v in vocabulary()["revision_verbs"]}
    for verb in ctx.doc:
        if verb.text.lower() not in verbs or ctx.quote_at(verb.idx) is not None or ctx.in_heading(verb.idx):
            continue
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        if not objects:
            continue
        if not any(_revision_objects().match(t.text) for t in objects[0].subtree if t.i <= objects[0].i):
            continue  # "raised the estimated toll", "cut its estimate": not "raised taxes"
        own = [t for t in verb.subtree if t.i >= verb.i and not t.is_space]
        made = _make(ctx, span=span_of(own), verb=verb, subject=subject_of(verb), rule="estimate_revision")
        if made is not None:
            yield made


def content_noun(ctx: Context) -> Iterator[Attribution]:
    """A noun of saying or judging with its clause: "the agency's assessment that C", "claims that C".

    The noun's owner speaks ("the agency's", "an NIS assessment", "by the
    ministry"); without one, the subject of the verb that carries the noun
    ("lawmakers shared the assessment that C").
    """
    nouns = set(lexicon()["content_nouns"])
    for noun in ctx.doc:
        if noun.lemma_.lower() not in nouns or ctx.quote_at(noun.idx) is not None or ctx.in_heading(noun.idx):
            continue
        clauses = [
            c
            for c in noun.children
            if c.dep_ in ("acl", "ccomp", "appos", "relcl")
            and (c.left_edge.lower_ == "that" and c.left_edge.i == noun.i + 1)
        ]
        if not clauses:
            continue
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        if owner is None:
            owner = next((c for c in noun.children if c.dep_ == "compound" and c.pos_ == "PROPN"), None)
        if owner is None:
            for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("by", "of", "from")):
                owner = next((c for c in prep.children if c.dep_ == "pobj"), owner)
        if owner is None and noun.head is not noun and noun.dep_ in ("dobj", "pobj", "attr"):
            host = noun.head.head if noun.dep_ == "pobj" else noun.head
            if is_cue(host) and _complement(host) is not None:
                continue  # "could not confirm the rumors that C": the cue's own claim holds it
            owner = subject_of(host) if host.pos_ in ("VERB", "AUX") else None
            if owner is not None and owner.lower_ in ("this", "that", "it", "which", "these"):
                owner = None  # "this led to allegations that C": nobody in the text alleges it
        if (
            owner is not None
            and owner.pos_ == "PRON"
            and owner.dep_ == "poss"
            and noun.head.pos_ in ("VERB", "AUX")
        ):
            # "Rep. Lee made the remarks, revising her explanation that C": the clause's own subject.
            named = subject_of(noun.head)
            owner = named if named is not None and named.pos_ != "PRON" else owner
        unowned = noun.lemma_.lower() in lexicon()["unowned_content_nouns"] and noun.tag_ == "NNS"
        if owner is None and unowned and not any(is_cue(a) for a in noun.ancestors):
            made = _make(ctx, span=subtree_span(clauses[0]), verb=noun, subject=None, rule="content_noun")
            if made is not None:
                made.speaker = Speaker(description="an unnamed source")  # "amid rumors that C"
                made.confidence = 0.6
                yield made
            continue
        if owner is None:
            continue
        made = _make(ctx, span=subtree_span(clauses[0]), verb=noun, subject=owner, rule="content_noun")
        if made is not None:
            yield made


RULES: tuple[Rule, ...] = (
    transcript_turn,
    tagged_speech,
    quotation,
    content_noun,
    cue_complement,
    according_to,
    estimate_revision,
)
"""The constructions, in the order they are tried: an earlier rule's claim wins an overlap."""
