"""Drop the claims' full-text expression index of 0006 (PostgreSQL): since the claims list, the
admin and the search page read the stored vectors of ``archive_claim_search`` (archive/search.py),
nothing reads it, and every insert and text update still paid for it (docs/SCALE.md)."""

from django.db import migrations

INDEX = "claim_text_search"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "archive_claim" '
            "USING GIN (to_tsvector('english'::regconfig, COALESCE(\"text\", '')))"
        )


class Migration(migrations.Migration):
    dependencies = [("archive", "0009_speaker_affiliation")]

    operations = [migrations.RunPython(forwards, backwards)]
