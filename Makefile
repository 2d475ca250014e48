# SocialGuard: `make run` serves the demo, `make test` runs every check. Both start from nothing.
SHELL := /bin/bash
.DEFAULT_GOAL := run

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SG := $(BIN)/socialguard
VENDOR := src/socialguard/static/vendor
CHROMIUM ?= /usr/bin/chromium
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PIP_PROGRESS_BAR := off

.PHONY: run test install assets check lint typecheck importcheck packs pytest browser bench constraints clean

## Python: one virtualenv, pinned by constraints.txt. `make run` needs only the app; `make test`
## adds the dev tools (linters, type checker, test runners, browser driver).
$(BIN)/.runtime: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip==25.3
	$(BIN)/python -m pip install -q -c constraints.txt -e .
	touch $@

$(BIN)/.dev: $(BIN)/.runtime
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	touch $@

install: $(BIN)/.dev

## Front end: govuk-frontend, htmx and axe-core from npm (package-lock.json), built into static/.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENDOR)/.built: node_modules/.installed src/socialguard/static_src/socialguard.scss
	mkdir -p $(VENDOR)/govuk
	npm run --silent build:css
	cp -R node_modules/govuk-frontend/dist/govuk/assets $(VENDOR)/govuk/
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $(VENDOR)/govuk/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/
	touch $@

assets: $(VENDOR)/.built

## make run: migrate the SQLite database, load the demo, serve on http://127.0.0.1:8000.
run: $(BIN)/.runtime assets
	SOCIALGUARD_DEMO=1 $(SG) migrate --noinput
	SOCIALGUARD_DEMO=1 $(SG) demo
	@echo "Serving SocialGuard on http://127.0.0.1:8000 (Ctrl+C to stop)"
	SOCIALGUARD_DEMO=1 $(SG) runserver 127.0.0.1:8000

## make test: format, lint, types, architecture, policy packs, then the test suite.
test: install assets browser check pytest

check: lint typecheck importcheck packs

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

typecheck: install
	$(BIN)/mypy

importcheck: install
	$(BIN)/lint-imports

packs: install
	$(SG) packs validate

# Browser tests run in their own process: Playwright's sync API must own the main thread's loop.
pytest: install assets
	$(BIN)/pytest --ignore=src/socialguard/tests/browser
	$(BIN)/pytest src/socialguard/tests/browser

## Browser tests drive Debian's Chromium (never a downloaded browser build).
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium) >/dev/null; \
	  else echo "Chromium is not installed: browser tests will be skipped (sudo apt-get install chromium)"; fi; \
	fi

## make bench: the screening and ingest benchmarks (heavy comparison tools live in the bench extra).
bench: install
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev,bench]'
	$(BIN)/python bench/run.py
	@if [ -f bench/ingest.py ]; then $(BIN)/python bench/ingest.py; fi

constraints:
	$(BIN)/python -m pip freeze --exclude-editable > constraints.txt

clean:
	rm -rf $(VENV) node_modules $(VENDOR) staticfiles
