"""The JSON API: the same services as the pages, described by /api/openapi.json."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from quotesdb.web import services
from quotesdb.web.described import check_body, check_query
from quotesdb.web.openapi import spec
from quotesdb.web.pages import path_id, run_db, write_db


async def search(request: Request) -> Response:
    check_query("/api/search", request.query_params)
    form = services.parse_search(request.query_params)
    fmt = services.parse_format(request.query_params)
    facets = request.query_params.get("facets", "false").lower() in ("1", "true", "yes")
    found = await request.app.state.live.run(
        lambda session: services.run_search(session, form, facets=facets),
        key=(form, facets),
    )
    results = [services.hit_json(h) for h in found.hits]
    if fmt == "csv":
        return csv_response(services.rows_csv("hit", results), "quotes")
    body: dict[str, Any] = {
        **found.pager.as_json(),
        "grouped": found.grouped,
        "exact": found.exact,
        "results": results,
    }
    if facets:
        body["facets"] = found.facets
    return JSONResponse(body)


def csv_response(text: str, name: str) -> Response:
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}.csv"'},
    )


def listed_response(listed: services.Listed, kind: str, fmt: str) -> Response:
    """One page of a list as JSON (with total, offset, limit) or as CSV rows."""
    if fmt == "csv":
        return csv_response(services.rows_csv(kind, listed.rows), f"{kind}s")
    return JSONResponse(listed.as_json())


LIST_SIZE = 50  # rows a list answers with unless `limit` says otherwise


ListView = Callable[[Session, Any, services.Window], services.Listed]


def list_endpoint(kind: str, view: ListView) -> Callable[[Request], Awaitable[Response]]:
    """GET /api/{kind}s: one page of the list, its filters and window checked first."""
    path = f"/api/{kind}s"

    async def endpoint(request: Request) -> Response:
        check_query(path, request.query_params)
        params = request.query_params
        fmt = services.parse_format(params)
        window = services.parse_window(params, default=LIST_SIZE)
        listed = await run_db(request, lambda s: view(s, params, window))
        return listed_response(listed, kind, fmt)

    return endpoint


experts = list_endpoint("expert", services.experts_view)
articles = list_endpoint("article", services.articles_view)
outlets = list_endpoint("outlet", lambda s, _params, window: services.outlets_view(s, window))


async def quote(request: Request) -> Response:
    quote_id = path_id(request)
    view = await run_db(request, lambda s: services.quote_view(s, quote_id))
    return JSONResponse(view)


async def citation(request: Request) -> Response:
    check_query("/api/quotes/{id}/citations/{style}", request.query_params)
    quote_id = path_id(request)
    style = request.path_params["style"]
    to = request.query_params.get("to", "markdown")
    text = await run_db(request, lambda s: services.citation(s, quote_id, style, to))
    return JSONResponse(
        {"id": quote_id, "style": style.strip().lower(), "to": to, "citation": text}
    )


async def expert(request: Request) -> Response:
    check_query("/api/experts/{id}", request.query_params)
    expert_id = path_id(request)
    params = request.query_params
    fmt, window = services.parse_format(params), services.parse_window(params, default=LIST_SIZE)
    view = await run_db(request, lambda s: services.expert_view(s, expert_id, window))
    if fmt == "csv":
        return csv_response(services.rows_csv("expert-quote", view["quotes"]), "quotes")
    return JSONResponse({**view, "offset": window.offset, "limit": window.limit})


async def expert_attributes(request: Request) -> Response:
    expert_id = path_id(request)
    data = await body_of(request, "/api/experts/{id}")
    return JSONResponse(
        await write_db(request, lambda s: services.set_attributes(s, expert_id, data))
    )


async def report(request: Request) -> Response:
    check_query("/api/report", request.query_params)
    form = services.parse_report(request.query_params)
    return JSONResponse(await run_db(request, lambda s: services.report_json(s, form)))


async def article(request: Request) -> Response:
    article_id = path_id(request)
    view = await run_db(request, lambda s: services.article_view(s, article_id))
    view["runs"] = [{"text": text, "quote": quote_id} for text, quote_id in view["runs"]]
    return JSONResponse(view)


async def review(request: Request) -> Response:
    check_query("/api/review", request.query_params)
    params = request.query_params
    fmt, window = services.parse_format(params), services.parse_window(params, default=LIST_SIZE)
    listed = await run_db(request, lambda s: services.review_view(s, window))
    return listed_response(listed, "quote", fmt)


async def review_decision(request: Request) -> Response:
    quote_id = path_id(request)
    data = await body_of(request, "/api/review/{id}")
    return JSONResponse(
        await write_db(request, lambda s: services.review_decision(s, quote_id, data))
    )


async def body_of(request: Request, path: str) -> dict[str, Any]:
    """A write's JSON object, from a caller allowed to write, as `path`'s description says.

    A JSON content type is required: a cross-site form cannot send one without the
    browser asking this server first, so the API needs no CSRF token of its own.
    """
    if not request.app.state.gate.may_write(request):
        raise HTTPException(401, "writing needs the server's token: Authorization: Bearer TOKEN")
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise HTTPException(415, "send the body as application/json")
    try:
        data = await request.json()
    except ValueError:
        raise HTTPException(400, "the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise HTTPException(400, "the body must be a JSON object")
    check_body(path, request.method.lower(), data)
    return data


async def add(request: Request) -> Response:
    data = await body_of(request, "/api/quotes")
    record = await write_db(request, lambda s: services.add(s, data, request.app.state.settings))
    return JSONResponse(record, status_code=201)


async def edit(request: Request) -> Response:
    quote_id = path_id(request)
    data = await body_of(request, "/api/quotes/{id}")
    return JSONResponse(await write_db(request, lambda s: services.edit(s, quote_id, data)))


async def tag(request: Request) -> Response:
    quote_id = path_id(request)
    data = await body_of(request, "/api/quotes/{id}/tags")
    topics = data.get("topics")
    return JSONResponse(await write_db(request, lambda s: services.tag(s, quote_id, topics)))


async def openapi(request: Request) -> Response:
    return JSONResponse(spec(services.styles()))


routes = [
    Route("/api/openapi.json", openapi),
    Route("/api/search", search),
    Route("/api/quotes", add, methods=["POST"]),
    Route("/api/quotes/{id:int}", quote),
    Route("/api/quotes/{id:int}", edit, methods=["PATCH"]),
    Route("/api/quotes/{id:int}/tags", tag, methods=["POST"]),
    Route("/api/quotes/{id:int}/citations/{style}", citation),
    Route("/api/experts", experts),
    Route("/api/experts/{id:int}", expert),
    Route("/api/experts/{id:int}", expert_attributes, methods=["PATCH"]),
    Route("/api/report", report),
    Route("/api/articles", articles),
    Route("/api/articles/{id:int}", article),
    Route("/api/outlets", outlets),
    Route("/api/review", review),
    Route("/api/review/{id:int}", review_decision, methods=["POST"]),
]
