"""`quotesdb serve`: the newsroom web app and its JSON API over this archive."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from quotesdb.cli.app import app, settings_of
from quotesdb.errors import InputError


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on (localhost only by default).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web app (search, experts, articles, citations, add/edit, review) and the API.

    Any other host than localhost needs QUOTESDB_TOKEN: every write then asks for it.
    Each server keeps its own search index (in --home) caught up from the database.

    \b
    Examples:
      quotesdb serve
      QUOTESDB_TOKEN=... quotesdb --database-url postgresql+psycopg://... serve --host 0.0.0.0
    """
    from quotesdb.web.security import TOKEN_ENV, is_local

    token = os.environ.get(TOKEN_ENV) or None
    if not is_local(host) and token is None:
        raise InputError(f"serving on {host} lets others in: set {TOKEN_ENV} to guard writes")
    try:
        import uvicorn

        from quotesdb.web.app import create_app
    except ImportError as exc:
        raise InputError(
            f"the web app needs its extra ({exc.name} is missing): pip install 'quotesdb[web]'"
        ) from None
    web = create_app(settings_of(ctx), token)
    typer.echo(f"quotesdb: serving http://{host}:{port}/ (Ctrl-C stops)", err=True)
    uvicorn.run(web, host=host, port=port, log_level="warning", server_header=False)
