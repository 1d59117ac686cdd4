import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, ClaimFactory
from tests.web.conftest import build_world

pytestmark = pytest.mark.django_db


def test_the_detail_shows_metadata_and_hash(client, world):
    article = world.articles[0]
    html = client.get(article.get_absolute_url()).content.decode()
    assert article.sha256 in html
    assert "KBS" in html
    assert "dateline" in html
    assert "Reporter 0" in html


def test_every_claim_is_highlighted_and_linked(client, world):
    article = world.articles[0]
    html = client.get(article.get_absolute_url()).content.decode()
    for claim in article.claims.all():
        assert f'<mark id="claim-{claim.pk}" class="claim-span"><a href="{claim.get_absolute_url()}"' in html


def test_article_text_and_highlights_are_escaped(client, db):
    text = "Intro <b>bold</b>. <script>alert('x')</script> said the man. End."
    article = ArticleFactory(raw_text=text)
    start = text.index("<script>")
    ClaimFactory(article=article, start=start, end=text.index(" End."))
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; said the man." in html


def test_the_original_text_is_shown_as_received(client, db):
    article = ArticleFactory(raw_text="RAW  header\nBody", text="Body")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "RAW  header\nBody" in html


@pytest.mark.parametrize("size", [2, 6])
def test_the_detail_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    world = build_world(size)
    with django_assert_num_queries(8):
        client.get(world.articles[0].get_absolute_url())


@pytest.mark.parametrize("size", [2, 6])
def test_the_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    build_world(size)
    with django_assert_num_queries(3):
        client.get(reverse("archive:article_list"))


def test_a_missing_article_is_a_404(client, db):
    assert client.get(reverse("archive:article_detail", args=[12345])).status_code == 404


def test_the_list_filters_by_outlet_and_rejects_unknown_outlets(client, world):
    response = client.get(reverse("archive:article_list"), {"outlet": world.yonhap.slug})
    assert [a.pk for a in response.context["page_obj"]] == [world.articles[1].pk]
    assert client.get(reverse("archive:article_list"), {"outlet": "nope"}).status_code == 400
