"""The bridge from pipeline results to models: resolution, idempotence, protection of editors' work."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from archive import ingest
from archive.extraction import types as x
from archive.models import Article, Briefing, Claim, Membership, Organisation, Person

pytestmark = pytest.mark.django_db

TEXT = "Rep. Han Ji-woo of the Justice Party said the agency counted about 40 incidents. Weather was fine."
CLAIM = "the agency counted about 40 incidents"


def fake_extraction(text: str, *, spelling: str = "Han Ji-woo", party: str = "Justice Party", date=None):
    start = text.index(CLAIM) if CLAIM in text else 0
    end = start + len(CLAIM) if CLAIM in text else len(text)
    figure_start = text.find("about 40")
    figures = (
        (
            x.Figure(
                "incidents",
                40,
                None,
                None,
                True,
                "incidents",
                "about 40",
                figure_start,
                figure_start + 8,
                bound="about",
                label="incidents",
            ),
        )
        if figure_start >= 0
        else ()
    )
    return x.ExtractedArticle(
        raw_text=text,
        text=text,
        title="A test article",
        outlet="Test Wire",
        byline=(),
        published_on=date,
        published_on_basis="dateline" if date else "unknown",
        people=(x.PersonRef(name=spelling, variants=(spelling,), roles=("lawmaker",), party=party),),
        organisations=(
            x.OrganisationRef("Test Wire", "media"),
            x.OrganisationRef("Justice Party", "party"),
            x.OrganisationRef("Test Agency", "agency", aliases=("the agency",)),
        ),
        briefings=(
            x.BriefingRef(
                date=date,
                date_basis="dateline" if date else "unknown",
                organiser="Test Agency",
                audience=None,
            ),
        ),
        claims=(
            x.Claim(
                text=text[start:end],
                start=start,
                end=end,
                kind="indirect",
                cue="said",
                speakers=(spelling,),
                source="Test Agency",
                source_kind="organisation",
                briefing=0,
                figures=figures,
            ),
        ),
    )


@pytest.fixture
def fake_pipeline(monkeypatch):
    calls = {"spelling": "Han Ji-woo", "party": "Justice Party", "date": dt.date(2025, 3, 4)}

    def extract(text):
        return fake_extraction(text, spelling=calls["spelling"], party=calls["party"], date=calls["date"])

    monkeypatch.setattr(ingest, "extract", extract)
    return calls


def ingest_text(text: str, name: str = "a.txt", resolver=None):
    return ingest.article_ingest(source_file=name, data=text.encode(), resolver=resolver or ingest.Resolver())


def test_it_stores_the_article_its_people_party_briefing_claim_and_figures(fake_pipeline):
    result = ingest_text(TEXT)
    assert result.status == "created"
    article = Article.objects.get()
    assert article.raw_text == TEXT and article.outlet.name == "Test Wire"
    person = Person.objects.get()
    assert person.name == "Han Ji-woo"
    assert Membership.objects.get(person=person).organisation.name == "Justice Party"
    claim = Claim.objects.get()
    assert article.text[claim.start : claim.end] == claim.text == CLAIM
    assert list(claim.speakers.all()) == [person]
    assert claim.source_organisation.name == "Test Agency"
    assert claim.briefing.date == dt.date(2025, 3, 4) and claim.claim_date == dt.date(2025, 3, 4)
    figure = claim.figures.get()
    assert (figure.value, figure.bound, figure.label, figure.display_value) == (
        40,
        "about",
        "incidents",
        "≈40 incidents",
    )


def test_the_same_bytes_twice_are_reported_unchanged_and_add_nothing(fake_pipeline):
    ingest_text(TEXT)
    counts = (
        Article.objects.count(),
        Claim.objects.count(),
        Person.objects.count(),
        Briefing.objects.count(),
    )
    assert ingest_text(TEXT, name="copy.txt").status == "unchanged"
    assert counts == (
        Article.objects.count(),
        Claim.objects.count(),
        Person.objects.count(),
        Briefing.objects.count(),
    )


def test_a_romanisation_variant_in_another_article_resolves_to_the_same_person(fake_pipeline):
    resolver = ingest.Resolver()
    ingest_text(TEXT, resolver=resolver)
    fake_pipeline["spelling"] = "Han Ji Woo"
    ingest_text(TEXT + " Second report.", name="b.txt", resolver=resolver)
    person = Person.objects.get()
    assert "Han Ji Woo" in person.aliases
    assert person.claims.count() == 2


def test_the_same_name_in_another_party_is_another_person(fake_pipeline):
    resolver = ingest.Resolver()
    ingest_text(TEXT, resolver=resolver)
    fake_pipeline["party"] = "Other Party"
    ingest_text(TEXT + " Second report.", name="b.txt", resolver=resolver)
    assert Person.objects.count() == 2


def test_a_misspelt_lawmaker_of_the_same_party_in_another_article_is_the_same_person(fake_pipeline):
    ingest_text(TEXT)
    fake_pipeline["spelling"] = "Han Ji-wooh"  # one letter more; a fresh resolver reads the database
    ingest_text(TEXT + " Second report.", name="b.txt")
    person = Person.objects.get()
    assert person.name == "Han Ji-woo" and "Han Ji-wooh" in person.aliases


def test_a_name_one_letter_away_in_another_party_is_another_person(fake_pipeline):
    resolver = ingest.Resolver()
    ingest_text(TEXT, resolver=resolver)
    fake_pipeline.update(spelling="Han Ji-wooh", party="Other Party")
    ingest_text(TEXT + " Second report.", name="b.txt", resolver=resolver)
    assert Person.objects.count() == 2


def test_an_alias_an_editor_added_is_used_by_a_later_import(fake_pipeline):
    resolver = ingest.Resolver()
    ingest_text(TEXT, resolver=resolver)
    person = Person.objects.get()
    person.aliases = ["Hahn Chee-ou"]  # a spelling no folding rule would find
    person.edited_by_human = True
    person.save()
    fake_pipeline["spelling"] = "Hahn Chee-ou"
    ingest_text(TEXT + " Again.", name="b.txt", resolver=ingest.Resolver())
    assert Person.objects.count() == 1
    assert person.claims.count() == 2


def test_articles_reporting_the_same_dated_briefing_share_one_briefing(fake_pipeline):
    resolver = ingest.Resolver()
    ingest_text(TEXT, resolver=resolver)
    ingest_text(TEXT + " Other outlet.", name="b.txt", resolver=resolver)
    briefing = Briefing.objects.get()
    assert briefing.articles.count() == 2


def test_undated_briefings_are_never_merged_across_articles(fake_pipeline):
    fake_pipeline["date"] = None
    resolver = ingest.Resolver()
    ingest_text(TEXT, resolver=resolver)
    ingest_text(TEXT + " Other outlet.", name="b.txt", resolver=resolver)
    assert Briefing.objects.count() == 2


def test_reextract_replaces_untouched_claims_but_keeps_an_editors_claim(fake_pipeline):
    ingest_text(TEXT)
    article = Article.objects.get()
    claim = Claim.objects.get()
    claim.status = Claim.Status.REVIEWED
    claim.cue = "stated (editor)"
    claim.save()

    result = ingest.article_reextract(article=article, resolver=ingest.Resolver())

    claim.refresh_from_db()
    assert claim.cue == "stated (editor)"
    assert Claim.objects.count() == 1
    assert result.status == "unchanged"


def test_reextract_reports_unchanged_when_the_pipeline_gives_the_same_result(fake_pipeline):
    ingest_text(TEXT)
    before = list(Claim.objects.values_list("pk", flat=True))
    result = ingest.article_reextract(article=Article.objects.get(), resolver=ingest.Resolver())
    assert result.status == "unchanged"
    assert list(Claim.objects.values_list("pk", flat=True)) == before


def test_reextract_keeps_an_editors_publication_date(fake_pipeline):
    ingest_text(TEXT)
    article = Article.objects.get()
    article.published_on = dt.date(2020, 1, 1)
    article.published_on_basis = "editor"
    article.save()
    ingest.article_reextract(article=article, resolver=ingest.Resolver())
    article.refresh_from_db()
    assert article.published_on == dt.date(2020, 1, 1)


def test_a_failure_inside_the_transaction_leaves_nothing_behind(fake_pipeline, monkeypatch):
    def broken(article, ex, resolver, *, new):
        Organisation.objects.create(name="Half-written", kind="other")
        raise RuntimeError("boom")

    monkeypatch.setattr(ingest, "_store_extraction", broken)
    with pytest.raises(RuntimeError):
        ingest_text(TEXT)
    assert not Article.objects.exists()
    assert not Organisation.objects.filter(name="Half-written").exists()


def test_import_writes_no_history_rows(fake_pipeline):
    ingest_text(TEXT)
    assert Claim.history.count() == 0
    assert Person.history.count() == 0
    assert Article.history.count() == 0


def test_a_first_human_edit_records_the_imported_state_before_the_change(fake_pipeline):
    ingest_text(TEXT)
    claim = Claim.objects.get()
    other = Person.objects.create(name="Ko Eun-bi")

    claim.cue = "stated"
    claim.edited_by_human = True
    claim.save()
    claim.speakers.set([other])

    imported, *changes = claim.history.order_by("history_id")
    assert (imported.history_type, imported.history_change_reason, imported.cue) == (
        "+",
        "as imported",
        "said",
    )
    assert [row.person.name for row in imported.speakers.all()] == ["Han Ji-woo"]
    assert changes[0].cue == "stated"
    assert [row.person.name for row in changes[-1].speakers.all()] == ["Ko Eun-bi"]


def test_the_imported_state_is_recorded_only_once(fake_pipeline):
    ingest_text(TEXT)
    person = Person.objects.get()
    person.description = "lawmaker"
    person.save()
    person.description = "lawmaker, Justice Party"
    person.save()
    assert [h.history_change_reason for h in person.history.order_by("history_id")] == [
        "as imported",
        None,
        None,
    ]


def test_reextract_keeps_the_metadata_of_an_article_an_editor_edited(fake_pipeline):
    ingest_text(TEXT)
    article = Article.objects.get()
    article.title = "Corrected headline"
    article.byline = ["Ko Eun-bi"]
    article.edited_by_human = True
    article.save()
    ingest.article_reextract(article=article, resolver=ingest.Resolver())
    article.refresh_from_db()
    assert (article.title, article.byline) == ("Corrected headline", ["Ko Eun-bi"])


def test_an_editors_claim_follows_its_words_when_the_cleaned_text_changes(fake_pipeline, monkeypatch):
    ingest_text(TEXT)
    article = Article.objects.get()
    claim = Claim.objects.get()
    claim.status = Claim.Status.REVIEWED
    claim.save()

    new_text = "Updated cleaning. " + TEXT
    monkeypatch.setattr(ingest, "extract", lambda raw: fake_extraction(new_text, date=dt.date(2025, 3, 4)))
    ingest.article_reextract(article=article, resolver=ingest.Resolver())

    article.refresh_from_db()
    claim.refresh_from_db()
    assert article.text == new_text
    assert article.text[claim.start : claim.end] == claim.text == CLAIM
    assert Claim.objects.count() == 1  # the pipeline's claim at the same span does not duplicate it


def test_reextract_refuses_when_an_editors_claim_no_longer_occurs(fake_pipeline, monkeypatch):
    ingest_text(TEXT)
    article = Article.objects.get()
    claim = Claim.objects.get()
    claim.edited_by_human = True
    claim.save()

    monkeypatch.setattr(ingest, "extract", lambda raw: fake_extraction("Entirely different text."))
    with pytest.raises(ingest.ImportFailure, match=f"claim #{claim.pk}"):
        ingest.article_reextract(article=article, resolver=ingest.Resolver())
    article.refresh_from_db()
    assert article.text == TEXT


def with_spans(extraction: x.ExtractedArticle, **spans) -> x.ExtractedArticle:
    """The fake extraction with its claim's source, cue, parts and speaker description set."""
    return dataclasses.replace(extraction, claims=(dataclasses.replace(extraction.claims[0], **spans),))


def words(text: str, part: str) -> tuple[int, int]:
    return text.index(part), text.index(part) + len(part)


def test_it_stores_the_spans_of_the_source_cue_and_content_parts(fake_pipeline, monkeypatch):
    parts = (words(TEXT, "the agency counted"), words(TEXT, "about 40 incidents"))
    monkeypatch.setattr(
        ingest,
        "extract",
        lambda text: with_spans(
            fake_extraction(text),
            source_span=words(text, "Rep. Han Ji-woo"),
            cue_span=words(text, "said"),
            parts=parts,
            speaker_description="a lawmaker",
        ),
    )
    ingest_text(TEXT)
    claim = Claim.objects.get()
    assert TEXT[claim.source_start : claim.source_end] == "Rep. Han Ji-woo"
    assert TEXT[claim.cue_start : claim.cue_end] == "said"
    assert claim.content_parts == list(parts) and claim.speaker_description == "a lawmaker"
    claim.full_clean()


def test_a_claim_without_spans_stores_none_and_one_content_part(fake_pipeline):
    ingest_text(TEXT)
    claim = Claim.objects.get()
    assert (claim.source_span, claim.cue_span, claim.parts) == (None, None, [])
    assert claim.content_parts == [(claim.start, claim.end)]


def test_reextract_updates_the_spans_of_an_untouched_claim(fake_pipeline, monkeypatch):
    ingest_text(TEXT)
    monkeypatch.setattr(
        ingest, "extract", lambda text: with_spans(fake_extraction(text), cue_span=words(text, "said"))
    )
    result = ingest.article_reextract(article=Article.objects.get(), resolver=ingest.Resolver())
    assert result.status == "updated"
    assert Claim.objects.get().cue_span == words(TEXT, "said")
    again = ingest.article_reextract(article=Article.objects.get(), resolver=ingest.Resolver())
    assert again.status == "unchanged"


def test_reextract_keeps_the_spans_of_an_editors_claim(fake_pipeline, monkeypatch):
    ingest_text(TEXT)
    claim = Claim.objects.get()
    claim.cue_start, claim.cue_end = words(TEXT, "said")
    claim.speaker_description = "a lawmaker (editor)"
    claim.edited_by_human = True
    claim.save()
    monkeypatch.setattr(
        ingest,
        "extract",
        lambda text: with_spans(fake_extraction(text), cue_span=(0, 4), speaker_description="someone"),
    )
    ingest.article_reextract(article=Article.objects.get(), resolver=ingest.Resolver())
    claim.refresh_from_db()
    assert claim.cue_span == words(TEXT, "said") and claim.speaker_description == "a lawmaker (editor)"


def test_an_editors_claim_keeps_its_spans_on_the_same_words_when_the_cleaned_text_changes(
    fake_pipeline, monkeypatch
):
    ingest_text(TEXT)
    claim = Claim.objects.get()
    claim.source_start, claim.source_end = words(TEXT, "Rep. Han Ji-woo")
    claim.cue_start, claim.cue_end = words(TEXT, "said")
    claim.parts = [list(words(TEXT, "the agency")), list(words(TEXT, "40 incidents"))]
    claim.status = Claim.Status.REVIEWED
    claim.save()

    new_text = "Updated cleaning. " + TEXT.replace("Justice Party said", "Justice Party, said")
    monkeypatch.setattr(ingest, "extract", lambda raw: fake_extraction(new_text, date=dt.date(2025, 3, 4)))
    ingest.article_reextract(article=Article.objects.get(), resolver=ingest.Resolver())

    claim.refresh_from_db()
    assert new_text[claim.source_start : claim.source_end] == "Rep. Han Ji-woo"
    assert new_text[claim.cue_start : claim.cue_end] == "said"
    assert [new_text[s:e] for s, e in claim.content_parts] == ["the agency", "40 incidents"]


def test_an_outlet_listed_in_the_gazetteer_is_stored_with_all_its_spellings():
    # The real pipeline: the dateline names "AP"; the article never prints "The Associated Press".
    ingest_text("BUSAN, South Korea (AP) — The port union said it would strike on Monday.")
    outlet = Article.objects.get().outlet
    assert outlet.name == "AP"
    assert {"Associated Press", "The Associated Press"} <= set(outlet.aliases)
