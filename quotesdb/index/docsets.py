"""Sets of matching documents, read a posting block at a time.

Filters (an expert, a topic, a date range) only decide which quotes qualify; nothing about
them is scored. Whoosh would walk their postings one Python call per document; here each
block of ids is decoded at C speed, so a filter that matches a fifth of a million quotes
costs milliseconds. The set then narrows the scored query as `Only`, which lets the word
query skip straight to the allowed documents.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from itertools import accumulate
from typing import Any

from whoosh import query
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.matching.wrappers import FilterMatcher

from quotesdb.index import memo

# Below this many documents, sorting by the date column beats walking the days backwards.
_SORT_BY_COLUMN = 4000

# Work (postings or documents) from which numpy (`dense`) takes over: before it is loaded,
# enough that its ~0.1 s import pays for itself; once loaded, where its whole-archive
# arrays cost less than Python's loop.
NUMPY_BEFORE_IMPORT = 400_000
NUMPY_AFTER_IMPORT = 20_000
# Sorting by date, once numpy is loaded: the day column read as one array costs a copy,
# where a Python sort key reads it ~7 µs a document.
NUMPY_SORT_AFTER_IMPORT = 64


def numpy_pays(work: int, searcher: Any, *, kept: bool = False) -> bool:
    """Whether numpy should do `work`; `kept` work (scores `memo` keeps on the searcher)
    pays for its whole-archive arrays only once, so numpy takes it on much sooner."""
    if "numpy" in sys.modules:
        if kept:
            return work >= NUMPY_AFTER_IMPORT // 10
        size: int = searcher.doc_count_all()
        return work >= NUMPY_AFTER_IMPORT + size // 50
    return work >= NUMPY_BEFORE_IMPORT


def _has_column(searcher: Any, fieldname: str) -> bool:
    return fieldname in searcher.schema and searcher.schema[fieldname].column_type is not None


def posting_blocks(matcher: Any, weights: bool = False) -> Iterator[tuple[list[int], Any]]:
    """A term's postings in one segment, a block at a time: (ids, frequencies or None).

    Deleted documents are left in: the caller, which knows the segment, skips them.
    """
    if isinstance(matcher, FilterMatcher):  # Whoosh's wrapper that skips deletions
        matcher = matcher.child
    if not isinstance(matcher, W3LeafMatcher):  # a term inlined in the term index
        ids = list(matcher.all_ids())
        frequencies = None
        if weights:
            matcher.reset()
            frequencies = []
            while matcher.is_active():
                frequencies.append(matcher.weight())
                matcher.next()
        yield ids, frequencies
        return
    while True:
        if matcher._data is None:
            matcher._read_data()
        raw = matcher._data[0]
        ids = list(raw if matcher._byteids else accumulate(raw))
        if weights:
            matcher._read_weights()
        yield ids, matcher._weights if weights else None
        if matcher._lastblock:
            return
        matcher._goto(matcher._nextoffset)


def term_docs(searcher: Any, fieldname: str, text: Any) -> set[int]:
    """Global numbers of the live documents holding one term."""
    field = searcher.schema[fieldname]
    btext = text if isinstance(text, bytes) else field.to_bytes(text)
    if numpy_pays(searcher.doc_frequency(fieldname, btext), searcher):
        from quotesdb.index import dense

        return set(dense.term_ids(searcher, fieldname, btext).tolist())
    found: set[int] = set()
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        if (fieldname, btext) not in reader:
            continue
        ids = [i for block, _ in posting_blocks(reader.postings(fieldname, btext)) for i in block]
        if reader.has_deletions():
            dead = reader.deleted_docs_set
            ids = [i for i in ids if i not in dead]
        found.update(ids if not offset else (i + offset for i in ids))
    return found


def docs_with_all(searcher: Any, fieldname: str, terms: list[bytes]) -> set[int]:
    """Global numbers of the live documents holding every one of `terms`, rarest first."""
    frequency = {btext: searcher.doc_frequency(fieldname, btext) for btext in terms}
    rarest_first = sorted(frequency, key=lambda btext: frequency[btext])
    if numpy_pays(sum(frequency.values()), searcher):
        from quotesdb.index import dense

        return dense.docs_with_all(searcher, fieldname, rarest_first)
    found = term_docs(searcher, fieldname, rarest_first[0])
    for btext in rarest_first[1:]:
        if not found:
            break
        found &= term_docs(searcher, fieldname, btext)
    return found


class DocSet(frozenset[int]):
    """A query's documents as `docs` keeps them on the searcher: shared, so immutable. The
    sorted array numpy wants of them is made once, the first time one is asked for."""

    __slots__ = ("_array",)
    _array: Any

    def array(self) -> Any:
        try:
            return self._array
        except AttributeError:
            import numpy as np

            found = np.sort(np.fromiter(self, dtype=np.int64, count=len(self)))
            found.setflags(write=False)
            self._array = found
            return found


def docs(searcher: Any, q: query.Query) -> DocSet:
    """Every live document matching `q`, without scoring; worked out once per searcher
    (`memo`): servers see the same topics, experts and date ranges again and again."""
    try:
        hash(q)
    except TypeError:  # a query Whoosh left unhashable: worked out every time
        return DocSet(_matching(searcher, q))
    return memo.kept(searcher, ("docs", q), lambda: DocSet(_matching(searcher, q)), _set_size)


def _set_size(found: DocSet) -> int:
    return 4 * len(found)  # ~64 bytes a document in a Python set: `memo`'s units of 16


def _matching(searcher: Any, q: query.Query) -> AbstractSet[int]:
    if isinstance(q, query.Term):
        return term_docs(searcher, q.fieldname, q.text)
    if isinstance(q, query.And):
        parts = sorted((docs(searcher, sub) for sub in q.subqueries), key=len)
        if not parts:
            return set()
        result: AbstractSet[int] = parts[0]
        for part in parts[1:]:
            result = result & part
        return result
    if isinstance(q, query.Or):
        found: set[int] = set()
        for sub in q.subqueries:
            found |= docs(searcher, sub)
        return found
    if isinstance(q, query.ConstantScoreQuery):
        return docs(searcher, q.child)
    if isinstance(q, query.NumericRange):
        if _has_column(searcher, q.fieldname) and numpy_pays(searcher.doc_count_all(), searcher):
            from quotesdb.index import dense

            return dense.range_docs(searcher, q)
        # Otherwise the range becomes an Or of its prefix terms, hundreds of them.
        return docs(searcher, q.simplify(searcher.reader()))
    if isinstance(q, query.MultiTerm):  # fuzzy terms, wildcards, prefixes, term ranges
        if type(q) is query.FuzzyTerm:
            from quotesdb.index.fuzzy import expanded_terms

            terms = expanded_terms(searcher.reader(), q)
        else:
            terms = q.expanded_terms(searcher.reader())
        found = set()
        for fieldname, text in terms:
            found |= term_docs(searcher, fieldname, text)
        return found
    if q is query.NullQuery:
        return set()
    return set(searcher.docs_for_query(q))


def newest(searcher: Any, allowed: AbstractSet[int], limit: int) -> list[int]:
    """Up to `limit` of the allowed documents, newest first, the undated last."""
    day = searcher.reader().column_reader("day")

    def by_day(docs: Iterable[int]) -> list[int]:
        return sorted(docs, key=lambda n: (-day[n], n))

    if "numpy" in sys.modules and len(allowed) >= max(limit, NUMPY_SORT_AFTER_IMPORT):
        from quotesdb.index import dense

        return dense.newest(searcher, allowed, limit)
    if len(allowed) <= _SORT_BY_COLUMN:
        return by_day(allowed)[:limit]
    if numpy_pays(len(allowed), searcher):
        from quotesdb.index import dense

        return dense.newest(searcher, allowed, limit)
    # Many allowed: walk the day key's 256-day ranges (its shift-8 terms) from the newest,
    # sorting only the ranges it needs, and stop once enough are found.
    chosen: list[int] = []
    for btext in reversed(_coarse_days(searcher)):
        chosen += by_day(term_docs(searcher, "day", btext) & allowed)
        if len(chosen) >= limit:
            break
    return chosen[:limit]


def _coarse_days(searcher: Any) -> list[bytes]:
    shift = b"\x08"  # NUMERIC terms start with their shift: 8 keeps all but the last byte
    found = []
    for _field, btext in searcher.reader().terms_from("day", shift):
        if btext[:1] != shift:
            break
        found.append(btext)
    return found


class Only(query.Query):  # type: ignore[misc]
    """Matches exactly the given documents (global numbers); scores nothing."""

    def __init__(self, allowed: AbstractSet[int]) -> None:
        self.allowed = allowed
        self.fieldname = None  # no field, no terms: highlighting looks past it
        self.boost = 1.0

    def has_terms(self) -> bool:
        return False

    def terms(self, phrases: bool = False) -> Iterator[tuple[str, Any]]:
        return iter(())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Only) and other.allowed == self.allowed

    def __hash__(self) -> int:
        return id(self)

    def __repr__(self) -> str:
        return f"Only({len(self.allowed)} documents)"

    def estimate_size(self, ixreader: Any) -> int:
        return len(self.allowed)

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        parent = searcher.parent() if searcher.parent else None
        offset = parent._offset_for_subsearcher(searcher) if parent is not None else 0
        end = offset + searcher.doc_count_all()
        ids = sorted(n - offset for n in self.allowed if offset <= n < end)
        if not ids:
            return NullMatcher()
        # Weights of zero: the filter adds nothing to the words' scores.
        return ListMatcher(ids, all_weights=0.0)
