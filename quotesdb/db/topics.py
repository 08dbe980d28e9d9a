"""Topic counts, and deriving automatic topics in bulk (after the vocabulary changes, and
for the quotes an import adds)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from sqlalchemy import Connection, and_, bindparam, delete, func, insert, select
from sqlalchemy.orm import Session

from quotesdb.db.bulk import QUOTE_TOPICS, QUOTES, TOPICS, chunks
from quotesdb.db.models import QuoteTopic, Topic
from quotesdb.names import fold
from quotesdb.topics import TopicMatcher

# Quotes read, matched and written per round: three statements a round, whatever its size.
TOPIC_BATCH = 1000


def topic_counts(session: Session) -> list[tuple[str, int]]:
    rows = session.execute(
        select(Topic.name, func.count(QuoteTopic.quote_id))
        .join(QuoteTopic, QuoteTopic.topic_id == Topic.id)
        .group_by(Topic.name)
        .order_by(func.count(QuoteTopic.quote_id).desc(), Topic.name)
    )
    return [(name, int(count)) for name, count in rows]


def rederive_topics(
    session: Session,
    matcher: TopicMatcher,
    quote_ids: Sequence[int] | None = None,
    *,
    keep_auto: bool = False,
) -> int:
    """Replace the automatic topics of every quote (or of `quote_ids`) with what the
    vocabulary finds; hand and article tags stay, and a topic a quote already has from
    them is not added again as automatic. With `keep_auto`, a quote that already has
    automatic topics (an imported export's) keeps them. Returns how many quotes changed.

    In bulk: a round of quotes is read in one statement with its topic links, matched in
    Python, and its links deleted and inserted with one executemany each (the one-quote-
    at-a-time ORM loop it replaces took ~220 CPU-s per 130k quotes)."""
    conn = session.connection()
    topic_ids: dict[str, int] = {
        key: topic_id for key, topic_id in conn.execute(select(TOPICS.c.norm_name, TOPICS.c.id))
    }
    changed = 0
    for rows in _rounds(conn, quote_ids):
        ids = [quote_id for quote_id, _text, _paragraph in rows]
        other: dict[int, set[int]] = defaultdict(set)  # tag and hand topics
        auto: dict[int, set[int]] = defaultdict(set)
        for quote_id, topic_id, source in conn.execute(
            select(QUOTE_TOPICS.c.quote_id, QUOTE_TOPICS.c.topic_id, QUOTE_TOPICS.c.source).where(
                QUOTE_TOPICS.c.quote_id.in_(ids)
            )
        ):
            (auto if source == "auto" else other)[quote_id].add(topic_id)
        gone: list[dict[str, int]] = []
        added: list[dict[str, object]] = []
        for quote_id, text, paragraph in rows:
            have = auto[quote_id]
            if keep_auto and have:
                continue
            wanted = {
                _topic_id(conn, topic_ids, name) for name in matcher(text, paragraph)
            } - other[quote_id]
            if wanted == have:
                continue
            changed += 1
            gone += [{"q": quote_id, "t": topic_id} for topic_id in have - wanted]
            added += [
                {"quote_id": quote_id, "topic_id": topic_id, "source": "auto"}
                for topic_id in sorted(wanted - have)
            ]
        if gone:
            conn.execute(
                delete(QUOTE_TOPICS).where(
                    and_(
                        QUOTE_TOPICS.c.quote_id == bindparam("q"),
                        QUOTE_TOPICS.c.topic_id == bindparam("t"),
                    )
                ),
                gone,
            )
        if added:
            conn.execute(insert(QUOTE_TOPICS), added)
    return changed


def _rounds(
    conn: Connection, quote_ids: Sequence[int] | None
) -> Iterator[list[tuple[int, str, str | None]]]:
    """(id, text, paragraph) of the quotes asked for, a round at a time, by id."""
    columns = select(QUOTES.c.id, QUOTES.c.text, QUOTES.c.paragraph).order_by(QUOTES.c.id)
    if quote_ids is not None:
        for part in chunks(sorted(set(quote_ids)), TOPIC_BATCH):
            found = conn.execute(columns.where(QUOTES.c.id.in_(part)))
            yield [(row[0], row[1], row[2]) for row in found]
        return
    last = 0
    while True:
        rows = [
            (row[0], row[1], row[2])
            for row in conn.execute(columns.where(QUOTES.c.id > last).limit(TOPIC_BATCH))
        ]
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _topic_id(conn: Connection, topic_ids: dict[str, int], name: str) -> int:
    """The stored topic of a vocabulary name, created the first time it is met."""
    key = fold(name)
    found = topic_ids.get(key)
    if found is None:
        created = conn.execute(insert(TOPICS).values(name=name.strip(), norm_name=key))
        key_row = created.inserted_primary_key
        assert key_row is not None
        found = topic_ids[key] = int(key_row[0])
    return found
