"""``import_archive``: export -> fresh database -> import -> export is byte-identical; merging by natural keys."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jsonschema
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.admin.base import claims_set_status
from archive.extraction.pipeline import extract as real_extract
from archive.history import history_signals_off
from archive.merging import briefing_merge, person_merge
from archive.models import Article, Briefing, Claim, Figure, Organisation, Person
from tests.factories import UserFactory
from tests.test_claims import use_pipeline

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def export(path: Path) -> bytes:
    call_command("export_archive", "--format", "json", "--output", str(path))
    return path.read_bytes()


def wipe() -> None:
    """An empty archive, as on a fresh database (the users go too: the import brings back the editors)."""
    with history_signals_off():  # deleting would otherwise write "-" history records
        for model in apps.get_app_config("archive").get_models():
            model._default_manager.all().delete()
    get_user_model().objects.all().delete()


def edited_archive(monkeypatch) -> dict[int, int]:
    """The seeds, then an editor's day: edits, reviews, a rejection, merges, a re-extraction retiring claims.

    Returns each claim URL's status code before any export.
    """
    call_command("import_seeds", str(SEEDS), "--workers", "0")
    editor, reviewer = UserFactory(username="jieun"), UserFactory(username="minho")
    claims = list(Claim.objects.order_by("pk"))

    edited = claims[0]
    cut = edited.text.index(" ") + 1
    edited.start, edited.text = edited.start + cut, edited.text[cut:]
    edited.edited_by_human = True
    edited._history_user = editor
    edited.save()
    claims_set_status(
        claims=Claim.objects.filter(pk__in=[c.pk for c in claims[1:4]]), status="reviewed", user=reviewer
    )
    claims_set_status(claims=Claim.objects.filter(pk=claims[4].pk), status="rejected", user=editor)
    figure = Figure.objects.filter(claim__in=Claim.objects.public()).order_by("pk").first()
    figure.value += 1
    figure._history_user = editor
    figure.save()
    Claim.objects.filter(pk=figure.claim_id).update(figures_edited=True, edited_by_human=True)

    people = list(Person.objects.order_by("pk")[:3])
    person_merge(target=people[0], others=people[1:2], user=editor)
    briefings = list(Briefing.objects.order_by("pk")[:2])
    if len(briefings) == 2:
        briefing_merge(target=briefings[0], others=briefings[1:], user=editor)
    org = Organisation.objects.order_by("pk").first()
    org.parent = Organisation.objects.order_by("pk").last()
    org.edited_by_human = True
    org.save()

    def changed(raw):
        ex = real_extract(raw)
        kept = [c if i % 3 else None for i, c in enumerate(ex.claims)]
        return dataclasses.replace(ex, claims=tuple(c for c in kept if c is not None))

    use_pipeline(monkeypatch, changed)
    call_command("import_seeds", "--reextract", "--workers", "0")
    assert Claim.objects.retired().exists() and Claim.history.exists()
    return {pk: 0 for pk in Claim.objects.values_list("pk", flat=True)}


def test_export_import_export_is_byte_identical_with_edits_reviews_retirements_and_history(
    tmp_path, monkeypatch, client, capsys
):
    urls = edited_archive(monkeypatch)
    statuses = {pk: client.get(f"/claims/{pk}/").status_code for pk in urls}
    first = export(tmp_path / "first.json")

    wipe()
    call_command("import_archive", str(tmp_path / "first.json"))
    second = export(tmp_path / "second.json")

    assert second == first
    assert {pk: client.get(f"/claims/{pk}/").status_code for pk in urls} == statuses
    assert {200, 410} <= set(statuses.values())
    document = json.loads(first)
    jsonschema.validate(
        document, json.loads((SEEDS.parent / "docs" / "archive-export-1.schema.json").read_text())
    )
    assert {r["user"] for r in document["history"]} >= {"jieun", "minho"}
    assert any(r["fields"]["history_change_reason"] == "Marked reviewed" for r in document["history"])
    assert document["retired_claims"] and document["redirects"]["people"]
    assert not get_user_model().objects.get(username="jieun").is_active  # named, not given a login

    # What the export does not show was restored too: the same pipeline finds nothing to change.
    capsys.readouterr()
    call_command("import_seeds", "--reextract", "--workers", "0")
    summary = capsys.readouterr().out
    assert "claims: 0 created" in summary and "0 updated, 0 retired" in summary, summary
    assert Claim.objects.count() == len(urls)
    assert export(tmp_path / "third.json") == first


def test_restored_rows_get_new_ids_after_the_restored_ones(tmp_path):
    call_command("import_seeds", str(SEEDS / sorted(p.name for p in SEEDS.iterdir())[0]), "--workers", "0")
    export(tmp_path / "one.json")
    top = Claim.objects.order_by("-pk").first().pk
    wipe()
    call_command("import_archive", str(tmp_path / "one.json"))
    call_command("import_seeds", str(SEEDS), "--workers", "0")
    assert Claim.objects.filter(pk__gt=top).exists()
    assert Article.objects.count() == 5


def test_it_refuses_a_database_that_is_not_empty(tmp_path):
    call_command("import_seeds", str(SEEDS), "--workers", "0")
    export(tmp_path / "a.json")
    with pytest.raises(CommandError, match=r"not empty.*--merge"):
        call_command("import_archive", str(tmp_path / "a.json"))


def test_merging_matches_articles_people_organisations_and_briefings_by_their_natural_keys(tmp_path):
    call_command("import_seeds", str(SEEDS), "--workers", "0")
    full = {m.__name__: m.objects.count() for m in (Article, Claim, Person, Organisation, Briefing)}
    export(tmp_path / "all.json")
    wipe()
    files = sorted(SEEDS.iterdir())
    for path in files[:3]:
        call_command("import_seeds", str(path), "--workers", "0")

    call_command("import_archive", str(tmp_path / "all.json"), "--merge")

    assert {m.__name__: m.objects.count() for m in (Article, Claim, Person, Organisation, Briefing)} == full
    call_command("import_archive", str(tmp_path / "all.json"), "--merge")  # again: nothing new
    assert {m.__name__: m.objects.count() for m in (Article, Claim, Person, Organisation, Briefing)} == full


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n", "not a JSON document"),
        (b'{"schema": "something-else"}', 'not an "archive-export/1" document'),
        (b"[1, 2]", 'not an "archive-export/1" document'),
    ],
)
def test_a_file_that_is_not_an_export_is_refused(tmp_path, content, message):
    path = tmp_path / "x.json"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_archive", str(path))


def test_a_claim_not_matching_its_article_is_refused_and_nothing_is_written(tmp_path):
    call_command("import_seeds", str(SEEDS), "--workers", "0")
    document = json.loads(export(tmp_path / "a.json"))
    document["claims"][3]["start"] += 1
    (tmp_path / "bad.json").write_text(json.dumps(document))
    wipe()
    with pytest.raises(CommandError, match=r"claims\[3\]: claim \d+: text does not match"):
        call_command("import_archive", str(tmp_path / "bad.json"))
    assert not Article.objects.exists() and not Person.objects.exists()
