# Smart Region Marktplatz — everything a developer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: help install venv assets messages glossary migrate demo run test test-e2e lint format bench bench-load prod clean

help:
	@echo "make run        SQLite + demo data + server on http://$(HOST):$(PORT)"
	@echo "make test       the whole test suite (DATABASE_URL=postgres://... for PostgreSQL)"
	@echo "make test-e2e   browser journeys with Playwright + Debian Chromium"
	@echo "make lint       ruff check + format check"
	@echo "make bench      matching quality and search scale benchmarks"
	@echo "make bench-load Locust against production mode (docs/operations.md)"

$(VENV)/.installed: requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	@touch $@

venv: $(VENV)/.installed

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund

frontend/dist/.built: frontend/node_modules/.package-lock.json frontend/build.mjs $(wildcard frontend/src/*)
	cd frontend && node build.mjs
	@touch $@

assets: frontend/dist/.built

messages: venv
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

# German-English glossary for matching (Debian's trans-de-en; GLOSSARY_SOURCE names another
# copy of the Ding dictionary on machines without apt).
GLOSSARY_SOURCE ?= /usr/share/trans/de-en
glossary: venv
	@test -f $(GLOSSARY_SOURCE) || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq trans-de-en)
	GLOSSARY_SOURCE=$(GLOSSARY_SOURCE) $(MANAGE) build_glossary --if-missing

install: venv assets messages glossary
	$(MANAGE) build_compound_model --if-missing

migrate: install
	@mkdir -p var
	$(MANAGE) migrate --no-input -v 0

demo: migrate
	$(MANAGE) demo_data

# Local server: background tasks (index updates, e-mails) run at once, no worker needed.
# Absolute links (e-mails, .ics, feeds) follow the served port unless SITE_URL is set.
SITE_URL ?= http://$(HOST):$(PORT)
run: demo
	SITE_URL=$(SITE_URL) TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend $(MANAGE) runserver $(HOST):$(PORT)

# The whole suite on every core (pytest-xdist); PYTEST_WORKERS=0 runs it in one process.
# --dist load hands each worker its tests in collection order, so pytest-django's order holds
# in every worker: tests with a transaction (which flush the seeded topics) come last.
# Needs what `make install` builds (assets, translations, glossary, compound model).
PYTEST_WORKERS ?= auto
test: install
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist load $(PYTEST_ARGS)

test-e2e: install
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)
	@command -v java >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless)
	$(PY) -m pytest e2e $(PYTEST_ARGS)

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

format: venv
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# Quality on the dev set, the search core against Tantivy, then search at scale
# (BENCH_SOLUTIONS=20000 on SQLite and PostgreSQL).
bench: install
	$(PY) bench/run.py
	$(PY) bench/engines.py
	$(PY) bench/scale.py
	$(PY) bench/worst_input.py

# Load benchmark (Locust, production mode on 127.0.0.1, PostgreSQL db srm_bench reset, Redis db 15
# flushed). Quick run: LOAD_USERS=10 LOAD_DURATION=20 LOAD_SOLUTIONS=2000 make bench-load.
bench-load: install
	$(PY) bench/load/run.py

clean:
	rm -rf var frontend/dist

# Production mode (DEBUG=0): gunicorn, task worker and clock under ops/supervise.py (restarts
# whichever dies). Needs SECRET_KEY, DATABASE_URL (PostgreSQL), REDIS_URL and a public https
# SITE_URL; runs check --deploy, migrate and collectstatic first.
# See docs/operations.md.
prod: install
	DEBUG=0 ops/prod.sh
