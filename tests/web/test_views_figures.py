import pytest
from django.urls import reverse

from archive.models import Figure
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
    # The generation, the last drawing kept for every process (none yet), the figures per
    # category, the figures of the categories drawn point by point, the drawing kept for every
    # process (five: the database cache's set).
    with django_assert_num_queries(9):
        client.get(URL)
    with django_assert_num_queries(1):  # cached until the archive changes: the generation only
        client.get(URL)


def test_a_large_category_is_drawn_one_point_per_source_and_month(client, world, monkeypatch):
    from archive import charts

    monkeypatch.setattr(charts, "POINT_LIMIT", 1)
    [chart] = [c for c in client.get(URL, {"category": "killed"}).context["charts"]]
    by_month = {}
    for f in Figure.objects.filter(category="killed").select_related("claim__article"):
        month = (f.claim.claim_date or f.claim.article.published_on).replace(day=1)
        by_month.setdefault(month, []).append(f.value)
    # Every killed figure comes from the NIS: one point a month, the highest value, a bar to the lowest.
    assert sorted(p.date for p in chart.points) == sorted(by_month)
    for point in chart.points:
        values = by_month[point.date]
        assert point.outlet == f"{len(values)} report" + ("s" if len(values) > 1 else "")
        assert point.value == max(values)
        assert point.display == (
            f"{min(values):,}–{max(values):,}" if min(values) != max(values) else f"{max(values):,}"
        )
        assert point.url.startswith(f"/claims/?category=killed&date_from={point.date.isoformat()}&date_to=")
        listed = client.get(point.url).context["page_obj"].paginator.count
        assert listed == len(values)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("new_process", [False, True])
def test_after_a_change_the_charts_are_shown_as_they_were_while_the_background_draws_them(
    client, new_process
):
    from archive import caching
    from tests.factories import FigureFactory

    caching.clear()  # nothing drawn by earlier tests
    world = build_world(2)
    before = [c.category for c in client.get(URL).context["charts"]]
    caching.wait()
    FigureFactory(claim=world.claims[0], category="wounded", value=4100)  # a new generation
    if new_process:
        caching.cache().clear()  # a web worker started since: only the shared state is left
    assert [c.category for c in client.get(URL).context["charts"]] == before
    caching.wait()
    # That page was not kept: the next request shows the new drawing.
    assert "wounded" in [c.category for c in client.get(URL).context["charts"]]
