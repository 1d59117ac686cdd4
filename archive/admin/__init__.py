"""The editors' workbench: correcting what the extraction got wrong.

Configuration first. The custom code is what editing needs: every save marks
the row ``edited_by_human`` so re-imports leave it alone, a claim is shown in
its article's text, and duplicates are merged through ``archive.merging``.
History (who, when, old -> new) comes from django-simple-history.

The admin is split by subject: ``base`` (shared forms, filters and behaviour), ``claims``,
``people`` and ``articles``. Importing them here registers every model with the site.
"""

from __future__ import annotations

from django.contrib import admin

# Each module registers its models with the site when imported.
from archive.admin.articles import (
    ArticleAdmin,
    ArticleForm,
    BriefingAdmin,
    BriefingRedirectAdmin,
    ClaimInline,
    ImportLedgerAdmin,
    ImportRunAdmin,
)
from archive.admin.base import (
    CONTEXT_CHARS,
    ArticleOutletFilter,
    BriefingFilter,
    EditorAdmin,
    LinesField,
    MergeMixin,
    OutletFilter,
    PartyFilter,
    claims_set_status,
    names,
)
from archive.admin.claims import ClaimAdmin, FigureAdmin, FigureInline
from archive.admin.people import (
    MembershipAdmin,
    MembershipInline,
    OrganisationAdmin,
    OrganisationForm,
    OrganisationRedirectAdmin,
    PersonAdmin,
    PersonForm,
    PersonRedirectAdmin,
)

admin.site.site_header = "Attribution archive — editing"
admin.site.site_title = "Archive editing"
admin.site.index_title = "Correct what the extraction got wrong"

__all__ = [
    "CONTEXT_CHARS",
    "ArticleAdmin",
    "ArticleForm",
    "ArticleOutletFilter",
    "BriefingAdmin",
    "BriefingFilter",
    "BriefingRedirectAdmin",
    "ClaimAdmin",
    "ClaimInline",
    "EditorAdmin",
    "FigureAdmin",
    "FigureInline",
    "ImportLedgerAdmin",
    "ImportRunAdmin",
    "LinesField",
    "MembershipAdmin",
    "MembershipInline",
    "MergeMixin",
    "OrganisationAdmin",
    "OrganisationForm",
    "OrganisationRedirectAdmin",
    "OutletFilter",
    "PartyFilter",
    "PersonAdmin",
    "PersonForm",
    "PersonRedirectAdmin",
    "claims_set_status",
    "names",
]
