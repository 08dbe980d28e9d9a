"""`trace` and the trace page never wait behind a writer: they read the keys as applied."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from starlette.testclient import TestClient

from conftest import SEEDS, Cli
from quotesdb.config import resolve
from quotesdb.web.app import create_app
from web_helpers import LOCAL


@contextmanager
def writer_busy(cli: Cli) -> Iterator[None]:
    """What an import holds while it writes: SQLite's write lock; on PostgreSQL the trace
    keys' mark row, which an import's keying holds as it catches them up."""
    url = str(resolve(cli.home, cli.url).database_url)
    if url.startswith("sqlite"):
        writer = sqlite3.connect(url.split(":///", 1)[1], isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            writer.rollback()
            writer.close()
        return
    engine = create_engine(url)
    try:
        with engine.connect() as conn, conn.begin():
            conn.execute(text("SELECT seq FROM quote_shingles_mark FOR UPDATE")).all()
            yield
    finally:
        engine.dispose()


def test_trace_reads_the_last_applied_keys_while_a_writer_is_busy(cli: Cli, tmp_path: Path) -> None:
    assert cli("ingest", str(SEEDS)).exit_code == 0
    first = cli.run("trace", "1", "--json")
    assert first.returncode == 0 and json.loads(first.stdout)["behind"] == 0, first.stderr
    added = cli.run("add", "Written while nobody traced.", "--speaker", "Ann Late")
    assert added.returncode == 0, added.stderr
    with writer_busy(cli):
        found = cli.process("trace", "1", "--json")
        assert found.returncode == 0, found.stderr
        traced = json.loads(found.stdout)
        assert traced["behind"] >= 1 and traced["occurrences"], traced
        assert "changes behind the database" in found.stderr, found.stderr
        with TestClient(create_app(resolve(cli.home, cli.url)), base_url=LOCAL) as client:
            page = client.get("/quotes/1/trace")
            assert page.status_code == 200, page.text
            assert "changes behind the database" in page.text
    caught_up = cli.run("trace", "1", "--json")
    assert json.loads(caught_up.stdout)["behind"] == 0, caught_up.stderr
