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
    original._history_user = None  # the importer wrote it, not the editor whose request this is
    history_snapshot([original], reason=IMPORTED, date=when)


def connect() -> None:
    for model in tracked_models():
        pre_save.connect(
            record_imported_state, sender=model, dispatch_uid=f"archive-imported-state-{model.__name__}"
        )


# -- export and restore (archive-export/1's "history") ----------------------------------------------


def _m2m_snapshot_model(model: type[models.Model], field: models.ManyToManyField) -> type[models.Model]:
    return apps.get_model(model._meta.app_label, f"Historical{model.__name__}_{field.name}")


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def history_export() -> Iterator[dict]:
    """Every history record of every tracked model, oldest first per model, with who made it (a username).

    Each record: ``{"model", "user", "fields": {column: value}, "m2m": {field: [[row id, target id], ...]}}``
    where ``fields`` holds the historical row's columns (``history_id``, ``history_date``,
    ``history_type``, ``history_change_reason``, the object's ``id`` and tracked fields).
    Generated while the rows are read in chunks (only the many-to-many snapshots of one model
    are held), so an export's memory does not grow with the history.
    """
    from django.contrib.auth import get_user_model

    usernames = dict(get_user_model()._default_manager.values_list("pk", "username"))
    for model in tracked_models():
        history_model = _manager(model).model
        columns = [f.attname for f in history_model._meta.concrete_fields if f.attname != "history_user_id"]
        snapshots: dict[str, dict[int, list]] = {}
        for field in _m2m_fields(model):
            target = f"{field.m2m_reverse_field_name()}_id"
            rows = _m2m_snapshot_model(model, field).objects.order_by("history_id", "id", target)
            by_record: dict[int, list] = {}
            for history_id, row_id, target_id in rows.values_list("history_id", "id", target):
                by_record.setdefault(history_id, []).append([row_id, target_id])
            snapshots[field.name] = by_record
        history_rows = history_model.objects.order_by("history_id").values(*columns, "history_user_id")
        for row in history_rows.iterator(chunk_size=2000):
            record = {
                "model": model._meta.model_name,
                "user": usernames.get(row.pop("history_user_id")),
                "fields": {column: _plain(row[column]) for column in columns},
            }
            if snapshots:
                record["m2m"] = {name: rows.get(row["history_id"], []) for name, rows in snapshots.items()}
            yield record


def history_import(records: Iterable[dict]) -> int:
    """Write exported history records back, ids included (into an archive holding no history yet).

    A user named in a record is found by username, or created inactive, without a usable password
    or any permission: the history says who, it grants nothing.
    """
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    users: dict[str, int] = {}
    by_model: dict[str, list[dict]] = {}
    for record in records:
        by_model.setdefault(record["model"], []).append(record)
    written = 0
    for model in tracked_models():
        items = by_model.get(model._meta.model_name, [])
        if not items:
            continue
        history_model = _manager(model).model
        fields = {f.attname: f for f in history_model._meta.concrete_fields}
        rows = []
        for record in items:
            username = record.get("user")
            if username and username not in users:
                user = user_model._default_manager.filter(username=username).first()
                if user is None:
                    user = user_model(username=username, is_active=False)
                    user.set_unusable_password()
                    user.save()
                users[username] = user.pk
            values = {
                column: fields[column].to_python(value)
                for column, value in record["fields"].items()
                if column in fields
            }
            rows.append(history_model(**values, history_user_id=users.get(username) if username else None))
        history_model.objects.bulk_create(rows, batch_size=500)
        for field in _m2m_fields(model):
            snapshot_model = _m2m_snapshot_model(model, field)
            own, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
            snapshot_model.objects.bulk_create(
                (
                    snapshot_model(
                        id=row_id,
                        history_id=record["fields"]["history_id"],
                        **{own: record["fields"]["id"], target: target_id},
                    )
                    for record in items
                    for row_id, target_id in record.get("m2m", {}).get(field.name, [])
                ),
                batch_size=500,
            )
        written += len(rows)
    return written
