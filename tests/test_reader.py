"""`quotesdb.db.reader`: plain-SQL reads, and snapshots that hold still while others write."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import text

from conftest import Cli
from quotesdb.config import resolve
from quotesdb.db.reader import Reader
from quotesdb.db.session import make_engine, require_schema
from quotesdb.errors import DatabaseError


def _outlets(reader: Reader) -> int:
    return int(reader.rows("SELECT count(*) FROM outlets")[0][0])


def test_a_snapshot_holds_still_while_another_process_writes(home: Path, db_url: str) -> None:
    settings = resolve(home, db_url)
    engine = make_engine(settings)
    require_schema(engine, create=True)
    reader = Reader(settings)
    try:
        with reader.snapshot():
            before = _outlets(reader)
            with engine.begin() as conn:  # another writer, committed meanwhile
                conn.execute(text("INSERT INTO outlets (name, norm_name) VALUES ('W', 'w')"))
            assert _outlets(reader) == before  # the figures of one report agree
        assert _outlets(reader) == before + 1  # and the next report sees the write
    finally:
        reader.close()
        engine.dispose()


def test_dates_compare_as_the_orm_stores_them(cli: Cli, tmp_path: Path) -> None:
    data = tmp_path / "one.jsonl"
    lines = [
        {"format": "quotesdb/1"},
        {"type": "article", "key": "url:https://x.example/a", "title": "A"}
        | {"outlet": "W", "published": "2024-03-01", "url": "https://x.example/a"},
    ]
    data.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert cli("import", str(data)).exit_code == 0
    reader = Reader(resolve(cli.home, cli.url))
    try:
        sql = "SELECT count(*) FROM articles WHERE published >= :since"
        assert reader.rows(sql, {"since": dt.date(2024, 3, 1)}) == [(1,)]
        assert reader.rows(sql, {"since": dt.date(2024, 3, 2)}) == [(0,)]
    finally:
        reader.close()


def test_an_empty_or_missing_database_is_one_clear_error(home: Path, tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="no database at"):
        Reader(resolve(home, f"sqlite:///{tmp_path / 'none.sqlite3'}"))
    (tmp_path / "empty.sqlite3").write_bytes(b"")
    with pytest.raises(DatabaseError, match="empty"):
        Reader(resolve(home, f"sqlite:///{tmp_path / 'empty.sqlite3'}"))


def test_report_on_a_missing_database_says_so(sqlite_cli: Cli, tmp_path: Path) -> None:
    done = sqlite_cli.run("--database-url", f"sqlite:///{tmp_path / 'none.sqlite3'}", "report")
    assert done.returncode != 0
    assert "no database at" in done.stderr and "Traceback" not in done.stderr
