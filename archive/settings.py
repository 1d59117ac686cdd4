"""One settings module, driven by environment variables.

With no configuration at all it runs locally on a SQLite file. Set
``DATABASE_URL`` for PostgreSQL. ``ARCHIVE_ENV=production`` refuses to start
without a strong ``SECRET_KEY`` and ``ALLOWED_HOSTS``, and turns on HTTPS-only
behaviour (redirect, HSTS, secure cookies); see docs/DEPLOYMENT.md. A refusal is
one line on stderr and exit status 1, not a traceback.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def refuse(message: str) -> None:
    """Stop with one line on stderr (exit status 1): a configuration error is not a crash."""
    sys.exit(f"archive: refusing to start: {message}")


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    refuse(f"{name} must be a boolean (true/false), got {raw!r}")
    raise AssertionError  # pragma: no cover  (refuse() exits)


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit():
        refuse(f"{name} must be a whole number, got {raw!r}")
    return int(raw)


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def weak_secret_key(key: str) -> str | None:
    """Why ``key`` is too weak for production, or None.

    Django's own generator and ``secrets.token_urlsafe(50)`` or ``token_hex(32)`` pass; short keys,
    keys of few distinct characters ("kkkk…") and repeated patterns ("abcabc…") do not.
    """
    if len(key) < 50:
        return f"it has {len(key)} characters; use 50 or more"
    if key.startswith("django-insecure"):
        return "it is Django's placeholder"
    if len(set(key)) < 10:
        return f"it uses only {len(set(key))} distinct characters"
    trigrams = [key[i : i + 3] for i in range(len(key) - 2)]
    if len(set(trigrams)) < 0.75 * len(trigrams):
        return "it repeats itself"
    return None


ARCHIVE_ENV = os.environ.get("ARCHIVE_ENV", "local").strip().lower()
if ARCHIVE_ENV not in {"local", "production"}:
    refuse(f"ARCHIVE_ENV must be 'local' or 'production', got {ARCHIVE_ENV!r}")
PRODUCTION = ARCHIVE_ENV == "production"

_INSECURE_KEY = "django-insecure-local-only-archive-key"
SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else _INSECURE_KEY)
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or (
    [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

_KEY_HINT = "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
if PRODUCTION:
    if not SECRET_KEY:
        refuse(f"production needs SECRET_KEY (50+ random characters, e.g. from {_KEY_HINT})")
    if reason := weak_secret_key(SECRET_KEY):
        refuse(f"SECRET_KEY is too weak: {reason} (make one with {_KEY_HINT})")
    if not ALLOWED_HOSTS:
        refuse("production needs ALLOWED_HOSTS (comma-separated host names)")
    if DEBUG:
        refuse("DEBUG must be off in production")

# HTTPS in production, on by default (docs/DEPLOYMENT.md). Behind a TLS-terminating proxy
# Django learns that a request came over HTTPS from the header the proxy sets
# (SECURE_PROXY_SSL_HEADER, "X-Forwarded-Proto" unless configured; the proxy must overwrite what a
# client sends). SECURE_SSL_REDIRECT=false where the proxy itself redirects HTTP to HTTPS.
SECURE_SSL_REDIRECT = PRODUCTION and env_bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = PRODUCTION and env_bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 63072000) if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
_proxy_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto" if PRODUCTION else "").strip()
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
# How many proxies in front append to X-Forwarded-For: the login throttle counts failures by the
# client address the nearest of them saw (0: the connecting address).
ARCHIVE_TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
SILENCED_SYSTEM_CHECKS = []
if PRODUCTION and not SECURE_SSL_REDIRECT:
    SILENCED_SYSTEM_CHECKS.append("security.W008")  # the proxy redirects (documented choice)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "simple_history",
    "csp",
    "axes",
    "archive",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy on every response, static files included: nothing inline, nothing from
# elsewhere. The claim page's JSON-LD is a data block, which script-src does not govern.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
    }
}

# Login throttling (django-axes): 5 wrong passwords for one user name from one address lock that
# pair out for 15 minutes (429); a right password resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "archive.security.client_ip"
AXES_LOCKOUT_TEMPLATE = "archive/lockout.html"
AXES_VERBOSE = False

ROOT_URLCONF = "archive.urls"
WSGI_APPLICATION = "archive.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the site read while an import writes; NORMAL sync is safe with WAL and makes
    # the importer's one-transaction-per-article commits cheap. Transactions take the write
    # lock when they begin (IMMEDIATE), and a writer waits up to 30 s for another's instead
    # of failing with "database is locked": concurrent imports take turns.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        transaction_mode="IMMEDIATE",
        timeout=int(os.environ.get("SQLITE_BUSY_TIMEOUT", "30")),
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ.get("TEST_DATABASE_NAME", "test_archive")
    # No JIT compilation (unless the address sets its own options): PostgreSQL compiles a query
    # its planner estimates costly, and a search's several-word test of each claim took 1.3 s to
    # compile for 0.6 s of work at 1M claims; no page's query ran faster for it (docs/SCALE.md).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Collected static files (production, and the Docker build, which sets STATIC_ROOT). Local runs
# serve straight from static/ through WhiteNoise's finders, so they need no collected copy.
_static_root = os.environ.get("STATIC_ROOT") or (str(BASE_DIR / "staticfiles") if PRODUCTION else "")
STATIC_ROOT = Path(_static_root) if _static_root else None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

LOGIN_URL = "admin:login"
# Local runs (runserver, tests) serve static files straight from static/; production serves the collected, hashed copies.
WHITENOISE_USE_FINDERS = not PRODUCTION

# The largest seed file the importer accepts; larger files are reported, not imported.
ARCHIVE_MAX_ARTICLE_BYTES = int(os.environ.get("ARCHIVE_MAX_ARTICLE_BYTES", str(1024 * 1024)))
# The longest the pipeline may take over one article (seconds; 0: no limit): one that takes
# longer is reported by name and the import goes on.
ARCHIVE_EXTRACTION_TIME_LIMIT = float(os.environ.get("ARCHIVE_EXTRACTION_TIME_LIMIT", "60"))
ARCHIVE_PAGE_SIZE = 50
# The claims list counts a selection exactly up to this many claims, and says "more than" beyond.
ARCHIVE_COUNT_LIMIT = int(os.environ.get("ARCHIVE_COUNT_LIMIT", "100000"))
# A claims list waits this long (milliseconds) for the count and facets of a selection never
# counted, counted in the background while it reads its claims (home and /figures/ for their
# totals and charts on an archive never drawn); what is not ready by then the page's script
# fills in when it is.
ARCHIVE_FACETS_PAGE_BUDGET_MS = int(os.environ.get("ARCHIVE_FACETS_PAGE_BUDGET_MS", "100"))
# Counted in the request instead (inside a transaction), one facet stops after this, and the
# page's facets together after the next: the rest are left out, with a note.
ARCHIVE_FACET_BUDGET_MS = int(os.environ.get("ARCHIVE_FACET_BUDGET_MS", "400"))
ARCHIVE_FACETS_REQUEST_BUDGET_MS = int(os.environ.get("ARCHIVE_FACETS_REQUEST_BUDGET_MS", "1000"))
# In the background a facet may take this long; one slower even there is left out for five minutes.
ARCHIVE_FACET_BACKGROUND_MS = int(os.environ.get("ARCHIVE_FACET_BACKGROUND_MS", "30000"))

# Derived aggregates (facet counts, capped totals, chart series) are cached under the archive's
# generation, which every import and edit renews (archive/caching.py): values in each process's
# memory and the generation in a database table every process shares, or both in Redis.
_REDIS = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ.get("REDIS_URL")}


def _in_memory(location: str, entries: int) -> dict:
    """Each process's own memory, unless ``REDIS_URL`` puts every cache in Redis."""
    if os.environ.get("REDIS_URL"):
        return _REDIS
    memory = "django.core.cache.backends.locmem.LocMemCache"
    return {"BACKEND": memory, "LOCATION": location, "OPTIONS": {"MAX_ENTRIES": entries}}


CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "archive": _in_memory("archive", 5000),
    # Whole public pages (archive.caching.page), compressed: about 10 KB each.
    "archive_pages": _in_memory("archive-pages", 2000),
    "archive_state": _REDIS
    if os.environ.get("REDIS_URL")
    else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "archive_cache"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
