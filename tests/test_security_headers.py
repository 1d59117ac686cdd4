"""The documented production setup, behind a TLS proxy, scores A+ as the Mozilla HTTP Observatory scores.

A child process starts the app with ARCHIVE_ENV=production, a strong SECRET_KEY and ALLOWED_HOSTS
and nothing else (as docs/DEPLOYMENT.md says), collects the static files and migrates a scratch
database, then requests the pages as the proxy forwards them (X-Forwarded-Proto) and prints what came back.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_settings import ROOT, SETTINGS_ENV

HOST = "archive.example"
PROBE = """
import json, sys
import django
from django.core.management import call_command
django.setup()
call_command("collectstatic", interactive=False, verbosity=0)
call_command("migrate", verbosity=0)
from django.contrib.auth.models import User
from django.templatetags.static import static
from django.test import Client
client = Client(HTTP_HOST=%(host)r)
paths = ["/", "/claims/", static("archive/archive.css"), "/admin/login/"]
out = {}
for path in paths:
    plain = client.get(path, HTTP_X_FORWARDED_PROTO="http")
    tls = client.get(path, HTTP_X_FORWARDED_PROTO="https")
    out[path] = {
        "redirect": [plain.status_code, plain.headers.get("Location", "")],
        "status": tls.status_code,
        "headers": dict(tls.headers),
        "cookies": {name: {k: str(v) for k, v in morsel.items() if v} for name, morsel in tls.cookies.items()},
    }
json.dump(out, sys.stdout)
"""


@pytest.fixture(scope="module")
def production_responses(tmp_path_factory) -> dict:
    scratch: Path = tmp_path_factory.mktemp("production")
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_ENV}
    env.update(
        DJANGO_SETTINGS_MODULE="archive.settings",
        ARCHIVE_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        # Scratch locations for the child's database and collected files (not security settings).
        DATABASE_URL=f"sqlite:///{scratch / 'db.sqlite3'}",
        STATIC_ROOT=str(scratch / "static"),
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE % {"host": HOST}],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0].lower()] = [w.lower() for w in words[1:]]
    return parsed


def observatory_score(response: dict, path: str) -> tuple[int, list[str]]:
    """The HTTP Observatory's scoring (its published modifiers) for the tests these headers decide."""
    headers = {k.lower(): v for k, v in response["headers"].items()}
    score, notes, bonus = 100, [], 0

    csp = headers.get("content-security-policy")
    if not csp:
        score -= 25
        notes.append("no CSP (-25)")
    else:
        policy = directives(csp)
        default = policy.get("default-src", [])
        for kind in ("script-src", "style-src"):
            sources = policy.get(kind, default)
            if any(
                s in sources for s in ("'unsafe-inline'", "'unsafe-eval'", "data:", "*", "http:", "https:")
            ):
                score -= 20 if kind == "script-src" else 0
                notes.append(f"unsafe {kind}")
        if default == ["'none'"] and not notes:
            bonus += 10
        if policy.get("frame-ancestors") in (["'none'"], ["'self'"]):
            bonus += 5
        elif headers.get("x-frame-options", "").upper() not in ("DENY", "SAMEORIGIN"):
            score -= 20
            notes.append("framing allowed (-20)")

    hsts = headers.get("strict-transport-security", "")
    max_age = re.search(r"max-age=(\d+)", hsts)
    if not max_age:
        score -= 20
        notes.append("no HSTS (-20)")
    elif int(max_age.group(1)) < 15768000:
        score -= 10
        notes.append("HSTS under six months (-10)")

    status, location = response["redirect"]
    if status not in (301, 302, 307, 308) or not location.startswith(f"https://{HOST}{path}"):
        score -= 20
        notes.append("no redirect to HTTPS on the same host (-20)")

    if headers.get("x-content-type-options", "").lower() != "nosniff":
        score -= 5
        notes.append("no nosniff (-5)")
    referrer = headers.get("referrer-policy", "").lower()
    if referrer in ("no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"):
        bonus += 5
    elif referrer in ("origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"):
        score -= 5

    for name, morsel in response["cookies"].items():
        if not morsel.get("secure"):
            score -= 20
            notes.append(f"cookie {name} without Secure (-20)")
        if "sess" in name.lower() and not morsel.get("httponly"):
            score -= 30
            notes.append(f"session cookie {name} without HttpOnly (-30)")
    if response["cookies"] and all(m.get("samesite") for m in response["cookies"].values()) and not notes:
        bonus += 5
    # Bonuses count only for a site that already scores 90 or more.
    return score + (bonus if score >= 90 else 0), notes


@pytest.mark.parametrize("path", ["/", "/claims/", "static", "/admin/login/"])
def test_production_scores_a_plus_behind_tls(production_responses, path):
    if path == "static":
        path = next(p for p in production_responses if p.startswith("/static/"))
    response = production_responses[path]
    assert response["status"] == 200
    score, notes = observatory_score(response, path)
    assert notes == []
    assert score >= 100


def test_production_headers(production_responses):
    for path, response in production_responses.items():
        headers = response["headers"]
        policy = directives(headers["Content-Security-Policy"])
        assert policy["default-src"] == ["'none'"], path
        assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"], path
        assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'none'"], path
        assert "unsafe" not in headers["Content-Security-Policy"], path
        assert headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains; preload", path
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"] == "same-origin", path
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin", path
        assert response["redirect"] == [301, f"https://{HOST}{path}"], path
    login = production_responses["/admin/login/"]
    assert login["headers"]["X-Frame-Options"] == "DENY"
    assert login["cookies"]["csrftoken"]["secure"] and login["cookies"]["csrftoken"]["samesite"] == "Lax"


def test_the_scorer_notices_what_is_missing():
    """The same scoring on a site with none of it: the issue's 35/100 shape, not a pass."""
    bare = {
        "headers": {"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff"},
        "redirect": [200, ""],
        "cookies": {"sessionid": {"httponly": "True"}},
    }
    score, notes = observatory_score(bare, "/")
    assert score < 50 and len(notes) == 4
