"""Compiles the extraction pipeline with mypyc; everything else about the package is in pyproject.toml.

The modules in COMPILED (all but two) become one shared library inside the package
(``archive/extraction/_native__mypyc.<abi>.so``) plus one small extension
module each. Beside them the build writes ``_native.sha256``, the SHA-256 of
each source exactly as compiled (``sha256sum`` format).
``archive/extraction/__init__.py`` uses the compiled modules only while every
source still matches that stamp; otherwise the whole package runs from its
``.py`` files. See docs/EXTRACTION.md, "Compiled with mypyc".

- ``pip install .`` compiles into the wheel.
- ``pip install -e .`` (``make install``) compiles in place, next to the
  sources, and skips the compiler when the compiled modules there were already
  built from these very sources by this build (the same stamp).
- ``ARCHIVE_NATIVE=0`` at install time compiles nothing (no compiler needed);
  an editable install then also removes compiled modules left in the tree.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import sysconfig
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.editable_wheel import editable_wheel

PACKAGE = Path("archive", "extraction")
# Every module of the package but __init__ (it decides whether the compiled modules are used, so
# it stays Python) and evaluate (scoring against the gold annotation, off the hot path).
NOT_COMPILED = ("__init__", "evaluate")
COMPILED = tuple(sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem not in NOT_COMPILED))
GROUP = "archive.extraction._native"  # the shared library: archive/extraction/_native__mypyc.<abi>.so
STAMP = "_native.sha256"
NATIVE = os.environ.get("ARCHIVE_NATIVE", "1") != "0"
EXT_SUFFIX = sysconfig.get_config_var("EXT_SUFFIX")


def stamp_text() -> str:
    """The stamp for the sources as they are now: a build line, then one line per compiled source.

    The build line (the package ignores it) names what made the compiled
    modules, so that an in-place build by another setup.py, mypy or Python
    is redone rather than skipped.
    """
    build = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    lines = [f"# mypyc {importlib.metadata.version('mypy')}, {EXT_SUFFIX}, setup.py {build}\n"]
    for module in COMPILED:
        digest = hashlib.sha256((PACKAGE / f"{module}.py").read_bytes()).hexdigest()
        lines.append(f"{digest}  {module}.py\n")
    return "".join(lines)


def in_tree_artifacts() -> list[Path]:
    """What an in-place compiled build leaves in the package: the stamp and the extension modules."""
    return [PACKAGE / STAMP, *PACKAGE.glob("*.so"), *PACKAGE.glob("*.pyd")]


def up_to_date_in_tree(stamp: str) -> bool:
    """The compiled modules in the package were made by this build from these very sources."""
    path = PACKAGE / STAMP
    return (
        path.is_file()
        and path.read_text(encoding="utf-8") == stamp
        and all((PACKAGE / f"{name}{EXT_SUFFIX}").is_file() for name in ("_native__mypyc", *COMPILED))
    )


class BuildExt(build_ext):
    """Runs mypyc only when the extensions are really built; stamps them once they are all in place.

    setup() is handed stand-ins with the names mypycify gives (setuptools
    needs them early, and pip's metadata steps finalise this command too, so
    mypy would run three times per install); mypycify's recipe is copied into
    them here.
    """

    def run(self) -> None:
        if not NATIVE:
            super().run()
            return
        stamp = stamp_text()
        if self.inplace and up_to_date_in_tree(stamp):
            print(f"{PACKAGE}: the compiled modules in place match the sources ({STAMP}); not rebuilt")
            return
        from mypyc.build import mypycify

        built = mypycify([str(PACKAGE / f"{m}.py") for m in COMPILED], opt_level="3", group_name=GROUP)
        recipes = {ext.name: ext for ext in built}
        if set(recipes) != {ext.name for ext in self.extensions}:
            raise RuntimeError(f"mypycify made {sorted(recipes)}, setup.py expected {NAMES}")
        for ext in self.extensions:
            ext.__dict__.update((k, v) for k, v in vars(recipes[ext.name]).items() if not k.startswith("_"))

        targets = [Path(self.build_lib, PACKAGE, STAMP)]
        if self.inplace:
            targets.append(PACKAGE / STAMP)
            # New files rather than overwritten ones: a running process may have the old ones mapped.
            for path in in_tree_artifacts():
                path.unlink(missing_ok=True)
        for target in targets:
            target.unlink(missing_ok=True)
        super().run()
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(stamp, encoding="utf-8")


class EditableWheel(editable_wheel):
    """A pure-Python editable install (ARCHIVE_NATIVE=0) leaves no compiled module in the tree."""

    def run(self) -> None:
        if not NATIVE:
            for path in in_tree_artifacts():
                path.unlink(missing_ok=True)
        super().run()


# The shared library, then one small module per compiled source, as mypycify names them.
NAMES = [f"{GROUP}__mypyc", *(f"archive.extraction.{m}" for m in COMPILED)] if NATIVE else []

setup(
    ext_modules=[Extension(name, sources=[]) for name in NAMES],
    cmdclass={"build_ext": BuildExt, "editable_wheel": EditableWheel},
)
