"""Filters as the parts of a query, read the same way for every engine.

What a filter means is decided here once: day 0 is "undated", so a date range without a
start still leaves undated quotes out; confidence is indexed in hundredths. Each engine
only says how it builds an expert's, a topic's or a name's query, a term and a range.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from quotesdb.search.types import Filters

Q = TypeVar("Q", covariant=True)


class QueryParts(Protocol[Q]):
    """How one engine builds each kind of part a filter becomes."""

    def expert(self, name: str) -> Q: ...

    def topic(self, topic: str) -> Q: ...

    def names(self, field: str, value: str) -> Q: ...

    def term(self, field: str, value: str) -> Q: ...

    def int_range(self, field: str, low: int, high: int | None) -> Q: ...


def narrowing(filters: Filters, build: QueryParts[Q]) -> list[Q]:
    """The parts every hit must match, one a filter set, in a fixed order."""
    parts: list[Q] = []
    if filters.expert:
        parts.append(build.expert(filters.expert))
    if filters.topic:
        parts.append(build.topic(filters.topic))
    if filters.outlet:
        parts.append(build.names("outlet", filters.outlet))
    if filters.author:
        parts.append(build.names("author", filters.author))
    if filters.kind:
        parts.append(build.term("kind", filters.kind))
    if filters.since or filters.until:
        start = filters.since.toordinal() if filters.since else 1
        end = filters.until.toordinal() if filters.until else None
        parts.append(build.int_range("day", start, end))
    if filters.min_confidence is not None:
        parts.append(build.int_range("confidence", round(filters.min_confidence * 100), None))
    return parts
