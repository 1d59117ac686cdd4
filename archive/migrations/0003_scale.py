"""What a large archive needs (docs/SCALE.md): the table of caches["archive"] (archive/caching.py)
and an index serving the claims list's default order, so a page is an index walk, not a sort.

The index is written per database: PostgreSQL needs ``DESC NULLS LAST`` spelled out, SQLite
refuses the clause in an index (its ``DESC`` already puts NULLs last) yet uses the index for
the ``ORDER BY … DESC NULLS LAST`` Django writes.
"""

from django.core.management import call_command
from django.db import migrations

NEWEST = "claim_newest_order"


def forwards(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)
    nulls = " NULLS LAST" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f'CREATE INDEX "{NEWEST}" ON "archive_claim" ("claim_date" DESC{nulls}, "article_id", "start", "id")'
    )


def backwards(apps, schema_editor):
    schema_editor.execute(f'DROP INDEX "{NEWEST}"')


class Migration(migrations.Migration):
    dependencies = [("archive", "0002_editor_group")]

    operations = [migrations.RunPython(forwards, backwards)]
