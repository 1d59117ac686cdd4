"""``import_seeds`` end to end, on the real seeds and the real pipeline."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.models import Article, Briefing, Claim, Figure, ImportRun, Organisation, Person

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (Article, Briefing, Claim, Figure, Organisation, Person)
    }


def test_it_imports_every_seed_and_a_second_run_changes_nothing(capsys):
    call_command("import_seeds", str(SEEDS))
    first = snapshot()
    assert len(first["Article"]) == 5
    assert "5 created, 0 unchanged" in capsys.readouterr().out

    call_command("import_seeds", str(SEEDS))
    assert "0 created, 5 unchanged, 0 updated, 0 failed" in capsys.readouterr().out
    assert snapshot() == first
    run = ImportRun.objects.first()
    assert (run.created, run.unchanged, run.failed) == (0, 5, 0)


def test_every_stored_claim_slices_exactly_from_its_article(capsys):
    call_command("import_seeds", str(SEEDS))
    claims = Claim.objects.select_related("article")
    assert claims.exists()
    for claim in claims:
        assert claim.article.text[claim.start : claim.end] == claim.text


def test_raw_text_is_kept_verbatim():
    call_command("import_seeds", str(SEEDS))
    for article in Article.objects.all():
        assert article.raw_text == (SEEDS / article.source_file).read_bytes().decode("utf-8")


def test_a_broken_file_is_named_while_the_good_one_imports(tmp_path, capsys):
    shutil.copy(SEEDS / "000_dde1d2f64059d183.txt", tmp_path / "good.txt")
    (tmp_path / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary\x00junk")
    (tmp_path / "empty.txt").write_bytes(b"")

    with pytest.raises(CommandError) as excinfo:
        call_command("import_seeds", str(tmp_path))

    assert excinfo.value.returncode == 1
    err = capsys.readouterr().err
    assert "broken.txt" in err and "binary" in err
    assert "empty.txt" in err and "empty file" in err
    assert list(Article.objects.values_list("source_file", flat=True)) == ["good.txt"]
    run = ImportRun.objects.get()
    assert run.created == 1 and run.failed == 2
    assert {f["reason"] for f in run.failures} >= {"empty file"}


def test_a_missing_path_is_reported(tmp_path, capsys):
    with pytest.raises(CommandError):
        call_command("import_seeds", str(tmp_path / "nope.txt"))
    assert "nope.txt: no such file or directory" in capsys.readouterr().err


def test_reextract_keeps_reviewed_claims_and_reports_the_rest(capsys):
    call_command("import_seeds", str(SEEDS))
    reviewed = Claim.objects.order_by("pk").first()
    reviewed.status = Claim.Status.REVIEWED
    reviewed.save()
    edited = Claim.objects.order_by("pk").last()
    edited.cue = "editor's cue"
    edited.edited_by_human = True
    edited.save()

    call_command("import_seeds", "--reextract")

    assert "0 created, 5 unchanged, 0 updated, 0 failed" in capsys.readouterr().out
    assert Claim.objects.get(pk=reviewed.pk).status == Claim.Status.REVIEWED
    assert Claim.objects.get(pk=edited.pk).cue == "editor's cue"


def test_reextract_respects_an_editors_merge_of_two_people(capsys):
    from archive.merging import person_merge

    call_command("import_seeds", str(SEEDS))
    target = Person.objects.get(name="Kim Jong-un")
    other = Person.objects.get(name="Choe Ryong-hae")
    person_merge(target=target, others=[other])
    people_before = Person.objects.count()

    call_command("import_seeds", "--reextract")

    assert Person.objects.count() == people_before
    assert not Person.objects.filter(name="Choe Ryong-hae").exists()
    assert "Choe Ryong-hae" in Person.objects.get(pk=target.pk).aliases


def test_a_new_article_with_a_new_spelling_joins_the_existing_person(tmp_path):
    call_command("import_seeds", str(SEEDS))
    people_before = Person.objects.count()
    (tmp_path / "wire.txt").write_text(
        "SEOUL -- Rep. Lee Sung-kwon of the People Power Party told reporters on Tuesday that "
        "the National Intelligence Service estimated about 1,000 North Korean soldiers had been wounded.\n"
    )
    call_command("import_seeds", str(tmp_path))
    lee = Person.objects.get(name="Lee Seong-kweun")
    assert "Lee Sung-kwon" in lee.aliases
    assert Person.objects.count() == people_before
    assert Claim.objects.filter(article__source_file="wire.txt", speakers=lee).exists()


def test_a_hostile_folder_is_refused_file_by_file_and_the_good_files_import(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    seed = (SEEDS / "000_dde1d2f64059d183.txt").read_bytes()
    (folder / "good.txt").write_bytes(seed)
    (folder / "utf16.txt").write_bytes(seed.decode().encode("utf-16"))
    (folder / "late-nul.txt").write_bytes(seed + b"\n" * 9000 + b"A line with a \x00 in it.\n")
    (folder / "export.json").write_text('{\n  "schema": "archive-export/1",\n  "claims": []\n}\n')
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "status.txt").symlink_to("/proc/self/status")
    (folder / "x.txt").mkdir()
    os.mkfifo(folder / "fifo.txt")

    with pytest.raises(CommandError) as excinfo:
        call_command("import_seeds", str(folder), "/dev/zero", "--workers=0")

    assert excinfo.value.returncode == 1
    captured = capsys.readouterr()
    assert "2 created, 0 unchanged, 0 updated, 6 failed, 1 skipped" in captured.out
    reasons = {
        os.path.basename(line.split(": ")[1]): line.split(": ", 2)[2] for line in captured.err.splitlines()
    }
    assert reasons == {
        "late-nul.txt": "binary file (contains NUL bytes), not article text",
        "export.json": reasons["export.json"],
        "passwd.txt": "a symbolic link leading outside the folder, not followed",
        "status.txt": "a symbolic link leading outside the folder, not followed",
        "fifo.txt": "not a regular file (a FIFO), not opened",
        "zero": "not a regular file (a character device), not opened",
        "x.txt": "a directory, skipped (folders are not read recursively)",
    }
    assert "import_archive" in reasons["export.json"]
    assert sorted(Article.objects.values_list("source_file", flat=True)) == ["good.txt", "utf16.txt"]
    run = ImportRun.objects.get()
    assert run.failed == 6 and run.created == 2 and run.finished_at is not None
    assert {os.path.basename(f["file"]) for f in run.failures} == set(reasons) - {"x.txt"}
    assert [os.path.basename(f["file"]) for f in run.skipped] == ["x.txt"]
