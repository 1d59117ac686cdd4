"""Folding duplicate people and organisations into one.

Extraction meets the same lawmaker under several spellings ("Han Seong-min",
"Han Sung-min") and sometimes creates two rows. An editor merges them: every
claim, membership, briefing, article and redirect moves to the surviving row,
the merged-away spellings become its aliases (so a later import matches them
through ``name_key`` over ``name`` + ``aliases``), the old slug redirects, and
the merged-away row is deleted. Nothing else is lost, and django-simple-history
records every step (including who merged, via ``user``)::

    >>> person_merge(target=han, others=[han_sung_min], user=editor)
    >>> han.aliases
    ['Han Sung-min']
    >>> PersonRedirect.objects.get(old_slug="han-sung-min").person == han
    True

``HANDLED_PERSON_RELATIONS`` / ``HANDLED_ORGANISATION_RELATIONS`` name every
relation the merge moves; a test compares them with the models, so a new
foreign key to Person or Organisation cannot be silently dropped by a merge.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import models, transaction

from archive.models import (
    Article,
    Briefing,
    BriefingRedirect,
    Claim,
    Membership,
    Organisation,
    OrganisationRedirect,
    Person,
    PersonRedirect,
)

HANDLED_PERSON_RELATIONS = frozenset(
    {
        "claims",
        "claims_sourced",
        "memberships",
        "briefings_presented",
        "briefings_relayed",
        "articles",
        "redirects",
        "name_keys",  # derived: the target's save() stores its keys anew, the others' go with them
    }
)
HANDLED_BRIEFING_RELATIONS = frozenset({"claims", "redirects"})  # and its own m2m fields, moved below
HANDLED_ORGANISATION_RELATIONS = frozenset(
    {
        "children",
        "articles",
        "briefings_organised",
        "briefings_attended",
        "memberships",
        "claims_spoken",
        "claims_sourced",
        "redirects",
        "briefing_redirects",
        "name_keys",
    }
)


def _union(first: Iterable[str], *more: Iterable[str], exclude: Iterable[str] = ()) -> list[str]:
    """Order-preserving union without duplicates or blanks.

    >>> _union(["Han Sung-min"], ["Han Seong Min", "Han Sung-min"], exclude=["Han Seong-min"])
    ['Han Sung-min', 'Han Seong Min']
    """
    skip = {s.strip() for s in exclude}
    out: list[str] = []
    for items in (first, *more):
        for item in items:
            item = item.strip()
            if item and item not in skip and item not in out:
                out.append(item)
    return out


def _check(target: models.Model, others: Sequence[models.Model]) -> list[models.Model]:
    others = [o for o in dict.fromkeys(others) if o.pk != target.pk]
    if not others:
        raise ValidationError("Choose at least one other record to merge into the surviving one.")
    return others


def _stamp(obj: models.Model, *, user, reason: str) -> models.Model:
    """Tell django-simple-history who made the change and why."""
    if user is not None:
        obj._history_user = user
    obj._change_reason = reason
    return obj


def _move_m2m(manager_name: str, rows: Iterable[models.Model], *, old, new, user, reason: str) -> None:
    """Replace ``old`` with ``new`` in each row's m2m, one row at a time so history sees it."""
    for row in rows:
        _stamp(row, user=user, reason=reason)
        manager = getattr(row, manager_name)
        manager.add(new)
        manager.remove(old)


def _move_fk(rows: Iterable[models.Model], field: str, *, new, user, reason: str) -> None:
    for row in rows:
        setattr(row, field, new)
        _stamp(row, user=user, reason=reason)
        row.save()


def _move_memberships(memberships: Iterable[Membership], *, field: str, new, user, reason: str) -> None:
    """Move memberships to ``new``, dropping those that duplicate one it already has.

    A duplicate has the same counterpart and the same dates; its role fills a blank role.
    """
    other_side = "organisation_id" if field == "person" else "person_id"
    for membership in memberships:
        twin = (
            Membership.objects.filter(
                **{field: new, other_side: getattr(membership, other_side)},
                start=membership.start,
                end=membership.end,
            )
            .exclude(pk=membership.pk)
            .first()
        )
        if twin is None:
            setattr(membership, field, new)
            _stamp(membership, user=user, reason=reason)
            membership.save()
            continue
        if not twin.role and membership.role:
            twin.role = membership.role
            _stamp(twin, user=user, reason=reason)
            twin.save()
        _stamp(membership, user=user, reason=reason)
        membership.delete()


@transaction.atomic
def person_merge(*, target: Person, others: Sequence[Person], user=None) -> Person:
    """Fold ``others`` into ``target`` and delete them; returns ``target``."""
    others = _check(target, others)
    reason = "Merged " + ", ".join(f"{o.name} ({o.slug})" for o in others) + f" into {target.name}"
    how = {"user": user, "reason": reason}
    for other in others:
        _move_m2m("speakers", Claim.objects.filter(speakers=other), old=other, new=target, **how)
        _move_fk(Claim.objects.filter(source_person=other), "source_person", new=target, **how)
        _move_memberships(other.memberships.all(), field="person", new=target, **how)
        _move_m2m("presenters", other.briefings_presented.all(), old=other, new=target, **how)
        _move_m2m("relayed_by", other.briefings_relayed.all(), old=other, new=target, **how)
        _move_m2m("people", other.articles.all(), old=other, new=target, **how)
        PersonRedirect.objects.filter(person=other).update(person=target)
        PersonRedirect.objects.update_or_create(old_slug=other.slug, defaults={"person": target})

        target.aliases = _union(target.aliases, [other.name], other.aliases, exclude=[target.name])
        target.roles = _union(target.roles, other.roles)
        target.description = target.description or other.description
        _stamp(other, **how)
        other.delete()

    PersonRedirect.objects.filter(old_slug=target.slug).delete()
    target.edited_by_human = True
    _stamp(target, **how)
    target.save()
    return target


@transaction.atomic
def organisation_merge(*, target: Organisation, others: Sequence[Organisation], user=None) -> Organisation:
    """Fold ``others`` into ``target`` and delete them; returns ``target``."""
    others = _check(target, others)
    merged_pks = {o.pk for o in others}
    reason = "Merged " + ", ".join(f"{o.name} ({o.slug})" for o in others) + f" into {target.name}"
    how = {"user": user, "reason": reason}
    if target.parent_id in merged_pks:
        # The target cannot become its own parent: it inherits the merged parent's parent.
        parent = next(o for o in others if o.pk == target.parent_id)
        target.parent_id = parent.parent_id if parent.parent_id not in merged_pks | {target.pk} else None
    for other in others:
        _move_fk(
            Organisation.objects.filter(parent=other).exclude(pk__in=merged_pks | {target.pk}),
            "parent",
            new=target,
            user=user,
            reason=reason,
        )
        _move_fk(Article.objects.filter(outlet=other), "outlet", new=target, **how)
        _move_fk(Briefing.objects.filter(organiser=other), "organiser", new=target, **how)
        _move_fk(Briefing.objects.filter(audience=other), "audience", new=target, **how)
        _move_memberships(other.memberships.all(), field="organisation", new=target, **how)
        _move_m2m(
            "speaker_organisations",
            Claim.objects.filter(speaker_organisations=other),
            old=other,
            new=target,
            user=user,
            reason=reason,
        )
        _move_fk(
            Claim.objects.filter(source_organisation=other),
            "source_organisation",
            new=target,
            user=user,
            reason=reason,
        )
        OrganisationRedirect.objects.filter(organisation=other).update(organisation=target)
        OrganisationRedirect.objects.update_or_create(old_slug=other.slug, defaults={"organisation": target})
        BriefingRedirect.objects.filter(organiser=other).update(organiser=target)

        target.aliases = _union(target.aliases, [other.name], other.aliases, exclude=[target.name])
        _stamp(other, **how)
        other.delete()

    OrganisationRedirect.objects.filter(old_slug=target.slug).delete()
    target.edited_by_human = True
    _stamp(target, **how)
    target.save()
    return target


@transaction.atomic
def briefing_merge(*, target: Briefing, others: Sequence[Briefing], user=None) -> Briefing:
    """Fold duplicate briefings into ``target`` and delete them; their pages redirect to it.

    Claims, presenters, relaying lawmakers and articles move to ``target``; what ``target`` lacks
    (date, audience, evidence) is taken from the first other that has it.
    """
    others = _check(target, others)
    reason = "Merged briefings " + ", ".join(f"#{o.pk}" for o in others) + f" into #{target.pk}"
    how = {"user": user, "reason": reason}
    for other in others:
        _move_fk(Claim.objects.filter(briefing=other), "briefing", new=target, **how)
        target.presenters.add(*other.presenters.all())
        target.relayed_by.add(*other.relayed_by.all())
        target.articles.add(*other.articles.all())
        BriefingRedirect.objects.filter(briefing=other).update(briefing=target)
        BriefingRedirect.objects.update_or_create(
            old_pk=other.pk, defaults={"briefing": target, "organiser": other.organiser, "date": other.date}
        )
        if target.date is None and other.date is not None:
            target.date, target.date_basis = other.date, other.date_basis
        target.audience = target.audience or other.audience
        target.organiser = target.organiser or other.organiser
        target.closed_door = target.closed_door or other.closed_door
        target.evidence = target.evidence or other.evidence
        _stamp(other, **how)
        other.delete()

    BriefingRedirect.objects.filter(old_pk=target.pk).delete()
    target.edited_by_human = True
    _stamp(target, **how)
    target.save()
    return target
