"""What a large archive needs (docs/SCALE.md): the table of caches["archive"] (archive/caching.py)
an index serving the claims list's default order, so a page is an index walk, not a sort, and
indexes for full-text search and corroboration.

The index is written per database: PostgreSQL needs ``DESC NULLS LAST`` spelled out, SQLite
refuses the clause in an index (its ``DESC`` already puts NULLs last) yet uses the index for
the ``ORDER BY … DESC NULLS LAST`` Django writes.
"""

from django.core.management import call_command
from django.db import migrations

NEWEST = "claim_newest_order"
# Corroboration (ClaimQuerySet.corroborating): figures of a category and number; claims with the
# same text, by a hash of the upper-cased text (PostgreSQL; SQLite: 0013).
FIGURE_NUMBER = "figure_category_value"
SAME_TEXT = "claim_same_text"
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
    schema_editor.execute(f'CREATE INDEX "{FIGURE_NUMBER}" ON "archive_figure" ("category", "value")')
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'CREATE INDEX "{SAME_TEXT}" ON "archive_claim" (MD5(UPPER("text")))')
        for name, (table, document) in SEARCH_INDEXES.items():
            schema_editor.execute(
                f'CREATE INDEX "{name}" ON "{table}" USING GIN (to_tsvector(\'english\'::regconfig, {document}))'
            )


def backwards(apps, schema_editor):
    for name in (NEWEST, FIGURE_NUMBER, SAME_TEXT):
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
    if schema_editor.connection.vendor == "postgresql":
        for name in SEARCH_INDEXES:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("archive", "0005_import_runs_and_ledger")]

    operations = [migrations.RunPython(forwards, backwards)]
