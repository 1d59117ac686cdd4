"""Articles, briefings and import runs: what was read, where it was said, what each import did."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html, format_html_join

from archive.admin.base import ArticleOutletFilter, EditorAdmin, LinesField, MergeMixin, names
from archive.merging import briefing_merge
from archive.models import Article, Briefing, BriefingRedirect, Claim, DateBasis, ImportLedger, ImportRun


class ArticleForm(forms.ModelForm):
    byline = LinesField()

    class Meta:
        model = Article
        fields = ["title", "outlet", "byline", "people", "published_on"]


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
class BriefingAdmin(MergeMixin, EditorAdmin):
    merge_function = briefing_merge
    actions = ["merge_selected"]
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

    def _claim_count(self):
        return Count("claims", distinct=True)

    @admin.display(description="presenters")
    def presenter_names(self, obj: Briefing) -> str:
        return names(obj.presenters.all())

    @admin.display(description="relayed by")
    def relayer_names(self, obj: Briefing) -> str:
        return names(obj.relayed_by.all())


@admin.register(BriefingRedirect)
class BriefingRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_pk", "briefing"]
    search_fields = ["briefing__organiser__name"]
    autocomplete_fields = ["briefing"]
    list_select_related = ["briefing__organiser", "briefing__audience"]


# --- Imports ----------------------------------------------------------------------------------------


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """What each import did; written by ``import_seeds`` only."""

    list_display = ["started_at", "status", "reextract", "created", "unchanged", "updated", "failed", "host"]
    list_filter = ["reextract", "interrupted"]
    fields = [
        "started_at",
        "finished_at",
        "status",
        "host",
        "pid",
        "reextract",
        "created",
        "unchanged",
        "updated",
        "failed",
        "claim_counts",
        "failure_table",
        "skipped_table",
        "file_list",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @staticmethod
    def _table(entries: list) -> str:
        rows = [(f.get("file", "?"), f.get("reason", "")) for f in entries if isinstance(f, dict)]
        if not rows:
            return "—"
        return format_html(
            "<table><tr><th>file</th><th>reason</th></tr>{}</table>",
            format_html_join("", "<tr><td>{}</td><td>{}</td></tr>", rows),
        )

    @admin.display(description="failures")
    def failure_table(self, obj: ImportRun) -> str:
        return self._table(obj.failures)

    @admin.display(description="skipped")
    def skipped_table(self, obj: ImportRun) -> str:
        return self._table(obj.skipped)

    @admin.display(description="files")
    def file_list(self, obj: ImportRun) -> str:
        return format_html_join("", "<div>{}</div>", ((f,) for f in obj.files)) or "—"


@admin.register(ImportLedger)
class ImportLedgerAdmin(admin.ModelAdmin):
    """How many article stores the importers have made (the row they take turns on); read-only."""

    list_display = ["pk", "version"]
    readonly_fields = ["version"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
