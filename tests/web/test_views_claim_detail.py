import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from archive.models import Claim
from tests.factories import (
    ArticleFactory,
    BriefingFactory,
    ClaimFactory,
    FigureFactory,
    OrganisationFactory,
    attributed_claim,
)
from tests.web.conftest import build_world

pytestmark = pytest.mark.django_db


def test_it_shows_the_attribution_chain_hop_by_hop(client, world):
    claim = world.claims[0]
    response = client.get(claim.get_absolute_url())
    chain = response.context["chain"]
    assert [hop["role"] for hop in chain] == ["Source", "Briefing", "Said by", "Reported by"]
    assert chain[0]["label"] == "National Intelligence Service"
    assert chain[2]["label"] == "Lee Seong-kweun"
    assert chain[2]["detail"] == "People Power Party"
    assert chain[3]["label"] == "KBS, 30 Apr 2025"


def test_it_highlights_the_claims_sentence_inside_the_article(client, world):
    claim = world.claims[0]
    html = client.get(claim.get_absolute_url()).content.decode()
    assert f'<mark id="claim-{claim.pk}" class="claim-span" data-label="claim">{claim.text}</mark>' in html


def test_it_lists_other_reports_and_the_first_outlet(client, world):
    claim = world.claims[2]  # Lee's claim in Yonhap, a day after KBS
    response = client.get(claim.get_absolute_url())
    others = response.context["others"]
    assert world.claims[0] in others
    assert all(o.article_id != claim.article_id for o in others)
    assert response.context["first"] == world.claims[0]
    assert "First reported by <strong>KBS</strong>" in response.content.decode()


def test_it_embeds_schema_org_claim_json_ld(client, world):
    claim = world.claims[2]
    html = client.get(claim.get_absolute_url()).content.decode()
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(raw)
    assert data["@type"] == "Claim"
    assert data["author"] == [{"@type": "Person", "name": "Lee Seong-kweun"}]
    assert data["datePublished"] == "2025-05-01"
    assert data["appearance"]["publisher"]["name"] == "Yonhap"
    assert data["firstAppearance"]["publisher"]["name"] == "KBS"


def test_it_offers_a_permalink_and_a_citation(client, world):
    claim = world.claims[0]
    html = client.get(claim.get_absolute_url()).content.decode()
    assert f"http://testserver/claims/{claim.pk}/" in html
    assert 'id="citation"' in html
    assert "Lee Seong-kweun, citing National Intelligence Service, reported by KBS, 30 April 2025" in html


def test_script_in_the_claim_cannot_escape_the_page_or_the_json_ld(client, db):
    text = "</script><script>alert(1)</script> said the agency."
    claim = ClaimFactory(article=ArticleFactory(raw_text=text))
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "</script><script>" not in html
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(raw)["text"] == text


@pytest.mark.parametrize("size", [2, 6])
def test_it_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    world = build_world(size)
    # 12: the generation (the page cache), the corroborating claims' ids (a union of indexed lookups) are read before their rows.
    with django_assert_num_queries(12):
        client.get(world.claims[0].get_absolute_url())


def test_a_missing_claim_is_a_404(client, db):
    assert client.get(reverse("archive:claim_detail", args=[424242])).status_code == 404


def test_other_claims_from_the_same_briefing_on_other_topics_are_not_corroboration(client, world):
    claim = world.claims[2]  # Lee, killed
    others = client.get(claim.get_absolute_url()).context["others"]
    assert world.claims[1] not in others  # Park, troops deployed, same briefing


def test_the_same_number_in_an_unrelated_article_counts_as_a_report_of_the_same_figure(client, world):
    unrelated = FigureFactory(category="troops deployed", value=15000).claim
    others = client.get(world.claims[1].get_absolute_url()).context["others"]
    assert unrelated in others


def test_it_marks_the_source_cue_and_content_in_the_claims_sentence(client, db):
    claim = attributed_claim(
        "It rained. “Go home,” Rep. Moon said, “now.” Another sentence.",
        source="Rep. Moon",
        cue="said",
        parts=["“Go home,”", "“now.”"],
    )
    html = client.get(claim.get_absolute_url()).content.decode()
    sentence = re.search(r'<p class="article-text claim-sentence">(.*?)</p>', html, re.S).group(1)
    assert sentence == (
        '… <mark class="claim-span" data-label="claim">“Go home,”</mark> '
        '<mark class="claim-source" data-label="source">Rep. Moon</mark> '
        '<mark class="claim-cue" data-label="cue">said</mark>, '
        '<mark class="claim-span" data-label="claim">“now.”</mark> …'
    )
    assert html.count(f'id="claim-{claim.pk}"') == 1  # the anchor is in the article text only


def test_an_unnamed_speaker_is_shown_by_the_description_the_text_gives(client, db):
    claim = attributed_claim(
        "A committee official said the vote was delayed.",
        source="A committee official",
        cue="said",
        parts=["the vote was delayed."],
        speaker_description="a committee official",
    )
    response = client.get(claim.get_absolute_url())
    assert response.context["chain"][0] == {
        "role": "Said by",
        "label": "a committee official",
        "detail": "not named",
    }
    assert "a committee official, reported by" in response.content.decode()
    row = client.get(reverse("archive:claim_list")).content.decode()
    assert "a committee official (not named)" in row


def test_a_named_speaker_is_not_replaced_by_a_description(client, world):
    claim = world.claims[0]
    claim.speaker_description = "a senior lawmaker"
    claim.save()
    chain = client.get(claim.get_absolute_url()).context["chain"]
    assert [hop["label"] for hop in chain if hop["role"] == "Said by"] == ["Lee Seong-kweun"]


def test_an_unnamed_official_of_a_named_organisation_is_shown_beside_it(client, db):
    claim = attributed_claim(
        "A ministry official said talks resumed.",
        source="A ministry official",
        cue="said",
        parts=["talks resumed."],
        speaker_description="a ministry official",
    )
    ministry = OrganisationFactory(name="Ministry of Unification")
    claim.speaker_organisations.add(ministry)
    chain = client.get(claim.get_absolute_url()).context["chain"]
    assert [hop["label"] for hop in chain if hop["role"] == "Said by"] == [
        "Ministry of Unification",
        "a ministry official",
    ]


def test_it_shows_a_figures_bound_and_label(client):
    claim = ClaimFactory()
    FigureFactory(claim=claim, category="other", label="weight <kg>", value=140, unit="kg", bound="at least")
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "140+ kg" in html
    assert "(weight &lt;kg&gt;)" in html


def test_a_cue_far_above_its_quote_is_shown_in_its_own_sentence_not_with_everything_between(client, db):
    filler = "Filler words fill this paragraph. " * 30
    claim = attributed_claim(
        f"Statement by Rep. Moon. {filler}The river rose.",
        source="Rep. Moon",
        cue="Statement by",
        parts=["The river rose."],
    )
    html = client.get(claim.get_absolute_url()).content.decode()
    sentence = re.search(r'<p class="article-text claim-sentence">(.*?)</p>', html, re.S).group(1)
    assert "Filler" not in sentence
    assert sentence == (
        '<mark class="claim-cue" data-label="cue">Statement by</mark> '
        '<mark class="claim-source" data-label="source">Rep. Moon</mark>. '
        '… <mark class="claim-span" data-label="claim">The river rose.</mark>'
    )


def test_corroboration_is_the_earliest_public_reports_in_other_articles(db):
    def report(day: int, **claim) -> Claim:
        article = ArticleFactory(published_on=dt.date(2024, 1, day))
        return FigureFactory(claim=ClaimFactory(article=article, **claim), value=600).claim

    claim = report(20)
    later, *_ = [report(day) for day in (25, 15, 10, 5, 18)]
    same_article = FigureFactory(claim=ClaimFactory(article=claim.article, start=1), value=600).claim
    rejected = report(1, status=Claim.Status.REJECTED)
    retired = report(2)
    Claim.objects.filter(pk=retired.pk).update(retired_at=timezone.now())

    found = list(Claim.objects.public().corroborating(claim, limit=3))

    assert [c.article.published_on.day for c in found] == [5, 10, 15]
    assert not {same_article, rejected, retired, later} & set(found)
    assert len(list(Claim.objects.public().corroborating(claim))) == 5  # all of them within the default


def test_corroboration_takes_the_earliest_across_its_lookups_each_cut_to_the_limit(db):
    briefing = BriefingFactory()

    def report(day: int, value: int, **claim) -> Claim:
        article = ArticleFactory(published_on=dt.date(2024, 1, day))
        return FigureFactory(claim=ClaimFactory(article=article, **claim), value=value).claim

    claim = report(28, 600, briefing=briefing)
    for day in (5, 25, 15, 27):  # the same number, from no briefing; the earliest made first
        report(day, 600)
    for day in (10, 20, 22, 24):  # the same briefing's figure of the same kind, another number
        report(day, 900, briefing=briefing)
    twice = report(1, 600)  # one claim with the number twice is one report
    FigureFactory(claim=twice, value=600)

    found = list(Claim.objects.public().corroborating(claim, limit=3))

    assert [c.article.published_on.day for c in found] == [1, 5, 10]


def test_the_same_text_in_another_article_is_a_report_of_the_same_claim(db):
    claim = ClaimFactory(article=ArticleFactory(raw_text="The agency said 600 were killed."))
    same = ClaimFactory(article=ArticleFactory(raw_text="THE AGENCY SAID 600 WERE KILLED."))
    other = ClaimFactory(article=ArticleFactory(raw_text="The agency said 700 were killed."))
    found = set(Claim.objects.public().corroborating(claim))
    assert same in found and other not in found and claim not in found


def test_the_same_text_is_found_by_its_index_not_by_reading_every_claim(db):
    claim = ClaimFactory(article=ArticleFactory(raw_text="The agency said 600 were killed."))
    with CaptureQueriesContext(connection) as queries:
        list(Claim.objects.public().corroborating(claim))
    lookup = next(q["sql"] for q in queries.captured_queries if "UPPER" in q["sql"])
    explain = "EXPLAIN" if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET enable_seqscan = off")  # a handful of rows: it would rather scan them
        cursor.execute(f"{explain} {lookup}")
        plan = " ".join(str(row) for row in cursor.fetchall())
        if connection.vendor == "postgresql":
            cursor.execute("RESET enable_seqscan")
    assert "claim_same_text" in plan  # migrations 0006 (PostgreSQL) and 0013 (SQLite)
