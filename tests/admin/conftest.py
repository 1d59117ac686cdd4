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
