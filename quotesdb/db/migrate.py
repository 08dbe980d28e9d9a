"""Alembic, driven from code: `quotesdb init` and the tests upgrade through here."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text

from quotesdb.db.filelock import sqlite_migration_lock

if TYPE_CHECKING:
    from alembic.config import Config

# Shipped inside the package (so an installed wheel can migrate), found as a package resource.
MIGRATIONS = files("quotesdb") / "migrations"


def alembic_config(engine: Engine | None = None) -> Config:
    """The migrations' configuration; env.py takes the engine from its attributes."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head", *, locked: bool = False) -> None:
    """Migrate, one process at a time: racing first writers would create tables twice.
    `locked` says the caller already holds `migration_lock` (taking it twice would wait on
    itself)."""
    from alembic import command

    if locked:
        command.upgrade(alembic_config(engine), revision)
        return
    with migration_lock(engine):
        command.upgrade(alembic_config(engine), revision)


# Held while migrating; keyed by database and schema so that separate schemas (the tests'
# one per test) never wait for each other.
_LOCK_KEY = "SELECT hashtextextended('quotesdb-migrate:' || current_database() || '.' || "
_LOCK_KEY += "coalesce(current_schema(), ''), 0)"


@contextmanager
def migration_lock(engine: Engine) -> Iterator[None]:
    """A PostgreSQL advisory lock (released by the server if this process dies); on SQLite,
    an flock on a file beside the database (released by the kernel likewise). SQLite's
    driver commits DDL as it goes, so racing first writers could run one migration twice."""
    if engine.dialect.name == "sqlite":
        with sqlite_migration_lock(engine.url.database):
            yield
        return
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as conn:
        key = conn.scalar(text(_LOCK_KEY))
        conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
        conn.commit()
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
            conn.commit()


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    with migration_lock(engine):
        command.downgrade(alembic_config(engine), revision)


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head
