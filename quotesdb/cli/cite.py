"""`quotesdb cite`: quotes with their full source, ready to paste into a draft."""

from __future__ import annotations

from typing import Annotated

import typer

from quotesdb.cli.app import app, open_engine

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
    from quotesdb.cite import STYLES, UnknownStyleError, format_citations
    from quotesdb.db.quotes import citable, get_quotes
    from quotesdb.db.session import transaction
    from quotesdb.errors import InputError

    if style not in STYLES:
        raise InputError(f"unknown style {style!r}: choose one of {', '.join(STYLES)}")
    with transaction(open_engine(ctx)) as session:
        quotes = [citable(q) for q in get_quotes(session, ids)]
    try:
        typer.echo(format_citations(quotes, style))
    except UnknownStyleError as exc:
        raise InputError(str(exc)) from None
