from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, ClaimFactory, attributed_claim
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
        assert (
            f'<mark id="claim-{claim.pk}" class="claim-span" data-label="claim">'
            f'<a href="{claim.get_absolute_url()}"'
        ) in html


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
    with django_assert_num_queries(9):
        client.get(world.articles[0].get_absolute_url())


@pytest.mark.parametrize("size", [2, 6])
def test_the_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    build_world(size)
    with django_assert_num_queries(4):
        client.get(reverse("archive:article_list"))


def test_a_missing_article_is_a_404(client, db):
    assert client.get(reverse("archive:article_detail", args=[12345])).status_code == 404


def test_the_list_filters_by_outlet_and_rejects_unknown_outlets(client, world):
    response = client.get(reverse("archive:article_list"), {"outlet": world.yonhap.slug})
    assert [a.pk for a in response.context["page_obj"]] == [world.articles[1].pk]
    assert client.get(reverse("archive:article_list"), {"outlet": "nope"}).status_code == 400


class Markup(HTMLParser):
    """Reads the article text element: its text, and whether every tag closes in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.inside = 0
        self.text = ""
        self.marks: list[tuple[str, str]] = []  # (class, text) of every mark
        self.misnested = False

    def handle_starttag(self, tag, attrs):
        if tag == "div" and ("class", "article-text") in attrs:
            self.inside = 1
        elif self.inside:
            self.stack.append(tag)
            if tag == "mark":
                self.marks.append((dict(attrs)["class"], ""))

    def handle_endtag(self, tag):
        if self.inside and not self.stack and tag == "div":
            self.inside = 0
        elif self.inside:
            self.misnested |= not self.stack or self.stack.pop() != tag

    def handle_data(self, data):
        if self.inside:
            self.text += data
            if "mark" in self.stack:
                self.marks[-1] = (self.marks[-1][0], self.marks[-1][1] + data)


def article_markup(client, article) -> Markup:
    parser = Markup()
    parser.feed(client.get(article.get_absolute_url()).content.decode())
    return parser


def test_a_claims_content_cue_and_source_are_highlighted_each_in_its_own_way(client, db):
    claim = attributed_claim(
        "Weather first. “Go home,” Rep. Moon <b>said</b>, “now.” Later news.",
        source="Rep. Moon <b>",
        cue="said",
        parts=["“Go home,”", "“now.”"],
    )
    html = client.get(claim.article.get_absolute_url()).content.decode()
    assert "<b>said</b>" not in html  # escaped, never marked safe
    markup = article_markup(client, claim.article)
    assert markup.text == claim.article.text and not markup.misnested
    assert markup.marks == [
        ("claim-span", "“Go home,”"),
        ("claim-source", "Rep. Moon <b>"),
        ("claim-cue", "said"),
        ("claim-span", "“now.”"),
    ]
    assert 'class="legend highlight-legend"' in html


def test_overlapping_claims_keep_the_markup_well_formed(client, db):
    text = "Rep. Moon said the agency told lawmakers that the river rose. Rain."
    outer = attributed_claim(
        text, source="Rep. Moon", cue="said", parts=["the agency told lawmakers that the river rose."]
    )
    inner = attributed_claim(
        text, article=outer.article, source="the agency", cue="told lawmakers", parts=["the river rose."]
    )
    attributed_claim(text, article=outer.article, source="Rain", cue="Rain", parts=["Moon said"])  # crosses
    markup = article_markup(client, outer.article)
    assert markup.text == text and not markup.misnested
    assert ("claim-span claim-source", "the agency") in markup.marks
    assert ("claim-span claim-cue", "told lawmakers") in markup.marks
    assert markup.marks[:2] == [("claim-source", "Rep. "), ("claim-span claim-source", "Moon")]
    html = client.get(outer.article.get_absolute_url()).content.decode()
    assert f'id="claim-{outer.pk}"' in html and f'id="claim-{inner.pk}"' in html
