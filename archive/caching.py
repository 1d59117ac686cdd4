"""Cached aggregates (facet counts, capped totals, chart series), dropped whenever the archive changes.

Values live in ``caches["archive"]`` (each process's memory by default, Redis when
``REDIS_URL`` is set), under keys that include the archive's *generation*: a token kept in
``caches["archive_state"]`` (a table in the database by default, so every web worker and the
import command share it; Redis with ``REDIS_URL``). A page reads the generation once (one
query) and finds its aggregates under it; any change makes a new generation, so every process
stops using what it cached from the old data at once.

A new generation is made by any save or delete of an archive model (an editor's edit, a
merge; signals connected in ``archive.apps``) and by the importer once per stored article
(``batched``: its many saves and bulk inserts count as one change).
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.cache import caches
from django.db import transaction

TIMEOUT = 24 * 3600
GENERATION = "generation"
_local = threading.local()


def cache():
    return caches["archive"]


def generation() -> str:
    """The archive's current generation (one cache read: one query with the database cache)."""
    state = caches["archive_state"]
    token = state.get(GENERATION)
    if token is None:
        token = uuid.uuid4().hex
        state.set(GENERATION, token, None)
    return token


def key(*parts: object) -> str:
    """A short cache key for ``parts`` (include the generation: ``key(generation(), ...)``)."""
    return "a:" + hashlib.sha256(repr(parts).encode()).hexdigest()[:40]


def cached(name: str, compute: Callable[[], Any], timeout: int = TIMEOUT) -> Any:
    value = cache().get(name)
    if value is None:
        value = compute()
        cache().set(name, value, timeout)
    return value


def _new_generation() -> None:
    caches["archive_state"].set(GENERATION, uuid.uuid4().hex, None)


def forget() -> None:
    """Start a new generation now and again when the current transaction commits.

    Now, so later reads in the same transaction see the change; on commit, so nothing another
    process cached from the old data in the meantime survives.
    """
    _new_generation()
    transaction.on_commit(_new_generation)


@contextmanager
def batched() -> Iterator[None]:
    """Model signals in the block do not each start a generation: one ``forget()`` at the end."""
    previous = getattr(_local, "batched", False)
    _local.batched = True
    try:
        yield
    finally:
        _local.batched = previous
    forget()


def _changed(sender: type, **kwargs: object) -> None:
    if getattr(_local, "batched", False):
        return
    if sender._meta.app_label == "archive" and not sender.__name__.startswith("Historical"):
        forget()


def connect() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    post_save.connect(_changed, dispatch_uid="archive-cache-save")
    post_delete.connect(_changed, dispatch_uid="archive-cache-delete")
    m2m_changed.connect(_changed, dispatch_uid="archive-cache-m2m")
