"""Verifying quotes against their sources; export and import."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated

import typer

from quotesdb.cli.app import (
    JsonOpt,
    app,
    console,
    failure_reason,
    open_engine,
    parse_date,
    print_json,
    refresh_index,
    settings_of,
)
from quotesdb.errors import InputError

if TYPE_CHECKING:
    from sqlalchemy import Engine

VERIFY_FAILED = 3


@app.command()
def verify(
    ctx: typer.Context,
    ids: Annotated[list[int] | None, typer.Argument(help="Quote ids.")] = None,
    all_quotes: Annotated[bool, typer.Option("--all", help="Every stored quote.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Check quotes word for word against their article's stored text.

    Typography (curly or straight quotes, dashes, spaces) is forgiven, and so are
    [bracketed insertions] and ellipses for omissions. Exit code 3 when any quote is
    altered; a quote with no stored source text is reported but does not fail.

    \b
    Examples:
      quotesdb verify 12 13
      quotesdb verify --all --json
    """
    from sqlalchemy import select

    from quotesdb.db.models import Quote
    from quotesdb.db.quotes import get_quotes
    from quotesdb.db.session import read_transaction
    from quotesdb.verify import verify_quote

    if not ids and not all_quotes:
        raise InputError("give quote ids, or --all")
    results = []
    with read_transaction(open_engine(ctx)) as session:
        quotes = (
            session.scalars(select(Quote).order_by(Quote.id))
            if all_quotes
            else get_quotes(session, ids or [])
        )
        for quote in quotes:
            source = quote.article.text if quote.article else None
            outcome = verify_quote(quote.text, source)
            results.append((quote.id, quote.expert.name, outcome))
    failed = sum(1 for _id, _name, outcome in results if outcome.status == "altered")
    if as_json:
        print_json(
            [
                {"id": i, "status": o.status, "diff": o.diff, "passage": o.passage}
                for i, _name, o in results
            ]
        )
    else:
        for quote_id, name, outcome in results:
            line = f"#{quote_id} {name}: {outcome.status.replace('_', ' ')}"
            typer.echo(line + (f"\n    {outcome.diff}" if outcome.diff else ""))
        typer.echo(f"{len(results) - failed} of {len(results)} quotes not altered", err=True)
    if failed:
        raise typer.Exit(VERIFY_FAILED)


@app.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or markdown.")] = "jsonl",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File (default stdout).")
    ] = None,
    expert: Annotated[str | None, typer.Option(help="Only this expert's quotes.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet's quotes.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before YYYY-MM-DD.")] = None,
    topic: Annotated[str | None, typer.Option(help="Only quotes with this topic.")] = None,
    force: Annotated[
        bool, typer.Option("--force", "-f", help="Replace an existing --output file.")
    ] = False,
) -> None:
    """Write quotes out: jsonl (quotesdb's own format, for `import`), csv or markdown.

    A file is written whole or not at all; an existing one is replaced only with
    `--force` (keeping its permissions), and never a FIFO, device or folder.

    \b
    Examples:
      quotesdb export --output archive.jsonl
      quotesdb export --format csv --expert lukyanov
    """
    from quotesdb.db.experts import resolve_expert
    from quotesdb.db.session import read_transaction
    from quotesdb.db.transfer import ExportFilters, export_csv, export_jsonl, export_markdown
    from quotesdb.terminal import data_stream

    writers = {"jsonl": export_jsonl, "csv": export_csv, "markdown": export_markdown}
    if fmt not in writers:
        raise InputError(f"--format must be jsonl, csv or markdown, not {fmt!r}")
    if output is not None:
        output = _output_target(output, force=force)  # refused before any work is done
    with read_transaction(open_engine(ctx)) as session:
        filters = ExportFilters(
            expert_id=resolve_expert(session, expert).id if expert else None,
            outlet=outlet,
            since=parse_date(since, "--since"),
            until=parse_date(until, "--until"),
            topic=topic,
        )
        if output is None:
            count = writers[fmt](session, data_stream(sys.stdout), filters)
        else:
            count = _write_whole(output, lambda out: writers[fmt](session, out, filters))
    typer.echo(f"exported {count} quotes", err=True)


def _output_target(path: Path, *, force: bool) -> Path:
    """The regular file to write: through a symlink, never over a FIFO, device or folder."""
    target = path.resolve()
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise InputError(f"{path}: cannot use as output ({exc.strerror})") from None
    if not stat.S_ISREG(mode):
        kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
        raise InputError(f"{path}: is {kind}; export writes regular files only")
    if not force:
        raise InputError(f"{path}: already exists (add --force to replace it)")
    return target


_KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _write_whole(path: Path, write: Callable[[IO[str]], int]) -> int:
    """Into a temporary file beside `path`, renamed over it once complete."""
    folder = path.resolve().parent
    if not folder.is_dir():
        raise InputError(f"{path}: no such folder")
    try:
        mode = stat.S_IMODE(path.stat().st_mode)  # a replaced file keeps its permissions
    except FileNotFoundError:
        mode = _new_file_mode()  # as `>` would create it, not mkstemp's 0600
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            count = write(out)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


@app.command(name="import")
def import_(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A quotesdb JSON-lines export (.gz, .bz2 too).")],
    fmt: Annotated[
        str, typer.Option("--format", help="quotesdb (an export) or quotebank.")
    ] = "quotesdb",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Read a JSON-lines export, or Quotebank, into this archive; again adds nothing.

    Lines are stored in batches (500 lines, 1,000 of Quotebank), each whole or not at
    all; an error names its line and how much was imported before it. A record that
    cannot be stored (a field of the wrong type, a NUL or lone surrogate, a URL that is
    not http(s)) is left out with a one-line warning, and the import goes on.

    \b
    Examples:
      quotesdb --home /tmp/copy import archive.jsonl
      quotesdb import quotes-2020.json.bz2 --format quotebank
    """
    from dataclasses import asdict

    from quotesdb.db.transfer import import_jsonl, import_quotebank

    if fmt not in ("quotesdb", "quotebank"):
        raise InputError(f"--format must be quotesdb or quotebank, not {fmt!r}")
    from quotesdb.topics import default_matcher

    run = import_jsonl if fmt == "quotesdb" else import_quotebank
    topics = default_matcher(settings_of(ctx))  # new quotes get automatic topics as they land
    engine = open_engine(ctx, create=True)
    warned = 0

    def warn(message: str) -> None:
        """Each record left out, one line each; past WARNINGS, only the count at the end."""
        nonlocal warned
        warned += 1
        if warned <= WARNINGS:
            typer.echo(f"quotesdb: warning: {message}", err=True)

    if not quiet and not as_json and sys.stderr.isatty():
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )

        columns = (
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=console(stderr=True), transient=True) as progress:
            # In bytes of the file as stored (compressed if it is): rate and ETA follow.
            task = progress.add_task(f"importing {path.name}", total=None)

            def advance(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            summary = run(engine, path, advance, warn, topics)
        keying = _start_keying(ctx, engine, quiet=quiet)
        with console(stderr=True).status("updating the search index"):
            refresh_index(ctx)
    else:
        summary = run(engine, path, None, warn, topics)
        keying = _start_keying(ctx, engine, quiet=quiet)
        refresh_index(ctx)
    if keying is not None:
        keying.finish()
    else:
        _key_for_tracing(engine, quiet=quiet)
    if as_json:
        print_json(asdict(summary))
    else:
        typer.echo(
            f"lines: {summary.lines}; quotes added: {summary.quotes_added}, already stored: "
            f"{summary.quotes_skipped}; articles added: {summary.articles_added}; experts "
            f"added: {summary.experts_added}"
            + (f"; left out (warned above): {summary.refused}" if summary.refused else ""),
            err=True,
        )


WARNINGS = 20  # records left out by `import`, each named; the rest only counted


def _key_for_tracing(engine: Engine, *, quiet: bool) -> None:
    """Key the new quotes for `trace` now, while a wait is expected: otherwise the first
    trace after a big import does it, a minute per million quotes instead of milliseconds.
    Like the search index, the keys are derived: if this fails, the next trace catches up."""
    from quotesdb.cli.trace import Keying
    from quotesdb.db.session import with_retries
    from quotesdb.reports.trace import catch_up_trace_keys

    keying = None if quiet else Keying()
    try:
        with_retries(engine, lambda session: catch_up_trace_keys(session, keying))
    except Exception as exc:  # a busy lock, a full disk: the import itself is stored
        _warn_keys_behind(exc)
    if keying is not None:
        keying.finish()


def _warn_keys_behind(exc: BaseException) -> None:
    typer.echo(f"quotesdb: warning: trace keys not updated yet: {failure_reason(exc)}", err=True)


class _BackgroundKeying:
    """The trace keys caught up in a child process while this one updates the search
    index: at 1M quotes that is a minute of an import's ten, on a core of its own."""

    def __init__(self, ctx: typer.Context, behind: int, *, quiet: bool) -> None:
        import multiprocessing
        import time
        from concurrent.futures import ProcessPoolExecutor

        from quotesdb.reports.trace import key_archive

        self.quiet, self.started = quiet, time.monotonic()
        spawn = multiprocessing.get_context("spawn")  # a fork of a process holding SQLite
        pool = ProcessPoolExecutor(max_workers=1, mp_context=spawn)
        self.future = pool.submit(key_archive, settings_of(ctx))
        pool.shutdown(wait=False)
        if not quiet:
            quotes = "quote" if behind == 1 else "quotes"
            echo = f"quotesdb: keying {behind:,} {quotes} for tracing, beside the search index"
            typer.echo(echo, err=True)

    def finish(self) -> None:
        import time

        try:
            self.future.result()
        except Exception as exc:  # the import itself is stored; the next trace catches up
            _warn_keys_behind(exc)
            return
        if not self.quiet:
            took = time.monotonic() - self.started
            typer.echo(f"quotesdb: trace keys built in {took:.0f} s", err=True)


def _start_keying(ctx: typer.Context, engine: Engine, *, quiet: bool) -> _BackgroundKeying | None:
    """Background keying when there is much to key; None: key inline, after the index."""
    from quotesdb.db.session import read_transaction
    from quotesdb.reports import trace_store
    from quotesdb.reports.trace import trace_keys_behind

    try:
        with read_transaction(engine) as session:
            behind = trace_keys_behind(session)
        if behind < trace_store.QUIET_BELOW:
            return None
        return _BackgroundKeying(ctx, behind, quiet=quiet)
    except Exception:  # no process to be had, say: keying inline then says what is wrong
        return None
