"""The editors' workbench: correcting what the extraction got wrong.

Configuration first. The custom code is what editing needs: every save marks
the row ``edited_by_human`` so re-imports leave it alone, a claim is shown in
its article's text, and duplicates are merged through ``archive.merging``.
History (who, when, old -> new) comes from django-simple-history.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from archive.merging import organisation_merge, person_merge
from archive.models import (
    Article,
    Briefing,
    Claim,
    DateBasis,
    Figure,
    ImportRun,
    Membership,
    Organisation,
    OrganisationRedirect,
    Person,
    PersonRedirect,
)

admin.site.site_header = "Attribution archive — editing"
admin.site.site_title = "Archive editing"
admin.site.index_title = "Correct what the extraction got wrong"

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


class PersonForm(forms.ModelForm):
    aliases = LinesField(help_text="Every other spelling seen, one per line. Re-imports match these names.")
    roles = LinesField()

    class Meta:
        model = Person
        fields = ["name", "aliases", "roles", "description"]


class OrganisationForm(forms.ModelForm):
    aliases = LinesField(help_text="Other names and spellings, one per line.")

    class Meta:
        model = Organisation
        fields = ["name", "kind", "aliases", "parent"]


class ArticleForm(forms.ModelForm):
    byline = LinesField()

    class Meta:
        model = Article
        fields = ["title", "outlet", "byline", "people", "published_on"]


# --- Shared behaviour ------------------------------------------------------------------------------


class EditorAdmin(SimpleHistoryAdmin):
    """Every admin save is a human edit: the importer will not overwrite it."""

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
        return Organisation.objects.filter(articles__isnull=False).distinct().values_list("pk", "name")

    def queryset(self, request, queryset):
        return queryset.filter(**{f"{self.path}_id": self.value()}) if self.value() else queryset


class ArticleOutletFilter(OutletFilter):
    path = "outlet"


class BriefingFilter(admin.SimpleListFilter):
    """Briefings that have claims; named with organiser and audience, fetched in one query."""

    title = "briefing"
    parameter_name = "briefing"

    def lookups(self, request, model_admin):
        briefings = (
            Briefing.objects.filter(claims__isnull=False).distinct().select_related("organiser", "audience")
        )
        return [(b.pk, str(b)) for b in briefings]

    def queryset(self, request, queryset):
        return queryset.filter(briefing_id=self.value()) if self.value() else queryset


# --- Claims and figures ----------------------------------------------------------------------------


class FigureInline(admin.TabularInline):
    model = Figure
    extra = 0
    fields = ["category", "value", "low", "high", "approximate", "unit", "text", "start", "end"]


@admin.register(Claim)
class ClaimAdmin(EditorAdmin):
    list_display = ["short_text", "speaker_names", "source", "outlet", "claim_date", "kind", "status"]
    list_filter = [
        "status",
        PartyFilter,
        ("speakers", admin.RelatedOnlyFieldListFilter),
        BriefingFilter,
        OutletFilter,
        "kind",
        "claim_date",
        "edited_by_human",
    ]
    search_fields = [
        "text",
        "speakers__name",
        "speakers__aliases",
        "speaker_organisations__name",
        "source_person__name",
        "source_organisation__name",
        "article__title",
    ]
    autocomplete_fields = [
        "article",
        "speakers",
        "speaker_organisations",
        "source_person",
        "source_organisation",
        "briefing",
    ]
    date_hierarchy = "claim_date"
    inlines = [FigureInline]
    actions = ["mark_reviewed", "mark_rejected"]
    readonly_fields = [
        "article_context",
        "confidence",
        "speaker_inferred",
        "date_provenance",
        "edited_by_human",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["article", "article_context", "text", ("start", "end"), "kind", "cue", "status"]}),
        (
            "Who said it, on whose authority",
            {
                "fields": [
                    "speakers",
                    "speaker_organisations",
                    "source_person",
                    "source_organisation",
                    "briefing",
                ]
            },
        ),
        ("When", {"fields": ["claim_date", "date_provenance"]}),
        (
            "Provenance",
            {"fields": ["confidence", "speaker_inferred", "edited_by_human", "created_at", "updated_at"]},
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("article__outlet", "source_organisation", "source_person", "briefing")
            .prefetch_related("speakers", "speaker_organisations")
        )

    def get_readonly_fields(self, request, obj=None):
        # Offsets index into one article's text: move a claim by re-creating it, not by re-pointing it.
        return [*super().get_readonly_fields(request, obj), *(["article"] if obj else [])]

    @admin.display(description="claim", ordering="text")
    def short_text(self, obj: Claim) -> str:
        return str(obj)

    @admin.display(description="speakers")
    def speaker_names(self, obj: Claim) -> str:
        return names([*obj.speakers.all(), *obj.speaker_organisations.all()]) or "—"

    @admin.display(description="source")
    def source(self, obj: Claim) -> str:
        return str(obj.source or "—")

    @admin.display(description="outlet", ordering="article__outlet__name")
    def outlet(self, obj: Claim) -> str:
        return str(obj.article.outlet or "—")

    @admin.display(description="in the article")
    def article_context(self, obj: Claim) -> str:
        """The article's text around the claim, the claim highlighted; every piece escaped."""
        if obj.pk is None or obj.article_id is None:
            return "—"
        text = obj.article.text
        start = min(max(obj.start, 0), len(text))
        end = min(max(obj.end, start), len(text))
        lo, hi = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
        return format_html(
            '<div class="claim-context">{}{}<mark>{}</mark>{}{}</div>'
            '<p><a href="{}">{}</a> · offsets {}–{} of {}</p>',
            "… " if lo else "",
            text[lo:start],
            text[start:end],
            text[end:hi],
            " …" if hi < len(text) else "",
            reverse("admin:archive_article_change", args=[obj.article_id]),
            obj.article,
            obj.start,
            obj.end,
            len(text),
        )

    @admin.display(description="date basis")
    def date_provenance(self, obj: Claim) -> str:
        parts = []
        if obj.article_id:
            basis = obj.article.get_published_on_basis_display()
            parts.append(f"article published {obj.article.published_on or '?'} ({basis})")
        if obj.briefing_id:
            parts.append(f"briefing {obj.briefing.date or '?'} ({obj.briefing.get_date_basis_display()})")
        return "; ".join(parts) or "—"

    @admin.action(description="Mark selected claims reviewed", permissions=["change"])
    def mark_reviewed(self, request, queryset):
        n = claims_set_status(claims=queryset, status=Claim.Status.REVIEWED, user=request.user)
        self.message_user(request, f"{n} claim(s) marked reviewed.", messages.SUCCESS)

    @admin.action(description="Mark selected claims rejected", permissions=["change"])
    def mark_rejected(self, request, queryset):
        n = claims_set_status(claims=queryset, status=Claim.Status.REJECTED, user=request.user)
        self.message_user(request, f"{n} claim(s) marked rejected.", messages.SUCCESS)


@admin.register(Figure)
class FigureAdmin(EditorAdmin):
    list_display = ["claim", "category", "display_value", "text", "approximate"]
    list_filter = ["category", "approximate"]
    search_fields = ["text", "claim__text"]
    autocomplete_fields = ["claim"]
    list_select_related = ["claim"]


# --- People, organisations, memberships ------------------------------------------------------------


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["organisation", "role", "start", "end", "edited_by_human"]
    readonly_fields = ["edited_by_human"]
    autocomplete_fields = ["organisation"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "person")


@admin.register(Person)
class PersonAdmin(MergeMixin, EditorAdmin):
    form = PersonForm
    merge_function = person_merge
    list_display = ["name", "alias_list", "party", "role_list", "slug", "edited_by_human"]
    list_filter = [PartyFilter, "edited_by_human"]
    search_fields = ["name", "aliases", "slug", "roles"]
    readonly_fields = ["slug", "edited_by_human", "redirects_here"]
    fields = ["name", "aliases", "roles", "description", "slug", "redirects_here", "edited_by_human"]
    inlines = [MembershipInline]
    actions = ["merge_selected"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("memberships", queryset=Membership.objects.select_related("organisation")),
                "redirects",
            )
        )

    def _claim_count(self):
        return Count("claims", distinct=True)

    @admin.display(description="aliases")
    def alias_list(self, obj: Person) -> str:
        return ", ".join(obj.aliases)

    @admin.display(description="roles")
    def role_list(self, obj: Person) -> str:
        return ", ".join(obj.roles)

    @admin.display(description="party (latest)")
    def party(self, obj: Person) -> str:
        return str(obj.party_on(None) or "—")

    @admin.display(description="old addresses that redirect here")
    def redirects_here(self, obj: Person) -> str:
        return ", ".join(r.old_slug for r in obj.redirects.all()) or "—"


@admin.register(Organisation)
class OrganisationAdmin(MergeMixin, EditorAdmin):
    form = OrganisationForm
    merge_function = organisation_merge
    list_display = ["name", "kind", "alias_list", "parent", "slug", "edited_by_human"]
    list_filter = ["kind", "edited_by_human"]
    search_fields = ["name", "aliases", "slug"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["slug", "edited_by_human", "redirects_here"]
    fields = ["name", "kind", "aliases", "parent", "slug", "redirects_here", "edited_by_human"]
    list_select_related = ["parent"]
    actions = ["merge_selected"]

    def _claim_count(self):
        return Count("claims_spoken", distinct=True)

    @admin.display(description="aliases")
    def alias_list(self, obj: Organisation) -> str:
        return ", ".join(obj.aliases)

    @admin.display(description="old addresses that redirect here")
    def redirects_here(self, obj: Organisation) -> str:
        return ", ".join(obj.redirects.values_list("old_slug", flat=True)) or "—"


@admin.register(Membership)
class MembershipAdmin(EditorAdmin):
    list_display = ["person", "organisation", "role", "start", "end", "edited_by_human"]
    list_filter = [
        "organisation__kind",
        ("organisation", admin.RelatedOnlyFieldListFilter),
        "edited_by_human",
    ]
    search_fields = ["person__name", "person__aliases", "organisation__name", "role"]
    autocomplete_fields = ["person", "organisation"]
    readonly_fields = ["edited_by_human"]
    list_select_related = ["person", "organisation"]


@admin.register(PersonRedirect)
class PersonRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "person"]
    search_fields = ["old_slug", "person__name"]
    autocomplete_fields = ["person"]
    list_select_related = ["person"]


@admin.register(OrganisationRedirect)
class OrganisationRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "organisation"]
    search_fields = ["old_slug", "organisation__name"]
    autocomplete_fields = ["organisation"]
    list_select_related = ["organisation"]


# --- Articles and briefings ------------------------------------------------------------------------


class ClaimInline(admin.TabularInline):
    """The claims found in an article or attributed to a briefing; edit each on its own page."""

    model = Claim
    extra = 0
    fields = ["text", "kind", "status", "claim_date"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(EditorAdmin):
    form = ArticleForm
    list_display = [
        "__str__",
        "outlet",
        "published_on",
        "published_on_basis",
        "source_file",
        "edited_by_human",
    ]
    list_filter = ["published_on_basis", ArticleOutletFilter, "published_on", "edited_by_human"]
    search_fields = ["title", "source_file", "sha256"]
    autocomplete_fields = ["outlet", "people"]
    date_hierarchy = "published_on"
    list_select_related = ["outlet"]
    readonly_fields = [
        "source_file",
        "sha256",
        "published_on_basis",
        "published_on_evidence",
        "import_run",
        "imported_at",
        "updated_at",
        "edited_by_human",
        "text_display",
        "raw_text_display",
    ]
    fieldsets = [
        (None, {"fields": ["title", "outlet", "byline", "people"]}),
        (
            "Publication date",
            {
                "fields": ["published_on", "published_on_basis", "published_on_evidence"],
                "description": "Changing the date records its basis as “set by an editor”.",
            },
        ),
        ("Text", {"fields": ["text_display", "raw_text_display"]}),
        (
            "Provenance",
            {
                "fields": [
                    "source_file",
                    "sha256",
                    "import_run",
                    "imported_at",
                    "updated_at",
                    "edited_by_human",
                ]
            },
        ),
    ]
    inlines = [ClaimInline]

    def save_model(self, request, obj, form, change):
        if "published_on" in form.changed_data:
            obj.published_on_basis = DateBasis.EDITOR
            obj.published_on_evidence = f"Set by {request.user.get_username()} in the admin."
        super().save_model(request, obj, form, change)

    @admin.display(description="cleaned text (claim offsets index into it)")
    def text_display(self, obj: Article) -> str:
        return format_html('<div class="article-text">{}</div>', obj.text)

    @admin.display(description="raw text as received")
    def raw_text_display(self, obj: Article) -> str:
        return format_html('<div class="article-text">{}</div>', obj.raw_text)


@admin.register(Briefing)
class BriefingAdmin(EditorAdmin):
    list_display = [
        "__str__",
        "date",
        "date_basis",
        "organiser",
        "audience",
        "presenter_names",
        "relayer_names",
        "closed_door",
    ]
    list_filter = ["date_basis", "closed_door", ("organiser", admin.RelatedOnlyFieldListFilter), "date"]
    search_fields = ["evidence", "organiser__name", "audience__name", "presenters__name", "relayed_by__name"]
    autocomplete_fields = ["organiser", "audience", "presenters", "relayed_by", "articles"]
    readonly_fields = ["date_basis", "edited_by_human"]
    fields = [
        "date",
        "date_basis",
        "organiser",
        "audience",
        "presenters",
        "relayed_by",
        "articles",
        "closed_door",
        "evidence",
        "edited_by_human",
    ]
    inlines = [ClaimInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("organiser", "audience")
            .prefetch_related("presenters", "relayed_by")
        )

    def save_model(self, request, obj, form, change):
        if "date" in form.changed_data:
            obj.date_basis = DateBasis.EDITOR
        super().save_model(request, obj, form, change)

    @admin.display(description="presenters")
    def presenter_names(self, obj: Briefing) -> str:
        return names(obj.presenters.all())

    @admin.display(description="relayed by")
    def relayer_names(self, obj: Briefing) -> str:
        return names(obj.relayed_by.all())


# --- Imports ----------------------------------------------------------------------------------------


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """What each import did; written by ``import_seeds`` only."""

    list_display = ["started_at", "finished_at", "reextract", "created", "unchanged", "updated", "failed"]
    list_filter = ["reextract"]
    fields = [
        "started_at",
        "finished_at",
        "reextract",
        "created",
        "unchanged",
        "updated",
        "failed",
        "failure_table",
        "file_list",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="failures")
    def failure_table(self, obj: ImportRun) -> str:
        rows = [(f.get("file", "?"), f.get("reason", "")) for f in obj.failures if isinstance(f, dict)]
        if not rows:
            return "—"
        return format_html(
            "<table><tr><th>file</th><th>reason</th></tr>{}</table>",
            format_html_join("", "<tr><td>{}</td><td>{}</td></tr>", rows),
        )

    @admin.display(description="files")
    def file_list(self, obj: ImportRun) -> str:
        return format_html_join("", "<div>{}</div>", ((f,) for f in obj.files)) or "—"
