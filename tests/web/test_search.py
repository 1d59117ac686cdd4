import pytest
from django.urls import reverse

from archive.models import Article, Claim, search_terms
from archive.templatetags.archive_tags import highlight, snippet
from tests.factories import ArticleFactory, ClaimFactory
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


@pytest.mark.parametrize("size", [2, 6])
def test_it_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    build_world(size)
    with django_assert_num_queries(6):
        client.get(URL, {"q": "troops"})
