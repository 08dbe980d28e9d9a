# quotesdb: everything runs from the project's own .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOME_DEMO := .demo-home

.PHONY: install test lint typecheck pytest demo bench stress clean shell docs

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,postgres]'
	touch $(STAMP)

lint: install
	$(BIN)/ruff check quotesdb tests bench alembic
	$(BIN)/ruff format --check quotesdb tests bench alembic
	$(BIN)/ruff check scripts && $(BIN)/ruff format --check scripts
	$(BIN)/python scripts/cli_reference.py --check

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest

test: lint typecheck pytest

demo: install
	rm -rf $(HOME_DEMO)
	@echo "== quotes found in one seed article (nothing stored)"
	$(BIN)/quotesdb extract seeds/001_555ad3647e4d8dff.txt
	@echo "== the archive built from seeds/"
	$(BIN)/quotesdb --home $(HOME_DEMO) ingest seeds/
	$(BIN)/quotesdb --home $(HOME_DEMO) experts
	@echo "== what has Lukyanov said? (a misspelling is forgiven)"
	$(BIN)/quotesdb --home $(HOME_DEMO) search --expert lukianov
	@echo "== who talked about sanctions?"
	$(BIN)/quotesdb --home $(HOME_DEMO) search --topic sanctions --markdown
	@echo "== a citation, ready to paste"
	$(BIN)/quotesdb --home $(HOME_DEMO) search manpower --cite --limit 1
	$(BIN)/quotesdb --home $(HOME_DEMO) search manpower --cite --style chicago --limit 1
	@echo "== now try it yourself: make shell (or .venv/bin/quotesdb --home $(HOME_DEMO) ...)"

bench: install
	$(BIN)/python -m bench

stress: install
	$(BIN)/python -m bench.stress --trials 50 --seed 1

clean:
	rm -rf $(VENV) $(HOME_DEMO) .pytest_cache .mypy_cache .ruff_cache

# A shell with quotesdb on PATH and the demo's archive as its home (exit to leave).
shell: install
	@echo "quotesdb is on PATH; QUOTESDB_HOME=$(CURDIR)/$(HOME_DEMO) (run make demo first)"
	@QUOTESDB_HOME="$(CURDIR)/$(HOME_DEMO)" PATH="$(CURDIR)/$(BIN):$$PATH" $${SHELL:-sh}

# The command reference, regenerated from --help (make lint checks it is current).
docs: install
	$(BIN)/python scripts/cli_reference.py
