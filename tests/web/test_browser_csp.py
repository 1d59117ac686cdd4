"""Under the Content-Security-Policy, no page (public or admin) has anything the browser refuses."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.factories import EditorFactory
from tests.web.conftest import build_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore::pytest.PytestRemovedIn10Warning"),
]


@pytest.fixture(scope="session")
def base_url():
    return None


def refusals(page: Page) -> list[str]:
    seen: list[str] = []
    page.on(
        "console",
        lambda message: (
            seen.append(f"{page.url}: {message.text}") if "Content Security Policy" in message.text else None
        ),
    )
    return seen


def test_no_public_page_breaks_the_policy(page: Page, live_server):
    world = build_world(2)
    seen = refusals(page)
    claim = world.claims[0]
    for path in [
        "/",
        "/claims/",
        claim.get_absolute_url(),
        f"/articles/{claim.article_id}/",
        f"/briefings/{world.briefing.pk}/",
        f"/people/{world.lee.slug}/",
        f"/organisations/{world.nis.slug}/",
        "/figures/",
        "/search/?q=soldiers",
    ]:
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        assert "default-src 'none'" in response.headers["content-security-policy"]
    # The figures legend's colour swatches are drawn (an inline style would have been refused).
    page.goto(live_server.url + "/figures/")
    expect(page.locator(".legend .swatch").first).to_have_css("background-color", "rgb(0, 114, 178)")
    assert seen == []


def test_no_admin_page_breaks_the_policy(page: Page, live_server):
    world = build_world(1)
    EditorFactory(username="jieun")
    seen = refusals(page)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "jieun")
    page.fill("#id_password", "correct horse battery staple")
    page.click("input[type=submit]")
    claim = world.claims[0]
    for path in [
        "/admin/",
        "/admin/archive/claim/",
        f"/admin/archive/claim/{claim.pk}/change/",
        f"/admin/archive/claim/{claim.pk}/history/",
        f"/admin/archive/article/{claim.article_id}/change/",
        f"/admin/archive/person/{world.lee.pk}/change/",
    ]:
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
    # The claim's context box keeps its stylesheet (moved out of an inline <style>).
    page.goto(f"{live_server.url}/admin/archive/claim/{claim.pk}/change/")
    expect(page.locator(".claim-context")).to_have_css("white-space", "pre-wrap")
    assert seen == []
