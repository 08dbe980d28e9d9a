"""`quotesdb cite`: quotes with their full source, ready to paste into a draft."""

from __future__ import annotations

from typing import Annotated

import typer

from quotesdb.cli.app import app, settings_of

STYLE_HELP = "markdown, chicago, apa, mla, bibtex or csl-json."


@app.command()
def cite(
    ctx: typer.Context,
    ids: Annotated[list[int], typer.Argument(help="Quote ids (from `search` or `expert`).")],
    style: Annotated[str, typer.Option("--style", "-s", help=STYLE_HELP)] = "markdown",
) -> None:
    """Print quotes with their source in a citation style (Markdown by default).

    Example:

    \b
    quotesdb cite 7 --style chicago
    """
    from quotesdb.cite import STYLES, format_citations
    from quotesdb.cli.search import citable_hit
    from quotesdb.errors import InputError
    from quotesdb.index.hits import hits_by_id
    from quotesdb.index.sync import catch_up

    if style not in STYLES:
        raise InputError(f"unknown style {style!r}: choose one of {', '.join(STYLES)}")
    # The index, caught up from the database first, holds all a citation needs: reading
    # it spares `cite` the ORM's start-up (0.45 s against 0.25 s end to end).
    ix, report = catch_up(settings_of(ctx), keep_searcher=True)
    for note in report.notes:
        typer.echo(f"quotesdb: {note}", err=True)
    with report.searcher as searcher:
        hits = hits_by_id(ix, ids, searcher)
    typer.echo(format_citations([citable_hit(h) for h in hits], style))
