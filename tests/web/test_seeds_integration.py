"""Integration: import the real seeds, then every public page answers 200.

Tolerates extraction changes: it checks only that pages render, never what was extracted.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from archive.models import Article, Briefing, Claim, Organisation, Person

pytestmark = pytest.mark.django_db


def test_every_page_renders_on_the_imported_seeds(client):
    call_command("import_seeds", stdout=io.StringIO(), stderr=io.StringIO())
    assert Article.objects.exists()
    urls = [
        reverse(f"archive:{name}")
        for name in (
            "home",
            "claim_list",
            "briefing_list",
            "article_list",
            "person_list",
            "organisation_list",
            "figures",
        )
    ]
    urls += [
        reverse("archive:search") + "?q=soldiers",
        reverse("archive:claim_list") + "?sort=outlet&status=any",
    ]
    for model in (Article, Briefing, Claim, Organisation, Person):
        urls += [obj.get_absolute_url() for obj in model.objects.all()]
    for url in urls:
        assert client.get(url).status_code == 200, url
    for name in ("claim_export_csv", "claim_export_json", "claim_feed"):
        assert client.get(reverse(f"archive:{name}")).status_code == 200, name
