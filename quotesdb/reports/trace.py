"""Where a quote travelled: every occurrence of the same words across articles.

A trace starts from a stored quote or from words given; candidates come from the trace
keys (quotes with the same folded words, or a fingerprint among the words' shingles,
see shingles.py), and each is kept when
its words match the traced ones (shingles.same_quote). The forms found seed up to two more
rounds, so a quote altered twice on its way is still followed. Occurrences are ordered by
their article's date (undated last); each distinct form is a variant with a word diff
against the first appearance; articles with the same text under several outlets are
grouped as syndicated copies.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import Connection, Engine, select
from sqlalchemy.orm import Session

from quotesdb.db.bulk import ARTICLES, EXPERTS, OUTLETS, QUOTES
from quotesdb.db.records import text_key
from quotesdb.errors import InputError, NotFoundError
from quotesdb.names import fold
from quotesdb.reports import trace_store
from quotesdb.reports.shingles import exact_key, same_quote, shingle_hashes, similarity
from quotesdb.reports.shingles import word_diff as diff_words

if TYPE_CHECKING:
    from quotesdb.config import Settings

ROUNDS = 3
BUSY_WAIT_MS = 200  # a trace waits so long for a writer's lock, then reads the keys as they are
FORMS_PER_ROUND = 20


@dataclass(frozen=True, slots=True)
class Occurrence:
    quote_id: int
    text: str
    speaker: str
    article_id: int | None
    title: str | None
    outlet: str | None
    url: str | None
    published: dt.date | None
    match: Literal["exact", "near"]  # against the traced words
    similarity: float
    variant: int  # index into Trace.variants


@dataclass(frozen=True, slots=True)
class Variant:
    """One form of the quote (its words after folding typography) and where it appeared."""

    text: str  # as its first occurrence printed it
    quotes: list[int]
    first_seen: dt.date | None
    diff: str | None  # against variant 0, the form of the first appearance


@dataclass(frozen=True, slots=True)
class Syndication:
    """One article's text under several outlets (the same text hash)."""

    title: str | None
    outlets: list[str]
    articles: list[int]
    quotes: list[int]


@dataclass(frozen=True, slots=True)
class Trace:
    query: str
    quote_id: int | None  # the quote traced, when traced by id
    occurrences: list[Occurrence]
    variants: list[Variant]
    syndicated: list[Syndication]
    outlets: list[str] = field(default_factory=list)  # in order of first appearance
    # Changes the trace keys had not applied yet (a writer was busy): quotes written since
    # may be missing from the trace.
    behind: int = 0

    @property
    def first(self) -> Occurrence | None:
        return self.occurrences[0] if self.occurrences else None


def catch_up_trace_keys(session: Session, progress: trace_store.Progress | None = None) -> int:
    return trace_store.catch_up(session.connection(), progress=progress)


def behind_note(changes: int) -> str:
    return (
        f"trace keys are {changes:,} changes behind the database (a writer is busy); "
        "quotes written since may be missing"
    )


def trace_keys_behind(session: Session) -> int:
    return trace_store.behind(session.connection())


def key_archive(settings: Settings) -> int:
    """Catch the trace keys up from a process of its own: an import runs it beside the
    search index's catch-up, on another core (SQLite's WAL lets the index read meanwhile)."""
    from quotesdb.db.session import make_engine, with_retries

    engine = make_engine(settings)
    try:
        return with_retries(engine, catch_up_trace_keys)
    finally:
        engine.dispose()


def rebuild_trace_keys(session: Session, progress: trace_store.Progress | None = None) -> int:
    return trace_store.catch_up(session.connection(), rebuild=True, progress=progress)


def catch_up_unless_busy(engine: Engine, progress: trace_store.Progress | None = None) -> bool:
    """Catch the trace keys up, unless a writer holds the lock it needs: then give up
    after `BUSY_WAIT_MS` and return False. A trace then reads the keys as they were last
    applied (`Trace.behind` says how far behind), instead of queueing behind an import."""
    from sqlalchemy.exc import IntegrityError, OperationalError

    from quotesdb.db.session import SQLITE_BUSY_MS

    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        raw: Any = conn.connection.driver_connection
        try:
            if sqlite:  # straight to the driver: a statement here would begin the write
                raw.execute(f"PRAGMA busy_timeout={BUSY_WAIT_MS}")
            with conn.begin():
                if not sqlite:
                    conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{BUSY_WAIT_MS}ms'")
                trace_store.catch_up(conn, progress=progress)
            return True
        except IntegrityError:  # another trace caught up at the same moment
            return False
        except OperationalError as exc:
            if any(word in str(exc).lower() for word in ("locked", "lock timeout", "busy")):
                return False
            raise
        finally:
            if sqlite:
                raw.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")


def trace_quote(session: Session, target: str, *, by_id: bool | None = None) -> Trace:
    """Trace a quote id (digits) or the words of a quote, reading the trace keys as they
    are (`catch_up_unless_busy` first brings them up to date when it can)."""
    conn = session.connection()
    query = target.strip()
    if not query:
        raise InputError("give a quote id or the words of a quote")
    seed_id: int | None = None
    if by_id if by_id is not None else query.isdigit():
        seed_id = int(query)
        found = conn.execute(select(QUOTES.c.text).where(QUOTES.c.id == seed_id)).scalar()
        if found is None:
            raise NotFoundError(f"no quote with id {seed_id}")
        query = str(found)
    if not fold(query):
        raise InputError("the quote has no words to trace")
    rows = _matches(conn, query)
    found = _assemble(query, seed_id, rows)
    return replace(found, behind=trace_store.behind(conn))


_Row = tuple[int, str, str, int | None, str | None, str | None, dt.date | None, str | None, str]


def _matches(conn: Connection, query: str) -> dict[int, _Row]:
    kept: dict[int, _Row] = {}
    rejected: set[int] = set()
    forms = [query]
    seen_forms = {fold(query)}
    for _round in range(ROUNDS):
        ids = _candidates(conn, forms) - set(kept) - rejected
        fresh = []
        for row in _fetch(conn, ids):
            if any(same_quote(form, row[1]) for form in forms) or same_quote(query, row[1]):
                kept[row[0]] = row
                if fold(row[1]) not in seen_forms:
                    seen_forms.add(fold(row[1]))
                    fresh.append(row[1])
            else:
                rejected.add(row[0])
        if not fresh:
            break
        forms = fresh[:FORMS_PER_ROUND]
    return kept


def _candidates(conn: Connection, forms: list[str]) -> set[int]:
    exact = {exact_key(text_key(form)) for form in forms}
    shingles = {key for form in forms for key in shingle_hashes(form)}
    return trace_store.candidates(conn, exact, shingles)


def _fetch(conn: Connection, ids: set[int]) -> list[_Row]:
    from quotesdb.db.bulk import chunks

    found: list[_Row] = []
    for chunk in chunks(sorted(ids)):
        query = (
            select(
                QUOTES.c.id,
                QUOTES.c.text,
                EXPERTS.c.name,
                ARTICLES.c.id,
                ARTICLES.c.title,
                OUTLETS.c.name,
                ARTICLES.c.published,
                ARTICLES.c.url,
                ARTICLES.c.text_hash,
            )
            .join(EXPERTS, EXPERTS.c.id == QUOTES.c.expert_id)
            .outerjoin(ARTICLES, ARTICLES.c.id == QUOTES.c.article_id)
            .outerjoin(OUTLETS, OUTLETS.c.id == ARTICLES.c.outlet_id)
            .where(QUOTES.c.id.in_(chunk))
        )
        found += [tuple(row) for row in conn.execute(query)]  # type: ignore[misc]
    return found


def _assemble(query: str, seed_id: int | None, rows: dict[int, _Row]) -> Trace:
    ordered = sorted(rows.values(), key=lambda r: (r[6] is None, r[6] or dt.date.min, r[0]))
    forms: dict[str, int] = {}
    variant_rows: list[list[_Row]] = []
    for row in ordered:
        form = fold(row[1])
        if form not in forms:
            forms[form] = len(variant_rows)
            variant_rows.append([])
        variant_rows[forms[form]].append(row)
    variants = [
        Variant(
            text=group[0][1],
            quotes=[r[0] for r in group],
            first_seen=group[0][6],
            diff=diff_words(variant_rows[0][0][1], group[0][1]) if n else None,
        )
        for n, group in enumerate(variant_rows)
    ]
    traced = fold(query)
    occurrences = [
        Occurrence(
            quote_id=r[0],
            text=r[1],
            speaker=r[2],
            article_id=r[3],
            title=r[4],
            outlet=r[5],
            url=r[7],
            published=r[6],
            match="exact" if fold(r[1]) == traced else "near",
            similarity=1.0 if fold(r[1]) == traced else round(similarity(query, r[1]), 3),
            variant=forms[fold(r[1])],
        )
        for r in ordered
    ]
    outlets: list[str] = []
    for occurrence in occurrences:
        if occurrence.outlet and occurrence.outlet not in outlets:
            outlets.append(occurrence.outlet)
    return Trace(query, seed_id, occurrences, variants, _syndicated(ordered), outlets)


def _syndicated(ordered: list[_Row]) -> list[Syndication]:
    by_hash: dict[str, list[_Row]] = {}
    for row in ordered:
        if row[8] is not None and row[3] is not None:
            by_hash.setdefault(row[8], []).append(row)
    groups = []
    for group in by_hash.values():
        articles = list(dict.fromkeys(r[3] for r in group if r[3] is not None))
        if len(articles) < 2:
            continue
        outlets = list(dict.fromkeys(r[5] or "(no outlet)" for r in group))
        groups.append(Syndication(group[0][4], outlets, articles, [r[0] for r in group]))
    return groups
