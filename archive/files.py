"""Which files an import reads, and how (no Django here).

Only regular files are read. In a folder, a symbolic link is followed only when
it leads to a regular file inside that folder; devices, FIFOs and sockets are
refused by name without being opened; a directory is skipped and named (folders
are not read recursively). A file named on the command line is taken as named,
links included, but it too must be a regular file. Reading stops one byte past
the size limit, whatever ``stat()`` says (``/proc`` files report size 0).
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")

# Byte-order marks and the codec each one announces; UTF-32-LE's begins with UTF-16-LE's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
_EXPORT = re.compile(r'\A\s*\{.{0,2000}?"schema"\s*:\s*"archive-export/', re.DOTALL)


class ImportFailure(Exception):
    """A file that cannot be imported; the message says why, for a human."""


@dataclass
class Selection:
    """What ``collect_files`` found: the files to read, and the paths refused or skipped, with reasons."""

    files: list[Path] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def _kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    kinds = (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISLNK, "a symbolic link"),
    )
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def _inside(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder


def collect_files(paths: list[Path]) -> Selection:
    """The regular files to import under ``paths``, in the order given, a folder's in name order.

    >>> collect_files([Path("/no/such/file.txt")]).refused
    [('/no/such/file.txt', 'no such file or directory')]
    """
    found = Selection()
    for path in paths:
        try:
            mode = path.stat().st_mode  # a link named on the command line is taken as named
        except OSError:
            found.refused.append((str(path), "no such file or directory"))
            continue
        if stat.S_ISDIR(mode):
            _collect_folder(path, found)
        elif stat.S_ISREG(mode):
            found.files.append(path)
        else:
            found.refused.append((str(path), f"not a regular file ({_kind(mode)}), not opened"))
    return found


def _collect_folder(folder: Path, found: Selection) -> None:
    real_folder = os.path.realpath(folder)
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            mode = entry.stat(follow_symlinks=False).st_mode
            if stat.S_ISLNK(mode):
                target = os.path.realpath(path)
                if not _inside(target, real_folder):
                    found.refused.append(
                        (str(path), "a symbolic link leading outside the folder, not followed")
                    )
                    continue
                mode = os.stat(target).st_mode
        except OSError as exc:
            found.refused.append((str(path), f"cannot read file: {exc.strerror or exc}"))
            continue
        if stat.S_ISREG(mode):
            found.files.append(path)
        elif stat.S_ISDIR(mode):
            found.skipped.append((str(path), "a directory, skipped (folders are not read recursively)"))
        else:
            found.refused.append((str(path), f"not a regular file ({_kind(mode)}), not opened"))


def read_article_bytes(path: Path, *, max_bytes: int) -> bytes:
    """Read at most ``max_bytes`` of a regular file, refusing anything longer or anything else.

    The file is opened without blocking (a FIFO put in its place cannot hang the
    import) and checked again once open, so a swap after ``collect_files`` is caught.

    >>> read_article_bytes(Path("missing.txt"), max_bytes=10)
    Traceback (most recent call last):
    ...
    archive.files.ImportFailure: cannot read file: No such file or directory
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
        with open(fd, "rb") as f:
            mode = os.fstat(fd).st_mode
            if not stat.S_ISREG(mode):
                raise ImportFailure(f"not a regular file ({_kind(mode)}), not read")
            data = f.read(max_bytes + 1)
    except OSError as exc:
        raise ImportFailure(f"cannot read file: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise ImportFailure(f"too large: more than {max_bytes:,} bytes (the limit)")
    return data


def decode_article(data: bytes) -> str:
    """Article bytes as text: UTF-8 (with or without a BOM), or UTF-16/32 announced by a BOM.

    Refused: empty files, NUL bytes anywhere (the same message on every database),
    binary or undecodable input, and an ``archive-export`` document.

    >>> decode_article("Rep. Ko said so.".encode("utf-16"))
    'Rep. Ko said so.'
    """
    announced = [
        name for bom, name in _BOMS if data.startswith(bom)
    ]  # FF FE 00 00: UTF-32, or UTF-16 and a NUL
    if not announced:
        if b"\x00" in data:
            raise ImportFailure("binary file (contains NUL bytes), not article text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportFailure(
                f"not valid UTF-8 text (byte {exc.start}: {data[exc.start : exc.start + 1]!r})"
            ) from exc
    else:
        for encoding in announced:
            with contextlib.suppress(UnicodeDecodeError):
                text = data.decode(encoding)
                break
        else:
            name = announced[0]
            raise ImportFailure(f"not valid {name} text, though it starts with a {name} byte-order mark")
    if not text.strip():
        raise ImportFailure("empty file")
    if "\x00" in text:
        raise ImportFailure("binary file (contains NUL bytes), not article text")
    if _EXPORT.match(text):
        raise ImportFailure(
            "an archive export (archive-export JSON), not an article: load it with `python manage.py import_archive`"
        )
    controls = len(_CONTROL_CHARS.findall(text))
    if controls > max(8, len(text) // 100):
        raise ImportFailure("binary file (too many control characters), not article text")
    if not any(ch.isalpha() for ch in text):
        raise ImportFailure("no text in file")
    return text
