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

from quotesdb.errors import (
    AmbiguousError,
    InputError,
    NotFoundError,
    QuerySyntaxError,
    QuotesdbError,
)
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


PAGE_SIZE = 50  # rows on a list page (search shows 20)
PAGING_PARAMS = ("page", "offset", "limit", "format")


def paging(request: Request, pager: services.Pager, api: str) -> dict[str, str | None]:
    """Links to the pages either side of this one and to this list as CSV and JSON, all
    keeping the filters in the URL. A download starts at this page and holds up to
    services.MAX_LIMIT rows."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in PAGING_PARAMS and v]
    limit = request.query_params.get("limit")
    sized = [("limit", limit)] if limit else []

    def at(offset: int | None) -> str | None:
        if offset is None:
            return None
        where = (
            [("page", str(offset // pager.limit + 1))]
            if offset % pager.limit == 0
            else [("offset", str(offset))]
        )
        if offset == 0:
            where = []
        return request.url.path + "?" + urlencode(kept + where + sized)

    start = [("offset", str(pager.offset))] if pager.offset else []
    download = kept + start + [("limit", str(services.MAX_LIMIT))]
    return {
        "previous": at(pager.previous),
        "next": at(pager.next),
        "json": api + "?" + urlencode(download),
        "csv": api + "?" + urlencode([*download, ("format", "csv")]),
    }


def list_window(request: Request, default: int = PAGE_SIZE) -> services.Window:
    return services.parse_window(request.query_params, default=default)


def link(params: dict[str, str], **changes: str | None) -> str:
    """This search's URL with some parameters set (or dropped, given None)."""
    merged = {**params, **changes}
    kept = {k: v for k, v in merged.items() if v}
    return "/?" + urlencode(kept) if kept else "/"


async def search_page(request: Request) -> Response:
    kept = (*FILTER_PARAMS, "sort", "group")
    params = {k: v for k, v in request.query_params.items() if k in kept}
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
        pager=found.pager,
        links=paging(request, found.pager, "/api/search"),
        date_link=link(params, sort="date"),
        relevance_link=link(params, sort=None),
        # Copies of one quote as one hit (the default), or every copy.
        grouping_link=link(params, group="false" if found.grouped else None),
    )


async def expert_page(request: Request) -> Response:
    expert_id = path_id(request)
    window = list_window(request)
    view = await run_db(request, lambda s: services.expert_view(s, expert_id, window))
    return expert_page_of(request, view, window=window)


def expert_page_of(
    request: Request,
    view: dict[str, Any],
    status: int = 200,
    error: str | None = None,
    entered: dict[str, Any] | None = None,
    window: services.Window | None = None,
) -> Response:
    from quotesdb.attributes import AFFILIATION_KINDS

    window = window or services.Window(0, PAGE_SIZE)
    pager = services.Pager(view["quotes_total"], window.offset, window.limit, len(view["quotes"]))
    return render(
        request,
        "expert.html",
        status,
        expert=view,
        pager=pager,
        links=paging(request, pager, f"/api/experts/{view['id']}"),
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
        view = await run_db(
            request, lambda s: services.expert_view(s, expert_id, services.Window(0, PAGE_SIZE))
        )
        return expert_page_of(request, view, 400, error=str(exc), entered=values)
    return RedirectResponse(f"/experts/{expert_id}", status_code=303)


async def expert_by_name(request: Request) -> Response:
    name = request.query_params.get("name", "")
    if not name.strip():
        return await experts_page(request)

    def find(session: Any) -> int:
        from quotesdb.db.experts import resolve_expert_forgiving

        return resolve_expert_forgiving(session, name).id

    try:
        expert_id = await run_db(request, find)
    except AmbiguousError as exc:  # the names to choose from, each a link
        return render(request, "choose_expert.html", 409, asked=name, candidates=exc.candidates)
    return RedirectResponse(f"/experts/{expert_id}", status_code=303)


async def experts_page(request: Request) -> Response:
    window = list_window(request)
    listed = await run_db(request, lambda s: services.experts_view(s, request.query_params, window))
    return list_page(request, "experts.html", listed, "/api/experts")


async def articles_page(request: Request) -> Response:
    window = list_window(request)
    listed = await run_db(
        request, lambda s: services.articles_view(s, request.query_params, window)
    )
    return list_page(request, "articles.html", listed, "/api/articles")


async def outlets_page(request: Request) -> Response:
    window = list_window(request)
    listed = await run_db(request, lambda s: services.outlets_view(s, window))
    return list_page(request, "outlets.html", listed, "/api/outlets")


def list_page(
    request: Request,
    name: str,
    listed: services.Listed,
    api: str,
    status: int = 200,
    **extra: Any,
) -> Response:
    params = {k: v for k, v in request.query_params.items() if k not in PAGING_PARAMS}
    return render(
        request,
        name,
        status,
        rows=listed.rows,
        pager=listed.pager,
        links=paging(request, listed.pager, api),
        params=params,
        query=request.url.query,
        **extra,
    )


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
        json_link="/api/report?" + urlencode(report_query(form)),
    )


def report_query(form: services.ReportForm) -> list[tuple[str, str]]:
    """The API's query for what the report page shows: its form's values as the API's
    description has them (no blank fields, `total=true`), which the API holds it to."""
    query = [("by", form.by), *(("outlet", o) for o in form.outlets)]
    query += [(k, d.isoformat()) for k, d in (("since", form.since), ("until", form.until)) if d]
    return query + ([("total", "true")] if form.total else [])


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
    window = list_window(request)
    listed = await run_db(request, lambda s: services.review_view(s, window))
    return list_page(request, "review.html", listed, "/api/review", problem=None)


async def review_submit(request: Request) -> Response:
    """A decision from the review page; back to the same page of the queue, or the page
    again with what was wrong (an unknown or ambiguous name) beside the quote."""
    quote_id = path_id(request)
    form = await checked_form(request)
    values = form_dict(form)
    query = request.url.query  # the page of the queue the decision was made on
    back = values.get("back", "")  # a captured article's page, where it was decided
    try:
        await write_db(request, lambda s: services.review_decision(s, quote_id, values))
    except QuotesdbError as exc:
        if isinstance(exc, NotFoundError) and "no expert" not in str(exc):
            raise  # no such quote: the 404 page
        problem = {"id": quote_id, "error": str(exc), "speaker": values.get("speaker", "")}
        if back.startswith("/capture/"):  # the captured article's page, with what was wrong
            from urllib.parse import parse_qs, urlsplit

            where = urlsplit(back)
            article_id = int(where.path.rsplit("/", 1)[1]) if where.path[9:].isdigit() else 0
            selection = parse_qs(where.query).get("selection", [""])[0]
            return await captured_page_of(request, article_id, selection, back, problem)
        window = list_window(request)
        listed = await run_db(request, lambda s: services.review_view(s, window))
        return list_page(
            request,
            "review.html",
            listed,
            "/api/review",
            status=400,
            problem=problem,
        )
    if back.startswith("/capture/"):  # a path on this server, never another host
        return RedirectResponse(back, status_code=303)
    return RedirectResponse("/review" + ("?" + query if query else ""), status_code=303)


async def capture_help(request: Request) -> Response:
    """How to install the bookmarklet: a link whose script sends the page being read,
    and the words selected on it, to this server's capture form."""
    base = str(request.base_url).rstrip("/")
    script = (
        "javascript:(()=>{const u='" + base + "/capture/new?url='+encodeURIComponent("
        "location.href)+'&selection='+encodeURIComponent(String(getSelection()).slice(0,"
        f"{services.MAX_SELECTION}));if(!window.open(u))location.href=u;}})()"
    )
    return render(request, "capture_help.html", bookmarklet=script, base=base)


async def capture_form(request: Request) -> Response:
    """What the bookmarklet opened: the page and the selection, stored only when the reader
    presses the button here (on this server's own page, with its CSRF field)."""
    url = request.query_params.get("url", "")
    selection = request.query_params.get("selection", "")[: services.MAX_SELECTION]
    return render(request, "capture_form.html", url=url, selection=selection, error=None)


async def capture_submit(request: Request) -> Response:
    from starlette.concurrency import run_in_threadpool

    form = await checked_form(request)
    values = form_dict(form)
    url, selection = values.get("url", ""), values.get("selection", "")
    app = request.app.state
    try:
        article_id = await run_in_threadpool(services.capture, app.engine, app.settings, url)
    except QuotesdbError as exc:
        return render(
            request, "capture_form.html", 400, url=url, selection=selection, error=str(exc)
        )
    query = "?" + urlencode({"selection": selection}) if selection.strip() else ""
    return RedirectResponse(f"/capture/{article_id}{query}", status_code=303)


async def captured_page(request: Request) -> Response:
    article_id = path_id(request)
    selection = request.query_params.get("selection", "")
    query = request.url.query
    here = request.url.path + ("?" + query if query else "")
    return await captured_page_of(request, article_id, selection, here)


async def captured_page_of(
    request: Request,
    article_id: int,
    selection: str,
    here: str,
    problem: dict[str, Any] | None = None,
) -> Response:
    """A captured article's quotes to accept or correct; `problem` is a correction that
    failed (an unknown or ambiguous name), said beside its quote."""
    view = await run_db(request, lambda s: services.captured_view(s, article_id, selection))
    status = 400 if problem else 200
    return render(request, "captured.html", status, article=view, here=here, problem=problem)


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
    return render(request, "quote_form.html", values={}, error=None, quote=None, candidates=())


def speaker_values(form: FormData) -> dict[str, Any]:
    """The form's fields; a candidate chosen from an ambiguous name is the speaker."""
    values = form_dict(form)
    if values.get("speaker_choice"):
        values["speaker"] = values.pop("speaker_choice")
    return values


async def add_submit(request: Request) -> Response:
    form = await checked_form(request)
    values = speaker_values(form)
    # A name no one has is a new expert only once the form's box says so: a typo or a
    # surname must not make "Pence" beside Mike Pence.
    data = {**values, "new_expert": values.get("new_expert") == "on"}
    try:
        settings = request.app.state.settings
        record = await write_db(request, lambda s: services.add(s, data, settings))
    except QuotesdbError as exc:
        return form_again(request, values, exc, None)
    return RedirectResponse(f"/quotes/{record['id']}", status_code=303)


def form_again(
    request: Request, values: dict[str, Any], exc: QuotesdbError, quote: dict[str, Any] | None
) -> Response:
    """The quote form again, with what was typed, what is wrong and, for a name several
    experts answer to, the candidates to choose from. An unknown quote or article: 404."""
    if isinstance(exc, NotFoundError) and "no expert" not in str(exc):
        raise exc
    return render(
        request,
        "quote_form.html",
        400,
        values=values,
        error=str(exc),
        quote=quote,
        candidates=getattr(exc, "candidates", ()),
    )


async def edit_page(request: Request) -> Response:
    quote_id = path_id(request)
    view = await run_db(request, lambda s: services.quote_view(s, quote_id))
    values = {
        "text": view["text"],
        "speaker": view["speaker"]["name"],
        "description": view["speaker"]["description"] or "",
        "notes": view["notes"] or "",
    }
    return render(request, "quote_form.html", values=values, error=None, quote=view, candidates=())


async def edit_submit(request: Request) -> Response:
    quote_id = path_id(request)
    form = await checked_form(request)
    values = speaker_values(form)
    data: dict[str, Any] = {k: values.get(k) for k in ("text", "speaker", "description", "notes")}
    if values.get("speaker") != values.get("was_speaker") and values.get(
        "description"
    ) == values.get("was_description"):
        data["description"] = None  # the old speaker's role is not the new one's
    data["remove_topics"] = [v for k, v in form.multi_items() if k == "remove_topic"]
    data["new_expert"] = values.get("new_expert")
    try:
        await write_db(request, lambda s: services.edit(s, quote_id, data))
    except QuotesdbError as exc:
        if isinstance(exc, NotFoundError) and "no expert" not in str(exc):
            raise  # no such quote: the 404 page
        view = await run_db(request, lambda s: services.quote_view(s, quote_id))
        return form_again(request, values, exc, view)
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
    Route("/articles", articles_page),
    Route("/articles/{id:int}", article_page),
    Route("/outlets", outlets_page),
    Route("/quotes/new", add_page),
    Route("/quotes/new", add_submit, methods=["POST"]),
    Route("/quotes/{id:int}", quote_page),
    Route("/quotes/{id:int}/edit", edit_page),
    Route("/quotes/{id:int}/edit", edit_submit, methods=["POST"]),
    Route("/quotes/{id:int}/tag", tag_submit, methods=["POST"]),
    Route("/review", review_page),
    Route("/review/{id:int}", review_submit, methods=["POST"]),
    Route("/report", report_page),
    Route("/report.csv", report_csv),
    Route("/quotes/{id:int}/trace", trace_page),
    Route("/capture", capture_help),
    Route("/capture/new", capture_form),
    Route("/capture/new", capture_submit, methods=["POST"]),
    Route("/capture/{id:int}", captured_page),
    Route("/login", login_page),
    Route("/login", login_submit, methods=["POST"]),
    Route("/logout", logout_submit, methods=["POST"]),
]
