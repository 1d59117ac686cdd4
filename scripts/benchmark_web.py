#!/usr/bin/env python
"""Server time of the public pages on a large synthetic archive (see docs/SCALE.md).

    python scripts/benchmark_web.py build [--claims 1000000] [--seed 1]
    python scripts/benchmark_web.py measure [--repeat 7] [--only claims]

``build`` fills the migrated, empty database named by ``DATABASE_URL`` (SQLite
without it: ``db.sqlite3``) with a synthetic archive in the seeds' style: N
claims in N/9 articles from dozens of outlets over ten years, hundreds of
lawmakers with spelling variants who change party, briefings of the agencies
to committees, figures in most claims. Rows go in with bulk inserts in chunks,
so 1M claims take minutes, not hours.

``measure`` requests a fixed list of pages through Django's test client (no
network, no server) and prints, per page, the first (cold cache) time, then the
median and 95th percentile of the repeats (after the facets the first request left to the
background are counted), and the query count.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SYLLABLES = [
    "seong",
    "kweun",
    "sun",
    "won",
    "ji",
    "ho",
    "min",
    "jae",
    "hyun",
    "woo",
    "young",
    "soo",
    "kyung",
    "hee",
    "dong",
    "jin",
    "tae",
    "sang",
    "chul",
    "eun",
    "ha",
    "na",
    "yeon",
    "joon",
    "bin",
    "gyu",
    "seok",
    "hwan",
    "il",
    "mi",
    "ra",
]
SURNAMES = ["Lee", "Kim", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Shin"]
VARIANT = {
    "Lee": "Yi",
    "Park": "Pak",
    "Choi": "Choe",
    "Jung": "Chung",
    "Cho": "Jo",
    "Lim": "Rim",
    "Shin": "Sin",
}
PARTIES = [
    "People Power Party",
    "Democratic Party",
    "Rebuilding Korea Party",
    "Reform Party",
    "Justice Party",
    "Liberty Korea Party",
]
AGENCIES = [
    ("National Intelligence Service", "NIS"),
    ("Joint Chiefs of Staff", "JCS"),
    ("Ministry of National Defense", "MND"),
    ("Ministry of Unification", "MOU"),
    ("Defense Intelligence Agency", "DIA"),
]
COMMITTEES = ["Intelligence Committee", "National Defense Committee", "Foreign Affairs Committee"]
OUTLETS = [
    f"{a} {b}"
    for a in ("Korea", "Seoul", "Busan", "Daily", "National", "Asia", "Global")
    for b in ("Herald", "Times", "News", "Post", "Press", "Broadcasting")
][:40]
PLACES = ["Kursk", "Russia", "Ukraine", "the front", "Pyongyang", "Vladivostok", "the border", "Kyiv"]
NOUNS = ["troops", "soldiers", "workers", "shells", "missiles", "drones", "engineers", "officers"]
VERBS = ["said", "told reporters", "claimed", "added", "noted", "stressed", "reported"]
TOPICS = [
    "the deployment had grown since the spring",
    "losses were heavier than previously thought",
    "drones were being used to train the units",
    "the regime was preparing a further rotation",
    "munitions shipments continued by rail",
    "the leader had inspected a drone factory",
    "labourers were sent to construction sites",
    "prisoners of war asked to go to the South",
]
CATEGORIES = [
    ("killed", "people"),
    ("wounded", "people"),
    ("casualties", "people"),
    ("troops deployed", "troops"),
    ("captured", "people"),
    ("labourers", "people"),
    ("munitions", "shells"),
    ("money", "USD"),
    ("incidents", ""),
    ("other", ""),
]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# -- build --------------------------------------------------------------------------------------


def build(n_claims: int, seed: int, chunk: int) -> None:
    from django.db import connection, transaction

    from archive.models import (
        Article,
        Briefing,
        Claim,
        DateBasis,
        Figure,
        Membership,
        Organisation,
        Person,
    )

    if Claim.objects.exists():
        sys.exit("The database already has claims: build fills an empty (migrated) database.")
    rng = random.Random(seed)
    started = time.perf_counter()
    first_day, days = dt.date(2016, 1, 1), 3650

    with transaction.atomic():
        parties = Organisation.objects.bulk_create(
            Organisation(name=n, slug=f"party-{i}", kind="party") for i, n in enumerate(PARTIES)
        )
        agencies = Organisation.objects.bulk_create(
            Organisation(name=n, slug=f"agency-{i}", kind="agency", aliases=[a])
            for i, (n, a) in enumerate(AGENCIES)
        )
        committees = Organisation.objects.bulk_create(
            Organisation(name=n, slug=f"committee-{i}", kind="committee") for i, n in enumerate(COMMITTEES)
        )
        outlets = Organisation.objects.bulk_create(
            Organisation(name=n, slug=f"outlet-{i}", kind="media") for i, n in enumerate(OUTLETS)
        )
        names: set[str] = set()
        while len(names) < 320:
            first = rng.choice(SYLLABLES).capitalize() + "-" + rng.choice(SYLLABLES)
            names.add(f"{rng.choice(SURNAMES)} {first}")
        people = []
        for i, name in enumerate(sorted(names)):
            surname, given = name.split(" ", 1)
            aliases = [given.replace("-", " ") + " " + surname, f"{VARIANT.get(surname, surname)} {given}"]
            people.append(Person(name=name, slug=f"person-{i}", aliases=aliases, roles=["lawmaker"]))
        people = Person.objects.bulk_create(people)
        memberships = []
        for person in people:
            switch = first_day + dt.timedelta(days=rng.randrange(days))
            a, b = rng.sample(parties, 2)
            if rng.random() < 0.3:  # a party change over the years
                memberships.append(Membership(person=person, organisation=a, end=switch))
                memberships.append(
                    Membership(person=person, organisation=b, start=switch + dt.timedelta(days=1))
                )
            else:
                memberships.append(Membership(person=person, organisation=a))
        Membership.objects.bulk_create(memberships)
        # Several years of briefings: about one every other day.
        briefings = Briefing.objects.bulk_create(
            Briefing(
                date=first_day + dt.timedelta(days=d),
                date_basis=DateBasis.INFERRED,
                organiser=rng.choice(agencies),
                audience=rng.choice(committees),
                closed_door=rng.random() < 0.7,
            )
            for d in range(0, days, 2)
        )
    print(f"{len(people)} people, {len(outlets)} outlets, {len(briefings)} briefings", flush=True)

    n_articles = max(1, n_claims // 9)
    made = 0
    article_no = 0
    while made < n_claims:
        with transaction.atomic():
            articles, plans = [], []
            for _ in range(min(chunk, n_articles - article_no) or 1):
                day = rng.randrange(days)
                published = first_day + dt.timedelta(days=day)
                briefing = briefings[min(day // 2, len(briefings) - 1)] if rng.random() < 0.6 else None
                count = min(rng.randint(5, 13), n_claims - made - sum(len(p[1]) for p in plans))
                if count <= 0:
                    break
                parts = [f"SEOUL, {published:%B %-d} -- Report {article_no}."]
                offset = len(parts[0]) + 1
                claims = []
                for _ in range(count):
                    speaker = rng.choice(people)
                    number = rng.choice([100, 600, 700, 1000, 1500, 3000, 11000, 12000, 15000])
                    noun = rng.choice(NOUNS)
                    text = (
                        f"Rep. {speaker.name} {rng.choice(VERBS)} that about {number:,} {noun} "
                        f"had been sent to {rng.choice(PLACES)} and {rng.choice(TOPICS)}."
                    )
                    claims.append((text, offset, speaker, number))
                    parts.append(text)
                    offset += len(text) + 1
                    if rng.random() < 0.5:
                        filler = f"The {rng.choice(OUTLETS)} could not confirm the figure."
                        parts.append(filler)
                        offset += len(filler) + 1
                body = " ".join(parts)
                articles.append(
                    Article(
                        source_file=f"bench/{article_no:07d}.txt",
                        sha256=f"{seed:08x}{article_no:056x}",
                        raw_text=body,
                        text=body,
                        title=f"Report {article_no}: North Korean deployment",
                        outlet=rng.choice(outlets),
                        published_on=published,
                        published_on_basis=DateBasis.DATELINE,
                    )
                )
                plans.append((briefing, claims))
                article_no += 1
            articles = Article.objects.bulk_create(articles)
            rows = []
            for article, (briefing, claims) in zip(articles, plans, strict=True):
                for text, start, speaker, number in claims:
                    source = rng.random()
                    claim = Claim(
                        article=article,
                        text=text,
                        start=start,
                        end=start + len(text),
                        kind="direct" if rng.random() < 0.3 else "indirect",
                        cue="said",
                        source_organisation=briefing.organiser if briefing and source < 0.8 else None,
                        source_person=rng.choice(people) if source > 0.95 else None,
                        briefing=briefing,
                        claim_date=(briefing.date if briefing else article.published_on),
                        status="rejected" if rng.random() < 0.01 else "extracted",
                    )
                    rows.append((claim, speaker, number))
            Claim.objects.bulk_create([r[0] for r in rows], batch_size=2000)
            Claim.speakers.through.objects.bulk_create(
                (Claim.speakers.through(claim_id=c.pk, person_id=p.pk) for c, p, _ in rows), batch_size=5000
            )
            Article.people.through.objects.bulk_create(
                {
                    (c.article_id, p.pk): Article.people.through(article_id=c.article_id, person_id=p.pk)
                    for c, p, _ in rows
                }.values(),
                batch_size=5000,
            )
            Briefing.articles.through.objects.bulk_create(
                (
                    Briefing.articles.through(briefing_id=b.pk, article_id=a.pk)
                    for a, (b, _) in zip(articles, plans, strict=True)
                    if b is not None
                ),
                batch_size=5000,
            )
            figures = []
            for claim, _, number in rows:
                if rng.random() < 0.85:
                    category, unit = rng.choice(CATEGORIES)
                    figures.append(
                        Figure(
                            claim=claim,
                            category=category,
                            value=number,
                            unit=unit,
                            approximate=True,
                            text=f"about {number:,}",
                            start=claim.start,
                            end=claim.start + 10,
                        )
                    )
            Figure.objects.bulk_create(figures, batch_size=5000)
            made += len(rows)
        rate = made / (time.perf_counter() - started)
        print(f"{made:,} claims, {article_no:,} articles ({rate:,.0f} claims/s)", flush=True)
    from archive import affiliations, caching
    from archive.search import name_keys_rebuild

    affiliations.refresh_all()  # the bulk inserts sent no signals
    name_keys_rebuild()  # bulk inserts skip Person.save(), which stores the search's name keys
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    caching.forget()
    print(f"built in {time.perf_counter() - started:.0f} s")


# -- measure ------------------------------------------------------------------------------------


def pages() -> list[tuple[str, str]]:
    """(name, URL) of the pages measured, chosen from the data (the same on every run)."""
    from urllib.parse import quote_plus

    from django.db.models import Count

    from archive.models import Article, Briefing, Claim, Organisation, Person

    person = Person.objects.annotate(n=Count("claims")).order_by("-n", "pk").first()
    party = Organisation.objects.filter(kind="party").order_by("pk").first()
    agency = Organisation.objects.filter(kind="agency").order_by("pk").first()
    outlet = Organisation.objects.filter(kind="media").order_by("pk").first()
    claim = Claim.objects.order_by("pk")[Claim.objects.count() // 2]
    article = Article.objects.order_by("pk")[Article.objects.count() // 2]
    briefing = Briefing.objects.order_by("pk")[Briefing.objects.count() // 2]
    assert person and party and agency and outlet
    return [
        ("claims", "/claims/"),
        ("claims person", f"/claims/?person={person.slug}"),
        ("claims party+dates", f"/claims/?party={party.slug}&date_from=2019-01-01&date_to=2019-12-31"),
        (
            "claims person+source+dates",
            f"/claims/?person={person.slug}&source={agency.slug}&date_from=2018-01-01&date_to=2021-12-31",
        ),
        ("claims outlet+kind+category", f"/claims/?outlet={outlet.slug}&kind=direct&category=killed"),
        ("claims q", "/claims/?q=drones"),
        ("claims deep page", "/claims/?page=500"),
        ("home", "/"),
        ("figures", "/figures/"),
        ("search", "/search/?q=drones"),
        ("search a name", f"/search/?q={quote_plus(person.aliases[-1] if person.aliases else person.name)}"),
        ("person", f"/people/{person.slug}/"),
        ("briefing", f"/briefings/{briefing.pk}/"),
        ("claim", f"/claims/{claim.pk}/"),
        ("article", f"/articles/{article.pk}/"),
        ("admin claims", "/admin/archive/claim/"),
        ("admin claims search", "/admin/archive/claim/?q=drones"),
    ]


def measure(repeat: int, only: str | None) -> None:
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from archive.filters import counted

    setup_test_environment()
    client = Client()
    user, _ = get_user_model().objects.get_or_create(
        username="benchmark", defaults={"is_staff": True, "is_superuser": True}
    )
    client.force_login(user)
    cache.clear()
    print(f"{connection.vendor}, {repeat} repeats; times in ms")
    print(f"{'page':32} {'cold':>8} {'p50':>8} {'p95':>8} {'queries':>8}")
    for name, url in pages():
        if only and only not in name:
            continue
        times = []
        for _ in range(repeat + 1):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                if response.streaming:
                    for _ in response.streaming_content:
                        pass
                times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                sys.exit(f"{url}: HTTP {response.status_code}")
            counted()  # facets the cold request left to the background: the repeats see whole pages
        cold, warm = times[0], sorted(times[1:])
        p95 = warm[min(len(warm) - 1, round(0.95 * (len(warm) - 1)))]
        print(
            f"{name:32} {cold:8.0f} {statistics.median(warm):8.0f} {p95:8.0f} {len(queries):8d}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="fill the empty database with a synthetic archive")
    b.add_argument("--claims", type=int, default=1_000_000)
    b.add_argument("--seed", type=int, default=1)
    b.add_argument("--chunk", type=int, default=2000, help="articles per transaction")
    m = sub.add_parser("measure", help="time the pages")
    m.add_argument("--repeat", type=int, default=7)
    m.add_argument("--only", help="only the pages whose name contains this")
    args = parser.parse_args()
    setup_django()
    if args.command == "build":
        build(args.claims, args.seed, args.chunk)
    else:
        measure(args.repeat, args.only)


if __name__ == "__main__":
    main()
