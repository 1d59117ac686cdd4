import pytest
from django.urls import reverse

from tests.factories import FigureFactory
from tests.web.conftest import build_world

pytestmark = pytest.mark.django_db


def test_the_list_shows_date_organiser_audience_and_relayers_with_party(client, world):
    response = client.get(reverse("archive:briefing_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "National Intelligence Service → Intelligence Committee" in html
    assert "Lee Seong-kweun" in html
    assert "(People Power Party)" in html


@pytest.mark.parametrize("size", [2, 6])
def test_the_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    build_world(size)
    with django_assert_num_queries(9):
        client.get(reverse("archive:briefing_list"))


def test_the_detail_shows_articles_claims_by_relayer_and_figures(client, world):
    response = client.get(world.briefing.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    for article in world.articles:
        assert article.get_absolute_url() in html
    assert list(response.context["groups"]) == ["Lee Seong-kweun", "Park Sun-won"]
    assert {f["category"] for f in response.context["figures"]} == {"killed", "troops deployed"}


def test_the_detail_shows_where_reports_disagree_on_a_number(client, world):
    response = client.get(world.briefing.get_absolute_url())
    disagreements = response.context["disagreements"]
    assert [d["category"] for d in disagreements] == ["killed"]
    assert "Reports disagree" in response.content.decode()


def test_the_detail_shows_no_disagreement_when_reports_agree(client, world):
    for claim in world.claims:
        claim.figures.filter(category="killed").update(value=600)
    response = client.get(world.briefing.get_absolute_url())
    assert response.context["disagreements"] == []


@pytest.mark.parametrize("size", [2, 6])
def test_the_detail_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    world = build_world(size)
    FigureFactory(claim=world.claims[0], category="wounded", value=4100)
    with django_assert_num_queries(11):
        client.get(world.briefing.get_absolute_url())


def test_a_missing_briefing_is_a_404(client, db):
    assert client.get(reverse("archive:briefing_detail", args=[999])).status_code == 404


def test_a_bad_date_filter_is_a_400(client, db):
    assert client.get(reverse("archive:briefing_list"), {"date_from": "soon"}).status_code == 400


def test_amounts_in_different_currencies_are_not_a_disagreement(client, world):
    FigureFactory(claim=world.claims[0], category="money", value=6000, unit="KRW")
    FigureFactory(claim=world.claims[2], category="money", value=4, unit="USD")
    disagreements = client.get(world.briefing.get_absolute_url()).context["disagreements"]
    assert [d["category"] for d in disagreements] == ["killed"]


def test_a_briefing_with_many_claims_shows_the_first_and_links_to_all(client, world, monkeypatch):
    monkeypatch.setattr("archive.views.BRIEFING_CLAIMS", 1)
    response = client.get(world.briefing.get_absolute_url())
    shown = [c for group in response.context["groups"].values() for c in group["claims"]]
    first = world.briefing.claims.public().order_by("article__published_on", "article_id", "start", "pk")[0]
    assert shown == [first]
    assert f"/claims/?briefing={world.briefing.pk}" in response.content.decode()
    assert "The first 1 claims" in response.content.decode()
