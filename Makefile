# The two commands of the README: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PY := .venv/bin/python
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/stageplein
export DJANGO_SETTINGS_MODULE := stageplein.settings

.PHONY: run test test-fast install lint messages bench-load serve

install:
	@scripts/bootstrap.sh

## Production on this machine: DEBUG off, gunicorn, task worker and scheduler (docs/deployment.md)
serve: install
	scripts/serve.sh

## Install everything, load the demo region and run the platform on http://127.0.0.1:8000
run: install
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-true} $(PY) manage.py demo --if-empty
	scripts/run-dev.sh

## The whole test suite, on PostgreSQL, with the browser tests in Debian's Chromium
test: install
	scripts/ensure-chromium.sh
	DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" scripts/ensure-postgres.sh
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DEBUG=$${DEBUG:-true} $(PY) -m mypy stageplein tests
	.venv/bin/lint-imports
	DEBUG=$${DEBUG:-true} $(PY) manage.py makemigrations --check --dry-run
	DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" $(PY) -m pytest --create-db

## The inner loop: SQLite in memory, without the browser and concurrency tests (about a minute)
test-fast: install
	DEBUG=$${DEBUG:-true} DATABASE_URL=sqlite://:memory: $(PY) -m pytest -m "not browser and not concurrency" $(ARGS)

lint: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

## Refresh the Dutch catalogues after changing UI strings, then translate the new entries
messages: install
	DEBUG=$${DEBUG:-true} $(PY) scripts/messages.py

## Time loading all 20 pilots into PostgreSQL (issue 2's scale test)
bench-load: install
	DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" scripts/ensure-postgres.sh
	DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" $(PY) bench/load_pilots.py
