"""`quotesdb serve`: the newsroom web app and its JSON API over this archive."""

from __future__ import annotations

import os
from typing import Annotated, Any

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
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Server processes (one search at a time each).")
    ] = 1,
) -> None:
    """Serve the web app (search, experts, articles, citations, add/edit, review) and the API.

    Any other host than localhost needs QUOTESDB_TOKEN: every write then asks for it.
    Each server keeps its own search index (in --home) caught up from the database.

    \b
    Examples:
      quotesdb serve
      QUOTESDB_TOKEN=... quotesdb --database-url postgresql+psycopg://... serve --host 0.0.0.0
    """
    from quotesdb.config import HOME_ENV, URL_ENV
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
    settings = settings_of(ctx)
    typer.echo(f"quotesdb: serving http://{host}:{port}/ (Ctrl-C stops)", err=True)
    options: dict[str, Any] = {"log_level": "warning", "server_header": False}
    if workers == 1:
        uvicorn.run(create_app(settings, token), host=host, port=port, **options)
        return
    # Worker processes build their own app from the environment: pass the settings on.
    create_app(settings, token)  # fail here, once, on a missing or outdated database
    os.environ.update({HOME_ENV: str(settings.home), URL_ENV: settings.database_url})
    target = "quotesdb.web.app:from_environment"
    uvicorn.run(target, factory=True, host=host, port=port, workers=workers, **options)
