"""Source-diversity statistics by outlet and period, computed by the database.

One sort groups the quotes in scope into (outlet, period, expert) counts in a temporary
table kept in that order; one streaming pass over it, joined to each source's first period
and attributes, gives every figure of every row, and a small query the sources quoted
more than once (for the top ten's share). A source is new in the period of its first
quote anywhere in the archive. Quotes without a date (or article) have no period: they are
counted in `undated_quotes` and left out of the rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from quotesdb.errors import InputError, NotFoundError
from quotesdb.names import norm_outlet

Period = Literal["month", "quarter", "year"]
PERIODS: tuple[Period, ...] = ("month", "quarter", "year")
ALL_OUTLETS = "all outlets"
NO_OUTLET = "(no outlet)"
TOP = 10
ATTRIBUTES = ("gender", "affiliation_kind", "country")
UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One outlet (or all outlets together) in one period."""

    outlet: str
    period: str
    quotes: int
    sources: int  # distinct experts quoted
    top10_quotes: int  # quotes that went to the ten most quoted sources
    new_sources: int  # first quoted anywhere in the archive in this period
    repeat_sources: int
    persons: int
    organisations: int
    # Sources by attribute value, "unknown" included: {"gender": {"female": 3, ...}, ...}
    attributes: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def top10_share(self) -> float:
        return self.top10_quotes / self.quotes if self.quotes else 0.0

    def unknown_share(self, attribute: str) -> float:
        return self.attributes[attribute].get(UNKNOWN, 0) / self.sources if self.sources else 0.0


@dataclass(frozen=True, slots=True)
class TopicLeader:
    topic: str
    quotes: int
    leaders: list[tuple[str, int]]  # (expert, quotes on the topic), most quoted first


@dataclass(frozen=True, slots=True)
class SourceReport:
    by: Period
    since: dt.date | None
    until: dt.date | None
    outlets: list[str]  # the outlets asked for; empty: all
    rows: list[ReportRow]
    topics: list[TopicLeader]
    undated_quotes: int


def period_sql(dialect: str, column: str, by: Period) -> str:
    """An integer period key from a date column: 2024, 202403 (month) or 20241 (quarter).

    Integers, not labels: grouping a million rows by an integer is about twice as fast in
    SQLite as by a string, and keys order as time does, so MIN gives the first period.
    """
    if dialect == "postgresql":
        year = f"CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)"
        month = f"CAST(EXTRACT(MONTH FROM {column}) AS INTEGER)"
    else:  # SQLite keeps dates as YYYY-MM-DD text
        year = f"CAST(substr({column}, 1, 4) AS INTEGER)"
        month = f"CAST(substr({column}, 6, 2) AS INTEGER)"
    if by == "year":
        return year
    if by == "month":
        return f"({year} * 100 + {month})"
    return f"({year} * 10 + ({month} + 2) / 3)"


def period_label(key: int, by: Period) -> str:
    if by == "year":
        return str(key)
    if by == "month":
        return f"{key // 100}-{key % 100:02d}"
    return f"{key // 10}-Q{key % 10}"


def source_report(
    session: Session,
    *,
    by: Period = "year",
    outlets: list[str] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    total: bool = False,
    topics: int = 10,
    leaders: int = 3,
) -> SourceReport:
    """The figures by outlet and period; with `total`, all outlets together too (costs
    a second grouping of every source in every period)."""
    if by not in PERIODS:
        raise InputError(f"--by must be one of {', '.join(PERIODS)}, not {by!r}")
    conn = session.connection()
    outlet_ids = _outlet_ids(conn, outlets or [])
    where, params = _scope(outlet_ids, since, until)
    try:
        undated = _undated(conn, where, params)
        values = _fill(conn, by, where, params, total=total)
        rows = _rows(conn, by, values)
        found = _topic_leaders(conn, where, params, topics, leaders)
    finally:
        for table in TEMPORARY:
            conn.execute(text(f"DROP TABLE IF EXISTS {table}"))
    return SourceReport(by, since, until, list(outlets or []), rows, found, undated)


TEMPORARY = ("rep_counts", "rep_experts")


def _outlet_ids(conn: Connection, names: list[str]) -> list[int]:
    ids = []
    for name in names:
        found = conn.execute(
            text("SELECT id FROM outlets WHERE norm_name = :key"), {"key": norm_outlet(name)}
        ).scalar()
        if found is None:
            raise NotFoundError(f"no outlet named {name!r}")
        ids.append(int(found))
    return ids


def _scope(
    outlet_ids: list[int], since: dt.date | None, until: dt.date | None
) -> tuple[str, dict[str, Any]]:
    clauses, params = ["1 = 1"], dict[str, Any]()
    if outlet_ids:
        names = [f":outlet{i}" for i in range(len(outlet_ids))]
        clauses.append(f"a.outlet_id IN ({', '.join(names)})")
        params.update({name[1:]: value for name, value in zip(names, outlet_ids, strict=True)})
    if since:
        clauses.append("a.published >= :since")
        params["since"] = since
    if until:
        clauses.append("a.published <= :until")
        params["until"] = until
    return " AND ".join(clauses), params


def _undated(conn: Connection, where: str, params: dict[str, Any]) -> int:
    """Quotes in scope with no date: from the undated articles (few) through the indexes."""
    dated_out = conn.execute(
        text(
            "SELECT COUNT(*) FROM articles a JOIN quotes q ON q.article_id = a.id "
            f"WHERE a.published IS NULL AND {where}"
        ),
        params,
    ).scalar()
    unsourced = 0
    if not params:  # a quote with no article is in no outlet's scope
        unsourced = (
            conn.execute(text("SELECT COUNT(*) FROM quotes WHERE article_id IS NULL")).scalar() or 0
        )
    return int(dated_out or 0) + int(unsourced)


def _fill(
    conn: Connection, by: Period, where: str, params: dict[str, Any], *, total: bool
) -> dict[str, list[str]]:
    """Two temporary tables; returns the attribute values their codes number from 1.

    rep_counts: quotes per (outlet, period, expert), the one sort of the quotes; in SQLite
    a table clustered on that key (WITHOUT ROWID), so every figure after it is a
    streaming GROUP BY in key order, with no sort of its own. rep_experts: per expert
    quoted, the first period anywhere in the archive and one code packing person-or-not
    and the three attributes.
    """
    for table in TEMPORARY:
        conn.execute(text(f"DROP TABLE IF EXISTS {table}"))
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:  # let the sorter use a second core
        conn.exec_driver_sql("PRAGMA threads = 2")
    period = period_sql(conn.dialect.name, "a.published", by)
    columns = "outlet_id INTEGER NOT NULL, period INTEGER NOT NULL, expert_id INTEGER NOT NULL"
    columns += ", n INTEGER NOT NULL"
    clustered = ", PRIMARY KEY (outlet_id, period, expert_id)) WITHOUT ROWID" if sqlite else ")"
    conn.execute(text(f"CREATE TEMPORARY TABLE rep_counts ({columns}{clustered}"))
    conn.execute(
        text(
            "INSERT INTO rep_counts (outlet_id, period, expert_id, n) "
            f"SELECT COALESCE(a.outlet_id, 0), {period}, q.expert_id, COUNT(*) "
            "FROM quotes q JOIN articles a ON a.id = q.article_id "
            f"WHERE a.published IS NOT NULL AND {where} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
        ),
        params,
    )
    if (
        total
        and (conn.execute(text("SELECT COUNT(DISTINCT outlet_id) FROM rep_counts")).scalar() or 0)
        > 1
    ):
        conn.execute(
            text(
                "INSERT INTO rep_counts (outlet_id, period, expert_id, n) "
                "SELECT -1, period, expert_id, SUM(n) FROM rep_counts GROUP BY period, expert_id"
            )
        )
    if params:  # first periods over the whole archive, not only the scope
        first = (
            f"SELECT q.expert_id AS expert_id, MIN({period}) AS first_period "
            "FROM quotes q JOIN articles a ON a.id = q.article_id WHERE a.published IS NOT NULL "
            "AND q.expert_id IN (SELECT expert_id FROM rep_counts) GROUP BY q.expert_id"
        )
    else:
        first = "SELECT expert_id, MIN(period) AS first_period FROM rep_counts GROUP BY expert_id"
    values = {
        attribute: [
            str(v)
            for v in conn.execute(
                text(
                    f"SELECT DISTINCT {attribute} FROM experts "
                    f"WHERE {attribute} IS NOT NULL ORDER BY 1"
                )
            ).scalars()
        ]
        for attribute in ATTRIBUTES
    }
    code, code_params = _code_sql(values)
    conn.execute(
        text(
            "CREATE TEMPORARY TABLE rep_experts "
            "(id INTEGER PRIMARY KEY, first_period INTEGER, code INTEGER)"
        )
    )
    conn.execute(
        text(
            "INSERT INTO rep_experts (id, first_period, code) "
            f"SELECT f.expert_id, f.first_period, {code} "
            f"FROM ({first}) f JOIN experts e ON e.id = f.expert_id"
        ),
        code_params,
    )
    return values


def _code_sql(values: dict[str, list[str]]) -> tuple[str, dict[str, str]]:
    """is_person + 2 * (gender + G * (kind + K * country)), each value numbered from 1."""
    params: dict[str, str] = {}
    parts = []
    for attribute in ATTRIBUTES:
        whens = []
        for number, value in enumerate(values[attribute], 1):
            name = f"{attribute}_{number}"
            params[name] = value
            whens.append(f"WHEN :{name} THEN {number}")
        parts.append(f"(CASE e.{attribute} {' '.join(whens)} ELSE 0 END)" if whens else "0")
    gender, kind, country = parts
    g, k = len(values["gender"]) + 1, len(values["affiliation_kind"]) + 1
    packed = f"({gender} + {g} * ({kind} + {k} * {country}))"
    return f"(CAST(e.is_person AS INTEGER) + 2 * {packed})", params


def _rows(conn: Connection, by: Period, values: dict[str, list[str]]) -> list[ReportRow]:
    """Every row's figures in one pass over rep_counts in key order, one column a figure
    (each attribute value a column of its own), then the few sources quoted more than
    once, for the top ten's share."""
    names = {-1: ALL_OUTLETS, 0: NO_OUTLET}
    names.update((int(i), str(n)) for i, n in conn.execute(text("SELECT id, name FROM outlets")))
    g, k = len(values["gender"]) + 1, len(values["affiliation_kind"]) + 1
    unpack = {
        "gender": f"(x.code / 2) % {g}",
        "affiliation_kind": f"(x.code / {2 * g}) % {k}",
        "country": f"x.code / {2 * g * k}",
    }
    labelled = [
        (attribute, label, f"SUM(CASE WHEN {expression} = {number} THEN 1 ELSE 0 END)")
        for attribute, expression in unpack.items()
        for number, label in enumerate([UNKNOWN, *values[attribute]])
    ]
    main = conn.execute(
        text(
            "SELECT r.outlet_id, r.period, COUNT(*), SUM(r.n), "
            "SUM(CASE WHEN r.period = x.first_period THEN 1 ELSE 0 END), SUM(x.code % 2), "
            + ", ".join(sql for _a, _l, sql in labelled)
            + " FROM rep_counts r JOIN rep_experts x ON x.id = r.expert_id "
            "GROUP BY r.outlet_id, r.period"
        )
    ).all()
    # Sources by how often they were quoted, most first: those quoted once are the rest.
    repeated: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for outlet_id, period, n, count in conn.execute(
        text(
            "SELECT outlet_id, period, n, COUNT(*) FROM rep_counts WHERE n > 1 "
            "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3 DESC"
        )
    ).all():
        repeated.setdefault((int(outlet_id), int(period)), []).append((int(n), int(count)))
    rows = []
    for outlet_id, period, sources, quotes, new, persons, *counts in main:
        key = (int(outlet_id), int(period))
        by_count = repeated.get(key, [])
        once = int(sources) - sum(c for _n, c in by_count)
        attributes: dict[str, dict[str, int]] = {a: {} for a in ATTRIBUTES}
        for (attribute, label, _sql), count in zip(labelled, counts, strict=True):
            if count:
                attributes[attribute][label] = int(count)
        rows.append(
            ReportRow(
                outlet=names.get(key[0], str(key[0])),
                period=period_label(key[1], by),
                quotes=int(quotes),
                sources=int(sources),
                top10_quotes=_top_quotes([*by_count, (1, once)] if once else by_count),
                new_sources=int(new),
                repeat_sources=int(sources) - int(new),
                persons=int(persons),
                organisations=int(sources) - int(persons),
                attributes=attributes,
            )
        )
    # Periods in order; within one, all outlets first, then outlets by name.
    rows.sort(key=lambda r: (r.period, r.outlet != ALL_OUTLETS, r.outlet.casefold()))
    return rows


def _top_quotes(by_count: list[tuple[int, int]]) -> int:
    """Quotes of the TOP most quoted sources, from (quotes per source, sources), most first."""
    left, quotes = TOP, 0
    for n, sources in by_count:
        take = min(left, sources)
        quotes, left = quotes + take * n, left - take
        if not left:
            break
    return quotes


def _topic_leaders(
    conn: Connection, where: str, params: dict[str, Any], topics: int, leaders: int
) -> list[TopicLeader]:
    """The most quoted sources on each of the `topics` topics with the most dated quotes.

    Without filters the topics are picked by their quote count (an index-only count, undated
    quotes included) and only their quotes are read; with filters, from the scope.
    """
    if topics <= 0:
        return []
    if params:
        scope = f"a.published IS NOT NULL AND {where}"
        picked = (
            "SELECT qt.topic_id FROM quote_topics qt JOIN quotes q ON q.id = qt.quote_id "
            f"JOIN articles a ON a.id = q.article_id WHERE {scope} "
            "GROUP BY qt.topic_id ORDER BY COUNT(*) DESC, qt.topic_id LIMIT :topics"
        )
    else:
        scope = "a.published IS NOT NULL"
        picked = (
            "SELECT topic_id FROM quote_topics GROUP BY topic_id "
            "ORDER BY COUNT(*) DESC, topic_id LIMIT :topics"
        )
    chosen = [int(t) for t in conn.execute(text(picked), {**params, "topics": topics}).scalars()]
    if not chosen:
        return []
    ids = ", ".join(str(t) for t in chosen)
    found = conn.execute(
        text(
            "WITH scoped AS ("
            "SELECT qt.topic_id AS topic_id, q.expert_id AS expert_id, COUNT(*) AS n "
            "FROM quote_topics qt JOIN quotes q ON q.id = qt.quote_id "
            "JOIN articles a ON a.id = q.article_id "
            f"WHERE qt.topic_id IN ({ids}) AND {scope} GROUP BY qt.topic_id, q.expert_id), "
            "totals AS (SELECT topic_id, SUM(n) AS total FROM scoped GROUP BY topic_id), "
            "ranked AS (SELECT s.topic_id, s.expert_id, s.n, ROW_NUMBER() OVER ("
            "PARTITION BY s.topic_id ORDER BY s.n DESC, s.expert_id) AS rnk FROM scoped s) "
            "SELECT tp.name, t.total, e.name, r.n FROM ranked r "
            "JOIN totals t ON t.topic_id = r.topic_id JOIN topics tp ON tp.id = r.topic_id "
            "JOIN experts e ON e.id = r.expert_id WHERE r.rnk <= :leaders "
            "ORDER BY t.total DESC, r.topic_id, r.rnk"
        ),
        {**params, "leaders": leaders},
    ).all()
    result: list[TopicLeader] = []
    for topic, total, expert, count in found:
        if not result or result[-1].topic != topic:
            result.append(TopicLeader(topic, int(total), []))
        result[-1].leaders.append((expert, int(count)))
    return result
