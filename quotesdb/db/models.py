"""SQLAlchemy 2.x typed models. Alembic migrations create these tables; nothing else does."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite only auto-increments INTEGER primary keys; PostgreSQL gets a 64-bit sequence.
BigId = BigInteger().with_variant(Integer(), "sqlite")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Outlet(Base):
    __tablename__ = "outlets"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    norm_name: Mapped[str] = mapped_column(String(300), unique=True)
    domain: Mapped[str | None] = mapped_column(String(255))


class Author(Base):
    __tablename__ = "authors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    norm_name: Mapped[str] = mapped_column(String(300), unique=True)
    # "person" or "organisation" as a page declared it (JSON-LD), None when none did:
    # citations invert a person's name, never an organisation's.
    kind: Mapped[str | None] = mapped_column(String(12))


class ArticleAuthor(Base):
    __tablename__ = "article_authors"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    author: Mapped[Author] = relationship(lazy="joined")


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "url:<url>" when the URL is known, else "sha256:<text hash>": one article per key.
    identity: Mapped[str] = mapped_column(String(2100), unique=True)
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id"), index=True)
    title: Mapped[str] = mapped_column(String(1000))
    url: Mapped[str | None] = mapped_column(String(2048))
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    # How much of `published` is known: "year" | "month" | None (the whole day).
    published_precision: Mapped[str | None] = mapped_column(String(5))
    # When the page was fetched from the web: a citation's access date.
    fetched_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    section: Mapped[str | None] = mapped_column(String(300))
    language: Mapped[str] = mapped_column(String(16), default="en")
    text: Mapped[str | None] = mapped_column(Text)
    text_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    # Hash of the whole source file, front matter included: "unchanged" means this matches.
    source_hash: Mapped[str | None] = mapped_column(String(64))
    origin: Mapped[str | None] = mapped_column(String(2048), index=True)
    # Where each metadata field came from and what reading dropped:
    # {"fields": {"title": "json-ld", "published": "htmldate", ...}, "warnings": [...]}
    meta_provenance: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=_now, onupdate=_now
    )

    outlet: Mapped[Outlet | None] = relationship(lazy="joined")
    byline: Mapped[list[ArticleAuthor]] = relationship(
        order_by=ArticleAuthor.position, cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def authors(self) -> list[str]:
        return [link.author.name for link in self.byline]


class Expert(Base):
    """A person (or organisation) quoted; `description` is the most recent one an article gave."""

    __tablename__ = "experts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    norm_name: Mapped[str] = mapped_column(String(300), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    described_on: Mapped[dt.date | None] = mapped_column(Date)
    is_person: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    # Set by hand or by import, never inferred: None is "unknown" (quotesdb/attributes.py).
    gender: Mapped[str | None] = mapped_column(String(40))
    affiliation_kind: Mapped[str | None] = mapped_column(String(20))
    country: Mapped[str | None] = mapped_column(String(2))  # ISO 3166-1 alpha-2

    aliases: Mapped[list[ExpertAlias]] = relationship(
        back_populates="expert", cascade="all, delete-orphan", lazy="selectin"
    )


class ExpertAlias(Base):
    """Every name an expert is found by, the canonical one included, folded for matching."""

    __tablename__ = "expert_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("experts.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(300))
    norm_alias: Mapped[str] = mapped_column(String(300), unique=True)

    expert: Mapped[Expert] = relationship(back_populates="aliases")


class Topic(Base):
    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    norm_name: Mapped[str] = mapped_column(String(200), unique=True)


class QuoteTopic(Base):
    """Why a quote has a topic: its article's tag, a hand tag, or the topic vocabulary."""

    __tablename__ = "quote_topics"

    quote_id: Mapped[int] = mapped_column(
        ForeignKey("quotes.id", ondelete="CASCADE"), primary_key=True
    )
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"), primary_key=True, index=True)
    source: Mapped[str] = mapped_column(String(8))  # tag | hand | auto

    topic: Mapped[Topic] = relationship(lazy="joined")


class Quote(Base):
    __tablename__ = "quotes"
    __table_args__ = (
        UniqueConstraint("article_id", "text_key", name="uq_quotes_article_text"),
        # A quote without an article is its speaker's words: NULLs never clash above.
        Index(
            "uq_quotes_unsourced",
            "expert_id",
            "text_key",
            unique=True,
            sqlite_where=text("article_id IS NULL"),
            postgresql_where=text("article_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    expert_id: Mapped[int] = mapped_column(ForeignKey("experts.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    # Hash of the folded words: the key "no duplicate quote in an article" is enforced on.
    text_key: Mapped[str] = mapped_column(String(64))
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    paragraph: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(8), default="full")  # full | partial
    speaker_description: Mapped[str | None] = mapped_column(Text)
    group_no: Mapped[int | None] = mapped_column(Integer)
    origin: Mapped[str] = mapped_column(String(10), default="extracted")  # extracted|hand|import
    hand_edited: Mapped[bool] = mapped_column(Boolean, default=False)
    probability: Mapped[float | None] = mapped_column(Float)  # an imported corpus's own score
    # How sure the extractor was of the speaker (0-1); None for hand-entered quotes.
    confidence: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=_now, onupdate=_now
    )
    # When a person reviewed the attribution (`quotesdb review`): it leaves the queue.
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # A person's own notes (why it matters, who to call back): never part of a citation.
    notes: Mapped[str | None] = mapped_column(Text)

    article: Mapped[Article | None] = relationship(lazy="joined")
    expert: Mapped[Expert] = relationship(lazy="joined")
    topic_links: Mapped[list[QuoteTopic]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def topics(self) -> list[str]:
        return sorted({link.topic.name for link in self.topic_links})


class QuoteRevision(Base):
    """What a quote was before a hand edit: extracted words are kept for audit."""

    __tablename__ = "quote_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id", ondelete="CASCADE"), index=True)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    before: Mapped[dict[str, Any]] = mapped_column(JSON)


class QuoteTombstone(Base):
    """An extracted quote a user deleted: re-ingesting its article must not bring it back."""

    __tablename__ = "quote_tombstones"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    text_key: Mapped[str] = mapped_column(String(64), primary_key=True)


class Change(Base):
    """The change log the search index and the trace keys catch up from. Written by the
    database itself (the triggers of migration 0007), in the writing transaction, for
    every write of a field an index document holds: no service writes it by hand."""

    __tablename__ = "changes"
    __table_args__ = (Index("ix_changes_quote", "quote_id"),)

    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    quote_id: Mapped[int] = mapped_column(Integer)
    op: Mapped[str] = mapped_column(String(8))  # upsert | delete
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


# Read by the source report (quotesdb/reports/sources.py) instead of the quotes' rows.
Index("ix_quotes_article_expert", Quote.article_id, Quote.expert_id)


class ArchiveMeta(Base):
    """Facts about the archive itself; `archive_id` (made once, by the migration) lets a
    search index tell this database from another one or from an older copy of it."""

    __tablename__ = "archive_meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class QuoteShingle(Base):
    """A quote's trace keys: band 0 its exact (folded) words, 1, 2, … its winnowed shingle
    fingerprints. A projection of `quotes` that catches up from the change log
    (`quotesdb/reports/trace_store.py`)."""

    __tablename__ = "quote_shingles"
    __table_args__ = ({"sqlite_with_rowid": False},)

    quote_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    band: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    key: Mapped[int] = mapped_column(BigInteger, index=True)


class QuoteShinglesMark(Base):
    """Row 1: the last change-log sequence `quote_shingles` has applied; row 2: the
    format of the keys stored (`trace_store.KEYS_FORMAT`)."""

    __tablename__ = "quote_shingles_mark"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)


class ArticlePage(Base):
    """The web page an article was read from, compressed: extraction can be rerun and checked."""

    __tablename__ = "article_pages"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    final_url: Mapped[str | None] = mapped_column(String(2048))
    content_type: Mapped[str] = mapped_column(String(100))
    raw_gzip: Mapped[bytes] = mapped_column(LargeBinary)
    stored_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
