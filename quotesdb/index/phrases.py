"""Phrases in fields indexed without positions, checked on the stored text.

The quote and its paragraph are indexed without word positions: ranking plain words, by
far the common search, then decodes postings about four times faster. A phrase there
is found as all its words, narrowed by the pairs of common words it holds (the `pairs`
field), and each candidate is kept only if its stored text has the words in order,
analysed exactly as the index was. The `sequence` column holds each document's terms
as codes, so most candidates are ruled out without reading their stored text at all.
"""

from __future__ import annotations

import struct
from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import Any

from whoosh import query
from whoosh.matching import NullMatcher
from whoosh.matching.wrappers import FilterMatcher

from quotesdb.index import docsets, memo
from quotesdb.index.hits import stored_fields
from quotesdb.index.schema import (
    SEQUENCE_PARTS,
    StemmedText,
    TermSequences,
    WordPairs,
    stemmed_positions,
    stemmed_terms,
    term_codes,
    word_pairs,
)

Phrases = Sequence[tuple[Sequence[str], list[str]]]  # (fields, analysed words) each


class StoredPhrase(query.Phrase):  # type: ignore[misc]
    """A Phrase whose positions come from the stored field rather than the postings."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        words = [w for w in self.words if w]
        if not words:
            return NullMatcher()
        terms = query.And([query.Term(self.fieldname, w, boost=self.boost) for w in words])
        child = terms.matcher(searcher, context)
        if not child.is_active():
            return child
        paired = pair_docs(searcher, words) if self.slop == 1 else None
        candidates = docsets.docs(searcher, terms) if paired is None else paired
        may_hold = may_hold_all(searcher, [((self.fieldname,), words)] if self.slop == 1 else [])
        kept = {
            doc
            for doc in candidates
            if may_hold(doc)
            and has_phrase(stored_fields(searcher, doc).get(self.fieldname), words, self.slop)
        }
        return FilterMatcher(child, frozenset(kept)) if kept else NullMatcher()


def pair_docs(searcher: Any, words: list[str]) -> set[int] | None:
    """Documents with each indexed pair of the phrase; None if none of its pairs is indexed.

    A superset of the documents that hold the phrase (a pair may come from the quote and
    the next from its paragraph), but a small one even when every word is common.
    """
    field = dict(searcher.schema.items()).get("pairs")
    common = field.words if isinstance(field, WordPairs) else frozenset()
    pairs = [pair.encode("utf-8") for pair in dict.fromkeys(word_pairs(words, common))]
    return docsets.docs_with_all(searcher, "pairs", pairs) if pairs else None


def may_hold_all(searcher: Any, phrases: Phrases) -> Callable[[int], bool]:
    """A test of a document against the `sequence` column: false only if the document
    cannot hold every phrase (words one after another), true if it may, to be confirmed
    on the stored text. Always true where the column cannot tell (an older index, a
    phrase in another field)."""
    wanted = []
    for fields, words in phrases:
        if not words or any(name not in SEQUENCE_PARTS for name in fields):
            continue
        parts = tuple(SEQUENCE_PARTS.index(name) for name in fields)
        wanted.append((term_codes(words), parts))
    values = _sequences(searcher) if wanted else None
    if values is None:
        return lambda _doc: True

    def may_hold(doc: int) -> bool:
        value = values(doc)
        return not value or all(_holds(value, codes, parts) for codes, parts in wanted)

    return may_hold


def _holds(value: bytes, codes: bytes, parts: tuple[int, ...]) -> bool:
    """Whether `codes` start at a term (a multiple of 4) within one of those parts."""
    head = 4 * (len(SEQUENCE_PARTS) - 1)
    bounds = [head]
    for count in struct.unpack_from(f"<{len(SEQUENCE_PARTS) - 1}I", value):
        bounds.append(bounds[-1] + 4 * count)
    bounds.append(len(value))
    for part in parts:
        end = bounds[part + 1]
        at = value.find(codes, bounds[part], end)
        while at >= 0:
            if at % 4 == 0:
                return True
            at = value.find(codes, at + 1, end)
    return False


def _sequences(searcher: Any) -> Callable[[int], bytes] | None:
    """Global document number -> its `sequence` value (b"" if it has none), kept on the
    searcher; None for an index without the column."""
    field = dict(searcher.schema.items()).get("sequence")
    if not isinstance(field, TermSequences):
        return None

    def make() -> Callable[[int], bytes]:
        leaves = searcher.leaf_searchers()
        offsets = [offset for _leaf, offset in leaves]
        columns = [
            leaf.reader().column_reader("sequence", translate=False)
            if leaf.reader().has_column("sequence")
            else None
            for leaf, _offset in leaves
        ]

        def value(doc: int) -> bytes:
            at = bisect_right(offsets, doc) - 1
            column = columns[at]
            return column[doc - offsets[at]] if column is not None else b""

        return value

    # The column readers hold each document's offset and length: ~8 bytes a document.
    return memo.kept(searcher, ("sequences",), make, lambda _: searcher.doc_count_all() // 2)


def has_phrase(text: str | None, words: list[str], slop: int = 1) -> bool:
    """Whether the analysed `text` has `words` in order, each within `slop` of the last."""
    if not text:
        return False
    if slop == 1:  # the words one after another: list searches in C
        terms = stemmed_terms(text)[1]
        first, size, at = words[0], len(words), 0
        try:
            while True:
                at = terms.index(first, at)
                if terms[at : at + size] == words:
                    return True
                at += 1
        except ValueError:
            return False
    positions = stemmed_positions(text)
    try:
        starts = positions[words[0]]
        following = [set(positions[word]) for word in words[1:]]
    except KeyError:
        return False
    for start in starts:
        at = start
        for allowed in following:
            nxt = next((p for p in range(at + 1, at + slop + 1) if p in allowed), None)
            if nxt is None:
                break
            at = nxt
        else:
            return True
    return False


def check_phrases_on_stored_text(q: query.Query, schema: Any) -> query.Query:
    """`q` with every phrase on a position-less field made a StoredPhrase."""

    def swap(node: query.Query) -> query.Query:
        if type(node) is query.Phrase and node.fieldname in schema.names():
            field = schema[node.fieldname]
            if isinstance(field, StemmedText) and not field.positional:
                return StoredPhrase(node.fieldname, node.words, node.slop, node.boost)
        return node

    rewritten: query.Query = q.accept(swap)
    return rewritten
