"""Writing many documents into the index at once, faster than Whoosh's general writer.

Whoosh's writer sorts postings in a pool that spills to pickled temp files every million
postings, and looks each posting's field length up on disk when it writes the segment.
Here every segment's postings stay in memory (segments are cut at `SEGMENT_DOCS`
documents, so memory stays bounded), and field lengths are read once per field.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from whoosh.index import FileIndex
from whoosh.writing import SegmentWriter

SEGMENT_DOCS = 25_000
_POOL_MB = 1024  # Whoosh's estimate of a posting's size; real use is about a third


class _Lengths:
    """A segment's field lengths, each field's column read once instead of per posting."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._columns: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        column = self._columns.get(fieldname)
        if column is None:
            length = self._reader.doc_field_length
            column = [length(n, fieldname, default) for n in range(self._reader.doc_count_all())]
            self._columns[fieldname] = column
        return column[docnum]


class BulkWriter(SegmentWriter):  # type: ignore[misc]
    """A segment writer whose pool never spills and whose flush reads lengths once."""

    def __init__(self, ix: FileIndex, **kwargs: Any) -> None:
        super().__init__(ix, limitmb=_POOL_MB, **kwargs)
        self.pool.maxsize = 1 << 62  # the limit is SEGMENT_DOCS, not the pool's item count

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        reader = self.per_document_reader()
        try:
            self.fieldwriter.add_postings(self.schema, _Lengths(reader), self.pool.iter_postings())
        finally:
            reader.close()
        self.fieldwriter.close()


def add_documents(ix: FileIndex, docs: Iterable[dict[str, Any]], **writer_args: Any) -> int:
    """Add documents in segments of SEGMENT_DOCS, each committed without merging.

    Only for documents the index does not hold yet (a new index): nothing is replaced.
    """
    count = 0
    writer: BulkWriter | None = None
    try:
        for doc in docs:
            if writer is None:
                writer = BulkWriter(ix, **writer_args)
            writer.add_document(**doc)
            count += 1
            if count % SEGMENT_DOCS == 0:
                writer.commit(merge=False)
                writer = None
        if writer is not None:
            writer.commit(merge=False)
            writer = None
    finally:
        if writer is not None:
            writer.cancel()
    return count
