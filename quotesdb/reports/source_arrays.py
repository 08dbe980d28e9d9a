"""The archive's dated quotes as integer arrays, and the source report's figures over them.

Why arrays: in SQLite, grouping a million quotes by (outlet, period, expert) is a sort of
a million records through its VM, and fetching them row by row through the driver costs
as much again. Scanning narrow indexes and handing each column over as one aggregated
string is a fraction of that, and numpy then groups with a few sorts of integers. The
price is memory: ~210 MB at the peak of a monthly report over a million quotes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, text

from quotesdb.sorted_ids import find

Ints = npt.NDArray[np.int64]
PERIOD_BITS = 20  # a month key, 999912 at most, fits


def int_columns(
    conn: Connection, expressions: list[str], from_sql: str, params: dict[str, Any]
) -> list[Ints]:
    """Each expression's values over the rows of `from_sql`, as arrays in one row order.

    The aggregates of one query are fed the same rows in the same order, so the arrays
    line up. The expressions must not be NULL: both aggregates skip NULLs.
    """
    if conn.dialect.name == "postgresql":
        aggregates = [f"string_agg(CAST({e} AS TEXT), ',')" for e in expressions]
    else:
        aggregates = [f"group_concat({e})" for e in expressions]
    row = conn.execute(text(f"SELECT {', '.join(aggregates)} {from_sql}"), params).one()
    return [np.fromstring(v, dtype=np.int64, sep=",") if v else np.zeros(0, np.int64) for v in row]


def with_pair(
    conn: Connection,
    expressions: list[str],
    pair: tuple[str, str],
    from_sql: str,
    *,
    high_max: int,
    low_max: int,
) -> tuple[list[Ints], Ints, Ints]:
    """`int_columns` of `expressions`, then two non-negative columns of `pair`, packed into
    one while their bits fit in 63: each aggregated column costs ~0.1 s a million rows.
    (BIGINT: PostgreSQL's INTEGER would overflow.)"""
    high, low = pair
    bits = max(low_max, 1).bit_length()
    if max(high_max, 1).bit_length() + bits > 63:
        *singles, first, second = int_columns(conn, [*expressions, high, low], from_sql, {})
        return singles, first, second
    *singles, packed = int_columns(
        conn, [*expressions, f"CAST({high} AS BIGINT) * {1 << bits} + ({low})"], from_sql, {}
    )
    return singles, packed >> bits, packed & ((1 << bits) - 1)


def max_id(conn: Connection, table: str, column: str = "id") -> int:
    """Through the column's index: a packing width, not a figure."""
    return int(conn.execute(text(f"SELECT MAX({column}) FROM {table}")).scalar() or 0)


@dataclass(frozen=True, slots=True)
class DatedQuotes:
    """The quotes of every dated article, in one order."""

    quote_id: Ints
    outlet: Ints  # 0: no outlet
    period: Ints  # the integer key of `sources.period_sql`
    expert: Ints  # an index into the expert ids given
    in_scope: npt.NDArray[np.bool_]
    first_period: Ints  # per expert, over the whole archive, not only the scope


def dated_quotes(
    conn: Connection, period_sql: str, scope_sql: str, params: dict[str, Any], experts: Ints
) -> DatedQuotes:
    """All dated quotes, marked in or out of the scope (first periods need them all).

    `experts`: every expert id, ascending.
    """
    article_id, outlet, period, in_scope = int_columns(
        conn,
        [
            "a.id",
            "COALESCE(a.outlet_id, 0)",
            period_sql,
            f"CASE WHEN {scope_sql} THEN 1 ELSE 0 END",
        ],
        "FROM articles a WHERE a.published IS NOT NULL",
        params,
    )
    order = np.argsort(article_id, kind="stable")
    article_id, outlet, period, in_scope = (
        article_id[order],
        outlet[order],
        period[order],
        in_scope[order],
    )
    # SQLite reads all three from the covering index on (article_id, expert_id).
    (quote_id,), quote_article, quote_expert = with_pair(
        conn,
        ["q.id"],
        ("q.article_id", "q.expert_id"),
        "FROM quotes q WHERE q.article_id IS NOT NULL",
        high_max=max_id(conn, "quotes", "article_id"),
        low_max=max_id(conn, "quotes", "expert_id"),
    )
    at, dated = find(article_id, quote_article)
    expert = np.searchsorted(experts, quote_expert[dated])
    first = np.full(len(experts), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, expert, period[at])
    return DatedQuotes(
        quote_id=quote_id[dated],
        outlet=outlet[at],
        period=period[at],
        expert=expert,
        in_scope=in_scope[at] == 1,
        first_period=first,
    )


@dataclass(frozen=True, slots=True)
class Groups:
    """The figures of each (outlet, period) group, in order of outlet, then period."""

    outlet: Ints
    period: Ints
    quotes: Ints
    sources: Ints
    top_quotes: Ints  # quotes of the `top` most quoted sources
    new_sources: Ints  # sources whose first period anywhere is this one
    persons: Ints
    # per attribute, sources by value code: shape (groups, codes), code 0 unknown
    attributes: dict[str, Ints]


def count_groups(
    outlet: Ints,
    period: Ints,
    expert: Ints,
    first_period: Ints,
    traits: dict[str, Ints],
    person: Ints,
    codes: dict[str, int],
    top: int,
) -> Groups:
    """Group quotes by (outlet, period), then by source within each group.

    `expert` indexes `first_period`, `person` and each of `traits` (value codes from 0 to
    `codes[name]` - 1). Outlets may be -1 (all outlets together).
    """
    key = ((outlet + 1) << PERIOD_BITS) | period
    keys, group = np.unique(key, return_inverse=True)
    count = len(keys)
    expert_count = max(len(first_period), 1)
    pairs, quoted = np.unique(group * expert_count + expert, return_counts=True)
    source_group, source = pairs // expert_count, pairs % expert_count
    sources = np.bincount(source_group, minlength=count)
    group_period = keys & ((1 << PERIOD_BITS) - 1)
    # Within each group (pairs are in group order), the most quoted first.
    order = np.lexsort((-quoted, source_group))
    starts = np.cumsum(sources) - sources
    rank = np.arange(len(order)) - starts[source_group[order]]
    top_quotes = np.bincount(
        source_group[order], weights=np.where(rank < top, quoted[order], 0), minlength=count
    )

    def tally(flags: npt.NDArray[Any]) -> Ints:
        return np.bincount(source_group, weights=flags, minlength=count).astype(np.int64)

    return Groups(
        outlet=(keys >> PERIOD_BITS) - 1,
        period=group_period,
        quotes=np.bincount(group, minlength=count).astype(np.int64),
        sources=sources.astype(np.int64),
        top_quotes=top_quotes.astype(np.int64),
        new_sources=tally(first_period[source] == group_period[source_group]),
        persons=tally(person[source]),
        attributes={
            name: np.bincount(
                source_group * codes[name] + values[source], minlength=count * codes[name]
            ).reshape(count, codes[name])
            for name, values in traits.items()
        },
    )


def topic_leaders(
    quotes: DatedQuotes,
    experts: Ints,
    quote_id: Ints,
    topic_id: Ints,
    topics: int,
    leaders: int,
) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """(topic id, quotes, [(expert id, quotes)]) of the `topics` topics most quoted in
    scope, most first (ties by id), each with its `leaders` most quoted sources."""
    ids = quotes.quote_id[quotes.in_scope]
    order = np.argsort(ids)
    scoped, speaker = ids[order], quotes.expert[quotes.in_scope][order]
    at, found = find(scoped, quote_id)
    topic_id, expert = topic_id[found], speaker[at]
    topic_ids, totals = np.unique(topic_id, return_counts=True)
    chosen = np.lexsort((topic_ids, -totals))[:topics]
    result = []
    for picked in chosen:
        mine, counts = np.unique(expert[topic_id == topic_ids[picked]], return_counts=True)
        best = np.lexsort((mine, -counts))[:leaders]
        result.append(
            (
                int(topic_ids[picked]),
                int(totals[picked]),
                [(int(experts[mine[b]]), int(counts[b])) for b in best],
            )
        )
    return result
