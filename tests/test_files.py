"""What an import reads: regular files only, within the size limit, decoded or refused by name."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest

from archive.files import ImportFailure, collect_files, decode_article, read_article_bytes

ARTICLE = "SEOUL -- Rep. Ko Min-ho said the agency counted 40 incidents.\n"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\t ", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"caf\xe9 au lait, said Rep. Ko", "not valid UTF-8"),
        (b"12345 67890", "no text"),
        ("   ".encode("utf-16"), "empty file"),
        (b"\xff\xfe\x00\x00bin", "not valid UTF-32 text, though it starts with a UTF-32 byte-order mark"),
    ],
)
def test_bad_input_is_refused_with_a_clear_reason(data, reason):
    with pytest.raises(ImportFailure, match=reason):
        decode_article(data)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_text_with_a_byte_order_mark_is_decoded(encoding):
    data = ("\ufeff" if encoding.endswith("-be") else "") + ARTICLE
    assert decode_article(data.encode(encoding)) == ARTICLE


@pytest.mark.parametrize("where", [0, 100, 9000])
def test_a_nul_byte_anywhere_is_refused_with_one_message(where):
    text = ("word " * 2000)[:where] + "\x00" + "word " * 10
    for data in (text.encode(), text.encode("utf-16")):
        with pytest.raises(ImportFailure, match=r"^binary file \(contains NUL bytes\), not article text$"):
            decode_article(data)


def test_an_archive_export_is_refused_with_a_pointer_to_import_archive():
    document = json.dumps({"schema": "archive-export/1", "exported_at": "2025-01-01", "claims": []}, indent=2)
    with pytest.raises(ImportFailure, match="import_archive"):
        decode_article(document.encode())


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("word " * 100)
    with pytest.raises(ImportFailure, match="too large"):
        read_article_bytes(big, max_bytes=100)
    assert read_article_bytes(big, max_bytes=500) == b"word " * 100


def test_reading_stops_past_the_limit_whatever_stat_says():
    # /dev/zero says size 0 and never ends: it is not even opened as an article
    with pytest.raises(ImportFailure, match="character device"):
        read_article_bytes(Path("/dev/zero"), max_bytes=100)


def test_a_hostile_folder_yields_only_its_regular_files_and_names_the_rest(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE)
    (folder / "x.txt").mkdir()
    os.mkfifo(folder / "fifo.txt")
    (tmp_path / "secret.txt").write_text(ARTICLE)
    (folder / "out.txt").symlink_to(tmp_path / "secret.txt")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "inside.txt").symlink_to(folder / "good.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "sock.txt"))
    try:
        found = collect_files([folder, tmp_path / "missing.txt"])
    finally:
        sock.close()
    assert [p.name for p in found.files] == ["good.txt", "inside.txt"]
    refused = {os.path.basename(name): reason for name, reason in found.refused}
    assert refused == {
        "fifo.txt": "not a regular file (a FIFO), not opened",
        "out.txt": "a symbolic link leading outside the folder, not followed",
        "passwd.txt": "a symbolic link leading outside the folder, not followed",
        "loop.txt": refused["loop.txt"],
        "sock.txt": "not a regular file (a socket), not opened",
        "missing.txt": "no such file or directory",
    }
    assert refused["loop.txt"].startswith("cannot read file")
    assert [(os.path.basename(n), r) for n, r in found.skipped] == [
        ("x.txt", "a directory, skipped (folders are not read recursively)")
    ]


def test_a_device_named_on_the_command_line_is_refused_unopened():
    found = collect_files([Path("/dev/zero")])
    assert found.files == []
    assert found.refused == [("/dev/zero", "not a regular file (a character device), not opened")]
