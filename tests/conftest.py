"""Shared fixtures: a real SQLite file, the real PostgreSQL server, the real CLI."""

from __future__ import annotations

import atexit
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import traceback
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest
import typer
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"
PG_URL = os.environ.get("QUOTESDB_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")

_pg_answer: bool | None = None


def _schema_url(schema: str) -> str:
    """PG_URL, its connections in `schema`."""
    return f"{PG_URL}?options=-csearch_path%3D{schema}"


def postgres_answers() -> bool:
    global _pg_answer
    if _pg_answer is None:
        try:
            engine = create_engine(PG_URL, connect_args={"connect_timeout": 3})
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            engine.dispose()
            _pg_answer = True
        except Exception:
            _pg_answer = False
    return _pg_answer


def require_postgres() -> None:
    """PostgreSQL tests run whenever it answers; in CI its absence is a failure."""
    if postgres_answers():
        return
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL does not answer at {PG_URL} and CI is set")
    pytest.skip("PostgreSQL does not answer")


@contextmanager
def pg_schema() -> Iterator[str]:
    """A URL whose connections live in a fresh schema of their own, dropped afterwards."""
    require_postgres()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _schema_url(schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A schema of the test's own (see `pg_schema`)."""
    with pg_schema() as url:
        yield url


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that asks for PostgreSQL carries the declared `postgres` marker, so
    `-m "not postgres"` (the `make check` lane) leaves them all out.

    The files come in the order `make test` hands them to its workers (whole files, in
    collection order: --dist loadfile --no-loadscope-reorder): those holding `slow` or
    `browser` tests first, then the others by their number of tests, most first (xdist's
    own order, which put the long files of two tests last, one worker running one while
    the other had nothing left). A file's tests keep their order."""
    for item in items:
        if "pg_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)
    counts = Counter(item.path for item in items)
    slow = {
        i.path for i in items if i.get_closest_marker("slow") or i.get_closest_marker("browser")
    }
    items.sort(key=lambda item: (item.path not in slow, -counts[item.path]))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each database test runs on both stores."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'quotes.sqlite3'}"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "home"
    monkeypatch.setenv("QUOTESDB_HOME", str(path))
    monkeypatch.delenv("QUOTESDB_DATABASE_URL", raising=False)
    return path


def _command_built_once() -> None:
    """Typer's test runner builds the click command of every registered command from the
    app on each invocation (~35 ms, a third of a typical in-process command's CPU); the
    real CLI builds it once per process, and so does this runner now, per app (whole_app
    registers every command before its first use, and nothing registers one later)."""
    import typer.testing
    from typer.main import get_command

    built: dict[int, tuple[object, Any]] = {}

    def once(app: typer.Typer) -> Any:
        if id(app) not in built:
            built[id(app)] = (app, get_command(app))  # the app kept: its id stays its own
        return built[id(app)][1]

    typer.testing._get_command = once  # type: ignore[attr-defined]


_command_built_once()


class Cli:
    """The real CLI through Typer's runner, pointed at one home and database."""

    def __init__(self, home: Path, url: str | None) -> None:
        self.home, self.url = home, url
        self.runner = CliRunner()

    def args(self, *args: str) -> list[str]:
        base = ["--home", str(self.home)]
        if self.url:
            base += ["--database-url", self.url]
        return [*base, *args]

    def __call__(self, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        from quotesdb.cli import whole_app

        return self.runner.invoke(whole_app(), self.args(*args), input=input)

    def run(self, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
        """In this process, answered as a process would be: exit code, stdout and stderr
        apart, and an escaped exception as its traceback on stderr with exit 1 (so a test's
        "no Traceback" still bites). A test about the process itself (its start-up, locks
        held by another process, signals, pipes) uses `process` instead."""
        done = self(*args, input=input)
        stderr = done.stderr
        if done.exception is not None and not isinstance(done.exception, SystemExit):
            stderr += "Traceback (most recent call last):\n"
            stderr += "".join(traceback.format_exception(done.exception)[1:])
        return subprocess.CompletedProcess(
            ["quotesdb", *self.args(*args)], done.exit_code, done.stdout, stderr
        )

    def process(self, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
        """As a real process, for exit codes, stderr and start-up as users see them."""
        return subprocess.run(
            [sys.executable, "-m", "quotesdb", *self.args(*args)],
            capture_output=True,
            text=True,
            input=input,
            timeout=120,
            cwd=REPO,
        )


T = TypeVar("T")
# (what, store) -> the home it was built in, its schema on PostgreSQL, what `build` answered
_templates: dict[tuple[str, str], tuple[Path, str | None, Any]] = {}


def _template(what: str, postgres: bool, build: Callable[[Cli], T]) -> tuple[Path, str | None, T]:
    """The archive `build` makes, built once per test process and store in a folder (and on
    PostgreSQL a schema) of its own, removed when the process ends."""
    key = (what, "postgres" if postgres else "sqlite")
    if key not in _templates:
        root = Path(tempfile.mkdtemp(prefix=f"quotesdb-{what}-"))
        atexit.register(shutil.rmtree, root, True)
        home, schema = root / "home", None
        if postgres:
            schema = f"tpl_{uuid.uuid4().hex[:12]}"
            admin = create_engine(PG_URL)
            with admin.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            admin.dispose()

            def drop(schema: str = schema) -> None:
                engine = create_engine(PG_URL)
                with engine.begin() as conn:
                    conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
                engine.dispose()

            atexit.register(drop)
            answer = build(Cli(home, _schema_url(schema)))
        else:
            answer = build(Cli(home, f"sqlite:///{home / 'quotesdb.sqlite3'}"))
            with sqlite3.connect(home / "quotesdb.sqlite3") as db:  # all of it in the one file
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        _templates[key] = (home, schema, answer)
    built: tuple[Path, str | None, T] = _templates[key]
    return built


def _pg_copy(source: str, url: str) -> None:
    """Schema `source`'s rows into the (empty) schema `url` reaches: its tables, functions
    and triggers made by the real migrations, then every table's rows copied as they are
    (triggers and foreign-key checks off while copying, which takes the test server's
    superuser: the rows are already consistent, the change log is copied with them, and
    what the migrations wrote is replaced), and every sequence set where the source's
    stands. Rows, sequences, triggers, functions and indexes were compared with the
    source's: the same."""
    from quotesdb.db.migrate import upgrade

    engine = create_engine(url)
    upgrade(engine)
    with engine.begin() as conn:
        target = conn.scalar(text("SELECT current_schema()"))
        assert target and target != source, url
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        tables = conn.scalars(
            text(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = :s "
                "AND table_type = 'BASE TABLE' AND table_name <> 'alembic_version'"
            ),
            {"s": source},
        ).all()
        listed = ", ".join(f'"{target}"."{table}"' for table in tables)
        conn.execute(text(f"TRUNCATE {listed}"))  # what the migrations wrote (archive_meta)
        for table in tables:  # in the source's physical order, as a fresh ingest left them
            rows = f'SELECT * FROM "{source}"."{table}" ORDER BY ctid'
            conn.execute(text(f'INSERT INTO "{target}"."{table}" {rows}'))
        sequences = conn.execute(
            text(
                "SELECT sequencename, last_value FROM pg_sequences "
                "WHERE schemaname = :s AND last_value IS NOT NULL"
            ),
            {"s": source},
        ).all()
        for name, last_value in sequences:
            conn.execute(
                text("SELECT setval(:seq, :value)"),
                {"seq": f'"{target}"."{name}"', "value": last_value},
            )
    engine.dispose()


def copied_archive(
    what: str, home: Path, url: str | None, build: Callable[[Cli], T]
) -> tuple[Cli, T]:
    """The archive `build` makes through the CLI it is handed, at `home` (its database at
    `url`, or the home's own), for a test to change as it likes, and what `build` answered
    (ids, say: nothing of the copy it was built in, no path, no engine). It is built once
    per test process and store under the name `what` and copied (a copy costs
    milliseconds, a build a second or more): on SQLite the database file; on PostgreSQL the
    rows of the schema it was built in, into the test's own schema (migrated for real
    first); and the home beside it."""
    cli = Cli(home, url)
    postgres = url is not None and not url.startswith("sqlite:///")
    built, schema, answer = _template(what, postgres, build)
    if schema is not None and url is not None:
        _pg_copy(schema, url)
        shutil.copytree(built, home, dirs_exist_ok=True)
    elif url is None:
        shutil.copytree(built, home, dirs_exist_ok=True)
    else:
        database = Path(url.removeprefix("sqlite:///"))
        database.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built / "quotesdb.sqlite3", database)
        skip = shutil.ignore_patterns("quotesdb.sqlite3*")
        shutil.copytree(built, home, ignore=skip, dirs_exist_ok=True)
    return cli, answer


def _ingest_seeds(cli: Cli) -> None:
    done = cli("ingest", str(SEEDS))
    assert done.exit_code == 0, done.output


def seeded_archive(home: Path, url: str | None) -> Cli:
    """The seed articles' archive at `home` (its database at `url`, or the home's own), for a
    test to change as it likes: a copy of one ingest (see `copied_archive`)."""
    cli, _ = copied_archive("seeded", home, url, _ingest_seeds)
    return cli


@pytest.fixture
def cli(home: Path, db_url: str) -> Cli:
    return Cli(home, db_url)


@pytest.fixture
def sqlite_cli(home: Path) -> Cli:
    return Cli(home, None)


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """The seed articles in a folder a test may change."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target, ignore=shutil.ignore_patterns("*.toml"))
    return target


@pytest.fixture(scope="session")
def seeded_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed articles ingested once per session, by a real `quotesdb ingest` process
    (as `make demo` does), into a home that tests only READ; a test that changes an
    archive copies this one first (shutil.copytree) or builds its own."""
    home = tmp_path_factory.mktemp("seeded") / "home"
    done = subprocess.run(
        [sys.executable, "-m", "quotesdb", "--home", str(home), "ingest", str(SEEDS)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    return home


# No wall-clock limit in any test (speed belongs in `make bench`): Hypothesis's deadline
# per example and its too-slow health check would fail a property test on a busy machine.
def _no_wall_clock_in_property_tests() -> None:
    from hypothesis import HealthCheck, settings

    settings.register_profile(
        "quotesdb", deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    settings.load_profile("quotesdb")


_no_wall_clock_in_property_tests()
