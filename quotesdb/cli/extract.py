"""`quotesdb extract`: the extractor on one file, nothing stored."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from quotesdb.cli.app import JsonOpt, app, console, print_json


@app.command()
def extract(
    path: Annotated[
        Path, typer.Argument(help="An article file (.txt or .md, optional front matter).")
    ],
    as_json: JsonOpt = False,
) -> None:
    """Find the quotes in one article and print them; stores nothing.

    Example:

    \b
    quotesdb extract seeds/001_555ad3647e4d8dff.txt --json
    """
    from quotesdb.articles import prepare, read_article

    article = prepare(read_article(path))
    if as_json:
        print_json([q.to_dict() for q in article.quotes])
        return
    from quotesdb.render import quotes_table

    console().print(quotes_table(article.quotes, title=article.source.meta.title or str(path)))
