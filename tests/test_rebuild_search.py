"""manage.py rebuild_search: name keys and the full-text index stored anew."""

import pytest
from django.core.management import call_command
from django.db import connection

from archive import search
from archive.models import Article, Claim, NameKey
from tests.factories import ArticleFactory, ClaimFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _lose_the_index() -> None:
    """As bulk loads with the triggers off, or an index from older rules, would leave it."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for fts in (search.FTS_TABLE, search.ARTICLE_FTS_TABLE):
                cursor.execute(f'INSERT INTO "{fts}"("{fts}") VALUES (\'delete-all\')')
        else:
            for vectors in search.PG_INDEXES:
                cursor.execute(f'DELETE FROM "{vectors}"')


def test_it_stores_the_name_keys_and_the_text_index_anew(capsys):
    lee = PersonFactory(name="Lee Sung-kwon")
    claim = ClaimFactory(article=ArticleFactory(raw_text="Officials said drones were sent."))
    NameKey.objects.all().delete()
    _lose_the_index()
    assert search.named_in("Lee Seong-kweun").people == []
    assert search.ranked_claims("drones", limit=5) == []
    assert list(Article.objects.search("drones")) == []
    call_command("rebuild_search")
    assert search.named_in("Lee Seong-kweun").people == [lee]
    assert list(Claim.objects.search("drones")) == [claim]
    assert [hit.pk for hit in search.ranked_claims("drones", limit=5)] == [claim.pk]
    assert list(Article.objects.search("drones")) == [claim.article]
    assert "name keys stored" in capsys.readouterr().out


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's indexes")
def test_the_claims_are_searched_by_their_stored_vectors_alone():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename IN ('archive_claim', %s)", [search.PG_TABLE]
        )
        names = {name for (name,) in cursor.fetchall()}
    assert "claim_text_search" not in names  # the expression index of 0006, dropped by 0010
    assert any(search.PG_TABLE in name for name in names)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's indexes")
def test_the_articles_are_searched_by_their_stored_vectors_alone():
    def query(sql: str, params: list) -> set:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {row[0] for row in cursor.fetchall()}

    names = query(
        "SELECT indexname FROM pg_indexes WHERE tablename IN ('archive_article', %s)",
        [search.ARTICLE_PG_TABLE],
    )
    assert "article_text_search" not in names  # the expression index of 0006, dropped by 0012
    assert f"{search.ARTICLE_PG_TABLE}_vector" in names
    ArticleFactory(raw_text="Officials said drones were sent.", title="Shells")
    assert Article.objects.search("drones shells").count() == 1
    # Made anew (as by the migration), the table's statistics are gathered with it: the planner's
    # guesses without them walked every article for a word in none.
    stats = "SELECT attname FROM pg_stats WHERE tablename = %s"
    assert query(stats, [search.ARTICLE_PG_TABLE]) == set()
    search.create_postgresql_index(connection, [search.ARTICLE_PG_TABLE])
    assert query(stats, [search.ARTICLE_PG_TABLE]) >= {"article_id", "vector"}
    assert Article.objects.search("drones shells").count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's trigram index")
def test_a_word_in_the_articles_titles_is_found_by_the_trigram_index():
    from archive.models import Article

    ArticleFactory(raw_text="Officials said drones were sent.", title="Drones over the border")
    lookup = Article.objects.filter(title__icontains="drones").order_by().values("pk")
    sql, params = lookup.query.sql_with_params()
    with connection.cursor() as cursor:
        # A handful of rows: the planner would scan the table, or walk another index and filter
        # (the titles' narrow index of 0014 too, read whole; dropped here, in the test's transaction).
        cursor.execute("SET enable_seqscan = off; SET enable_indexscan = off")
        cursor.execute("DROP INDEX IF EXISTS article_title_ids")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = " ".join(row for (row,) in cursor.fetchall())
        cursor.execute("RESET enable_seqscan; RESET enable_indexscan")
    assert "article_title_trigram" in plan
    assert lookup.count() == 1
