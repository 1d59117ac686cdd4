"""archive/listing.py: the time budget that cancels slow queries (facets, counts)."""

import time

import pytest
from django.db import connection

from archive import listing
from archive.listing import OverBudget, time_budget

# Autocommit: inside a transaction the budget does not apply (a cancelled query would abort it).
pytestmark = pytest.mark.django_db(transaction=True)

SLOW = {
    "sqlite": "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000000) SELECT count(*) FROM n",
    "postgresql": "SELECT pg_sleep(10)",
}


def _run_slow() -> None:
    with connection.cursor() as cursor:
        cursor.execute(SLOW[connection.vendor])


def test_a_query_past_its_budget_is_cancelled():
    started = time.monotonic()
    with pytest.raises(OverBudget), time_budget(100):
        _run_slow()
    assert time.monotonic() - started < 5
    with connection.cursor() as cursor:  # the connection is usable afterwards
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_a_query_within_its_budget_runs():
    with time_budget(5000), connection.cursor() as cursor:
        cursor.execute("SELECT 2")
        assert cursor.fetchone() == (2,)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statement_timeout")
def test_the_server_stops_the_query_even_without_the_timer(monkeypatch):
    class NoTimer:  # as if this process could not cancel it (killed, stuck)
        def __init__(self, *args):
            pass

        def start(self):
            pass

        def cancel(self):
            pass

    monkeypatch.setattr(listing.threading, "Timer", NoTimer)
    started = time.monotonic()
    with pytest.raises(OverBudget), time_budget(100):
        _run_slow()
    assert time.monotonic() - started < 5
    with connection.cursor() as cursor:  # and the timeout does not outlive the block
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone() == ("0",)
