"""An Atom feed of the claims list's current selection (same GET filters as /claims/)."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from archive.filters import ClaimFilter

FEED_SIZE = 100


class ClaimFeed(Feed):
    feed_type = Atom1Feed
    title = "Attribution archive: claims"
    subtitle = "Who claimed what, on whose authority, reported where."

    def __init__(self, filterset: ClaimFilter):
        super().__init__()
        self.filterset = filterset

    def _query(self) -> str:
        query = self.filterset.data.urlencode() if hasattr(self.filterset.data, "urlencode") else ""
        return f"?{query}" if query else ""

    def link(self) -> str:
        return reverse("archive:claim_list") + self._query()

    def feed_url(self) -> str:
        """rel="self": this feed with its filters (Django's default drops the query)."""
        return reverse("archive:claim_feed") + self._query()

    def items(self):
        return list(self.filterset.qs.with_related()[:FEED_SIZE])

    def item_title(self, claim) -> str:
        who = ", ".join(p.name for p in claim.speakers.all()) or (
            claim.source.name if claim.source else "Unattributed"
        )
        outlet = claim.article.outlet.name if claim.article.outlet else "unknown outlet"
        return f"{who} ({outlet}): {claim}"

    def item_description(self, claim) -> str:
        return claim.text

    def item_link(self, claim) -> str:
        return claim.get_absolute_url()

    def item_pubdate(self, claim):
        """The claim's date (midnight UTC), not when it was imported; none for an undated claim."""
        if claim.claim_date is None:
            return None
        return dt.datetime.combine(claim.claim_date, dt.time.min, tzinfo=dt.UTC)

    def item_updateddate(self, claim):
        # Atom needs an <updated> per entry: the claim's date, or for an undated claim when the
        # archive recorded it.
        return self.item_pubdate(claim) or claim.created_at

    def item_author_name(self, claim) -> str | None:
        names = [p.name for p in claim.speakers.all()]
        return ", ".join(names) or None

    def item_categories(self, claim):
        return sorted({f.category for f in claim.figures.all()})
