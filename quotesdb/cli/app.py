"""The Typer app, its global options and the small helpers every command module shares."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any, NoReturn, cast

import typer
from typer.core import TyperGroup

from quotesdb.errors import InputError, QuotesdbError

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from quotesdb.config import Settings


# Each command (or command group) and the module under quotesdb.cli that defines it, in
# the order `--help` lists them: the daily path first, maintenance last. `main` imports only
# the module of the command a line names; tests/test_startup.py checks this map against
# what the modules register.
COMMAND_MODULES = {
    "search": "search",
    "extract": "extract",
    "ingest": "store",
    "cite": "cite",
    "show": "records",
    "expert": "expert",
    "experts": "store",
    "articles": "records",
    "article": "records",
    "outlets": "records",
    "topics": "search",
    "stats": "store",
    "report": "report",
    "trace": "trace",
    "add": "edit",
    "edit": "edit",
    "tag": "edit",
    "delete": "edit",
    "review": "review",
    "verify": "transfer",
    "export": "transfer",
    "import": "transfer",
    "init": "store",
    "reindex": "search",
    "reextract": "reextract",
    "check": "search",
    "serve": "serve",
}


class _Group(TyperGroup):
    """Turns expected errors into one line on stderr and their exit code, never a traceback."""

    def list_commands(self, ctx: Any) -> list[str]:
        rank = {name: i for i, name in enumerate(COMMAND_MODULES)}
        return sorted(self.commands, key=lambda name: rank.get(name, len(rank)))

    def invoke(self, ctx: Any) -> Any:
        from quotesdb.terminal import SafeStream

        streams = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = SafeStream(sys.stdout), SafeStream(sys.stderr)
        try:
            return self._invoke(ctx)
        finally:
            sys.stdout, sys.stderr = streams

    def _invoke(self, ctx: Any) -> Any:
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's exit
            return result
        except BrokenPipeError:
            _quiet_exit_on_closed_pipe()
        except QuotesdbError as exc:
            _fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except OSError as exc:  # a full disk, a read-only home, a missing folder
            where = f": {exc.filename}" if exc.filename else ""
            _fail(f"{exc.strerror or exc}{where}", 1)


class DefaultGroup(TyperGroup):
    """A group of sub-commands (`expert merge`, `outlets rename`) whose first argument,
    when it names none of them, belongs to the default one: `expert lukyanov` is
    `expert show lukyanov` and a bare `outlets` is `outlets list`, as before these were
    sub-commands. A sub-command's name alone (`expert merge`) is still read as the
    default's argument: an expert may be called Merge."""

    default = "show"

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        first = args[0] if args else None
        named = first in self.commands and (len(args) > 1 or first == self.default)
        if first not in ("-h", "--help") and not named:
            args = [self.default, *args]
        return super().parse_args(ctx, args)  # type: ignore[no-any-return]


def sub_commands(default: str, help_text: str) -> typer.Typer:
    """A `DefaultGroup` of sub-commands, falling back to `default`, added as one command."""
    group = type(f"{default.title()}Group", (DefaultGroup,), {"default": default})
    return typer.Typer(
        cls=group,
        help=help_text,
        no_args_is_help=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )


# `quotesdb search | head`: the reader left, as coreutils do we stop without a word and
# exit as a process killed by SIGPIPE would (128 + 13), so `set -o pipefail` still sees it.
CLOSED_PIPE_EXIT = 141


def _quiet_exit_on_closed_pipe() -> NoReturn:
    import os

    # Point stdout at /dev/null so the interpreter's final flush cannot complain either.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    raise typer.Exit(CLOSED_PIPE_EXIT)


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"quotesdb: error: {message}", err=True)
    raise typer.Exit(code)


app = typer.Typer(
    cls=_Group,
    name="quotesdb",
    help="Who said what, where and when — and how to cite it. An expert-quote database.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")]


def parse_date(value: str | None, option: str = "--date") -> dt.date | None:
    """A YYYY-MM-DD option value, or a one-line error naming the option."""
    if value is None:
        return None  # most commands run without one: not worth the date reader's import
    from quotesdb.pages.dates import iso_date

    return iso_date(value, option)


def parse_partial_date(value: str, option: str = "--date") -> tuple[dt.date, str | None]:
    """A date as people write them (2024-05-06, May 6, 2024, 2024-05, 2024) and how much
    of it is known: "year", "month", or None for the whole day."""
    from quotesdb.pages.dates import BadDate, parse_date

    try:
        return parse_date(value)
    except BadDate as exc:
        raise InputError(f"{option}: {exc}") from None


def print_json(data: Any) -> None:
    from quotesdb.output import json_text

    sys.stdout.write(json_text(data, indent=sys.stdout.isatty()) + "\n")


def console(*, stderr: bool = False) -> Any:
    from rich.console import Console

    from quotesdb.terminal import SafeStream, safe_text

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            # Rich would exit 1 here; let the command end as every closed pipe does.
            self.quiet = True
            raise BrokenPipeError

        def render_str(self, text: str, **options: Any) -> Any:
            # The data drawn, cleaned of every sequence: only Rich's own colours remain.
            return super().render_str(safe_text(text), **options)

    stream = sys.stderr if stderr else sys.stdout
    return _Console(
        file=cast("IO[str]", SafeStream(stream, colours=True)), stderr=stderr, emoji=False
    )


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"quotesdb {version('quotesdb')}")
        raise typer.Exit()


@app.callback()
def _global_options(
    ctx: typer.Context,
    home: Annotated[
        Path | None,
        typer.Option(
            help="Folder for the SQLite file and the search index.",
            envvar="QUOTESDB_HOME",
            show_default=False,
        ),
    ] = None,
    database_url: Annotated[
        str | None,
        typer.Option(
            help="Any SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db "
            "(default: a SQLite file in the home folder).",
            envvar="QUOTESDB_DATABASE_URL",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print the version and exit.",
            callback=_print_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Who said what, where and when — and how to cite it."""
    from quotesdb.cli.index_work import StderrWatcher
    from quotesdb.config import resolve
    from quotesdb.search.progress import watched_by

    ctx.obj = resolve(home, database_url)
    ctx.with_resource(watched_by(StderrWatcher()))


def settings_of(ctx: typer.Context) -> Settings:
    settings: Settings = ctx.find_root().obj
    return settings


def open_engine(ctx: typer.Context, *, create: bool = False) -> Engine:
    """The database for this call, checked to be at the schema this code expects."""
    from quotesdb.db.session import make_engine, require_schema

    engine = make_engine(settings_of(ctx))
    require_schema(engine, create=create)
    return engine


def report_change(ctx: typer.Context, change: Callable[[Session], str]) -> None:
    """Run one change in a retried transaction, say on stderr what it did, then catch
    search up: the shape of `expert merge`, `outlets rename` and their kind."""
    from quotesdb.db.session import with_retries

    typer.echo(with_retries(open_engine(ctx), change), err=True)
    refresh_index(ctx)


def refresh_index(ctx: typer.Context) -> None:
    """Bring the search index up to date after a write; the write itself already counts.

    The database is the source of truth: if indexing fails here, the next read catches up,
    so this warns instead of failing a command whose work is safely stored.
    """
    from quotesdb.search import service

    try:
        notes = service.catch_up(settings_of(ctx))
    except Exception as exc:  # a full disk, an unwritable index/, a busy lock: all alike
        warning = f"quotesdb: warning: search index not updated yet: {failure_reason(exc)}"
        typer.echo(warning, err=True)
        return
    for note in notes:
        typer.echo(f"quotesdb: {note}", err=True)


def failure_reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}: {exc.filename}" if exc.filename else exc.strerror
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
