"""`quotesdb trace ID|TEXT`: where a quote travelled, its variants and syndicated copies."""

from __future__ import annotations

import sys
import time
from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated, Any

import typer

from quotesdb.cli.app import JsonOpt, app, console, open_engine, print_json
from quotesdb.errors import InputError
from quotesdb.output import counted

if TYPE_CHECKING:
    from quotesdb.reports.trace import Trace


@app.command()
def trace(
    ctx: typer.Context,
    target: Annotated[
        str | None, typer.Argument(metavar="ID|TEXT", help="A quote id, or a quote's words.")
    ] = None,
    as_text: Annotated[
        bool, typer.Option("--text", help="Take a number as words, not as a quote id.")
    ] = False,
    rebuild: Annotated[
        bool, typer.Option(help="Re-derive every quote's trace keys first.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Every occurrence of a quote across articles, in order of appearance.

    The same words after folding typography, and near-duplicates (word 5-gram shingles,
    then a word-by-word check): first appearance, outlets and dates, each variant with a
    word diff against the first ([-removed-] {+added+}), syndicated copies grouped.

    \b
    Examples:
      quotesdb trace 14
      quotesdb trace "it's just talk, but down the road, it's a real possibility"
      quotesdb trace --rebuild 14 --json
    """
    from quotesdb.db.session import read_transaction, with_retries
    from quotesdb.reports.trace import (
        behind_note,
        catch_up_unless_busy,
        rebuild_trace_keys,
        trace_quote,
    )

    if target is None and not rebuild:
        raise InputError("give a quote id or the words of a quote")
    engine = open_engine(ctx)
    keying = Keying()
    if rebuild:
        done = with_retries(engine, lambda session: rebuild_trace_keys(session, keying))
        keying.finish()
        typer.echo(f"trace keys rebuilt for {done} quotes", err=True)
    if target is None:
        return
    catch_up_unless_busy(engine, keying)  # a writer busy: read the keys as they are
    keying.finish()
    with read_transaction(engine) as session:
        found = trace_quote(session, target, by_id=False if as_text else None)
    if found.behind:
        typer.echo(f"quotesdb: {behind_note(found.behind)}", err=True)
    if as_json:
        print_json(trace_data(found))
        return
    if not found.occurrences:
        typer.echo("no occurrences found", err=True)
        return
    _print(found)


class Keying:
    """Says why the first trace after a big import takes a while, and how far it is."""

    def __init__(self) -> None:
        self.started: float | None = None
        self.live = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if self.started is None:
            self.started = time.monotonic()
            quotes = "quote" if total == 1 else "quotes"
            typer.echo(f"quotesdb: keying {total:,} {quotes} for tracing", err=True)
        if self.live:
            sys.stderr.write(f"\r  {done:,} of {total:,} ({done / max(total, 1):.0%})")
            sys.stderr.flush()

    def finish(self) -> None:
        if self.started is not None:
            took = time.monotonic() - self.started
            typer.echo(
                ("\n" if self.live else "") + f"quotesdb: trace keys built in {took:.0f} s",
                err=True,
            )
            self.started = None


def trace_data(found: Trace) -> dict[str, Any]:
    data = asdict(found)
    data["first"] = asdict(found.first) if found.first else None
    return data


def _print(found: Trace) -> None:
    from rich.table import Table

    out = console()
    table = Table(
        title=f"{counted(len(found.occurrences), 'occurrence')} in "
        f"{counted(len(found.outlets), 'outlet')}"
    )
    for name in ("date", "outlet", "speaker", "match", "variant", "id", "title"):
        table.add_column(name, no_wrap=name in ("date", "id"))
    for o in found.occurrences:
        table.add_row(
            o.published.isoformat() if o.published else "undated",
            o.outlet or "",
            o.speaker,
            o.match if o.match == "exact" else f"near {o.similarity:.0%}",
            str(o.variant),
            str(o.quote_id),
            o.title or "",
        )
    out.print(table)
    for number, variant in enumerate(found.variants):
        when = variant.first_seen.isoformat() if variant.first_seen else "undated"
        words = variant.diff if variant.diff is not None else variant.text
        label = "first form" if number == 0 else "changed"
        out.print(
            f"variant {number} ({label}, {when}, {len(variant.quotes)}×): {words}", markup=False
        )
    for group in found.syndicated:
        outlets = ", ".join(group.outlets)
        out.print(f"syndicated: {group.title or 'one article'} under {outlets}", markup=False)
