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

from quotesdb.db.reader import Rows
from quotesdb.sorted_ids import dense_codes, find, locate

Ints = npt.NDArray[np.int64]


def int_columns(
    db: Rows, expressions: list[str], from_sql: str, params: dict[str, Any]
) -> list[Ints]:
    """Each expression's values over the rows of `from_sql`, as arrays in one row order.

    The aggregates of one query are fed the same rows in the same order, so the arrays
    line up. The expressions must not be NULL: both aggregates skip NULLs.
    """
    if db.dialect == "postgresql":
        aggregates = [f"string_agg(CAST({e} AS TEXT), ',')" for e in expressions]
    else:
        aggregates = [f"group_concat({e})" for e in expressions]
    (row,) = db.rows(f"SELECT {', '.join(aggregates)} {from_sql}", params)
    return [np.fromstring(v, dtype=np.int64, sep=",") if v else np.zeros(0, np.int64) for v in row]


def with_pair(
    db: Rows,
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
        *singles, first, second = int_columns(db, [*expressions, high, low], from_sql, {})
        return singles, first, second
    *singles, packed = int_columns(
        db, [*expressions, f"CAST({high} AS BIGINT) * {1 << bits} + ({low})"], from_sql, {}
    )
    return singles, packed >> bits, packed & ((1 << bits) - 1)


def max_id(db: Rows, table: str, column: str = "id") -> int:
    """Through the column's index: a packing width, not a figure."""
    return int(db.rows(f"SELECT MAX({column}) FROM {table}")[0][0] or 0)


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
    db: Rows, period_sql: str, scope_sql: str, params: dict[str, Any], experts: Ints
) -> DatedQuotes:
    """All dated quotes, marked in or out of the scope (first periods need them all).

    `experts`: every expert id, ascending.
    """
    article_id, outlet, period, in_scope = int_columns(
        db,
        [
            "a.id",
            "COALESCE(a.outlet_id, 0)",
            period_sql,
            f"CASE WHEN {scope_sql} THEN 1 ELSE 0 END",
        ],
        "FROM articles a WHERE a.published IS NOT NULL",
        params,
    )
    # SQLite reads all three from the covering index on (article_id, expert_id).
    (quote_id,), quote_article, quote_expert = with_pair(
        db,
        ["q.id"],
        ("q.article_id", "q.expert_id"),
        "FROM quotes q WHERE q.article_id IS NOT NULL",
        high_max=max_id(db, "quotes", "article_id"),
        low_max=max_id(db, "quotes", "expert_id"),
    )
    at, dated = locate(article_id, quote_article)
    kept = np.flatnonzero(dated)
    expert, known = find(experts, quote_expert[kept])
    if not known.all():  # a quote whose expert is gone (SQLite need not enforce the key)
        kept, at = kept[known], at[known]
    first = np.full(len(experts), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, expert, period[at])
    return DatedQuotes(
        quote_id=quote_id[kept],
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
    outlets, outlet_code = dense_codes(outlet)
    periods, period_code = dense_codes(period)
    keys, group = dense_codes(outlet_code * len(periods) + period_code)
    count = len(keys)
    expert_count = max(len(first_period), 1)
    pairs, quoted = np.unique(group * expert_count + expert, return_counts=True)
    source_group, source = pairs // expert_count, pairs % expert_count
    sources = np.bincount(source_group, minlength=count)
    group_period = periods[keys % len(periods)] if count else keys
    top_quotes = _top_quotes(source_group, quoted, sources, top)

    def tally(flags: npt.NDArray[Any]) -> Ints:
        return np.bincount(source_group, weights=flags, minlength=count).astype(np.int64)

    return Groups(
        outlet=outlets[keys // len(periods)] if count else keys,
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


def _top_quotes(source_group: Ints, quoted: Ints, sources: Ints, top: int) -> Ints:
    """Per group, the quotes of its `top` most quoted sources (pairs in group order).

    Only sources quoted more than once need ranking: the rest each add one, and come
    last. In a large archive most (group, source) pairs are quoted once.
    """
    count = len(sources)
    many = np.flatnonzero(quoted > 1)
    group, times = source_group[many], quoted[many]
    most = int(times.max()) if len(times) else 0
    order = np.argsort(group * (most + 1) + (most - times))  # by group, most quoted first
    group, times = group[order], times[order]
    ranked = np.bincount(group, minlength=count)
    rank = np.arange(len(group)) - (np.cumsum(ranked) - ranked)[group]
    top_ranked = np.bincount(group, weights=np.where(rank < top, times, 0), minlength=count)
    ones: Ints = np.minimum(top - np.minimum(ranked, top), sources - ranked)
    return top_ranked.astype(np.int64) + ones


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
    scope = quotes.in_scope
    at, found = locate(quotes.quote_id[scope], quote_id)
    speaker = quotes.expert[scope]
    topic_id, expert = topic_id[found], speaker[at]
    topic_ids, code = dense_codes(topic_id)
    totals = np.bincount(code, minlength=len(topic_ids))
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
