"""A claim's identity across re-extractions: ids kept, claims retired (410 / 301), editors' claims never doubled."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from archive import claims, ingest
from archive.exporting import export_document
from archive.extraction import pipeline
from archive.extraction import types as x
from archive.extraction.pipeline import extract as real_extract
from archive.models import Article, Briefing, BriefingRedirect, Claim, Person
from tests.test_ingest import TEXT, fake_extraction, ingest_text

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture
def fake_pipeline(monkeypatch):
    """The one-claim pipeline of tests/test_ingest.py; set ``["date"]`` before importing."""
    calls = {"date": dt.date(2025, 3, 4)}
    monkeypatch.setattr(ingest, "extract", lambda text: fake_extraction(text, date=calls["date"]))
    return calls


def use_pipeline(monkeypatch, extract) -> None:
    """Make ``extract`` the pipeline, for the importer (``archive.pool``) and for ``ingest`` alike."""
    monkeypatch.setattr(pipeline, "extract", extract)
    monkeypatch.setattr(ingest, "extract", extract)


def changed_pipeline(monkeypatch, change):
    """The real pipeline, with ``change(i, claim, extracted)`` applied to each claim (None drops it)."""

    def extract(raw: str) -> x.ExtractedArticle:
        ex = real_extract(raw)
        found = [change(i, c, ex) for i, c in enumerate(ex.claims)]
        return dataclasses.replace(ex, claims=tuple(c for c in found if c is not None))

    use_pipeline(monkeypatch, extract)


def shifted(claim: x.Claim, ex: x.ExtractedArticle, by: int = 1) -> x.Claim:
    return dataclasses.replace(claim, start=claim.start + by, text=ex.text[claim.start + by : claim.end])


def other_speaker(claim: x.Claim, ex: x.ExtractedArticle) -> x.Claim:
    stranger = next((p.name for p in ex.people if p.name not in claim.speakers), None)
    return dataclasses.replace(claim, speakers=(stranger,) if stranger else (), speaker_organisations=())


def drop_shift_and_reattribute(i: int, claim: x.Claim, ex: x.ExtractedArticle) -> x.Claim | None:
    """Drop a claim, shift one, give one a new speaker and span (a new claim replacing it), keep one."""
    return [None, shifted(claim, ex), other_speaker(shifted(claim, ex, 2), ex), claim][i % 4]


def test_every_claim_url_answers_200_301_or_410_after_a_changed_pipeline(client, monkeypatch, capsys):
    call_command("import_seeds", str(SEEDS), "--workers", "0")
    before = {c.pk: (c.article_id, c.start, c.end, c.text) for c in Claim.objects.all()}
    articles = list(Article.objects.order_by("pk").values_list("pk", "sha256"))

    changed_pipeline(monkeypatch, drop_shift_and_reattribute)
    call_command("import_seeds", "--reextract", "--workers", "0")

    statuses = {pk: client.get(f"/claims/{pk}/") for pk in before}
    assert {r.status_code for r in statuses.values()} == {200, 301, 410}
    for pk, response in statuses.items():
        if response.status_code == 301:
            target = client.get(response["Location"])
            assert target.status_code == 200
            assert Claim.objects.get(pk=pk).successor.pk == target.context["claim"].pk
        if response.status_code == 410:
            assert "was retired" in response.content.decode()
    assert list(Article.objects.order_by("pk").values_list("pk", "sha256")) == articles

    # A shifted claim with the same speaker is the same claim: same id, new span.
    same = [c for c in Claim.objects.current().filter(pk__in=before) if before[c.pk][1:3] != (c.start, c.end)]
    assert same and all(before[c.pk][1] + 1 == c.start for c in same)
    summary = capsys.readouterr().out.splitlines()[-1]
    assert summary.startswith("claims: ")
    counts = {name: int(n) for n, name in (part.split() for part in summary[len("claims: ") :].split(", "))}
    assert counts["retired"] == Claim.objects.retired().count()
    assert counts["created"] == Claim.objects.exclude(pk__in=before).count()
    assert counts["updated"] >= len(same)


def test_a_retired_claim_leaves_lists_counts_feeds_and_exports(client, monkeypatch):
    call_command("import_seeds", str(SEEDS), "--workers", "0")
    changed_pipeline(monkeypatch, lambda i, c, ex: None if i % 2 == 0 else c)
    call_command("import_seeds", "--reextract", "--workers", "0")
    gone = set(Claim.objects.retired().values_list("pk", flat=True))
    current = set(Claim.objects.public().values_list("pk", flat=True))
    assert gone and current

    listed = client.get("/claims/", {"status": "any"}).context["page_obj"].paginator.count
    assert listed == len(current)
    assert client.get("/").context["counts"]["claims"] == len(current)
    feed = client.get("/claims/feed.atom").content.decode()
    assert not any(f"/claims/{pk}/<" in feed for pk in gone)
    exported = {c["id"] for c in export_document(Claim.objects.current())["claims"]}
    assert exported == current
    download = json.loads(b"".join(client.get("/claims/export.json", {"status": "any"}).streaming_content))
    assert {c["id"] for c in download["claims"]} == current
    facets = {f.name: f for f in client.get("/claims/").context["facets"]}
    assert sum(o.count for o in facets["kind"].options) == len(current)
    for article in Article.objects.all():
        shown = client.get(article.get_absolute_url()).context["claims"]
        assert not {c.pk for c in shown} & gone


def test_a_claim_found_again_comes_back_under_its_old_id(monkeypatch):
    call_command("import_seeds", str(SEEDS), "--workers", "0")
    ids = set(Claim.objects.values_list("pk", flat=True))
    changed_pipeline(monkeypatch, lambda i, c, ex: None)
    call_command("import_seeds", "--reextract", "--workers", "0")
    assert Claim.objects.current().count() == 0 and Claim.objects.count() == len(ids)
    use_pipeline(monkeypatch, real_extract)
    call_command("import_seeds", "--reextract", "--workers", "0")
    assert set(Claim.objects.current().values_list("pk", flat=True)) == ids


def test_an_edited_claim_is_not_doubled_by_a_reextraction(capsys):
    call_command("import_seeds", str(SEEDS), "--workers", "0")
    lawmaker = Person.objects.get(name="Lee Seong-kweun")
    claim = Claim.objects.public().filter(speakers=lawmaker).order_by("pk").first()
    count = Claim.objects.public().filter(speakers=lawmaker).count()
    public = Claim.objects.public().count()

    # An editor trims the claim's first word: text and span.
    cut = claim.text.index(" ") + 1
    claim.start += cut
    claim.text = claim.text[cut:]
    claim.edited_by_human = True
    claim.full_clean()
    claim.save()

    call_command("import_seeds", "--reextract", "--workers", "0")

    assert Claim.objects.public().filter(speakers=lawmaker).count() == count
    assert Claim.objects.public().count() == public
    claim.refresh_from_db()
    assert claim.text.startswith(Claim.history.filter(id=claim.pk).earliest("history_id").text[cut:][:20])
    assert "1 suppressed" in capsys.readouterr().out.splitlines()[-1]


def test_a_reextracted_claim_overlapping_an_editors_original_span_is_suppressed(fake_pipeline, monkeypatch):
    ingest_text(TEXT)
    claim = Claim.objects.get()
    original = (claim.start, claim.end)
    # The editor moves the claim to the sentence's start; the pipeline later finds a longer claim
    # that overlaps only the claim's original span.
    claim.start, claim.end = 0, TEXT.index(" said")
    claim.text = TEXT[claim.start : claim.end]
    claim.edited_by_human = True
    claim.save()

    def longer(raw):
        ex = fake_extraction(raw, date=dt.date(2025, 3, 4))
        c = ex.claims[0]
        end = TEXT.index("Weather") - 1
        return dataclasses.replace(
            ex,
            claims=(
                dataclasses.replace(c, start=original[0] + 4, end=end, text=TEXT[original[0] + 4 : end]),
            ),
        )

    monkeypatch.setattr(ingest, "extract", longer)
    result = ingest.article_reextract(article=Article.objects.get(), resolver=ingest.Resolver())

    assert result.claims.suppressed == 1 and result.claims.created == 0
    assert list(Claim.objects.values_list("pk", flat=True)) == [claim.pk]


def test_an_edited_claims_figures_follow_its_edited_text(fake_pipeline):
    ingest_text(TEXT)
    claim = Claim.objects.get()
    assert claim.figures.get().text == "about 40"
    claim.end = TEXT.index(" about 40")
    claim.text = TEXT[claim.start : claim.end]
    claim.edited_by_human = True
    claim.save()

    ingest.article_reextract(article=Article.objects.get(), resolver=ingest.Resolver())

    assert not claim.figures.exists()


def test_figures_an_editor_changed_are_kept_and_flagged_when_the_text_lacks_them(fake_pipeline):
    ingest_text(TEXT)
    claim = Claim.objects.get()
    claim.figures.update(value=45)
    claim.figures_edited = True
    claim.end = TEXT.index(" about 40")
    claim.text = TEXT[claim.start : claim.end]
    claim.edited_by_human = True
    claim.save()

    ingest.article_reextract(article=Article.objects.get(), resolver=ingest.Resolver())

    assert claim.figures.get().value == 45
    assert list(Claim.objects.with_stale_figures()) == [claim]
    assert [f.text for f in claim.stale_figures()] == ["about 40"]


def test_the_admin_flags_a_figure_missing_from_the_text(fake_pipeline, admin_client):
    ingest_text(TEXT)
    claim = Claim.objects.get()
    page = admin_client.get(f"/admin/archive/claim/{claim.pk}/change/").content.decode()
    assert "not in the text" not in page
    claim.end = TEXT.index(" about 40")
    claim.text = TEXT[claim.start : claim.end]
    claim.save()
    page = admin_client.get(f"/admin/archive/claim/{claim.pk}/change/").content.decode()
    assert "not in the text: about 40" in page
    listed = admin_client.get("/admin/archive/claim/", {"figures": "stale"}).context["cl"].result_list
    assert list(listed) == [claim]


def test_retiring_keeps_the_row_and_records_it_in_the_history(fake_pipeline):
    ingest_text(TEXT)
    claim = claims.claim_retire(claim=Claim.objects.get())
    assert claim.is_retired and Claim.objects.count() == 1
    record = claim.history.latest("history_id")
    assert record.history_change_reason == claims.RETIRED and record.retired_at is not None


def test_a_merged_briefings_page_redirects_to_the_survivor(client, fake_pipeline):
    from archive.merging import briefing_merge

    fake_pipeline["date"] = None
    ingest_text(TEXT)
    ingest_text(TEXT + " Other outlet.", name="b.txt")
    first, second = Briefing.objects.order_by("pk")
    old_pk = second.pk
    briefing_merge(target=first, others=[second])

    response = client.get(f"/briefings/{old_pk}/")
    assert response.status_code == 301 and response["Location"] == first.get_absolute_url()
    assert client.get(first.get_absolute_url()).status_code == 200
    assert first.articles.count() == 2 and first.claims.count() == 2
    assert BriefingRedirect.objects.get().old_pk == old_pk
    assert client.get("/briefings/999999/").status_code == 404


def test_a_reextraction_finds_the_survivor_of_a_briefing_merge(fake_pipeline):
    from archive.merging import briefing_merge

    ingest_text(TEXT)
    fake_pipeline["date"] = None
    ingest_text(TEXT + " Other outlet.", name="b.txt")
    dated, undated = Briefing.objects.order_by("pk")
    briefing_merge(target=dated, others=[undated])
    for article in Article.objects.all():
        ingest.article_reextract(article=article, resolver=ingest.Resolver())
    assert list(Briefing.objects.all()) == [dated]
    assert set(Claim.objects.values_list("briefing", flat=True)) == {dated.pk}
