"""A quote as search and cite show it (`Hit`), from the fields an index stores for it.

Every backend stores the same fields (those of `Source.documents`), so one function
turns them into a hit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from quotesdb.search.types import Hit


def stored_hit(fields: dict[str, Any], score: float = 0.0, highlighted: str | None = None) -> Hit:
    published = fields.get("published")
    return Hit(
        id=int(fields["id"]),
        text=fields["text"],
        speaker=fields["name"],
        description=fields.get("description") or None,
        title=fields.get("title") or None,
        outlet=fields.get("outlet") or None,
        url=fields.get("url") or None,
        published=dt.date.fromisoformat(published) if published else None,
        authors=[a for a in (fields.get("author") or "").split(" | ") if a],
        topics=[t for t in (fields.get("topic") or "").split(",") if t],
        kind=fields.get("kind", "full"),
        score=score,
        highlighted=highlighted or fields["text"],
        article_id=int(fields["article_id"]) if fields.get("article_id") else None,
        section=fields.get("section") or None,
        precision=fields.get("precision") or None,
        fetched=dt.date.fromisoformat(fields["fetched"]) if fields.get("fetched") else None,
    )
