"""Source-diversity statistics by outlet and period.

The database scans narrow indexes and hands each column over as one aggregated string of
integers; numpy counts (`source_arrays`, which says why). A source is new in the period of
its first quote anywhere in the archive. Quotes without a date (or article) have no
period: they are counted in `undated_quotes` and left out of the rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import compress
from typing import Any, Literal

import numpy as np

from quotesdb.db.reader import Rows, as_rows
from quotesdb.errors import InputError, NotFoundError
from quotesdb.names import norm_outlet
from quotesdb.reports.source_arrays import (
    DatedQuotes,
    Ints,
    count_groups,
    dated_quotes,
    int_columns,
    max_id,
    topic_leaders,
    with_pair,
)

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

    Integers, not labels: they travel as numbers, number densely beside an outlet into
    one group code, and order as time does, so a minimum is the first.
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
    database: Any,
    *,
    by: Period = "year",
    outlets: list[str] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    total: bool = False,
    topics: int = 10,
    leaders: int = 3,
) -> SourceReport:
    """The figures by outlet and period; with `total`, all outlets together too.

    `database`: a `quotesdb.db.reader.Rows` (the CLI's, without the ORM), or a SQLAlchemy
    session or connection. The figures come from several queries: give it one snapshot.
    """
    if by not in PERIODS:
        raise InputError(f"--by must be one of {', '.join(PERIODS)}, not {by!r}")
    conn = as_rows(database)
    outlet_ids = _outlet_ids(conn, outlets or [])
    where, params = _scope(outlet_ids, since, until)
    experts = _experts(conn)
    period = period_sql(conn.dialect, "a.published", by)
    quotes = dated_quotes(conn, period, where, params, experts.ids)
    rows = _rows(conn, by, quotes, experts, total=total)
    found = _topic_leaders(conn, quotes, experts.ids, topics, leaders) if topics > 0 else []
    return SourceReport(
        by, since, until, list(outlets or []), rows, found, _undated(conn, where, params)
    )


def _outlet_ids(conn: Rows, names: list[str]) -> list[int]:
    ids = []
    for name in names:
        found = conn.rows(
            "SELECT id FROM outlets WHERE norm_name = :key", {"key": norm_outlet(name)}
        )
        if not found:
            raise NotFoundError(f"no outlet named {name!r}")
        ids.append(int(found[0][0]))
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


def _undated(conn: Rows, where: str, params: dict[str, Any]) -> int:
    """Quotes in scope with no date: from the undated articles (few) through the indexes."""
    ((dated_out,),) = conn.rows(
        "SELECT COUNT(*) FROM articles a JOIN quotes q ON q.article_id = a.id "
        f"WHERE a.published IS NULL AND {where}",
        params,
    )
    unsourced = 0
    if not params:  # a quote with no article is in no outlet's scope
        unsourced = conn.rows("SELECT COUNT(*) FROM quotes WHERE article_id IS NULL")[0][0] or 0
    return int(dated_out or 0) + int(unsourced)


@dataclass(frozen=True, slots=True)
class _Experts:
    """Every expert, by ascending id: whether a person, and each attribute as a code."""

    ids: Ints
    person: Ints
    codes: dict[str, Ints]  # 0: unknown; n: the nth of `values`
    values: dict[str, list[str]]  # per attribute, the values set on any expert, sorted


def _experts(conn: Rows) -> _Experts:
    values = {
        attribute: [
            str(v)
            for (v,) in conn.rows(
                f"SELECT DISTINCT {attribute} FROM experts WHERE {attribute} IS NOT NULL ORDER BY 1"
            )
        ]
        for attribute in ATTRIBUTES
    }
    cases, params = _value_codes(values)
    ids, person, *codes = int_columns(
        conn, ["e.id", "CAST(e.is_person AS INTEGER)", *cases], "FROM experts e", params
    )
    order = np.argsort(ids, kind="stable")
    return _Experts(
        ids[order],
        person[order],
        {a: c[order] for a, c in zip(ATTRIBUTES, codes, strict=True)},
        values,
    )


def _rows(
    conn: Rows, by: Period, quotes: DatedQuotes, experts: _Experts, *, total: bool
) -> list[ReportRow]:
    values = experts.values
    sizes = {attribute: len(values[attribute]) + 1 for attribute in ATTRIBUTES}
    scope = quotes.in_scope
    outlet, period, expert = quotes.outlet[scope], quotes.period[scope], quotes.expert[scope]
    groupings = [outlet]
    if total and len(np.unique(outlet)) > 1:
        groupings.append(np.full(len(outlet), -1, dtype=np.int64))
    names = {-1: ALL_OUTLETS, 0: NO_OUTLET}
    names.update((int(i), str(n)) for i, n in conn.rows("SELECT id, name FROM outlets"))
    labels = {attribute: [UNKNOWN, *values[attribute]] for attribute in ATTRIBUTES}
    rows = []
    for outlets in groupings:
        groups = count_groups(
            outlets,
            period,
            expert,
            quotes.first_period,
            experts.codes,
            experts.person,
            sizes,
            TOP,
        )
        # Plain lists: reading numpy scalars one by one costs ten times as much.
        columns = [
            column.tolist()
            for column in (
                groups.outlet,
                groups.period,
                groups.quotes,
                groups.sources,
                groups.top_quotes,
                groups.new_sources,
                groups.persons,
            )
        ]
        counts = [_value_counts(groups.attributes[a], labels[a]) for a in ATTRIBUTES]
        period_labels = {key: period_label(key, by) for key in set(columns[1])}
        for outlet_id, key, n, sources, top, new, persons, *by_value in zip(
            *columns, *counts, strict=True
        ):
            rows.append(
                ReportRow(
                    outlet=names.get(outlet_id, str(outlet_id)),
                    period=period_labels[key],
                    quotes=n,
                    sources=sources,
                    top10_quotes=top,
                    new_sources=new,
                    repeat_sources=sources - new,
                    persons=persons,
                    organisations=sources - persons,
                    attributes=dict(zip(ATTRIBUTES, by_value, strict=True)),
                )
            )
    # Periods in order; within one, all outlets first, then outlets by name.
    rows.sort(key=lambda r: (r.period, r.outlet != ALL_OUTLETS, r.outlet.casefold()))
    return rows


def _value_counts(matrix: Ints, labels: list[str]) -> list[dict[str, int]]:
    """Each group's sources by attribute value, the values with none left out."""
    return [dict(compress(zip(labels, row, strict=True), row)) for row in matrix.tolist()]


def _value_codes(values: dict[str, list[str]]) -> tuple[list[str], dict[str, str]]:
    """Per attribute, an SQL expression numbering its values from 1 (0: unknown)."""
    params: dict[str, str] = {}
    cases = []
    for attribute in ATTRIBUTES:
        whens = []
        for number, value in enumerate(values[attribute], 1):
            name = f"{attribute}_{number}"
            params[name] = value
            whens.append(f"WHEN :{name} THEN {number}")
        cases.append(f"(CASE e.{attribute} {' '.join(whens)} ELSE 0 END)" if whens else "0")
    return cases, params


def _topic_leaders(
    conn: Rows, quotes: DatedQuotes, experts: Ints, topics: int, leaders: int
) -> list[TopicLeader]:
    """The most quoted sources on each of the `topics` topics with the most dated quotes
    in scope."""
    _none, quote_id, topic_id = with_pair(
        conn,
        [],
        ("qt.quote_id", "qt.topic_id"),
        "FROM quote_topics qt",
        high_max=max_id(conn, "quote_topics", "quote_id"),
        low_max=max_id(conn, "quote_topics", "topic_id"),
    )
    found = topic_leaders(quotes, experts, quote_id, topic_id, topics, leaders)
    if not found:
        return []
    topic_names = _names(conn, "topics", [t for t, _n, _l in found])
    expert_names = _names(conn, "experts", [e for _t, _n, ls in found for e, _c in ls])
    return [
        TopicLeader(topic_names[t], n, [(expert_names[e], c) for e, c in best])
        for t, n, best in found
    ]


def _names(conn: Rows, table: str, ids: list[int]) -> dict[int, str]:
    listed = ", ".join(str(int(i)) for i in set(ids))
    found = conn.rows(f"SELECT id, name FROM {table} WHERE id IN ({listed})")
    return {int(i): str(n) for i, n in found}
