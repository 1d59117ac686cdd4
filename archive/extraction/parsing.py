"""The dependency parser: spaCy's English model, verified, loaded once per process.

The model comes as a registry package pinned in ``pyproject.toml`` and
``requirements/model.txt``; nothing is downloaded at run time. Before the first
parse the installed model is checked against ``data/model.json`` (name, version,
spaCy's git version, the SHA-256 of its weight files): a model that differs is
refused with :class:`ModelMismatch`, whose message says what differs and how to
reinstall, since a different model gives different claims.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

_RECORD = Path(__file__).with_name("data") / "model.json"

INSTALL_HINT = (
    "reinstall it with `make install` (pip install --no-deps --require-hashes -r requirements/model.txt)"
)


class ModelMismatch(RuntimeError):
    """The installed spaCy model is missing or is not the one recorded in data/model.json."""


def expected() -> dict[str, Any]:
    """The recorded model: package, name, version, spaCy git version and weight-file digests."""
    with _RECORD.open(encoding="utf-8") as f:
        record: dict[str, Any] = json.load(f)
    return record


def model_directory(package: str) -> Path:
    """The folder holding the model's config and weights inside its installed package."""
    try:
        module = importlib.import_module(package)
    except ImportError as error:
        raise ModelMismatch(
            f"the spaCy model package {package!r} is not installed: {INSTALL_HINT}"
        ) from error
    root = Path(module.__file__ or "").parent
    folders = [p.parent for p in root.glob("*/config.cfg")]
    if len(folders) != 1:
        raise ModelMismatch(f"no single model folder with a config.cfg in {root}: {INSTALL_HINT}")
    return folders[0]


def verify(directory: Path, record: dict[str, Any]) -> None:
    """Raise ModelMismatch unless the model in ``directory`` is the recorded one."""
    try:
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ModelMismatch(f"cannot read the model's meta.json in {directory}: {error}") from error
    problems = [
        f"{key} is {meta.get(key)!r}, expected {record[key]!r}"
        for key in ("lang", "name", "version", "spacy_git_version")
        if meta.get(key) != record[key]
    ]
    for name, digest in record["files"].items():
        path = directory / name
        try:
            actual = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            problems.append(f"{name} is missing")
            continue
        if actual != digest:
            problems.append(f"{name} has SHA-256 {actual[:12]}…, expected {digest[:12]}…")
    if problems:
        raise ModelMismatch(
            f"the spaCy model in {directory} is not the recorded one ({'; '.join(problems)}): {INSTALL_HINT}"
        )


@cache
def nlp() -> Language:
    """The verified English pipeline, loaded on first use and kept for the life of the process."""
    import spacy

    record = expected()
    directory = model_directory(record["package"])
    verify(directory, record)
    return spacy.load(directory)


# A paragraph longer than this is parsed in pieces cut at white space, so that no single parse
# grows without bound (spaCy refuses texts over nlp.max_length and its memory grows with length).
_PIECE = 5000


def pieces(text: str) -> list[str]:
    """The text cut into paragraphs (each keeps its line break), long ones at white space.

    Joined, the pieces give the text back exactly, so offsets carry over:

    >>> pieces("One line.\\nAnother line.\\n")
    ['One line.\\n', 'Another line.\\n']
    >>> "".join(pieces("a b " * 3000)) == "a b " * 3000
    True
    """
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        while len(line) > _PIECE:
            cut = max(line.rfind(" ", 0, _PIECE), line.rfind("\t", 0, _PIECE))
            cut = _PIECE if cut <= 0 else cut + 1
            out.append(line[:cut])
            line = line[cut:]
        if line:
            out.append(line)
    return out


def parse(text: str, names: Sequence[tuple[int, int]] = ()) -> Doc:
    """The parsed text: one Doc whose character offsets are the text's own.

    Each paragraph is parsed on its own (a sentence never crosses a line
    break, and the parser's cost stays linear in the text's length), in
    batches, and the pieces are joined back into one Doc. ``names`` are the
    spans of names the project's finders located ("Rep. Moon Ga-eun"): each
    becomes one token before tagging and parsing, so that a hyphenated
    romanised name does not read as three words to a model trained on
    English.
    """
    from spacy.tokens import Doc

    model = nlp()
    ordered = sorted(set(names))
    docs = []
    offset = 0
    for piece in pieces(text):
        doc = model.make_doc(piece)
        end = offset + len(piece)
        with doc.retokenize() as retokenizer:
            last = -1
            for start, stop in ordered:
                if start < offset or stop > end or start < last:
                    continue
                span = doc.char_span(start - offset, stop - offset)
                if span is not None and len(span) > 1:
                    retokenizer.merge(span)
                    last = stop
        docs.append(doc)
        offset = end
    parsed = list(model.pipe(docs, batch_size=64))
    if not parsed:
        return model.make_doc(text)
    joined = Doc.from_docs(parsed, ensure_whitespace=False)
    assert joined.text == text
    return joined
