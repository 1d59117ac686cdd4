import pytest
from django.urls import reverse

from tests.web.conftest import build_world

pytestmark = pytest.mark.django_db
URL = reverse("archive:figures")


def test_it_draws_one_svg_chart_per_category_with_points_linked_to_claims(client, world):
    response = client.get(URL)
    html = response.content.decode()
    assert [c.category for c in response.context["charts"]] == ["killed", "troops deployed"]
    assert html.count("<svg") == 2
    for claim in world.claims:
        assert f'<a href="{claim.get_absolute_url()}">' in html


def test_it_can_show_a_single_category(client, world):
    response = client.get(URL, {"category": "killed"})
    assert [c.category for c in response.context["charts"]] == ["killed"]


def test_an_unknown_category_is_a_400(client, db):
    response = client.get(URL, {"category": "<script>x</script>"})
    assert response.status_code == 400
    assert b"<script>x" not in response.content


@pytest.mark.parametrize("size", [2, 6])
def test_it_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    build_world(size)
    with django_assert_num_queries(1):
        client.get(URL)
