import pytest
from django.core.cache import caches
from django.urls import reverse

from tests.web.conftest import build_world

pytestmark = pytest.mark.django_db


def test_it_shows_counts_latest_briefings_charts_and_a_search_box(client, world):
    response = client.get(reverse("archive:home"))
    html = response.content.decode()
    assert response.context["counts"]["claims"] == 4
    assert world.briefing.get_absolute_url() in html
    assert "<svg" in html
    assert 'action="/search/"' in html


def test_every_list_page_is_linked_from_the_home_page(client, db):
    html = client.get(reverse("archive:home")).content.decode()
    for name in [
        "claim_list",
        "briefing_list",
        "article_list",
        "person_list",
        "organisation_list",
        "figures",
    ]:
        assert f'href="{reverse("archive:" + name)}"' in html


@pytest.mark.parametrize("size", [2, 6])
def test_it_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    build_world(size)
    # With the last drawing looked for (none yet) and the new one kept for every process (five:
    # the database cache's set).
    with django_assert_num_queries(20):
        client.get(reverse("archive:home"))
    # Rendered again: the totals and the charts come from the cache.
    caches["archive_pages"].clear()
    with django_assert_num_queries(6):
        client.get(reverse("archive:home"))
    # Again: the page itself comes from the cache (the generation).
    with django_assert_num_queries(1):
        client.get(reverse("archive:home"))


def test_it_renders_on_an_empty_archive(client, db):
    response = client.get(reverse("archive:home"))
    assert response.status_code == 200
    assert b"No briefings yet" in response.content


def test_a_post_is_not_allowed(client, db):
    assert client.post(reverse("archive:home")).status_code == 405


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", ["archive:home", "archive:figures"])
def test_an_archive_never_counted_is_counted_in_the_background_while_the_page_says_so(
    client, settings, name, django_assert_num_queries
):
    import threading

    from archive import caching

    build_world(2)
    caching.clear()  # never counted nor drawn, here or in the shared state
    settings.ARCHIVE_FACETS_PAGE_BUDGET_MS = 0
    release = threading.Event()
    assert caching.later("a slow job ahead", lambda: release.wait(10))  # the background is busy
    try:
        first = client.get(reverse(name))
        html = first.content.decode()
        assert "are being drawn" in html and "data-pending" in html
        assert "<svg" not in html
        with django_assert_num_queries(1):  # the generation: the same page, kept while it waits
            assert client.get(reverse(name)).content == first.content
    finally:
        release.set()
    caching.wait()
    html = client.get(reverse(name)).content.decode()
    assert "<svg" in html and "data-pending" not in html
    if name == "archive:home":
        assert "<strong>4</strong> claims" in html
