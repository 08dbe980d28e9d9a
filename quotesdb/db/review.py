"""The review queue: extracted attributions the extractor was least sure of, weakest first."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from quotesdb.db.models import Quote

# Below this an attribution rests on inherited or nearby evidence, not a named verb.
REVIEW_BELOW = 0.7


def review_queue(session: Session, *, below: float = REVIEW_BELOW, limit: int = 50) -> list[Quote]:
    """Unreviewed extracted quotes with confidence under `below`; a hand edit takes one out."""
    rows = session.scalars(
        select(Quote)
        .where(
            Quote.origin == "extracted",
            Quote.hand_edited.is_(False),
            Quote.confidence.is_not(None),
            Quote.confidence < below,
        )
        .order_by(Quote.confidence, Quote.id)
        .limit(limit)
    )
    return list(rows)
