"""Small, named test data: factory_boy factories for every model."""

from __future__ import annotations

import datetime as dt
import hashlib

import factory

from archive import models


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = models.Organisation.Kind.OTHER


class PartyFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Party {n}")
    kind = models.Organisation.Kind.PARTY


class AgencyFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = models.Organisation.Kind.AGENCY


class OutletFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Outlet {n}")
    kind = models.Organisation.Kind.MEDIA


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    name = factory.Sequence(lambda n: f"Han Min-{n}")
    roles = factory.LazyFunction(lambda: ["lawmaker"])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Membership

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(PartyFactory)
    role = "member"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Article

    source_file = factory.Sequence(lambda n: f"article_{n}.txt")
    raw_text = factory.Sequence(lambda n: f"Rep. Han Min-{n} said the agency counted {n} incidents.")
    text = factory.LazyAttribute(lambda o: o.raw_text)
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.raw_text.encode()).hexdigest())
    title = factory.Sequence(lambda n: f"Article {n}")
    outlet = factory.SubFactory(OutletFactory)
    published_on = dt.date(2025, 4, 30)
    published_on_basis = models.DateBasis.DATELINE


class BriefingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Briefing

    date = dt.date(2025, 4, 30)
    date_basis = models.DateBasis.INFERRED
    organiser = factory.SubFactory(AgencyFactory)
    audience = factory.SubFactory(OrganisationFactory, kind=models.Organisation.Kind.COMMITTEE)


class ClaimFactory(factory.django.DjangoModelFactory):
    """A claim spanning its article's whole text unless told otherwise."""

    class Meta:
        model = models.Claim
        skip_postgeneration_save = True

    article = factory.SubFactory(ArticleFactory)
    start = 0
    end = factory.LazyAttribute(lambda o: len(o.article.text))
    text = factory.LazyAttribute(lambda o: o.article.text[o.start : o.end])
    kind = models.Claim.Kind.INDIRECT
    cue = "said"
    claim_date = factory.LazyAttribute(lambda o: o.article.published_on)

    @factory.post_generation
    def speakers(self, create, extracted, **kwargs):
        if create and extracted:
            self.speakers.set(extracted)


class FigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Figure

    claim = factory.SubFactory(ClaimFactory)
    category = models.Figure.Category.KILLED
    value = 600
    approximate = False
    unit = "people"
    text = "600"


# --- Editing (admin) -------------------------------------------------------------------------------


class ImportRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ImportRun

    files = factory.LazyFunction(lambda: ["seeds/a.txt", "seeds/b.txt"])
    created = 1
    failed = 1
    failures = factory.LazyFunction(lambda: [{"file": "seeds/b.txt", "reason": "empty file"}])


class ImportLedgerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ImportLedger

    version = 3


class PersonRedirectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PersonRedirect

    old_slug = factory.Sequence(lambda n: f"old-person-{n}")
    person = factory.SubFactory(PersonFactory)


class OrganisationRedirectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.OrganisationRedirect

    old_slug = factory.Sequence(lambda n: f"old-organisation-{n}")
    organisation = factory.SubFactory(OrganisationFactory)


class BriefingRedirectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.BriefingRedirect

    old_pk = factory.Sequence(lambda n: 10_000 + n)
    briefing = factory.SubFactory(BriefingFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")


class EditorFactory(UserFactory):
    """A staff user in the "editor" group that migration 0002 creates."""

    class Meta:
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"editor{n}")
    is_staff = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            self.groups.add(editor_group())


def editor_group():
    """The "editor" group of migration 0002, re-created if a transactional test's flush removed it."""
    import importlib

    from django.contrib.auth.models import Group, Permission

    migration = importlib.import_module("archive.migrations.0002_editor_group")
    group, created = Group.objects.get_or_create(name=migration.GROUP)
    if created:
        codenames = [f"{act}_{model}" for model, acts in migration.PERMISSIONS.items() for act in acts]
        permissions = Permission.objects.filter(content_type__app_label="archive", codename__in=codenames)
        group.permissions.set(permissions)
    return group


def attributed_claim(text: str, *, source: str, cue: str, parts: list[str], **kwargs) -> models.Claim:
    """A claim in a new article of ``text``: its source, cue and content part(s) are the first
    occurrences of those words, the parts searched in order, e.g.
    ``attributed_claim("'A,' he said, 'B.'", source="he", cue="said", parts=["A,", "B."])``."""
    article = kwargs.pop("article", None) or ArticleFactory(raw_text=text)
    spans, pos = [], 0
    for part in parts:
        start = article.text.index(part, pos)
        pos = start + len(part)
        spans.append([start, pos])
    source_start, cue_start = article.text.index(source), article.text.index(cue)
    return ClaimFactory(
        article=article,
        start=spans[0][0],
        end=spans[-1][1],
        source_start=source_start,
        source_end=source_start + len(source),
        cue_start=cue_start,
        cue_end=cue_start + len(cue),
        parts=spans if len(spans) > 1 else [],
        cue=cue,
        **kwargs,
    )
