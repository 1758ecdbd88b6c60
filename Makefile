# eigenkracht: `make run` to try it, `make test` to check it.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := FLASK_APP=wsgi.py $(VENV)/bin/flask
STAMP := $(VENV)/.installed

.PHONY: run test install system-packages translations migrate demo lint bench clean oidc-provider

# Debian packages: Pango for WeasyPrint's PDFs; Chromium and poppler for the tests; Node.js
# for the tests' OpenID Provider (tests/oidc/provider).
RUN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-noto-core
TEST_PACKAGES := $(RUN_PACKAGES) chromium poppler-utils redis-server nodejs
OIDC_PROVIDER := tests/oidc/provider
# The load benchmark: wrk drives it, a throwaway PostgreSQL 15 serves it.
BENCH_PACKAGES := $(TEST_PACKAGES) wrk postgresql-15

$(STAMP): setup.cfg pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Installs what is missing when run as root on Debian/Ubuntu; otherwise says what to install.
system-packages-%:
	@missing=""; for p in $($*); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "==> installing$$missing"; \
			DEBIAN_FRONTEND=noninteractive apt-get -qq update && \
			DEBIAN_FRONTEND=noninteractive apt-get -qq install -y --no-install-recommends $$missing >/dev/null; \
		else echo "Please install:$$missing (for example: sudo apt-get install$$missing)"; exit 1; fi; \
	fi

translations: install
	$(FLASK) translate compile > /dev/null

migrate: translations
	$(FLASK) db upgrade

demo: migrate
	$(FLASK) demo

## Set everything up and serve the app with demo data on http://127.0.0.1:5000, with a
## task consumer beside it (e-mail, schedules); Ctrl-C stops both
run: system-packages-RUN_PACKAGES demo
	FLASK_APP=wsgi.py $(PY) -m eigenkracht.devserver --host 127.0.0.1 --port 5000

# pytest-xdist workers, each with a database of its own (tests/conftest.py); 0 runs in one
# process. Two fit this project's 2-core machines.
TEST_WORKERS ?= 2
PYTEST := $(PY) -m pytest -n $(TEST_WORKERS)

## The whole suite on SQLite, then again on PostgreSQL when TEST_DATABASE_URL is set
test: system-packages-TEST_PACKAGES translations oidc-provider
	@echo "==> test suite on SQLite"
	TEST_DATABASE_URL= $(PYTEST)
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "==> test suite on PostgreSQL ($${TEST_DATABASE_URL%%@*}@…)"; \
		$(PYTEST); \
	else \
		echo "==> TEST_DATABASE_URL not set: PostgreSQL run skipped"; \
	fi

## The OpenID Provider the single sign-on tests start (npm's oidc-provider, locked versions)
oidc-provider: $(OIDC_PROVIDER)/node_modules/.package-lock.json

$(OIDC_PROVIDER)/node_modules/.package-lock.json: $(OIDC_PROVIDER)/package-lock.json
	@command -v npm >/dev/null || { echo "Please install npm (sudo apt-get install npm)"; exit 1; }
	cd $(OIDC_PROVIDER) && npm ci --no-audit --no-fund

lint: install
	$(VENV)/bin/ruff check eigenkracht tests config.py wsgi.py

## Every benchmark in benchmarks/, one table with baselines and ratios (within 10 minutes)
bench: system-packages-BENCH_PACKAGES translations
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV) instance/*.sqlite .pytest_cache
