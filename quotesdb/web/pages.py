"""The HTML pages: search, expert (and its attributes), article, quote, add / edit / tag,
review, report, trace, sign-in."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from quotesdb.errors import InputError, NotFoundError, QuerySyntaxError, QuotesdbError
from quotesdb.web import services
from quotesdb.web.app import page_context
from quotesdb.web.security import AUTH_COOKIE, CSRF_FIELD, csrf_ok

MAX_ID = 2**31 - 1
FACET_PARAMS = {"expert": "expert", "outlet": "outlet", "topic": "topic", "year": "year"}
ATTRIBUTE_LABELS = (
    ("gender", "gender"),
    ("affiliation_kind", "affiliation"),
    ("country", "country"),
)
TABLE_ROWS = 500  # a monthly report of 300 outlets is 36,000 rows: a page, not a download
FILTER_PARAMS = ("q", "expert", "topic", "outlet", "author", "year", "since", "until", "kind")


def path_id(request: Request, name: str = "id") -> int:
    value = int(request.path_params[name])
    if value > MAX_ID:
        raise NotFoundError(f"no record with id {value}")
    return value


def render(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    response: Response = request.app.state.templates.TemplateResponse(
        request, name, page_context(request, **context), status_code=status
    )
    return response


async def run_db(request: Request, work: Any) -> Any:
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(services.read, request.app.state.engine, work)


async def write_db(request: Request, work: Any) -> Any:
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(services.write, request.app.state.engine, work)


def link(params: dict[str, str], **changes: str | None) -> str:
    """This search's URL with some parameters set (or dropped, given None)."""
    merged = {**params, **changes}
    kept = {k: v for k, v in merged.items() if v}
    return "/?" + urlencode(kept) if kept else "/"


async def search_page(request: Request) -> Response:
    params = {k: v for k, v in request.query_params.items() if k in (*FILTER_PARAMS, "sort")}
    try:
        form = services.parse_search(request.query_params)
        found = await request.app.state.live.run(
            lambda session: services.run_search(session, form, facets=True),
            key=(form, True),
        )
        error = None
    except (InputError, QuerySyntaxError) as exc:  # the message shows above the search box
        found, error = services.Found([], 0), str(exc)
    active = [(name, params[name], link(params, **{name: None})) for name in params if name != "q"]
    facets = {
        name: [
            (value, count, link(params, **{FACET_PARAMS[name]: value}))
            for value, count in list(counts.items())[:12]
            if value not in ("(none)", "n.d.")
        ]
        for name, counts in found.facets.items()
    }
    return render(
        request,
        "search.html",
        status=400 if error else 200,
        params=params,
        found=found,
        facets=facets,
        active=active,
        error=error,
        date_link=link(params, sort="date"),
        relevance_link=link(params, sort=None),
    )


async def expert_page(request: Request) -> Response:
    expert_id = path_id(request)
    view = await run_db(request, lambda s: services.expert_view(s, expert_id))
    return expert_page_of(request, view)


def expert_page_of(
    request: Request,
    view: dict[str, Any],
    status: int = 200,
    error: str | None = None,
    entered: dict[str, Any] | None = None,
) -> Response:
    from quotesdb.attributes import AFFILIATION_KINDS

    return render(
        request,
        "expert.html",
        status,
        expert=view,
        error=error,
        entered=entered or {},
        affiliation_kinds=AFFILIATION_KINDS,
    )


async def attributes_submit(request: Request) -> Response:
    """The expert's attributes as entered; the first-name suggestion's button posts the
    gender alone, so a suggestion is stored only when someone presses it."""
    expert_id = path_id(request)
    form = await checked_form(request)
    values = form_dict(form)
    try:
        await write_db(request, lambda s: services.set_attributes(s, expert_id, values))
    except NotFoundError:
        raise
    except QuotesdbError as exc:  # the page again, with what is wrong
        view = await run_db(request, lambda s: services.expert_view(s, expert_id))
        return expert_page_of(request, view, 400, error=str(exc), entered=values)
    return RedirectResponse(f"/experts/{expert_id}", status_code=303)


async def expert_by_name(request: Request) -> Response:
    name = request.query_params.get("name", "")
    if not name.strip():
        return await experts_page(request)

    def find(session: Any) -> int:
        from quotesdb.db.experts import resolve_expert

        return resolve_expert(session, name).id

    expert_id = await run_db(request, find)
    return RedirectResponse(f"/experts/{expert_id}", status_code=303)


async def experts_page(request: Request) -> Response:
    experts = await run_db(request, services.experts_view)
    return render(request, "experts.html", experts=experts)


async def article_page(request: Request) -> Response:
    article_id = path_id(request)
    view = await run_db(request, lambda s: services.article_view(s, article_id))
    return render(request, "article.html", article=view)


async def quote_page(request: Request) -> Response:
    quote_id = path_id(request)
    view = await run_db(request, lambda s: services.quote_view(s, quote_id))
    return render(request, "quote.html", quote=view)


async def report_page(request: Request) -> Response:
    form = services.parse_report(request.query_params)
    report, chart = await run_db(request, lambda s: services.report_view(s, form))
    shared = [(k, v) for k, v in request.query_params.multi_items() if k != "by" and v]
    return render(
        request,
        "report.html",
        report=report,
        rows=report.rows[:TABLE_ROWS],
        chart=chart,
        form=form,
        periods={p: "/report?" + urlencode([("by", p), *shared]) for p in services.PERIODS},
        attribute_labels=ATTRIBUTE_LABELS,
        csv_link="/report.csv?" + urlencode(list(request.query_params.multi_items())),
        json_link="/api/report?" + urlencode(list(request.query_params.multi_items())),
    )


async def report_csv(request: Request) -> Response:
    form = services.parse_report(request.query_params)
    body = await run_db(request, lambda s: services.report_csv(s, form))
    name = f"sources-by-{form.by}.csv"
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


async def trace_page(request: Request) -> Response:
    quote_id = path_id(request)
    from starlette.concurrency import run_in_threadpool

    from quotesdb.reports.trace import behind_note

    await run_in_threadpool(services.catch_up_trace_keys, request.app.state.engine)
    trace = await run_db(request, lambda s: services.trace_view(s, quote_id))
    behind = behind_note(trace.behind) if trace.behind else None
    return render(request, "trace.html", trace=trace, quote_id=quote_id, behind=behind)


async def review_page(request: Request) -> Response:
    queue = await run_db(request, services.review_view)
    return render(request, "review.html", queue=queue)


async def checked_form(request: Request) -> FormData:
    """The posted form, once its CSRF value and the writer's right to write are checked."""
    form = await request.form()
    if not csrf_ok(request, form.get(CSRF_FIELD)):
        raise HTTPException(403, "the form has expired or came from another site: reload it")
    if not request.app.state.gate.may_write(request):
        raise HTTPException(403, "writing needs the server's token: sign in first")
    return form


def form_dict(form: FormData) -> dict[str, Any]:
    return {k: v for k, v in form.items() if isinstance(v, str) and k != CSRF_FIELD}


async def add_page(request: Request) -> Response:
    return render(request, "quote_form.html", values={}, error=None, quote=None)


async def add_submit(request: Request) -> Response:
    form = await checked_form(request)
    values = form_dict(form)
    try:
        record = await write_db(request, lambda s: services.add(s, values))
    except NotFoundError:
        raise
    except QuotesdbError as exc:  # the form again, with what was typed and what is wrong
        return render(request, "quote_form.html", 400, values=values, error=str(exc), quote=None)
    return RedirectResponse(f"/quotes/{record['id']}", status_code=303)


async def edit_page(request: Request) -> Response:
    quote_id = path_id(request)
    view = await run_db(request, lambda s: services.quote_view(s, quote_id))
    values = {
        "text": view["text"],
        "speaker": view["speaker"]["name"],
        "description": view["speaker"]["description"] or "",
    }
    return render(request, "quote_form.html", values=values, error=None, quote=view)


async def edit_submit(request: Request) -> Response:
    quote_id = path_id(request)
    form = await checked_form(request)
    values = form_dict(form)
    data: dict[str, Any] = {k: values.get(k) for k in ("text", "speaker", "description")}
    data["remove_topics"] = [v for k, v in form.multi_items() if k == "remove_topic"]
    data["new_expert"] = values.get("new_expert")
    try:
        await write_db(request, lambda s: services.edit(s, quote_id, data))
    except NotFoundError as exc:
        if "no expert" not in str(exc):
            raise  # no such quote: the 404 page
        view = await run_db(request, lambda s: services.quote_view(s, quote_id))
        return render(request, "quote_form.html", 400, values=values, error=str(exc), quote=view)
    except QuotesdbError as exc:  # the form again, with what was typed and what is wrong
        view = await run_db(request, lambda s: services.quote_view(s, quote_id))
        return render(request, "quote_form.html", 400, values=values, error=str(exc), quote=view)
    return RedirectResponse(f"/quotes/{quote_id}", status_code=303)


async def tag_submit(request: Request) -> Response:
    quote_id = path_id(request)
    form = await checked_form(request)
    topics = form.get("topics")
    await write_db(request, lambda s: services.tag(s, quote_id, topics))
    return RedirectResponse(f"/quotes/{quote_id}", status_code=303)


async def login_page(request: Request) -> Response:
    return render(request, "login.html", error=None)


async def login_submit(request: Request) -> Response:
    form = await request.form()
    gate = request.app.state.gate
    if not csrf_ok(request, form.get(CSRF_FIELD)):
        raise HTTPException(403, "the form has expired or came from another site: reload it")
    given = form.get("token")
    if gate.open or not isinstance(given, str) or not gate.token_ok(given):
        return render(request, "login.html", 403, error="that is not the server's token")
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(AUTH_COOKIE, gate.session_value(), httponly=True, samesite="strict")
    return response


async def logout_submit(request: Request) -> Response:
    form = await request.form()
    if not csrf_ok(request, form.get(CSRF_FIELD)):
        raise HTTPException(403, "the form has expired or came from another site: reload it")
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(AUTH_COOKIE)
    return response


routes = [
    Route("/", search_page),
    Route("/experts", experts_page),
    Route("/expert", expert_by_name),
    Route("/experts/{id:int}", expert_page),
    Route("/experts/{id:int}/attributes", attributes_submit, methods=["POST"]),
    Route("/articles/{id:int}", article_page),
    Route("/quotes/new", add_page),
    Route("/quotes/new", add_submit, methods=["POST"]),
    Route("/quotes/{id:int}", quote_page),
    Route("/quotes/{id:int}/edit", edit_page),
    Route("/quotes/{id:int}/edit", edit_submit, methods=["POST"]),
    Route("/quotes/{id:int}/tag", tag_submit, methods=["POST"]),
    Route("/review", review_page),
    Route("/report", report_page),
    Route("/report.csv", report_csv),
    Route("/quotes/{id:int}/trace", trace_page),
    Route("/login", login_page),
    Route("/login", login_submit, methods=["POST"]),
    Route("/logout", logout_submit, methods=["POST"]),
]
