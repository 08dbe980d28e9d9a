"""Every CSV quotesdb writes defuses spreadsheet formulas: the CLI's --format csv (search,
show, lists, report), export, and the web's report.csv all go through one writer."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from conftest import Cli
from quotesdb.config import resolve
from quotesdb.output import csv_cell
from quotesdb.web.app import create_app
from web_helpers import LOCAL

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE_TEXT = '=HYPERLINK("http://example.invalid","click")'
HOSTILE_SPEAKER = "@Ima Formula"
HOSTILE_OUTLET = "+Sum Gazette"


@pytest.fixture
def hostile(sqlite_cli: Cli) -> tuple[Cli, int]:
    """One quote whose words, speaker and outlet a spreadsheet would each run."""
    done = sqlite_cli(
        "add", "--speaker", HOSTILE_SPEAKER, "--description", "-1 analyst",
        "--title", "-Minus headline", "--outlet", HOSTILE_OUTLET, "--date", "2024-05-01",
        "--json", "--", HOSTILE_TEXT,
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    return sqlite_cli, json.loads(done.stdout)["id"]


def rows_of(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) >= 2, text
    return rows


def assert_defused(text: str, *expected: str) -> None:
    cells = [cell for row in rows_of(text) for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)], cells
    for value in expected:
        assert "'" + value in cells, (value, cells)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("search", "--format", "csv"), (HOSTILE_TEXT, HOSTILE_SPEAKER, HOSTILE_OUTLET)),
        (("experts", "--format", "csv"), (HOSTILE_SPEAKER,)),
        (("articles", "--format", "csv"), (HOSTILE_OUTLET, "-Minus headline")),
        (("outlets", "--format", "csv"), (HOSTILE_OUTLET,)),
        (("export", "--format", "csv"), (HOSTILE_TEXT, HOSTILE_SPEAKER, "-1 analyst")),
        (("report", "--format", "csv"), (HOSTILE_OUTLET,)),
    ],
)
def test_every_cli_csv_defuses_formulas(
    hostile: tuple[Cli, int], args: tuple[str, ...], expected: tuple[str, ...]
) -> None:
    cli, _quote = hostile
    done = cli(*args)
    assert done.exit_code == 0, done.output
    assert_defused(done.stdout, *expected)


def test_show_csv_defuses_formulas(hostile: tuple[Cli, int]) -> None:
    cli, quote = hostile
    done = cli("show", str(quote), "--format", "csv")
    assert done.exit_code == 0, done.output
    assert_defused(done.stdout, HOSTILE_TEXT, HOSTILE_SPEAKER)


def test_web_report_csv_defuses_formulas(hostile: tuple[Cli, int]) -> None:
    cli, _quote = hostile
    with TestClient(create_app(resolve(cli.home, cli.url)), base_url=LOCAL) as http:
        got = http.get("/report.csv")
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    assert_defused(got.text, HOSTILE_OUTLET)
    assert got.text == cli("report", "--format", "csv").stdout


def test_numbers_keep_their_sign_and_plain_text_is_untouched() -> None:
    assert csv_cell(-3) == "-3"
    assert csv_cell("-3 points") == "'-3 points"
    assert csv_cell("plain words") == "plain words"
    assert csv_cell(None) == ""
    assert csv_cell(["a", "b"]) == '["a", "b"]'


def test_export_csv_is_the_same_writer(hostile: tuple[Cli, int], tmp_path: Path) -> None:
    cli, _quote = hostile
    out = tmp_path / "quotes.csv"
    assert cli("export", "--format", "csv", "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8") == cli("export", "--format", "csv").stdout
