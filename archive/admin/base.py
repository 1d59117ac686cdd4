"""What every editing page shares: human-edit saves, merging, the list filters, claim status.

Every admin save marks the row ``edited_by_human`` so re-imports leave it alone; duplicates are
merged through ``archive.merging``.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.db.models import F, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from archive.models import Briefing, Claim, Organisation, Person

# Characters of article text shown either side of a claim.
CONTEXT_CHARS = 1500


def names(people) -> str:
    return ", ".join(p.name for p in people)


def claims_set_status(*, claims, status: str, user=None) -> int:
    """Set the status of ``claims`` one by one, so history records each, and protect them from re-import."""
    changed = 0
    with transaction.atomic():
        for claim in claims:
            if claim.status == status and claim.edited_by_human:
                continue
            claim.status = status
            claim.edited_by_human = True
            claim._change_reason = f"Marked {status}"
            if user is not None:
                claim._history_user = user
            claim.save(update_fields=["status", "edited_by_human", "updated_at"])
            changed += 1
    return changed


# --- Forms -------------------------------------------------------------------------------------------


class LinesField(forms.CharField):
    """A JSON list of strings edited as one item per line (aliases, roles, bylines)."""

    widget = forms.Textarea(attrs={"rows": 3, "cols": 60})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "One per line.")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        lines: list[str] = []
        for line in (super().to_python(value) or "").splitlines():
            line = line.strip()
            if line and line not in lines:
                lines.append(line)
        return lines


# --- Shared behaviour ------------------------------------------------------------------------------


class HistoryValues(HistoricalRecordContextHelper):
    """An empty link shows as a dash, not simple-history's "Deleted person (pk=None)"."""

    def prepare_delta_change_value(self, change, value):
        if isinstance(value, DeletedObject) and value.pk is None:
            return "—"
        return super().prepare_delta_change_value(change, value)


class EditorAdmin(SimpleHistoryAdmin):
    """Every admin save is a human edit: the importer will not overwrite it."""

    object_history_list_template = "admin/archive/object_history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return HistoryValues(self.model, historical_record)

    def save_model(self, request, obj, form, change):
        if hasattr(obj, "edited_by_human"):
            obj.edited_by_human = True
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for obj in instances:
            if hasattr(obj, "edited_by_human"):
                obj.edited_by_human = True
            obj.save()
        formset.save_m2m()


class MergeMixin:
    """An admin action that folds the selected rows into one the editor chooses."""

    merge_function = None

    @admin.action(description="Merge selected into one…", permissions=["change"])
    def merge_selected(self, request, queryset):
        objects = list(queryset.annotate(n_claims=self._claim_count()).order_by("pk"))
        if len(objects) < 2:
            self.message_user(request, "Select at least two to merge.", messages.WARNING)
            return None
        if request.POST.get("post") == "yes":
            target = next((o for o in objects if str(o.pk) == request.POST.get("target")), None)
            if target is not None:
                others = [o for o in objects if o.pk != target.pk]
                type(self).merge_function(target=target, others=others, user=request.user)
                self.message_user(
                    request,
                    f"Merged {names(others)} into {target.name}; their names are now aliases and their "
                    "old pages redirect.",
                    messages.SUCCESS,
                )
                opts = self.model._meta
                return HttpResponseRedirect(
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[target.pk])
                )
            self.message_user(request, "Choose which one survives.", messages.ERROR)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Merge {self.model._meta.verbose_name_plural}",
            "opts": self.model._meta,
            "objects": objects,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/archive/merge_confirmation.html", context)

    def _claim_count(self):
        raise NotImplementedError


class PartyFilter(admin.SimpleListFilter):
    """Claims whose speaker belonged to the party on the claim's date."""

    title = "party"
    parameter_name = "party"

    def lookups(self, request, model_admin):
        return Organisation.objects.filter(kind=Organisation.Kind.PARTY).values_list("pk", "name")

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        if queryset.model is Person:
            return queryset.filter(memberships__organisation_id=self.value()).distinct()
        party = Organisation.objects.filter(pk=self.value()).first()
        return (
            queryset.filter(pk__in=Claim.objects.in_party(party).values("pk")) if party else queryset.none()
        )


class OutletFilter(admin.SimpleListFilter):
    title = "outlet"
    parameter_name = "outlet"
    path = "article__outlet"

    def lookups(self, request, model_admin):
        # Outlets by kind: "organisations with articles" is a DISTINCT over every article.
        return Organisation.objects.filter(kind=Organisation.Kind.MEDIA).values_list("pk", "name")

    def queryset(self, request, queryset):
        return queryset.filter(**{f"{self.path}_id": self.value()}) if self.value() else queryset


class ArticleOutletFilter(OutletFilter):
    path = "outlet"


class BriefingFilter(admin.SimpleListFilter):
    """The latest briefings (and the one chosen), named with organiser and audience, in one query.

    Not "every briefing with claims": that is a DISTINCT over the briefing–claim join, and years
    of briefings are thousands of links. Older ones: the briefing's own page links here.
    """

    title = "briefing"
    parameter_name = "briefing"
    LATEST = 30

    def lookups(self, request, model_admin):
        chosen = self.value() if str(self.value() or "").isdigit() else None
        latest = Briefing.objects.order_by(F("date").desc(nulls_last=True), "-pk").values("pk")[: self.LATEST]
        briefings = Briefing.objects.filter(Q(pk__in=latest) | Q(pk=chosen or 0))
        briefings = briefings.select_related("organiser", "audience").order_by(
            F("date").desc(nulls_last=True)
        )
        return [(b.pk, str(b)) for b in briefings]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        if not str(self.value()).isdigit():
            return queryset.none()
        return queryset.filter(briefing_id=self.value())


class SpeakerFilter(admin.SimpleListFilter):
    """Claims by a speaker: people listed from their own table (no scan of the claim links)."""

    title = "speaker"
    parameter_name = "speakers__id__exact"

    def lookups(self, request, model_admin):
        return Person.objects.order_by("name").values_list("pk", "name")

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        if not str(self.value()).isdigit():
            return queryset.none()
        through = Claim.speakers.through.objects.filter(person_id=self.value())
        return queryset.filter(pk__in=through.values("claim_id"))
