"""The stored affiliations of claims' speakers (``SpeakerAffiliation``), kept in step with the data.

A claim is "in" a party when one of its speakers was a member on the claim's date (an undated
claim: ever). Joining every claim to its speakers' dated memberships made the party filter and
facet the slowest on a large archive, so the answer is stored, one row per claim, speaker and
organisation, and recomputed from the claim-speaker links and memberships whenever one of them
changes:

- edits and merges through the ORM (a claim saved, its speakers changed, a membership saved,
  moved or deleted) by the signals connected here;
- bulk writes that send no signals by an explicit ``refresh``: the importer's new claims, a
  restore, the benchmark's synthetic archive. Code that changes memberships or claim dates with
  ``QuerySet.update()`` must call ``refresh`` too.

Deleting a claim, person or organisation deletes its rows (foreign keys cascade).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

CHUNK = 500


def _tables() -> dict[str, str]:
    from archive.models import Claim, Membership, SpeakerAffiliation

    return {
        "aff": SpeakerAffiliation._meta.db_table,
        "links": Claim.speakers.through._meta.db_table,
        "claim": Claim._meta.db_table,
        "membership": Membership._meta.db_table,
    }


def _refresh(column: str | None, ids: list[int]) -> None:
    t = _tables()
    if column is None:
        where, params = "", []
    else:
        marks = ", ".join(["%s"] * len(ids))
        where, params = f"AND l.{column} IN ({marks})", ids
    with connection.cursor() as cursor:
        cursor.execute(
            f'DELETE FROM "{t["aff"]}"' + (f" WHERE {column} IN ({marks})" if column else ""), params
        )
        # The speaker's memberships covering the claim's date; an undated claim: all of them.
        cursor.execute(
            f"""
            INSERT INTO "{t["aff"]}" (claim_id, person_id, organisation_id)
            SELECT DISTINCT l.claim_id, l.person_id, m.organisation_id
            FROM "{t["links"]}" l
            JOIN "{t["membership"]}" m ON m.person_id = l.person_id
            JOIN "{t["claim"]}" c ON c.id = l.claim_id
            WHERE (c.claim_date IS NULL
                   OR ((m.start IS NULL OR m.start <= c.claim_date)
                       AND (m."end" IS NULL OR m."end" >= c.claim_date)))
            {where}
            """,
            params,
        )


def refresh(*, claims: Iterable[int] = (), people: Iterable[int] = ()) -> None:
    """Recompute the rows of these claims (by id) and of these people (by id)."""
    for column, ids in (("claim_id", claims), ("person_id", people)):
        ids = sorted({int(i) for i in ids if i is not None})
        for i in range(0, len(ids), CHUNK):
            _refresh(column, ids[i : i + CHUNK])


def refresh_all() -> None:
    """Recompute every row (after a restore or a bulk load; the migration's backfill)."""
    _refresh(None, [])


# -- signals ------------------------------------------------------------------------------------


def _speakers_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:  # claim.speakers.add(...)
        refresh(claims=[instance.pk])
    elif action == "post_clear":  # person.claims.clear()
        refresh(people=[instance.pk])
    else:  # person.claims.add(claim, ...)
        refresh(claims=pk_set or ())


def _claim_saved(sender, instance, created, update_fields=None, **kwargs) -> None:
    # A new claim has no speakers yet (they come with the m2m signal or a bulk refresh); a save
    # that names its fields matters only when the date is one of them.
    if created or (update_fields is not None and "claim_date" not in update_fields):
        return
    refresh(claims=[instance.pk])


def _membership_before_save(sender, instance, raw=False, **kwargs) -> None:
    # A membership moved to another person (a merge): the old person's rows change too.
    if instance.pk is not None:
        instance._affiliation_was = (
            sender.objects.filter(pk=instance.pk).values_list("person_id", flat=True).first()
        )


def _membership_changed(sender, instance, **kwargs) -> None:
    refresh(people=[instance.person_id, getattr(instance, "_affiliation_was", None)])


def connect() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

    from archive.models import Claim, Membership

    m2m_changed.connect(_speakers_changed, sender=Claim.speakers.through, dispatch_uid="affiliation-speakers")
    post_save.connect(_claim_saved, sender=Claim, dispatch_uid="affiliation-claim")
    pre_save.connect(_membership_before_save, sender=Membership, dispatch_uid="affiliation-membership-pre")
    post_save.connect(_membership_changed, sender=Membership, dispatch_uid="affiliation-membership")
    post_delete.connect(_membership_changed, sender=Membership, dispatch_uid="affiliation-membership-del")
