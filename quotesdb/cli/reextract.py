"""`quotesdb reextract`: stored articles read again with the current extractor and reader."""

from __future__ import annotations

import sys
from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated, Any

import typer

from quotesdb.cli.app import (
    JsonOpt,
    app,
    console,
    open_engine,
    print_json,
    refresh_index,
    settings_of,
)
from quotesdb.errors import InputError

if TYPE_CHECKING:
    from quotesdb.db.reextract import Reextracted, ReextractSummary, Status


@app.command()
def reextract(
    ctx: typer.Context,
    ids: Annotated[
        list[int] | None,
        typer.Argument(metavar="[ID]...", help="Article ids (see `quotesdb articles`)."),
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="Every stored article.")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Show what would change; write nothing.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Read stored articles again with this version's extractor and metadata reader.

    An article read from a web page is read again from the page stored with it (title,
    outlet, byline, date and text, then its quotes); one read from a text file has its
    stored text searched for quotes again under the fields it has. Quotes you edited,
    reviewed or deleted, experts you merged or renamed and fields you corrected with
    `article edit` (or gave to `ingest` as options) stay as you left them. Prints, for
    each article that changes, its fields before -> after and its quotes added (+),
    removed (-) or re-attributed (~); `--dry-run` shows this without writing anything.

    \b
    Examples:
      quotesdb reextract --all --dry-run
      quotesdb reextract 12 40 41
      quotesdb reextract --all --json > changes.json
    """
    from quotesdb.db.reextract import chosen_ids
    from quotesdb.db.reextract import reextract as read_again
    from quotesdb.topics import default_matcher

    if every == bool(ids):
        raise InputError("give article ids or --all (not both)" if every else "give ids or --all")
    engine = open_engine(ctx)
    chosen = chosen_ids(engine, None if every else list(ids or []))
    topics = default_matcher(settings_of(ctx))
    show_progress = not quiet and not as_json and sys.stderr.isatty() and len(chosen) > 1
    if show_progress:
        from rich.progress import Progress

        with Progress(console=console(stderr=True), transient=True) as progress:
            task = progress.add_task("reading again", total=len(chosen))

            def advance(_result: Reextracted) -> None:
                progress.advance(task)

            summary = read_again(engine, chosen, dry_run=dry_run, topics=topics, on_article=advance)
    else:
        summary = read_again(engine, chosen, dry_run=dry_run, topics=topics)
    if not dry_run and summary.count("changed"):
        refresh_index(ctx)
    if as_json:
        print_json(_summary_record(summary))
    else:
        _print_report(summary)
    if summary.count("failed"):
        raise typer.Exit(1)


def _summary_record(summary: ReextractSummary) -> dict[str, Any]:
    return {
        "dry_run": summary.dry_run,
        **{status: summary.count(status) for status in STATUSES},
        **{f"quotes_{change}": summary.quotes(change) for change in CHANGES},
        "articles": [asdict(a) for a in summary.articles],
    }


STATUSES: tuple[Status, ...] = ("changed", "unchanged", "failed", "skipped")
CHANGES = ("added", "removed", "reattributed")


def _print_report(summary: ReextractSummary) -> None:
    for result in summary.articles:
        for warning in result.warnings:
            typer.echo(f"warning: {warning}", err=True)
        if result.status in ("failed", "skipped"):
            typer.echo(f"{result.status}: {result.error}", err=True)
        elif result.status == "changed":
            typer.echo(_article_report(result))
    counts = ", ".join(f"{summary.count(s)} {s}" for s in STATUSES)
    quotes = ", ".join(f"{summary.quotes(c)} {c}" for c in CHANGES)
    note = " (dry run: nothing written)" if summary.dry_run else ""
    typer.echo(f"articles: {counts}; quotes: {quotes}{note}", err=True)


def _article_report(result: Reextracted) -> str:
    lines = [f"#{result.article_id} {result.title}"]
    for name, change in result.fields.items():
        lines.append(f"  {name}: {_shown(change['before'])} -> {_shown(change['after'])}")
    if result.text_changed:
        lines.append("  text: changed")
    for quote in result.quotes:
        words = quote.text if len(quote.text) <= 70 else quote.text[:69] + "…"
        mark = {"added": "+", "removed": "-", "reattributed": "~"}[quote.change]
        was = f" (was {quote.speaker_before})" if quote.speaker_before else ""
        lines.append(f"  {mark} {quote.speaker}{was}: “{words}”")
    if result.quotes_updated:
        lines.append(f"  {result.quotes_updated} quotes with new offsets or details")
    return "\n".join(lines)


def _shown(value: object) -> str:
    if value is None or value == []:
        return "—"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return repr(value) if isinstance(value, str) else str(value)
