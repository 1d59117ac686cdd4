"""The claim list and change form at a laptop's width (1366 px), in Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.factories import ArticleFactory, ClaimFactory, EditorFactory, PersonFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore::pytest.PytestRemovedIn10Warning"),
]

SENTENCE = (
    "Rep. Lee Seong-kweun said the agency believed about 600 North Korean soldiers had been killed "
    "and thousands more wounded in the fighting near the border this winter."
)


@pytest.fixture
def signed_in(page: Page, live_server):
    EditorFactory(username="jieun")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "jieun")
    page.fill("#id_password", "correct horse battery staple")
    page.click("input[type=submit]")
    return page


def test_the_claim_list_gives_the_claim_room_and_shows_id_and_article(signed_in: Page, live_server):
    lee = PersonFactory(name="Lee Seong-kweun")
    for n in range(10):
        article = ArticleFactory(raw_text=f"Report {n}. {SENTENCE}")
        start = article.text.index("Rep.")
        ClaimFactory(article=article, start=start, speakers=[lee])
    page = signed_in
    page.goto(f"{live_server.url}/admin/archive/claim/")
    cell = page.locator("#result_list td.field-short_text").first
    assert cell.bounding_box()["width"] >= 300
    row = page.locator("#result_list tbody tr").first
    assert row.bounding_box()["height"] < 80  # two or three lines, not five to seven
    expect(page.locator("#result_list thead")).to_contain_text("ID")
    expect(page.locator("#result_list td.field-article_link").first).to_contain_text("30 Apr 2025")


def test_the_article_box_opens_at_the_highlighted_claim(signed_in: Page, live_server):
    padding = "".join(f"Paragraph {n} of background about the war and the talks.\n\n" for n in range(40))
    article = ArticleFactory(raw_text=padding + SENTENCE + "\n\n" + padding)
    start = article.text.index("Rep.")
    claim = ClaimFactory(article=article, start=start, end=start + len(SENTENCE))
    page = signed_in
    page.goto(f"{live_server.url}/admin/archive/claim/{claim.pk}/change/")
    box, mark = page.locator(".claim-context"), page.locator(".claim-context mark")
    expect(mark).to_be_visible()
    b, m = box.bounding_box(), mark.bounding_box()
    assert b["y"] <= m["y"] and m["y"] + m["height"] <= b["y"] + b["height"]  # inside the visible box
