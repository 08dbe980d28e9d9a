"""The `quotesdb` command line: parse, call a service, print.

Each command module imports what it needs inside its commands, so `--help` and the
read-only commands never pay for SQLAlchemy, Alembic or Whoosh unless they use them.
Importing a module registers its commands on `app`.
"""

from __future__ import annotations

from quotesdb.cli import cite as _cite  # noqa: F401
from quotesdb.cli import edit as _edit  # noqa: F401
from quotesdb.cli import extract as _extract  # noqa: F401
from quotesdb.cli import records as _records  # noqa: F401
from quotesdb.cli import review as _review  # noqa: F401
from quotesdb.cli import search as _search  # noqa: F401
from quotesdb.cli import store as _store  # noqa: F401
from quotesdb.cli import transfer as _transfer  # noqa: F401
from quotesdb.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    app()
