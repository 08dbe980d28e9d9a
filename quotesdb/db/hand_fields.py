"""Article fields a person set, which reading the page again must keep.

An article's one record of where its fields came from is `articles.meta_provenance`:
`{"fields": {"title": "json-ld", ...}, "warnings": [...]}`. A field corrected with
`article edit` (or its outlet renamed or merged) is marked `hand` there; one given as an
`ingest` option (`--title`, `--date`, ...) is marked `given`. `reextract` and a re-ingest
keep such a field as it is stored, with its mark, and take every other one from the new
reading.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from quotesdb.articles import ArticleMeta
from quotesdb.db.models import Article, Quote, QuoteTopic, Topic

BY_HAND = "hand"
GIVEN = "given"
SET_BY_A_PERSON = frozenset({BY_HAND, GIVEN})
# The metadata fields a reading gives, named as provenance names them.
FIELDS = ("title", "outlet", "url", "authors", "published", "section", "language")


def record_fields(record: object) -> dict[str, Any]:
    """The `fields` of an article's provenance record (none for an old or empty one)."""
    fields = record.get("fields") if isinstance(record, dict) else None
    return dict(fields) if isinstance(fields, dict) else {}


def with_fields(record: object, fields: dict[str, Any]) -> dict[str, Any]:
    warnings = record.get("warnings") if isinstance(record, dict) else None
    return {"fields": fields, "warnings": list(warnings) if isinstance(warnings, list) else []}


def mark_by_hand(session: Session, article_ids: Iterable[int], fields: Iterable[str]) -> None:
    """Record that a person set these fields of these articles."""
    wanted, ids = set(fields), list(article_ids)
    if not wanted or not ids:
        return
    for article in session.scalars(select(Article).where(Article.id.in_(ids))):
        marks = {**record_fields(article.meta_provenance), **dict.fromkeys(wanted, BY_HAND)}
        article.meta_provenance = with_fields(article.meta_provenance, marks)


def given_fields(read: ArticleMeta, given: ArticleMeta) -> dict[str, str]:
    """The fields an ingest option changed from what the page said, marked `given`."""
    changed = {name for name in FIELDS if getattr(read, name) != getattr(given, name)}
    if read.published_precision != given.published_precision:
        changed.add("published")
    return dict.fromkeys(sorted(changed), GIVEN)


def kept_fields(record: object) -> set[str]:
    """The fields a person set, by the article's provenance record."""
    fields = record_fields(record)
    return {name for name in FIELDS if fields.get(name) in SET_BY_A_PERSON}


def keep_set_fields(
    read: ArticleMeta, stored: ArticleMeta, record: object, keep: set[str] | None = None
) -> ArticleMeta:
    """A new reading with the fields a person set (by `record`, or those in `keep`) as they
    are stored, their marks kept; a field the new reading itself marks as given (an ingest
    option given again) is the newer decision and stays as read."""
    fields = record_fields(record)
    provenance = dict(read.provenance)
    keep = kept_fields(record) if keep is None else keep
    keep = {name for name in keep if provenance.get(name) not in SET_BY_A_PERSON}
    if not keep:
        return read
    values: dict[str, Any] = {name: getattr(stored, name) for name in keep}
    if "published" in keep:
        values["published_precision"] = stored.published_precision
    if "authors" in keep:
        values["author_kinds"] = stored.author_kinds
    for name in keep:
        provenance[name] = fields.get(name, provenance.get(name, BY_HAND))
    return dataclasses.replace(read, **values, provenance=tuple(provenance.items()))


def stored_meta(session: Session, article: Article) -> ArticleMeta:
    """The article's fields as stored, tags as its quotes carry them."""
    tags = session.scalars(
        select(Topic.name)
        .join(QuoteTopic, QuoteTopic.topic_id == Topic.id)
        .join(Quote, Quote.id == QuoteTopic.quote_id)
        .where(Quote.article_id == article.id, QuoteTopic.source == "tag")
        .distinct()
        .order_by(Topic.name)
    )
    return ArticleMeta(
        title=article.title,
        outlet=article.outlet.name if article.outlet is not None else None,
        url=article.url,
        authors=tuple(article.authors),
        published=article.published,
        published_precision=article.published_precision,
        section=article.section,
        tags=tuple(tags),
        language=article.language,
        author_kinds=tuple(link.author.kind for link in article.byline),
        provenance=tuple(record_fields(article.meta_provenance).items()),
        warnings=tuple(_record_warnings(article.meta_provenance)),
    )


def _record_warnings(record: object) -> list[str]:
    warnings = record.get("warnings") if isinstance(record, dict) else None
    return [str(w) for w in warnings] if isinstance(warnings, list) else []
