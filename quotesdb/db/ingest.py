"""Storing articles and their quotes: one transaction per article, idempotent, hand edits kept."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sqlalchemy import Engine, select
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session

from quotesdb.articles import (
    ArticleMeta,
    ArticleSource,
    PreparedArticle,
    check_sizes,
    headline_title,
    prepare,
    read_article_bytes,
)
from quotesdb.db.models import (
    Article,
    ArticleAuthor,
    Quote,
    QuoteRevision,
    QuoteTombstone,
    QuoteTopic,
)
from quotesdb.db.records import (
    authors_for,
    expert_for,
    note_description,
    outlet_for,
    text_key,
    topic_for,
)
from quotesdb.db.session import with_retries
from quotesdb.errors import DatabaseError, InputError, QuotesdbError
from quotesdb.extract.model import ExtractedQuote
from quotesdb.names import norm_name

if TYPE_CHECKING:
    from quotesdb.pages.inputs import Item, RawPage

Status = Literal["new", "updated", "unchanged", "failed", "unsupported"]
TopicMatcher = Callable[[str, str | None], set[str]]


@dataclass(slots=True)
class ArticleOutcome:
    origin: str
    status: Status
    title: str | None = None
    article_id: int | None = None
    quotes_added: int = 0
    quotes_removed: int = 0
    experts_added: int = 0
    error: str | None = None
    # What was dropped on reading (a date no format reads): stored, the article kept.
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class IngestSummary:
    outcomes: list[ArticleOutcome] = field(default_factory=list)
    # Why ingesting stopped before the last file (the database went away), else None.
    stopped: str | None = None

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def quotes_added(self) -> int:
        return sum(o.quotes_added for o in self.outcomes)

    @property
    def experts_added(self) -> int:
        return sum(o.experts_added for o in self.outcomes)

    @property
    def failed(self) -> list[ArticleOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]


def ingest_paths(
    engine: Engine,
    paths: Iterable[Path],
    *,
    topics: TopicMatcher | None = None,
    on_article: Callable[[ArticleOutcome], None] | None = None,
) -> IngestSummary:
    """Each file in its own transaction: one bad article never costs the others."""
    from quotesdb.pages.inputs import Loaded

    def read(path: Path) -> Loaded | QuotesdbError:
        try:
            source, raw = read_article_bytes(path)
        except QuotesdbError as exc:
            return exc
        return Loaded(source, raw)

    items = ((str(path), read(path)) for path in paths)
    return ingest_items(engine, items, topics=topics, on_article=on_article)


def ingest_items(
    engine: Engine,
    items: Iterable[Item],
    *,
    topics: TopicMatcher | None = None,
    on_article: Callable[[ArticleOutcome], None] | None = None,
    adjust: Callable[[ArticleSource], ArticleSource] | None = None,
) -> IngestSummary:
    """Articles already read (files, stdin, fetched pages), each in its own transaction."""
    from quotesdb.pages.inputs import Unsupported

    summary = IngestSummary()
    unreachable = 0
    for origin, loaded in items:
        try:
            if isinstance(loaded, QuotesdbError):
                raise loaded
            source = adjust(loaded.source) if adjust is not None else loaded.source
            raw, page = loaded.raw, loaded.page
            if source is not loaded.source:  # options changed it: not the stored version
                raw += repr(source.meta).encode()
                source = _with_given(loaded.source, source)
            prepared, source_hash = prepare(source), digest(raw)
            check_sizes(prepared)
            store = partial(
                store_article,
                prepared=prepared,
                source_hash=source_hash,
                topics=topics,
                page=page,
            )
            outcome = with_retries(engine, store)
            outcome.warnings.extend(source.warnings)
            unreachable = 0
        except Unsupported as exc:
            outcome = ArticleOutcome(origin, "unsupported", error=str(exc))
        except QuotesdbError as exc:
            outcome = ArticleOutcome(origin, "failed", error=str(exc))
            unreachable = unreachable + 1 if _connection_lost(exc) else 0
        summary.outcomes.append(outcome)
        if on_article is not None:
            on_article(outcome)
        if unreachable >= MAX_CONNECTION_FAILURES:
            # The next files would fail the same way: one line instead of one per file.
            why = outcome.error
            summary.stopped = f"stopped after {unreachable} database failures in a row: {why}"
            break
    return summary


def _with_given(read: ArticleSource, given: ArticleSource) -> ArticleSource:
    """The source with the fields an option gave marked so: `reextract` keeps them."""
    from quotesdb.db.hand_fields import given_fields

    marks = given_fields(read.meta, given.meta)
    provenance = tuple({**dict(given.meta.provenance), **marks}.items())
    return dataclasses.replace(given, meta=dataclasses.replace(given.meta, provenance=provenance))


def _keep_page(session: Session, article: Article, page: RawPage) -> None:
    from quotesdb.db.models import ArticlePage

    row = session.get(ArticlePage, article.id) or ArticlePage(article_id=article.id)
    row.final_url, row.content_type = page.final_url, page.content_type
    row.raw_gzip = page.compressed()
    session.add(row)


MAX_CONNECTION_FAILURES = 3


def _connection_lost(exc: QuotesdbError) -> bool:
    return isinstance(exc, DatabaseError) and isinstance(
        exc.__cause__, (OperationalError, InterfaceError)
    )


def digest(data: bytes | str) -> str:
    raw = data.encode() if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


def article_identity(url: str | None, text_hash: str) -> str:
    return f"url:{url.strip()}" if url else f"sha256:{text_hash}"


def store_article(
    session: Session,
    prepared: PreparedArticle,
    source_hash: str,
    topics: TopicMatcher | None = None,
    page: RawPage | None = None,
) -> ArticleOutcome:
    meta = prepared.source.meta
    origin = prepared.source.origin
    title = meta.title or headline_title(prepared.source.body)
    if not title:
        raise InputError(f"{origin}: no title (add `title:` to the front matter)")
    text_hash = digest(prepared.text)
    identity = article_identity(meta.url, text_hash)
    article = session.scalar(select(Article).where(Article.identity == identity))
    if article is None and origin:
        article = session.scalar(
            select(Article).where(Article.origin == origin, Article.url.is_(None))
        )
    outcome = ArticleOutcome(origin, "new" if article is None else "updated", title=title)
    if article is not None and article.source_hash == source_hash:
        outcome.status, outcome.article_id = "unchanged", article.id
        return outcome
    if article is None:
        article = Article(identity=identity, title=title)
        session.add(article)
    else:
        prepared = _keeping_set_fields(session, article, prepared)
        meta = prepared.source.meta
        title = meta.title or title
        identity = article_identity(meta.url, text_hash)
    article.source_hash = source_hash
    article.origin = origin or None
    update_article(session, article, prepared, title, identity, topics, outcome)
    if page is not None:
        _keep_page(session, article, page)
    return outcome


def _keeping_set_fields(
    session: Session, article: Article, prepared: PreparedArticle
) -> PreparedArticle:
    """A stored article read anew keeps the fields a person set (`hand_fields`)."""
    from quotesdb.db.hand_fields import keep_set_fields, stored_meta

    meta = prepared.source.meta
    kept = keep_set_fields(meta, stored_meta(session, article), article.meta_provenance)
    if kept is meta:
        return prepared
    return dataclasses.replace(prepared, source=dataclasses.replace(prepared.source, meta=kept))


def update_article(
    session: Session,
    article: Article,
    prepared: PreparedArticle,
    title: str,
    identity: str,
    topics: TopicMatcher | None,
    outcome: ArticleOutcome,
) -> None:
    """The article's fields and extracted quotes as a new reading gives them: what ingest
    and reextract both write, so hand edits, reviews and deletions survive either."""
    meta = prepared.source.meta
    article.identity, article.title, article.url = identity, title, meta.url
    article.outlet = outlet_for(session, meta.outlet) if meta.outlet else None
    article.published, article.section, article.language = (
        meta.published,
        meta.section,
        meta.language,
    )
    article.published_precision = meta.published_precision
    if meta.fetched_at is not None:
        article.fetched_at = meta.fetched_at
    article.text, article.text_hash = prepared.text, digest(prepared.text)
    article.meta_provenance = {"fields": dict(meta.provenance), "warnings": list(meta.warnings)}
    _set_byline(session, article, meta.authors)
    _set_author_kinds(article, meta)
    session.flush()
    outcome.article_id = article.id
    _reconcile_quotes(session, article, prepared, list(meta.tags), topics, outcome)


def _set_byline(session: Session, article: Article, names: tuple[str, ...]) -> None:
    wanted = authors_for(session, names)
    if [link.author for link in article.byline] == wanted:
        return
    article.byline.clear()
    session.flush()
    for position, author in enumerate(wanted):
        article.byline.append(ArticleAuthor(author=author, position=position))


def _set_author_kinds(article: Article, meta: ArticleMeta) -> None:
    """Each author gets the kind a page declared for them; an undeclared one keeps theirs."""
    for link in article.byline:
        kind = meta.kind_of(link.author.name)
        if kind is None:
            folded = {
                norm_name(a): k for a, k in zip(meta.authors, meta.author_kinds, strict=False)
            }
            kind = folded.get(link.author.norm_name)
        if kind is not None and link.author.kind != kind:
            link.author.kind = kind


def _reconcile_quotes(
    session: Session,
    article: Article,
    prepared: PreparedArticle,
    tags: list[str],
    topics: TopicMatcher | None,
    outcome: ArticleOutcome,
) -> None:
    """Make the article's extracted quotes match the new text; never touch hand edits."""
    existing = {
        q.text_key: q for q in session.scalars(select(Quote).where(Quote.article_id == article.id))
    }
    dismissed = set(
        session.scalars(
            select(QuoteTombstone.text_key).where(QuoteTombstone.article_id == article.id)
        )
    )
    # Words a hand edit replaced belong to the edited quote: never extracted again beside it.
    replaced = session.scalars(
        select(QuoteRevision.before)
        .join(Quote, Quote.id == QuoteRevision.quote_id)
        .where(Quote.article_id == article.id)
    )
    dismissed |= {text_key(str(before.get("text") or "")) for before in replaced} - set(existing)
    seen: set[str] = set()
    text = prepared.text
    for found in prepared.quotes:
        if not found.speaker:
            continue
        key = text_key(found.text)
        if key in seen or key in dismissed:
            continue
        seen.add(key)
        quote = existing.get(key)
        if quote is not None and quote.hand_edited:
            continue  # logged below: its article's title, outlet or date may have changed
        with session.no_autoflush:  # the quotes written so far need not be flushed to look
            expert, created = expert_for(session, found.speaker, is_person=found.speaker_is_person)
        outcome.experts_added += created
        note_description(expert, found.speaker_description, article.published)
        if quote is None:
            quote = Quote(article=article, text_key=key, origin="extracted")
            session.add(quote)
            outcome.quotes_added += 1
        _fill(quote, found, text)
        quote.expert = expert
        _set_topics(session, quote, tags, topics)
    for key, quote in existing.items():
        if key not in seen and quote.origin == "extracted" and not quote.hand_edited:
            session.delete(quote)
            outcome.quotes_removed += 1


def _fill(quote: Quote, found: ExtractedQuote, text: str) -> None:
    quote.text = found.text
    quote.start, quote.end = found.start, found.end
    quote.paragraph = text[found.paragraph_start : found.paragraph_end].strip()
    quote.kind = found.kind
    quote.speaker_description = found.speaker_description
    quote.group_no = found.group
    quote.confidence = found.confidence


def _set_topics(
    session: Session, quote: Quote, tags: list[str], topics: TopicMatcher | None
) -> None:
    """Tags and vocabulary topics are derived, so they are re-derived; hand tags stay."""
    wanted: dict[str, str] = {tag: "tag" for tag in tags}
    if topics is not None:
        for name in topics(quote.text, quote.paragraph):
            wanted.setdefault(name, "auto")
    keep = [link for link in quote.topic_links if link.source == "hand"]
    have = {link.topic.norm_name for link in keep}
    quote.topic_links = keep
    for name, source in wanted.items():
        topic = topic_for(session, name)
        session.flush()
        if topic.norm_name not in have:
            have.add(topic.norm_name)
            quote.topic_links.append(QuoteTopic(topic=topic, source=source))
