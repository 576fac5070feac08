# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test install lint format messages browser clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Start the embedded PostgreSQL, migrate, seed reference and demo data, serve on :8000.
run: $(STAMP)
	$(BIN)/portal db migrate
	$(BIN)/portal seed --demo
	$(BIN)/portal serve

## The same set-up, then the whole test suite.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check portal tests

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format portal tests

## Re-extract translatable strings and update the sv and en catalogs.
## The patterns in babel.cfg are relative to the directory given here, so extract from `.`.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _ -k gettext -k ngettext:1,2 -k lazy_gettext \
		--no-location --sort-output --project=Samverkansportalen --version=0.1.0 \
		-o portal/locale/messages.pot .
	$(BIN)/pybabel update -i portal/locale/messages.pot -d portal/locale -D messages --no-fuzzy-matching

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
