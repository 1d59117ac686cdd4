"""History of what the importer wrote, recorded when a human first edits it.

django-simple-history records every save made by people (admin, merges,
review actions) with who, when and the old and new values. Imports run with
its per-save signals off (``history_signals_off``): recording thousands of
importer rows nobody has touched would cost a third of the import time and
double the tables. Instead, just before a row's first human save, its state
*as imported* is written as the first history entry (a "+" record, with its
many-to-many values), so the editor's change is shown against the imported
values:

    claim.history:  + as imported   (speakers: Han Ji-ho)
                    ~ changed by editor   (speakers: Oh Ji-won)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models.signals import pre_save
from django.utils import timezone

IMPORTED = "as imported"


@contextmanager
def history_signals_off() -> Iterator[None]:
    previous = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
    settings.SIMPLE_HISTORY_ENABLED = False
    try:
        yield
    finally:
        settings.SIMPLE_HISTORY_ENABLED = previous


def tracked_models() -> list[type[models.Model]]:
    """The archive's models that keep a history (those with ``history = HistoricalRecords()``)."""
    return [
        model
        for model in apps.get_app_config("archive").get_models()
        if hasattr(model, "history") and not model.__name__.startswith("Historical")
    ]


@cache
def _manager(model: type[models.Model]):
    # ``Model.history`` builds a new manager class on every access (simple-history's descriptor).
    return model.history


def _m2m_fields(model: type[models.Model]) -> list[models.ManyToManyField]:
    names = {f.name for f in getattr(_manager(model).model, "_history_m2m_fields", ())}
    return [f for f in model._meta.many_to_many if f.name in names]


@contextmanager
def history_signals_on() -> Iterator[None]:
    """Inside an import (signals off), write history records all the same: an explicit record."""
    previous = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
    settings.SIMPLE_HISTORY_ENABLED = True
    try:
        yield
    finally:
        settings.SIMPLE_HISTORY_ENABLED = previous


def history_snapshot(objs: Iterable[models.Model], *, reason: str, date=None, update: bool = False) -> list:
    """Write a history record for each of ``objs`` (all of one model), with its m2m values.

    "+" by default (the row as imported); ``update`` writes a "~" (a change, e.g. a retirement).
    """
    objs = list(objs)
    if not objs:
        return []
    model = type(objs[0])
    with history_signals_on():
        records = (
            _manager(model).bulk_history_create(
                objs, default_change_reason=reason, default_date=date, update=update
            )
            or []
        )
    by_pk = {r.id: r for r in records}
    for field in _m2m_fields(model):
        through = field.remote_field.through
        own = field.m2m_field_name()
        snapshot_model = apps.get_model(model._meta.app_label, f"Historical{model.__name__}_{field.name}")
        # attnames ("claim_id"), not names ("claim"): reading a row's related objects costs a query each.
        columns = [f.attname for f in through._meta.fields]
        rows = through.objects.filter(**{f"{own}__in": list(by_pk)})
        snapshot_model.objects.bulk_create(
            snapshot_model(history=by_pk[getattr(row, f"{own}_id")], **{c: getattr(row, c) for c in columns})
            for row in rows
        )
    return records


def record_imported_state(sender, instance, raw: bool = False, **kwargs) -> None:
    """pre_save: before the first human save of an imported row, record the row as imported."""
    if raw or instance.pk is None or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    manager = _manager(sender)
    if manager.filter(id=instance.pk).exists():
        return
    original = sender._default_manager.filter(pk=instance.pk).first()
    if original is None:
        return
    when = getattr(original, "created_at", None) or getattr(original, "imported_at", None) or timezone.now()
    history_snapshot([original], reason=IMPORTED, date=when)


def connect() -> None:
    for model in tracked_models():
        pre_save.connect(
            record_imported_state, sender=model, dispatch_uid=f"archive-imported-state-{model.__name__}"
        )
