"""A read that must first build or catch up a large index says so on stderr, in one line.

The threshold (`LONG_WORK`, thousands of quotes in use) is lowered here so a few quotes make
a backlog; with it as shipped, the same small reads stay silent.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import Cli


@pytest.fixture
def archive(tmp_path: Path) -> Cli:
    cli = Cli(tmp_path / "home", f"sqlite:///{tmp_path / 'quotes.sqlite3'}")
    for n in range(6):
        done = cli.run("add", f"Backlog pier statement {n}.", "--speaker", "Ann Pier")
        assert done.returncode == 0, done.stderr
    return cli


def _notices(output: str) -> list[str]:
    return [line for line in output.splitlines() if "search index" in line]


def test_a_read_that_rebuilds_a_large_index_says_so_in_one_line(
    archive: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.rmtree(archive.home / "index")  # as after a first import killed before indexing
    monkeypatch.setattr("quotesdb.search.progress.LONG_WORK", 5)
    found = archive("search", "pier", "--json")
    assert found.exit_code == 0, found.output
    assert _notices(found.stderr) == [
        "quotesdb: building the search index from 6 quotes before answering (once)"
    ]
    assert found.stdout.count("Backlog pier statement") == 6


def test_a_read_that_catches_up_many_changes_says_so_in_one_line(
    archive: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    with sqlite3.connect(archive.url.removeprefix("sqlite:///")) as db:  # behind the index
        db.execute("UPDATE quotes SET text = text || ' Amended.'")
    monkeypatch.setattr("quotesdb.search.progress.LONG_WORK", 5)
    found = archive("search", "amended", "--json")
    assert found.exit_code == 0, found.output
    [line] = _notices(found.stderr)
    assert line.startswith("quotesdb: catching the search index up on ") and "changes" in line
    assert found.stdout.count("Amended.") == 6


def test_small_work_stays_silent(archive: Cli) -> None:
    shutil.rmtree(archive.home / "index")
    found = archive("search", "pier", "--json")
    assert found.exit_code == 0 and _notices(found.stderr) == [], found.stderr
