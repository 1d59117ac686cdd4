"""Full-text search of claims, ranked with highlighted snippets, and people found by any spelling.

Each database searches with its own full-text index, kept in step by the database itself, so that
imports, re-extraction, admin edits and merges never need to remember it (migration ``0008_search``):

- PostgreSQL: ``archive_claim_search``, each claim's ``to_tsvector('english', text)`` stored
  (claim_id, vector) with a GIN index, kept in step by triggers on insert, update of the text,
  delete and truncate; ranked by ``ts_rank`` over the stored vectors (computing them again for
  every match took 3.2 s for a third of 200,000 claims, against 0.2 s), matches marked by
  ``ts_headline``. Filters (the claims list's ``q``, the admin) read the same stored vectors (0010
  dropped the expression index of 0006). A table beside the claims rather than a generated
  column: the column made the claims table 1.8 times as wide, and every scan of it (a facet, a
  count) slower. The articles' title and text alike: ``archive_article_search`` (0012).
  Beside each claim's vector, its keys (the people, organisations and article it names, by id:
  0014), for the admin's search of several words (``keyed_condition``).
- SQLite: ``archive_claim_fts``, an FTS5 table over the claims' text (external content: it holds
  the index, not a copy), kept in step by triggers on insert, update and delete (and
  ``archive_article_fts`` over the articles' title and text, alike). Ranked by bm25,
  matches marked by ``highlight()``. ``ensure_sqlite_index`` recreates the table and triggers after any
  migration (a migration that rebuilds ``archive_claim`` on SQLite drops its triggers).

A query is reduced to plain words first (``search_terms``): quotes, ``*``, ``-``, ``OR``,
parentheses and the like are never operators, so no query can make the search fail. Snippets come
back from the database with control characters around the matches; ``marked`` escapes the text
between them and only then adds the ``<mark>`` elements.

People and organisations are found by any romanisation of their names: each name and spelling is
stored under ``archive.extraction.names.name_key`` (``NameKey``, kept in step when a person or
organisation is saved, and so by merges), and a query's runs of words are looked up under the same
key::

    >>> name_key("Choi Jeong-ho") == name_key("Choi Jung-ho") == name_key("Choe Jung Ho")
    True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connections, models
from django.db.models.expressions import RawSQL
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from archive.extraction.names import name_key
from archive.models import Claim, NameKey, Organisation, Person, search_terms

PG_TABLE = "archive_claim_search"
ARTICLE_PG_TABLE = "archive_article_search"
FTS_TABLE = "archive_claim_fts"
ARTICLE_FTS_TABLE = "archive_article_fts"
CONFIG = "english"
# What the databases put around a matched word: characters no claim text contains (``marked``
# drops any that one did), turned into <mark> only after the text is escaped.
START, STOP = "\x02", "\x03"
# The longest run of words tried as a name ("Choi Jeong-ho", "National Intelligence Service").
NAME_WORDS = 5


# -- the claims' full-text index --------------------------------------------------------------


def fts_match(terms: Iterable[str]) -> str:
    """An FTS5 query that finds every term (as the porter stemmer has it), and nothing else.

    Each term is a quoted string (``search_terms`` leaves only letters, digits and ``_``), so
    ``OR``, ``NOT``, ``*`` or a lone quote in the user's text are plain words, never syntax::

        >>> fts_match(["drones", "or", "not"])
        '"drones" "or" "not"'
    """
    return " ".join(f'"{t}"' for t in terms if t)


class _OnClaimRow(models.Expression):
    """A condition tested on each claim's row of ``archive_claim_search`` (PostgreSQL): ``EXISTS``
    by its primary key; ``OFFSET 0`` (unless ``hashed``) keeps it a probe of each claim the
    query reaches (see ``_Probe``)."""

    conditional = True
    output_field = models.BooleanField()

    def __init__(self, pk=None):
        super().__init__()
        self.pk = pk if pk is not None else models.F("pk")

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs):
        (self.pk,) = exprs

    def _on_row(self, compiler, condition: str, params: list, *, hashed: bool = False) -> tuple[str, list]:
        pk, pk_params = compiler.compile(self.pk)
        sql = f'EXISTS (SELECT 1 FROM "{PG_TABLE}" WHERE "{PG_TABLE}"."claim_id" = {pk} AND {condition}'
        return sql + ("" if hashed else " OFFSET 0") + ")", [*pk_params, *params]


class _Probe(_OnClaimRow):
    """A claim's text has every word, tested on the claim's row (``claims_matching(probe=True)``).

    PostgreSQL: ``EXISTS`` over the claim's stored vector (a probe of ``archive_claim_search``'s
    primary key, no text parsed). Unless ``hashed``, its ``OFFSET 0`` keeps the planner from
    collecting every match into a hash before the first claim is read, which it chose inside the
    admin's OR for the rows it expected to test, not the page it stops at: 100-125 ms for a
    common word's 84,000-125,000 matches, per word (two common words at 1M claims: 430 -> 200
    ms). A query that tests every claim (few found, nothing to start from) is cheaper hashed.
    SQLite: ``(id + 0) IN (the FTS5 matches)``: the ``+ 0`` keeps SQLite from driving the query
    from the matches (it cannot tell how many there are), so the order's index is walked and each
    row looked up in the matches, which SQLite collects once.
    """

    def __init__(self, terms: list[str], pk=None, *, hashed: bool = False):
        super().__init__(pk)
        self.terms = terms
        self.hashed = hashed

    def as_postgresql(self, compiler, connection):
        condition = f'"{PG_TABLE}"."vector" @@ plainto_tsquery(%s::regconfig, %s)'
        return self._on_row(compiler, condition, [CONFIG, " ".join(self.terms)], hashed=self.hashed)

    def as_sqlite(self, compiler, connection):
        pk, params = compiler.compile(self.pk)
        sql = f'({pk} + 0) IN (SELECT rowid FROM "{FTS_TABLE}" WHERE "{FTS_TABLE}" MATCH %s)'
        return sql, [*params, fts_match(self.terms)]


def probe_text(query: str, *, hashed: bool = False) -> _Probe:
    """A condition (for ``filter`` or a ``Q``): the claim's text has every word of ``query``,
    tested on the claim's row (PostgreSQL and SQLite; see ``_Probe``); ``hashed``: PostgreSQL
    may collect the matches first (for a query that tests every claim)."""
    return _Probe(search_terms(query), hashed=hashed)


def claims_matching(qs: models.QuerySet, query: str, *, probe: bool = False) -> models.QuerySet:
    """The claims of ``qs`` whose text has every word of ``query`` (none for a query without words).

    By default ``pk IN (the matches)``, from each database's full-text index: PostgreSQL's stored
    vectors (``archive_claim_search``: no text parsed; the expression index of 0006 rechecked every
    row of a lossy bitmap page and its capped count parsed tens of thousands of texts: 2.9 s for
    "drones" at 1M claims, 0.2 s from the stored vectors), SQLite's FTS5 table. The database can
    then start from the matches: right for a rare word, and for counts and facets.

    ``probe=True`` tests each claim the query reaches instead (``_Probe``): right when the order's
    index should lead and stop after a page (a word in a large share of the claims), and inside
    an ``OR`` (the admin's search), where neither database can start from a list of matches.
    """
    terms = search_terms(query)
    if not terms:
        return qs.none()
    vendor = connections[qs.db].vendor
    if vendor in ("postgresql", "sqlite") and probe:
        return qs.filter(_Probe(terms))
    if vendor in ("postgresql", "sqlite"):
        return qs.filter(pk__in=RawSQL(*_matching_ids(vendor, terms)))
    for term in terms:  # another database: every word somewhere in the text
        qs = qs.filter(text__icontains=term)
    return qs


def _matching_ids(vendor: str, terms: list[str], *, articles: bool = False) -> tuple[str, list]:
    """SQL and parameters of the ids of the claims (or ``articles``) with every word of ``terms``,
    from the database's full-text index (PostgreSQL's stored vectors, SQLite's FTS5 table)."""
    if vendor == "postgresql":
        vectors = ARTICLE_PG_TABLE if articles else PG_TABLE
        key = PG_INDEXES[vectors][1]
        sql = f'SELECT "{key}" FROM "{vectors}" WHERE "vector" @@ plainto_tsquery(%s::regconfig, %s)'
        return sql, [CONFIG, " ".join(terms)]
    fts = ARTICLE_FTS_TABLE if articles else FTS_TABLE
    return f'SELECT rowid FROM "{fts}" WHERE "{fts}" MATCH %s', [fts_match(terms)]


def matches_at_most(query: str, limit: int, *, using: str = "default") -> bool:
    """Whether at most ``limit`` claims have every word of ``query`` (any status): one count of the
    full-text index that stops at ``limit + 1`` (a few ms for a word in a third of a million
    claims). Tells a word to start from (few matches) from one to test row by row (many)."""
    terms = search_terms(query)
    connection = connections[using]
    if not terms or connection.vendor not in ("postgresql", "sqlite"):
        return True
    sql, params = _matching_ids(connection.vendor, terms)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql} LIMIT %s) matches", [*params, limit + 1])
        return cursor.fetchone()[0] <= limit


def articles_matching(qs: models.QuerySet, query: str) -> models.QuerySet:
    """The articles of ``qs`` whose title or text has every word of ``query``: SQLite from its FTS5
    table; PostgreSQL from the articles' stored vectors (``archive_article_search``, 0012: the
    expression index of 0006 had each article it tested parse its whole text again, a fifth of a
    millisecond each: 80-120 ms for a name in one article of eight at 110,000 articles)."""
    terms = search_terms(query)
    if not terms:
        return qs.none()
    vendor = connections[qs.db].vendor
    if vendor in ("postgresql", "sqlite"):
        return qs.filter(pk__in=RawSQL(*_matching_ids(vendor, terms, articles=True)))
    for term in terms:
        qs = qs.filter(models.Q(title__icontains=term) | models.Q(text__icontains=term))
    return qs


@dataclass(frozen=True)
class Hit:
    """A claim found by a search: its id and its text with the matches marked (``marked``)."""

    pk: int
    snippet: str


# How many of the matches are ranked: the most recently recorded RANKED_AMONG (ranking costs
# each match a few microseconds on PostgreSQL and about 18 on SQLite: a word in a third of a
# million claims would take seconds). A word in fewer claims has all of them ranked.
RANKED_AMONG = 5000

# The first of the RANKED_AMONG most recently recorded matches (SQLite; 0 when fewer match).
_SQLITE_RANKED_FROM = f"""COALESCE((
    SELECT rowid FROM "{FTS_TABLE}" WHERE "{FTS_TABLE}" MATCH %(match)s
    ORDER BY rowid DESC LIMIT 1 OFFSET %(among)s - 1), 0)"""

# The best matches among the public claims (those of ClaimQuerySet.public()), ties newest first.
# PostgreSQL computes ts_headline, an expensive output column, after ORDER BY ... LIMIT: for the
# page's rows only. SQLite would mark every match before sorting: the page's ids by bm25 in a
# subquery, then the marks of those rows, read within the same range of ids. The ``IN`` is kept
# from FTS5 by a unary ``+``: given to it, FTS5 ran the query once for each of the page's ids,
# reading the word's whole list of matches each time (0.3 s for a word in a third of a million
# claims); within the range of ids, 18 ms.
_RANKED = {
    "postgresql": f"""
        SELECT c."id", ts_headline(%(config)s::regconfig, c."text", q, %(options)s)
        FROM "{PG_TABLE}" s JOIN "archive_claim" c ON c."id" = s."claim_id",
             plainto_tsquery(%(config)s::regconfig, %(words)s) q
        WHERE s."vector" @@ q AND c."retired_at" IS NULL AND c."status" <> %(rejected)s
          AND s."claim_id" >= COALESCE((
              SELECT "claim_id" FROM "{PG_TABLE}"
              WHERE "vector" @@ plainto_tsquery(%(config)s::regconfig, %(words)s)
              ORDER BY "claim_id" DESC OFFSET %(among)s - 1 LIMIT 1), 0)
        ORDER BY ts_rank(s."vector", q) DESC, c."claim_date" DESC NULLS LAST, c."id"
        LIMIT %(limit)s
    """,
    "sqlite": f"""
        SELECT f.rowid, highlight("{FTS_TABLE}", 0, %(start)s, %(stop)s)
        FROM "{FTS_TABLE}" f JOIN "archive_claim" c ON c."id" = f.rowid
        WHERE f."{FTS_TABLE}" MATCH %(match)s AND f.rowid >= {_SQLITE_RANKED_FROM} AND +f.rowid IN (
            SELECT g.rowid FROM "{FTS_TABLE}" g JOIN "archive_claim" d ON d."id" = g.rowid
            WHERE g."{FTS_TABLE}" MATCH %(match)s AND d."retired_at" IS NULL AND d."status" <> %(rejected)s
              AND g.rowid >= {_SQLITE_RANKED_FROM}
            ORDER BY g.rank, d."claim_date" IS NULL, d."claim_date" DESC, d."id" LIMIT %(limit)s
        )
        ORDER BY f.rank, c."claim_date" IS NULL, c."claim_date" DESC, c."id"
    """,
}


def ranked_claims(query: str, *, limit: int, using: str = "default") -> list[Hit]:
    """The public claims matching ``query``, best first (ties: newest first), at most ``limit``,
    ranked among the RANKED_AMONG most recently recorded matches,
    each with its text, the matches marked (a claim is a sentence or a quote: its whole text is
    its snippet, exactly as stored). One query."""
    terms = search_terms(query)
    if not terms:
        return []
    connection = connections[using]
    if connection.vendor not in _RANKED:
        claims = claims_matching(Claim.objects.using(using).public(), query).order_by("-claim_date", "pk")
        return [Hit(pk, text) for pk, text in claims.values_list("pk", "text")[:limit]]
    params = {
        "config": CONFIG,
        "options": f"HighlightAll=true, StartSel={START}, StopSel={STOP}",
        "words": " ".join(terms),
        "start": START,
        "stop": STOP,
        "match": fts_match(terms),
        "rejected": Claim.Status.REJECTED.value,
        "limit": limit,
        "among": RANKED_AMONG,
    }
    with connection.cursor() as cursor:
        cursor.execute(_RANKED[connection.vendor], params)
        return [Hit(pk, snippet) for pk, snippet in cursor.fetchall()]


def marked(snippet: str) -> SafeString:
    """A snippet from the database as HTML: the text escaped, then the matches in ``<mark>``.

    >>> marked("a <b> \\x02drone\\x03 & more")
    'a &lt;b&gt; <mark>drone</mark> &amp; more'
    """
    pieces = re.split(f"([{START}{STOP}])", snippet)
    out: list[tuple[str, str]] = []
    inside = False
    for piece in pieces:
        if piece == START:
            inside = True
        elif piece == STOP:
            inside = False
        elif piece:
            out.append(("<mark>{}</mark>" if inside else "{}", piece))
    return format_html_join("", "{}", ((format_html(fmt, text),) for fmt, text in out))


# -- postgresql: the vectors' table and its triggers -----------------------------------------------

# Stored vector table -> (the table it indexes, its key column there, the columns searched).
PG_INDEXES = {
    PG_TABLE: ("archive_claim", "claim_id", ("text",)),
    ARTICLE_PG_TABLE: ("archive_article", "article_id", ("title", "text")),
}


def _pg_setup(vectors: str) -> str:
    """The SQL that makes ``vectors`` (a table of stored ``tsvector``s with a GIN index), the
    triggers that keep it in step with its table (insert, update of a searched column, delete,
    truncate), fills it and gathers its statistics (without them, until autovacuum came, the
    planner guessed one match for any word and walked every article for a word in none: 0.35 s)."""
    table, key, columns = PG_INDEXES[vectors]

    def document(row: str) -> str:
        return " || ' ' || ".join(f"COALESCE({row}\"{c}\", '')" for c in columns)

    searched = ", ".join(f'"{c}"' for c in columns)
    return f"""
CREATE TABLE IF NOT EXISTS "{vectors}" ("{key}" bigint PRIMARY KEY, "vector" tsvector NOT NULL);
CREATE INDEX IF NOT EXISTS "{vectors}_vector" ON "{vectors}" USING GIN ("vector");
CREATE OR REPLACE FUNCTION "{vectors}_sync"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM "{vectors}" WHERE "{key}" = OLD."id";
    ELSE
        INSERT INTO "{vectors}" ("{key}", "vector")
        VALUES (NEW."id", to_tsvector('{CONFIG}'::regconfig, {document("NEW.")}))
        ON CONFLICT ("{key}") DO UPDATE SET "vector" = EXCLUDED."vector";
    END IF;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION "{vectors}_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE "{vectors}";
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS "{vectors}_sync" ON "{table}";
CREATE TRIGGER "{vectors}_sync" AFTER INSERT OR DELETE OR UPDATE OF {searched} ON "{table}"
    FOR EACH ROW EXECUTE FUNCTION "{vectors}_sync"();
DROP TRIGGER IF EXISTS "{vectors}_truncate" ON "{table}";
CREATE TRIGGER "{vectors}_truncate" AFTER TRUNCATE ON "{table}"
    FOR EACH STATEMENT EXECUTE FUNCTION "{vectors}_truncate"();
TRUNCATE "{vectors}";
INSERT INTO "{vectors}" ("{key}", "vector")
    SELECT "id", to_tsvector('{CONFIG}'::regconfig, {document("")}) FROM "{table}";
ANALYZE "{vectors}";
"""


# -- postgresql: each claim's keys beside its vector -------------------------------------------------
#
# The admin's search finds a word in a claim's text or in the names of its speakers and sources or
# its article's title. Names and titles are small tables: a word's people, organisations and
# articles are looked up there first (``ClaimAdmin._named``). What a claim links to is kept beside
# its vector as its "keys" (``p<id>`` each speaker and the source person, ``o<id>`` each speaking
# and the source organisation, ``a<id>`` its article) with a GIN index, so that each word of a
# search is one OR of two index scans on one table (its text's vector, or a key among its
# people's, organisations' and articles') and the words together one AND of those bitmaps: a
# lawmaker's three-part name, each part in some 80,000 claims, is 3,600 claims found in 80 ms at
# 1M claims, where testing every claim took 1.7 s. Kept in step by the database: triggers on the
# claims (insert; update of a source or the article) and on the speaker links (insert, update,
# delete). A person's or organisation's name is not a key: renaming one changes no claim.

CLAIM_KEYS = "keys"

_PG_KEYS = f"""
ALTER TABLE "{PG_TABLE}" ADD COLUMN IF NOT EXISTS "{CLAIM_KEYS}" text[] NOT NULL DEFAULT '{{}}';
CREATE INDEX IF NOT EXISTS "{PG_TABLE}_keys" ON "{PG_TABLE}" USING GIN ("{CLAIM_KEYS}");
CREATE OR REPLACE FUNCTION "archive_claim_keys"(claim bigint) RETURNS text[] LANGUAGE sql STABLE AS $$
    SELECT ARRAY(
        SELECT 'p' || "person_id" FROM "archive_claim_speakers" WHERE "claim_id" = claim
        UNION SELECT 'o' || "organisation_id" FROM "archive_claim_speaker_organisations" WHERE "claim_id" = claim
        UNION SELECT k FROM "archive_claim" c, LATERAL (VALUES
            ('p' || c."source_person_id"), ('o' || c."source_organisation_id"), ('a' || c."article_id")
        ) keys (k) WHERE c."id" = claim AND k IS NOT NULL
        ORDER BY 1)
$$;
CREATE OR REPLACE FUNCTION "{PG_TABLE}_keys"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'archive_claim' AND TG_LEVEL = 'ROW' THEN
        UPDATE "{PG_TABLE}" SET "{CLAIM_KEYS}" = "archive_claim_keys"(NEW."id") WHERE "claim_id" = NEW."id";
    ELSIF TG_TABLE_NAME = 'archive_claim' THEN
        UPDATE "{PG_TABLE}" s SET "{CLAIM_KEYS}" = "archive_claim_keys"(s."claim_id")
        FROM new_rows WHERE s."claim_id" = new_rows."id";
    ELSIF TG_OP = 'INSERT' THEN
        UPDATE "{PG_TABLE}" SET "{CLAIM_KEYS}" = "archive_claim_keys"("claim_id")
        WHERE "claim_id" IN (SELECT "claim_id" FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE "{PG_TABLE}" SET "{CLAIM_KEYS}" = "archive_claim_keys"("claim_id")
        WHERE "claim_id" IN (SELECT "claim_id" FROM old_rows);
    ELSE
        UPDATE "{PG_TABLE}" SET "{CLAIM_KEYS}" = "archive_claim_keys"("claim_id")
        WHERE "claim_id" IN (SELECT "claim_id" FROM new_rows UNION SELECT "claim_id" FROM old_rows);
    END IF;
    RETURN NULL;
END $$;
-- After the vector's own trigger (triggers fire by name; a statement's after its rows'): the
-- claim's row of vectors is there to hold its keys.
DROP TRIGGER IF EXISTS "{PG_TABLE}_keys_insert" ON "archive_claim";
CREATE TRIGGER "{PG_TABLE}_keys_insert" AFTER INSERT ON "archive_claim"
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "{PG_TABLE}_keys"();
DROP TRIGGER IF EXISTS "{PG_TABLE}_keys_update" ON "archive_claim";
CREATE TRIGGER "{PG_TABLE}_keys_update"
    AFTER UPDATE OF "source_person_id", "source_organisation_id", "article_id" ON "archive_claim"
    FOR EACH ROW WHEN (
        OLD."source_person_id" IS DISTINCT FROM NEW."source_person_id"
        OR OLD."source_organisation_id" IS DISTINCT FROM NEW."source_organisation_id"
        OR OLD."article_id" IS DISTINCT FROM NEW."article_id"
    ) EXECUTE FUNCTION "{PG_TABLE}_keys"();
"""
for _links in ("archive_claim_speakers", "archive_claim_speaker_organisations"):
    _PG_KEYS += f"""
DROP TRIGGER IF EXISTS "{PG_TABLE}_keys_insert" ON "{_links}";
CREATE TRIGGER "{PG_TABLE}_keys_insert" AFTER INSERT ON "{_links}"
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "{PG_TABLE}_keys"();
DROP TRIGGER IF EXISTS "{PG_TABLE}_keys_delete" ON "{_links}";
CREATE TRIGGER "{PG_TABLE}_keys_delete" AFTER DELETE ON "{_links}"
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "{PG_TABLE}_keys"();
DROP TRIGGER IF EXISTS "{PG_TABLE}_keys_update" ON "{_links}";
CREATE TRIGGER "{PG_TABLE}_keys_update" AFTER UPDATE ON "{_links}"
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "{PG_TABLE}_keys"();
"""
_PG_KEYS += f"""
UPDATE "{PG_TABLE}" s SET "{CLAIM_KEYS}" = k."keys" FROM (
    SELECT "claim_id", array_agg(DISTINCT k ORDER BY k) "keys" FROM (
        SELECT "claim_id", 'p' || "person_id" k FROM "archive_claim_speakers"
        UNION ALL SELECT "claim_id", 'o' || "organisation_id" FROM "archive_claim_speaker_organisations"
        UNION ALL SELECT "id", 'p' || "source_person_id" FROM "archive_claim" WHERE "source_person_id" IS NOT NULL
        UNION ALL SELECT "id", 'o' || "source_organisation_id" FROM "archive_claim"
            WHERE "source_organisation_id" IS NOT NULL
        UNION ALL SELECT "id", 'a' || "article_id" FROM "archive_claim"
    ) links GROUP BY "claim_id"
) k WHERE s."claim_id" = k."claim_id" AND s."{CLAIM_KEYS}" IS DISTINCT FROM k."keys";
-- The rows rewritten in the order of the claims' ids again: the update wrote them in its join's
-- order, and the search page, which reads the newest matches by id, read three times the pages
-- (60 -> 200 ms for "drones" at 1M claims).
CLUSTER "{PG_TABLE}" USING "{PG_TABLE}_pkey";
ANALYZE "{PG_TABLE}";
"""


def claim_keys(people=(), organisations=(), articles=()) -> list[str]:
    """The keys (``_PG_KEYS``) of the claims that name one of these people or organisations (a
    speaker or the source) or are in one of these articles (ids).

    >>> claim_keys([3], [7], [12, 40])
    ['p3', 'o7', 'a12', 'a40']
    """
    return [*(f"p{pk}" for pk in people), *(f"o{pk}" for pk in organisations), *(f"a{pk}" for pk in articles)]


@dataclass(frozen=True)
class KeyedWord:
    """A word of the admin's search as the claims' keys see it: found in a claim's text, or in one
    of its keys (``claim_keys`` of the people and organisations that have it in a name, and of
    the articles that have it in their title when they are few), or, when the word is in many
    titles (``in_titles``: an array of a hundred thousand articles' keys made every claim's test
    slow, 4 s at 1M claims), in its article's title, tested claim by claim."""

    word: str
    keys: list[str]
    in_titles: bool = False


def keyed_condition(words: list[KeyedWord]) -> tuple[str, list]:
    """SQL and parameters of a condition on a row of ``archive_claim_search``: the claim has
    every word (its text, a key, a title). A word without ``in_titles`` is an OR of the two GIN
    indexes; the words together an AND of those bitmaps."""
    clauses, params = [], []
    for w in words:
        arms = ['"vector" @@ plainto_tsquery(%s::regconfig, %s)', f'"{CLAIM_KEYS}" && %s::text[]']
        params += [CONFIG, w.word, w.keys]
        if w.in_titles:
            arms.append(
                'EXISTS (SELECT 1 FROM "archive_claim" c JOIN "archive_article" a ON a."id" = c."article_id"'
                f' WHERE c."id" = "{PG_TABLE}"."claim_id" AND UPPER(a."title"::text) LIKE UPPER(%s))'
            )
            pattern = w.word.replace("_", "\\_")  # letters, digits and "_", its one LIKE wildcard
            params.append(f"%{pattern}%")
        clauses.append(f"({' OR '.join(arms)})")
    return " AND ".join(clauses), params


def keyed_claim_ids(condition: tuple[str, list], limit: int, *, using: str = "default") -> list[int] | None:
    """The ids of the claims (any status) that meet ``keyed_condition``, if at most ``limit``, else
    None: read from the indexes until ``limit + 1`` ids (PostgreSQL)."""
    sql, params = condition
    with connections[using].cursor() as cursor:
        cursor.execute(f'SELECT "claim_id" FROM "{PG_TABLE}" WHERE {sql} LIMIT %s', [*params, limit + 1])
        ids = [pk for (pk,) in cursor.fetchall()]
    return sorted(ids) if len(ids) <= limit else None


class KeyedProbe(_OnClaimRow):
    """``keyed_condition`` tested on each claim the query reaches (PostgreSQL): ``EXISTS`` over
    the claim's row of ``archive_claim_search`` (its primary key), ``OFFSET 0`` to keep it so
    (see ``_Probe``). For a search whose claims are more than a page's: the order's index is
    walked and the page stops early."""

    def __init__(self, condition: tuple[str, list], pk=None):
        super().__init__(pk)
        self.condition = condition

    def as_postgresql(self, compiler, connection):
        return self._on_row(compiler, *self.condition)


def create_claim_keys(connection) -> None:
    """The claims' keys (``_PG_KEYS``): the column, its index, the triggers, filled from the links."""
    with connection.cursor() as cursor:
        cursor.execute(_PG_KEYS)


def create_postgresql_index(connection, tables=tuple(PG_INDEXES)) -> None:
    """Each table of stored vectors (the claims', the articles') with its GIN index and the
    triggers that keep it in step, filled from the rows it indexes; the claims' with their keys."""
    with connection.cursor() as cursor:
        for vectors in tables:
            cursor.execute(_pg_setup(vectors))
    if PG_TABLE in tables:
        create_claim_keys(connection)


def drop_claim_keys(connection) -> None:
    """The claims' keys, their index, functions and triggers dropped (their vectors kept)."""
    with connection.cursor() as cursor:
        for table in ("archive_claim", "archive_claim_speakers", "archive_claim_speaker_organisations"):
            for event in ("insert", "update", "delete"):
                cursor.execute(f'DROP TRIGGER IF EXISTS "{PG_TABLE}_keys_{event}" ON "{table}"')
        cursor.execute(
            f'DROP FUNCTION IF EXISTS "{PG_TABLE}_keys"(); DROP FUNCTION IF EXISTS "archive_claim_keys"(bigint);'
            f'ALTER TABLE IF EXISTS "{PG_TABLE}" DROP COLUMN IF EXISTS "{CLAIM_KEYS}"'
        )


def drop_postgresql_index(connection, tables=tuple(PG_INDEXES)) -> None:
    if PG_TABLE in tables:
        drop_claim_keys(connection)
    with connection.cursor() as cursor:
        for vectors in tables:
            table = PG_INDEXES[vectors][0]
            cursor.execute(
                f'DROP TRIGGER IF EXISTS "{vectors}_sync" ON "{table}";'
                f'DROP TRIGGER IF EXISTS "{vectors}_truncate" ON "{table}";'
                f'DROP FUNCTION IF EXISTS "{vectors}_sync"(); DROP FUNCTION IF EXISTS "{vectors}_truncate"();'
                f'DROP TABLE IF EXISTS "{vectors}";'
            )


# -- sqlite: the FTS5 tables and their triggers -----------------------------------------------------

# FTS5 table -> (the table it indexes, the columns). External content: the index only, no copy.
SQLITE_INDEXES = {
    FTS_TABLE: ("archive_claim", ("text",)),
    ARTICLE_FTS_TABLE: ("archive_article", ("title", "text")),
}


def _sqlite_triggers(fts: str) -> dict[str, str]:
    table, columns = SQLITE_INDEXES[fts]
    names = ", ".join(f'"{c}"' for c in columns)
    new = ", ".join(f'new."{c}"' for c in columns)
    old = ", ".join(f'old."{c}"' for c in columns)
    insert = f'INSERT INTO "{fts}"(rowid, {names}) VALUES (new."id", {new});'
    delete = f'INSERT INTO "{fts}"("{fts}", rowid, {names}) VALUES (\'delete\', old."id", {old});'
    return {
        f"{fts}_insert": f'AFTER INSERT ON "{table}" BEGIN {insert} END',
        f"{fts}_delete": f'AFTER DELETE ON "{table}" BEGIN {delete} END',
        f"{fts}_update": f'AFTER UPDATE OF {names} ON "{table}" BEGIN {delete} {insert} END',
    }


def ensure_sqlite_index(connection) -> bool:
    """Create each FTS5 table and its triggers where missing, and then fill that index from its
    table; True when something was missing. Run by the migration and after every ``migrate``."""
    changed = False
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {name for (name,) in cursor.fetchall()}
        for fts, (table, columns) in SQLITE_INDEXES.items():
            triggers = _sqlite_triggers(fts)
            if table not in present or not ({fts} | set(triggers)) - present:
                continue
            names = ", ".join(f'"{c}"' for c in columns)
            cursor.execute(
                f'CREATE VIRTUAL TABLE IF NOT EXISTS "{fts}" USING fts5({names}, content="{table}",'
                " content_rowid=\"id\", tokenize='porter unicode61 remove_diacritics 2')"
            )
            for name, body in triggers.items():
                cursor.execute(f'CREATE TRIGGER IF NOT EXISTS "{name}" {body}')
            _fts_rebuild(cursor, fts)
            changed = True
    return changed


def rebuild_sqlite_index(connection) -> None:
    """Every FTS5 index filled anew from its table (``manage.py rebuild_search``)."""
    ensure_sqlite_index(connection)
    with connection.cursor() as cursor:
        for fts in SQLITE_INDEXES:
            _fts_rebuild(cursor, fts)


def _fts_rebuild(cursor, fts: str) -> None:
    cursor.execute(f'INSERT INTO "{fts}"("{fts}") VALUES (\'rebuild\')')


def drop_sqlite_index(connection) -> None:
    with connection.cursor() as cursor:
        for fts in SQLITE_INDEXES:
            for name in _sqlite_triggers(fts):
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
            cursor.execute(f'DROP TABLE IF EXISTS "{fts}"')


def _ensure_after_migrate(sender, using: str = "default", **kwargs) -> None:
    from django.db import connections as all_connections

    connection = all_connections[using]
    if connection.vendor != "sqlite":
        return
    ensure_sqlite_index(connection)


def connect() -> None:
    from django.db.models.signals import post_migrate

    post_migrate.connect(_ensure_after_migrate, dispatch_uid="archive-search-index")


# -- people and organisations by any spelling -------------------------------------------------------


def name_keys(names: Iterable[str]) -> set[str]:
    """The keys under which ``names`` are found: ``name_key`` of each (blank names have none)."""
    return {key for key in (name_key(n) for n in names if n and n.strip()) if key}


_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def query_keys(query: str) -> set[str]:
    """The keys of every run of up to ``NAME_WORDS`` words in ``query``: the names it may contain.

    >>> name_key("Choi Jung-ho") in query_keys("what did Choi Jeong-ho say?")
    True
    """
    words = _WORD.findall(query or "")[:20]
    runs = (" ".join(words[i : i + n]) for n in range(1, NAME_WORDS + 1) for i in range(len(words) - n + 1))
    return name_keys(runs)


@dataclass
class Named:
    """People and organisations whose name or a spelling of it is in a query."""

    people: list[Person]
    organisations: list[Organisation]


def named_in(query: str, *, limit: int = 20) -> Named:
    """Who ``query`` names, by any spelling: one indexed lookup of the query's keys."""
    keys = query_keys(query)
    if not keys:
        return Named([], [])
    rows = (
        NameKey.objects.filter(key__in=keys)
        .select_related("person", "organisation")
        .order_by("person__name", "organisation__name", "pk")
    )
    people: dict[int, Person] = {}
    organisations: dict[int, Organisation] = {}
    for row in rows[: limit * 4]:
        if row.person is not None:
            people.setdefault(row.person.pk, row.person)
        if row.organisation is not None:
            organisations.setdefault(row.organisation.pk, row.organisation)
    return Named(list(people.values())[:limit], list(organisations.values())[:limit])


def name_keys_store(*, person: Person | None = None, organisation: Organisation | None = None) -> None:
    """Store the keys of a person's (or organisation's) name and spellings, replacing the old ones."""
    owner = person or organisation
    assert owner is not None and owner.pk is not None
    field = "person" if person is not None else "organisation"
    NameKey.objects.filter(**{field: owner}).delete()
    NameKey.objects.bulk_create(
        NameKey(key=key, **{field: owner}) for key in sorted(name_keys([owner.name, *owner.aliases]))
    )


def name_keys_rebuild() -> int:
    """Store every person's and organisation's keys anew (after bulk inserts, or when the
    romanisation rules change); the number of keys stored."""
    NameKey.objects.all().delete()
    rows: list[NameKey] = []
    for pk, name, aliases in Person.objects.values_list("pk", "name", "aliases"):
        rows += (NameKey(key=k, person_id=pk) for k in sorted(name_keys([name, *(aliases or [])])))
    for pk, name, aliases in Organisation.objects.values_list("pk", "name", "aliases"):
        rows += (NameKey(key=k, organisation_id=pk) for k in sorted(name_keys([name, *(aliases or [])])))
    NameKey.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


# -- the search page --------------------------------------------------------------------------------


@dataclass
class Results:
    """What the search page shows for a query."""

    named: Named
    claims: list[Claim]  # the best matches of the claims' text, each with its ``snippet``
    claims_by_named: list[Claim]  # the newest claims of the people the query names


def search(query: str, *, limit: int, by_named_limit: int = 10) -> Results:
    """The search page's findings: people and organisations by any spelling, claims by the people
    named, and the claims whose text matches, ranked, with snippets. Every claim row comes from one
    query (with its related rows), whichever section shows it."""
    named = named_in(query)
    hits = ranked_claims(query, limit=limit)
    by_named: list[int] = []
    if named.people:
        spoken = Claim.speakers.through.objects.filter(person__in=named.people).values("claim_id")
        sourced = Claim.objects.filter(source_person__in=named.people).order_by().values("pk")
        by_named = list(
            Claim.objects.public()
            .filter(pk__in=spoken.union(sourced))
            .order_by(models.F("claim_date").desc(nulls_last=True), "-pk")
            .values_list("pk", flat=True)[:by_named_limit]
        )
    wanted = {hit.pk for hit in hits} | set(by_named)
    rows = {c.pk: c for c in Claim.objects.filter(pk__in=wanted).for_list()} if wanted else {}
    claims = []
    for hit in hits:
        if hit.pk in rows:
            rows[hit.pk].snippet = marked(hit.snippet)
            claims.append(rows[hit.pk])
    return Results(named, claims, [rows[pk] for pk in by_named if pk in rows])
