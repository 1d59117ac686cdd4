#!/usr/bin/env python
"""Server time of the public pages on a large synthetic archive (see docs/SCALE.md).

    python scripts/benchmark_web.py build [--claims 1000000] [--seed 1]
    python scripts/benchmark_web.py measure [--repeat 7] [--only claims] [--no-datasette]
    python scripts/benchmark_web.py load [--clients 16] [--duration 60] [--workers 2]
    python scripts/benchmark_web.py export [--format csv] [--output FILE]

``build`` fills the migrated, empty database named by ``DATABASE_URL`` (SQLite
without it: ``db.sqlite3``) with a synthetic archive in the seeds' style: N
claims in N/9 articles from dozens of outlets over ten years, hundreds of
lawmakers with spelling variants who change party, briefings of the agencies
to committees, figures in most claims. Rows go in with bulk inserts in chunks,
so 1M claims take minutes, not hours.

``measure`` requests a fixed list of pages through Django's test client (no
network, no server) and prints, per page, the first (cold cache) time, the time until
that page's facets are all counted ("whole": a claims list shows the facets it could count
within its budget and its script fetches the rest when they are counted), then the
median and 95th percentile of the repeats (after the facets the first request left to the
background are counted; the page itself then comes from the page cache), and the query
count; then the same for the page drawn again before each repeat ("drawn": the page cache
emptied, its counts and facets still cached). On SQLite, with
Datasette installed (the ``bench`` extra), each page that Datasette can express is also
requested from Datasette serving the same file, right after the archive's (A/B, interleaved),
and the ratios of the medians printed (cached and drawn pages against Datasette's).

``load`` starts gunicorn on the database and has N client threads request a mix of filtered
claims lists for a while: requests/s, p50/p95 latency, errors. ``export`` runs
``manage.py export_archive`` per format in a child process: its peak memory (RSS) and time.
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
from urllib.parse import quote

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
            # Past the planned articles (fewer claims each than the average), one more at a time.
            for _ in range(max(min(chunk, n_articles - article_no), 1)):
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


def pages() -> list[tuple[str, str, str | None]]:
    """(name, URL, Datasette query or None) of the pages measured, chosen from the data (the same
    on every run).

    The Datasette query asks its table page of ``archive_claim`` for the same selection where
    Datasette can say it: the public claims (not rejected, not retired), newest first, 50 a page,
    faceted by the claim's own columns (kind, status, source, briefing). A subquery filters by
    a speaker (the archive's person filter also takes the claims the person is the source of:
    5% more rows here) or a figure category. Party (membership on the claim's date), outlet (a
    column of the article) and page numbers have no Datasette equivalent.
    """
    from urllib.parse import quote, quote_plus

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

    def through(table: str, column: str, value: object) -> str:
        # What Datasette's ?_through= writes, as a ?_where= clause: 0.65's _through reuses the
        # parameter name of the first column filter (p0), so combined with one it asks for
        # something else.
        return "_where=" + quote(f"id in (select claim_id from {table} where {column} = {value!r})")

    def datasette(*filters: str) -> str:
        facets = "&".join(f"_facet={c}" for c in ("kind", "status", "source_organisation_id", "briefing_id"))
        public = "status__not=rejected&retired_at__isnull=1"
        return "&".join(("archive_claim?_sort_desc=claim_date&_size=50", public, *filters, facets))

    speaker = through("archive_claim_speakers", "person_id", person.pk)
    return [
        ("claims", "/claims/", datasette()),
        ("claims person", f"/claims/?person={person.slug}", datasette(speaker)),
        ("claims party+dates", f"/claims/?party={party.slug}&date_from=2019-01-01&date_to=2019-12-31", None),
        (
            "claims dates",
            "/claims/?date_from=2019-01-01&date_to=2019-12-31",
            datasette("claim_date__gte=2019-01-01", "claim_date__lte=2019-12-31"),
        ),
        (
            "claims person+source+dates",
            f"/claims/?person={person.slug}&source={agency.slug}&date_from=2018-01-01&date_to=2021-12-31",
            datasette(
                speaker,
                f"source_organisation_id={agency.pk}",
                "claim_date__gte=2018-01-01",
                "claim_date__lte=2021-12-31",
            ),
        ),
        ("claims outlet+kind+category", f"/claims/?outlet={outlet.slug}&kind=direct&category=killed", None),
        (
            "claims kind+category",
            "/claims/?kind=direct&category=killed",
            datasette("kind=direct", through("archive_figure", "category", "killed")),
        ),
        ("claims q", "/claims/?q=drones", datasette("text__contains=drones")),
        ("claims deep page", "/claims/?page=500", None),
        ("home", "/", None),
        ("figures", "/figures/", None),
        ("search", "/search/?q=drones", None),
        (
            "search a name",
            f"/search/?q={quote_plus(person.aliases[-1] if person.aliases else person.name)}",
            None,
        ),
        ("person", f"/people/{person.slug}/", None),
        ("briefing", f"/briefings/{briefing.pk}/", None),
        ("claim", f"/claims/{claim.pk}/", None),
        ("article", f"/articles/{article.pk}/", None),
        ("admin claims", "/admin/archive/claim/", None),
        ("admin claims search", "/admin/archive/claim/?q=drones", None),
        # Several words, each common, rare together: a lawmaker's name, words in every title.
        ("admin claims search a name", f"/admin/archive/claim/?q={quote_plus(person.name)}", None),
        ("admin claims search words", "/admin/archive/claim/?q=north+korean+troops", None),
        ("admin claims search phrase", "/admin/archive/claim/?q=prisoners+of+war", None),
    ]


class DatasetteClient:
    """Datasette serving the SQLite file Django uses, in this process through its own ASGI
    client (``Datasette.client``: no network, as Django's test client), with its default
    settings (SQL time limit 1 s, facet time limit 200 ms, suggested facets on)."""

    def __init__(self, path: str):
        import asyncio

        from datasette.app import Datasette  # first: it registers Datasette's own plugins

        from datasette import handle_exception  # isort: skip

        handle_exception.rich = None  # no traceback on stderr for each query over its time limit

        self.loop = asyncio.new_event_loop()
        self.datasette = Datasette([path])
        self.loop.run_until_complete(self.datasette.invoke_startup())
        self.database = Path(path).stem

    def get(self, query: str) -> int:
        """The HTTP status of Datasette's answer (a query past its SQL time limit is a 400)."""
        response = self.loop.run_until_complete(self.datasette.client.get(f"/{self.database}/{query}"))
        return response.status_code


def datasette_client():
    """A ``DatasetteClient`` on the SQLite database, or None (PostgreSQL, or no Datasette)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return None
    try:
        import datasette  # noqa: F401
    except ImportError:
        print("(Datasette is not installed: pip install -e '.[bench]' to compare with it)")
        return None
    return DatasetteClient(str(connection.settings_dict["NAME"]))


def _p95(sorted_times: list[float]) -> float:
    return sorted_times[min(len(sorted_times) - 1, round(0.95 * (len(sorted_times) - 1)))]


def measure(repeat: int, only: str | None, compare: bool) -> None:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from archive import caching
    from archive.filters import counted

    # Not setup_test_environment(): it makes every template rendered send a signal with a copy
    # of its context for the test client to record (each claim row is one), which a server
    # does not pay. The test client's host is allowed instead.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    user, _ = get_user_model().objects.get_or_create(
        username="benchmark", defaults={"is_staff": True, "is_superuser": True}
    )
    client.force_login(user)
    caching.clear()  # cold: nothing cached here or in the shared state
    import archive.wsgi  # noqa: F401 (this process settled as a server's worker is: gc.freeze)

    ds = datasette_client() if compare else None
    print(f"{connection.vendor}, {repeat} repeats; times in ms" + (", Datasette interleaved" if ds else ""))
    header = f"{'page':32} {'cold':>8} {'whole':>8} {'p50':>8} {'p95':>8} {'queries':>8} {'drawn50':>8} {'drawn95':>8} {'queries':>8}"
    if ds:
        header += f" {'DS cold':>8} {'DS p50':>8} {'DS p95':>8} {'p50/DS':>7} {'drawn/DS':>8}"
    print(header)
    ratios = []
    for name, url, ds_query in pages():
        if only and only not in name:
            continue
        times: list[float] = []
        drawn: list[float] = []
        ds_times: list[float] = []
        ds_status: set[int] = set()
        for i in range(repeat + 1):
            if i:  # the page drawn again (its counts and facets cached), then as a repeat finds it
                caches["archive_pages"].clear()
                with CaptureQueriesContext(connection) as drawn_queries:
                    drawn.append(_request(client, url))
            with CaptureQueriesContext(connection) as queries:
                times.append(_request(client, url))
            if ds and ds_query:  # A/B: the same selection from Datasette right after
                started = time.perf_counter()
                ds_status.add(ds.get(ds_query))
                ds_times.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            counted()  # facets the cold request left to the background: the repeats see whole pages
            if not i:  # the cold page, then its facets ready: when its script has the whole page
                complete = times[0] + (time.perf_counter() - started) * 1000
        cold, warm, drawn = times[0], sorted(times[1:]), sorted(drawn)
        line = f"{name:32} {cold:8.0f} {complete:8.0f} {statistics.median(warm):8.0f} {_p95(warm):8.0f} {len(queries):8d}"
        if drawn:
            line += f" {statistics.median(drawn):8.0f} {_p95(drawn):8.0f} {len(drawn_queries):8d}"
        if ds_times:
            ds_warm = sorted(ds_times[1:])
            ratio = statistics.median(warm) / statistics.median(ds_warm)
            drawn_ratio = statistics.median(drawn) / statistics.median(ds_warm)
            ratios.append(drawn_ratio)
            line += (
                f" {ds_times[0]:8.0f} {statistics.median(ds_warm):8.0f} {_p95(ds_warm):8.0f} {ratio:6.2f}x"
                f" {drawn_ratio:7.2f}x"
            )
            if ds_status != {200}:  # Datasette gave up (e.g. its 1 s SQL time limit): say so
                line += " (Datasette: HTTP " + ", ".join(map(str, sorted(ds_status))) + ")"
        print(line, flush=True)
    if ratios:
        print(
            f"drawn p50 / Datasette p50: {min(ratios):.2f}x to {max(ratios):.2f}x over {len(ratios)} query types"
        )


def _request(client, url: str) -> float:
    """One request's time in ms (a streamed response read to its end); exits on an error."""
    started = time.perf_counter()
    response = client.get(url)
    if response.streaming:
        for _ in response.streaming_content:
            pass
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        sys.exit(f"{url}: HTTP {response.status_code}")
    return elapsed


# -- export -------------------------------------------------------------------------------------

# Runs the command given as its arguments and prints its peak resident memory (KB) and time:
# getrusage(RUSAGE_CHILDREN) covers the children waited for, here just that one.
_PEAK = """
import resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.perf_counter() - started)
"""


def export(formats: list[str], output: str) -> None:
    """``manage.py export_archive --format F --output OUTPUT`` in a child process per format:
    its peak memory (RSS) and time."""
    import subprocess

    from archive.models import Claim

    print(f"{Claim.objects.count():,} claims; export_archive peak memory (RSS) and time", flush=True)
    for fmt in formats:
        command = [
            sys.executable,
            str(ROOT / "manage.py"),
            "export_archive",
            f"--format={fmt}",
            f"--output={output}",
        ]
        out = subprocess.run(
            [sys.executable, "-c", _PEAK, *command], cwd=ROOT, capture_output=True, text=True, check=True
        )
        code, kb, seconds = out.stdout.split()
        if code != "0":
            sys.exit(f"export_archive --format={fmt} failed ({code})")
        size = f", {os.path.getsize(output) / 1e6:,.0f} MB written" if os.path.isfile(output) else ""
        print(f"{fmt:5} {int(kb) / 1024:7.0f} MB peak RSS {float(seconds):8.0f} s{size}", flush=True)


# -- load ---------------------------------------------------------------------------------------


def load_urls(count: int, seed: int) -> list[str]:
    """``count`` filtered claims lists, drawn from the data: by person, party and year, outlet,
    kind, figure category, source, text, a few pages deep (the same list for the same seed)."""
    from archive.models import Figure, Organisation, Person

    rng = random.Random(seed)
    people = list(Person.objects.order_by("pk").values_list("slug", flat=True))
    parties = list(Organisation.objects.filter(kind="party").order_by("pk").values_list("slug", flat=True))
    outlets = list(Organisation.objects.filter(kind="media").order_by("pk").values_list("slug", flat=True))
    sources = list(Organisation.objects.filter(kind="agency").order_by("pk").values_list("slug", flat=True))
    categories = [c for c, _ in Figure.Category.choices]
    shapes = [
        lambda: f"person={rng.choice(people)}",
        lambda: (
            f"party={rng.choice(parties)}&date_from={(y := rng.randint(2016, 2025))}-01-01&date_to={y}-12-31"
        ),
        lambda: f"outlet={rng.choice(outlets)}&kind={rng.choice(['direct', 'indirect'])}",
        lambda: f"category={rng.choice(categories)}",
        lambda: f"source={rng.choice(sources)}&date_from={rng.randint(2016, 2025)}-01-01",
        lambda: f"person={rng.choice(people)}&source={rng.choice(sources)}",
        lambda: f"q={rng.choice(NOUNS)}",
        lambda: f"page={rng.randint(2, 20)}",
    ]
    # Values quoted as a browser sends them ("troops deployed" is a category).
    return [f"/claims/?{quote(shapes[i % len(shapes)](), safe='=&')}" for i in range(count)]


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _workers_cpu(master: int) -> float:
    """CPU seconds (user + system) used so far by the children of process ``master`` (Linux's
    /proc; 0 elsewhere): gunicorn's workers."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:  # ppid
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def load(clients: int, duration: float, workers: int, n_urls: int, warmup: float, seed: int) -> None:
    """gunicorn with ``workers`` processes on the database Django is configured with, and
    ``clients`` threads each requesting a random URL of ``load_urls`` over and over, a new
    connection a request (gunicorn's sync workers do not keep connections alive). An error is a
    status other than 200 or a failed request (a 60 s timeout included)."""
    import http.client
    import subprocess
    import threading

    from django.db import connection

    urls = load_urls(n_urls, seed)
    connection.close()
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "archive.wsgi",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--timeout=60",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "false"},
    )
    try:
        deadline = time.monotonic() + 60
        while True:  # up when it answers
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request("GET", "/claims/")
                conn.getresponse().read()
                conn.close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    sys.exit("gunicorn did not start")
                time.sleep(0.5)
        print(
            f"{connection.vendor}, gunicorn {workers} workers, {clients} clients, {len(urls)} URLs, "
            f"{warmup:.0f} s warm-up then {duration:.0f} s",
            flush=True,
        )
        results: list[tuple[float, float, int]] = []  # (finished at, ms, status or 0 for an error)
        lock = threading.Lock()
        started = time.monotonic()
        stop = started + warmup + duration

        def client(n: int) -> None:
            rng = random.Random(seed * 1000 + n)
            while time.monotonic() < stop:
                url = rng.choice(urls)
                t0 = time.monotonic()
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                    conn.request("GET", url)
                    response = conn.getresponse()
                    response.read()
                    status = response.status
                    conn.close()
                except (OSError, http.client.HTTPException):  # a failed request is an error, not the end
                    status = 0
                t1 = time.monotonic()
                with lock:
                    results.append((t1, (t1 - t0) * 1000, status))

        cpu: list[float] = []  # the workers' CPU seconds when the measured period starts

        def mark() -> None:
            cpu.append(_workers_cpu(server.pid))

        timer = threading.Timer(warmup, mark)
        timer.start()
        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        ended = time.monotonic()
        cpu.append(_workers_cpu(server.pid))
    finally:
        server.terminate()
        server.wait(timeout=30)
    for label, since, until in (
        ("warm-up", started, started + warmup),
        ("measured", started + warmup, ended),
    ):
        window = [r for r in results if since <= r[0] <= until]
        if not window:
            continue
        ms = sorted(r[1] for r in window)
        errors = sum(1 for r in window if r[2] != 200)
        print(
            f"{label:9} {len(window):6d} requests {len(window) / max(until - since, 1e-9):7.1f} req/s  "
            f"p50 {statistics.median(ms):6.0f} ms  p95 {_p95(ms):6.0f} ms  max {ms[-1]:6.0f} ms  "
            f"errors {errors}",
            flush=True,
        )
    measured = [r for r in results if r[0] >= started + warmup]
    if len(cpu) == 2 and cpu[1] > 0 and measured:
        per_request = (cpu[1] - cpu[0]) * 1000 / len(measured)
        print(
            f"workers' CPU {per_request:.0f} ms a request (measured period): at most "
            f"{1000 * workers / per_request:.0f} requests/s with {workers} idle cores",
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
    m.add_argument(
        "--no-datasette", dest="compare", action="store_false", help="SQLite: do not compare with Datasette"
    )
    ex = sub.add_parser("export", help="peak memory and time of export_archive")
    ex.add_argument("--format", action="append", choices=["csv", "json"], help="csv, json (default both)")
    ex.add_argument("--output", default=os.devnull, help="where the export goes (default: nowhere)")
    ld = sub.add_parser("load", help="gunicorn under concurrent clients requesting filtered claims lists")
    ld.add_argument("--clients", type=int, default=16)
    ld.add_argument("--duration", type=float, default=60, help="seconds measured (after the warm-up)")
    ld.add_argument("--warmup", type=float, default=20, help="seconds of requests before measuring")
    ld.add_argument("--workers", type=int, default=2)
    ld.add_argument("--urls", type=int, default=200, help="distinct URLs in the mix")
    ld.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    setup_django()
    if args.command == "build":
        build(args.claims, args.seed, args.chunk)
    elif args.command == "export":
        export(args.format or ["csv", "json"], args.output)
    elif args.command == "load":
        load(args.clients, args.duration, args.workers, args.urls, args.warmup, args.seed)
    else:
        measure(args.repeat, args.only, args.compare)


if __name__ == "__main__":
    main()
