"""Each claim's keys beside its stored vector (PostgreSQL): ``p<id>`` for its speakers and source
person, ``o<id>`` for its speaking and source organisations, ``a<id>`` for its article, with a GIN
index and the triggers that keep them in step (archive/search.py, ``_PG_KEYS``). The admin's
claim search ANDs one bitmap per word: the word's text matches OR the keys of the people,
organisations and articles whose names or titles have it (docs/SCALE.md). Filled here from the
links already stored: about 20 s at 1M claims.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from archive import search

    if schema_editor.connection.vendor == "postgresql":
        search.create_claim_keys(schema_editor.connection)


def backwards(apps, schema_editor):
    from archive import search

    if schema_editor.connection.vendor == "postgresql":
        search.drop_claim_keys(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("archive", "0013_sqlite_same_text_index")]

    operations = [migrations.RunPython(forwards, backwards)]
