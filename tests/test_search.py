"""archive/search.py: the claims' full-text index on each database, ranking, snippets, names."""

import pytest
from django.db import connection
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from archive import search
from archive.merging import organisation_merge, person_merge
from archive.models import Article, Claim, NameKey
from archive.search import fts_match, marked, named_in, query_keys, ranked_claims
from tests.factories import AgencyFactory, ArticleFactory, ClaimFactory, PersonFactory

pytestmark = pytest.mark.django_db


def claim(text: str, **kwargs) -> Claim:
    return ClaimFactory(article=ArticleFactory(raw_text=text), **kwargs)


def found(query: str) -> set[int]:
    return set(Claim.objects.search(query).values_list("pk", flat=True))


def test_the_index_follows_inserts_updates_and_deletes():
    c = claim("Officials said drones were sent to Kursk.")
    assert found("drones") == {c.pk}
    # A plain UPDATE (as the importer's re-extraction writes) and an instance save (as the admin).
    Claim.objects.filter(pk=c.pk).update(text="Officials said artillery shells were sent.")
    assert found("drones") == set()
    assert found("artillery shells") == {c.pk}
    c.refresh_from_db()
    c.text = "Officials said missiles were sent."
    c.save()
    assert found("artillery") == set() and found("missiles") == {c.pk}
    c.delete()
    assert found("missiles") == set()


def test_every_word_must_match_and_a_word_finds_its_other_forms():
    c = claim("The agency said 600 soldiers were killed.")
    claim("The agency said troops were sent.")
    assert found("soldiers killed") == {c.pk}
    assert found("soldier kills") == {c.pk}  # stemmed on both databases
    assert found("soldiers Pyongyang") == set()


@pytest.mark.parametrize(
    "query",
    ['"', '"drones', "drones OR", "OR", "NOT drones", "drones*", "-drones", "(drones", "drones)", "a:b",
     "NEAR(drones sent)", "^drones", "drones AND", "{drones}", "\x02drones\x03", "'", "drones'", "*", "+"],
)  # fmt: skip
def test_search_syntax_in_a_query_is_plain_words_and_never_an_error(client, query):
    claim("Officials said drones were sent.")
    for url in (reverse("archive:search"), reverse("archive:claim_list")):
        assert client.get(url, {"q": query}).status_code == 200
    ranked_claims(query, limit=5)
    list(Claim.objects.search(query))


def test_an_fts_query_quotes_every_word():
    assert fts_match(["drones", "or", "near"]) == '"drones" "or" "near"'


def test_the_best_match_comes_first_and_rejected_or_retired_claims_not_at_all():
    once = claim("Lawmakers said the agency had briefed them on drones and on other matters of the day.")
    twice = claim("Drones, drones: the agency said drones.")
    claim("Drones drones drones drones.", status=Claim.Status.REJECTED)
    claim("Drones drones drones drones drones.", retired_at=timezone.now())
    assert [hit.pk for hit in ranked_claims("drones", limit=10)] == [twice.pk, once.pk]
    assert [hit.pk for hit in ranked_claims("drones", limit=1)] == [twice.pk]


def test_a_snippet_marks_the_matches_and_escapes_the_text():
    c = claim("Officials said <script>alert(1)</script> drones & shells were sent.")
    (hit,) = ranked_claims("drone", limit=5)
    assert hit.snippet.replace(search.START, "").replace(search.STOP, "") == c.text
    html = marked(hit.snippet)
    assert "<mark>drones</mark>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "&amp; shells" in html


def test_marked_escapes_first_and_then_marks():
    assert marked("a <b> \x02x&y\x03 \x03z") == "a &lt;b&gt; <mark>x&amp;y</mark> z"


def test_a_query_finds_a_person_by_another_romanisation():
    lee = PersonFactory(name="Lee Sung-kwon", aliases=["Lee Seong-gweon"])
    PersonFactory(name="Lee Sung-min")
    assert named_in("Lee Seong-kweun").people == [lee]
    assert named_in("what did yi sung kwon say about drones?").people == [lee]
    assert named_in("Lee").people == []


def test_a_query_finds_an_organisation_by_name_or_alias():
    nis = AgencyFactory(name="National Intelligence Service", aliases=["NIS"])
    assert named_in("nis briefing").organisations == [nis]
    assert named_in("national intelligence service").organisations == [nis]


def test_the_keys_follow_renames_merges_and_deletes():
    person = PersonFactory(name="Lee Sung-kwon")
    other = PersonFactory(name="Kim Ha-neul", aliases=["Gim Ha-nul"])
    person.name = "Park Sun-won"
    person.save()
    assert named_in("Park Seon-won").people == [person]
    assert named_in("Lee Sung-kwon").people == []
    person_merge(target=person, others=[other])
    assert set(NameKey.objects.values_list("person_id", flat=True)) == {person.pk}
    assert named_in("Kim Ha-nul").people == [person]
    person.delete()
    assert not NameKey.objects.exists()


def test_an_organisation_merge_keeps_the_merged_names_findable():
    nis = AgencyFactory(name="National Intelligence Service")
    spy = AgencyFactory(name="Spy agency")
    organisation_merge(target=nis, others=[spy])
    assert named_in("spy agency").organisations == [nis]


def test_the_keys_can_be_rebuilt_after_bulk_inserts():
    lee = PersonFactory(name="Lee Sung-kwon")
    NameKey.objects.all().delete()
    assert search.name_keys_rebuild() >= 1
    assert named_in("Lee Seong-kweun").people == [lee]


def test_query_keys_cover_every_run_of_words():
    assert search.name_keys(["Lee Sung-kwon"]) <= query_keys("said Lee Seong-kweun, a lawmaker")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table")
def test_a_migration_that_drops_the_triggers_gets_them_back_with_the_index_rebuilt():
    c = claim("Officials said drones were sent.")
    search.drop_sqlite_index(connection)
    Claim.objects.filter(pk=c.pk).update(text="Officials said missiles were sent.")
    assert search.ensure_sqlite_index(connection) is True
    assert found("missiles") == {c.pk} and found("drones") == set()
    assert search.ensure_sqlite_index(connection) is False


def test_only_the_most_recently_recorded_matches_are_ranked_when_many_match(monkeypatch):
    best_but_old = claim("Drones, drones, drones.")
    newer = [claim(f"Officials said drones were sent to front {n} of the war this spring.") for n in range(3)]
    monkeypatch.setattr(search, "RANKED_AMONG", 2)
    assert {hit.pk for hit in ranked_claims("drones", limit=10)} == {newer[1].pk, newer[2].pk}
    monkeypatch.setattr(search, "RANKED_AMONG", 10)
    assert ranked_claims("drones", limit=10)[0].pk == best_but_old.pk


def test_the_articles_index_follows_inserts_updates_and_deletes():
    article = ArticleFactory(raw_text="Officials said drones were sent.", title="Drones in Kursk")
    found_articles = lambda q: set(Article.objects.search(q).values_list("pk", flat=True))  # noqa: E731
    assert found_articles("kursk drones") == {article.pk}
    Article.objects.filter(pk=article.pk).update(
        title="Shells in Kursk", text="Officials said shells were sent."
    )
    assert found_articles("drones") == set()
    assert found_articles("kursk shells") == {article.pk}
    article.delete()
    assert found_articles("kursk") == set()


def test_tested_row_by_row_a_search_finds_the_same_claims_alone_inside_an_or_and_in_a_subquery():
    drones = claim("Officials said drones were sent to Kursk.")
    both = claim("The agency said drones and shells were sent.")
    shells = claim("The agency said shells were sent.")
    for query, expected in [
        ("drones", {drones.pk, both.pk}),
        ("drones shells", {both.pk}),
        ("kursk", {drones.pk}),
    ]:
        assert found(query) == expected
        assert set(Claim.objects.search(query, probe=True).values_list("pk", flat=True)) == expected
    # In an OR, and referring to the claims table of a subquery (aliased there), not the outer one.
    either = Claim.objects.filter(search.probe_text("kursk") | Q(pk=shells.pk))
    assert set(either.values_list("pk", flat=True)) == {drones.pk, shells.pk}
    inner = Claim.objects.search("drones", probe=True).values("pk")
    assert set(Claim.objects.filter(pk__in=inner).exclude(pk=both.pk).values_list("pk", flat=True)) == {
        drones.pk
    }
    assert list(Claim.objects.search("", probe=True)) == []


def test_matches_at_most_counts_claims_with_every_word_up_to_the_limit():
    claim("Officials said drones were sent.")
    claim("Drones and shells, the agency said.")
    claim("The agency said shells were sent.", status=Claim.Status.REJECTED)  # any status counts
    assert search.matches_at_most("drones", 2) and not search.matches_at_most("drones", 1)
    assert search.matches_at_most("shells", 2) and not search.matches_at_most("shells agency", 0)
    assert search.matches_at_most("drones shells", 1) and search.matches_at_most("zeppelins", 0)
    assert search.matches_at_most("", 0)
