"""Keeping the search index a faithful projection of the database.

The index lives in a generation folder (`index/gen-N`) named by `index/CURRENT`; next to
its segments, `applied.json` records the last change-log sequence it applied, written only
after the index commit. Catching up re-applies every change after that mark; applying a
change is idempotent (the quote is read afresh from the database), so a crash anywhere
loses nothing. `reindex` builds a new generation beside the current one and swaps
`CURRENT` in one rename: readers see the old index or the new one, never half of one.

The change log is read by `quotesdb.search.changelog`, the consumer the trace keys share
(gaps PostgreSQL leaves, batching, rebuilding when far behind).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any, TypeVar

from whoosh.index import FileIndex, LockError

from quotesdb.config import Settings
from quotesdb.errors import IndexRepairError, QuotesdbError
from quotesdb.index.readers import reopened
from quotesdb.index.schema import SCHEMA_VERSION, build_schema, common_words
from quotesdb.index.storage import MappedStorage
from quotesdb.search import changelog
from quotesdb.search.backend import Drift
from quotesdb.search.guard import (
    applied_mark as _mark,
)
from quotesdb.search.guard import (
    current_generation,
    generation_problem,
    open_or_rebuild,
    rebuild_lock,
    write_applied,
)
from quotesdb.search.progress import long_work
from quotesdb.search.source import Source

BULK_CATCH_UP = 5000
CATCH_UP_CHANGES = 50_000  # one commit (one segment) for so many changes at most
BATCH = 500
_COMMON_WORDS_SAMPLE = 5000
WRITER_WAIT = 60.0
T = TypeVar("T")
READER_WAIT = 1.0  # a search waits so long for a writer, then reads the index as it is


@dataclass(slots=True)
class SyncReport:
    applied: int = 0
    rebuilt: bool = False
    notes: list[str] = field(default_factory=list)
    # With `catch_up(keep_searcher=True)`: a searcher over the caught-up index, which the
    # caller closes. Opening the index already opened one to check it; a search reuses
    # it (and the segments it read) instead of reading a large index's term files again.
    searcher: Any = None


def _current_path(settings: Settings) -> Path | None:
    return current_generation(settings.index_dir)


def _set_mark(path: Path, seq: int, source: Source) -> None:
    write_applied(path, seq, source, schema=SCHEMA_VERSION)


def _problem(path: Path, source: Source, *, deep: bool = False) -> str | None:
    return generation_problem(path, source, schema=SCHEMA_VERSION, deep=deep)


def _try_open(
    path: Path, source: Source, report: SyncReport, *, deep: bool = False
) -> FileIndex | str:
    """The generation opened with a searcher kept for the caller, or why it cannot be."""
    problem = _problem(path, source, deep=deep)
    if problem is not None:
        return problem
    try:
        ix = MappedStorage(str(path)).open_index()
        # Opening a searcher reads every segment: damage shows here. Kept for the caller.
        report.searcher = ix.searcher()
    except Exception as exc:  # any damage means: rebuild from the source of truth
        return f"search index damaged ({type(exc).__name__})"
    return ix


def open_index(
    settings: Settings, source: Source, report: SyncReport, *, deep: bool = False
) -> tuple[FileIndex, Path]:
    """The current index, rebuilt from the database when missing or damaged (one process
    rebuilds, the others wait and use its work: `guard.open_or_rebuild`)."""
    return open_or_rebuild(
        settings.index_dir,
        lambda path: _try_open(path, source, report, deep=deep),
        lambda: _rebuild_locked(settings, source, report),
        report.notes,
    )


def rebuild(settings: Settings, source: Source, report: SyncReport) -> tuple[FileIndex, Path]:
    """Build a new generation beside the current one, then swap it in atomically.

    One rebuilder at a time: a second `reindex` waits for the first, then builds anew.
    """
    with rebuild_lock(settings.index_dir):
        return _rebuild_locked(settings, source, report)


def _rebuild_locked(
    settings: Settings, source: Source, report: SyncReport
) -> tuple[FileIndex, Path]:
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    number = 1 + max(
        (int(p.name[4:]) for p in settings.index_dir.glob("gen-*") if p.name[4:].isdigit()),
        default=0,
    )
    from quotesdb.index.bulk import add_documents  # only a writer loads the writing code

    path = settings.index_dir / f"gen-{number}"
    path.mkdir()
    seq = source.max_seq()  # read first: changes made meanwhile are re-applied afterwards
    batches = source.all_ids(BATCH)
    # The first quotes decide which words are common enough to index their pairs.
    first: list[dict[str, Any]] = []
    for ids in batches:
        first += source.documents(ids)
        if len(first) >= _COMMON_WORDS_SAMPLE:
            break
    ix = MappedStorage(str(path)).create_index(build_schema(common_words(first)))
    total = source.count()
    # One process: procs=2 measured slower here (pickling documents costs more than it saves).
    try:
        with long_work(f"building the search index from {total} quotes", total) as advance:
            docs = chain(first, (doc for ids in batches for doc in source.documents(ids)))
            add_documents(ix, _counted(docs, advance))
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise
    _set_mark(path, seq, source)
    previous = _current_path(settings)
    tmp = settings.index_dir / "CURRENT.tmp"
    tmp.write_text(path.name, encoding="utf-8")
    os.replace(tmp, settings.index_dir / "CURRENT")
    for old in settings.index_dir.glob("gen-*"):
        # The one before stays for readers that read CURRENT just before the swap and
        # open it now; open files survive unlinking on POSIX, folders being opened do not.
        if old not in (path, previous):
            shutil.rmtree(old, ignore_errors=True)
    report.rebuilt = True
    return ix, path


def _counted(
    docs: Iterator[dict[str, Any]], advance: Callable[[int], None]
) -> Iterator[dict[str, Any]]:
    for done, doc in enumerate(docs, 1):
        if done % BATCH == 0:
            advance(done)
        yield doc


def catch_up(
    settings: Settings,
    source: Source | None = None,
    *,
    keep_searcher: bool = False,
    reader: bool = False,
    deep: bool = False,
) -> tuple[FileIndex, SyncReport]:
    """Apply every change the index has not seen; returns the up-to-date index.

    A `reader` (search, cite) never waits on another process's index write or rebuild:
    it answers from the last committed index and says how far behind it is. `deep`
    verifies every index file's checksum, not only its size.
    """
    own = source is None
    src = source or Source(settings)
    report = SyncReport()
    try:
        ix = _catch_up(settings, src, report, READER_WAIT if reader else WRITER_WAIT, deep)
    except BaseException:
        if report.searcher is not None:
            report.searcher.close()
        raise
    finally:
        if own:
            src.close()
    if not keep_searcher:
        if report.searcher is not None:
            report.searcher.close()
        report.searcher = None
    elif report.searcher is None:
        report.searcher = ix.searcher()
    else:  # new commits since it was opened: reuse the unchanged segments' readers
        report.searcher = reopened(ix, report.searcher)
    return ix, report


def _catch_up(
    settings: Settings, src: Source, report: SyncReport, wait: float, deep: bool
) -> FileIndex:
    ix, path = open_index(settings, src, report, deep=deep)
    mark = _mark(path)
    pending = src.max_seq() - mark
    if changelog.rebuild_pays(pending, ix.doc_count_all(), at_least=BULK_CATCH_UP) and not (
        report.rebuilt
    ):
        # More changes than quotes indexed (a first import, say): building anew on the
        # bulk path is faster than replacing documents one by one, and equally exact.
        # One process does it; the others answer from the index as it is meanwhile.
        with rebuild_lock(settings.index_dir, wait=False) as mine:
            if not mine:
                report.notes.append(changelog.behind(pending, "another process is rebuilding it"))
                return ix
            if report.searcher is not None:  # of the generation about to be replaced
                report.searcher.close()
                report.searcher = None
            if _current_path(settings) != path:  # rebuilt by another while we looked
                ix, path = open_index(settings, src, report)
            else:
                ix, path = _rebuild_locked(settings, src, report)
                report.applied += pending
        mark = _mark(path)
    if src.max_seq() > mark:
        try:
            report.applied += _apply_changes(ix, path, src, mark, wait)
        except (LockError, OSError) as exc:
            if wait >= WRITER_WAIT and isinstance(exc, LockError):
                raise IndexRepairError(
                    f"the search index is busy (another writer held it {wait:.0f} s)"
                ) from None
            if wait >= WRITER_WAIT:
                raise
            why = "another process writes it" if isinstance(exc, LockError) else "cannot write it"
            report.notes.append(changelog.behind(src.max_seq() - _mark(path), why))
    return ix


def read_index(settings: Settings, read: Callable[[FileIndex, Any], T]) -> tuple[T, SyncReport]:
    """`read(ix, searcher)` on the caught-up index, as a reader; if reading fails on damage
    the size check could not see (a file's bytes changed), rebuild once and read again."""
    ix, report = catch_up(settings, keep_searcher=True, reader=True)
    try:
        with report.searcher as searcher:
            return read(ix, searcher), report
    except QuotesdbError:
        raise
    except Exception as exc:  # damage inside a file: the database still has it all
        source = Source(settings)
        try:
            ix, _path = rebuild(settings, source, report)
        finally:
            source.close()
        report.notes.append(f"search index damaged ({type(exc).__name__}); rebuilt it")
        with ix.searcher() as searcher:
            return read(ix, searcher), report


def _apply_changes(ix: FileIndex, path: Path, source: Source, mark: int, wait: float) -> int:
    def fetch(after: int) -> list[changelog.Change]:
        return [(s, q, at) for s, q, _op, at in source.changes_after(after, CATCH_UP_CHANGES)]

    pending = source.max_seq() - mark
    with long_work(f"catching the search index up on {pending} changes", pending) as advance:

        def apply(step: changelog.Step) -> None:
            _write(ix, source, step.quotes, wait)
            _set_mark(path, step.mark, source)  # after the index commit
            advance(step.mark - mark)

        _mark_reached, applied = changelog.consume(mark, fetch, apply, source.seconds_since)
    return applied


def _write(ix: FileIndex, source: Source, ids: list[int], wait: float = WRITER_WAIT) -> None:
    """Write these quotes as the database has them; LockError if the lock stays taken."""
    from quotesdb.index.bulk import BulkWriter, merge_small_segments

    writer = BulkWriter(ix, timeout=wait, delay=0.05)
    try:
        indexed = writer.searcher()  # under the lock: no other writer adds meanwhile
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            docs = source.documents(chunk)
            found = {int(d["id"]) for d in docs}
            for doc in docs:
                # A quote new to the index is only added: no deletion to look for.
                if indexed.document_number(id=doc["id"]) is None:
                    writer.add_document(**doc)
                else:
                    writer.update_document(**doc)
            for gone in set(chunk) - found:
                writer.delete_by_term("id", str(gone))
        writer.commit(mergetype=merge_small_segments)
    except BaseException:
        writer.cancel()
        raise


def drift(ix: FileIndex, source: Source) -> Drift:
    truth = source.stamps()
    with ix.searcher() as searcher:
        indexed = {int(f["id"]): f.get("stamp") for f in searcher.all_stored_fields()}
    return Drift.between(truth, indexed)


def check_and_repair(settings: Settings) -> tuple[Drift, SyncReport, Drift]:
    """Drift found after catching up, and drift left after repairing it (empty when fixed)."""
    source = Source(settings)
    try:
        ix, report = catch_up(settings, source, deep=True)
        found = drift(ix, source)
        if found.total:
            _write(ix, source, found.missing + found.extra + found.stale)
            path = Path(ix.storage.folder)
            _set_mark(path, _mark(path), source)  # the repair's files get their checksums too
        return found, report, drift(ix, source)
    finally:
        source.close()


def applied_mark(settings: Settings) -> int:
    """The last change-log sequence number the current index applied (0 for none)."""
    path = _current_path(settings)
    return _mark(path) if path is not None else 0
