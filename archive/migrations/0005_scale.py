"""What a large archive needs (docs/SCALE.md): the table of caches["archive"] (archive/caching.py)
and an index serving the claims list's default order, so a page is an index walk, not a sort.

The index is written per database: PostgreSQL needs ``DESC NULLS LAST`` spelled out, SQLite
refuses the clause in an index (its ``DESC`` already puts NULLs last) yet uses the index for
the ``ORDER BY … DESC NULLS LAST`` Django writes.
"""

from django.core.management import call_command
from django.db import migrations

NEWEST = "claim_newest_order"
# PostgreSQL: GIN indexes on exactly the expressions ClaimQuerySet.search and ArticleQuerySet.search
# write (SearchVector(..., config="english")), so full-text search reads an index instead of
# parsing every text. SQLite searches with icontains.
SEARCH_INDEXES = {
    "claim_text_search": ("archive_claim", """COALESCE("text", '')"""),
    "article_text_search": ("archive_article", """COALESCE("title", '') || ' ' || COALESCE("text", '')"""),
}


def forwards(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)
    nulls = " NULLS LAST" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f'CREATE INDEX "{NEWEST}" ON "archive_claim" ("claim_date" DESC{nulls}, "article_id", "start", "id")'
    )
    if schema_editor.connection.vendor == "postgresql":
        for name, (table, document) in SEARCH_INDEXES.items():
            schema_editor.execute(
                f'CREATE INDEX "{name}" ON "{table}" USING GIN (to_tsvector(\'english\'::regconfig, {document}))'
            )


def backwards(apps, schema_editor):
    schema_editor.execute(f'DROP INDEX IF EXISTS "{NEWEST}"')
    if schema_editor.connection.vendor == "postgresql":
        for name in SEARCH_INDEXES:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("archive", "0004_figure_bound_label")]

    operations = [migrations.RunPython(forwards, backwards)]
