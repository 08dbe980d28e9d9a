"""`quotesdb cite`: quotes with their full source, ready to paste into a draft."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from quotesdb.cli.app import app, settings_of

if TYPE_CHECKING:
    from quotesdb.cite import CitableQuote

STYLE_HELP = (
    "markdown, chicago (CMOS 17 full note), apa (7th), mla (9th), harvard (Cite Them Right), "
    "or the data formats bibtex, csl-json and ris (EndNote, Zotero); any case."
)
TO_HELP = "Where you paste it: markdown, text (plain) or html (Word, Google Docs)."


@app.command()
def cite(
    ctx: typer.Context,
    ids: Annotated[list[int], typer.Argument(help="Quote ids (from `search` or `expert`).")],
    style: Annotated[str, typer.Option("--style", "-s", help=STYLE_HELP)] = "markdown",
    to: Annotated[str, typer.Option("--to", help=TO_HELP)] = "markdown",
) -> None:
    """Print quotes with their source in a citation style (Markdown by default).

    Several quotes make one bibliography: one author's two articles of a year are
    2023a and 2023b in APA and Harvard, and BibTeX, CSL-JSON and RIS hold one entry
    per article.

    Example:

    \b
    quotesdb cite 7 --style chicago --to html
    quotesdb cite 7 8 --style ris > quotes.ris
    """
    from quotesdb.cite import format_citations, normalize_style
    from quotesdb.cite.targets import target

    style, to = normalize_style(style), target(to).name  # refused before any work
    typer.echo(format_citations(cited_quotes(ctx, ids), style, to))


def cited_quotes(ctx: typer.Context, ids: Sequence[int]) -> list[CitableQuote]:
    """The quotes as the database holds them, read in plain SQL (no ORM start-up): the
    same `citable_quotes` the web app and `export --format markdown` cite through."""
    from quotesdb.db.citable import citable_quotes
    from quotesdb.db.reader import Reader

    reader = Reader(settings_of(ctx))
    try:
        return citable_quotes(reader, ids)
    finally:
        reader.close()
