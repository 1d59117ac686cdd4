# Production image: slim Python, non-root, static files collected and served by
# WhiteNoise, gunicorn, migrations applied at start. See docs/DEPLOYMENT.md.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STATIC_ROOT=/app/staticfiles

WORKDIR /app
RUN useradd --create-home --uid 10001 archive

# The spaCy model by hash first (requirements/model.txt), then the project and its dependencies.
COPY requirements ./requirements
RUN pip install --no-deps --require-hashes -r requirements/model.txt
COPY pyproject.toml README.md ./
COPY archive ./archive
RUN pip install . && python -c "from archive.extraction.parsing import nlp; nlp()"

COPY manage.py ./
COPY templates ./templates
COPY static ./static
COPY seeds ./seeds
COPY docker/entrypoint.sh /usr/local/bin/entrypoint.sh

# collectstatic needs production settings (hashed, compressed files) and a key that passes the
# strength check, but not the real one: a throwaway key made here and not kept in the image.
RUN ARCHIVE_ENV=production ALLOWED_HOSTS=build \
    SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    python manage.py collectstatic --noinput \
    && chmod +x /usr/local/bin/entrypoint.sh \
    && chown -R archive:archive /app

USER archive
ENV ARCHIVE_ENV=production
EXPOSE 8000
ENTRYPOINT ["entrypoint.sh"]
CMD ["gunicorn", "archive.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
