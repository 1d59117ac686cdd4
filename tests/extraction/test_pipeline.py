"""pipeline.extract end to end: spans, order, determinism, on the seeds and invented texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.extraction.pipeline import extract
from archive.extraction.types import ExtractedArticle

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))

INVENTED = [
    (
        "Spy agency counts losses\n\n"
        "Seoul's spy agency says 1,200 troops have been sent to the front. According to Rep. Bang Hye-jin, "
        "who attended a closed-door briefing on Tuesday, the NIS believes 80 of them have died.\n\n"
        "“The wounded are treated in Vladivostok,” said Rep. Bang. “Some were flown home.”\n\n"
        "Gong Tae-min / Democratic Party\n\nWe will ask for a full report next month.\n"
    ),
    (
        "PARLIAMENT — Lawmakers Seong Ji-a of the People Power Party and Pi Min-ho of the Democratic Party "
        "told reporters that the agency had said 3,500 workers were dispatched. He cited the NIS as saying "
        "the workers earn about $2 million a month. Chancellor Erik Lindqvist said the figures were alarming.\n"
    ),
]


def assert_spans_slice(article: ExtractedArticle) -> None:
    text = article.text
    for c in article.claims:
        assert text[c.start : c.end] == c.text
        for f in c.figures:
            assert text[f.start : f.end] == f.text
            assert c.start <= f.start and f.end <= c.end
    for p in article.people:
        for m in p.mentions:
            assert text[m.start : m.end] == m.text
    for o in article.organisations:
        for m in o.mentions:
            assert text[m.start : m.end] == m.text


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_every_claim_mention_and_figure_span_slices_the_seed_text_exactly(path: Path) -> None:
    article = extract(path.read_text(encoding="utf-8"))
    assert article.claims
    assert_spans_slice(article)


@pytest.mark.parametrize("text", INVENTED)
def test_every_span_slices_an_invented_text_exactly(text: str) -> None:
    assert_spans_slice(extract(text))


def test_claims_name_only_people_and_organisations_the_article_lists() -> None:
    for path in SEEDS:
        article = extract(path.read_text(encoding="utf-8"))
        people = {p.name for p in article.people}
        orgs = {o.name for o in article.organisations}
        for c in article.claims:
            assert set(c.speakers) <= people
            assert set(c.speaker_organisations) <= orgs
            assert c.briefing is None or 0 <= c.briefing < len(article.briefings)
        for b in article.briefings:
            assert set(b.relayed_by) <= people and set(b.presenters) <= people


def test_it_is_deterministic() -> None:
    raw = SEEDS[0].read_text(encoding="utf-8")
    assert extract(raw) == extract(raw)


def test_an_invented_tv_script_gives_people_claims_and_a_briefing() -> None:
    article = extract(INVENTED[0])
    names = {p.name for p in article.people}
    assert {"Bang Hye-jin", "Gong Tae-min"} <= names
    quote = next(c for c in article.claims if "Some were flown home" in c.text)
    assert quote.speakers == ("Bang Hye-jin",)
    caption = next(c for c in article.claims if "full report" in c.text)
    assert caption.speakers == ("Gong Tae-min",)
    assert len(article.briefings) == 1
    assert article.briefings[0].closed_door
    assert "Bang Hye-jin" in article.briefings[0].relayed_by


def test_an_invented_wire_story_gives_both_lawmakers_and_the_source() -> None:
    article = extract(INVENTED[1])
    claim = next(c for c in article.claims if "3,500 workers" in c.text)
    assert set(claim.speakers) == {"Seong Ji-a", "Pi Min-ho"}
    chancellor = next(p for p in article.people if p.name == "Erik Lindqvist")
    assert chancellor.mentions[0].text == "Erik Lindqvist"


def test_it_copes_with_an_empty_text() -> None:
    article = extract("")
    assert article.claims == () and article.people == ()


def test_the_docstring_examples_of_the_stages_hold() -> None:
    import doctest

    from archive.extraction import attribution, briefings, entities

    for module in (entities, attribution, briefings):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0, module.__name__


def test_the_output_does_not_depend_on_the_hash_seed():
    # Set iteration order changes with PYTHONHASHSEED; a tie broken by it would make imports flaky.
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    script = (
        "import glob, hashlib\n"
        "from archive.extraction.pipeline import extract\n"
        "h = hashlib.sha256()\n"
        "tie = ('Rep. Han Ji-woo of the Justice Party told reporters the agency counted 40 drones. '\n"
        "       'Rep. Han Ji-woo of the Reform Party said the count was rising.')\n"
        "h.update(repr(extract(tie)).encode())\n"
        "for f in sorted(glob.glob('seeds/*.txt') + glob.glob('tests/extraction/articles/*.txt')):\n"
        "    h.update(repr(extract(open(f, encoding='utf-8').read())).encode())\n"
        "print(h.hexdigest())\n"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=root,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("0", "1", "2", "3")
    }
    assert len(digests) == 1


@pytest.mark.parametrize("path", SEEDS[:2], ids=lambda p: p.name[:3])
def test_results_pickle_and_copy_to_equal_records(path: Path) -> None:
    # The importer ships results from its worker process by pickle; compiled records must survive it.
    import copy
    import pickle

    article = extract(path.read_text(encoding="utf-8"))
    assert article.claims
    for clone in (pickle.loads(pickle.dumps(article)), copy.deepcopy(article)):
        assert clone == article and repr(clone) == repr(article)
        assert type(clone.claims[0]) is type(article.claims[0])
