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
heavy += ["quotesdb.cli.transfer", "quotesdb.cli.edit", "quotesdb.cli.search"]
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


def _fresh_python(code: str) -> str:
    """What `code` prints in a new interpreter, which has imported nothing yet."""
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def home(seeded_home: Path) -> Path:
    """The session's seeded archive, only read here."""
    return seeded_home


def test_help_loads_nothing_heavy() -> None:
    loaded = _loaded("--help")
    # --help lists every command, so every command module is registered, and nothing more.
    assert loaded["quotesdb.cli.transfer"] and loaded["quotesdb.cli.search"]
    assert not any(v for m, v in loaded.items() if not m.startswith("quotesdb.cli"))


def test_every_command_is_found_in_the_module_main_loads_for_it() -> None:
    """`main` imports one module per command line: the map must name where each lives."""
    code = (
        "import importlib, json, sys\n"
        "from quotesdb.cli import COMMAND_MODULES\n"
        "from quotesdb.cli.app import app\n"
        "found = {}\n"
        "for module in sorted(set(COMMAND_MODULES.values())):\n"
        "    importlib.import_module('quotesdb.cli.' + module)\n"
        "    for c in app.registered_commands:\n"
        "        found.setdefault(c.name or c.callback.__name__, module)\n"
        "    for g in app.registered_groups:\n"
        "        found.setdefault(g.name or g.typer_instance.info.name, module)\n"
        "print(json.dumps([found, COMMAND_MODULES]))\n"
    )
    found, declared = json.loads(_fresh_python(code))
    assert found == declared


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["search", "covid"], "search"),
        (["--home", "search", "cite", "1"], "cite"),  # a home folder called "search"
        (["--home=/tmp/x", "expert", "merge", "a", "b"], "expert"),
        (["--database-url", "sqlite:///x.db", "--json"], None),
        (["--help", "search"], None),
        (["-h"], None),
        (["serch", "x"], None),  # a misspelling: every command, for click's suggestion
        ([], None),
    ],
)
def test_the_command_a_line_names(argv: list[str], named: str | None) -> None:
    from quotesdb.cli import named_command

    assert named_command(argv) == named


def test_shell_completion_sees_every_command(monkeypatch: pytest.MonkeyPatch) -> None:
    from quotesdb.cli import named_command

    monkeypatch.setenv("_QUOTESDB_COMPLETE", "bash_complete")
    assert named_command(["search", "cov"]) is None


def test_search_and_cite_skip_the_orm_and_alembic(home: Path) -> None:
    for args in (["search", "covid", "--json"], ["search", "covid", "--cite"], ["search", "covid"]):
        loaded = _loaded("--home", str(home), *args)
        assert loaded["whoosh"], args
        assert not loaded["sqlalchemy"] and not loaded["alembic"] and not loaded["yaml"], args
        # Typer >= 0.29 parses options through pydantic; Whoosh's compat and reading modules
        # pull in urllib.request (http, ssl) and asyncio unless lent stand-ins (quotesdb.index).
        assert not any(loaded[m] for m in ("pydantic", "asyncio", "ssl", "http.client")), args
        # Only the search command's module is registered, not the other commands'.
        assert not loaded["quotesdb.cli.transfer"] and not loaded["quotesdb.cli.edit"], args
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
        "assert 'whoosh.lang.morph_en' not in sys.modules;"
        "from whoosh.query.terms import variations;"
        "assert {'ran', 'runs'} <= set(variations('run'));"
        "import urllib.request, cached_property, whoosh.reading;"
        "assert callable(urllib.request.urlopen) and callable(cached_property.cached_property);"
        "print(type(whoosh.reading.SegmentReader.deleted_docs_set).__name__)"
    )
    assert _fresh_python(code).strip() == "cached_property"
