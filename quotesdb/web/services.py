"""The web app's one seam onto quotesdb's services: everything the pages and the API call.

Routes never import the index, the ORM or the citation code themselves; when those APIs
change (new citation styles, an output layer, review decisions) only this module moves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeVar

from quotesdb.errors import InputError

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

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

    def filters(self) -> Filters:
        from quotesdb.search.types import Filters

        since, until = self.since, self.until
        if self.year is not None:
            since = max(since or dt.date.min, dt.date(self.year, 1, 1))
            until = min(until or dt.date.max, dt.date(self.year, 12, 31))
        return Filters(self.expert, self.topic, self.outlet, self.author, since, until, self.kind)


def parse_search(params: Any, *, max_limit: int = 100) -> SearchForm:
    """Query-string values to a SearchForm; a bad value is an InputError naming it."""

    def text(name: str) -> str | None:
        value = params.get(name)
        return value.strip() or None if isinstance(value, str) else None

    def number(name: str, low: int, high: int) -> int | None:
        value = text(name)
        if value is None:
            return None
        if not value.isdigit() or not low <= int(value) <= high:
            raise InputError(f"{name} must be a whole number from {low} to {high}")
        return int(value)

    kind, sort = text("kind"), text("sort") or "relevance"
    if kind is not None and kind not in KINDS:
        raise InputError("kind must be full or partial")
    if sort not in SORTS:
        raise InputError("sort must be relevance or date")
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
        limit=number("limit", 1, max_limit) or 20,
    )


def _date(value: str | None, name: str) -> dt.date | None:
    from quotesdb.pages.dates import iso_date

    return iso_date(value, name)


@dataclass(slots=True)
class Found:
    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


def run_search(session: SearchSession, form: SearchForm, *, facets: bool) -> Found:
    """Search as the CLI does; facets are counted only when the matches are few enough.

    Counting facets reads every match's stored fields: cheap for a narrowed search,
    seconds for the whole of a large archive, so a broad one is shown without them.
    """
    from quotesdb.search.types import SearchRequest

    request = SearchRequest(form.q, form.filters(), limit=form.limit, sort=form.sort)
    results = session.search(request)
    counts: dict[str, dict[str, int]] = {}
    if facets and results.total <= FACET_LIMIT:
        counts = session.search(replace(request, facets=True)).facets
    return Found(results.hits, results.total, counts)


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
    from quotesdb.cite import text_fragment
    from quotesdb.db.quotes import citable, get_quote

    quote = get_quote(session, quote_id)
    view = quote_record(quote)
    view["paragraph"] = quote.paragraph
    view["citations"] = citations(citable(quote))
    url = quote.article.url if quote.article else None
    fragment = text_fragment(quote.text) if url else ""
    view["fragment_url"] = url.split("#", 1)[0] + "#" + fragment if url and fragment else url
    return view


def styles() -> tuple[str, ...]:
    from quotesdb.cite import STYLES

    return STYLES


def citations(quote: Any) -> dict[str, str]:
    """Every style the citation module knows, so a new style shows up without a change here."""
    from quotesdb.cite import format_citation

    return {style: format_citation(quote, style) for style in styles()}


def citation(session: Session, quote_id: int, style: str) -> str:
    from quotesdb.cite import format_citation
    from quotesdb.db.quotes import citable, get_quote

    if style not in styles():
        raise InputError(f"unknown style {style!r}: choose one of {', '.join(styles())}")
    return format_citation(citable(get_quote(session, quote_id)), style)


def expert_view(session: Session, expert_id: int) -> dict[str, Any]:
    """An expert's profile with the descriptions articles gave them, oldest first."""
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
            for q in profile.quotes
        ],
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


def experts_view(session: Session) -> list[dict[str, Any]]:
    from quotesdb.db.experts import list_experts

    return [
        {"id": e.id, "name": e.name, "description": e.description, "quotes": e.quotes}
        for e in list_experts(session, sort="count")
    ]


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
        "url": article.url,
        "outlet": article.outlet.name if article.outlet else None,
        "published": _iso(article.published),
        "authors": article.authors,
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


def review_view(session: Session, limit: int = 50) -> list[dict[str, Any]]:
    from quotesdb.db.review import review_queue

    return [quote_record(q) for q in review_queue(session, limit=limit)]


# ---- Writes ---------------------------------------------------------------------------------


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
    from quotesdb.cli.edit import check_url
    from quotesdb.db.editing import NewQuote

    text, speaker = _opt(data.get("text"), "text"), _opt(data.get("speaker"), "speaker")
    if not text:
        raise InputError("the quote text is empty")
    if not speaker:
        raise InputError("the speaker is required")
    date = _opt(data.get("published"), "published")
    try:
        published = dt.date.fromisoformat(date) if date else None
    except ValueError:
        raise InputError(f"published is not a YYYY-MM-DD date: {date!r}") from None
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
        topics=_names(data.get("topics"), "topics"),
    )


def add(session: Session, data: dict[str, Any]) -> dict[str, Any]:
    from quotesdb.db.editing import add_quote

    return quote_record(add_quote(session, new_quote(data)))


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
