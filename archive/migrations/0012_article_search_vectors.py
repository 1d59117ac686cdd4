"""The articles' full-text search from stored vectors (PostgreSQL): ``archive_article_search``, each
article's ``to_tsvector('english', title || ' ' || text)`` with a GIN index, kept in step by
triggers as the claims' (0008); the expression index of 0006 is dropped. With that index the
planner walked the newest articles and parsed each one's whole text to test it: 80-120 ms for a
name in one article of eight at 110,000 articles (docs/SCALE.md)."""

from django.db import migrations

INDEX = "article_text_search"


def forwards(apps, schema_editor):
    from archive import search

    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        search.create_postgresql_index(connection, [search.ARTICLE_PG_TABLE])
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


def backwards(apps, schema_editor):
    from archive import search

    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        search.drop_postgresql_index(connection, [search.ARTICLE_PG_TABLE])
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "archive_article" USING GIN '
            "(to_tsvector('english'::regconfig, COALESCE(\"title\", '') || ' ' || COALESCE(\"text\", '')))"
        )


class Migration(migrations.Migration):
    dependencies = [("archive", "0011_article_title_trigram")]

    operations = [migrations.RunPython(forwards, backwards)]
