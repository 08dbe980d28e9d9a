"""The `quote_shingles` table: each quote's trace keys, a projection of `quotes`.

Like the search index it catches up from the `changes` log: `quote_shingles_mark` holds
the last sequence applied, and `catch_up` re-derives the keys of every quote changed
since (deleted quotes lose theirs). Deriving is idempotent, so a crash loses nothing.
The change log is read by `quotesdb.search.changelog`, the consumer the search index
shares (gaps PostgreSQL leaves, batching); a large backlog (a first use, a big import) is
applied as a rebuild over all quotes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, cast

from sqlalchemy import Connection, Table, delete, func, insert, select, text

from quotesdb.db.bulk import CHANGES, QUOTES, chunks
from quotesdb.db.models import QuoteShingle, QuoteShinglesMark
from quotesdb.reports.shingles import EXACT_BAND, exact_key, fingerprints
from quotesdb.search import changelog

SHINGLES = cast(Table, QuoteShingle.__table__)
MARK = cast(Table, QuoteShinglesMark.__table__)
BATCH = 5000
QUIET_BELOW = 5000  # quotes or changes: catching up fewer is over before progress would help
REBUILD_BACKLOG = 20_000  # more pending changes than this (and than half the quotes): rebuild
COMMON = 1000  # a fingerprint shared by more quotes than this is a set phrase, not a trace


Progress = Callable[[int, int], None]  # (quotes keyed so far, quotes to key)
KEY_INDEX = "ix_quote_shingles_key"
# The mark table's rows: the last change applied, and the format of the keys stored. A new
# KEYS_FORMAT (`fingerprints` changed) makes the next catch-up key every quote anew.
SEQ_ROW, FORMAT_ROW = 1, 2
KEYS_FORMAT = 2  # 2: a quote of up to 16 words keeps every shingle


def rows_for(quotes: Iterable[tuple[int, str, str]]) -> list[tuple[int, int, int]]:
    """Trace-key rows (quote id, band, key) for (id, text, text_key) triples: band 0
    exact, then fingerprints."""
    rows = []
    for quote_id, quote_text, key in quotes:
        rows.append((quote_id, EXACT_BAND, exact_key(key)))
        rows += [(quote_id, band, value) for band, value in enumerate(fingerprints(quote_text), 1)]
    return rows


def _insert(conn: Connection, rows: list[tuple[int, int, int]]) -> None:
    """Straight to the driver: Core's per-row dicts cost more than SQLite's insert."""
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = f'INSERT INTO quote_shingles (quote_id, band, "key") VALUES ({mark}, {mark}, {mark})'
    if rows:
        conn.exec_driver_sql(sql, rows)  # type: ignore[arg-type]


def _mark(conn: Connection, row: int = SEQ_ROW, *, lock: bool = True) -> int | None:
    query = select(MARK.c.seq).where(MARK.c.id == row)
    return conn.execute(query.with_for_update() if lock else query).scalar()


def _newest(conn: Connection) -> int:
    return int(conn.execute(select(func.max(CHANGES.c.seq))).scalar() or 0)


def _quotes(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(QUOTES)).scalar() or 0)


def _set_mark(conn: Connection, seq: int, had: int | None, row: int = SEQ_ROW) -> None:
    if had is None:
        conn.execute(insert(MARK).values(id=row, seq=seq))
    else:
        conn.execute(MARK.update().where(MARK.c.id == row).values(seq=seq))


def catch_up(conn: Connection, *, rebuild: bool = False, progress: Progress | None = None) -> int:
    """Apply every change not applied yet (or rebuild); returns the quotes (re)keyed.
    `progress` hears how it goes when asked to rebuild, or when that is QUIET_BELOW or more
    quotes or changes (a big import; the first use of a new key format)."""
    had = _mark(conn)
    mark, newest, stored_format = had or 0, _newest(conn), _mark(conn, FORMAT_ROW)
    if newest <= mark and not rebuild and stored_format == KEYS_FORMAT:
        return 0
    quotes = _quotes(conn)
    # Keying anew in bulk runs about twice as fast a quote as re-keying change by change.
    backlog = changelog.rebuild_pays(newest - mark, quotes // 2, at_least=REBUILD_BACKLOG)
    if rebuild or backlog or stored_format != KEYS_FORMAT:
        loud = rebuild or quotes >= QUIET_BELOW
        done = _rebuild(conn, quotes, progress if loud else None)
        _set_mark(conn, newest, had)
        _set_mark(conn, KEYS_FORMAT, stored_format, FORMAT_ROW)
        return done
    start, pending = mark, newest - mark
    report = progress if pending >= QUIET_BELOW else None
    if report is not None:
        report(0, pending)

    def fetch(after: int) -> list[changelog.Change]:
        return [
            (int(s), int(q), at)
            for s, q, at in conn.execute(
                select(CHANGES.c.seq, CHANGES.c.quote_id, CHANGES.c.at)
                .where(CHANGES.c.seq > after)
                .order_by(CHANGES.c.seq)
                .limit(50_000)
            )
        ]

    def apply(step: changelog.Step) -> None:
        _rekey(conn, step.quotes)
        if report is not None:  # changes, not quotes: a quote changed twice counts twice
            report(min(step.mark - start, pending), pending)

    # The mark is set once, in the same transaction as the keys.
    mark, done = changelog.consume(mark, fetch, apply, lambda at: _seconds_since(conn, at))
    _set_mark(conn, mark, had)
    return done


def behind(conn: Connection) -> int:
    """How much a catch-up has to do: changes not applied yet, or every quote when the
    keys are of another format."""
    if _mark(conn, FORMAT_ROW, lock=False) != KEYS_FORMAT:
        return _quotes(conn)
    return max(0, _newest(conn) - (_mark(conn, lock=False) or 0))


def _rekey(conn: Connection, ids: list[int]) -> int:
    for chunk in chunks(ids):
        conn.execute(delete(SHINGLES).where(SHINGLES.c.quote_id.in_(chunk)))
        found = conn.execute(
            select(QUOTES.c.id, QUOTES.c.text, QUOTES.c.text_key).where(QUOTES.c.id.in_(chunk))
        )
        _insert(conn, rows_for((int(i), str(t), str(k)) for i, t, k in found))
    return len(ids)


def _rebuild(conn: Connection, total: int, progress: Progress | None) -> int:
    """Every quote's keys anew, in one transaction (a crash leaves the old ones).

    The key index is dropped and built again at the end: one sort of ~12 rows a quote
    is several times faster than keeping the index up to date row by row."""
    conn.execute(delete(SHINGLES))
    conn.exec_driver_sql(f"DROP INDEX {KEY_INDEX}")
    last, done = 0, 0
    if progress is not None:
        progress(0, total)
    while True:
        batch = conn.execute(
            select(QUOTES.c.id, QUOTES.c.text, QUOTES.c.text_key)
            .where(QUOTES.c.id > last)
            .order_by(QUOTES.c.id)
            .limit(BATCH)
        ).all()
        if not batch:
            break
        _insert(conn, rows_for((int(i), str(t), str(k)) for i, t, k in batch))
        last, done = batch[-1][0], done + len(batch)
        if progress is not None:
            progress(done, max(total, done))
    conn.exec_driver_sql(f'CREATE INDEX {KEY_INDEX} ON quote_shingles ("key")')
    if conn.dialect.name == "postgresql":
        conn.execute(text("ANALYZE quote_shingles"))
    return done


def _seconds_since(conn: Connection, at: Any) -> float:
    if conn.dialect.name == "sqlite":
        sql = "SELECT (julianday('now') - julianday(:at)) * 86400"
    else:
        sql = "SELECT extract(epoch FROM (now() - :at))"
    return float(conn.execute(text(sql), {"at": at}).scalar() or 0.0)


def candidates(conn: Connection, exact: set[int], shingles: set[int]) -> set[int]:
    """Quotes with one of the exact keys, or storing one of the shingle hashes as a
    fingerprint; a fingerprint of more than `COMMON` quotes is passed over."""
    found: set[int] = set()
    for chunk in chunks(exact):
        found.update(
            conn.execute(
                select(SHINGLES.c.quote_id).where(
                    SHINGLES.c.key.in_(chunk), SHINGLES.c.band == EXACT_BAND
                )
            ).scalars()
        )
    for chunk in chunks(shingles):
        counts = conn.execute(
            select(SHINGLES.c.key, func.count())
            .where(SHINGLES.c.key.in_(chunk))
            .group_by(SHINGLES.c.key)
        ).all()
        rare = [key for key, count in counts if count <= COMMON]
        if rare:
            found.update(
                conn.execute(
                    select(SHINGLES.c.quote_id).where(
                        SHINGLES.c.key.in_(rare), SHINGLES.c.band != EXACT_BAND
                    )
                ).scalars()
            )
    return found
