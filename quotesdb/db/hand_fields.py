"""Article fields a person set, which reading the page again must keep.

A stored page's provenance says where each field came from (`json-ld`, `og:title`, ...).
A field corrected with `article edit` (or its outlet renamed or merged) is marked `hand`;
one given as an `ingest` option (`--title`, `--date`, ...) is marked `given`. `reextract`
keeps such a field as it is stored and takes every other one from the new reading.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from quotesdb.db.models import ArticlePage

if TYPE_CHECKING:
    from quotesdb.articles import ArticleMeta

BY_HAND = "hand"
GIVEN = "given"
SET_BY_A_PERSON = frozenset({BY_HAND, GIVEN})
# The metadata fields a reading gives, named as provenance names them.
FIELDS = ("title", "outlet", "url", "authors", "published", "section", "language")


def mark_by_hand(session: Session, article_ids: Iterable[int], fields: Iterable[str]) -> None:
    """Record that a person set these fields of these articles (those with a stored page:
    an article without one has nothing to be read again)."""
    wanted, ids = set(fields), list(article_ids)
    if not wanted or not ids:
        return
    for page in session.scalars(select(ArticlePage).where(ArticlePage.article_id.in_(ids))):
        page.provenance = {**page.provenance, **dict.fromkeys(wanted, BY_HAND)}


def given_fields(read: ArticleMeta, given: ArticleMeta) -> dict[str, str]:
    """The fields an ingest option changed from what the page said, marked `given`."""
    changed = {name for name in FIELDS if getattr(read, name) != getattr(given, name)}
    if read.published_precision != given.published_precision:
        changed.add("published")
    return dict.fromkeys(sorted(changed), GIVEN)


def kept_fields(provenance: dict[str, object]) -> set[str]:
    return {name for name in FIELDS if provenance.get(name) in SET_BY_A_PERSON}
