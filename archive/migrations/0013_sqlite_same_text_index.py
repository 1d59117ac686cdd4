"""SQLite: claims with the same text (corroboration, ``ClaimQuerySet.corroborating``) from an index
on the upper-cased text, as PostgreSQL's on its hash (0006). Without it, each claim page scanned
every claim's text: 140 ms at a million claims. SQLite's ``upper()`` is built in, so any program
can still write the file; PostgreSQL keeps the hash (a text longer than a B-tree row could hold
would not fit in an index of the text itself)."""

from django.db import migrations

SAME_TEXT = "claim_same_text"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{SAME_TEXT}" ON "archive_claim" (UPPER("text"))')


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{SAME_TEXT}"')


class Migration(migrations.Migration):
    dependencies = [("archive", "0012_article_search_vectors")]

    operations = [migrations.RunPython(forwards, backwards)]
