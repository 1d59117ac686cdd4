"""The extraction pipeline: raw article text in, frozen dataclasses out.

Pure Python: nothing here may import Django (a test guards it).

The modules may also be compiled with mypyc (setup.py; docs/EXTRACTION.md,
"Compiled with mypyc"). The compiled ones are used only if the build's stamp,
``_native.sha256``, still gives the SHA-256 of every compiled module's source
beside it and each has its compiled module for this Python. Otherwise (a
source edited since the build, no stamp, a compiled module missing) or with
``ARCHIVE_PURE_PYTHON=1``, every submodule is loaded from its ``.py`` file:
never a mix, since compiled modules call each other natively. ``NATIVE``
tells which.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Sequence
from types import ModuleType

_HERE = os.path.dirname(os.path.abspath(__file__))


def _compiled_modules() -> frozenset[str]:
    """The submodules to load compiled: all those in the stamp, or none."""
    if os.environ.get("ARCHIVE_PURE_PYTHON", "") not in ("", "0"):
        return frozenset()
    try:
        with open(os.path.join(_HERE, "_native.sha256"), encoding="utf-8") as stamp:
            entries = [line.split("  ", 1) for line in stamp.read().splitlines() if line[:1] not in ("", "#")]
        modules = set()
        for digest, filename in entries:
            module = filename.removesuffix(".py")
            with open(os.path.join(_HERE, filename), "rb") as source:
                if hashlib.sha256(source.read()).hexdigest() != digest:
                    return frozenset()
            for name in (module, "_native__mypyc"):
                if not any(
                    os.path.isfile(os.path.join(_HERE, name + suffix))
                    for suffix in importlib.machinery.EXTENSION_SUFFIXES
                ):
                    return frozenset()
            modules.add(module)
    except (OSError, ValueError):  # no stamp, a source gone, a malformed line
        return frozenset()
    return frozenset(modules)


class _SourceFinder:
    """A meta path finder: ``archive.extraction.<module>`` from ``<module>.py`` unless it is to be compiled."""

    def __init__(self, package: str, directory: str, compiled: frozenset[str]) -> None:
        self.package, self.directory, self.compiled = package, directory, compiled

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        package, _, module = fullname.rpartition(".")
        if package != self.package or module in self.compiled:
            return None
        source = os.path.join(self.directory, module + ".py")
        return importlib.util.spec_from_file_location(fullname, source) if os.path.isfile(source) else None


_COMPILED = _compiled_modules()
NATIVE: bool = bool(_COMPILED)
"""True when the submodules are the mypyc-compiled ones, False when they run from their .py sources."""

sys.meta_path[:] = [f for f in sys.meta_path if getattr(f, "package", None) != __name__]  # on reload
sys.meta_path.insert(0, _SourceFinder(__name__, _HERE, _COMPILED))

if NATIVE:
    # mypyc (2.4) sets each compiled module's __file__ to <folder of the shared library>/<module name as a
    # path><suffix>, as if the library sat at the top of the import path; ours sits in this package. So the
    # library's __file__ is pointed at the top of the import path, which makes the modules' __file__ (and
    # the data files they find from it) come out right; checked on the first module.
    _library = importlib.import_module(__name__ + "._native__mypyc")
    _top = _HERE
    for _ in __name__.split("."):
        _top = os.path.dirname(_top)
    _library.__file__ = os.path.join(_top, os.path.basename(_library.__file__ or ""))
    _first = importlib.import_module(__name__ + ".types")
    if os.path.dirname(_first.__file__ or "") != _HERE:
        raise ImportError(
            f"compiled {_first.__name__} thinks it is {_first.__file__}: rebuild with the mypy that "
            "pyproject.toml's [build-system] names, or set ARCHIVE_PURE_PYTHON=1"
        )
