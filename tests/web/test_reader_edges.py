"""The rough edges a new reader met (issue 13), each pinned by what the page says."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import override_settings

from archive.models import DateBasis
from tests.factories import (
    AgencyFactory,
    ArticleFactory,
    BriefingFactory,
    ClaimFactory,
    FigureFactory,
    OutletFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

APRIL_30 = dt.date(2025, 4, 30)


def text_of(html: str) -> str:
    """The page's text as a reader sees it (tags dropped, whitespace collapsed)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def row_text(client, claim) -> str:
    """The line under a claim in the claims list: who, kind, outlet, date."""
    listing = client.get("/claims/").content.decode()
    return text_of(
        re.search(rf'id="claim-row-{claim.pk}".*?<p class="meta">(.*?)</p>', listing, re.S).group(1)
    )


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
    row = lambda claim: row_text(client, claim)  # noqa: E731
    assert "30 Apr 2025 (briefing date)" in row(by_briefing) and "undated" not in row(by_briefing)
    assert "2 May 2025 (dateline)" in row(by_dateline)
    assert "date unknown" in row(unknown)
    detail = text_of(client.get(by_briefing.get_absolute_url()).content.decode())
    assert "30 Apr 2025 (briefing date)" in detail
    page = text_of(client.get(briefing.get_absolute_url()).content.decode())
    figures_table = page[page.index("Figures reported") :]
    assert "killed 600 Outlet" in figures_table and "30 Apr 2025 (briefing date)" in figures_table
    assert "undated" not in figures_table


@pytest.fixture
def two_undated_briefings():
    """Two undated briefings by the same agency to the same committee, covered on different days."""
    first = BriefingFactory(date=None, date_basis=DateBasis.UNKNOWN)
    second = BriefingFactory(date=None, organiser=first.organiser, audience=first.audience)
    lee = PersonFactory(name="Lee Seong-kweun")
    for briefing, day, outlet in [(first, 14, "Yonhap"), (second, 20, "KBS")]:
        article = ArticleFactory(published_on=dt.date(2025, 1, day), outlet=OutletFactory(name=outlet))
        briefing.articles.add(article)
        ClaimFactory(article=article, briefing=briefing, claim_date=None)
        briefing.relayed_by.add(lee)
    return first, second


def test_undated_briefings_are_told_apart_by_their_first_report(client, two_undated_briefings):
    first, _second = two_undated_briefings
    person = first.relayed_by.get()
    pages = {
        "home": "/",
        "briefings": "/briefings/",
        "person": person.get_absolute_url(),
        "claims facet": "/claims/",
        "organiser": first.organiser.get_absolute_url(),
    }
    for name, url in pages.items():
        page = text_of(client.get(url).content.decode())
        assert "on or before 14 Jan 2025 (Yonhap)" in page, name
        assert "on or before 20 Jan 2025 (KBS)" in page, name
        assert "(undated)" not in page, name
    assert str(first).endswith("(on or before 14 Jan 2025 (Yonhap))")


def money(value: int, day: int = 1, *, dated: bool = True):
    article = ArticleFactory(published_on=dt.date(2025, 4, day) if dated else None)
    claim = ClaimFactory(article=article, claim_date=article.published_on)
    return FigureFactory(claim=claim, category="money", value=value, unit="KRW", text=str(value))


def test_figures_money_axes_are_readable(client):
    money(4_200_000_000, 1)
    money(6_000_000_000_000, 2)
    chart = client.get("/figures/?category=money").context["charts"][0]
    labels = [t.label for t in chart.y_ticks]
    assert "6 tn" in labels  # not 6,000,000,000,000 (clipped to "00,000,000" in the margin)
    assert all(len(label) <= 7 for label in labels), labels
    assert all("," not in label for label in labels if label != "0"), labels


def test_a_category_with_values_below_ten_draws_instead_of_crashing(client):
    for day, value in [(1, 1), (2, 3), (3, 2)]:
        claim = ClaimFactory(article=ArticleFactory(published_on=dt.date(2025, 4, day)))
        FigureFactory(claim=claim, category="captured", value=value, unit="soldiers", text=str(value))
    response = client.get("/figures/")
    assert response.status_code == 200
    chart = next(c for c in response.context["charts"] if c.category == "captured")
    assert [t.label for t in chart.y_ticks][:4] == ["0", "1", "2", "3"]


def test_a_category_with_only_undated_figures_says_so(client):
    money(5_000_000, dated=False)
    page = text_of(client.get("/figures/").content.decode())
    assert "Nothing to draw: 1 figure in this category has no date to place it by." in page


def test_short_numbers():
    from archive.charts import short_number

    assert [short_number(v) for v in (0, 15_000, 350_000_000, 4_200_000_000, 6 * 10**12, 1_250_000)] == [
        "0",
        "15,000",
        "350 m",
        "4.2 bn",
        "6 tn",
        "1.2 m",
    ]


def test_the_chain_reads_as_a_reader_would_say_it(client):
    nis = AgencyFactory(name="National Intelligence Service")
    kim = PersonFactory(name="Kim Jong-un")
    agency_alone = ClaimFactory(source_organisation=nis)
    agency_itself = ClaimFactory(source_organisation=nis)
    agency_itself.speaker_organisations.set([nis])
    kim_himself = ClaimFactory(source_person=kim, speakers=[kim])
    official = ClaimFactory(source_organisation=nis, speaker_description="a committee official")
    nobody = ClaimFactory(kind="direct")

    assert row_text(client, agency_alone).startswith("National Intelligence Service (statement) · ")
    assert row_text(client, agency_itself).startswith("National Intelligence Service · ")
    assert row_text(client, kim_himself).startswith("Kim Jong-un · ")
    assert row_text(client, official).startswith(
        "a committee official (not named) citing National Intelligence Service · "
    )
    assert row_text(client, nobody).startswith("Unattributed · direct quote")
    for claim in (agency_itself, kim_himself):
        page = text_of(client.get(claim.get_absolute_url()).content.decode())
        assert " citing " not in page
        chain = page[page.index("Attribution chain") : page.index("In the article")]
        assert chain.count(nis.name if claim is agency_itself else kim.name) == 1, chain


def test_an_article_without_a_headline_is_named_by_its_first_sentence(client):
    text = (
        "The agency told lawmakers that about 600 soldiers had been killed in the fighting near the border "
        "over the past several weeks. It gave no source."
    )
    article = ArticleFactory(title="", source_file="000_dde1d2f64059d183.txt", raw_text=text)
    empty = ArticleFactory(title="", source_file="001_0123456789abcdef.txt", raw_text=" \n", outlet=None)
    listing = text_of(client.get("/articles/").content.decode())
    assert "000_dde1d2f64059d183" not in listing and "001_0123456789abcdef" not in listing
    assert (
        "The agency told lawmakers that about 600 soldiers had been killed in the fighting near…" in listing
    )
    assert "Untitled article from an unknown outlet, 30 Apr 2025" in listing
    assert str(article).endswith("…") and len(str(article)) <= 90
    assert text_of(client.get(empty.get_absolute_url()).content.decode()).count("Untitled article from") >= 1


def test_an_outlet_page_lists_the_claims_it_published(client):
    kbs = OutletFactory(name="KBS")
    published = [ClaimFactory(article=ArticleFactory(outlet=kbs)) for _ in range(3)]
    ClaimFactory()  # another outlet's
    page = client.get(kbs.get_absolute_url())
    assert [c.pk for c in page.context["page_obj"]] == sorted(c.pk for c in published)
    text = text_of(page.content.decode())
    assert "Claims published by KBS, over time" in text
    assert "No claims cite, quote or come from members of KBS" not in text


def test_claims_over_time_put_undated_claims_last(client):
    nis = AgencyFactory(name="National Intelligence Service")
    lee = PersonFactory(name="Lee Seong-kweun")
    undated = ClaimFactory(article=ArticleFactory(published_on=None), source_organisation=nis, speakers=[lee])
    later = ClaimFactory(article=ArticleFactory(published_on=dt.date(2025, 5, 2)), source_organisation=nis)
    earlier = ClaimFactory(article=ArticleFactory(published_on=dt.date(2025, 4, 2)), source_organisation=nis)
    later.speakers.add(lee)
    earlier.speakers.add(lee)
    for url in (nis.get_absolute_url(), lee.get_absolute_url()):
        order = [c.pk for c in client.get(url).context["page_obj"]]
        assert order == [earlier.pk, later.pk, undated.pk], url


def test_apply_drops_empty_fields_by_redirect(client, db):
    person = PersonFactory(name="Kim Byung-kee")
    response = client.get(f"/claims/?q=&person={person.slug}&party=&source=&date_from=&sort=newest")
    assert response.status_code == 302
    assert response["Location"] == f"/claims/?person={person.slug}&sort=newest"
    assert client.get("/claims/?q=&person=").headers["Location"] == "/claims/"
    assert client.get("/briefings/?q=").headers["Location"] == "/briefings/"


def test_the_feed_links_to_itself_with_its_filters_and_dates_entries_by_the_claim(client, db):
    claim = ClaimFactory(article=ArticleFactory(published_on=dt.date(2025, 4, 2)), kind="direct")
    feed = client.get("/claims/feed.atom?kind=direct").content.decode()
    assert '<link href="http://testserver/claims/feed.atom?kind=direct" rel="self"/>' in feed
    assert "<published>2025-04-02T00:00:00+00:00</published>" in feed
    assert "<updated>2025-04-02T00:00:00+00:00</updated>" in feed
    assert claim.created_at.date().isoformat() not in feed  # imported today, not dated by it


@pytest.mark.parametrize("page", ["0", "-1", "-99999999999", "x", ""])
def test_a_page_below_one_is_page_one(client, db, page):
    for n in range(3):
        ClaimFactory(article=ArticleFactory(published_on=dt.date(2025, 4, 1 + n)))
    with override_settings(ARCHIVE_PAGE_SIZE=1):
        response = client.get("/claims/", {"page": page, "sort": "oldest"}, follow=True)
        assert response.context["page_obj"].number == 1
        assert client.get("/claims/", {"page": "7", "sort": "oldest"}).context["page_obj"].number == 3


def test_a_repeated_filter_is_a_400_naming_it(client, db):
    a, b = PersonFactory(name="Lee Seong-kweun"), PersonFactory(name="Park Sun-won")
    for url in ("/claims/", "/claims/export.csv", "/claims/feed.atom"):
        response = client.get(f"{url}?person={a.slug}&person={b.slug}")
        assert response.status_code == 400, url
        assert "person" in text_of(response.content.decode())


def test_a_reversed_date_range_says_so(client, db):
    response = client.get("/claims/?date_from=2025-05-01&date_to=2025-04-01")
    assert response.status_code == 400
    assert "The range ends (1 Apr 2025) before it starts (1 May 2025)" in text_of(response.content.decode())


def test_a_person_page_shows_membership_dates_and_a_feed_of_their_claims(client, db):
    from tests.factories import MembershipFactory, PartyFactory

    lee = PersonFactory(name="Lee Seong-kweun")
    MembershipFactory(
        person=lee, organisation=PartyFactory(name="People Power Party"), start=dt.date(2020, 1, 1)
    )
    MembershipFactory(person=lee, organisation=PartyFactory(name="Saenuri Party"))
    ClaimFactory(speakers=[lee])
    html = client.get(lee.get_absolute_url()).content.decode()
    text = text_of(html)
    assert "People Power Party , member (since 1 Jan 2020)" in text
    assert "Saenuri Party , member (dates not recorded)" in text
    feed = f"/claims/feed.atom?person={lee.slug}"
    assert f'href="{feed}"' in html and 'type="application/atom+xml"' in html
    response = client.get(feed)
    assert response.status_code == 200 and response.content.decode().count("<entry>") == 1
