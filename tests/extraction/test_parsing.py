"""The parser: the recorded spaCy model, verified before use, loaded once."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from archive.extraction import parsing


@pytest.fixture
def model_copy(tmp_path: Path) -> Path:
    """A copy of the installed model's meta and weight files that a test may tamper with."""
    record = parsing.expected()
    source = parsing.model_directory(record["package"])
    target = tmp_path / "model"
    target.mkdir()
    shutil.copy(source / "meta.json", target / "meta.json")
    for name in record["files"]:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source / name, target / name)
    return target


def test_the_installed_model_is_the_recorded_one() -> None:
    record = parsing.expected()
    parsing.verify(parsing.model_directory(record["package"]), record)


def test_it_loads_the_model_once_per_process() -> None:
    assert parsing.nlp() is parsing.nlp()
    doc = parsing.nlp()("The minister said the bridge was closed.")
    said = next(token for token in doc if token.text == "said")
    assert said.lemma_ == "say"
    assert [t.text for t in said.children if t.dep_ == "nsubj"] == ["minister"]


def test_it_refuses_a_model_whose_weights_differ(model_copy: Path) -> None:
    weights = model_copy / "parser" / "model"
    weights.write_bytes(weights.read_bytes() + b"\0")
    with pytest.raises(parsing.ModelMismatch, match=r"parser/model has SHA-256"):
        parsing.verify(model_copy, parsing.expected())


def test_it_refuses_another_version(model_copy: Path) -> None:
    meta = json.loads((model_copy / "meta.json").read_text())
    meta["version"] = "3.7.1"
    (model_copy / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(parsing.ModelMismatch, match=r"version is '3.7.1', expected '3.8.0'.*make install"):
        parsing.verify(model_copy, parsing.expected())


def test_it_names_a_missing_weight_file(model_copy: Path) -> None:
    (model_copy / "ner" / "model").unlink()
    with pytest.raises(parsing.ModelMismatch, match="ner/model is missing"):
        parsing.verify(model_copy, parsing.expected())


def test_a_missing_model_package_is_a_clear_error() -> None:
    with pytest.raises(parsing.ModelMismatch, match="not installed"):
        parsing.model_directory("no_such_model_package_here")
