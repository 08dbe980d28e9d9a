"""The lock that migrating a SQLite file holds, in the stdlib alone: `search` reads SQLite
without SQLAlchemy and waits on this lock too when it finds a schema half-way through."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def sqlite_migration_lock(database: str | None) -> Iterator[None]:
    """An flock on `<database>.migrating`, released by the kernel if this process dies."""
    if not database or database == ":memory:" or database.startswith("file:"):
        yield
        return
    import fcntl

    try:
        lock = open(f"{database}.migrating", "a+b")  # noqa: SIM115  (closed below)
    except OSError:  # a folder this process cannot write: migrating fails there anyway
        yield
        return
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
