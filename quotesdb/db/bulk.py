"""Helpers for the bulk import paths: the tables as Core, chunked IN lists, row references."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from sqlalchemy import Connection, Engine, Table, select, text, tuple_

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


@dataclass(slots=True)
class ImportSummary:
    """What an import (or one batch of it) did."""

    lines: int = 0
    quotes_added: int = 0
    quotes_skipped: int = 0  # stored already, or not storable (no speaker, no words)
    articles_added: int = 0
    experts_added: int = 0
    refused: int = 0  # records not storable (wrong types, bad text or URL): each warned of


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


_ANALYSED = "articles, quotes, experts, expert_aliases, outlets, authors, topics"


def refresh_planner_statistics(engine: Engine, batches_done: int) -> None:
    """After batches 1, 2, 4, 8, …: let PostgreSQL re-plan the lookups of the next batches.

    Autovacuum analyses a growing table late; until then the planner takes it for
    empty and looks keys up by scanning it whole, and a 100k import slows from ~2,900
    to ~850 quotes/s. SQLite's plans use the unique indexes regardless.
    """
    if engine.dialect.name != "postgresql" or batches_done & (batches_done - 1):
        return
    with engine.begin() as conn:
        conn.execute(text(f"ANALYZE {_ANALYSED}"))


def stored_quote_keys(
    conn: Connection, in_articles: set[tuple[int, str]], unsourced: set[tuple[int, str]]
) -> set[tuple[int, str]]:
    """Which quotes are stored already: (article id, text key) pairs found in `in_articles`,
    and (-expert id, text key) for the unsourced (expert id, text key) pairs found."""
    seen: set[tuple[int, str]] = set()
    for chunk in chunks(in_articles):
        query = select(QUOTES.c.article_id, QUOTES.c.text_key).where(
            tuple_(QUOTES.c.article_id, QUOTES.c.text_key).in_(chunk)
        )
        seen.update((article_id, key) for article_id, key in conn.execute(query))
    for chunk in chunks(unsourced):
        query = select(QUOTES.c.expert_id, QUOTES.c.text_key).where(
            QUOTES.c.article_id.is_(None),
            tuple_(QUOTES.c.expert_id, QUOTES.c.text_key).in_(chunk),
        )
        seen.update((-expert_id, key) for expert_id, key in conn.execute(query))
    return seen
