# The two commands a newcomer needs:  make run   and   make test
# (docs/DEVELOPMENT.md explains the rest.)

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test model install install-test chromium redis lint test-sqlite test-postgres bench evaluate clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# The spaCy model first, checked against its recorded wheel hash (requirements/model.txt).
model: $(PY)
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt

install: $(PY) model
	$(PY) -m pip install --quiet -e .

install-test: $(PY) model
	$(PY) -m pip install --quiet -e ".[test]"

## make run: set up (venv, install, migrate, import the seeds, local admin) and serve on http://127.0.0.1:8000
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py import_seeds
	$(PY) manage.py local_admin --url http://$(HOST):$(PORT)/admin/
	@echo "Serving the archive on http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	$(PY) manage.py runserver $(HOST):$(PORT)

## Debian's Chromium for the browser tests (Playwright's own download does not work offline).
chromium:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	    || echo "warning: could not install chromium; browser tests will be skipped"; \
	else echo "note: chromium not found; browser tests will be skipped"; fi

redis:
	@if command -v redis-server >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's redis-server for the shared-cache tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null) \
	    || echo "warning: could not install redis-server; the Redis tests will be skipped"; \
	else echo "note: redis-server not found; the Redis tests will be skipped"; fi

lint: install-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check --quiet .
	$(PY) -m mypy

test-sqlite: install-test
	env -u DATABASE_URL $(PY) -m pytest

test-postgres: install-test
	@if $(PY) -c "import psycopg; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "== PostgreSQL at $(PG_URL)"; DATABASE_URL=$(PG_URL) $(PY) -m pytest; \
	else echo "== PostgreSQL not answering at $(PG_URL): PostgreSQL run skipped"; fi

## make test: install test dependencies and run every test, on SQLite and (when it answers) on PostgreSQL
test: install-test chromium redis lint
	@if [ -n "$$DATABASE_URL" ]; then $(PY) -m pytest; \
	else $(MAKE) --no-print-directory test-sqlite && $(MAKE) --no-print-directory test-postgres; fi

bench: install
	$(PY) scripts/benchmark_pipeline.py
	$(PY) scripts/benchmark_import.py

## make evaluate: the project's own gold scores, then the shared scorer on the seeds and the dev corpus side by side
evaluate: install
	$(PY) scripts/evaluate_extraction.py
	$(PY) scripts/scoreboard.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles build
