"""Writing many documents into the index at once, faster than Whoosh's general writer.

Whoosh's writer keeps a tuple per posting (some 200 bytes) in a pool that spills to
pickled temp files every million postings, then sorts them all, and looks each posting's
field length up on disk when it writes the segment. Here a segment's postings stay in
memory grouped by term, in arrays (some 20 bytes a posting), only the terms are sorted,
segments are cut at `SEGMENT_DOCS` documents so memory stays bounded, and field lengths
are read once per field.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Iterable
from typing import Any

from whoosh.codec.whoosh3 import W3Codec
from whoosh.index import FileIndex
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from quotesdb.index import arrays

SEGMENT_DOCS = 100_000


class _Lengths:
    """A segment's field lengths, each field's column read once instead of per posting."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._columns: dict[str, list[int | None]] = {}

    def column(self, fieldname: str) -> list[int | None]:
        found = self._columns.get(fieldname)
        if found is None:
            length = self._reader.doc_field_length
            count = self._reader.doc_count_all()
            found = self._columns[fieldname] = [length(n, fieldname, 0) for n in range(count)]
        return found


class _Term:
    """One term's postings in a segment: documents, weights and values side by side."""

    __slots__ = ("docs", "values", "weights")

    def __init__(self) -> None:
        self.docs = array("I")
        self.weights = array("d")
        self.values: list[bytes] = []

    def add(self, docnum: int, weight: float, value: bytes | None) -> None:
        self.docs.append(docnum)
        self.weights.append(weight)
        self.values.append(_shared(value or b""))


_VALUES: dict[bytes, bytes] = {}


def _shared(value: bytes) -> bytes:
    """One object for each distinct short posting value (most are a frequency of 1 or 2)."""
    return value if len(value) > 8 else _VALUES.setdefault(value, value)


class _TermPool:
    """A segment's postings grouped by term, in arrays: some 20 bytes a posting."""

    def __init__(self) -> None:
        self.terms: dict[tuple[str, bytes], _Term] = {}

    def terms_of(self, fieldname: str, btext: bytes) -> _Term:
        key = (fieldname, btext)
        found = self.terms.get(key)
        if found is None:
            found = self.terms[key] = _Term()
        return found

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        fieldname, btext, docnum, weight, value = item
        self.terms_of(fieldname, btext).add(docnum, weight, value)

    def cleanup(self) -> None:
        self.terms.clear()


class BulkWriter(SegmentWriter):  # type: ignore[misc]
    """A segment writer with the compact pool, whose flush reads lengths once."""

    def __init__(self, ix: FileIndex, **kwargs: Any) -> None:
        # Separate files, not one compound file: Whoosh reads a compound segment's parts
        # by copying each into memory (BytesIO over the mapping), 260 MB and ~0.1 s for
        # every search of a 100k-quote segment; separate files are read where they lie.
        kwargs.setdefault("compound", False)
        kwargs.setdefault("codec", W3Codec(compression=0))
        super().__init__(ix, **kwargs)
        self.pool = _TermPool()
        self._plain = not any(
            field.separate_spelling() or field.vector for _name, field in self.schema.items()
        )

    def add_document(self, **fields: Any) -> None:
        """SegmentWriter.add_document without the per-posting tuple, for this schema."""
        if not self._plain or any(name.startswith("_") for name in fields):
            super().add_document(**fields)  # boosts, spelling, vectors: Whoosh's own way
            return
        self._check_state()
        self._check_fields(self.schema, list(fields))
        docnum, perdoc, terms = self.docnum, self.perdocwriter, self.pool.terms
        perdoc.start_doc(docnum)
        try:
            for name in sorted(fields):
                value = fields[name]
                if value is None:
                    continue
                field = self.schema[name]
                length = 0
                if field.indexed:
                    scorable = field.scorable
                    for btext, freq, weight, vbytes in field.index(value):
                        if scorable:
                            length += freq
                        term = terms.get((name, btext))  # inlined: once per posting
                        if term is None:
                            term = terms[(name, btext)] = _Term()
                        term.docs.append(docnum)
                        term.weights.append(weight)
                        term.values.append(_shared(vbytes) if vbytes else b"")
                perdoc.add_field(name, field, value if field.stored else None, length)
                if field.column_type:
                    column_value = field.to_column_value(value)
                    perdoc.add_column_value(name, field.column_type, column_value)
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        reader = self.per_document_reader()
        try:
            self._write_postings(_Lengths(reader))
        finally:
            reader.close()
        self.fieldwriter.close()
        folder = getattr(self.storage, "folder", None)
        if folder is not None:  # a segment file: removed with the segment, or if unused
            path = os.path.join(folder, self.newsegment.make_filename(arrays.EXTENSION))
            arrays.write(path, ((k, t.docs, t.weights) for k, t in self.pool.terms.items()))

    def _write_postings(self, lengths: _Lengths) -> None:
        """The segment's postings, a block at a time, as Whoosh's W3 codec lays them out.

        Whoosh's own path makes several Python calls per posting; here a block of 128 is
        handed to the codec's block writer whole, with the statistics it keeps per block.
        """
        writer, terms = self.fieldwriter, self.pool.terms
        limit = self.codec._blocklimit
        current: str | None = None
        column: list[int | None] = []
        for key in sorted(terms):
            fieldname, btext = key
            if fieldname != current:
                if current is not None:
                    writer.finish_field()
                writer.start_field(fieldname, self.schema[fieldname])
                current, column = fieldname, lengths.column(fieldname)
            writer.start_term(btext)
            postings = writer._postwriter
            term = terms[key]
            for start in range(0, len(term.docs), limit):
                if start:
                    postings._write_block()
                docs = term.docs[start : start + limit]
                weights = array("f", term.weights[start : start + limit])
                known = [n for n in (column[d] for d in docs) if n]
                postings._ids = docs
                postings._weights = weights
                postings._values = [v for v in term.values[start : start + limit] if v]
                postings._maxweight = max(0.0, max(weights))
                postings._minlength = min(known) if known else None
                postings._maxlength = max(known) if known else 0
            writer.finish_term()
        if current is not None:
            writer.finish_field()


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


SMALL_SEGMENT_DOCS = 5_000
_SMALL_SEGMENTS_KEPT = 8


def merge_small_segments(writer: SegmentWriter, segments: list[Any]) -> list[Any]:
    """A merge policy for everyday commits: merge small segments, never the bulk ones.

    Whoosh's default policy would, once there are some twenty bulk segments, merge most
    of the archive into the next one-quote commit, and a hand edit would take minutes.
    """
    small = [s for s in segments if s.doc_count_all() < SMALL_SEGMENT_DOCS]
    if len(small) <= _SMALL_SEGMENTS_KEPT:
        return segments
    for segment in small:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    merged = {id(s) for s in small}
    return [s for s in segments if id(s) not in merged]
