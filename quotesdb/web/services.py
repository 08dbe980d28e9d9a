"""The web app's one seam onto quotesdb's services: everything the pages and the API call.

Routes never import the index, the ORM or the citation code themselves; when those APIs
change (new citation styles, an output layer, review decisions) only this module moves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeVar

from quotesdb import limits
from quotesdb.errors import InputError
from quotesdb.links import http_url
from quotesdb.output import article_sources

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from quotesdb.config import Settings
    from quotesdb.db.models import Quote
    from quotesdb.search.backend import SearchSession
    from quotesdb.search.types import Filters, Hit

T = TypeVar("T")
KINDS = ("full", "partial")
PERIODS = ("month", "quarter", "year")
SORTS = ("relevance", "date")


@dataclass(frozen=True, slots=True)
class SearchForm:
    """A search as the URL spells it: every field optional, so any link can be shared."""

    q: str | None = None
    expert: str | None = None
    topic: str | None = None
    outlet: str | None = None
    author: str | None = None
    year: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    kind: str | None = None
    sort: str = "relevance"
    limit: int = 20
    offset: int = 0
    group: bool = True  # copies of one quote as one hit (`group=false` lists each)

    def filters(self) -> Filters:
        from quotesdb.search.types import Filters

        since, until = self.since, self.until
        if self.year is not None:
            since = max(since or dt.date.min, dt.date(self.year, 1, 1))
            until = min(until or dt.date.max, dt.date(self.year, 12, 31))
        return Filters(self.expert, self.topic, self.outlet, self.author, since, until, self.kind)


MAX_QUERY_TEXT = limits.QUERY_CHARS  # characters in one query-string value


def _text(params: Any, name: str) -> str | None:
    value = params.get(name)
    if isinstance(value, str) and len(value) > MAX_QUERY_TEXT:
        raise InputError(f"{name} is longer than {MAX_QUERY_TEXT} characters")
    return value.strip() or None if isinstance(value, str) else None


def _number(params: Any, name: str, low: int, high: int) -> int | None:
    value = _text(params, name)
    if value is None:
        return None
    if not value.isdigit() or not low <= int(value) <= high:
        raise InputError(f"{name} must be a whole number from {low} to {high}")
    return int(value)


@dataclass(frozen=True, slots=True)
class Window:
    """Which rows of a list to show: `limit` of them after skipping `offset`."""

    offset: int
    limit: int


MAX_LIMIT = limits.ROWS  # rows in one answer; a download link asks for this many
MAX_OFFSET = limits.OFFSET  # deeper than this, narrow the list instead


def parse_window(params: Any, *, default: int, max_limit: int = MAX_LIMIT) -> Window:
    """`limit` with `offset` (rows skipped) or `page` (from 1, `limit` rows each)."""
    limit = _number(params, "limit", 1, max_limit) or default
    offset = _number(params, "offset", 0, MAX_OFFSET)
    page = _number(params, "page", 1, MAX_OFFSET + 1)
    if offset is not None and page is not None:
        raise InputError("give offset or page, not both")
    if page is not None and (page - 1) * limit > MAX_OFFSET:
        raise InputError(f"page {page} starts past row {MAX_OFFSET:,}: narrow the list instead")
    return Window((page - 1) * limit if page else offset or 0, limit)


@dataclass(frozen=True, slots=True)
class Pager:
    """Where a page sits in its list: "21–40 of 235", and the offsets either side."""

    total: int
    offset: int
    limit: int
    shown: int

    @property
    def label(self) -> str:
        if not self.shown:
            return f"0 of {self.total:,}"
        return f"{self.offset + 1:,}–{self.offset + self.shown:,} of {self.total:,}"

    @property
    def previous(self) -> int | None:
        return max(0, self.offset - self.limit) if self.offset else None

    @property
    def next(self) -> int | None:
        after = self.offset + self.limit
        return after if after < self.total and after <= MAX_OFFSET else None

    def as_json(self) -> dict[str, int]:
        return {"total": self.total, "offset": self.offset, "limit": self.limit}


def parse_search(params: Any, *, max_limit: int = MAX_LIMIT) -> SearchForm:
    """Query-string values to a SearchForm; a bad value is an InputError naming it."""

    def text(name: str) -> str | None:
        return _text(params, name)

    def number(name: str, low: int, high: int) -> int | None:
        return _number(params, name, low, high)

    kind, sort = text("kind"), text("sort") or "relevance"
    if kind is not None and kind not in KINDS:
        raise InputError("kind must be full or partial")
    if sort not in SORTS:
        raise InputError("sort must be relevance or date")
    group = (text("group") or "true").lower()
    if group not in ("true", "false"):
        raise InputError("group must be true or false")
    return SearchForm(
        q=text("q"),
        expert=text("expert"),
        topic=text("topic"),
        outlet=text("outlet"),
        author=text("author"),
        year=number("year", 1, 9999),
        since=_date(text("since"), "since"),
        until=_date(text("until"), "until"),
        kind=kind,
        sort=sort,
        group=group == "true",
        **_window_fields(parse_window(params, default=20, max_limit=max_limit)),
    )


def _window_fields(window: Window) -> dict[str, int]:
    return {"offset": window.offset, "limit": window.limit}


FORMATS = ("json", "csv")


def parse_format(params: Any) -> str:
    """A list's `format`: json (the default) or csv, the same rows either way."""
    fmt = (_text(params, "format") or "json").lower()
    if fmt not in FORMATS:
        raise InputError("format must be json or csv")
    return fmt


def _date(value: str | None, name: str) -> dt.date | None:
    from quotesdb.pages.dates import iso_date

    return iso_date(value, name)


@dataclass(slots=True)
class Found:
    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    offset: int = 0
    limit: int = 20
    exact: bool = True  # False: `total` is an estimate
    grouped: bool = False  # each hit stands for its copies (`Hit.also`); `total` counts groups

    @property
    def pager(self) -> Pager:
        return Pager(self.total, self.offset, self.limit, len(self.hits))


def run_search(session: SearchSession, form: SearchForm, *, facets: bool) -> Found:
    """Search as the CLI does (`quotesdb.search.service.search_in`: copies of one quote
    grouped unless the form says not); facets are counted only when the matches are few
    enough.

    Counting facets reads every match's stored fields: cheap for a narrowed search,
    seconds for the whole of a large archive, so a broad one is shown without them.
    """
    from quotesdb.search.service import search_in
    from quotesdb.search.types import SearchRequest

    request = SearchRequest(
        form.q,
        form.filters(),
        limit=form.limit,
        offset=form.offset,
        sort=form.sort,
        group=form.group,
    )
    results = search_in(session, request)
    counts: dict[str, dict[str, int]] = {}
    if facets and results.total <= FACET_LIMIT:
        whole = replace(request, offset=0, limit=1, facets=True, group=False)
        counts = session.search(whole).facets
    return Found(
        results.hits,
        results.total,
        counts,
        form.offset,
        form.limit,
        results.exact,
        results.grouped,
    )


FACET_LIMIT = 20_000


def hit_json(hit: Hit) -> dict[str, Any]:
    return hit.as_json()


# ---- Records from the database --------------------------------------------------------


def read(engine: Engine, work: Callable[[Session], T]) -> T:
    from quotesdb.db.session import read_transaction

    with read_transaction(engine) as session:
        return work(session)


def write(engine: Engine, work: Callable[[Session], T]) -> T:
    from quotesdb.db.session import with_retries

    return with_retries(engine, work)


def quote_record(quote: Quote) -> dict[str, Any]:
    from quotesdb.output import quote_record as record

    found = record(quote)
    found["expert_id"] = quote.expert_id
    return found


def quote_view(session: Session, quote_id: int) -> dict[str, Any]:
    """A quote with everything its page shows: the record, its citations, its link."""
    from quotesdb.cite import passage_url
    from quotesdb.db.citable import citable_quotes
    from quotesdb.db.quotes import get_quote

    quote = get_quote(session, quote_id)
    view = quote_record(quote)
    if quote.article is not None:
        view["article"] = {**view["article"], **article_sources(quote.article)}
    view["paragraph"] = quote.paragraph
    cited = citable_quotes(session, [quote_id])[0]
    view["citations"] = citations(cited)
    view["citations_text"] = citations(cited, "text")
    view["citations_html"] = citations(cited, "html")
    view["fragment_url"] = passage_url(cited)  # unique on the whole stored page
    return view


def styles() -> tuple[str, ...]:
    from quotesdb.cite import STYLES

    return STYLES


def citations(quote: Any, to: str = "markdown") -> dict[str, str]:
    """Every style the citation module knows, so a new style shows up without a change here;
    `to` is where it is pasted: markdown, text (no marks) or html (italics as <i>)."""
    from quotesdb.cite import format_citation

    return {style: format_citation(quote, style, to) for style in styles()}


def citation(session: Session, quote_id: int, style: str, to: str = "markdown") -> str:
    """One citation; the style's case does not matter (`MLA` is `mla`)."""
    from quotesdb.cite import TARGETS, format_citation
    from quotesdb.db.citable import citable_quotes

    name = style.strip().lower()
    if name not in styles():
        raise InputError(f"unknown style {style!r}: choose one of {', '.join(styles())}")
    if to not in TARGETS:
        raise InputError(f"to must be one of {', '.join(TARGETS)}")
    return format_citation(citable_quotes(session, [quote_id])[0], name, to)


def expert_view(session: Session, expert_id: int, window: Window | None = None) -> dict[str, Any]:
    """An expert's profile with the descriptions articles gave them, oldest first, and
    their quotes (the `window` of them, with the whole count in `quotes_total`)."""
    from quotesdb.db.experts import expert_profile
    from quotesdb.db.models import Expert
    from quotesdb.errors import NotFoundError

    expert = session.get(Expert, expert_id)
    if expert is None:
        raise NotFoundError(f"no expert with id {expert_id}")
    profile = expert_profile(session, expert.name)
    seen: dict[str, dict[str, Any]] = {}
    for line in sorted(profile.quotes, key=lambda q: (q.published or dt.date.max, q.id)):
        if line.description:
            entry = seen.setdefault(
                line.description,
                {"description": line.description, "first": line.published, "quotes": 0},
            )
            entry["last"] = line.published or entry.get("last")
            entry["quotes"] += 1
    summary = profile.expert
    window = window or Window(0, len(profile.quotes) or 1)
    shown = profile.quotes[window.offset : window.offset + window.limit]
    return {
        "id": summary.id,
        "name": summary.name,
        **attributes_record(expert),
        "description": summary.description,
        "aliases": summary.aliases,
        "outlets": summary.outlets,
        "last_quoted": summary.last_quoted.isoformat() if summary.last_quoted else None,
        "descriptions": [
            {**d, "first": _iso(d["first"]), "last": _iso(d.get("last"))} for d in seen.values()
        ],
        "quotes": [
            {
                "id": q.id,
                "text": q.text,
                "description": q.description,
                "title": q.title,
                "outlet": q.outlet,
                "published": _iso(q.published),
                "kind": q.kind,
            }
            for q in shown
        ],
        "quotes_total": len(profile.quotes),
    }


def attributes_record(expert: Any) -> dict[str, Any]:
    """What a person entered about a source, and, while its gender is unknown, what the
    first name suggests: shown beside the form, stored only when someone confirms it."""
    from quotesdb.attributes import suggested_gender

    unknown = expert.is_person and not expert.gender
    return {
        "is_person": expert.is_person,
        "gender": expert.gender,
        "affiliation_kind": expert.affiliation_kind,
        "country": expert.country,
        "suggested_gender": suggested_gender(expert.name) if unknown else None,
    }


def set_attributes(session: Session, expert_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """Gender, affiliation kind and country as entered; a blank or "unknown" clears one."""
    from quotesdb.db.attributes import set_attributes_of
    from quotesdb.db.models import Expert

    given: dict[str, str | None] = {}
    for name in ("gender", "affiliation_kind", "country"):
        if name in data:
            value = data[name]
            if value is not None and not isinstance(value, str):
                raise InputError(f"{name} must be text or null")
            given[name] = value
    if not given:
        raise InputError("give at least one of gender, affiliation_kind, country")
    set_attributes_of(session, expert_id, given)
    expert = session.get(Expert, expert_id)
    return {"id": expert_id, "name": expert.name if expert else "", **attributes_record(expert)}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass(frozen=True, slots=True)
class Listed:
    """One page of a list (experts, articles, outlets, the review queue) and where it sits."""

    rows: list[dict[str, Any]]
    pager: Pager

    def as_json(self) -> dict[str, Any]:
        return {**self.pager.as_json(), "results": self.rows}


def _listed(rows: list[dict[str, Any]], window: Window) -> Listed:
    """A page cut from a list held whole (experts and outlets are counted in one query)."""
    shown = rows[window.offset : window.offset + window.limit]
    return Listed(shown, Pager(len(rows), window.offset, window.limit, len(shown)))


def experts_view(session: Session, params: Any, window: Window) -> Listed:
    """Everyone quoted, most quoted first; `topic`, `outlet`, `since` count only those quotes."""
    from quotesdb.db.experts import ExpertFilters, list_experts
    from quotesdb.output import expert_record

    filters = ExpertFilters(
        topic=_text(params, "topic"),
        outlet=_text(params, "outlet"),
        since=_date(_text(params, "since"), "since"),
    )
    rows = [expert_record(e) for e in list_experts(session, sort="count", filters=filters)]
    return _listed(rows, window)


def articles_view(session: Session, params: Any, window: Window) -> Listed:
    """Articles newest first, with their quote counts, as `quotesdb articles` lists them."""
    from quotesdb.db.archive import ArticleFilters, count_articles, list_articles
    from quotesdb.output import article_record

    filters = ArticleFilters(
        outlet=_text(params, "outlet"),
        author=_text(params, "author"),
        title=_text(params, "title"),
        since=_date(_text(params, "since"), "since"),
        until=_date(_text(params, "until"), "until"),
        limit=window.limit,
        offset=window.offset,
    )
    rows = [{**article_record(a), "quotes": n} for a, n in list_articles(session, filters)]
    total = count_articles(session, filters)
    return Listed(rows, Pager(total, window.offset, window.limit, len(rows)))


def outlets_view(session: Session, window: Window) -> Listed:
    from quotesdb.db.archive import list_outlets
    from quotesdb.output import outlet_record

    rows = [outlet_record(o) for o in list_outlets(session)]
    return _listed(rows, window)


def rows_csv(kind: str, rows: list[dict[str, Any]]) -> str:
    """A list's rows as CSV in the columns `--format csv` gives, through the one CSV writer."""
    from quotesdb.output import csv_text, rows_of

    headers, cells = rows_of(kind, rows)
    return csv_text(headers, cells)


def article_view(session: Session, article_id: int) -> dict[str, Any]:
    """An article's text cut into plain runs and its quotes, by their stored offsets."""
    from sqlalchemy import select

    from quotesdb.db.models import Article, Quote
    from quotesdb.errors import NotFoundError

    article = session.get(Article, article_id)
    if article is None:
        raise NotFoundError(f"no article with id {article_id}")
    quotes = list(
        session.scalars(select(Quote).where(Quote.article_id == article_id).order_by(Quote.id))
    )
    text = article.text or ""
    return {
        "id": article.id,
        "title": article.title,
        "url": http_url(article.url),
        "outlet": article.outlet.name if article.outlet else None,
        "published": _iso(article.published),
        "authors": article.authors,
        **article_sources(article),
        "language": article.language,
        "section": article.section,
        "runs": text_runs(text, [(q.start, q.end, q.id) for q in quotes]),
        "quotes": [
            {"id": q.id, "text": q.text, "speaker": q.expert.name, "expert_id": q.expert_id}
            for q in quotes
        ],
    }


def text_runs(
    text: str, spans: list[tuple[int | None, int | None, int]]
) -> list[tuple[str, int | None]]:
    """(piece, quote id or None) in order; spans out of range or overlapping are left plain."""
    runs: list[tuple[str, int | None]] = []
    at = 0
    for start, end, quote_id in sorted(s for s in spans if s[0] is not None and s[1] is not None):
        assert start is not None and end is not None
        if start < at or end > len(text) or start >= end:
            continue
        if start > at:
            runs.append((text[at:start], None))
        runs.append((text[start:end], quote_id))
        at = end
    if at < len(text):
        runs.append((text[at:], None))
    return runs


def review_view(session: Session, window: Window) -> Listed:
    """The review queue, weakest first, each with the paragraph it was read from."""
    from quotesdb.db.review import review_count, review_queue

    rows = []
    for q in review_queue(session, limit=window.limit, offset=window.offset):
        row = quote_record(q)
        row["paragraph"] = q.paragraph
        rows.append(row)
    total = review_count(session)
    return Listed(rows, Pager(total, window.offset, window.limit, len(rows)))


# ---- Writes ---------------------------------------------------------------------------------


def review_decision(session: Session, quote_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """A decision on a queued quote, through the services `quotesdb review` calls:
    accept, correct (the speaker resolved as `--expert` resolves names; `new_expert`
    creates one no one has), or no-speaker (the quote is deleted with a tombstone)."""
    from quotesdb.db.review import accept, correct_speaker, no_speaker

    decision = data.get("decision")
    if decision == "accept":
        return quote_record(accept(session, quote_id))
    if decision == "correct":
        speaker = _opt(data.get("speaker"), "speaker")
        if not speaker:
            raise InputError("give the speaker's name to correct it")
        new = data.get("new_expert") in (True, "on", "true", "1")
        return quote_record(correct_speaker(session, quote_id, speaker, new=new))
    if decision == "no-speaker":
        no_speaker(session, quote_id)
        return {"id": quote_id, "deleted": True}
    raise InputError("decision must be accept, correct or no-speaker")


def _opt(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{name} must be a string")
    return value.strip() or None


def _names(value: Any, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{name} must be a list of strings")
    return tuple(v.strip() for v in value if v.strip())


def new_quote(data: dict[str, Any]) -> Any:
    """A form's or a JSON body's fields to the NewQuote that `quotesdb add` builds."""
    from quotesdb.db.editing import NewQuote
    from quotesdb.links import check_url

    text, speaker = _opt(data.get("text"), "text"), _opt(data.get("speaker"), "speaker")
    if not text:
        raise InputError("the quote text is empty")
    if not speaker:
        raise InputError("the speaker is required")
    published, precision = partial_date(_opt(data.get("published"), "published"))
    confirmed = data.get("new_expert")
    article = data.get("article_id")
    if isinstance(article, str):
        article = int(article) if article.strip().isdigit() else None
    if article is not None and (not isinstance(article, int) or isinstance(article, bool)):
        raise InputError("article_id must be a whole number")
    return NewQuote(
        text=text,
        speaker=speaker,
        description=_opt(data.get("description"), "description"),
        article_id=article,
        url=check_url(_opt(data.get("url"), "url")),
        title=_opt(data.get("title"), "title"),
        outlet=_opt(data.get("outlet"), "outlet"),
        authors=_names(data.get("authors"), "authors"),
        published=published,
        precision=precision,
        topics=_names(data.get("topics"), "topics"),
        new_expert=None if confirmed is None else confirmed in (True, "on", "true", "1"),
    )


PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"  # 2024, 2024-05 or 2024-05-06


def partial_date(value: str | None) -> tuple[dt.date | None, str | None]:
    """A year, a month or a day, and how much of it is known (the archive keeps that)."""
    import re

    from quotesdb.pages.dates import BadDate, parse_date

    if not value:
        return None, None
    if not re.match(PARTIAL_DATE, value):
        raise InputError(f"published is not a date as 2024, 2024-05 or 2024-05-06: {value!r}")
    try:
        return parse_date(value)
    except BadDate as exc:
        raise InputError(str(exc)) from None


def add(session: Session, data: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """A quote added by hand, with the automatic topics the vocabulary finds in it."""
    from quotesdb.db.editing import add_quote
    from quotesdb.topics import default_matcher

    new = replace(new_quote(data), vocabulary=default_matcher(settings))
    return quote_record(add_quote(session, new))


def quote_edit(data: dict[str, Any]) -> Any:
    from quotesdb.db.editing import QuoteEdit

    def given(name: str) -> str | None:
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            raise InputError(f"{name} must be a string")
        return value

    return QuoteEdit(
        text=given("text"),
        speaker=given("speaker"),
        description=given("description"),
        add_topics=_names(data.get("add_topics"), "add_topics"),
        remove_topics=_names(data.get("remove_topics"), "remove_topics"),
        # A speaker no one has yet is created only when asked: a typo must not be.
        new_expert=data.get("new_expert") in (True, "on", "true", "1"),
        notes=given("notes"),
    )


def edit(session: Session, quote_id: int, data: dict[str, Any]) -> dict[str, Any]:
    from quotesdb.db.editing import edit_quote

    return quote_record(edit_quote(session, quote_id, quote_edit(data)))


def tag(session: Session, quote_id: int, topics: Any) -> dict[str, Any]:
    from quotesdb.db.editing import tag_quote

    names = _names(topics, "topics")
    if not names:
        raise InputError("give at least one topic")
    return quote_record(tag_quote(session, quote_id, names))


@dataclass(frozen=True, slots=True)
class ReportForm:
    """A report as the URL spells it, so a link to it can be shared."""

    by: str = "year"
    outlets: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    total: bool = False


def parse_report(params: Any) -> ReportForm:
    by = params.get("by") or "year"
    if by not in PERIODS:
        raise InputError(f"by must be month, quarter or year, not {by!r}")
    outlets = tuple(o.strip() for o in params.getlist("outlet") if o.strip())
    return ReportForm(
        by,
        outlets,
        _date(params.get("since"), "since"),
        _date(params.get("until"), "until"),
        params.get("total") in ("1", "true", "on"),
    )


def report(session: Session, form: ReportForm) -> Any:
    """Who is quoted, by outlet and period, from one snapshot of the archive."""
    from quotesdb.reports.sources import source_report

    if session.get_bind().dialect.name == "postgresql":  # its queries must agree
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    return source_report(
        session,
        by=form.by,  # type: ignore[arg-type]  # checked by parse_report
        outlets=list(form.outlets) or None,
        since=form.since,
        until=form.until,
        total=form.total,
    )


def report_view(session: Session, form: ReportForm) -> tuple[Any, str]:
    """The report and its chart (an SVG the report draws itself)."""
    from quotesdb.reports.svg import report_svg

    found = report(session, form)
    return found, report_svg(found)


def report_json(session: Session, form: ReportForm) -> dict[str, Any]:
    from quotesdb.reports.formats import report_data

    return report_data(report(session, form))


def report_csv(session: Session, form: ReportForm) -> str:
    from quotesdb.reports.formats import report_csv as csv_of

    return csv_of(report(session, form))


def catch_up_trace_keys(engine: Engine) -> None:
    """Bring the trace keys up to date unless a writer is busy (then a trace says so)."""
    from quotesdb.reports.trace import catch_up_unless_busy

    catch_up_unless_busy(engine)


def trace_view(session: Session, quote_id: int) -> Any:
    """Where a quote travelled, from the trace keys as they are: call it in `read`."""
    from quotesdb.db.quotes import get_quote
    from quotesdb.reports.trace import trace_quote

    get_quote(session, quote_id)  # an unknown id is a 404, not an empty trace
    return trace_quote(session, str(quote_id), by_id=True)


# ---- Capture: the page being read, sent by the bookmarklet ------------------------------


MAX_SELECTION = 2000  # characters of a selection kept: a quote, not a page


def capture(engine: Engine, settings: Any, url: str) -> int:
    """Fetch the page and store it as `quotesdb ingest URL` does (its quotes extracted,
    its raw page kept); the article's id, or the ingest's one-line error."""
    from quotesdb.db.ingest import ingest_items
    from quotesdb.errors import QuotesdbError
    from quotesdb.links import check_url
    from quotesdb.pages.inputs import gather
    from quotesdb.topics import default_matcher

    checked = check_url(url)
    if not checked:
        raise InputError("give the page's URL")
    summary = ingest_items(engine, gather([], urls=[checked]), topics=default_matcher(settings))
    outcome = summary.outcomes[0]
    if outcome.article_id is None:
        raise QuotesdbError(outcome.error or f"{checked}: nothing stored ({outcome.status})")
    return outcome.article_id


def captured_view(session: Session, article_id: int, selection: str) -> dict[str, Any]:
    """A captured article, its extracted quotes as records, and whether the words the
    reader selected are among them (if not, the page offers them as a quote to add)."""
    from quotesdb.db.archive import get_article
    from quotesdb.names import fold

    article, quotes = get_article(session, article_id)
    records = [quote_record(q) for q in quotes]
    picked = " ".join(selection.split())[:MAX_SELECTION]
    wanted = fold(picked.strip("\"“”‘’' "))
    found = bool(wanted) and any(wanted in fold(q.text) or fold(q.text) in wanted for q in quotes)
    return {
        "id": article.id,
        "title": article.title,
        "url": article.url,
        "outlet": article.outlet.name if article.outlet else None,
        "quotes": records,
        "selection": picked,
        "selection_found": found,
    }
