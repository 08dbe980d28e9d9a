"""`quotesdb extract`: the extractor on one file, nothing stored."""

from __future__ import annotations

from typing import Annotated

import typer

from quotesdb.cli.app import JsonOpt, app, console, print_json
from quotesdb.errors import InputError


@app.command()
def extract(
    path: Annotated[
        str,
        typer.Argument(
            metavar="INPUT",
            help="An article file (.txt, .md with optional front matter, or .html), "
            "an http(s):// URL, or - for stdin.",
        ),
    ],
    as_json: JsonOpt = False,
) -> None:
    """Find the quotes in one article and print them; stores nothing.

    Example:

    \b
    quotesdb extract seeds/001_555ad3647e4d8dff.txt --json
    """
    from quotesdb.articles import prepare
    from quotesdb.errors import QuotesdbError
    from quotesdb.pages.inputs import gather

    items = list(gather([path]))
    if len(items) != 1:
        raise InputError(f"{path}: give one article file, URL or -")
    loaded = items[0][1]
    if isinstance(loaded, QuotesdbError):
        raise loaded
    for warning in loaded.source.warnings:
        typer.echo(f"warning: {warning}", err=True)
    article = prepare(loaded.source)
    if as_json:
        print_json([q.to_dict() for q in article.quotes])
        return
    from quotesdb.render import quotes_table

    console().print(quotes_table(article.quotes, title=article.source.meta.title or str(path)))
