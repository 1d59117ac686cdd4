"""The stored affiliations of claims' speakers (archive/affiliations.py), filled from the
claim-speaker links and the memberships (one INSERT … SELECT: seconds at a million claims)."""

import django.db.models.deletion
from django.db import migrations, models


BACKFILL = """
INSERT INTO archive_speakeraffiliation (claim_id, person_id, organisation_id)
SELECT DISTINCT l.claim_id, l.person_id, m.organisation_id
FROM archive_claim_speakers l
JOIN archive_membership m ON m.person_id = l.person_id
JOIN archive_claim c ON c.id = l.claim_id
WHERE (c.claim_date IS NULL
       OR ((m.start IS NULL OR m.start <= c.claim_date) AND (m."end" IS NULL OR m."end" >= c.claim_date)))
"""


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0008_search"),
    ]

    operations = [
        migrations.CreateModel(
            name="SpeakerAffiliation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "claim",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="affiliations",
                        to="archive.claim",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="archive.organisation",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="archive.person"
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["organisation", "claim"], name="speaker_affiliation_org")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("claim", "person", "organisation"), name="speaker_affiliation_unique"
                    )
                ],
            },
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]
