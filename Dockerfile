# Production image: slim Python, non-root, static files collected and served by
# WhiteNoise, gunicorn, migrations applied at start. See docs/DEPLOYMENT.md.

# Build stage: the extraction pipeline is compiled with mypyc (setup.py), which
# needs a C compiler; the runtime image below gets the result, not the compiler.
FROM python:3.11-slim AS build

ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /app
COPY pyproject.toml setup.py README.md ./
COPY archive ./archive
# The app runs from /app/archive (its settings find templates/ and static/ beside
# it, and /app comes first on the import path), so the compiled modules are built
# there, in place, beside their sources: an editable install.
RUN pip install -e . \
    && python -c "import archive.extraction as x, archive.extraction.pipeline; assert x.NATIVE, 'not compiled'"

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH \
    STATIC_ROOT=/app/staticfiles

WORKDIR /app
RUN useradd --create-home --uid 10001 archive

COPY --from=build /opt/venv /opt/venv
COPY --from=build /app/archive ./archive
COPY manage.py ./
COPY templates ./templates
COPY static ./static
COPY seeds ./seeds
COPY docker/entrypoint.sh /usr/local/bin/entrypoint.sh

# collectstatic needs production settings (hashed, compressed files) but no real secret.
RUN ARCHIVE_ENV=production SECRET_KEY=collectstatic-at-build-time-only-not-a-secret ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput \
    && chmod +x /usr/local/bin/entrypoint.sh \
    && chown -R archive:archive /app

USER archive
ENV ARCHIVE_ENV=production
EXPOSE 8000
ENTRYPOINT ["entrypoint.sh"]
CMD ["gunicorn", "archive.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
