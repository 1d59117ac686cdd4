"""``export_archive``: the archive-export/1 document, validated against its JSON Schema, offsets included."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from django.core.management import call_command

from archive.exporting import CSV_FIELDS, export_document
from archive.models import Claim
from tests.factories import ClaimFactory, FigureFactory, MembershipFactory, PersonFactory, attributed_claim

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "docs" / "archive-export-1.schema.json").read_text())


def export_json(tmp_path) -> dict:
    out = tmp_path / "archive.json"
    call_command("export_archive", "--format", "json", "--output", str(out))
    return json.loads(out.read_text(encoding="utf-8"))


def test_the_seed_export_validates_and_every_claim_offset_holds(tmp_path):
    call_command("import_seeds", str(ROOT / "seeds"))
    document = export_json(tmp_path)
    jsonschema.validate(document, SCHEMA)
    texts = {a["id"]: a["text"] for a in document["articles"]}
    assert len(texts) == 5 and document["claims"]
    for claim in document["claims"]:
        assert texts[claim["article"]][claim["start"] : claim["end"]] == claim["text"]


def test_it_names_speakers_their_party_and_figures():
    person = PersonFactory(name="Han Ji-woo")
    MembershipFactory(person=person, organisation__name="Justice Party")
    claim = ClaimFactory(speakers=[person])
    FigureFactory(claim=claim, value=40, category="incidents", unit="incidents", text="40")

    document = export_document(Claim.objects.all())

    jsonschema.validate(document, SCHEMA)
    [record] = document["claims"]
    assert record["speakers"] == ["Han Ji-woo"]
    assert record["figures"][0] == {
        "category": "incidents",
        "value": 40,
        "low": None,
        "high": None,
        "approximate": False,
        "unit": "incidents",
        "text": "40",
        "bound": "exact",
        "label": "",
    }
    [person_record] = document["people"]
    assert person_record["party"] == "Justice Party"


def test_a_selection_exports_only_what_its_claims_reference():
    kept = ClaimFactory()
    ClaimFactory()
    document = export_document(Claim.objects.filter(pk=kept.pk))
    assert [c["id"] for c in document["claims"]] == [kept.pk]
    assert [a["id"] for a in document["articles"]] == [kept.article_id]


def test_the_csv_has_one_row_per_claim_with_the_same_fields(tmp_path):
    ClaimFactory.create_batch(3)
    out = tmp_path / "claims.csv"
    call_command("export_archive", "--format", "csv", "--output", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 3
    assert list(rows[0]) == CSV_FIELDS
    assert {int(r["id"]) for r in rows} == set(Claim.objects.values_list("pk", flat=True))


def test_the_export_query_count_does_not_grow_with_the_archive(django_assert_max_num_queries):
    for _ in range(3):
        FigureFactory(claim=ClaimFactory(speakers=[PersonFactory()]))
    with django_assert_max_num_queries(20) as small:
        export_document(Claim.objects.all())
    for _ in range(12):
        FigureFactory(claim=ClaimFactory(speakers=[PersonFactory()]))
    with django_assert_max_num_queries(len(small.captured_queries)):
        export_document(Claim.objects.all())


SPLIT_QUOTE = "Rain. “We wait,” an aide to the minister said, “and see.” End."


def split_quote_claim():
    return attributed_claim(
        SPLIT_QUOTE,
        source="an aide to the minister",
        cue="said",
        parts=["“We wait,”", "“and see.”"],
        speaker_description="an aide to the minister",
    )


def test_a_claim_carries_its_source_cue_and_content_part_spans():
    claim = split_quote_claim()
    plain = ClaimFactory()
    document = export_document(Claim.objects.all())
    jsonschema.validate(document, SCHEMA)
    texts = {a["id"]: a["text"] for a in document["articles"]}
    record, plain_record = sorted(document["claims"], key=lambda c: c["id"] != claim.pk)
    text = texts[record["article"]]
    assert text[slice(*record["source_span"])] == "an aide to the minister"
    assert text[slice(*record["cue_span"])] == "said"
    assert [text[slice(*part)] for part in record["parts"]] == ["“We wait,”", "“and see.”"]
    assert record["speaker_description"] == "an aide to the minister"
    # Without spans: null source and cue, the content one part, the whole claim.
    assert (plain_record["source_span"], plain_record["cue_span"]) == (None, None)
    assert plain_record["parts"] == [[plain.start, plain.end]] and plain_record["speaker_description"] == ""


def test_the_schema_refuses_a_span_that_is_not_a_pair():
    split_quote_claim()
    document = export_document(Claim.objects.all())
    document["claims"][0]["cue_span"] = [3]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA)


def test_the_csv_carries_the_spans_beside_the_existing_columns(tmp_path):
    claim = split_quote_claim()
    out = tmp_path / "claims.csv"
    call_command("export_archive", "--format", "csv", "--output", str(out))
    [row] = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert SPLIT_QUOTE[int(row["source_start"]) : int(row["source_end"])] == "an aide to the minister"
    assert SPLIT_QUOTE[int(row["cue_start"]) : int(row["cue_end"])] == "said"
    assert json.loads(row["parts"]) == claim.parts
    assert row["speaker_description"] == "an aide to the minister"
    assert ", ".join(CSV_FIELDS[:19]) == (  # the older columns first, in their order
        "id, article, source_file, outlet, published_on, text, start, end, kind, cue, speakers, "
        "speaker_parties, speaker_organisations, source, briefing, briefing_date, claim_date, status, figures"
    )
