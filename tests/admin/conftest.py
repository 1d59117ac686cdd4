"""Fixtures for the editors' admin."""

from __future__ import annotations

import pytest

from tests.factories import EditorFactory


@pytest.fixture
def editor(db):
    return EditorFactory(username="editor")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def pytest_collection_modifyitems(config, items):
    # WhiteNoise warns once per process when STATIC_ROOT was never collected (tests do not collectstatic).
    for item in items:
        if "tests/admin/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.filterwarnings("ignore:No directory at:UserWarning"))
