"""Engines and sessions: one place knows how to talk to SQLite and PostgreSQL safely."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from quotesdb.config import Settings, redact_url
from quotesdb.db import SCHEMA_REVISION
from quotesdb.db.readonly import connect_for_reading, writable
from quotesdb.errors import DatabaseError

SQLITE_BUSY_MS = 30_000
READ_ONLY_OPTION = "quotesdb_reads_only"
T = TypeVar("T")
_TRANSIENT = ("locked", "deadlock", "could not serialize", "busy")


def make_engine(settings: Settings) -> Engine:
    url = settings.database_url
    kwargs: dict[str, Any] = {}
    read_only = False
    if settings.is_sqlite:
        _ensure_sqlite_folder(url)
        kwargs["connect_args"] = {"timeout": SQLITE_BUSY_MS / 1000}
        path = _sqlite_path(url)
        if path and os.path.exists(path) and not writable(path):
            # Reads still work (stats, experts, export); a write fails with the real reason.
            read_only = True
            kwargs["creator"] = partial(connect_for_reading, path, SQLITE_BUSY_MS / 1000)
    elif url.startswith("postgresql"):
        kwargs["connect_args"] = {"connect_timeout": 5}
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(url, **kwargs)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise DatabaseError(f"cannot use database {redact_url(url)}: {_reason(exc)}") from None
    if settings.is_sqlite:
        event.listen(engine, "connect", _sqlite_read_pragmas if read_only else _sqlite_pragmas)
        event.listen(
            engine, "begin", _sqlite_begin_deferred if read_only else _sqlite_begin_immediate
        )
    return engine


def _sqlite_path(url: str) -> str:
    path = url.split(":///", 1)[-1] if ":///" in url else ""
    return "" if path == ":memory:" else path.split("?", 1)[0]


def _ensure_sqlite_folder(url: str) -> None:
    path = _sqlite_path(url)
    if path:
        try:
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"cannot create the folder for {path}: {exc.strerror}") from None


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Autocommit at the driver level so SQLAlchemy's "begin" event decides how to begin.
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_read_pragmas(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None
    dbapi_conn.execute("PRAGMA foreign_keys=ON")


def _sqlite_begin_deferred(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")


def _sqlite_begin_immediate(conn: Any) -> None:
    # Take the write lock up front: two writers then queue on busy_timeout instead of
    # failing with "database is locked" when a read transaction tries to upgrade.
    # A transaction that only reads (`reading`) must not queue behind writers for it.
    if conn.get_execution_options().get(READ_ONLY_OPTION):
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def reading(engine: Engine) -> Engine:
    """The engine for transactions that only read: on SQLite they take no write lock, so
    pages and reports answer while an import writes (they see the last commit)."""
    return engine.execution_options(**{READ_ONLY_OPTION: True})


def _reason(exc: BaseException) -> str:
    message = str(exc.orig) if isinstance(exc, DBAPIError) and exc.orig is not None else str(exc)
    first = message.strip().splitlines()[0] if message.strip() else type(exc).__name__
    return redact_url(first)


def schema_revision(engine: Engine) -> str | None:
    """The migration the database is at, or None for an empty database."""
    try:
        with reading(engine).connect() as conn:  # never behind a writer's lock
            if not inspect(conn).has_table("alembic_version"):
                return None
            row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    except SQLAlchemyError as exc:
        raise DatabaseError(
            f"cannot reach database {redact_url(str(engine.url))}: {_reason(exc)}"
        ) from None
    return row[0] if row else None


def require_schema(engine: Engine, *, create: bool = False) -> None:
    """Refuse to work on a database at another schema; create an empty one when asked."""
    revision = schema_revision(engine)
    if revision == SCHEMA_REVISION:
        return
    if create or revision is not None:
        # Another process may be half-way through migrating (racing first writers see its
        # first revisions): wait until it is done, then look again.
        from quotesdb.db.migrate import migration_lock, upgrade

        with migration_lock(engine):
            revision = schema_revision(engine)
            if revision is None and create:
                upgrade(engine, locked=True)
                return
        if revision == SCHEMA_REVISION:
            return
    if revision is None:
        raise DatabaseError("the database is empty: run `quotesdb init` or `quotesdb ingest` first")
    raise DatabaseError(
        f"the database schema is at revision {revision}, this quotesdb needs {SCHEMA_REVISION}: "
        "run `quotesdb init` to upgrade it"
    )


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: committed whole, or rolled back whole."""
    factory = sessionmaker(engine, expire_on_commit=False)
    with factory() as session:
        try:
            with session.begin():
                yield session
        except SQLAlchemyError as exc:
            raise DatabaseError(f"database error: {_reason(exc)}") from exc


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work that only reads. On SQLite it takes no write lock, so `show` or
    `experts` answer during an import instead of failing after the 30 s busy timeout."""
    with transaction(reading(engine)) as session:
        yield session


def with_retries(engine: Engine, work: Callable[[Session], T], attempts: int = 6) -> T:
    """Run `work` in a transaction, again if a concurrent writer got in the way.

    Two writers may race to create the same outlet or expert (a unique-key clash) or,
    on SQLite, outwait the busy timeout; the retry sees the other's row and goes on.
    `work` must be safe to repeat: it is, as every write here is find-or-create.
    """
    for attempt in range(attempts):
        try:
            with transaction(engine) as session:
                return work(session)
        except DatabaseError as exc:
            if attempt == attempts - 1 or not _transient(exc.__cause__):
                raise
            time.sleep(random.uniform(0.01, 0.05) * 2**attempt)
    raise AssertionError("unreachable")


def _transient(exc: BaseException | None) -> bool:
    if isinstance(exc, IntegrityError):
        return True
    return isinstance(exc, OperationalError) and any(t in str(exc).lower() for t in _TRANSIENT)
