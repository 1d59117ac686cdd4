import pytest
from django.urls import reverse

from archive.models import Article, Claim, search_terms
from archive.templatetags.archive_tags import highlight, snippet
from tests.factories import ArticleFactory, ClaimFactory, PersonFactory
from tests.web.conftest import build_world

pytestmark = pytest.mark.django_db
URL = reverse("archive:search")


def test_it_finds_claims_and_articles_and_highlights_the_words(client, world):
    response = client.get(URL, {"q": "soldiers killed"})
    assert len(response.context["claims"]) == 2
    assert len(response.context["articles"]) == 2
    html = response.content.decode()
    assert "<mark>soldiers</mark>" in html
    assert "<mark>killed</mark>" in html


def test_every_word_must_match(db, world):
    assert Claim.objects.search("troops Kursk").count() == 0
    assert Claim.objects.search("troops Pyongyang").count() == 2
    assert Article.objects.search("agency").count() == 2


def test_an_empty_query_shows_only_the_form(client, world):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["claims"] == []


def test_script_in_the_query_and_the_text_is_escaped(client, db):
    article = ArticleFactory(raw_text="Officials said <script>alert(1)</script> soldiers died.")
    ClaimFactory(article=article)
    html = client.get(URL, {"q": "soldiers"}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>soldiers</mark>" in html
    html = client.get(URL, {"q": "<script>alert(2)</script>"}).content.decode()
    assert "<script>alert(2)" not in html
    assert 'value="&lt;script&gt;alert(2)&lt;/script&gt;"' in html


def test_highlight_escapes_everything_but_its_own_marks():
    assert (
        highlight("a <b>troops</b> & more", "troops") == "a &lt;b&gt;<mark>troops</mark>&lt;/b&gt; &amp; more"
    )


def test_search_terms_drop_operators_and_punctuation():
    assert search_terms('"North Korean" -drones <script>') == ["north", "korean", "drones", "script"]


def test_snippet_centres_on_the_first_match():
    text = "x " * 300 + "the word troops appears here " + "y " * 300
    piece = snippet(text, "troops", width=80)
    assert "troops" in piece
    assert piece.startswith("…") and piece.endswith("…")


def test_it_finds_a_person_by_another_spelling_and_lists_their_claims(client, world):
    lee = PersonFactory(name="Lee Sung-kwon", aliases=["Yi Sung-kwon"])
    mine = ClaimFactory(article=ArticleFactory(raw_text="Rep. Lee said drones were sent."))
    mine.speakers.add(lee)
    cited = ClaimFactory(
        article=ArticleFactory(raw_text="The agency said shells were sent."), source_person=lee
    )
    response = client.get(URL, {"q": "Lee Seong-kweun"})
    # world.lee is stored as "Lee Seong-kweun": the same name under another romanisation.
    assert set(response.context["people"]) == {lee, world.lee}
    by_named = response.context["claims_by_named"]
    assert {mine, cited} <= set(by_named)
    assert set(by_named) == set(Claim.objects.by_person(lee).public()) | set(
        Claim.objects.by_person(world.lee).public()
    )
    html = response.content.decode()
    assert f'href="{lee.get_absolute_url()}"' in html
    assert "?person=lee-sung-kwon" in html


def test_it_finds_an_organisation_by_its_alias(client, world):
    response = client.get(URL, {"q": "NIS"})
    assert response.context["organisations"] == [world.nis]


def test_the_best_matching_claims_come_first_with_the_words_marked(client, world):
    best = ClaimFactory(article=ArticleFactory(raw_text="Troops, troops and more troops."))
    response = client.get(URL, {"q": "troop"})
    assert response.context["claims"][0] == best
    assert (
        "<mark>Troops</mark>, <mark>troops</mark> and more <mark>troops</mark>." in response.content.decode()
    )


@pytest.mark.parametrize("size", [2, 6])
def test_it_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    build_world(size)
    # The generation (archive/caching.py), names in the query, the ranked claims, their rows (4
    # for speakers with parties, speaking organisations, figures), articles (ids, then rows).
    with django_assert_num_queries(10):
        client.get(URL, {"q": "troops"})
    # A person named: their claims' ids too (rows of both sections in one query).
    with django_assert_num_queries(11):
        response = client.get(URL, {"q": "Lee Seong-kweun troops"})
    assert response.context["claims_by_named"]


def test_articles_are_listed_newest_first_up_to_the_limit(client, monkeypatch):
    import datetime as dt

    from archive import views

    monkeypatch.setattr(views, "SEARCH_LIMIT", 2)
    made = [
        ArticleFactory(
            raw_text=f"Lawmakers said glaciers were melting ({n}).", published_on=dt.date(2024, 1, n)
        )
        for n in (5, 20, 12)
    ]
    ArticleFactory(raw_text="Nothing about ice here.", published_on=dt.date(2024, 2, 1))
    articles = client.get(URL, {"q": "glaciers"}).context["articles"]
    assert [a.pk for a in articles] == [made[1].pk, made[2].pk]
    assert "glaciers" in articles[0].text  # the snippet's text is there, the raw text is not read
    assert "raw_text" in articles[0].get_deferred_fields()
