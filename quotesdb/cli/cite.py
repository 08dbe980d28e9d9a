"""`quotesdb cite`: quotes with their full source, ready to paste into a draft."""

from __future__ import annotations

from typing import Annotated

import typer

from quotesdb.cli.app import app, settings_of

STYLE_HELP = "markdown, chicago, apa, mla, harvard, bibtex or csl-json (any case)."
TO_HELP = "Where you paste it: markdown, text (plain) or html (Word, Google Docs)."


@app.command()
def cite(
    ctx: typer.Context,
    ids: Annotated[list[int], typer.Argument(help="Quote ids (from `search` or `expert`).")],
    style: Annotated[str, typer.Option("--style", "-s", help=STYLE_HELP)] = "markdown",
    to: Annotated[str, typer.Option("--to", help=TO_HELP)] = "markdown",
) -> None:
    """Print quotes with their source in a citation style (Markdown by default).

    Example:

    \b
    quotesdb cite 7 --style chicago --to html
    """
    from quotesdb.cite import format_citations, normalize_style
    from quotesdb.cite.targets import target
    from quotesdb.cli.search import citable_hits
    from quotesdb.search import service

    style, to = normalize_style(style), target(to).name  # refused before any work
    # The index, caught up from the database first, holds all a citation needs: reading
    # it spares `cite` the ORM's start-up (0.45 s against 0.25 s end to end).
    hits, notes = service.get(settings_of(ctx), ids)
    for note in notes:
        typer.echo(f"quotesdb: {note}", err=True)
    typer.echo(format_citations(citable_hits(ctx, hits), style, to))
