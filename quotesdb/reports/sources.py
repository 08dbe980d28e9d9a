"""Source-diversity statistics by outlet and period, computed by the database.

One pass groups the quotes in scope into (outlet, period, expert) counts in a temporary
table; every figure is then a GROUP BY over that table, which holds one row per source
per outlet and period, not one per quote. A second pass finds each expert's first quote in
the whole archive, for "new" versus "repeat" sources. Quotes without a date (or article)
have no period: they are counted in `undated_quotes` and left out of the rows.
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
    """A period label ('2024-03', '2024-Q1', '2024') from a date column, in the dialect."""
    if dialect == "postgresql":
        pattern = {"month": "YYYY-MM", "quarter": 'YYYY-"Q"Q', "year": "YYYY"}[by]
        return f"to_char({column}, '{pattern}')"
    if by == "quarter":
        return (
            f"(strftime('%Y', {column}) || '-Q' || "
            f"((CAST(strftime('%m', {column}) AS INTEGER) + 2) / 3))"
        )
    return f"strftime('{'%Y-%m' if by == 'month' else '%Y'}', {column})"


def source_report(
    session: Session,
    *,
    by: Period = "year",
    outlets: list[str] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    topics: int = 10,
    leaders: int = 3,
) -> SourceReport:
    if by not in PERIODS:
        raise InputError(f"--by must be one of {', '.join(PERIODS)}, not {by!r}")
    conn = session.connection()
    outlet_ids = _outlet_ids(conn, outlets or [])
    where, params = _scope(outlet_ids, since, until)
    try:
        undated = _fill(conn, by, where, params)
        rows = _rows(conn)
        leaders_found = _topic_leaders(conn, where, params, topics, leaders)
    finally:
        for table in ("rep_counts", "rep_first"):
            conn.execute(text(f"DROP TABLE IF EXISTS {table}"))
    return SourceReport(by, since, until, list(outlets or []), rows, leaders_found, undated)


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


def _fill(conn: Connection, by: Period, where: str, params: dict[str, Any]) -> int:
    """The two temporary tables; returns the number of quotes in scope without a date."""
    dialect = conn.dialect.name
    for table in ("rep_counts", "rep_first"):
        conn.execute(text(f"DROP TABLE IF EXISTS {table}"))
    period = period_sql(dialect, "a.published", by)
    conn.execute(
        text(
            "CREATE TEMPORARY TABLE rep_counts AS "
            f"SELECT COALESCE(a.outlet_id, 0) AS outlet_id, {period} AS period, "
            "q.expert_id AS expert_id, COUNT(*) AS n "
            "FROM quotes q JOIN articles a ON a.id = q.article_id "
            f"WHERE a.published IS NOT NULL AND {where} "
            f"GROUP BY COALESCE(a.outlet_id, 0), {period}, q.expert_id"
        ),
        params,
    )
    conn.execute(
        text(
            "CREATE TEMPORARY TABLE rep_first AS "
            f"SELECT f.expert_id AS expert_id, {period_sql(dialect, 'f.first', by)} AS period "
            "FROM (SELECT q.expert_id AS expert_id, MIN(a.published) AS first "
            "FROM quotes q JOIN articles a ON a.id = q.article_id "
            "WHERE a.published IS NOT NULL GROUP BY q.expert_id) f"
        )
    )
    undated = conn.execute(
        text(
            "SELECT COUNT(*) FROM quotes q LEFT JOIN articles a ON a.id = q.article_id "
            + (
                f"WHERE a.published IS NULL AND {where}"
                if params
                else "WHERE a.id IS NULL OR a.published IS NULL"
            )
        ),
        params,
    ).scalar()
    return int(undated or 0)


def _rows(conn: Connection) -> list[ReportRow]:
    outlets = conn.execute(text("SELECT COUNT(DISTINCT outlet_id) FROM rep_counts")).scalar()
    if (outlets or 0) > 1:  # all outlets together, as outlet -1
        conn.execute(
            text(
                "INSERT INTO rep_counts (outlet_id, period, expert_id, n) "
                "SELECT -1, period, expert_id, SUM(n) FROM rep_counts "
                "GROUP BY period, expert_id"
            )
        )
    names = {-1: ALL_OUTLETS, 0: NO_OUTLET}
    names.update((int(i), str(n)) for i, n in conn.execute(text("SELECT id, name FROM outlets")))
    main = conn.execute(
        text(
            "SELECT r.outlet_id, r.period, SUM(r.n), COUNT(*), "
            "SUM(CASE WHEN f.period = r.period THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN e.is_person THEN 1 ELSE 0 END) "
            "FROM rep_counts r JOIN experts e ON e.id = r.expert_id "
            "JOIN rep_first f ON f.expert_id = r.expert_id "
            "GROUP BY r.outlet_id, r.period"
        )
    ).all()
    top: dict[str, int] = {
        str(key): int(n)
        for key, n in conn.execute(
            text(
                "SELECT outlet_id || ' ' || period, SUM(n) FROM ("
                "SELECT outlet_id, period, n, ROW_NUMBER() OVER ("
                "PARTITION BY outlet_id, period ORDER BY n DESC, expert_id) AS rnk "
                f"FROM rep_counts) t WHERE rnk <= {TOP} GROUP BY outlet_id, period"
            )
        )
    }
    attributes: dict[str, dict[str, dict[str, int]]] = {}
    for attribute in ATTRIBUTES:
        for outlet_id, period, value, count in conn.execute(
            text(
                f"SELECT r.outlet_id, r.period, e.{attribute}, COUNT(*) "
                "FROM rep_counts r JOIN experts e ON e.id = r.expert_id "
                f"GROUP BY r.outlet_id, r.period, e.{attribute}"
            )
        ):
            counts = attributes.setdefault(f"{outlet_id} {period}", {}).setdefault(attribute, {})
            counts[value or UNKNOWN] = int(count)
    rows = []
    for outlet_id, period, quotes, sources, new, persons in main:
        key = f"{outlet_id} {period}"
        rows.append(
            ReportRow(
                outlet=names.get(outlet_id, str(outlet_id)),
                period=period,
                quotes=int(quotes),
                sources=int(sources),
                top10_quotes=int(top[key]),
                new_sources=int(new),
                repeat_sources=int(sources) - int(new),
                persons=int(persons),
                organisations=int(sources) - int(persons),
                attributes={a: attributes[key].get(a, {}) for a in ATTRIBUTES},
            )
        )
    # Periods in order; within one, all outlets first, then outlets by name.
    rows.sort(key=lambda r: (r.period, r.outlet != ALL_OUTLETS, r.outlet.casefold()))
    return rows


def _topic_leaders(
    conn: Connection, where: str, params: dict[str, Any], topics: int, leaders: int
) -> list[TopicLeader]:
    """The most quoted sources on each of the `topics` topics with the most quotes in scope."""
    if topics <= 0:
        return []
    found = conn.execute(
        text(
            "WITH scoped AS ("
            "SELECT qt.topic_id AS topic_id, q.expert_id AS expert_id, COUNT(*) AS n "
            "FROM quote_topics qt JOIN quotes q ON q.id = qt.quote_id "
            "JOIN articles a ON a.id = q.article_id "
            f"WHERE a.published IS NOT NULL AND {where} GROUP BY qt.topic_id, q.expert_id), "
            "totals AS (SELECT topic_id, SUM(n) AS total FROM scoped GROUP BY topic_id "
            "ORDER BY SUM(n) DESC, topic_id LIMIT :topics), "
            "ranked AS (SELECT s.topic_id, s.expert_id, s.n, ROW_NUMBER() OVER ("
            "PARTITION BY s.topic_id ORDER BY s.n DESC, s.expert_id) AS rnk "
            "FROM scoped s JOIN totals t ON t.topic_id = s.topic_id) "
            "SELECT tp.name, t.total, e.name, r.n FROM ranked r "
            "JOIN totals t ON t.topic_id = r.topic_id JOIN topics tp ON tp.id = r.topic_id "
            "JOIN experts e ON e.id = r.expert_id WHERE r.rnk <= :leaders "
            "ORDER BY t.total DESC, r.topic_id, r.rnk"
        ),
        {**params, "topics": topics, "leaders": leaders},
    ).all()
    result: list[TopicLeader] = []
    for topic, total, expert, count in found:
        if not result or result[-1].topic != topic:
            result.append(TopicLeader(topic, int(total), []))
        result[-1].leaders.append((expert, int(count)))
    return result
