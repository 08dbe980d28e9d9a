"""Reading stored articles again with the current extractor and metadata reader.

An archive gains from every improvement: an article's stored page (or, for one read from
a text file, its stored text) is read again and written as ingest writes a changed
article (`ingest.update_article`), so hand-edited, reviewed and deleted quotes, merged
and renamed experts survive, and fields a person set are kept (`hand_fields`).

Each article is its own transaction. One whose new reading changes nothing is rolled
back, so the change log (and with it the search index and the trace keys) hears only of
real changes; a dry run rolls every article back once its changes are measured.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from quotesdb.articles import (
    ArticleMeta,
    ArticleSource,
    PreparedArticle,
    check_sizes,
    headline_title,
    prepare,
)
from quotesdb.db.hand_fields import keep_set_fields, kept_fields, record_fields, stored_meta
from quotesdb.db.ingest import (
    ArticleOutcome,
    TopicMatcher,
    article_identity,
    digest,
    update_article,
)
from quotesdb.db.models import Article, ArticlePage, Quote
from quotesdb.db.session import read_transaction, with_retries
from quotesdb.errors import InputError, NotFoundError, QuotesdbError

Status = Literal["changed", "unchanged", "failed", "skipped"]
# What an `ingest` option can set: kept from pages stored before options were marked.
OPTION_FIELDS = ("title", "outlet", "authors", "published")


@dataclass(frozen=True, slots=True)
class QuoteChange:
    change: Literal["added", "removed", "reattributed"]
    text: str
    speaker: str
    speaker_before: str | None = None  # re-attributed: who said it before
    quote_id: int | None = None  # None for a quote a dry run would add


@dataclass(slots=True)
class Reextracted:
    """One article read again: what changed, or why nothing could."""

    article_id: int
    status: Status
    title: str | None = None
    read_from: Literal["page", "text"] | None = None
    # Metadata fields that changed: {"title": {"before": ..., "after": ...}, ...}
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Where a field now comes from, when that changed (articles.meta_provenance).
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    text_changed: bool = False
    quotes: list[QuoteChange] = field(default_factory=list)
    # Same words and speaker, other details (offsets, paragraph, description, confidence).
    quotes_updated: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)

    def counted(self, change: str) -> int:
        return sum(1 for q in self.quotes if q.change == change)

    @property
    def changed(self) -> bool:
        return bool(
            self.fields or self.sources or self.text_changed or self.quotes or self.quotes_updated
        )


@dataclass(slots=True)
class ReextractSummary:
    articles: list[Reextracted] = field(default_factory=list)
    dry_run: bool = False

    def count(self, status: Status) -> int:
        return sum(1 for a in self.articles if a.status == status)

    def quotes(self, change: str) -> int:
        return sum(a.counted(change) for a in self.articles)


class _RollBack(Exception):
    """Ends an article's transaction without writing, carrying what it measured."""

    def __init__(self, result: Reextracted) -> None:
        super().__init__(result.article_id)
        self.result = result


def chosen_ids(engine: Engine, ids: list[int] | None) -> list[int]:
    """The ids given, each once, all of them stored (else one line naming the unknown
    ones); or, for None, every stored article's id."""
    with read_transaction(engine) as session:
        if ids is None:
            return list(session.scalars(select(Article.id).order_by(Article.id)))
        wanted = list(dict.fromkeys(ids))
        known = set(session.scalars(select(Article.id).where(Article.id.in_(wanted))))
    unknown = [str(i) for i in wanted if i not in known]
    if unknown:
        noun = "id" if len(unknown) == 1 else "ids"
        raise NotFoundError(f"no article with {noun} {', '.join(unknown)}")
    return wanted


def reextract(
    engine: Engine,
    ids: list[int],
    *,
    dry_run: bool = False,
    topics: TopicMatcher | None = None,
    on_article: Callable[[Reextracted], None] | None = None,
) -> ReextractSummary:
    """Read each article again and store what changed (nothing, with `dry_run`)."""
    summary = ReextractSummary(dry_run=dry_run)
    for article_id in ids:

        def work(session: Session, article_id: int = article_id) -> Reextracted:
            return _read_again(session, article_id, topics, dry_run)

        try:
            result = with_retries(engine, work)
        except _RollBack as rolled_back:
            result = rolled_back.result
        except QuotesdbError as exc:
            result = Reextracted(article_id, "failed", error=str(exc))
        summary.articles.append(result)
        if on_article is not None:
            on_article(result)
    return summary


def _read_again(
    session: Session, article_id: int, topics: TopicMatcher | None, dry_run: bool
) -> Reextracted:
    article = session.get(Article, article_id)
    if article is None:  # deleted since the ids were chosen
        return Reextracted(article_id, "failed", error=f"no article with id {article_id}")
    result = Reextracted(article_id, "unchanged", title=article.title)
    page = session.get(ArticlePage, article_id)
    fields_before, quotes_before = _fields(article), _quotes(session, article_id)
    text_before, sources_before = article.text, record_fields(article.meta_provenance)
    prepared = _reading(session, article, page, result)
    if prepared is None:
        result.status = "skipped"
        result.error = f"article #{article_id}: no stored page or text to read again"
        return result
    check_sizes(prepared)
    meta = prepared.source.meta
    title = meta.title or headline_title(prepared.source.body) or article.title
    identity = article_identity(meta.url, digest(prepared.text))
    if identity != article.identity and _taken(session, identity, article_id):
        now = meta.url or "its new text"
        result.warnings.append(
            f"article #{article_id}: another article is stored under {now}: this one keeps its URL"
        )
        meta = dataclasses.replace(meta, url=article.url)
        prepared = dataclasses.replace(
            prepared, source=dataclasses.replace(prepared.source, meta=meta)
        )
        identity = article.identity
    origin = article.origin or f"article #{article_id}"
    update_article(
        session, article, prepared, title, identity, topics, ArticleOutcome(origin, "updated")
    )
    session.flush()
    result.title = article.title
    result.fields = _diff(fields_before, _fields(article))
    result.sources = _diff(sources_before, record_fields(article.meta_provenance))
    result.text_changed = text_before != article.text
    result.quotes, result.quotes_updated = _quote_changes(
        quotes_before, _quotes(session, article_id), dry_run
    )
    if result.changed:
        result.status = "changed"
    if dry_run or not result.changed:
        raise _RollBack(result)
    return result


def _reading(
    session: Session, article: Article, page: ArticlePage | None, result: Reextracted
) -> PreparedArticle | None:
    """The article as the current reader reads what is stored of it: the page when there
    is one (fields a person set kept), else the stored text under the stored fields."""
    stored = stored_meta(session, article)
    origin = article.origin or f"article #{article.id}"
    if page is not None and "html" in page.content_type:
        source = _page_source(page, origin, article, stored, result)
        result.read_from = "page"
    elif article.text:
        source = ArticleSource(stored, article.text, origin)
        result.read_from = "text"
    else:
        return None
    if not source.meta.tags and stored.tags:  # a page has none; a file's stay on its quotes
        source = dataclasses.replace(
            source, meta=dataclasses.replace(source.meta, tags=stored.tags)
        )
    if result.read_from == "page":  # a stored text's warnings were told when it was read
        result.warnings.extend(source.warnings)
    return prepare(source)


def _page_source(
    page: ArticlePage, origin: str, article: Article, stored: ArticleMeta, result: Reextracted
) -> ArticleSource:
    import gzip
    import zlib

    from quotesdb.pages.inputs import load_bytes

    try:
        raw = gzip.decompress(page.raw_gzip)
    except (OSError, EOFError, zlib.error):
        raise InputError(f"article #{article.id}: its stored page is damaged") from None
    loaded = load_bytes(raw, origin, url=page.final_url, kind="html")
    meta = loaded.source.meta
    if not meta.url and page.final_url:  # as a fetched page's is
        meta = dataclasses.replace(meta, url=page.final_url)
    keep = kept_fields(article.meta_provenance)
    if not keep and digest(raw) != article.source_hash:
        # Stored before options were marked, yet ingested with some: which ones is unknown.
        keep = set(OPTION_FIELDS)
        result.warnings.append(
            f"article #{article.id}: ingested with options before they were recorded: "
            "title, outlet, byline and date kept as stored"
        )
    meta = keep_set_fields(meta, stored, article.meta_provenance, keep)
    return dataclasses.replace(loaded.source, meta=meta)


def _taken(session: Session, identity: str, article_id: int) -> bool:
    other = session.scalar(select(Article.id).where(Article.identity == identity))
    return other is not None and other != article_id


def _fields(article: Article) -> dict[str, Any]:
    return {
        "title": article.title,
        "outlet": article.outlet.name if article.outlet is not None else None,
        "url": article.url,
        "authors": list(article.authors),
        "published": _shown_day(article.published, article.published_precision),
        "section": article.section,
        "language": article.language,
    }


def _shown_day(day: dt.date | None, precision: str | None) -> str | None:
    if day is None:
        return None
    return {"year": f"{day:%Y}", "month": f"{day:%Y-%m}"}.get(precision or "", day.isoformat())


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    names = [*before, *(name for name in after if name not in before)]
    return {
        name: {"before": before.get(name), "after": after.get(name)}
        for name in names
        if before.get(name) != after.get(name)
    }


@dataclass(frozen=True, slots=True)
class _QuoteState:
    text: str
    speaker: str
    details: tuple[Any, ...]


def _quotes(session: Session, article_id: int) -> dict[int, _QuoteState]:
    quotes = session.scalars(select(Quote).where(Quote.article_id == article_id))
    return {
        q.id: _QuoteState(
            q.text,
            q.expert.name,
            (
                q.start,
                q.end,
                q.paragraph,
                q.kind,
                q.speaker_description,
                q.group_no,
                q.confidence,
                tuple(q.topics),
            ),
        )
        for q in quotes
    }


def _quote_changes(
    before: dict[int, _QuoteState], after: dict[int, _QuoteState], dry_run: bool
) -> tuple[list[QuoteChange], int]:
    changes: list[QuoteChange] = []
    updated = 0
    for quote_id, was in before.items():
        now = after.get(quote_id)
        if now is None:
            changes.append(QuoteChange("removed", was.text, was.speaker, quote_id=quote_id))
        elif now.speaker != was.speaker:
            changes.append(
                QuoteChange("reattributed", now.text, now.speaker, was.speaker, quote_id)
            )
        elif now != was:
            updated += 1
    for quote_id, now in after.items():
        if quote_id not in before:
            shown_id = None if dry_run else quote_id
            changes.append(QuoteChange("added", now.text, now.speaker, quote_id=shown_id))
    return changes, updated
