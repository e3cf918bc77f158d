# The two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test test-sqlite test-postgres install install-test system-deps serve screenshots bench edition-samples clean

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

## make run: install, migrate, load the essay and sample drafts, ensure the admin account, serve.
run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py setup_demo
	$(BIN)/python manage.py ensure_admin
	$(BIN)/python manage.py runserver 127.0.0.1:8000

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

## make edition-samples: re-render docs/edition-*.png (first pages of two sample PDF editions).
edition-samples: $(VENV)/.installed
	$(BIN)/python scripts/render_edition_samples.py

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis
