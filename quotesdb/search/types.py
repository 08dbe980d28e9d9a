"""What a search asks and answers, whatever engine answers it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

SORTS = ("relevance", "date")
KINDS = ("full", "partial")


@dataclass(frozen=True, slots=True)
class Filters:
    """What narrows a search besides its words; the one definition the CLI's `search`,
    the web's search form and the API share."""

    expert: str | None = None
    topic: str | None = None
    outlet: str | None = None
    author: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    kind: str | None = None
    min_confidence: float | None = None  # 0-1: attributions at least this sure


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """One search: hashable, so a server can remember its answer while the archive holds."""

    words: str | None = None
    filters: Filters = Filters()
    limit: int = 20
    offset: int = 0  # hits skipped: a page's start
    sort: str = "relevance"  # or "date": newest first, undated last
    facets: bool = False
    # Copies of one quote (the same words in several articles) as one hit, the earliest
    # shown and the others in its `also`; totals and paging then count groups.
    group: bool = True


@dataclass(frozen=True, slots=True)
class Copy:
    """Another article carrying a grouped hit's words: enough to list and link it."""

    id: int
    speaker: str
    article_id: int | None
    title: str | None
    outlet: str | None
    url: str | None
    published: dt.date | None


@dataclass(frozen=True, slots=True)
class Hit:
    id: int
    text: str
    speaker: str
    description: str | None
    title: str | None
    outlet: str | None
    url: str | None
    published: dt.date | None
    authors: list[str]
    topics: list[str]
    kind: str
    score: float
    highlighted: str  # the words with each match wrapped in ** **
    # For citations: the article's identity, section, date precision and fetch date.
    article_id: int | None = None
    section: str | None = None
    precision: str | None = None
    fetched: dt.date | None = None
    # When grouped: the other matching quotes with the same words, earliest first.
    also: tuple[Copy, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """The quote's one JSON shape (quotesdb.output), with its score and highlights."""
        from quotesdb.output import hit_record

        return hit_record(self)


@dataclass(slots=True)
class Results:
    """The hits asked for and how many match in all: `exact` False when `total` is an
    estimate (a search that stops once it has enough, on a very large archive). When
    `grouped`, each hit stands for every matching copy of its words and `total` counts
    such groups; the facets still count quotes."""

    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    exact: bool = True
    grouped: bool = False
