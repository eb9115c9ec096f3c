# Formasi — the two commands a newcomer needs: `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
UV := python3 -m uv
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
TEST_ENV := SECRET_KEY=formasi-test-only FORMASI_DATA_DIR=$(CURDIR)/.test-data
PYTEST_WORKERS ?= 2
# loadgroup: tests marked xdist_group("name") run on one worker (a module that builds its data once).
PYTEST_XDIST := -n $(PYTEST_WORKERS) --dist loadgroup

.PHONY: help install gettext check-migrations demo test test-sqlite test-postgres test-e2e lint fmt typecheck messages \
        check-messages openapi check-openapi postgres chromium bench bench-projection

help:
	@echo "make demo   — install what is missing, then run the demo city at http://127.0.0.1:8000"
	@echo "make test   — the whole suite: lint, types, translations, SQLite, PostgreSQL, browser"

$(VENV)/.synced: pyproject.toml uv.lock
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen --quiet
	@touch $@

install: $(VENV)/.synced

demo: install
	$(VENV)/bin/formasi demo

postgres:
	@pg_isready -h 127.0.0.1 -p 5432 -q || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in $$(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && exit 0; sleep 1; done; echo "PostgreSQL did not start"; exit 1

chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

gettext:
	@command -v msgfmt >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext; }

lint: install
	$(VENV)/bin/ruff check $(wildcard src tests bench scripts)
	$(VENV)/bin/ruff format --check $(wildcard src tests bench scripts)
	$(VENV)/bin/lint-imports

fmt: install
	$(VENV)/bin/ruff format src tests bench scripts
	$(VENV)/bin/ruff check --fix src tests bench scripts

typecheck: install
	$(VENV)/bin/mypy

messages: install gettext
	$(TEST_ENV) $(PY) scripts/i18n.py update

check-messages: install gettext
	$(TEST_ENV) $(PY) scripts/i18n.py check

openapi: install
	$(TEST_ENV) $(PY) scripts/openapi.py write

check-openapi: install
	$(TEST_ENV) $(PY) scripts/openapi.py check

check-migrations: install
	$(TEST_ENV) $(VENV)/bin/formasi makemigrations --check --dry-run

test-sqlite: install
	$(TEST_ENV) $(VENV)/bin/pytest $(PYTEST_XDIST) -m "not e2e" -q --durations=15

# What does not depend on the database runs once, under test-sqlite: the domain (pure Python),
# the static checks of the source (layers, naming, sizes, layout; test_cli.py alone among
# tests/test_*.py touches the database) and the walk of every page in both languages (it checks
# wording, not SQL).
test-postgres: install postgres
	$(TEST_ENV) DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest $(PYTEST_XDIST) -m "not e2e" -q \
		--ignore=tests/domain $(patsubst %,--ignore=%,$(filter-out tests/test_cli.py,$(wildcard tests/test_*.py))) \
		--ignore=tests/core/test_every_page_translated.py

test-e2e: install chromium
	$(TEST_ENV) $(VENV)/bin/pytest -m e2e -q -p no:xdist

test: lint typecheck check-messages check-migrations check-openapi test-sqlite test-postgres test-e2e

bench: install postgres
	SECRET_KEY=bench FORMASI_DATA_DIR=$(CURDIR)/.test-data $(PY) bench/run.py

bench-projection: install postgres
	SECRET_KEY=bench FORMASI_DATA_DIR=$(CURDIR)/.test-data $(PY) bench/projection.py --reuse
