"""Settings work with zero configuration and fail loudly on bad or unsafe values."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'], settings.DEBUG)"


def run_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "ARCHIVE_ENV", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}
    }
    return subprocess.run(
        [sys.executable, "-c", PROBE],
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


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings(ARCHIVE_ENV="production", ALLOWED_HOSTS="archive.example")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_settings(ARCHIVE_ENV="production", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_a_real_key_and_hosts():
    result = run_settings(ARCHIVE_ENV="production", SECRET_KEY="k" * 50, ALLOWED_HOSTS="archive.example")
    assert result.returncode == 0, result.stderr


def test_a_malformed_boolean_is_an_error_not_a_guess():
    result = run_settings(DEBUG="perhaps")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr
