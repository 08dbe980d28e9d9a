"""Reading the database in plain SQL, without the ORM, for commands that must start fast.

SQLite goes through the stdlib driver (0.03 s to import against SQLAlchemy's 0.2 s and
the ORM's 0.5 s); any other database through SQLAlchemy Core. Queries take `:name`
parameters on both.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

from quotesdb.config import Settings
from quotesdb.db.readonly import connect_for_reading
from quotesdb.errors import DatabaseError


def _missing_table(message: str) -> bool:
    text = message.lower()
    return "alembic_version" in text and ("no such table" in text or "does not exist" in text)


class Reader:
    """Rows from the database this call was given, checked to be at this code's schema."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._sqlite: sqlite3.Connection | None = None
        self._sqlite_path = ""
        self._engine: Any = None
        self._held: Any = None  # the connection of an open snapshot (not SQLite)
        self._open(settings)
        try:
            self.require_schema()
        except BaseException:
            self.close()
            raise

    @property
    def dialect(self) -> str:
        return "sqlite" if self._sqlite is not None else str(self._engine.dialect.name)

    def _open(self, settings: Settings) -> None:
        try:
            if settings.is_sqlite:
                path = self._sqlite_path = settings.database_url.split(":///", 1)[1]
                if not os.path.exists(path):
                    raise DatabaseError(
                        f"no database at {path}: run `quotesdb init` or `quotesdb ingest` first"
                    )
                self._sqlite = connect_for_reading(path)
            else:
                from quotesdb.db.session import make_engine

                self._engine = make_engine(settings)
        except (sqlite3.Error, IndexError) as exc:
            raise DatabaseError(f"cannot open the database: {exc}") from None

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        try:
            if self._sqlite is not None:
                return self._sqlite.execute(sql, _sqlite_params(params)).fetchall()
            from sqlalchemy import text

            if self._held is not None:
                return [tuple(r) for r in self._held.execute(text(sql), dict(params or {}))]
            with self._engine.connect() as conn:
                return [tuple(r) for r in conn.execute(text(sql), dict(params or {}))]
        except Exception as exc:  # driver errors differ; the message is what matters
            from quotesdb.config import redact_url

            lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
            reason = redact_url(lines[0] if lines else type(exc).__name__)
            raise DatabaseError(
                f"cannot read database {self.settings.safe_url}: {reason}"
            ) from None

    @contextmanager
    def snapshot(self) -> Iterator[Reader]:
        """Every query inside sees the database as it was at the first: figures computed
        from several queries then agree even while others write."""
        if self._sqlite is not None:
            self.rows("BEGIN")
            try:
                yield self
            finally:
                self._sqlite.rollback()
            return
        with self._engine.connect() as conn, conn.begin():
            if self.dialect == "postgresql":
                conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            self._held = conn
            try:
                yield self
            finally:
                self._held = None

    def require_schema(self) -> None:
        """The same check as the ORM side makes, without importing it."""
        from quotesdb.db import SCHEMA_REVISION

        revision = self._revision()
        if revision is not None and revision != SCHEMA_REVISION:
            self._wait_for_migration()  # a first writer may be half-way through it
            revision = self._revision()
        if revision is None:
            raise DatabaseError("the database is empty: run `quotesdb ingest` first")
        if revision != SCHEMA_REVISION:
            raise DatabaseError(
                f"the database schema is at revision {revision}, this quotesdb needs "
                f"{SCHEMA_REVISION}: run `quotesdb init` to upgrade it"
            )

    def _revision(self) -> str | None:
        try:
            rows = self.rows("SELECT version_num FROM alembic_version")
        except DatabaseError as exc:
            # Only a missing version table means "empty": a server that is down, a wrong
            # database name or a damaged file must say so instead.
            if not _missing_table(str(exc)):
                raise
            rows = []
        return rows[0][0] if rows else None

    def _wait_for_migration(self) -> None:
        if self._engine is not None:
            from quotesdb.db.migrate import migration_lock

            with migration_lock(self._engine):
                return
        from quotesdb.db.filelock import sqlite_migration_lock

        with sqlite_migration_lock(self._sqlite_path):
            return

    def close(self) -> None:
        if self._sqlite is not None:
            self._sqlite.close()
        if self._engine is not None:
            self._engine.dispose()


def _sqlite_params(params: Mapping[str, Any] | None) -> dict[str, Any]:
    """Dates as SQLAlchemy stores them in SQLite (ISO text): the stdlib's own date adapter
    is deprecated."""
    return {k: v.isoformat() if type(v) is dt.date else v for k, v in (params or {}).items()}


class Rows(Protocol):
    """What read-only services need of a database: `Reader`, or a session's `SessionRows`."""

    @property
    def dialect(self) -> str: ...

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]: ...


class SessionRows:
    """`Rows` through an open SQLAlchemy session, inside its transaction."""

    def __init__(self, session: Any) -> None:
        from sqlalchemy.orm import Session  # loaded already: the caller holds a session

        self._conn = session.connection() if isinstance(session, Session) else session
        self.dialect = str(self._conn.dialect.name)

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        from sqlalchemy import text

        return [tuple(r) for r in self._conn.execute(text(sql), dict(params or {}))]


def as_rows(db: Any) -> Rows:
    """A `Rows` as given, or one over a SQLAlchemy session or connection."""
    return db if hasattr(db, "rows") else SessionRows(db)


def in_list(prefix: str, ids: Sequence[int]) -> tuple[str, dict[str, int]]:
    """`:p0, :p1, …` and their values, for an `IN (…)` of ids on every driver."""
    params = {f"{prefix}{n}": int(i) for n, i in enumerate(ids)}
    return ", ".join(f":{name}" for name in params), params


def as_day(value: Any) -> dt.date | None:
    """A stored date or timestamp as a day: SQLite gives ISO text, PostgreSQL dates; text
    that is no date is no day."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
