# The two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test test-sqlite test-postgres install install-test system-deps serve screenshots messages bench edition-samples clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e ".[test,prod]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

system-deps:
	scripts/system-deps

## make run: install, migrate, load the essay and sample drafts, ensure the admin account,
## compile the interface translations, serve, with one background worker beside the web
## server (editions, alignments, big imports and exports); Ctrl+C stops both.
RUN_ADDRESS ?= 127.0.0.1:8000
run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py compile_catalogs
	$(BIN)/python manage.py setup_demo
	$(BIN)/python manage.py ensure_admin
	@echo "Background worker: manage.py db_worker (jobs: admin → Jobs)"
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py db_worker --no-reload --interval 1 & worker=$$!; \
	$(BIN)/python manage.py runserver $(RUN_ADDRESS)

## make test: install test dependencies and system packages, run the whole suite on
## SQLite, then again on a throwaway PostgreSQL cluster on 127.0.0.1 (scripts/postgres).
test: $(VENV)/.installed-test system-deps
	scripts/test-databases $(BIN)/python

test-sqlite: $(VENV)/.installed-test
	env -u DATABASE_URL $(BIN)/python -m pytest

test-postgres: $(VENV)/.installed-test
	scripts/postgres run -- $(BIN)/python -m pytest

bench: $(VENV)/.installed-test
	for script in benchmarks/*.py; do $(BIN)/python $$script || exit 1; done

## make messages: re-extract the interface strings into locale/<lang>/LC_MESSAGES/django.po
## (needs GNU gettext); translate what is new, then `manage.py compile_catalogs`.
MESSAGE_LANGUAGES := -l de -l fr -l es -l ru -l ar -l zh_Hans
MESSAGE_IGNORES := --ignore=.venv --ignore=tests --ignore=benchmarks --ignore=var --ignore=test-artifacts --ignore=docs
messages: $(VENV)/.installed
	$(BIN)/python manage.py makemessages $(MESSAGE_LANGUAGES) $(MESSAGE_IGNORES)
	$(BIN)/python manage.py makemessages -d djangojs $(MESSAGE_LANGUAGES) $(MESSAGE_IGNORES) --ignore=translations/static/translations/vendor

## make screenshots: re-take docs/screenshots/*.png (a throwaway server and database; Debian chromium).
screenshots: $(VENV)/.installed-test
	$(BIN)/python scripts/screenshots.py

## make edition-samples: re-render docs/edition-*.png (first pages of two sample PDF editions).
edition-samples: $(VENV)/.installed
	$(BIN)/python scripts/render_edition_samples.py

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis
