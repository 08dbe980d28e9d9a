"""A searcher over the index as it is now, reusing what an older one read and is unchanged.

Whoosh-Reloaded's `Searcher.refresh()` (and `FileIndex.reader(reuse=...)`) is wrong in two
ways: it appends the old reader's segments to the new table of contents, so a segment a
merge replaced is read again (an edited quote found twice, once with its old words, and
stored fields read from a merged-away segment: `'NoneType' object is not subscriptable`),
and it reuses a segment's old reader when the same segment has new deletions. It also
fails on an empty index (`'NoneType' object is not iterable`). Here a segment's reader is
reused only when the segment is in the new table of contents with the same deletions.
"""

from __future__ import annotations

import time
from typing import Any

from whoosh.index import FileIndex
from whoosh.reading import EmptyReader, MultiReader, SegmentReader
from whoosh.searching import Searcher


def _deletions(segment: Any) -> int:
    counted: int = segment.deleted_count()
    return counted


RETRIES = 10


def reopened(ix: FileIndex, old: Searcher | None) -> Searcher:
    """A searcher over `ix`'s latest commit. `old` must not be used afterwards: its readers
    are either handed to the new searcher or closed.

    A writer may delete a merged-away segment's files between reading the table of
    contents and opening them: then the newer table of contents is read again.
    """
    for attempt in range(RETRIES):
        try:
            return _reopened(ix, old)
        except FileNotFoundError:
            if attempt == RETRIES - 1:
                raise
            time.sleep(0.05)
    raise AssertionError("unreachable")


def _reopened(ix: FileIndex, old: Searcher | None) -> Searcher:
    toc = ix._read_toc()
    if old is not None and not old.is_closed and toc.generation == old.reader().generation():
        return old
    reusable: dict[tuple[str, int], Any] = {}
    if old is not None:
        for leaf, _base in old.reader().leaf_readers():
            segment = leaf.segment()
            if segment is not None and not leaf.is_closed:
                reusable[(segment.segment_id(), _deletions(segment))] = leaf
    leaves: list[Any] = []
    try:
        for segment in toc.segments:
            kept = reusable.pop((segment.segment_id(), _deletions(segment)), None)
            leaves.append(
                kept
                if kept is not None
                else SegmentReader(ix.storage, toc.schema, segment, generation=toc.generation)
            )
    except BaseException:
        # The old searcher keeps its readers (it may be asked again); only new ones close.
        for leaf in leaves:
            if leaf.generation() == toc.generation:
                leaf.close()
        raise
    for leaf in reusable.values():
        leaf.close()
    if not leaves:
        reader: Any = EmptyReader(toc.schema)
    elif len(leaves) == 1:
        reader = leaves[0]
    else:
        reader = MultiReader(leaves, generation=toc.generation)
    return Searcher(reader, fromindex=ix)
