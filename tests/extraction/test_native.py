"""The mypyc-compiled pipeline: same output as the Python sources, and never used once a source changed.

Each check runs in a subprocess, since a process loads the package one way
or the other once. Compiled modules exist after ``pip install -e .`` (``make
install``/``make test``); without them (``ARCHIVE_NATIVE=0``) these tests are
skipped with the reason.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "archive" / "extraction"
EXT_SUFFIX = sysconfig.get_config_var("EXT_SUFFIX")
STAMP = "_native.sha256"
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")
COMPILED = [m for m in MODULES if m != "evaluate"]  # as setup.py chooses them
TEXTS = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests/extraction/articles").glob("*.txt"))

# Prints whether the package runs compiled, where each submodule came from, and
# (for the paths given as arguments) repr(extract(text)), one JSON line each.
PROBE = """
import importlib, json, sys
import archive.extraction as package
files = {name: importlib.import_module("archive.extraction." + name).__file__ for name in %(modules)r}
from archive.extraction.pipeline import extract
print(json.dumps({"native": package.NATIVE, "package": package.__file__, "files": files}))
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as fh:
        print(json.dumps({"path": path, "repr": repr(extract(fh.read()))}))
"""


def probe(root: Path, *texts: Path, pure: bool = False) -> tuple[dict[str, object], list[dict[str, str]]]:
    env = {k: v for k, v in os.environ.items() if k not in ("ARCHIVE_PURE_PYTHON", "PYTHONPATH")}
    env.update(PYTHONPATH=str(root), PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1")
    if pure:
        env["ARCHIVE_PURE_PYTHON"] = "1"
    result = subprocess.run(
        [sys.executable, "-c", PROBE % {"modules": MODULES}, *map(str, texts)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    first, *rest = (json.loads(line) for line in result.stdout.splitlines())
    return first, rest


def compiled_files(directory: Path) -> list[Path]:
    return sorted(directory.glob(f"*{EXT_SUFFIX}"))


@pytest.fixture(scope="module")
def compiled() -> dict[str, object]:
    """The package as this tree loads it by default, which must be compiled for these tests to mean anything."""
    if not compiled_files(PACKAGE) or not (PACKAGE / STAMP).is_file():
        pytest.skip(
            f"no compiled modules in {PACKAGE} (installed with ARCHIVE_NATIVE=0?): nothing to compare"
        )
    entries = [line.split("  ", 1) for line in (PACKAGE / STAMP).read_text(encoding="utf-8").splitlines()]
    if any(
        hashlib.sha256((PACKAGE / name).read_bytes()).hexdigest() != digest
        for digest, name in (e for e in entries if e[0][:1] != "#")
    ):
        pytest.skip(
            f"the compiled modules in {PACKAGE} were built from other sources (edited since?): "
            "rebuild with `make install` or `pip install -e .`"
        )
    info, _ = probe(ROOT)
    assert info["native"] is True, "the stamp matches every source, yet the package runs from source"
    return info


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """This tree's archive/extraction, compiled modules and stamp included, in a package of its own."""
    (tmp_path / "archive").mkdir()
    shutil.copy2(ROOT / "archive" / "__init__.py", tmp_path / "archive" / "__init__.py")
    shutil.copytree(
        PACKAGE, tmp_path / "archive" / "extraction", ignore=shutil.ignore_patterns("__pycache__")
    )
    return tmp_path


def stamped_modules(directory: Path) -> list[str]:
    lines = (directory / STAMP).read_text(encoding="utf-8").splitlines()
    return sorted(line.split("  ", 1)[1].removesuffix(".py") for line in lines if line and line[0] != "#")


def assert_runs_from_sources(info: dict[str, object], root: Path) -> None:
    assert info["native"] is False
    files = info["files"]
    assert isinstance(files, dict)
    assert files == {name: str(root / "archive" / "extraction" / f"{name}.py") for name in MODULES}


def test_compiled_and_pure_python_extract_the_same_from_every_article(compiled: dict[str, object]) -> None:
    files = compiled["files"]
    assert isinstance(files, dict)
    assert files["pipeline"] == str(PACKAGE / f"pipeline{EXT_SUFFIX}")
    assert len(TEXTS) >= 10
    native, native_out = probe(ROOT, *TEXTS)
    pure, pure_out = probe(ROOT, *TEXTS, pure=True)
    assert native["native"] is True
    assert_runs_from_sources(pure, ROOT)
    assert [o["path"] for o in native_out] == [o["path"] for o in pure_out] == [str(p) for p in TEXTS]
    for a, b in zip(native_out, pure_out, strict=True):
        assert a["repr"] == b["repr"], f"compiled and pure Python differ on {a['path']}"


def test_every_stamped_module_and_only_those_load_compiled(compiled: dict[str, object]) -> None:
    stamped = stamped_modules(PACKAGE)
    assert stamped == sorted(COMPILED)
    files = compiled["files"]
    assert isinstance(files, dict)
    for name in MODULES:
        expected = f"{name}{EXT_SUFFIX}" if name in stamped else f"{name}.py"
        assert files[name] == str(PACKAGE / expected)


def test_an_intact_copy_runs_compiled_from_where_it_lies(compiled: dict[str, object], copy: Path) -> None:
    info, out = probe(copy, TEXTS[0])
    assert info["native"] is True
    assert info["package"] == str(copy / "archive" / "extraction" / "__init__.py")
    files = info["files"]
    assert isinstance(files, dict)
    assert files["pipeline"] == str(copy / "archive" / "extraction" / f"pipeline{EXT_SUFFIX}")
    assert "claims=(Claim(" in out[0]["repr"]


def test_touching_a_source_without_changing_it_keeps_the_compiled_modules(
    compiled: dict[str, object], copy: Path
) -> None:
    source = copy / "archive" / "extraction" / "figures.py"
    os.utime(source, (source.stat().st_atime + 3600, source.stat().st_mtime + 3600))
    info, _ = probe(copy)
    assert info["native"] is True


@pytest.mark.parametrize("module", ["figures", "types", "pipeline"])
def test_editing_any_compiled_source_makes_every_module_load_from_source(
    compiled: dict[str, object], copy: Path, module: str
) -> None:
    source = copy / "archive" / "extraction" / f"{module}.py"
    source.write_text(source.read_text(encoding="utf-8") + "\n# edited after the build\n", encoding="utf-8")
    info, out = probe(copy, TEXTS[0])
    assert_runs_from_sources(info, copy)
    assert "claims=(Claim(" in out[0]["repr"]


def test_a_missing_compiled_module_makes_every_module_load_from_source(
    compiled: dict[str, object], copy: Path
) -> None:
    (copy / "archive" / "extraction" / f"briefings{EXT_SUFFIX}").unlink()
    info, _ = probe(copy)
    assert_runs_from_sources(info, copy)


@pytest.mark.parametrize("stamp", [None, "", "not a stamp\n"])
def test_no_stamp_or_a_malformed_one_means_source(
    compiled: dict[str, object], copy: Path, stamp: str | None
) -> None:
    path = copy / "archive" / "extraction" / STAMP
    if stamp is None:
        path.unlink()
    else:
        path.write_text(stamp, encoding="utf-8")
    info, _ = probe(copy)
    assert_runs_from_sources(info, copy)


def test_archive_pure_python_forces_the_sources(compiled: dict[str, object], copy: Path) -> None:
    info, _ = probe(copy, pure=True)
    assert_runs_from_sources(info, copy)
