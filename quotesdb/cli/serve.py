"""`quotesdb serve`: the newsroom web app and its JSON API over this archive."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from quotesdb.cli.app import app, settings_of
from quotesdb.config import HOSTS_ENV, TOKEN_ENV, env_text
from quotesdb.errors import InputError


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on (localhost only by default).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            min=1, max=64, help="Server processes (one search at a time each): up to one a core."
        ),
    ] = 1,
    search_cache: Annotated[
        int,
        typer.Option(
            min=0,
            help="Searches each process remembers until the archive changes (0: none).",
        ),
    ] = 256,  # quotesdb.web.live.SEARCH_CACHE: not imported here, --help stays light
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host",
            help="Another name this server is reached by (repeat it; QUOTESDB_ALLOWED_HOSTS "
            "adds more, separated by spaces). Requests for any other host are refused (400).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the web app (search, experts, articles, citations, add/edit, review) and the API.

    Any other host than localhost needs QUOTESDB_TOKEN: every write then asks for it.
    Each server keeps its own search index (in --home) caught up from the database.

    It answers only requests addressed to it (a guard against DNS rebinding): on
    localhost to localhost, 127.0.0.1 and [::1] at its port; beyond localhost also to the
    address it listens on, any IP address and this machine's name. Add the names it is
    reached by (a proxy's, a public one) with --allow-host or QUOTESDB_ALLOWED_HOSTS.

    \b
    Examples:
      quotesdb serve
      quotesdb serve --workers 4 --port 8080
      QUOTESDB_TOKEN=... quotesdb --database-url postgresql+psycopg://... serve --host 0.0.0.0
      QUOTESDB_TOKEN=... quotesdb serve --host 0.0.0.0 --allow-host quotes.example.org
    """
    # Every web import inside one guard: without the extra, one line naming it.
    try:
        import uvicorn
        from starlette import formparsers

        if getattr(formparsers, "multipart", None) is None:  # starlette goes on; forms would fail
            raise ModuleNotFoundError("python-multipart", name="python-multipart")

        from quotesdb.web import workers as processes
        from quotesdb.web.app import create_app
        from quotesdb.web.guards import HostPolicy
        from quotesdb.web.security import is_local
    except ImportError as exc:
        # starlette re-raises a missing jinja2 as a bare ImportError: its cause names it.
        missing = exc.name or getattr(exc.__cause__, "name", None) or exc
        raise InputError(
            f"the web app needs its extra ({missing} is missing): pip install 'quotesdb[web]'"
        ) from None

    token = env_text(TOKEN_ENV)
    if not is_local(host) and token is None:
        raise InputError(f"serving on {host} lets others in: set {TOKEN_ENV} to guard writes")

    settings = settings_of(ctx)
    options: dict[str, Any] = {"log_level": "warning", "server_header": False}

    def announce(port: int) -> None:
        typer.echo(f"quotesdb: serving http://{host}:{port}/ (Ctrl-C stops)", err=True)

    def hosts(port: int) -> HostPolicy:
        given = [*(allow_host or []), env_text(HOSTS_ENV) or ""]
        extra = [name for value in given for name in value.replace(",", " ").split()]
        return HostPolicy.for_server(host, port or None, guarded=token is not None, extra=extra)

    if workers == 1:
        app = create_app(settings, token, search_cache=search_cache, hosts=hosts(port))
        announce(port)
        uvicorn.run(app, host=host, port=port, **options)
        return
    # Fail here, once, on a missing or outdated database (the workers start on their own).
    create_app(settings, token).state.engine.dispose()
    sock = processes.listener(host, port)
    port = sock.getsockname()[1]  # port 0: the one the socket was given
    announce(port)
    app_options = {"token": token, "search_cache": search_cache, "hosts": hosts(port)}
    processes.serve_workers(settings, app_options, sock, workers, options)
