"""A small invented world for the web tests, scalable to pin query counts at two sizes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from archive.models import Claim, Figure
from tests.factories import (
    AgencyFactory,
    ArticleFactory,
    BriefingFactory,
    ClaimFactory,
    FigureFactory,
    MembershipFactory,
    OrganisationFactory,
    OutletFactory,
    PartyFactory,
    PersonFactory,
)

APRIL_30 = dt.date(2025, 4, 30)


@dataclass
class World:
    ppp: object
    dp: object
    nis: object
    committee: object
    kbs: object
    yonhap: object
    lee: object
    park: object
    briefing: object
    claims: list = field(default_factory=list)
    articles: list = field(default_factory=list)


def article_text(n: int, number: int) -> str:
    return (
        f"SEOUL, April {30 - n % 20} (Report {n}) -- The spy agency briefed lawmakers on Wednesday. "
        f"Rep. Lee Seong-kweun said about {number} North Korean soldiers have been killed in Kursk. "
        f"Rep. Park Sun-won said Pyongyang sent 15,000 troops. The agency declined to comment."
    )


def build_world(size: int = 2) -> World:
    ppp = PartyFactory(name="People Power Party")
    dp = PartyFactory(name="Democratic Party")
    nis = AgencyFactory(name="National Intelligence Service", aliases=["NIS"])
    committee = OrganisationFactory(name="Intelligence Committee", kind="committee")
    kbs = OutletFactory(name="KBS")
    yonhap = OutletFactory(name="Yonhap")
    lee = PersonFactory(name="Lee Seong-kweun", aliases=["Lee Seong-gweon"])
    park = PersonFactory(name="Park Sun-won")
    MembershipFactory(person=lee, organisation=ppp, start=dt.date(2020, 1, 1))
    MembershipFactory(person=park, organisation=dp, start=dt.date(2020, 1, 1))
    briefing = BriefingFactory(date=APRIL_30, organiser=nis, audience=committee, closed_door=True)
    briefing.relayed_by.set([lee, park])
    world = World(ppp, dp, nis, committee, kbs, yonhap, lee, park, briefing)
    for n in range(size):
        number = 600 if n % 2 == 0 else 700
        text = article_text(n, number)
        article = ArticleFactory(
            raw_text=text,
            outlet=kbs if n % 2 == 0 else yonhap,
            published_on=APRIL_30 + dt.timedelta(days=n),
            title=f"North Korean losses, report {n}",
            byline=[f"Reporter {n}"],
        )
        briefing.articles.add(article)
        article.people.add(lee, park)
        s1 = text.index("Rep. Lee")
        e1 = text.index("Kursk.") + len("Kursk.")
        s2 = text.index("Rep. Park")
        e2 = text.index("troops.") + len("troops.")
        c1 = ClaimFactory(
            article=article,
            start=s1,
            end=e1,
            speakers=[lee],
            source_organisation=nis,
            briefing=briefing,
            kind=Claim.Kind.INDIRECT,
        )
        c2 = ClaimFactory(
            article=article,
            start=s2,
            end=e2,
            speakers=[park],
            source_organisation=nis,
            briefing=briefing,
            kind=Claim.Kind.DIRECT,
        )
        FigureFactory(
            claim=c1, category=Figure.Category.KILLED, value=number, approximate=True, text=str(number)
        )
        FigureFactory(claim=c2, category=Figure.Category.TROOPS_DEPLOYED, value=15000, text="15,000")
        world.articles.append(article)
        world.claims += [c1, c2]
    return world


@pytest.fixture
def world(db):
    return build_world(2)
