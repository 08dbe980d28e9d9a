"""The index on PostgreSQL: tied to its database, and in step after concurrent merges.

The SQLite cases are in test_index_reads.py; here each database is a PostgreSQL schema of
its own (the `pg_url` fixture), restored from a `pg_dump` of an earlier state, or swapped
for another schema under the same home.
"""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from conftest import PG_URL, REPO, Cli


def _ok(cli: Cli, *args: str) -> str:
    done = cli.run(*args)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return done.stdout


def _found(cli: Cli, words: str) -> list[str]:
    return sorted(hit["text"] for hit in json.loads(_ok(cli, "search", words, "--json")))


def _schema(url: str) -> str:
    return url.rsplit("search_path%3D", 1)[1]


def _admin(sql: str) -> None:
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(sql))
    admin.dispose()


@pytest.fixture
def other_pg_url(pg_url: str) -> Iterator[str]:
    """A second fresh schema beside `pg_url`'s, dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    _admin(f'CREATE SCHEMA "{schema}"')
    yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    _admin(f'DROP SCHEMA "{schema}" CASCADE')


def _pg_tool(*args: str) -> None:
    server = ["-h", "127.0.0.1", "-p", "5432", "-U", "postgres", "-d", "test"]
    done = subprocess.run([*args[:1], *server, *args[1:]], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_an_index_is_rebuilt_when_its_home_points_at_another_postgres_database(
    tmp_path: Path, pg_url: str, other_pg_url: str
) -> None:
    first = Cli(tmp_path / "home", pg_url)
    _ok(first, "add", "The first archive's walrus quote.", "--speaker", "Ann First")
    assert _found(first, "walrus") == ["The first archive's walrus quote."]
    other = Cli(tmp_path / "home", other_pg_url)
    _ok(other, "init")
    found = other.run("search", "walrus", "--json")
    assert found.returncode == 0 and "Traceback" not in found.stderr, found.stderr
    assert json.loads(found.stdout) == [], "served the other database's quotes"
    assert "another database" in found.stderr and "rebuilt" in found.stderr, found.stderr
    _ok(other, "add", "The other archive's walrus quote.", "--speaker", "Bo Other")
    assert _found(other, "walrus") == ["The other archive's walrus quote."]
    assert _found(first, "walrus") == ["The first archive's walrus quote."]  # and back


def test_an_index_is_rebuilt_when_its_postgres_database_is_restored_from_a_dump(
    tmp_path: Path, pg_url: str
) -> None:
    cli = Cli(tmp_path / "home", pg_url)
    _ok(cli, "add", "Kept before the backup: otters.", "--speaker", "Ann Kept")
    dump, schema = tmp_path / "backup.dump", _schema(pg_url)
    _pg_tool("pg_dump", "-n", schema, "-Fc", "-f", str(dump))
    _ok(cli, "add", "Lost after the backup: otters too.", "--speaker", "Ann Lost")
    assert len(_found(cli, "otters")) == 2
    _admin(f'DROP SCHEMA "{schema}" CASCADE')  # the restore: the dump in its place
    _pg_tool("pg_restore", str(dump))
    assert _found(cli, "otters") == ["Kept before the backup: otters."]
    _ok(cli, "add", "Written after the restore: otters again.", "--speaker", "Ann New")
    assert _found(cli, "otters") == [
        "Kept before the backup: otters.",
        "Written after the restore: otters again.",
    ]
    cite = cli.run("cite", "2")
    assert "otters again" in cite.stdout, cite.stdout + cite.stderr
    checked = cli.run("check")
    assert checked.returncode == 0 and "index and database agree" in checked.stderr


@pytest.mark.slow  # end to end: real processes, lock waits
def test_concurrent_merges_on_postgres_leave_nothing_for_check_to_repair(
    tmp_path: Path, pg_url: str
) -> None:
    """Six `expert merge` processes at once, some into an expert another merge moves away:
    each ends in success or a one-line error, and then `check` has nothing to repair."""
    cli = Cli(tmp_path / "home", pg_url)
    speakers = [f"Nell Pontoon{n}" for n in range(8)]
    for n, speaker in enumerate(speakers):
        for k in range(3):
            _ok(cli, "add", f"Pontoon ledger {n}-{k} is balanced.", "--speaker", speaker)
    pairs = [(0, 1), (2, 3), (4, 5), (6, 7), (0, 2), (4, 6)]
    command = [sys.executable, "-m", "quotesdb"]
    procs = [
        subprocess.Popen(
            [*command, *cli.args("expert", "merge", speakers[keep], speakers[other])],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for keep, other in pairs
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=300)
        assert "Traceback" not in err, err
        assert proc.returncode == 0 or len(err.strip().splitlines()) == 1, err
    checked = cli.run("check", "--json")
    assert checked.returncode == 0 and "Traceback" not in checked.stderr, checked.stderr
    report = json.loads(checked.stdout)
    assert all(not ids for ids in report["repaired"].values()), report
    assert all(not ids for ids in report["remaining"].values()), report
    hits = json.loads(_ok(cli, "search", "pontoon ledger", "--json", "--limit", "100"))
    assert len(hits) == len({hit["id"] for hit in hits}) == 24
    shown = {hit["id"]: hit["speaker"]["name"] for hit in hits}
    engine = create_engine(pg_url)
    with engine.connect() as conn:
        sql = "SELECT q.id, e.name FROM quotes q JOIN experts e ON e.id = q.expert_id"
        stored = {int(row[0]): str(row[1]) for row in conn.execute(text(sql))}
    engine.dispose()
    assert shown == stored, "the index shows a speaker the database no longer has"
