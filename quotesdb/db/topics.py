"""Topic counts, and re-deriving automatic topics after the vocabulary changes."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quotesdb.db.models import Quote, QuoteTopic, Topic
from quotesdb.db.records import topic_for
from quotesdb.topics import TopicMatcher


def topic_counts(session: Session) -> list[tuple[str, int]]:
    rows = session.execute(
        select(Topic.name, func.count(QuoteTopic.quote_id))
        .join(QuoteTopic, QuoteTopic.topic_id == Topic.id)
        .group_by(Topic.name)
        .order_by(func.count(QuoteTopic.quote_id).desc(), Topic.name)
    )
    return [(name, int(count)) for name, count in rows]


def rederive_topics(session: Session, matcher: TopicMatcher) -> int:
    """Replace every quote's automatic topics; returns how many quotes changed."""
    changed = 0
    for quote in session.scalars(select(Quote).execution_options(yield_per=500)):
        links = quote.topic_links
        kept = [link for link in links if link.source != "auto"]
        have = {link.topic.name for link in kept}
        wanted = sorted(matcher(quote.text, quote.paragraph) - have)
        old_auto = sorted(link.topic.name for link in links if link.source == "auto")
        if wanted == old_auto:
            continue
        quote.topic_links = kept + [
            QuoteTopic(topic=topic_for(session, name), source="auto") for name in wanted
        ]
        session.flush()
        changed += 1
    return changed
