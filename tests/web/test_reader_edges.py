"""The rough edges a new reader met (issue 13), each pinned by what the page says."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from archive.models import DateBasis
from tests.factories import ArticleFactory, BriefingFactory, ClaimFactory, FigureFactory

pytestmark = pytest.mark.django_db

APRIL_30 = dt.date(2025, 4, 30)


def text_of(html: str) -> str:
    """The page's text as a reader sees it (tags dropped, whitespace collapsed)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def dated_three_ways():
    """A claim dated by its briefing (its article undated), one by its dateline, one with no date."""
    briefing = BriefingFactory(date=APRIL_30)
    undated_article = ArticleFactory(published_on=None, published_on_basis=DateBasis.UNKNOWN)
    by_briefing = ClaimFactory(article=undated_article, briefing=briefing, claim_date=APRIL_30)
    FigureFactory(claim=by_briefing, value=600, text="600")
    by_dateline = ClaimFactory(article=ArticleFactory(published_on=dt.date(2025, 5, 2)))
    unknown = ClaimFactory(article=ArticleFactory(published_on=None, published_on_basis=DateBasis.UNKNOWN))
    return briefing, by_briefing, by_dateline, unknown


def test_one_date_per_claim_with_its_basis_everywhere(client, dated_three_ways):
    briefing, by_briefing, by_dateline, unknown = dated_three_ways
    listing = client.get("/claims/").content.decode()
    row = lambda claim: text_of(re.search(rf'id="claim-row-{claim.pk}".*?</li>', listing, re.S).group(0))  # noqa: E731
    assert "30 Apr 2025 (briefing date)" in row(by_briefing) and "undated" not in row(by_briefing)
    assert "2 May 2025 (dateline)" in row(by_dateline)
    assert "date unknown" in row(unknown)
    detail = text_of(client.get(by_briefing.get_absolute_url()).content.decode())
    assert "30 Apr 2025 (briefing date)" in detail
    page = text_of(client.get(briefing.get_absolute_url()).content.decode())
    figures_table = page[page.index("Figures reported") :]
    assert "killed 600 Outlet" in figures_table and "30 Apr 2025 (briefing date)" in figures_table
    assert "undated" not in figures_table
