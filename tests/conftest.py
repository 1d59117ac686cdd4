"""Shared fixtures. Browser tests drive Debian's Chromium (see docs/BROWSER-TESTS.md)."""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Iterator

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread


class _SerialWSGIServer(WSGIServer):
    """The live server for browser tests, serving one request at a time.

    With in-memory SQLite, Django hands the test's one database connection to the
    live server; its threaded server would use it from a thread per request, and
    two requests at once (the admin's autocomplete fires several while typing) can
    hang on that shared connection. Served in turn, with "Connection: close"
    (Django sends it when the server is not threaded), they never overlap.
    """

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.connections_override = connections_override  # already set on the serving thread


LiveServerThread.server_class = _SerialWSGIServer

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.skip(
            f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package to run browser tests"
        )
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def pytest_collection_modifyitems(config, items):
    # Browser tests share the live server with Playwright's event loop.
    for item in items:
        if "browser" in item.keywords:
            os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True, scope="session")
def each_text_is_extracted_once() -> Iterator[None]:
    """The pipeline is deterministic and its results immutable, so the suite extracts each text once.

    Parsing makes an extraction cost tens of milliseconds, and hundreds of
    tests import the same five seeds. A test that replaces the pipeline
    (monkeypatching ``archive.ingest.extract``) still gets its own.
    """
    import archive.ingest
    from archive.extraction import pipeline

    cached = functools.lru_cache(maxsize=512)(pipeline.extract)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "extract", cached)
        patch.setattr(archive.ingest, "extract", cached)
        yield


@pytest.fixture(autouse=True)
def _fresh_archive_caches() -> Iterator[None]:
    """No test sees what an earlier one counted or drew in this process's caches. (The shared
    state is a database table: rolled back with a test's data, but not flushed after a
    transactional test, whose tests clear it with ``caching.clear()`` where it matters.) Nor
    how long an earlier test's background jobs took (``caching.page_wait``)."""
    from django.core.cache import caches

    from archive import caching

    for name in ("archive", "archive_pages"):
        caches[name].clear()
    caching.forget_pace()
    yield
