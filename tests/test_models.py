"""Model invariants: spans, figures, memberships over time, slugs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import include, path

from archive.models import Claim, Person
from archive.urls import archive_patterns
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    FigureFactory,
    MembershipFactory,
    PartyFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def test_a_claim_whose_text_does_not_match_its_span_is_invalid():
    claim = ClaimFactory.build(article=ArticleFactory(text="Rep. Ko said the count was 12."), start=0, end=4)
    claim.text = "Rep. Ko"
    with pytest.raises(ValidationError, match="match"):
        claim.full_clean()


def test_a_claim_span_beyond_the_article_is_invalid():
    article = ArticleFactory(text="Short.")
    claim = ClaimFactory.build(article=article, start=0, end=99, text="Short.")
    with pytest.raises(ValidationError, match="within the article"):
        claim.full_clean()


def test_the_database_refuses_a_span_that_ends_before_it_starts():
    claim = ClaimFactory()
    claim.start, claim.end = 5, 2
    with pytest.raises(IntegrityError):
        claim.save()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"source_start": 0, "source_end": None}, "source span needs both"),
        ({"cue_start": 3, "cue_end": 99}, "cue span must lie within"),
        ({"parts": [[20, 30], [0, 10]]}, "content parts"),
        ({"parts": [[0, 10], [25, 99]]}, "content parts"),
        ({"parts": [["0", 10]]}, "content parts"),
    ],
)
def test_a_source_cue_or_part_span_that_does_not_fit_the_article_is_invalid(changes, message):
    claim = ClaimFactory.build(article=ArticleFactory(text="Rep. Ko said the count was 12."))
    claim.full_clean()
    for name, value in changes.items():
        setattr(claim, name, value)
    with pytest.raises(ValidationError, match=message):
        claim.full_clean()


def test_the_database_refuses_half_a_span_or_one_that_ends_before_it_starts():
    for start, end in [(4, None), (6, 2)]:
        claim = ClaimFactory()
        claim.cue_start, claim.cue_end = start, end
        with pytest.raises(IntegrityError), transaction.atomic():
            claim.save()


def test_a_figure_needs_a_value_or_a_full_range():
    figure = FigureFactory.build(claim=ClaimFactory(), value=None, low=10, high=None)
    with pytest.raises(ValidationError):
        figure.full_clean()


def test_a_figure_range_displays_both_ends():
    figure = FigureFactory(value=None, low=10000, high=12000, approximate=True)
    assert figure.display_value == "≈10,000–12,000"


@pytest.mark.parametrize(
    ("bound", "approximate", "shown"),
    [
        ("exact", False, "600"),
        ("exact", True, "≈600"),  # approximate without a bound: stored before bounds, or an editor's mark
        ("about", True, "≈600"),
        ("at least", True, "600+"),
        ("at most", True, "up to 600"),
        ("nearly", True, "nearly 600"),
    ],
)
def test_a_figure_shows_its_bound(bound, approximate, shown):
    figure = FigureFactory.build(claim=ClaimFactory.build(), value=600, bound=bound, approximate=approximate)
    assert figure.display_value == shown


def test_an_other_figure_says_what_it_counts():
    figure = FigureFactory.build(
        claim=ClaimFactory.build(), category="other", label="weight", value=140, unit="kg"
    )
    assert (figure.what, figure.display_value) == ("other (weight)", "140 kg")


def test_party_on_uses_the_membership_current_at_the_date():
    person = PersonFactory()
    old, new = PartyFactory(name="Old Party"), PartyFactory(name="New Party")
    MembershipFactory(person=person, organisation=old, start=dt.date(2020, 1, 1), end=dt.date(2023, 12, 31))
    MembershipFactory(person=person, organisation=new, start=dt.date(2024, 1, 1))
    assert person.party_on(dt.date(2022, 6, 1)) == old
    assert person.party_on(dt.date(2025, 6, 1)) == new


def test_claims_in_party_use_the_speakers_party_at_the_claim_date():
    person = PersonFactory()
    old, new = PartyFactory(name="Old Party"), PartyFactory(name="New Party")
    MembershipFactory(person=person, organisation=old, end=dt.date(2023, 12, 31))
    MembershipFactory(person=person, organisation=new, start=dt.date(2024, 1, 1))
    early = ClaimFactory(speakers=[person], claim_date=dt.date(2023, 5, 1))
    late = ClaimFactory(speakers=[person], claim_date=dt.date(2025, 5, 1))
    assert list(Claim.objects.in_party(old)) == [early]
    assert list(Claim.objects.in_party(new)) == [late]


def test_people_with_the_same_name_get_distinct_slugs():
    a = PersonFactory(name="Kim Min-su")
    b = PersonFactory(name="Kim Min-su")
    assert a.slug == "kim-min-su" and b.slug == "kim-min-su-2"
    assert Person.objects.count() == 2


def test_party_on_a_date_after_the_person_left_the_party_is_none():
    person = PersonFactory()
    MembershipFactory(person=person, organisation=PartyFactory(name="Old Party"), end=dt.date(2023, 12, 31))
    assert person.party_on(dt.date(2025, 1, 1)) is None
    assert person.party_on(None).name == "Old Party"


def test_a_detail_address_is_what_reverse_gives_under_any_script_prefix():
    from django.urls import get_script_prefix, reverse, set_script_prefix

    from archive.models import detail_url

    claim = ClaimFactory()
    person = PersonFactory(name="Lee Seong-kweun")
    routes = [
        ("archive:claim_detail", claim.pk),
        ("archive:article_detail", claim.article_id),
        ("archive:person_detail", person.slug),
        ("archive:organisation_detail", claim.article.outlet.slug),
    ]
    before = get_script_prefix()
    try:
        for prefix in ("/", "/archive/"):
            set_script_prefix(prefix)
            for name, arg in routes:
                assert detail_url(name, arg) == reverse(name, args=[arg])
            assert claim.get_absolute_url() == f"{prefix}claims/{claim.pk}/"
    finally:
        set_script_prefix(before)
    with override_settings(ROOT_URLCONF="tests.test_models"):  # the archive under /archive/
        assert claim.get_absolute_url() == f"/archive/claims/{claim.pk}/"
    assert claim.get_absolute_url() == f"/claims/{claim.pk}/"


# A URLconf with the archive one level down, for the test above.
urlpatterns = [path("archive/", include((archive_patterns, "archive")))]
