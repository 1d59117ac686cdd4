"""Full-text search that scales, and people by any spelling (archive/search.py, docs/SCALE.md).

PostgreSQL: a table of the claims' stored ``tsvector``s with a GIN index, kept in step by triggers,
for ranking (filters keep the expression index of 0006, ``claim_text_search``). SQLite: FTS5 tables
over the claims' text and the articles' title and text, kept in step by triggers. Both: ``NameKey``, every person's and organisation's names and spellings
under ``name_key``.
"""

import django.db.models.deletion
from django.db import migrations, models

from archive.extraction.names import name_key

def full_text_index(apps, schema_editor):
    from archive import search

    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        search.create_postgresql_index(connection, [search.PG_TABLE])
    elif connection.vendor == "sqlite":
        search.ensure_sqlite_index(connection)


def no_full_text_index(apps, schema_editor):
    from archive import search

    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        search.drop_postgresql_index(connection, [search.PG_TABLE])
    elif connection.vendor == "sqlite":
        search.drop_sqlite_index(connection)


def name_keys(apps, schema_editor):
    # The historical models have no custom save(): the keys of the rows already there, written here.
    NameKey = apps.get_model("archive", "NameKey")
    rows = []
    for model, field in (("Person", "person_id"), ("Organisation", "organisation_id")):
        for pk, name, aliases in apps.get_model("archive", model).objects.values_list("pk", "name", "aliases"):
            keys = {name_key(n) for n in [name, *(aliases or [])] if n and n.strip()} - {""}
            rows += (NameKey(key=k, **{field: pk}) for k in sorted(keys))
    NameKey.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0007_claim_identity"),
    ]

    operations = [
        migrations.CreateModel(
            name="NameKey",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(db_index=True, max_length=300)),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="name_keys",
                        to="archive.organisation",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="name_keys",
                        to="archive.person",
                    ),
                ),
            ],
        ),
        migrations.RunPython(name_keys, migrations.RunPython.noop),
        migrations.RunPython(full_text_index, no_full_text_index),
    ]
