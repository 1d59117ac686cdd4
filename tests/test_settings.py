"""Settings work with zero configuration and fail loudly on bad or unsafe values."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
PROBE = "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'], settings.DEBUG)"
STRONG_KEY = secrets.token_urlsafe(50)
# Everything the settings read, so that the developer's environment cannot leak into a probe.
SETTINGS_ENV = {
    "DATABASE_URL",
    "ARCHIVE_ENV",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_COOKIES",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "TRUSTED_PROXIES",
    "CSRF_TRUSTED_ORIGINS",
    "STATIC_ROOT",
    # Set by the browser tests (tests/conftest.py) in this process; a deployment never has it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def run_settings(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS_ENV}
    return subprocess.run(
        list(args) or [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "archive.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_runs_on_sqlite_with_debug_off_by_default():
    result = run_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "False"]


def test_database_url_selects_postgresql():
    result = run_settings(DATABASE_URL="postgres://u@127.0.0.1:5432/db")
    assert result.stdout.split()[0] == "django.db.backends.postgresql"


OPTIONS_PROBE = "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'].get('options'))"


def test_postgresql_runs_without_jit_unless_the_address_says_otherwise():
    result = run_settings(sys.executable, "-c", OPTIONS_PROBE, DATABASE_URL="postgres://u@127.0.0.1:5432/db")
    assert result.stdout.strip() == "-c jit=off", result.stderr
    own = "postgres://u@127.0.0.1:5432/db?options=-c%20work_mem%3D64MB"
    result = run_settings(sys.executable, "-c", OPTIONS_PROBE, DATABASE_URL=own)
    assert result.stdout.strip() == "-c work_mem=64MB", result.stderr


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's setting")
@pytest.mark.django_db
def test_the_connection_has_jit_off():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def assert_refused_in_one_line(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("archive: refusing to start: ")
    for word in words:
        assert word in lines[0]


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings(ARCHIVE_ENV="production", ALLOWED_HOSTS="archive.example")
    assert_refused_in_one_line(result, "SECRET_KEY")


def test_manage_py_refuses_in_one_line_too():
    result = run_settings(
        sys.executable, "manage.py", "check", ARCHIVE_ENV="production", ALLOWED_HOSTS="a.example"
    )
    assert_refused_in_one_line(result, "SECRET_KEY")


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_settings(ARCHIVE_ENV="production", SECRET_KEY=STRONG_KEY)
    assert_refused_in_one_line(result, "ALLOWED_HOSTS")


@pytest.mark.parametrize(
    "key",
    [
        "k" * 50,  # one letter repeated
        "abcdef" * 10,  # six distinct characters
        "0123456789abcdefghij" * 3,  # a repeated pattern
        secrets.token_urlsafe(30),  # too short (40 characters)
        "django-insecure-" + secrets.token_urlsafe(50),
    ],
)
def test_production_refuses_a_low_entropy_secret_key(key):
    result = run_settings(ARCHIVE_ENV="production", SECRET_KEY=key, ALLOWED_HOSTS="archive.example")
    assert_refused_in_one_line(result, "SECRET_KEY is too weak")


@pytest.mark.parametrize("key", [STRONG_KEY, secrets.token_hex(32)])
def test_production_starts_with_a_real_key_and_hosts(key):
    result = run_settings(ARCHIVE_ENV="production", SECRET_KEY=key, ALLOWED_HOSTS="archive.example")
    assert result.returncode == 0, result.stderr


def test_django_generated_keys_pass():
    from django.core.management.utils import get_random_secret_key

    from archive.settings import weak_secret_key

    assert [weak_secret_key(get_random_secret_key()) for _ in range(200)] == [None] * 200


def test_a_malformed_boolean_is_an_error_not_a_guess():
    result = run_settings(DEBUG="perhaps")
    assert_refused_in_one_line(result, "DEBUG must be a boolean")


def test_the_deploy_check_passes_with_only_key_and_hosts_set():
    result = run_settings(
        sys.executable,
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        ARCHIVE_ENV="production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="archive.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_warns_when_cookies_are_made_insecure():
    result = run_settings(
        sys.executable,
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        ARCHIVE_ENV="production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="archive.example",
        SECURE_COOKIES="false",
    )
    assert result.returncode != 0
    assert "security.W012" in result.stderr and "security.W016" in result.stderr
