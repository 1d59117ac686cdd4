"""An index for "the word anywhere in an article's title" (PostgreSQL): the admin's claim search
looks each word up in the titles (``title__icontains``: ``UPPER(title) LIKE '%WORD%'``), a scan of
every article with its texts (115 ms at 110,000 articles, twice per search). A trigram GIN index
on the same expression answers it from the index (docs/SCALE.md).

``pg_trgm`` ships with PostgreSQL (contrib) and is a trusted extension: the database's owner may
create it. Where it cannot be created, the search works as before, by a scan.
"""

import logging

from django.db import DatabaseError, migrations, transaction

INDEX = "article_title_trigram"
logger = logging.getLogger(__name__)


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as error:
        logger.warning("pg_trgm unavailable (%s): article titles are searched by a scan", error)
        return
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "archive_article" USING GIN (UPPER("title"::text) gin_trgm_ops)'
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [("archive", "0010_drop_claim_text_expression_index")]

    operations = [migrations.RunPython(forwards, backwards)]
