"""Settings: every environment variable is read in one place and refused alike when bad."""

from __future__ import annotations

import ast

import pytest

from conftest import REPO, Cli
from quotesdb.config import FETCH_TIMEOUT_ENV, MAX_PAGE_ENV, env_number, env_text
from quotesdb.errors import InputError
from quotesdb.limits import ENV as LIMIT_ENV

NUMBERS = [*LIMIT_ENV.values(), FETCH_TIMEOUT_ENV, MAX_PAGE_ENV]


@pytest.mark.parametrize("raw", ["lots", "0", "-5", "1e400", "nan", "12 MB", "0x10"])
def test_a_bad_number_is_refused_naming_the_variable(
    raw: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUOTESDB_SOME_LIMIT", raw)
    with pytest.raises(InputError, match=r"^QUOTESDB_SOME_LIMIT must be a positive whole number"):
        env_number("QUOTESDB_SOME_LIMIT")


def test_good_values_and_unset_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTESDB_A", " 16_000 ")
    monkeypatch.setenv("QUOTESDB_B", "0.5")
    monkeypatch.setenv("QUOTESDB_C", "   ")
    assert env_number("QUOTESDB_A") == 16_000
    assert env_number("QUOTESDB_B", whole=False) == 0.5
    assert env_number("QUOTESDB_C") is None and env_text("QUOTESDB_C") is None
    assert env_number("QUOTESDB_UNSET_HERE") is None
    with pytest.raises(InputError, match=r"positive whole number, not '0\.5'"):
        env_number("QUOTESDB_B")


@pytest.mark.parametrize("name", NUMBERS)
def test_every_numeric_variable_is_refused_in_one_line_by_the_command_reading_it(
    name: str, sqlite_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(name, "lots")
    if name in LIMIT_ENV.values():
        done = sqlite_cli("add", "Words.", "--speaker", "Ada Example", "--no-prompt")
    else:  # read before anything is fetched
        done = sqlite_cli("ingest", "https://example.invalid/page")
    assert done.exit_code == 1
    what = "number" if name == FETCH_TIMEOUT_ENV else "whole number"
    assert done.output.splitlines() == [
        f"quotesdb: error: {name} must be a positive {what}, not 'lots'"
    ]


def test_no_module_reads_the_environment_but_settings() -> None:
    """`os.environ` / `os.getenv` appear in quotesdb/config.py alone."""
    readers = []
    for path in sorted((REPO / "quotesdb").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv"):
                readers.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert readers and all(r.startswith("quotesdb/config.py:") for r in readers), readers
