"""Fixtures for the extraction tests."""

from __future__ import annotations

import ast
import doctest
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

Documented = ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def _documented(body: Sequence[ast.stmt], prefix: str) -> Iterator[tuple[str, Documented]]:
    """Where doctest.testmod looks: a module's functions and classes, and the methods of classes."""
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield f"{prefix}.{node.name}", node
            if isinstance(node, ast.ClassDef):
                yield from _documented(node.body, f"{prefix}.{node.name}")


def run_source_examples(module: ModuleType) -> doctest.TestResults:
    """The docstring examples of a compiled module's .py source, run against the compiled module."""
    source = Path(module.__file__ or "").with_name(module.__name__.rpartition(".")[2] + ".py")
    tree = ast.parse(source.read_text(encoding="utf-8"))
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner()
    nodes: list[tuple[str, Documented]] = [(module.__name__, tree), *_documented(tree.body, module.__name__)]
    for name, node in nodes:
        docstring = ast.get_docstring(node, clean=False)
        if docstring:
            test = parser.get_doctest(
                docstring, dict(vars(module)), name, str(source), getattr(node, "lineno", 0)
            )
            runner.run(test)
    return runner.summarize(verbose=False)


@pytest.fixture(autouse=True)
def doctest_reads_compiled_modules_from_source(monkeypatch: pytest.MonkeyPatch) -> None:
    """``doctest.testmod(module)`` on an extraction module compiled with mypyc runs its source's examples.

    Compiled modules keep no docstrings, so doctest would find no example in
    them (and the tests asserting ``attempted > 0`` would fail); the examples
    are read from the module's .py source instead and run against the
    compiled module. Any other module goes to doctest.testmod as usual.
    """
    testmod = doctest.testmod

    def testmod_reading_sources(
        m: ModuleType | None = None, *args: Any, **kwargs: Any
    ) -> doctest.TestResults:
        if (
            m is not None
            and m.__name__.startswith("archive.extraction.")
            and not (m.__file__ or "").endswith(".py")
        ):
            return run_source_examples(m)
        return testmod(m, *args, **kwargs)

    monkeypatch.setattr(doctest, "testmod", testmod_reading_sources)
