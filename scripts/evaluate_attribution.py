"""Score the attribution extractor against PolNeAR-style brat annotations.

PolNeAR (Newell, Margolin & Ruths, LREC 2018; https://github.com/networkdynamics/PolNeAR) is a corpus
of US political news with every attribution annotated as a source, a cue and a content span. It is
not in this repository: clone it and copy, for each article you want, ``data/<split>/text/NAME.txt``
and ONE annotator's ``data/<split>/attributions/NAME_<annotator>.ann`` (renamed ``NAME.ann``) into a
folder, then run

    python scripts/evaluate_attribution.py /path/to/folder [--examples 2] [--top 15]

For each ``NAME.txt`` with a ``NAME.ann`` it runs ``archive.extraction.pipeline.extract`` and compares
the claims with the gold attributions (brat ``E`` lines linking Content / Cue / Source ``T`` spans;
discontinuous spans "a b;c d" are fine; a ``T`` line's trailing span text is optional). Prints:

(a) token-overlap precision / recall / F1 of content: each predicted content is matched to the gold
    content it shares most tokens with and vice versa (the soft measure of the attribution
    literature); P = shared tokens / predicted tokens, R = shared tokens / gold tokens;
    also the count-based "any overlap" P / R;
(b) exact match: the share of gold contents some prediction reproduces token for token;
(c) the same restricted to speech-verb cues (the lemma is in ``speech_verbs`` of
    archive/extraction/data/cues.yaml: gold attributions by their gold cue for recall, predictions by
    their own cue for precision);
(d) source accuracy: of the gold attributions with a source whose content a prediction overlaps, the
    share where the prediction's ``source_span`` overlaps the gold source;
then the misses (gold contents no prediction touches) and the false positives (predictions touching no
gold content), grouped by cue lemma with counts and example sentences.

Tokens are runs of word characters (punctuation and quotation marks do not count), less a content's
leading complementizer "that" (PolNeAR includes it; the pipeline leaves it out). --skip-title drops the
headline's attributions ("Sanders: Clinton needs ...", "Obama Says ..."), which the pipeline does not
extract by design. A prediction's
content is its ``parts`` (or start..end) less its own cue and source tokens, since a stance claim's
text starts at its source or cue. The pipeline's offsets are into the cleaned text; when the cleaned
text differs from the file, they are mapped back with a character alignment.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.extraction.parsing import nlp  # noqa: E402
from archive.extraction.pipeline import extract  # noqa: E402

Spans = tuple[tuple[int, int], ...]
WORD = re.compile(r"\w+")
T_LINE = re.compile(r"^(T\d+)\s+(\S+) (\d+ \d+(?:;\d+ \d+)*)")
SKIP_POS = {"ADV", "AUX", "PART", "DET", "PUNCT", "PRON", "ADP", "CCONJ"}


@dataclass
class Gold:
    content: Spans
    cue: Spans
    source: Spans


@dataclass
class Pred:
    content: Spans
    cue: str
    source: Spans
    cue_span: Spans


def load_gold(ann: str) -> list[Gold]:
    """The attributions of a brat file: E lines tie a Content to its Cue and Source."""
    spans: dict[str, tuple[str, Spans]] = {}
    events: list[dict[str, str]] = []
    for line in ann.splitlines():
        m = T_LINE.match(line)
        if m:
            frags = tuple((int(a), int(b)) for a, b in (f.split() for f in m.group(3).split(";")))
            spans[m.group(1)] = (m.group(2), frags)
        elif line.startswith("E"):
            roles = dict(r.split(":", 1) for r in line.split()[1:] if ":" in r)
            events.append(roles)
    gold, linked = [], set()
    for roles in events:
        if "Content" not in roles:
            continue
        linked.add(roles["Content"])
        content, cue, source = (
            spans[roles[r]][1] if roles.get(r) in spans else () for r in ("Content", "Cue", "Source")
        )
        gold.append(Gold(content, cue, source))
    for tid, (label, frags) in spans.items():  # a content nobody linked still counts
        if label == "Content" and tid not in linked:
            gold.append(Gold(frags, (), ()))
    return gold


def offset_map(clean: str, raw: str) -> list[int | None]:
    """For each offset of the cleaned text, its offset in the raw text (None where it has none)."""
    out: list[int | None] = [None] * (len(clean) + 1)
    if clean == raw:
        return list(range(len(clean) + 1))
    matcher = difflib.SequenceMatcher(None, clean, raw, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for i in range(size + 1):
            out[a + i] = b + i
    return out


def to_raw(spans: Spans, omap: list[int | None]) -> Spans:
    result = []
    for a, b in spans:
        ra, rb = omap[a], omap[b]
        if ra is not None and rb is not None and rb > ra:
            result.append((ra, rb))
    return tuple(result)


def tokens(text: str, spans: Spans) -> frozenset[int]:
    """The start offsets of the word tokens that lie inside the spans."""
    out: set[int] = set()
    for a, b in spans:
        out.update(a + m.start() for m in WORD.finditer(text[a:b]))
    return frozenset(out)


def content_tokens(text: str, spans: Spans) -> frozenset[int]:
    """A content's tokens less a leading complementizer "that" (PolNeAR keeps it, the pipeline drops it)."""
    out = tokens(text, spans)
    if out and text[min(out) : min(out) + 5].lower() == "that ":
        out -= {min(out)}
    return out


def predictions(raw: str) -> tuple[list[Pred], Any]:
    article = extract(raw)
    omap = offset_map(article.text, raw)
    preds = []
    for c in article.claims:
        parts = c.parts or ((c.start, c.end),)
        cue = to_raw((c.cue_span,), omap) if c.cue_span else ()
        source = to_raw((c.source_span,), omap) if c.source_span else ()
        preds.append(Pred(to_raw(parts, omap), c.cue, source, cue))
    return preds, article


_lemma_cache: dict[str, str] = {}


def cue_lemma(cue: str) -> str:
    """'also said' -> 'say', 'said:' -> 'say', ':' -> '(colon)', 'according to' -> 'according to'."""
    key = " ".join(cue.lower().replace("\u2019", "'").split()).strip(" ,")
    if key not in _lemma_cache:
        if not any(ch.isalpha() for ch in key):
            _lemma_cache[key] = "(colon)" if ":" in key else f"({key or 'none'})"
        elif key.startswith("according to"):
            _lemma_cache[key] = "according to"
        else:
            doc = nlp()(key)
            words = [t.lemma_ for t in doc if t.pos_ not in SKIP_POS and t.is_alpha]
            _lemma_cache[key] = (
                " ".join(words[:3]) if words else " ".join(t.lemma_ for t in doc if t.is_alpha)
            )
    return _lemma_cache[key]


def speech_verbs() -> set[str]:
    data = yaml.safe_load((ROOT / "archive/extraction/data/cues.yaml").read_text())
    return {str(w) for w in data["speech_verbs"]}


def is_speech(lemma: str, speech: set[str]) -> bool:
    return lemma in speech or any(w in speech for w in lemma.split())


def sentence(text: str, spans: Spans, width: int = 150) -> str:
    """Some context before the span, a » where the span starts, and the span's beginning."""
    a = spans[0][0] if spans else 0
    start = max(text.rfind("\n", 0, a) + 1, a - 50)
    return " ".join(text[start:a].split()) + " »" + " ".join(text[a : a + width].split())


def prf(shared: int, npred: int, ngold: int) -> str:
    p = shared / npred if npred else 0.0
    r = shared / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", type=Path)
    parser.add_argument("--examples", type=int, default=2, help="example sentences per cue class")
    parser.add_argument("--top", type=int, default=15, help="cue classes to list")
    parser.add_argument(
        "--skip-title", action="store_true", help="drop attributions in the first line (headline)"
    )
    args = parser.parse_args()
    speech = speech_verbs()

    # running sums: [shared tokens of preds, pred tokens, shared tokens of gold, gold tokens]
    sums = {"all": [0, 0, 0, 0], "speech": [0, 0, 0, 0]}
    counts = {k: Counter[str]() for k in ("all", "speech")}
    source_ok = source_n = source_missing = 0
    misses: dict[str, list[str]] = defaultdict(list)
    false_pos: dict[str, list[str]] = defaultdict(list)
    articles = 0
    shape = Counter[str]()
    for txt in sorted(args.folder.glob("*.txt")):
        ann = txt.with_suffix(".ann")
        if not ann.exists():
            continue
        articles += 1
        raw = txt.read_text(encoding="utf-8")
        gold = load_gold(ann.read_text(encoding="utf-8"))
        preds, _ = predictions(raw)
        if args.skip_title:
            title_end = raw.find("\n") if "\n" in raw else len(raw)
            gold = [g for g in gold if not g.content or g.content[0][0] >= title_end]
            preds = [p for p in preds if not p.content or p.content[0][0] >= title_end]
        g_tok = [content_tokens(raw, g.content) for g in gold]
        p_tok = [content_tokens(raw, p.content) - tokens(raw, p.source + p.cue_span) for p in preds]
        g_lemma = [cue_lemma(" ".join(raw[a:b] for a, b in g.cue)) if g.cue else "(no cue)" for g in gold]
        p_lemma = [cue_lemma(p.cue) if p.cue else "(no cue)" for p in preds]
        g_speech = [is_speech(lem, speech) for lem in g_lemma]
        p_speech = [is_speech(lem, speech) for lem in p_lemma]
        for i, pt in enumerate(p_tok):
            best = max((len(pt & gt) for gt in g_tok), default=0)
            for key in ("all", "speech") if p_speech[i] else ("all",):
                sums[key][0] += best
                sums[key][1] += len(pt)
                counts[key]["pred"] += 1
                counts[key]["pred_hit"] += best > 0
            if best == 0 and pt:
                false_pos[p_lemma[i]].append(f"{txt.stem[:30]}: {sentence(raw, preds[i].content)}")
        for j, gt in enumerate(g_tok):
            overlaps = [len(gt & pt) for pt in p_tok]
            best = max(overlaps, default=0)
            exact = any(gt == pt for pt in p_tok)
            if best and not exact:
                pt = p_tok[overlaps.index(best)]
                shape[
                    "prediction inside gold (too short)"
                    if pt < gt
                    else "prediction covers gold (too long)"
                    if pt > gt
                    else "crossing"
                ] += 1
            for key in ("all", "speech") if g_speech[j] else ("all",):
                sums[key][2] += best
                sums[key][3] += len(gt)
                counts[key]["gold"] += 1
                counts[key]["gold_hit"] += best > 0
                counts[key]["exact"] += exact
            if best == 0:
                misses[g_lemma[j]].append(f"{txt.stem[:30]}: {sentence(raw, gold[j].content)}")
                continue
            if gold[j].source:
                source_n += 1
                pred = preds[overlaps.index(best)]
                ok = any(a < d and c < b for a, b in gold[j].source for c, d in pred.source)
                source_ok += ok
                source_missing += not pred.source

    print(f"PolNeAR-style evaluation: {articles} articles in {args.folder}\n")
    for key, label in (("all", "all cues"), ("speech", "speech-verb cues")):
        s, c = sums[key], counts[key]
        print(f"[{label}] gold {c['gold']}, predicted {c['pred']}")
        print(f"  (a) token overlap   {prf(s[0], s[1], s[3]) if s[1] else 'no predictions'}")
        hit_p = c["pred_hit"] / c["pred"] if c["pred"] else 0.0
        hit_r = c["gold_hit"] / c["gold"] if c["gold"] else 0.0
        hit_f = 2 * hit_p * hit_r / (hit_p + hit_r) if hit_p + hit_r else 0.0
        print(f"      any overlap     P {hit_p:.3f}  R {hit_r:.3f}  F1 {hit_f:.3f}")
        print(f"  (b) exact match     {c['exact'] / c['gold'] if c['gold'] else 0:.3f} of gold contents")
    share = source_ok / source_n if source_n else 0.0
    print(
        f"  (d) source accuracy {share:.3f} ({source_ok}/{source_n} matched gold attributions with a source;"
    )
    print(f"      {source_missing} of the predictions had no source span)")
    print("  inexact matches: " + ", ".join(f"{k} {v}" for k, v in shape.most_common()) + "\n")

    for title, groups in (
        ("MISSES (gold content, no overlapping prediction)", misses),
        ("FALSE POSITIVES", false_pos),
    ):
        total = sum(len(v) for v in groups.values())
        print(f"{title}: {total}, by cue lemma")
        for lemma, items in sorted(groups.items(), key=lambda kv: -len(kv[1]))[: args.top]:
            print(f"  {len(items):4d}  {lemma}")
            for item in items[: args.examples]:
                print(f"          {item}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
