"""The extraction pipeline is plain Python: it must never import Django."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "archive" / "extraction"


def _imported_modules(source: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_module_in_the_extraction_package_imports_django_in_its_source() -> None:
    offenders = {
        path.name: sorted(
            m for m in _imported_modules(path.read_text(encoding="utf-8")) if m.split(".")[0] == "django"
        )
        for path in PACKAGE.rglob("*.py")
    }
    assert {name: mods for name, mods in offenders.items() if mods} == {}


def test_the_source_scan_would_notice_a_django_import() -> None:
    assert "django.db" in _imported_modules("from django.db import models\n")


def test_importing_every_extraction_module_leaves_django_unloaded() -> None:
    modules = sorted(f"archive.extraction.{p.stem}" for p in PACKAGE.glob("*.py") if p.stem != "__init__")
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PACKAGE.parents[1],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(PACKAGE.parents[1]), "PATH": "/usr/bin:/bin"},
    )
    assert result.stdout.strip() == "[]"
