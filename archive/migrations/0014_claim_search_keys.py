"""Each claim's keys beside its stored vector (PostgreSQL): ``p<id>`` for its speakers and source
person, ``o<id>`` for its speaking and source organisations, ``a<id>`` for its article, with a GIN
index and the triggers that keep them in step (archive/search.py, ``_PG_KEYS``). The admin's
claim search ANDs one bitmap per word: the word's text matches OR the keys of the people,
organisations and articles whose names or titles have it (docs/SCALE.md). Filled here from the
links already stored: about 20 s at 1M claims.

And the articles' titles in a narrow index beside their ids (PostgreSQL): the admin's search
learns which articles lack a word found in nearly every title ("north" in "North Korean …"), or
have a word of one or two letters (no trigram for ``article_title_trigram``), by reading every
title; from this index rather than the articles' rows with their texts, 85 -> 37 ms at 110,000
articles. A title is at most 500 characters: within a btree entry's size.
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


TITLES = "article_title_ids"


def titles_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{TITLES}" ON "archive_article" ("id") INCLUDE ("title")'
        )


def no_titles_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{TITLES}"')


class Migration(migrations.Migration):
    dependencies = [("archive", "0013_sqlite_same_text_index")]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.RunPython(titles_index, no_titles_index),
    ]
