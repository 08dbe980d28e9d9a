"""The review queue: extracted attributions the extractor was least sure of, weakest first.

A decision is a hand edit, so re-ingesting the article keeps it:
- accept: the quote is marked reviewed (and hand-edited), and leaves the queue;
- correct: the speaker is corrected (resolved as `--expert` resolves names), then accepted;
- no speaker: the words are not an attribution (a scare quote, a title, a slogan), so the
  quote is deleted with a tombstone, as `delete` does: re-ingesting will not bring it back.
  Quotes always have a speaker in this schema, so a flag would leave a wrong one shown.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quotesdb.db.models import Quote

# Below this an attribution rests on inherited or nearby evidence, not a named verb.
REVIEW_BELOW = 0.7

DECISIONS = ("accept", "correct", "no-speaker", "skip")


def review_queue(
    session: Session, *, below: float = REVIEW_BELOW, limit: int = 50, offset: int = 0
) -> list[Quote]:
    """Unreviewed extracted quotes with confidence under `below`; a hand edit takes one out."""
    rows = session.scalars(
        select(Quote)
        .where(*_waiting(below))
        .order_by(Quote.confidence, Quote.id)
        .offset(offset)
        .limit(limit)
    )
    return list(rows)


def review_count(session: Session, *, below: float = REVIEW_BELOW) -> int:
    """How many quotes wait for review."""
    return session.scalar(select(func.count(Quote.id)).where(*_waiting(below))) or 0


def _waiting(below: float) -> tuple[Any, ...]:
    return (
        Quote.origin == "extracted",
        Quote.hand_edited.is_(False),
        Quote.reviewed_at.is_(None),
        Quote.confidence.is_not(None),
        Quote.confidence < below,
    )


def accept(session: Session, quote_id: int) -> Quote:
    """The attribution is right: it leaves the queue, and re-ingesting leaves it alone."""
    from quotesdb.db.quotes import get_quote

    quote = get_quote(session, quote_id)
    quote.reviewed_at = dt.datetime.now(dt.UTC)
    quote.hand_edited = True
    return quote


def correct_speaker(session: Session, quote_id: int, speaker: str, *, new: bool = False) -> Quote:
    from quotesdb.db.editing import QuoteEdit, edit_quote

    edit_quote(session, quote_id, QuoteEdit(speaker=speaker, new_expert=new))
    return accept(session, quote_id)


def no_speaker(session: Session, quote_id: int) -> Quote:
    from quotesdb.db.editing import delete_quote

    return delete_quote(session, quote_id)
