"""The `quotesdb` command line: parse, call a service, print.

Each command module imports what it needs inside its commands, so `--help` and the
read-only commands never pay for SQLAlchemy, Alembic or Whoosh unless they use them.
"""

from __future__ import annotations

from quotesdb.cli import (
    extract,  # noqa: F401  (registers its commands)
    store,  # noqa: F401
)
from quotesdb.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    app()
