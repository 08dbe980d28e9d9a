"""The `quotesdb` command line: parse, call a service, print.

Each command module imports what it needs inside its commands, so `--help` and the
read-only commands never pay for SQLAlchemy, Alembic or Whoosh unless they use them.
Importing a module registers its commands on `app`.
"""

from __future__ import annotations

import sys

from quotesdb.cli import cite as _cite  # noqa: F401
from quotesdb.cli import edit as _edit  # noqa: F401
from quotesdb.cli import expert as _expert  # noqa: F401
from quotesdb.cli import extract as _extract  # noqa: F401
from quotesdb.cli import records as _records  # noqa: F401
from quotesdb.cli import reextract as _reextract  # noqa: F401
from quotesdb.cli import report as _report  # noqa: F401
from quotesdb.cli import review as _review  # noqa: F401
from quotesdb.cli import search as _search  # noqa: F401
from quotesdb.cli import serve as _serve  # noqa: F401
from quotesdb.cli import store as _store  # noqa: F401
from quotesdb.cli import trace as _trace  # noqa: F401
from quotesdb.cli import transfer as _transfer  # noqa: F401
from quotesdb.cli.app import CLOSED_PIPE_EXIT, app

__all__ = ["app", "main"]


def main() -> None:
    try:
        app()
    except SystemExit as exc:
        # Click answers a closed pipe met outside a command (`--help | head`) with exit 1
        # after wrapping stdout; say it the way every command does.
        if exc.code == 1 and type(sys.stdout).__name__ == "PacifyFlushWrapper":
            raise SystemExit(CLOSED_PIPE_EXIT) from None
        raise
