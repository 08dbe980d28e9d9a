"""Start-up is part of performance: `--help`, `search` and `cite` import only what they need."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

PROBE = """
import json, runpy, sys
sys.argv = ["quotesdb", *json.loads(sys.argv[1])]
try:
    runpy.run_module("quotesdb", run_name="__main__")
except SystemExit:
    pass
heavy = ["sqlalchemy", "alembic", "whoosh", "yaml", "rich"]
heavy += ["pydantic", "asyncio", "ssl", "http.client"]
print(json.dumps({m: m in sys.modules for m in heavy}), file=sys.stderr)
"""


def _loaded(*args: str) -> dict[str, bool]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args))],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    loaded: dict[str, bool] = json.loads(done.stderr.strip().splitlines()[-1])
    return loaded


@pytest.fixture(scope="module")
def home(seeded_home: Path) -> Path:
    """The session's seeded archive, only read here."""
    return seeded_home


def test_help_loads_nothing_heavy() -> None:
    assert not any(_loaded("--help").values())


def test_search_and_cite_skip_the_orm_and_alembic(home: Path) -> None:
    for args in (["search", "covid", "--json"], ["search", "covid", "--cite"], ["search", "covid"]):
        loaded = _loaded("--home", str(home), *args)
        assert loaded["whoosh"], args
        assert not loaded["sqlalchemy"] and not loaded["alembic"] and not loaded["yaml"], args
        # Typer >= 0.29 parses options through pydantic; Whoosh's compat and reading modules
        # pull in urllib.request (http, ssl) and asyncio unless lent stand-ins (quotesdb.index).
        assert not any(loaded[m] for m in ("pydantic", "asyncio", "ssl", "http.client")), args
    # `cite` reads its quotes straight from the database in plain SQL: no index, no ORM.
    loaded = _loaded("--home", str(home), "cite", "1")
    assert not any(
        loaded[m] for m in ("sqlalchemy", "alembic", "yaml", "whoosh", "rich", "pydantic", "ssl")
    )


def test_report_reads_sqlite_without_the_orm(home: Path) -> None:
    """The report's figures are plain SQL and numpy: SQLAlchemy alone is 0.2 s of it."""
    loaded = _loaded("--home", str(home), "report", "--format", "json")
    assert not loaded["sqlalchemy"] and not loaded["alembic"]


def test_whoosh_stand_ins_are_taken_back() -> None:
    """After Whoosh is imported with stand-ins, the real modules still import in full."""
    code = (
        "import quotesdb.index.search, sys;"
        "assert 'urllib.request' not in sys.modules and 'cached_property' not in sys.modules;"
        "import urllib.request, cached_property, whoosh.reading;"
        "assert callable(urllib.request.urlopen) and callable(cached_property.cached_property);"
        "print(type(whoosh.reading.SegmentReader.deleted_docs_set).__name__)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "cached_property"
