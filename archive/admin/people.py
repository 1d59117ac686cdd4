"""People, organisations and memberships; duplicates merged, old addresses redirected."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import Count, Prefetch

from archive.admin.base import EditorAdmin, LinesField, MergeMixin, PartyFilter
from archive.merging import organisation_merge, person_merge
from archive.models import Membership, Organisation, OrganisationRedirect, Person, PersonRedirect


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
