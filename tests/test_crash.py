"""A small sample of `make stress`: kill -9 mid-write, then prove nothing was lost."""

from __future__ import annotations

import random
import sqlite3
import tempfile
from pathlib import Path

import pytest

from bench.stress import Archive, Tally, check, run

pytestmark = pytest.mark.slow  # kill -9 mid-write: a sample of `make stress`


def test_killed_writers_lose_nothing() -> None:
    # One of each: ingest, add, import, reindex; then one round of the races.
    tally = run(trials=4, seed=7, fuzz_inputs=100, races=1)
    assert tally.trials == 4 and tally.fuzzed == 100 and tally.races >= 2
    assert tally.problems == [], tally.problems


def test_the_checks_can_fail() -> None:
    """A half-written article and a lost quote are caught (the harness is not blind)."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = Archive(Path(tmp), random.Random(1))
        assert archive.run("ingest", "--quiet", str(archive.articles)).returncode == 0
        before = archive.quote_keys()
        with sqlite3.connect(archive.db) as conn:
            victim = conn.execute("SELECT max(id) FROM quotes").fetchone()[0]
            conn.execute("DELETE FROM quotes WHERE id = ?", (victim,))
        tally = Tally()
        check(archive, before, tally)
        assert tally.half_written == 1 and tally.quotes_lost == 1


def test_a_writer_killed_between_migrations_leaves_what_init_finishes() -> None:
    """The archive a kill leaves between two migrations is whole at the earlier one: the
    check runs `init`, as the one-line error tells a user to, and finds nothing lost."""
    from sqlalchemy import create_engine

    from quotesdb.db import SCHEMA_REVISION
    from quotesdb.db.migrate import upgrade

    with tempfile.TemporaryDirectory() as tmp:
        archive = Archive(Path(tmp), random.Random(2))
        archive.home.mkdir()
        engine = create_engine(f"sqlite:///{archive.db}")
        upgrade(engine, "0010")
        engine.dispose()
        refused = archive.run("search", "word")
        assert refused.returncode != 0 and "quotesdb init" in refused.stderr
        tally = Tally()
        check(archive, {}, tally)
        assert tally.problems == [], tally.problems
        with sqlite3.connect(archive.db) as conn:
            (revision,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        assert revision == SCHEMA_REVISION
