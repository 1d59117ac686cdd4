"""The public pages in a real browser (Debian's Chromium through Playwright).

Run alone with ``pytest tests/web/test_browser.py``; skipped where Chromium is missing.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import attributed_claim
from tests.web.conftest import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session")
def base_url():
    # Overrides pytest-base-url's fixture (which pytest now warns about); URLs here are absolute.
    return None


@pytest.fixture
def site(live_server, transactional_db):
    world = build_world(4)
    for m in world.lee.memberships.all():  # saved: the stored affiliations follow
        m.end = "2025-05-01"
        m.save()  # Lee leaves his party after 1 May
    return live_server.url, world


def claim_rows(page):
    return page.locator("ol.claims > li.claim")


def test_filtering_the_claims_by_a_lawmaker_shows_only_their_claims(page, site):
    url, world = site
    page.goto(f"{url}/claims/")
    expect(claim_rows(page)).to_have_count(8)
    page.get_by_label("Person").select_option(label="Park Sun-won")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(rf"person={world.park.slug}"))
    expect(claim_rows(page)).to_have_count(4)
    for text in claim_rows(page).all_inner_texts():
        assert "Park Sun-won" in text and "Lee Seong-kweun" not in text


def test_filtering_by_party_uses_the_party_at_the_claims_date(page, site):
    url, _world = site
    page.goto(f"{url}/claims/")
    page.get_by_label("Party (of the speaker, at the claim's date)").select_option(label="People Power Party")
    page.get_by_role("button", name="Apply").click()
    expect(claim_rows(page)).to_have_count(2)  # Lee's claims of 30 Apr and 1 May only
    expect(page.get_by_text("2 claims in this selection.")).to_be_visible()


def test_filtering_by_a_date_range_and_removing_the_filter(page, site):
    url, _world = site
    page.goto(f"{url}/claims/")
    page.get_by_label("From").fill("2025-05-02")
    page.get_by_label("To").fill("2025-05-03")
    page.get_by_role("button", name="Apply").click()
    expect(claim_rows(page)).to_have_count(4)
    expect(page.locator("ol.claims time[datetime='2025-04-30']")).to_have_count(0)
    page.get_by_role("link", name="Clear all").click()
    expect(claim_rows(page)).to_have_count(8)


def test_a_facet_link_narrows_the_selection(page, site):
    url, _world = site
    page.goto(f"{url}/claims/")
    page.locator('[data-facet="outlet"]').get_by_role("link", name="Yonhap").click()
    expect(claim_rows(page)).to_have_count(4)
    expect(page.locator(".active-filters")).to_contain_text("Outlet")


def test_opening_a_claim_shows_its_highlighted_span(page, site):
    url, world = site
    claim = world.claims[0]
    page.goto(f"{url}/claims/")
    page.locator(f"#claim-row-{claim.pk} blockquote a").click()
    expect(page).to_have_url(f"{url}/claims/{claim.pk}/")
    mark = page.locator(f"mark#claim-{claim.pk}")
    expect(mark).to_have_text(claim.text)
    expect(mark).to_be_visible()
    expect(page.locator("ol.chain")).to_contain_text("National Intelligence Service")


def test_following_a_briefing_to_its_articles(page, site):
    url, world = site
    page.goto(f"{url}/")
    page.get_by_role("link", name=re.compile("30 Apr 2025 — National Intelligence Service")).click()
    expect(page.get_by_role("heading", name="Articles covering it")).to_be_visible()
    page.get_by_role("link", name=world.articles[1].title).first.click()
    expect(page).to_have_url(f"{url}/articles/{world.articles[1].pk}/")
    expect(page.locator(".article-text mark.claim-span")).to_have_count(2)


def test_the_article_page_shows_a_claims_content_source_and_cue_each_in_its_own_way(page, live_server):
    claim = attributed_claim(
        "Rain fell. “We wait,” the minister said, “and see.” Then it stopped.",
        source="the minister",
        cue="said",
        parts=["“We wait,”", "“and see.”"],
    )
    page.goto(live_server.url + claim.article.get_absolute_url())
    text = page.locator(".article-text")
    content, source, cue = (
        text.locator(f"mark.{kind}") for kind in ("claim-span", "claim-source", "claim-cue")
    )
    expect(content).to_have_text(["“We wait,”", "“and see.”"])
    expect(source).to_have_text("the minister")
    expect(cue).to_have_text("said")
    legend = page.get_by_role("list", name="What the highlights mean")
    expect(legend).to_contain_text("who says it")

    def style(locator, prop):
        return locator.first.evaluate(f"el => getComputedStyle(el).{prop}")

    # Told apart by shape, not colour alone: the source boxed, the cue bold, the content underlined.
    assert style(source, "outlineStyle") == "solid" and style(content, "outlineStyle") == "none"
    assert int(style(cue, "fontWeight")) >= 700 > int(style(content, "fontWeight"))
    assert style(content, "borderBottomStyle") == "solid" and style(cue, "borderBottomStyle") == "none"
    for mark in (content.first, source, cue):
        expect(mark.get_by_role("link")).to_have_attribute("href", claim.get_absolute_url())

    cue.get_by_role("link").click()
    expect(page).to_have_url(live_server.url + claim.get_absolute_url())
    sentence = page.locator(".claim-sentence")
    expect(sentence.locator("mark.claim-source")).to_have_text("the minister")
    expect(sentence.locator("mark.claim-cue")).to_have_text("said")
    expect(sentence.locator("mark.claim-span")).to_have_count(2)


def test_the_skip_link_is_the_first_thing_the_keyboard_reaches(page, site):
    url, _ = site
    page.goto(f"{url}/claims/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()


def test_the_main_pages_render_for_screenshots(page, site, tmp_path):
    url, world = site
    for name, path in [
        ("home", "/"),
        ("claims", f"/claims/?person={world.lee.slug}"),
        ("claim", world.claims[0].get_absolute_url()),
        ("figures", "/figures/"),
    ]:
        page.goto(url + path)
        target = tmp_path / f"{name}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 1000


def test_facets_still_being_counted_are_filled_in_when_ready(page, site, monkeypatch, settings):
    import threading

    from archive import filters

    url, _world = site
    settings.ARCHIVE_FACETS_PAGE_BUDGET_MS = 50
    real, released = filters.ClaimFilter._facet_category, threading.Event()

    def slow_category(qs):  # counted in the server's background thread, after a while
        released.wait(1.5)
        return real(qs)

    monkeypatch.setattr(filters.ClaimFilter, "_facet_category", staticmethod(slow_category))
    page.goto(f"{url}/claims/?kind=direct")
    facets = page.locator("section.facets")
    expect(facets).to_have_attribute("aria-busy", "true")
    expect(facets.locator(".facets-pending")).to_contain_text("Figure category")
    expect(facets.locator('[data-facet="category"]')).to_have_count(0)
    # Without a reload: the page's script fetched it again until the facet was counted.
    expect(facets.locator('[data-facet="category"]')).to_contain_text("troops", timeout=15_000)
    expect(page.locator("section.facets .facets-pending")).to_have_count(0)
    expect(page.locator("section.facets")).not_to_have_attribute("aria-busy", "true")
    assert page.locator('[data-facet="kind"]').count() == 1


def test_home_on_an_archive_never_counted_is_filled_in_when_ready(page, site, monkeypatch, settings):
    import threading

    from archive import caching, views

    url, _world = site
    caching.clear()  # never counted nor drawn
    settings.ARCHIVE_FACETS_PAGE_BUDGET_MS = 50
    real = views.home_aggregates

    def slow():  # the server's background thread counts after a while
        threading.Event().wait(1.5)
        return real()

    monkeypatch.setattr(views, "home_aggregates", slow)
    page.goto(f"{url}/")
    expect(page.locator("#home-stats")).to_contain_text("being counted")
    expect(page.locator("#home-charts")).to_have_attribute("aria-busy", "true")
    # Without a reload: the page's script fetched it again until they were there.
    expect(page.locator("#home-stats")).to_contain_text("claims", timeout=15_000)
    expect(page.locator("#home-charts svg").first).to_be_visible()
    expect(page.locator("[data-pending]")).to_have_count(0)


def test_a_count_still_being_made_is_filled_in_when_ready(page, site, monkeypatch, settings):
    import threading

    from archive import listing

    url, _world = site
    settings.ARCHIVE_FACETS_PAGE_BUDGET_MS = 50
    settings.ARCHIVE_PAGE_SIZE = 2  # two pages: the first does not tell the count
    real = listing.CappedPaginator._capped_count

    def slow_count(self):  # the server's background thread counts after a while
        if threading.current_thread().name == "archive-cache":
            threading.Event().wait(1.5)
        return real(self)

    monkeypatch.setattr(listing.CappedPaginator, "_capped_count", slow_count)
    page.goto(f"{url}/claims/?outlet=yonhap")
    expect(claim_rows(page)).to_have_count(2)
    lead = page.locator("#claims-count")
    expect(lead).to_contain_text("being counted")
    expect(lead).to_have_attribute("aria-busy", "true")
    expect(page.locator("#pages")).to_contain_text("Page 1")
    # Without a reload: the page's script fetched it again until the count was there.
    expect(page.locator("#claims-count")).to_have_text("4 claims in this selection.", timeout=15_000)
    expect(page.locator("#pages")).to_contain_text("Page 1 of 2")
    expect(page.locator("[data-pending]")).to_have_count(0)
    page.locator("#pages").get_by_role("link", name="Next →").click()
    expect(claim_rows(page)).to_have_count(2)
