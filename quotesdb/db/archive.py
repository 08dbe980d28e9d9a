"""Managing the archive's records by hand: articles, outlets, renaming and deleting experts.

Any change to what a quote shows (its article's title, outlet, byline, date; its
speaker's name) logs a change row for each quote concerned, so search shows it at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quotesdb.db.editing import resolve_exact, snapshot
from quotesdb.db.hand_fields import mark_by_hand
from quotesdb.db.models import (
    Article,
    ArticleAuthor,
    Author,
    Expert,
    ExpertAlias,
    Outlet,
    Quote,
    QuoteRevision,
)
from quotesdb.db.quotes import get_quote
from quotesdb.db.records import authors_for, find_expert, outlet_for
from quotesdb.errors import DuplicateError, InputError, NotFoundError
from quotesdb.names import clean_name, norm_name, norm_outlet

# ---- quotes ---------------------------------------------------------------------------------


def quote_history(session: Session, quote_id: int) -> tuple[Quote, list[QuoteRevision]]:
    """A quote and every earlier version of it, oldest first."""
    quote = get_quote(session, quote_id)
    revisions = session.scalars(
        select(QuoteRevision)
        .where(QuoteRevision.quote_id == quote_id)
        .order_by(QuoteRevision.changed_at, QuoteRevision.id)
    )
    return quote, list(revisions)


# ---- articles -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleFilters:
    outlet: str | None = None
    author: str | None = None
    title: str | None = None  # words the title contains
    since: dt.date | None = None
    until: dt.date | None = None
    limit: int = 50
    offset: int = 0  # articles skipped, for a list shown page by page


@dataclass(frozen=True, slots=True)
class ArticleEdit:
    title: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] | None = None
    published: dt.date | None = None
    precision: str | None = None  # "year" | "month" | "day" (stored as None)
    url: str | None = None
    clear_date: bool = False


PRECISIONS = ("year", "month", "day")


def list_articles(session: Session, filters: ArticleFilters) -> list[tuple[Article, int]]:
    """Articles newest first, each with its number of quotes."""
    counts = (
        select(Quote.article_id, func.count(Quote.id).label("n"))
        .group_by(Quote.article_id)
        .subquery()
    )
    query = _filtered_articles(
        select(Article, func.coalesce(counts.c.n, 0)).outerjoin(
            counts, counts.c.article_id == Article.id
        ),
        filters,
    )
    query = query.order_by(Article.published.desc().nulls_last(), Article.id)
    query = query.offset(filters.offset).limit(filters.limit)
    return [(article, count) for article, count in session.execute(query)]


def count_articles(session: Session, filters: ArticleFilters) -> int:
    """How many articles the filters keep, whatever their limit and offset."""
    query = _filtered_articles(select(Article.id), filters).subquery()
    return session.scalar(select(func.count()).select_from(query)) or 0


def _filtered_articles(query: Any, filters: ArticleFilters) -> Any:
    if filters.outlet:
        query = query.join(Outlet, Article.outlet_id == Outlet.id).where(
            Outlet.norm_name == norm_outlet(filters.outlet)
        )
    if filters.author:
        query = query.where(
            Article.id.in_(
                select(ArticleAuthor.article_id)
                .join(Author, ArticleAuthor.author_id == Author.id)
                .where(Author.norm_name == norm_name(filters.author))
            )
        )
    if filters.title:
        query = query.where(func.lower(Article.title).contains(filters.title.lower()))
    if filters.since:
        query = query.where(Article.published >= filters.since)
    if filters.until:
        query = query.where(Article.published <= filters.until)
    return query


def get_article(session: Session, article_id: int) -> tuple[Article, list[Quote]]:
    article = session.get(Article, article_id)
    if article is None:
        raise NotFoundError(f"no article with id {article_id}")
    quotes = session.scalars(
        select(Quote).where(Quote.article_id == article_id).order_by(Quote.start, Quote.id)
    )
    return article, list(quotes)


def edit_article(session: Session, article_id: int, edit: ArticleEdit) -> Article:
    """Correct an article's metadata; its quotes are re-indexed with it."""
    article = get_article(session, article_id)[0]
    if edit.title is not None:
        if not edit.title.strip():
            raise InputError("the title is empty")
        article.title = " ".join(edit.title.split())
    if edit.outlet is not None:
        article.outlet = outlet_for(session, edit.outlet.strip()) if edit.outlet.strip() else None
    if edit.authors is not None:
        article.byline.clear()
        session.flush()
        for position, author in enumerate(authors_for(session, edit.authors)):
            article.byline.append(ArticleAuthor(author=author, position=position))
    if edit.clear_date:
        article.published, article.published_precision = None, None
    elif edit.published is not None:
        if edit.precision not in (None, *PRECISIONS):
            raise InputError(f"a date's precision is year, month or day, not {edit.precision!r}")
        article.published = edit.published
        article.published_precision = None if edit.precision in (None, "day") else edit.precision
    if edit.url is not None:
        _set_url(session, article, edit.url.strip() or None)
    session.flush()
    mark_by_hand(session, [article.id], _edited_fields(edit))
    return article


def _edited_fields(edit: ArticleEdit) -> list[str]:
    given = {
        "title": edit.title,
        "outlet": edit.outlet,
        "authors": edit.authors,
        "published": edit.published if not edit.clear_date else "",
        "url": edit.url,
    }
    return [name for name, value in given.items() if value is not None]


def _set_url(session: Session, article: Article, url: str | None) -> None:
    if url is None:
        article.url = None
        return
    identity = f"url:{url}"
    clash = session.scalar(select(Article.id).where(Article.identity == identity))
    if clash is not None and clash != article.id:
        raise DuplicateError(f"article #{clash} already has the URL {url}")
    article.url, article.identity = url, identity


# ---- outlets --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OutletSummary:
    id: int
    name: str
    domain: str | None
    articles: int
    quotes: int


def list_outlets(session: Session) -> list[OutletSummary]:
    articles: dict[int | None, int] = {
        outlet_id: n
        for outlet_id, n in session.execute(
            select(Article.outlet_id, func.count(Article.id)).group_by(Article.outlet_id)
        )
    }
    quotes: dict[int | None, int] = {
        outlet_id: n
        for outlet_id, n in session.execute(
            select(Article.outlet_id, func.count(Quote.id))
            .join(Quote, Quote.article_id == Article.id)
            .group_by(Article.outlet_id)
        )
    }
    outlets = session.scalars(select(Outlet).order_by(Outlet.name))
    return [
        OutletSummary(o.id, o.name, o.domain, articles.get(o.id, 0), quotes.get(o.id, 0))
        for o in outlets
    ]


def find_outlet(session: Session, name: str) -> Outlet:
    key = norm_outlet(name)
    outlet = session.scalar(select(Outlet).where(Outlet.norm_name == key))
    if outlet is None and name.strip().isdigit():
        outlet = session.get(Outlet, int(name))
    if outlet is None:
        raise NotFoundError(f"no outlet named {name!r} (see `quotesdb outlets`)")
    return outlet


def rename_outlet(session: Session, name: str, new_name: str) -> Outlet:
    outlet = find_outlet(session, name)
    key = norm_outlet(new_name)
    if not key:
        raise InputError("the new name is empty")
    owner = session.scalar(select(Outlet).where(Outlet.norm_name == key))
    if owner is not None and owner.id != outlet.id:
        raise DuplicateError(f"{new_name!r} is already outlet #{owner.id}: use `outlets merge`")
    outlet.name, outlet.norm_name = clean_name(new_name), key
    _outlet_by_hand(session, outlet.id)
    return outlet


def _outlet_by_hand(session: Session, outlet_id: int) -> None:
    """A page read again names the outlet as before: its articles keep the one chosen."""
    ids = session.scalars(select(Article.id).where(Article.outlet_id == outlet_id))
    mark_by_hand(session, ids, ["outlet"])


def merge_outlets(session: Session, keep_name: str, other_name: str) -> tuple[Outlet, int]:
    """OTHER's articles move to KEEP; OTHER is deleted. Returns KEEP and articles moved."""
    keep, other = find_outlet(session, keep_name), find_outlet(session, other_name)
    if keep.id == other.id:
        raise InputError(f"{keep_name!r} and {other_name!r} are already one outlet")
    moved: list[int] = []
    for article in session.scalars(select(Article).where(Article.outlet_id == other.id)):
        article.outlet = keep
        moved.append(article.id)
    keep.domain = keep.domain or other.domain
    session.flush()
    mark_by_hand(session, moved, ["outlet"])
    session.delete(other)
    return keep, len(moved)


# ---- experts --------------------------------------------------------------------------------


def rename_expert(session: Session, name: str, new_name: str) -> Expert:
    """The name shown changes; the old one stays an alias, so searches by it still work."""
    expert = resolve_exact(session, name)
    key = norm_name(new_name)
    if not key:
        raise InputError("the new name is empty")
    owner = find_expert(session, new_name)
    if owner is not None and owner.id != expert.id:
        raise DuplicateError(f"{new_name!r} already names {owner.name}: use `expert merge`")
    expert.name, expert.norm_name = clean_name(new_name), key
    if owner is None:
        expert.aliases.append(ExpertAlias(alias=expert.name, norm_alias=key))
    return expert


def delete_expert(session: Session, name: str, reassign_to: str | None = None) -> tuple[str, int]:
    """Delete an expert; refused while they have quotes unless those move to another."""
    expert = resolve_exact(session, name)
    quotes = list(session.scalars(select(Quote).where(Quote.expert_id == expert.id)))
    if quotes and reassign_to is None:
        raise InputError(
            f"{expert.name} has {len(quotes)} quotes: give --reassign-to NAME, "
            "or delete or correct the quotes first"
        )
    if quotes:
        target = resolve_exact(session, reassign_to or "")
        if target.id == expert.id:
            raise InputError("--reassign-to names the expert being deleted")
        for quote in quotes:  # a correction by hand: re-ingesting keeps it
            session.add(QuoteRevision(quote_id=quote.id, before=snapshot(quote)))
            quote.expert, quote.hand_edited = target, True
    session.flush()
    shown = expert.name
    session.delete(expert)
    return shown, len(quotes)
