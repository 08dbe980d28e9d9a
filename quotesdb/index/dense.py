"""Ranking a query with many postings in numpy: the same BM25F, arrays instead of loops.

A common word matches a good share of the archive, and `ranking`'s Python loop costs
some 0.25 µs a posting, most of it unpickling Whoosh's blocks. Here a common term's
postings come straight from the segment's arrays file (`arrays`), rarer ones from
Whoosh's blocks. Each word's scores become sorted arrays of documents and scores, kept
on the searcher for later searches (`memo`), and a query intersects them. Each value is
computed with the same operations in the same order as `ranking`'s loop, so scores and
ties are identical. Imported only for such queries: numpy takes ~0.1 s to load.
"""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from typing import Any

import numpy as np

from quotesdb.index import arrays, memo
from quotesdb.index.docsets import DocSet, posting_blocks
from quotesdb.index.ranking import (
    Term,
    best_first,
    bm25_norms,
    length_bytes,
    term_factor,
    terms_by_rarity,
)
from quotesdb.sorted_ids import find

# An archive-size scratch array (9 bytes a quote to sum a word's fields, 1 to intersect)
# is the fastest way up to this many quotes (38 MB); beyond it a query works in arrays the
# size of its postings instead, so its memory never grows with the archive (at 178M quotes
# the masks would be 1.6 GB a word).
MASK_DOCS = 1 << 22


class DenseMatches:
    """Matching documents (ascending global numbers) and their scores, as arrays."""

    def __init__(self, docs: Any, scores: Any) -> None:
        self._docs = docs
        self._scores = scores

    def __len__(self) -> int:
        return int(self._docs.size)

    def score(self, doc: int) -> float:
        return float(self._scores[np.searchsorted(self._docs, doc)])

    def docs(self) -> set[int]:
        return set(self._docs.tolist())

    def best(self, limit: int) -> list[tuple[int, float]]:
        """The best `limit`, best first; equal scores in index order, as Whoosh breaks ties."""
        size = self._docs.size
        if limit <= 0 or not size:
            return []
        chosen = np.arange(size)
        if limit < size:  # the limit-th best score, then the few at or above it
            floor = np.partition(self._scores, size - limit)[size - limit]
            chosen = np.flatnonzero(self._scores >= floor)
        docs, scores = self._docs[chosen], self._scores[chosen]
        order = np.lexsort((docs, -scores))[:limit]
        return list(zip(docs[order].tolist(), scores[order].tolist(), strict=True))

    def best_first(self) -> Iterator[tuple[int, float]]:
        return best_first(self)


def scores(
    searcher: Any, groups: list[list[Term]], allowed: AbstractSet[int] | None
) -> DenseMatches:
    """Each group's matches rarest first, the next ones' scores added where they match too.

    A group (a word over the fields it is looked for in) is scored once per searcher and
    kept (`memo`): the next search with that word only intersects and adds."""
    size = searcher.doc_count_all()
    docs: Any = None
    total: Any = None
    for group in terms_by_rarity(searcher, groups):
        ids, values = group_scores(searcher, group)
        if docs is None:
            docs, total = ids, values
            if allowed is not None:
                kept = _member(docs, as_array(allowed), size)
                docs, total = docs[kept], total[kept]
            continue
        kept, found = _both(docs, ids, size)
        docs, total = docs[kept], total[kept] + values[found]
    if docs is None:
        return DenseMatches(np.zeros(0, dtype=np.int64), np.zeros(0))
    return DenseMatches(docs, total)


def group_scores(searcher: Any, group: list[Term]) -> tuple[Any, Any]:
    """A group's documents (ascending) and their summed BM25F, kept on the searcher."""
    found: tuple[Any, Any] = memo.kept(
        searcher,
        ("group", tuple(group)),
        lambda: _group_scores(searcher, group),
        lambda found: int(found[0].size),
    )
    return found


def _group_scores(searcher: Any, group: list[Term]) -> tuple[Any, Any]:
    size = searcher.doc_count_all()
    found_ids: list[Any] = []
    found_values: list[Any] = []
    for name, text, boost in group:
        if not searcher.schema[name].scorable:
            continue
        factor = term_factor(searcher, name, text, boost)
        norms = np.array(bm25_norms(searcher, name))
        for leaf, offset in searcher.leaf_searchers():
            reader = leaf.reader()
            if (name, text) not in reader:
                continue
            ids, weights = _postings(reader, name, text)
            assert weights is not None
            lengths = np.frombuffer(length_bytes(reader, name), dtype=np.uint8)
            found_values.append(factor * weights / (weights + norms[lengths[ids]]))
            found_ids.append(ids + offset if offset else ids)
    docs, values = _summed(found_ids, found_values, size)
    docs.setflags(write=False)  # kept and shared: a write in place would be a bug
    values.setflags(write=False)
    return docs, values


def _summed(found_ids: list[Any], found_values: list[Any], size: int) -> tuple[Any, Any]:
    """Each document once (ascending) with its values added in the order found: through
    archive-size arrays on archives up to MASK_DOCS, else in arrays the size of the
    postings; either way a document's values are added one by one in the same order, so
    the scores are the same to the bit (numpy's reduce would add them pairwise)."""
    if not found_ids:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    if size <= MASK_DOCS:
        summed = np.zeros(size)
        matched = np.zeros(size, dtype=bool)
        for ids, values in zip(found_ids, found_values, strict=True):
            summed[ids] += values
            matched[ids] = True
        docs = np.flatnonzero(matched)
        return docs, summed[docs]
    # Each part is ascending: a stable sort (timsort) merges the runs in O(n log parts).
    merged = np.sort(np.concatenate(found_ids), kind="stable")
    docs = merged[np.concatenate(([True], merged[1:] != merged[:-1]))]
    summed = np.zeros(docs.size)
    for ids, values in zip(found_ids, found_values, strict=True):
        summed[np.searchsorted(docs, ids)] += values  # in the same order as above
    return docs, summed


def as_array(allowed: AbstractSet[int]) -> Any:
    """The documents as a sorted int64 array; a kept `DocSet` makes its own only once."""
    if isinstance(allowed, DocSet):
        return allowed.array()
    return np.sort(np.fromiter(allowed, dtype=np.int64, count=len(allowed)))


def _both(a: Any, b: Any, size: int) -> tuple[Any, Any]:
    """Which of `a` are in `b`, and which of `b` are in `a` (both ascending, distinct):
    the same documents in the same order."""
    return _member(a, b, size), _member(b, a, size)


def _member(a: Any, b: Any, size: int) -> Any:
    """Which of `a` are in `b` (ascending): through an archive-size mask when the arrays
    are long (a binary search costs ~20 ns a document, a mask ~1 ns an archive's one) and
    the archive holds at most MASK_DOCS quotes."""
    if a.size + b.size > size // 16 and size <= MASK_DOCS:
        in_b = np.zeros(size, dtype=bool)
        in_b[b] = True
        return in_b[a]
    return find(b, a)[1]


def _postings(reader: Any, name: str, text: bytes, weights: bool = True) -> tuple[Any, Any]:
    """A term's live postings in a segment: local ids (int64) and weights (float64 or None)."""
    found = arrays.of_reader(reader)
    mapped = found.get(name, text) if found is not None else None
    if mapped is not None:
        ids = mapped[0].astype(np.int64)
        values = mapped[1].astype(np.float64) if weights else None
    else:
        id_list: list[int] = []
        weight_list: list[float] = []
        for local, block_weights in posting_blocks(reader.postings(name, text), weights=weights):
            id_list += local
            if weights:
                weight_list += block_weights
        ids = np.array(id_list, dtype=np.int64)
        values = np.array(weight_list) if weights else None
    if reader.has_deletions():
        live = _segment_live(reader)[ids]
        ids = ids[live]
        values = values[live] if values is not None else None
    return ids, values


def term_ids(searcher: Any, fieldname: str, btext: bytes) -> Any:
    """The live documents (global numbers, ascending) holding a term."""
    parts = [np.zeros(0, dtype=np.int64)]
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        if (fieldname, btext) in reader:
            ids, _none = _postings(reader, fieldname, btext, weights=False)
            parts.append(ids + offset if offset else ids)
    return np.concatenate(parts)


def docs_with_all(searcher: Any, fieldname: str, terms: list[bytes]) -> set[int]:
    """The live documents holding every one of `terms`, given rarest first."""
    found = term_ids(searcher, fieldname, terms[0])
    for btext in terms[1:]:
        if not found.size:
            break
        found = np.intersect1d(found, term_ids(searcher, fieldname, btext), assume_unique=True)
    return set(found.tolist())


def range_docs(searcher: Any, q: Any) -> set[int]:
    """Documents whose column value for a sortable numeric field lies in range `q`.

    One comparison over the column's array instead of the range's hundreds of terms.
    """
    field = searcher.schema[q.fieldname]
    values = column_values(searcher, q.fieldname)
    mask = np.ones(values.size, dtype=bool)
    if q.start is not None:
        low = field.to_column_value(q.start)
        mask &= values > low if q.startexcl else values >= low
    if q.end is not None:
        high = field.to_column_value(q.end)
        mask &= values < high if q.endexcl else values <= high
    live = mask & _live(searcher)
    found: set[int] = set(np.flatnonzero(live).tolist())
    return found


def newest(searcher: Any, allowed: AbstractSet[int], limit: int) -> list[int]:
    """The `limit` allowed documents with the highest day, ties in index order."""
    docs = as_array(allowed)
    days = column_values(searcher, "day")[docs]
    if limit < docs.size:  # the limit-th highest day, then the few on or after it
        floor = np.partition(days, docs.size - limit)[docs.size - limit]
        kept = days >= floor
        docs, days = docs[kept], days[kept]
    order = np.lexsort((docs, -days))[:limit]
    return list(docs[order].tolist())


def column_values(searcher: Any, fieldname: str) -> Any:
    """A numeric column's stored values (int64) for every document, segments in order."""
    parts = []
    for leaf, _offset in searcher.leaf_searchers():
        reader = leaf.reader()
        cache = reader.__dict__.setdefault("_quotesdb_columns", {})
        found = cache.get(fieldname)
        if found is None:
            column = reader.column_reader(fieldname, translate=False)
            raw = column._dbfile.get(column._basepos, column._count * column._fixedlen)
            found = np.full(reader.doc_count_all(), column._default, dtype=np.int64)
            found[: column._count] = np.frombuffer(raw, dtype=">" + column._typecode)
            cache[fieldname] = found
        parts.append(found)
    return np.concatenate(parts) if len(parts) != 1 else parts[0]


def _live(searcher: Any) -> Any:
    """Which documents are not deleted, for every document, segments in order."""
    parts = [_segment_live(leaf.reader()) for leaf, _offset in searcher.leaf_searchers()]
    return np.concatenate(parts) if len(parts) != 1 else parts[0]


def _segment_live(reader: Any) -> Any:
    """Which of a segment's documents are not deleted, worked out once per reader."""
    cache = reader.__dict__
    found = cache.get("_quotesdb_live")
    if found is None:
        found = cache["_quotesdb_live"] = np.ones(reader.doc_count_all(), dtype=bool)
        if reader.has_deletions():
            found[np.fromiter(reader.deleted_docs_set, dtype=np.int64)] = False
    return found
