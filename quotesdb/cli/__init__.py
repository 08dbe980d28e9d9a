"""The `quotesdb` command line: parse, call a service, print.

Each command module imports what it needs inside its commands, so `--help` and the
read-only commands never pay for SQLAlchemy, Alembic or Whoosh unless they use them.
Importing a module registers its commands on `app`; `main` imports only the module of the
command a command line names (Typer builds every registered command before it runs one:
all of them cost ~80 ms of every start), and all of them when it names none it knows
(`--help`, a misspelling to suggest for, shell completion).
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING

from quotesdb.cli.app import CLOSED_PIPE_EXIT, COMMAND_MODULES

if TYPE_CHECKING:
    from collections.abc import Sequence

    import typer

__all__ = ["COMMAND_MODULES", "load_commands", "main", "named_command", "whole_app"]


# Global options that take a value (`--home DIR`): their value is not a command's name.
_VALUED_OPTIONS = {"--home", "--database-url"}


def named_command(argv: Sequence[str]) -> str | None:
    """The command a command line names, if it names one before any help or completion."""
    from quotesdb.config import COMPLETE_ENV, env_text

    if env_text(COMPLETE_ENV):
        return None
    args = iter(argv)
    for arg in args:
        if arg in _VALUED_OPTIONS:
            next(args, None)
        elif arg.startswith("-"):
            if arg in {"-h", "--help"}:
                return None
        else:
            return arg if arg in COMMAND_MODULES else None
    return None


def load_commands(command: str | None = None) -> None:
    """Register `command`'s module on the app, or every module when `command` is None."""
    modules = {COMMAND_MODULES[command]} if command else set(COMMAND_MODULES.values())
    for module in sorted(modules):
        importlib.import_module(f"quotesdb.cli.{module}")


def whole_app() -> typer.Typer:
    """The app with every command registered: for tests and the docs generator (the name
    `quotesdb.cli.app` is the module that defines the app)."""
    from quotesdb.cli.app import app

    load_commands()
    return app


def main() -> None:
    from quotesdb.cli.app import app

    load_commands(named_command(sys.argv[1:]))
    try:
        app()
    except SystemExit as exc:
        # Click answers a closed pipe met outside a command (`--help | head`) with exit 1
        # after wrapping stdout; say it the way every command does.
        if exc.code == 1 and type(sys.stdout).__name__ == "PacifyFlushWrapper":
            raise SystemExit(CLOSED_PIPE_EXIT) from None
        raise
