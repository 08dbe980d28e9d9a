"""Several writers at once: no lost quote and no lock error shown to a user."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, func, select, text

from conftest import REPO, Cli, seeded_archive
from quotesdb.config import resolve
from quotesdb.db.models import Change, Quote

WRITER = textwrap.dedent(
    """
    import sys
    from quotesdb.config import resolve
    from quotesdb.db.editing import NewQuote, add_quote
    from quotesdb.db.session import make_engine, require_schema, with_retries

    url, worker, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    engine = make_engine(resolve(".", url))
    require_schema(engine, create=True)
    for n in range(count):
        new = NewQuote(text=f"Worker {worker} says thing {n}.", speaker=f"Writer Number{worker}",
                       url="https://example.com/shared", title="Shared")
        with_retries(engine, lambda session: add_quote(session, new))
    """
)


@pytest.mark.slow  # end to end: real processes, lock waits
def test_four_processes_add_a_hundred_quotes_each(db_url: str, tmp_path: Path) -> None:
    engine = create_engine(db_url)
    from quotesdb.db.migrate import upgrade

    upgrade(engine)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, db_url, str(worker), "100"],
            cwd=REPO,
            stderr=subprocess.PIPE,
            text=True,
        )
        for worker in range(4)
    ]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    assert not any("locked" in e for e in errors)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Quote)) == 400
        assert conn.scalar(select(func.count(func.distinct(Change.quote_id)))) == 400
        articles = conn.scalar(select(func.count(func.distinct(Quote.article_id))))
    assert articles == 1
    engine.dispose()
    from quotesdb.config import resolve
    from quotesdb.index.search import Filters, search
    from quotesdb.index.sync import catch_up

    ix, _report = catch_up(resolve(tmp_path / "home", db_url))
    for worker in range(4):
        found = search(ix, None, Filters(expert=f"Writer Number{worker}"), limit=1000)
        assert {h.speaker for h in found.hits} == {f"Writer Number{worker}"}
        assert len(found.hits) == 100


def quotebank_file(path: Path, lines: int, sourced: bool = True) -> Path:
    """Quotebank lines, one in two without a URL (stored without an article)."""
    import json

    with path.open("w", encoding="utf-8") as out:
        for n in range(lines):
            urls = [f"https://news{n % 5}.example.com/story-{n // 10}"] if sourced and n % 2 else []
            record = {
                "quoteID": f"q{n}",
                "quotation": f"Line {n} of {path.stem} says something new.",
                "speaker": f"Speaker Number{n % 37}",
                "qids": [],
                "date": "2020-01-02 00:00:00",
                "probas": [[f"Speaker Number{n % 37}", "0.9"]],
                "urls": urls,
            }
            out.write(json.dumps(record) + "\n")
    return path


@pytest.mark.slow  # end to end: real processes, lock waits
def test_writers_importing_one_file_store_each_quote_once(db_url: str, tmp_path: Path) -> None:
    """The speakers are stored first, so nothing but the quotes themselves can clash: the
    race that stored 5,200 rows of these 2,000 on PostgreSQL before the unsourced key."""
    from conftest import Cli

    cli = Cli(tmp_path / "home", db_url)
    known = quotebank_file(tmp_path / "speakers.jsonl", 100)
    assert cli.run("import", str(known), "--format", "quotebank", "--quiet").returncode == 0
    source = quotebank_file(tmp_path / "shared.jsonl", 2000, sourced=False)
    command = [sys.executable, "-m", "quotesdb", *cli.args("import", str(source))]
    procs = [
        subprocess.Popen(
            [*command, "--format", "quotebank", "--quiet"],
            cwd=REPO,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    errors = [p.communicate(timeout=600)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    assert not any("Traceback" in e for e in errors), errors
    engine = create_engine(db_url)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Quote)) == 2000 + 100
        keys = select(Quote.article_id, Quote.expert_id, Quote.text_key).distinct().subquery()
        assert conn.scalar(select(func.count()).select_from(keys)) == 2000 + 100
    engine.dispose()


def test_two_adds_of_one_unsourced_quote_race_to_one_row(db_url: str) -> None:
    engine = create_engine(db_url)
    from quotesdb.db.migrate import upgrade

    upgrade(engine)
    adder = textwrap.dedent(
        """
        import sys
        from quotesdb.config import resolve
        from quotesdb.db.editing import NewQuote, add_quote
        from quotesdb.db.session import make_engine, with_retries
        from quotesdb.errors import DuplicateError

        engine = make_engine(resolve(".", sys.argv[1]))
        stored = 0
        for n in range(40):
            new = NewQuote(text=f"Said by one, {n} times over.", speaker="Racing Speaker")
            try:
                with_retries(engine, lambda session: add_quote(session, new))
                stored += 1
            except DuplicateError:
                pass
        print(stored)
        """
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", adder, db_url], cwd=REPO, stdout=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    stored = [int(p.communicate(timeout=300)[0]) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0]
    assert sum(stored) == 40
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Quote)) == 40
    engine.dispose()


def flock_waiters(path: Path) -> set[int] | None:
    """The processes queued for an flock on `path` (Linux's /proc/locks: a waiter's line
    has `->` before the lock's kind, then its pid and the file's device:inode); None where
    the kernel does not list its locks."""
    if not Path("/proc/locks").exists():
        return None
    inode = f":{path.stat().st_ino}" if path.exists() else None
    pids = set()
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if inode and "->" in fields:
            pid, where = fields[fields.index("->") + 4 : fields.index("->") + 6]
            if where.endswith(inode):
                pids.add(int(pid))
    return pids


def advisory_waiters(engine: Engine) -> int:
    """How many sessions wait for the migration's PostgreSQL advisory lock (its 64-bit key
    is split into classid, the high half, and objid, the low half, in pg_locks)."""
    from quotesdb.db.migrate import _LOCK_KEY

    with engine.connect() as conn:
        key = conn.scalar(text(_LOCK_KEY)) % 2**64
        return int(
            conn.scalar(
                text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
                    "AND classid::bigint = :high AND objid::bigint = :low AND objsubid = 1"
                ),
                {"high": key >> 32, "low": key % 2**32},
            )
        )


def wait_until_queued(
    procs: list[subprocess.Popen[str]] | list[subprocess.Popen[bytes]],
    waiters: Callable[[], set[int] | int | None],
) -> None:
    """Until every process is seen queued for the lock this test holds (no time limit on a
    process's start-up, which a busy machine can stretch); none may finish meanwhile. Once
    queued, none can get on until the lock is let go: what was a wait of several seconds,
    which a slow start could pass without a racer ever reaching the lock (and still is
    where the waiters cannot be seen: no /proc/locks)."""
    for _ in range(2400):  # two minutes at most, for the processes to start
        finished = [p.args for p in procs if p.poll() is not None]
        assert not finished, f"finished while the migration lock was held: {finished}"
        queued = waiters()
        if queued is None:
            time.sleep(8)
            finished = [p.args for p in procs if p.poll() is not None]
            assert not finished, f"finished while the migration lock was held: {finished}"
            return
        if queued == {p.pid for p in procs} or queued == len(procs):
            return
        time.sleep(0.05)
    raise AssertionError(f"not queued for the migration lock: {queued}")


def _first_writers_race(url: str) -> None:
    racer = "import sys; from quotesdb.config import resolve; from quotesdb.db.session import "
    racer += "make_engine, require_schema; require_schema(make_engine(resolve('.', sys.argv[1])), "
    racer += "create=True)"
    procs = [
        subprocess.Popen([sys.executable, "-c", racer, url], cwd=REPO, stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors


def test_first_writers_on_an_empty_postgres_migrate_once(pg_url: str) -> None:
    """Racing `require_schema(create=True)` used to create the tables twice (UniqueViolation)."""
    _first_writers_race(pg_url)


@pytest.mark.slow  # end to end: real processes, lock waits
def test_first_writers_on_a_new_sqlite_file_migrate_once(tmp_path: Path) -> None:
    """SQLite's driver commits DDL as it goes: a first writer that found no schema could
    start Alembic while another was half-way and run a migration again (`duplicate column
    name: gender`, seen in `make stress`). Migrating waits for a file lock: while this
    process holds it a racer cannot finish; once it is let go, it migrates."""
    from quotesdb.config import resolve
    from quotesdb.db.migrate import migration_lock
    from quotesdb.db.session import SCHEMA_REVISION, make_engine, schema_revision

    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    engine = make_engine(resolve(tmp_path, url))
    racer = "import sys; from quotesdb.config import resolve; from quotesdb.db.session import "
    racer += "make_engine, require_schema; require_schema(make_engine(resolve('.', sys.argv[1])), "
    racer += "create=True)"
    with migration_lock(engine):
        proc = subprocess.Popen([sys.executable, "-c", racer, url], cwd=REPO)
        wait_until_queued([proc], lambda: flock_waiters(tmp_path / "new.sqlite3.migrating"))
        assert schema_revision(engine) is None
    assert proc.wait(timeout=120) == 0
    assert schema_revision(engine) == SCHEMA_REVISION
    _first_writers_race(url)  # and at head, racers do nothing
    engine.dispose()


@pytest.mark.slow  # end to end: real processes, lock waits
def test_writers_and_readers_wait_out_a_migration_half_way(db_url: str) -> None:
    """A racer that arrived while another process was half-way through migrating saw its
    first revisions and gave up ("the schema is at revision 0001 ... run `quotesdb init`",
    seen in `make stress`). Writers and readers (the ORM's check and search's own) now wait
    for the migration to end and look again."""
    from quotesdb.config import resolve
    from quotesdb.db.migrate import migration_lock, upgrade
    from quotesdb.db.session import SCHEMA_REVISION, make_engine, schema_revision

    engine = make_engine(resolve(".", db_url))
    check = "import sys; from quotesdb.config import resolve; settings = resolve('.', sys.argv[1])"
    writer = check + "; from quotesdb.db.session import make_engine, require_schema; "
    writer += "require_schema(make_engine(settings), create=True)"
    reader = check + "; from quotesdb.search.source import Source; Source(settings).close()"
    if engine.dialect.name == "sqlite":
        lock = Path(f"{engine.url.database}.migrating")
        waiters: Callable[[], set[int] | int | None] = lambda: flock_waiters(lock)  # noqa: E731
    else:
        waiters = lambda: advisory_waiters(engine)  # noqa: E731
    with migration_lock(engine):
        upgrade(engine, "0001", locked=True)
        racers = [
            subprocess.Popen(
                [sys.executable, "-c", code, db_url], cwd=REPO, stderr=subprocess.PIPE, text=True
            )
            for code in (writer, reader)
        ]
        wait_until_queued(racers, waiters)
        upgrade(engine, locked=True)
    errors = [racer.communicate(timeout=120)[1] for racer in racers]
    assert [racer.returncode for racer in racers] == [0, 0], errors
    assert schema_revision(engine) == SCHEMA_REVISION
    engine.dispose()


READ_COMMANDS = (
    ["show", "1"],
    ["cite", "1"],
    ["search", "sanctions"],
    ["experts"],
    ["articles"],
    ["article", "1"],
    ["outlets"],
    ["topics"],
    ["stats"],
    ["review", "--json"],
    ["verify", "1"],
    ["export", "--format", "csv"],
    ["report"],
)


@pytest.mark.slow  # end to end: real processes, lock waits
def test_reading_commands_answer_while_a_writer_holds_the_lock(
    sqlite_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import holds SQLite's write lock for minutes: reads must not queue behind it."""
    import sqlite3

    seeded_archive(sqlite_cli.home, None)  # the seeds ingested (a copy of one ingest)
    expert = json.loads(sqlite_cli("experts", "--json").stdout)[0]["name"]
    # A lock wait fails fast: the lock is held throughout, so a read that waited for it
    # would fail whatever the wait, and the write below (six tries) fails in ~1.2 s, not 9.
    monkeypatch.setattr("quotesdb.db.session.SQLITE_BUSY_MS", 200)
    database = str(resolve(sqlite_cli.home, None).database_url).split(":///", 1)[1]
    writer = sqlite3.connect(database, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        for command in [*READ_COMMANDS, ["expert", expert]]:
            done = sqlite_cli(*command)
            assert done.exit_code == 0, (command, done.output)
        assert sqlite_cli("tag", "1", "locked-out").exit_code != 0  # the lock is real
    finally:
        writer.rollback()
        writer.close()
