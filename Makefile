# quotesdb: everything runs from the project's own .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOME_DEMO := .demo-home

.PHONY: install test lint typecheck pytest demo bench stress clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,postgres]'
	touch $(STAMP)

lint: install
	$(BIN)/ruff check quotesdb tests bench alembic
	$(BIN)/ruff format --check quotesdb tests bench alembic

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest

test: lint typecheck pytest

demo: install
	rm -rf $(HOME_DEMO)
	$(BIN)/quotesdb extract seeds/001_555ad3647e4d8dff.txt
	$(BIN)/quotesdb --home $(HOME_DEMO) ingest seeds/
	$(BIN)/quotesdb --home $(HOME_DEMO) experts

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) $(HOME_DEMO) .pytest_cache .mypy_cache .ruff_cache
