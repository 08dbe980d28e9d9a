"""Helpers for the bulk import paths: the tables as Core, chunked IN lists, row references."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from sqlalchemy import Table

from quotesdb.db.models import (
    Article,
    ArticleAuthor,
    Author,
    Change,
    Expert,
    ExpertAlias,
    Outlet,
    Quote,
    QuoteRevision,
    QuoteTombstone,
    QuoteTopic,
    Topic,
)

ARTICLES = cast(Table, Article.__table__)
ARTICLE_AUTHORS = cast(Table, ArticleAuthor.__table__)
AUTHORS = cast(Table, Author.__table__)
CHANGES = cast(Table, Change.__table__)
EXPERTS = cast(Table, Expert.__table__)
ALIASES = cast(Table, ExpertAlias.__table__)
OUTLETS = cast(Table, Outlet.__table__)
QUOTES = cast(Table, Quote.__table__)
REVISIONS = cast(Table, QuoteRevision.__table__)
TOMBSTONES = cast(Table, QuoteTombstone.__table__)
QUOTE_TOPICS = cast(Table, QuoteTopic.__table__)
TOPICS = cast(Table, Topic.__table__)

# Keys per `IN (…)`: well under SQLite's oldest limit of 999 variables, pairs included.
IN_CHUNK = 400

T = TypeVar("T")


@dataclass(slots=True, eq=False)
class Ref:
    """A row a batch refers to: found (its id known) or new (its id once inserted)."""

    id: int | None = None
    values: dict[str, Any] = field(default_factory=dict)


def chunks(items: Iterable[T], size: int = IN_CHUNK) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
