"""Scores of the pipeline against the gold annotation of the seeds.

``evaluate(articles, gold)`` is pure: it compares ``ExtractedArticle``s (keyed
by seed file name) with the parsed ``tests/gold_seeds.yaml``. People are
compared across articles the way ingest stores them: one person per
``names.name_key`` of ``PersonRef.name``, so the scores tell whether ingest
will produce one person per real person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .names import name_key, same_name
from .types import BriefingRef, Claim, ExtractedArticle, Figure


@dataclass(frozen=True)
class Scores:
    people_found: int = 0
    people_total: int = 0
    missing_people: tuple[str, ...] = ()
    duplicate_people: tuple[str, ...] = ()
    furniture_people: tuple[str, ...] = ()
    parties_right: int = 0
    parties_total: int = 0
    wrong_parties: tuple[str, ...] = ()
    invented_dates: tuple[str, ...] = ()
    claims_found: int = 0
    claims_total: int = 0
    missing_claims: tuple[str, ...] = ()
    figures_found: int = 0
    figures_total: int = 0
    missing_figures: tuple[str, ...] = ()
    calibres_taken: tuple[str, ...] = ()
    briefings_found: int = 0
    briefings_total: int = 0
    briefing_problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def claim_recall(self) -> float:
        return self.claims_found / self.claims_total if self.claims_total else 1.0

    @property
    def figure_recall(self) -> float:
        return self.figures_found / self.figures_total if self.figures_total else 1.0

    def rows(self) -> list[tuple[str, str, str]]:
        """(measure, score, details) rows for printing."""

        def ratio(a: int, b: int) -> str:
            return f"{a}/{b}" + (f" ({a / b:.0%})" if b else "")

        return [
            ("people found (across articles)", ratio(self.people_found, self.people_total),
             ", ".join(self.missing_people)),
            ("duplicate people", str(len(self.duplicate_people)), ", ".join(self.duplicate_people)),
            ("people from page furniture", str(len(self.furniture_people)), ", ".join(self.furniture_people)),
            ("lawmakers' party right", ratio(self.parties_right, self.parties_total), ", ".join(self.wrong_parties)),
            ("invented dates", str(len(self.invented_dates)), "; ".join(self.invented_dates)),
            ("claims with right speaker and source", ratio(self.claims_found, self.claims_total),
             "; ".join(self.missing_claims)),
            ("figures with right category", ratio(self.figures_found, self.figures_total),
             "; ".join(self.missing_figures)),
            ("calibres taken as figures", str(len(self.calibres_taken)), ", ".join(self.calibres_taken)),
            ("briefings with relaying lawmakers", ratio(self.briefings_found, self.briefings_total),
             "; ".join(self.briefing_problems)),
        ]  # fmt: skip


def load_gold(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


class _Aliases:
    """Gold people's spellings, to compare a name with a gold name."""

    def __init__(self, gold: Mapping[str, Any]) -> None:
        self.variants = {p["name"]: [p["name"], *p.get("variants", [])] for p in gold["people"]}

    def matches(self, gold_name: str, name: str) -> bool:
        return any(same_name(v, name) or v == name for v in self.variants.get(gold_name, [gold_name]))


def _people_scores(articles: Sequence[ExtractedArticle], gold: Mapping[str, Any]) -> dict[str, Any]:
    clusters: dict[str, set[str]] = {}
    for a in articles:
        for p in a.people:
            clusters.setdefault(name_key(p.name), set()).update({p.name, *p.variants})
    found, missing, dupes, furniture = 0, [], [], []
    for g in gold["people"]:
        spellings = [g["name"], *g.get("variants", [])]
        hits = [k for k, vs in clusters.items() if any(same_name(v, s) for v in vs for s in spellings)]
        if g.get("boilerplate"):
            if hits:
                furniture.append(g["name"])
            continue
        if hits:
            found += 1
        else:
            missing.append(g["name"])
        if len(hits) > 1:
            dupes.append(f"{g['name']} x{len(hits)}")
    total = sum(1 for g in gold["people"] if not g.get("boilerplate"))
    return {
        "people_found": found,
        "people_total": total,
        "missing_people": tuple(missing),
        "duplicate_people": tuple(dupes),
        "furniture_people": tuple(furniture),
    }


def _party_scores(articles: Sequence[ExtractedArticle], gold: Mapping[str, Any]) -> dict[str, Any]:
    right, total, wrong = 0, 0, []
    for g in gold["people"]:
        if not g.get("party"):
            continue
        spellings = [g["name"], *g.get("variants", [])]
        parties = [
            p.party
            for a in articles
            for p in a.people
            if any(same_name(p.name, s) for s in spellings)
            if p.party
        ]
        total += 1
        if parties and all(x == g["party"] for x in parties):
            right += 1
        else:
            wrong.append(f"{g['name']}: {sorted(set(parties)) or 'none'}")
    return {"parties_right": right, "parties_total": total, "wrong_parties": tuple(wrong)}


def _claim_matches(c: Claim, g: Mapping[str, Any], aliases: _Aliases) -> bool:
    if g["key"] not in c.text:
        return False
    if g.get("briefing") is False and c.briefing is not None:
        return False  # a restated earlier statement is not part of the briefing reported
    for speaker in _as_list(g.get("speaker")):
        if not any(aliases.matches(speaker, s) for s in c.speakers):
            return False
    source = g.get("source")
    return not source or c.source == source or (c.source is not None and aliases.matches(source, c.source))


def _figure_matches(f: Figure, g: Mapping[str, Any]) -> bool:
    return (
        f.category == g["category"]
        and f.value == g.get("value")
        and f.low == g.get("low")
        and f.high == g.get("high")
    )


def evaluate(articles: Mapping[str, ExtractedArticle], gold: Mapping[str, Any]) -> Scores:
    """Compare extracted articles (keyed by seed file name) with the gold annotation."""
    aliases = _Aliases(gold)
    values: dict[str, Any] = {}
    values.update(_people_scores(list(articles.values()), gold))
    values.update(_party_scores(list(articles.values()), gold))

    invented: list[str] = []
    claims_found = claims_total = figures_found = figures_total = 0
    missing_claims: list[str] = []
    missing_figures: list[str] = []
    calibres: list[str] = []
    relayed: dict[dt.date, set[str]] = {}
    briefing_seen: dict[dt.date, bool] = {}
    briefing_refs: dict[dt.date, list[BriefingRef]] = {}
    for ga in gold["articles"]:
        a = articles.get(ga["file"])
        if a is None:
            continue
        accepted = {_date(ga.get("published_on")), *(_date(d) for d in ga.get("published_on_accept", []))}
        if a.published_on is not None and a.published_on not in accepted:
            invented.append(f"{ga['file']}: published {a.published_on}")
        gold_dates = [_date(d) for d in ga.get("briefings", [])]
        ok_dates = {*gold_dates, *(_date(d) for d in ga.get("briefings_accept", []))}
        for b in a.briefings:
            if b.date is not None and b.date not in ok_dates:
                invented.append(f"{ga['file']}: briefing {b.date}")
        for gd in gold_dates:
            if gd is None:
                continue
            # The briefing of that very date when there is one (an article may report two).
            hits = [b for b in a.briefings if b.date == gd] or [b for b in a.briefings if b.date in ok_dates]
            briefing_seen[gd] = briefing_seen.get(gd, False) or bool(hits)
            for b in hits:
                relayed.setdefault(gd, set()).update(b.relayed_by)
                briefing_refs.setdefault(gd, []).append(b)

        for g in ga.get("claims", []):
            claims_total += 1
            if any(_claim_matches(c, g, aliases) for c in a.claims):
                claims_found += 1
            else:
                near = [c for c in a.claims if g["key"] in c.text]
                why = (
                    f"speaker {near[0].speakers}/source {near[0].source}/briefing {near[0].briefing}"
                    if near
                    else "no claim contains the key"
                )
                missing_claims.append(f"{ga['file'][:3]} {g['key'][:40]!r}: {why}")
        figures = a.figures
        for g in ga.get("figures", []):
            figures_total += 1
            if any(_figure_matches(f, g) for f in figures):
                figures_found += 1
            else:
                missing_figures.append(
                    f"{ga['file'][:3]} {g['category']} {g.get('value') or (g.get('low'), g.get('high'))}"
                )
        for calibre in ga.get("not_figures", []):
            if any(calibre in f.text or f.text in calibre for f in figures if f.text.strip()):
                calibres.append(f"{ga['file'][:3]} {calibre}")

    found_briefings, problems = 0, []
    for gb in gold.get("briefings", []):
        gd = _date(gb["date"])
        if gd is None:
            continue
        got = relayed.get(gd, set())
        lacking = [n for n in gb.get("relayed_by", []) if not any(aliases.matches(n, r) for r in got)]
        wrong = [
            f"{attr} {sorted({str(getattr(b, attr)) for b in briefing_refs.get(gd, [])})} not {gb[attr]}"
            for attr in ("organiser", "audience")
            if attr in gb and briefing_refs.get(gd)
            if not any(getattr(b, attr) == gb[attr] for b in briefing_refs[gd])
        ]
        if briefing_seen.get(gd) and not lacking and not wrong:
            found_briefings += 1
        elif not briefing_seen.get(gd):
            problems.append(f"{gd}: not found")
        else:
            problems.append(
                f"{gd}: " + "; ".join([*([f"relayers lacking {lacking}"] if lacking else []), *wrong])
            )
    values.update(
        invented_dates=tuple(invented),
        claims_found=claims_found,
        claims_total=claims_total,
        missing_claims=tuple(missing_claims),
        figures_found=figures_found,
        figures_total=figures_total,
        missing_figures=tuple(missing_figures),
        calibres_taken=tuple(calibres),
        briefings_found=found_briefings,
        briefings_total=len(gold.get("briefings", [])),
        briefing_problems=tuple(problems),
    )
    return Scores(**values)


def evaluate_seeds(seeds: Path, gold_path: Path) -> tuple[Scores, dict[str, ExtractedArticle]]:
    """Run the pipeline on every ``*.txt`` file of a directory and score it against a gold file.

    Works for the seeds and for any other annotated set in the same format
    (``tests/extraction/articles`` with its ``gold.yaml``).
    """
    from .pipeline import extract

    gold = load_gold(gold_path)
    articles = {p.name: extract(p.read_text(encoding="utf-8")) for p in sorted(seeds.glob("*.txt"))}
    return evaluate(articles, gold), articles
