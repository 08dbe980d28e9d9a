"""The Starlette application: pages, the JSON API, static files, errors and headers.

Built by `create_app(settings, token)`; `quotesdb serve` runs it under uvicorn. Nothing here
is imported unless the server runs, so the CLI never pays for Starlette or Jinja2.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from quotesdb.config import Settings
from quotesdb.errors import (
    AmbiguousError,
    DatabaseError,
    DuplicateError,
    IndexRepairError,
    NotFoundError,
    QuotesdbError,
)
from quotesdb.links import http_url
from quotesdb.web.guards import LOCAL_NAMES, BodyLimit, HostGuard, HostPolicy
from quotesdb.web.live import SEARCH_CACHE, LiveIndex
from quotesdb.web.security import CSRF_COOKIE, Gate, csrf_value

HERE = Path(__file__).parent
log = logging.getLogger("quotesdb.web")

STATUS = {
    NotFoundError: 404,
    AmbiguousError: 409,
    DuplicateError: 409,
    DatabaseError: 503,
    IndexRepairError: 503,
}
HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
    "form-action 'self'; base-uri 'none'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}


def marked(text: str) -> Markup:
    """A search hit's `**word**` marks as <mark>, everything else escaped."""
    parts = str(text).split("**")
    if len(parts) % 2 == 0:  # an unpaired mark: show the words as they are
        return Markup(escape(text))
    return Markup("").join(
        Markup("<mark>{}</mark>").format(part) if i % 2 else escape(part)
        for i, part in enumerate(parts)
    )


def templates() -> Jinja2Templates:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every value is escaped unless a filter says it is markup
        undefined=jinja2.StrictUndefined,
    )
    env.filters["marked"] = marked
    env.filters["http_url"] = http_url  # a stored link shown only if it is http(s)
    return Jinja2Templates(env=env)


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_response(request: Request, status: int, message: str) -> Response:
    if wants_json(request):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    page: Response = request.app.state.templates.TemplateResponse(
        request,
        "error.html",
        page_context(request, status=status, message=message),
        status_code=status,
    )
    return page


def page_context(request: Request, **extra: Any) -> dict[str, Any]:
    gate: Gate = request.app.state.gate
    return {
        "csrf": csrf_value(request),
        "may_write": gate.may_write(request),
        "gate_open": gate.open,
        **extra,
    }


async def on_quotesdb_error(request: Request, exc: Exception) -> Response:
    status = next((code for kind, code in STATUS.items() if isinstance(exc, kind)), 400)
    return error_response(request, status, str(exc))


async def on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = exc.detail if isinstance(exc.detail, str) else "error"
    return error_response(request, exc.status_code, message)


async def on_disconnect(request: Request, _exc: Exception) -> Response:
    """The client left mid-request: nothing to answer and nothing broken."""
    log.info("client left during %s %s", request.method, request.url.path)
    return Response(status_code=499)


async def on_crash(request: Request, exc: Exception) -> Response:
    """A bug: logged here with its traceback, never shown to the client."""
    log.error("error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(request, 500, "internal error: the server has logged it")


class Headers:
    """Security headers on every response, and the CSRF cookie a page handed out.

    Plain ASGI rather than BaseHTTPMiddleware: that one costs about a millisecond a request.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                new = state.get("new_csrf")
                if new:
                    cookie = f"{CSRF_COOKIE}={new}; HttpOnly; Path=/; SameSite=strict"
                    headers.append("set-cookie", cookie)
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(
    settings: Settings,
    token: str | None = None,
    search_cache: int = SEARCH_CACHE,
    hosts: HostPolicy | None = None,
) -> Starlette:
    """The app over one archive; `token` (QUOTESDB_TOKEN) guards every write when set;
    each process remembers its last `search_cache` searches until the archive changes;
    it answers only requests addressed to `hosts` (default: localhost, any port)."""
    from quotesdb import limits
    from quotesdb.db.session import make_engine, require_schema
    from quotesdb.web import api, pages

    engine = make_engine(settings)
    require_schema(engine, create=True)
    live = LiveIndex(settings, cache_size=search_cache)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        live.close()
        engine.dispose()

    app = Starlette(
        routes=[
            *pages.routes,
            *api.routes,
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ],
        middleware=[
            Middleware(HostGuard, policy=hosts or HostPolicy(LOCAL_NAMES)),
            Middleware(BodyLimit, most=limits.current().body_bytes),
            Middleware(Headers),
        ],
        exception_handlers={
            ClientDisconnect: on_disconnect,
            QuotesdbError: on_quotesdb_error,
            HTTPException: on_http_error,
            Exception: on_crash,
        },
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.live = live
    app.state.gate = Gate(token)
    app.state.templates = templates()
    return app
