"""The claim workbench: list, filters, context, span validation, figures inline, review actions."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from archive.models import Claim, Figure
from tests.factories import (
    ArticleFactory,
    BriefingFactory,
    ClaimFactory,
    MembershipFactory,
    OrganisationFactory,
    OutletFactory,
    PartyFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

TEXT = (
    "SEOUL, April 30 -- Rep. Lee Seong-kweun said the NIS counted about 600 dead <b>soldiers</b>. More later."
)
QUOTE = "the NIS counted about 600 dead <b>soldiers</b>"

CHANGELIST = reverse("admin:archive_claim_changelist")


def change_url(claim: Claim) -> str:
    return reverse("admin:archive_claim_change", args=[claim.pk])


def form_data(claim: Claim, **changes) -> dict:
    """What the change form posts for ``claim`` unchanged, with ``changes`` applied."""
    data = {
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
        "kind": claim.kind,
        "cue": claim.cue,
        "status": claim.status,
        "speakers": [p.pk for p in claim.speakers.all()],
        "speaker_organisations": [o.pk for o in claim.speaker_organisations.all()],
        "source_person": claim.source_person_id or "",
        "source_organisation": claim.source_organisation_id or "",
        "briefing": claim.briefing_id or "",
        "claim_date": claim.claim_date.isoformat() if claim.claim_date else "",
        "figures-TOTAL_FORMS": "0",
        "figures-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


@pytest.fixture
def claim():
    article = ArticleFactory(raw_text=TEXT)
    start = TEXT.index(QUOTE)
    return ClaimFactory(
        article=article, start=start, end=start + len(QUOTE), confidence=0.75, speaker_inferred=True
    )


def test_the_change_form_shows_the_claim_highlighted_in_its_escaped_article_text(admin_client, claim):
    content = admin_client.get(change_url(claim)).content.decode()
    assert (
        "SEOUL, April 30 -- Rep. Lee Seong-kweun said "
        "<mark>the NIS counted about 600 dead &lt;b&gt;soldiers&lt;/b&gt;</mark>. More later."
    ) in content
    assert "<b>soldiers</b>" not in content


def test_the_change_form_shows_read_only_provenance(admin_client, claim):
    response = admin_client.get(change_url(claim))
    content = response.content.decode()
    assert "0.75" in content
    assert (
        "article published 30 April 2025 (dateline)" in content
        or "article published 2025-04-30 (dateline)" in content
    )
    form = response.context["adminform"].form
    assert not {"confidence", "speaker_inferred", "edited_by_human", "article"} & set(form.fields)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end": len(TEXT) + 5}, "The span must lie within the article"),
        ({"start": 3}, "The text must match the article"),
        ({"text": "the NIS counted about 700 dead"}, "The text must match the article"),
    ],
)
def test_a_span_outside_the_article_or_not_matching_its_text_is_rejected(
    admin_client, claim, changes, message
):
    response = admin_client.post(change_url(claim), form_data(claim, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    before = claim.text, claim.start, claim.end
    claim.refresh_from_db()
    assert (claim.text, claim.start, claim.end) == before
    assert not claim.edited_by_human


def test_a_corrected_span_is_saved_and_protected_from_re_import(admin_client, claim):
    shorter = "the NIS counted about 600 dead"
    start = TEXT.index(shorter)
    response = admin_client.post(
        change_url(claim), form_data(claim, text=shorter, start=start, end=start + len(shorter))
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.text == shorter
    assert claim.edited_by_human and claim.is_protected


def test_figures_are_edited_inline(admin_client, claim):
    data = form_data(
        claim,
        **{
            "figures-TOTAL_FORMS": "1",
            "figures-0-category": "killed",
            "figures-0-value": "600",
            "figures-0-approximate": "on",
            "figures-0-bound": "about",
            "figures-0-label": "",
            "figures-0-unit": "people",
            "figures-0-text": "about 600",
        },
    )
    assert admin_client.post(change_url(claim), data).status_code == 302
    figure = Figure.objects.get(claim=claim)
    assert (figure.value, figure.approximate, figure.bound, figure.display_value) == (
        600,
        True,
        "about",
        "≈600",
    )


def test_a_figure_without_a_value_is_rejected(admin_client, claim):
    data = form_data(
        claim, **{"figures-TOTAL_FORMS": "1", "figures-0-category": "killed", "figures-0-text": "x"}
    )
    response = admin_client.post(change_url(claim), data)
    assert response.status_code == 200
    assert "A figure needs a value" in response.content.decode()
    assert not Figure.objects.exists()


@pytest.mark.parametrize(("action", "status"), [("mark_reviewed", "reviewed"), ("mark_rejected", "rejected")])
def test_the_review_actions_set_the_status_and_protect_the_claims(editor_client, editor, action, status):
    chosen, untouched = ClaimFactory.create_batch(2), ClaimFactory()
    response = editor_client.post(CHANGELIST, {"action": action, "_selected_action": [c.pk for c in chosen]})
    assert response.status_code == 302
    for claim in chosen:
        claim.refresh_from_db()
        assert (claim.status, claim.edited_by_human) == (status, True)
        record = claim.history.first()
        assert (record.history_user, record.history_change_reason) == (editor, f"Marked {status}")
    untouched.refresh_from_db()
    assert (untouched.status, untouched.edited_by_human) == ("extracted", False)


def test_the_changelist_shows_text_speakers_source_outlet_date_kind_and_status(admin_client, claim):
    claim.speakers.add(PersonFactory(name="Lee Seong-kweun"))
    claim.source_organisation = claim.article.outlet  # any organisation will do
    claim.save()
    response = admin_client.get(CHANGELIST)
    content = response.content.decode()
    for column in ["id", "claim", "speakers", "source", "article", "claim date", "kind", "status"]:
        assert f">{column.capitalize()}<" in content or column.upper() in content.upper()
    assert "Lee Seong-kweun" in content
    assert claim.article.outlet.name in content


def _filtered(client, **params) -> set[int]:
    response = client.get(CHANGELIST, params)
    assert response.status_code == 200
    return {c.pk for c in response.context["cl"].result_list}


def test_the_party_filter_follows_memberships_on_the_claims_date(admin_client):
    party, other_party = PartyFactory(), PartyFactory()
    lee = PersonFactory()
    MembershipFactory(person=lee, organisation=other_party, end=dt.date(2024, 1, 1))
    MembershipFactory(person=lee, organisation=party, start=dt.date(2024, 1, 2))
    recent = ClaimFactory(speakers=[lee], claim_date=dt.date(2025, 4, 30))
    old = ClaimFactory(speakers=[lee], claim_date=dt.date(2023, 4, 30))
    assert _filtered(admin_client, party=party.pk) == {recent.pk}
    assert _filtered(admin_client, party=other_party.pk) == {old.pk}


def test_the_person_briefing_and_outlet_filters(admin_client):
    lee, outlet, briefing = PersonFactory(), OutletFactory(), BriefingFactory()
    by_lee = ClaimFactory(speakers=[lee])
    in_outlet = ClaimFactory(article=ArticleFactory(outlet=outlet))
    at_briefing = ClaimFactory(briefing=briefing)
    assert _filtered(admin_client, speakers__id__exact=lee.pk) == {by_lee.pk}
    assert _filtered(admin_client, outlet=outlet.pk) == {in_outlet.pk}
    assert _filtered(admin_client, briefing=briefing.pk) == {at_briefing.pk}


def test_search_covers_claim_text_and_speaker_names_and_aliases(admin_client):
    lee = PersonFactory(name="Lee Seong-kweun", aliases=["Lee Sung-kwon"])
    by_lee = ClaimFactory(speakers=[lee])
    about_drones = ClaimFactory(article=ArticleFactory(raw_text="Drones were seen over the border."))
    assert _filtered(admin_client, q="Sung-kwon") == {by_lee.pk}
    assert _filtered(admin_client, q="Seong-kweun") == {by_lee.pk}
    assert _filtered(admin_client, q="drones") == {about_drones.pk}


@pytest.mark.parametrize("size", [3, 12])
def test_the_changelist_query_count_does_not_grow_with_the_rows(
    admin_client, django_assert_num_queries, size
):
    party = PartyFactory()
    for _ in range(size):
        speaker = PersonFactory()
        MembershipFactory(person=speaker, organisation=party)
        ClaimFactory(speakers=[speaker], briefing=BriefingFactory(), source_person=PersonFactory())
    admin_client.get(CHANGELIST)  # warm the session and content-type caches
    # session, user, 4 filter lookups (party, speakers, briefing, outlet), 1 count (capped), the
    # page, speakers, speaker organisations, figures (checked against the text).
    with django_assert_num_queries(11):
        response = admin_client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == size


def test_a_selection_is_counted_once_until_the_archive_changes(admin_client, monkeypatch):
    """The change list's count is kept per search and filters (not per page or order) and
    generation: the next page of a search is not counted again; an edit counts it again."""
    from archive.admin.claims import ClaimAdmin
    from archive.listing import AdminCappedPaginator

    monkeypatch.setattr(ClaimAdmin, "list_per_page", 2)
    counted, real = [], AdminCappedPaginator._capped_count
    monkeypatch.setattr(AdminCappedPaginator, "_capped_count", lambda self: counted.append(1) or real(self))
    for n in range(3):
        ClaimFactory(
            article=ArticleFactory(raw_text=f"Drones seen, report {n}."), claim_date=dt.date(2025, 1, n + 1)
        )
    ClaimFactory(article=ArticleFactory(raw_text="Shells fell."))

    def listed(**params) -> tuple[int, int]:
        counted.clear()
        return admin_client.get(CHANGELIST, params).context["cl"].result_count, len(counted)

    # Filtered as well as searched: counted (a search alone may be counted by its own query).
    search = {"q": "drones", "kind__exact": "indirect"}
    assert listed(**search) == (3, 1)
    assert listed(**search, p=2) == (3, 0)  # the next page: the count kept
    assert listed(**search, o="-1") == (3, 0)  # another order
    assert listed(q="drones", kind__exact="direct")[1] == 1  # another selection
    assert listed() == (4, 1)
    ClaimFactory(article=ArticleFactory(raw_text="Drones again."))  # an edit: a new generation
    assert listed(**search) == (4, 1)
    assert listed(**search, p=2) == (4, 0)


def test_a_page_of_a_longer_list_shows_the_same_rows_in_the_same_order(
    admin_client, django_assert_num_queries, monkeypatch
):
    from archive.admin.claims import ClaimAdmin

    monkeypatch.setattr(ClaimAdmin, "list_per_page", 2)
    article = ArticleFactory(raw_text="Drones were seen. Drones again. Shells fell. Drones. Nothing.")
    claims = [
        ClaimFactory(article=article, claim_date=dt.date(2025, 1, day), text=text, start=start, end=start + 5)
        for day, text, start in [(3, "Drones", 0), (3, "Drones", 18), (2, "Shells", 32), (1, "Drones", 45)]
    ]
    newest = sorted(claims, key=lambda c: (-c.claim_date.toordinal(), c.start))
    pages = [[c.pk for c in admin_client.get(CHANGELIST, {"p": p}).context["cl"].result_list] for p in (1, 2)]
    assert pages == [[c.pk for c in newest[:2]], [c.pk for c in newest[2:]]]
    oldest = admin_client.get(CHANGELIST, {"p": 1, "o": "-1"}).context["cl"].result_list  # by id, descending
    assert [c.pk for c in oldest] == sorted((c.pk for c in claims), reverse=True)[:2]
    found = admin_client.get(CHANGELIST, {"p": 2, "q": "drones"}).context["cl"].result_list
    assert [c.pk for c in found] == [newest[-1].pk]
    # As on one page (11 queries), and the page's ids first.
    with django_assert_num_queries(12):
        admin_client.get(CHANGELIST, {"p": 2})


def test_an_editor_adds_a_claim_the_extraction_missed(editor_client):
    article = ArticleFactory(raw_text=TEXT)
    start = TEXT.index(QUOTE)
    data = {
        "article": article.pk,
        "text": QUOTE,
        "start": start,
        "end": start + len(QUOTE),
        "kind": "direct",
        "status": "extracted",
        "figures-TOTAL_FORMS": "0",
        "figures-INITIAL_FORMS": "0",
    }
    response = editor_client.post(reverse("admin:archive_claim_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    claim = Claim.objects.get()
    assert (claim.text, claim.edited_by_human) == (QUOTE, True)

    mismatched = {**data, "text": "about 700 dead"}
    response = editor_client.post(reverse("admin:archive_claim_add"), mismatched)
    assert "The text must match the article" in response.content.decode()
    assert Claim.objects.count() == 1


def test_editing_the_figures_makes_them_the_editors(admin_client, claim):
    data = form_data(
        claim,
        **{
            "figures-TOTAL_FORMS": "1",
            "figures-0-category": "killed",
            "figures-0-value": "650",
            "figures-0-bound": "about",
            "figures-0-text": "about 600",
        },
    )
    assert admin_client.post(change_url(claim), data).status_code == 302
    claim.refresh_from_db()
    assert claim.figures_edited


def test_a_claims_figures_follow_its_edited_text_when_no_one_edited_them(admin_client, claim):
    Figure.objects.create(
        claim=claim, category="killed", value=600, approximate=True, bound="about", text="about 600"
    )
    shorter = "the NIS counted"
    start = TEXT.index(shorter)
    data = form_data(
        claim,
        text=shorter,
        start=start,
        end=start + len(shorter),
        **{"figures-TOTAL_FORMS": "1", "figures-INITIAL_FORMS": "1"},
        **{f"figures-0-{k}": v for k, v in _figure_form(claim.figures.get()).items()},
    )
    assert admin_client.post(change_url(claim), data).status_code == 302
    claim.refresh_from_db()
    assert not claim.figures_edited and not claim.figures.exists()


def _figure_form(f: Figure) -> dict:
    return {
        "id": f.pk,
        "claim": f.claim_id,
        "category": f.category,
        "value": f.value,
        "low": "",
        "high": "",
        "approximate": "on" if f.approximate else "",
        "bound": f.bound,
        "label": f.label,
        "unit": f.unit,
        "text": f.text,
        "start": "",
        "end": "",
    }


def with_spans(claim: Claim) -> Claim:
    """The fixture's claim with its source, cue and two content parts, as the pipeline gives them."""
    claim.source_start = TEXT.index("Rep. Lee")
    claim.source_end = claim.source_start + len("Rep. Lee Seong-kweun")
    claim.cue_start = TEXT.index("said")
    claim.cue_end = claim.cue_start + len("said")
    claim.parts = [[claim.start, claim.start + 7], [claim.start + 8, claim.end]]
    claim.speaker_description = "a <i>senior</i> lawmaker"
    claim.save()
    return claim


def test_the_change_form_shows_the_spans_and_speaker_description_read_only(admin_client, claim):
    with_spans(claim)
    response = admin_client.get(change_url(claim))
    content = response.content.decode()
    assert "<p>source: “Rep. Lee Seong-kweun” (19–39)</p><p>cue: “said” (40–44)</p>" in content
    assert "<p>content: “the NIS” (45–52)</p>" in content
    assert "a &lt;i&gt;senior&lt;/i&gt; lawmaker" in content
    form = response.context["adminform"].form
    assert not {"source_start", "cue_end", "parts", "speaker_description"} & set(form.fields)


def test_an_editor_who_moves_the_span_replaces_the_pipelines_content_parts(admin_client, claim):
    with_spans(claim)
    start = TEXT.index("about 600")
    response = admin_client.post(
        change_url(claim), form_data(claim, start=start, text=TEXT[start : claim.end])
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.content_parts == [(start, claim.end)]
    assert TEXT[claim.cue_start : claim.cue_end] == "said"  # the source and cue stay where they are


def test_an_editor_who_keeps_the_span_keeps_the_content_parts(admin_client, claim):
    parts = with_spans(claim).parts
    response = admin_client.post(change_url(claim), form_data(claim, cue="stated"))
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.parts == parts and claim.cue == "stated"


@pytest.mark.parametrize("start", ["the-matches", "many", "keys-past-limit", "no-keys"])
def test_search_finds_the_same_claims_for_a_word_in_few_claims_or_in_many(admin_client, monkeypatch, start):
    """How the search is written, not what it finds, depends on whether the full-text index has
    the words in few claims (the ids read from the claims' keys on PostgreSQL, an OR of INs on
    SQLite), in many (each claim tested along the list's order), or in few but the keys in many
    (tested along the order), or on whether every word is in many titles (no keys to start
    from: every claim tested). Found: words in the text, a speaker's name or spelling, a source,
    the article's title."""
    from archive import search
    from archive.admin import claims

    if start == "many":  # every word "common" in the text: past the count's limit
        monkeypatch.setattr(claims, "matches_at_most", lambda *args, **kwargs: False)
    if start == "keys-past-limit":
        monkeypatch.setattr(search, "keyed_claim_ids", lambda *args, **kwargs: None)
    if start == "no-keys":  # every word in "many" titles: none given as a list of articles
        monkeypatch.setattr(claims, "TITLE_LIST", -1)
    ri = PersonFactory(name="Ri Chang-ho", aliases=["Lee Chang-ho"])
    agency = OrganisationFactory(name="Reconnaissance General Bureau", aliases=["RGB"])
    drones = ClaimFactory(
        article=ArticleFactory(raw_text="Drones were seen over the border."), claim_date=dt.date(2025, 1, 3)
    )
    by_ri = ClaimFactory(
        article=ArticleFactory(raw_text="Shells fell near the border."),
        speakers=[ri],
        claim_date=dt.date(2025, 1, 2),
    )
    sourced = ClaimFactory(
        article=ArticleFactory(raw_text="Drones were counted."),
        source_organisation=agency,
        claim_date=dt.date(2025, 1, 1),
    )
    titled = ClaimFactory(article=ArticleFactory(raw_text="Troops moved.", title="Zeppelin sightings"))
    ClaimFactory(article=ArticleFactory(raw_text="Nothing to report."))

    def pages(q: str) -> list[int]:
        return [c.pk for c in admin_client.get(CHANGELIST, {"q": q}).context["cl"].result_list]

    assert pages("drones") == [drones.pk, sourced.pk]  # newest first
    assert pages("Chang-ho") == [by_ri.pk]
    assert pages("border") == [drones.pk, by_ri.pk]
    assert pages("RGB drones") == [sourced.pk]  # one word in a source's spelling, one in the text
    assert pages("lee shells") == [by_ri.pk]
    assert pages("border shells") == [by_ri.pk]  # the first word's claims, tested for the second
    assert pages("zeppelin") == [titled.pk]
    assert pages("zeppelins drones") == []


@pytest.mark.parametrize("title_list", [0, 1, 1000])
def test_a_word_in_many_titles_finds_the_same_claims_however_its_articles_are_given(
    admin_client, monkeypatch, title_list
):
    """Each word's titles are read once per search, at most twice: the articles with the word
    (in at most TITLE_LIST titles), those without it (missing from at most that many: every
    article but those, or every article), or a subquery. The claims found are the same."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from archive.admin import claims

    monkeypatch.setattr(claims, "TITLE_LIST", title_list)
    north = [
        ClaimFactory(
            article=ArticleFactory(title=f"North Korean troops: report {n}", raw_text=f"Shells fell, {n}."),
            claim_date=dt.date(2025, 1, 3 - n),
        )
        for n in range(3)
    ]
    other = ClaimFactory(
        article=ArticleFactory(title="Zeppelin report", raw_text="Drones flew north of the border."),
        claim_date=dt.date(2024, 1, 1),
    )

    def pages(q: str) -> list[int]:
        with CaptureQueriesContext(connection) as queries:
            found = [c.pk for c in admin_client.get(CHANGELIST, {"q": q}).context["cl"].result_list]
        reads = sum(len(re.findall(r'"TITLE"(?:::TEXT\))? LIKE', query["sql"].upper())) for query in queries)
        if title_list:  # read by _named only, at most twice a word (else in each query, as a subquery)
            assert 1 <= reads <= 2 * len(q.split())
        return found

    assert pages("north") == [c.pk for c in [*north, other]]  # three titles and one text
    assert pages("korean shells") == [c.pk for c in north]
    assert pages("report shells") == [c.pk for c in north]  # "report" in every title
    assert pages("report drones") == [other.pk]
    assert pages("zeppelin border") == [other.pk]
    assert pages("zeppelin shells") == []


@pytest.mark.parametrize("common", [True, False])
def test_the_text_is_probed_claim_by_claim_unless_every_claim_is_tested(admin_client, monkeypatch, common):
    """PostgreSQL: words in many claims (the count and the page stop early) have each claim's
    row of vectors and keys probed (``OFFSET 0``: no hash of every match first); few claims with
    the words and no keys to start from (every word in many titles), and every claim is tested:
    the matches may be hashed once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from archive.admin import claims

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner")
    monkeypatch.setattr(claims, "matches_at_most", lambda *args, **kwargs: not common)
    monkeypatch.setattr(claims, "TITLE_LIST", -1)  # no word's articles as a list: no keys to start from
    found = ClaimFactory(article=ArticleFactory(raw_text="Drones seen near the border."))
    ClaimFactory(article=ArticleFactory(raw_text="Shells fell."))
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(CHANGELIST, {"q": "drones border"})
    assert [c.pk for c in response.context["cl"].result_list] == [found.pk]
    probes = [q["sql"] for q in queries if "archive_claim_search" in q["sql"] and "EXISTS" in q["sql"]]
    assert probes and all(("OFFSET 0" in sql) == common for sql in probes)
    assert any('"keys" &&' in sql for sql in probes) == common  # many: the keys' probe


def test_a_search_reads_the_ids_from_the_keys_only_when_they_are_few():
    """PostgreSQL: the claims with every word in their text or keys, read until one past the limit."""
    from django.db import connection

    from archive import search

    if connection.vendor != "postgresql":
        pytest.skip("the claims' keys are PostgreSQL's")
    lee = PersonFactory(name="Lee Chang-ho")
    claims = [
        ClaimFactory(article=ArticleFactory(raw_text=f"Drones seen, report {n}."), speakers=[lee])
        for n in range(3)
    ]
    ClaimFactory(article=ArticleFactory(raw_text="Drones seen, again."))  # not Lee's
    ClaimFactory(article=ArticleFactory(raw_text="Shells fell."), speakers=[lee])  # no drones
    words = [search.KeyedWord("drones", []), search.KeyedWord("chang", search.claim_keys([lee.pk]))]
    condition = search.keyed_condition(words)
    assert search.keyed_claim_ids(condition, 3) == sorted(c.pk for c in claims)
    assert search.keyed_claim_ids(condition, 2) is None  # past the limit


def test_a_name_in_few_claims_is_found_from_the_keys_and_not_counted_again(admin_client):
    """PostgreSQL: a lawmaker's name, each part in other people's names and in claims' text, is
    read from the claims' keys in one query (every word at once), and its count is that query's."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        pytest.skip("the claims' keys are PostgreSQL's")
    jang = PersonFactory(name="Jang Woo-hwan", aliases=["Woo hwan Jang"])
    others = [PersonFactory(name=n) for n in ("Jang Min-ho", "Kim Woo-sung", "Park Hwan-gi")]
    found = [
        ClaimFactory(article=ArticleFactory(raw_text="Troops were sent."), speakers=[jang]),
        ClaimFactory(article=ArticleFactory(raw_text="Drones were seen."), source_person=jang),
        ClaimFactory(
            article=ArticleFactory(raw_text="Jang said woo and hwan."), speakers=[others[0]]
        ),  # text
        ClaimFactory(article=ArticleFactory(raw_text="Jang said more."), speakers=others[1:]),  # two speakers
        ClaimFactory(
            article=ArticleFactory(raw_text="Hwan said.", title="Jang and Woo"), speakers=others[:1]
        ),
    ]
    for n, person in enumerate(others):
        ClaimFactory(article=ArticleFactory(raw_text=f"Shells fell, {n}."), speakers=[person])
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(CHANGELIST, {"q": "Jang Woo-hwan"})
    assert sorted(c.pk for c in response.context["cl"].result_list) == sorted(c.pk for c in found)
    assert response.context["cl"].result_count == len(found)
    keyed = [q["sql"] for q in queries if '"keys" &&' in q["sql"]]
    assert len(keyed) == 1 and "EXISTS" not in keyed[0]  # the ids, from the indexes
    assert not [q for q in queries if "COUNT(" in q["sql"].upper() and 'archive_claim"' in q["sql"]]


@pytest.mark.parametrize("words", ["drones", "drones border"])
def test_words_in_more_claims_than_the_count_limit_are_not_counted(admin_client, monkeypatch, words):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from archive.listing import AdminCappedPaginator

    monkeypatch.setattr(AdminCappedPaginator, "LIMIT", 2)
    for n in range(4):
        ClaimFactory(
            article=ArticleFactory(raw_text=f"Drones seen near the border, report {n}."),
            status="reviewed" if n else "extracted",
        )
    ClaimFactory(article=ArticleFactory(raw_text="Drones seen at sea."), status="reviewed")

    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(CHANGELIST, {"q": words})
    # Every claim with every word in its text is found, and more than the count goes to have
    # them: the count is the capped one without a count of the search (the full-text index's own
    # count stops at 3).
    assert response.context["cl"].result_count == 3
    assert len(response.context["cl"].result_list) == len(Claim.objects.search(words))
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1 and "LIMIT 3" in counts[0].upper()
    # Narrowed by a filter, the selection is counted.
    filtered = admin_client.get(CHANGELIST, {"q": words, "status__exact": "extracted"})
    assert filtered.context["cl"].result_count == 1
    # Fewer with every word than the limit: found from their ids, and counted.
    assert admin_client.get(CHANGELIST, {"q": "drones sea"}).context["cl"].result_count == 1
