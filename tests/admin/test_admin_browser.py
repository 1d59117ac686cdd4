"""An editor corrects a claim's speaker in a real browser (Playwright driving Debian's Chromium)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import ClaimFactory, EditorFactory, PersonFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # pytest-base-url's session fixture (pulled in by pytest-playwright) trips a pytest 9 deprecation.
    pytest.mark.filterwarnings("ignore::pytest.PytestRemovedIn10Warning"),
]

PASSWORD = "correct horse battery staple"


def test_an_editor_changes_a_claims_speaker_and_sees_it_in_public_and_in_the_history(live_server, page: Page):
    EditorFactory(username="jieun")
    claim = ClaimFactory(speakers=[PersonFactory(name="Han Min-soo")])
    PersonFactory(name="Park Sun-won", aliases=["Park Sunwon"])
    page.set_default_timeout(15_000)

    page.goto(f"{live_server.url}/admin/archive/claim/{claim.pk}/change/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    page.fill("#id_username", "jieun")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator(".claim-context mark")).to_have_text(claim.text)

    speakers = page.locator(".field-speakers")
    speakers.locator(".select2-selection__choice__remove").click()
    speakers.locator(".select2-search__field").fill("Sunwon")
    page.locator(".select2-results__option", has_text="Park Sun-won").click()
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")

    page.goto(f"{live_server.url}/claims/{claim.pk}/")
    expect(page.locator("body")).to_contain_text("Park Sun-won")
    expect(page.locator("main, body").first).not_to_contain_text("Han Min-soo")

    page.goto(f"{live_server.url}/admin/archive/claim/{claim.pk}/history/")
    history = page.locator("#change-history")
    expect(history).to_contain_text("[Han Min-soo] → []")
    expect(history).to_contain_text("[] → [Park Sun-won]")
    expect(history).to_contain_text("jieun")
