"""Ranking plain word queries a posting block at a time.

Most searches are a few words: each word is `text:w^3 OR paragraph:w`, and the words are
ANDed. Whoosh scores such a query one Python call chain per matching document, and a
common word matches a good share of the archive, so its block-max skipping (which
needs some documents to score far below others) rarely helps. Here each block's ids and
frequencies are decoded at once and BM25F (Whoosh's own formula, statistics and
parameters) is computed in one tight loop, so the scores and the order are the same as
Whoosh's, several times faster. Anything else (phrases, wildcards, NOT) goes to Whoosh.
"""

from __future__ import annotations

import heapq
from itertools import accumulate
from typing import Any

from whoosh import query
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import byte_to_length

B, K1 = 0.75, 1.2  # whoosh.scoring.BM25F's defaults, which the rest of search uses
_LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]

Term = tuple[str, bytes, float]  # field, term bytes, boost


def plain_groups(q: query.Query) -> list[list[Term]] | None:
    """The query as an AND of groups, each an OR of terms; None if it is not that shape."""
    if isinstance(q, query.And):
        groups = []
        for sub in q.subqueries:
            terms = _terms_of(sub)
            if terms is None:
                return None
            groups.append(terms)
        return groups
    group = _terms_of(q)
    return None if group is None else [group]


def _terms_of(q: query.Query) -> list[Term] | None:
    if type(q) is query.Term:
        field, text = q.fieldname, q.text
        return [(field, text if isinstance(text, bytes) else text.encode("utf-8"), q.boost)]
    if type(q) is query.Or and all(type(sub) is query.Term for sub in q.subqueries):
        found = [_terms_of(sub) for sub in q.subqueries]
        return [term for part in found if part for term in part]
    return None


def scores(
    searcher: Any, groups: list[list[Term]], allowed: set[int] | None = None
) -> dict[int, float]:
    """Every matching document (global number) with its BM25F score, among `allowed`."""
    result: dict[int, float] | None = None
    for group in sorted(groups, key=lambda g: _frequency(searcher, g)):
        within = allowed if result is None else result.keys()
        found = _group_scores(searcher, group, within)
        if result is None:
            result = found
        else:
            result = {d: s + found[d] for d, s in result.items() if d in found}
        if not result:
            return {}
    return result or {}


def top(ranked: dict[int, float], limit: int) -> list[tuple[int, float]]:
    """The best `limit`, best first; equal scores in index order, as Whoosh breaks ties."""
    best = heapq.nsmallest(limit, ranked.items(), key=lambda item: (-item[1], item[0]))
    return [(doc, score) for doc, score in best]


def _frequency(searcher: Any, group: list[Term]) -> int:
    return sum(searcher.doc_frequency(field, text) for field, text, _boost in group)


def _group_scores(searcher: Any, group: list[Term], within: Any) -> dict[int, float]:
    acc: dict[int, float] = {}
    get = acc.get
    for field, text, boost in group:
        if not searcher.schema[field].scorable:
            continue
        idf = searcher.idf(field, text)
        avgfl = searcher.avg_field_length(field) or 1
        factor = boost * idf * (K1 + 1)
        # tf / (tf + norm[length byte]): the length part of BM25 for each stored length byte
        norm = [K1 * ((1 - B) + B * n / avgfl) for n in _LENGTH_OF_BYTE]
        for leaf, offset in searcher.leaf_searchers():
            reader = leaf.reader()
            if (field, text) not in reader:
                continue
            lengths = _length_bytes(reader, field)
            dead = reader.deleted_docs_set if reader.has_deletions() else ()
            for ids, weights in _blocks(reader.postings(field, text)):
                for doc, tf in zip(ids, weights, strict=True):
                    if dead and doc in dead:
                        continue
                    doc += offset
                    if within is not None and doc not in within:
                        continue
                    acc[doc] = get(doc, 0.0) + factor * tf / (tf + norm[lengths[doc - offset]])
    return acc


def _blocks(matcher: Any) -> Any:
    if isinstance(matcher, FilterMatcher):  # deletions: the caller skips them
        matcher = matcher.child
    if not isinstance(matcher, W3LeafMatcher):
        ids = list(matcher.all_ids())
        matcher.reset()
        weights = []
        while matcher.is_active():
            weights.append(matcher.weight())
            matcher.next()
        yield ids, weights
        return
    while True:
        if matcher._data is None:
            matcher._read_data()
        raw = matcher._data[0]
        ids = list(raw if matcher._byteids else accumulate(raw))
        matcher._read_weights()
        yield ids, matcher._weights
        if matcher._lastblock:
            return
        matcher._goto(matcher._nextoffset)


def _length_bytes(reader: Any, field: str) -> bytes:
    """One length byte a document for a segment's field, read in one go and cached."""
    cache = reader.__dict__.setdefault("_quotesdb_lengths", {})
    found: bytes | None = cache.get(field)
    if found is None:
        count = reader.doc_count_all()
        column = reader._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
        raw = b""
        if column is not None:
            raw = column._dbfile.get(column._basepos, column._count * column._fixedlen)
        found = cache[field] = raw + bytes(count - len(raw))
    return found
