"""Ranking plain word queries a posting block at a time.

Most searches are a few words: each word is `text:w^3 OR paragraph:w`, and the words are
ANDed. Whoosh scores such a query one Python call chain per matching document, and a
common word matches a good share of the archive, so its block-max skipping (which
needs some documents to score far below others) rarely helps. Here each block's ids and
frequencies are decoded at once and BM25F (Whoosh's own formula, statistics and
parameters) is computed in one tight loop, so the scores and the order are the same as
Whoosh's, several times faster. Queries with many postings go to numpy instead (`dense`),
with the same scores bit for bit. Phrases are checked on the stored text of the best
candidates only; anything else (wildcards, NOT, field ranges) goes to Whoosh.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any, Protocol

from whoosh import query
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length

from quotesdb.index.docsets import numpy_pays, posting_blocks
from quotesdb.index.hits import stored_fields
from quotesdb.index.phrases import StoredPhrase, has_phrase, may_hold_all

B, K1 = 0.75, 1.2  # whoosh.scoring.BM25F's defaults, which the rest of search uses
_LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]

Term = tuple[str, bytes, float]  # field, term bytes, boost


@dataclass(slots=True)
class Plan:
    """A query as an AND of groups (each an OR of terms), and the phrases to check.

    A phrase adds one group per word, so candidates have all its words, and is checked
    on the stored text of the best candidates only, in score order, until enough hold.
    """

    groups: list[list[Term]] = field(default_factory=list)
    phrases: list[tuple[tuple[str, ...], list[str]]] = field(default_factory=list)


def plan(q: query.Query) -> Plan | None:
    """How to rank `q` here; None if it is not words and phrases ANDed (then Whoosh does)."""
    found = Plan()
    for sub in q.subqueries if type(q) is query.And else [q]:
        terms = _terms_of(sub)
        if terms is not None:
            found.groups.append(terms)
            continue
        phrase = _phrase_of(sub)
        if phrase is None:
            return None
        fields, words = phrase
        for word in words:
            found.groups.append([(name, word.encode("utf-8"), boost) for name, boost in fields])
        found.phrases.append((tuple(name for name, _boost in fields), words))
    return found


def _terms_of(q: query.Query) -> list[Term] | None:
    if type(q) is query.Term:
        text = q.text
        return [(q.fieldname, text if isinstance(text, bytes) else text.encode("utf-8"), q.boost)]
    if type(q) is query.Or and all(type(sub) is query.Term for sub in q.subqueries):
        found = [_terms_of(sub) for sub in q.subqueries]
        return [term for part in found if part for term in part]
    return None


def _phrase_of(q: query.Query) -> tuple[list[tuple[str, float]], list[str]] | None:
    """A phrase over one or more fields: its (field, boost) pairs and its words."""
    parts = q.subqueries if type(q) is query.Or else [q]
    if not parts or not all(type(p) is StoredPhrase and p.slop == 1 for p in parts):
        return None
    words = [w for w in parts[0].words if w]
    if not words or any([w for w in p.words if w] != words for p in parts):
        return None
    return [(p.fieldname, p.boost) for p in parts], words


class Matches(Protocol):
    """Every matching document with its score, however they were computed."""

    def __len__(self) -> int: ...

    def score(self, doc: int) -> float: ...

    def docs(self) -> set[int]: ...

    def best(self, limit: int) -> list[tuple[int, float]]: ...

    def best_first(self) -> Iterator[tuple[int, float]]: ...


class ScoreDict(dict[int, float]):
    """Matches as a dictionary of document to score: what Python loops produce."""

    def score(self, doc: int) -> float:
        return self[doc]

    def docs(self) -> set[int]:
        return set(self)

    def best(self, limit: int) -> list[tuple[int, float]]:
        """The best `limit`, best first; equal scores in index order, as Whoosh breaks ties."""
        if not self or limit <= 0:
            return []
        # The limit-th best score, found comparing floats only, then the few at or above it.
        floor = min(heapq.nlargest(limit, self.values()))
        best = [(doc, score) for doc, score in self.items() if score >= floor]
        best.sort(key=lambda item: (-item[1], item[0]))
        return best[:limit]

    def best_first(self) -> Iterator[tuple[int, float]]:
        return best_first(self)


def best_first(found: Matches) -> Iterator[tuple[int, float]]:
    """Every match best first, sorting more only as more are asked for: a phrase's
    candidates are checked best first, and the first few usually hold it."""
    done = 0
    for limit in (64, 4096, len(found)):
        yield from found.best(limit)[done:]
        done = limit
        if limit >= len(found):
            return


def verified(
    searcher: Any, found: Matches, phrases: list[tuple[tuple[str, ...], list[str]]]
) -> Iterator[tuple[int, float, dict[str, Any]]]:
    """Candidates best first that hold every phrase, with their stored fields."""
    may_hold = may_hold_all(searcher, phrases)
    for doc, score in found.best_first():
        if not may_hold(doc):
            continue
        stored = stored_fields(searcher, doc)
        if all(
            any(has_phrase(stored.get(name), words) for name in fields) for fields, words in phrases
        ):
            yield doc, score, stored


def scores(
    searcher: Any, groups: list[list[Term]], allowed: AbstractSet[int] | None = None
) -> Matches:
    """Every matching document (global number) with its BM25F score, among `allowed`."""
    if numpy_pays(sum(_frequency(searcher, group) for group in groups), searcher, kept=True):
        from quotesdb.index import dense

        return dense.scores(searcher, groups, allowed)
    result: dict[int, float] | None = None
    for group in terms_by_rarity(searcher, groups):
        within = allowed if result is None else result.keys()
        found = _group_scores(searcher, group, within)
        if result is None:
            result = found
        else:
            result = {d: s + found[d] for d, s in result.items() if d in found}
        if not result:
            return ScoreDict()
    return ScoreDict(result or {})


def terms_by_rarity(searcher: Any, groups: list[list[Term]]) -> list[list[Term]]:
    """Groups rarest first: the first narrows what the others must sum."""
    return sorted(groups, key=lambda g: _frequency(searcher, g))


def _frequency(searcher: Any, group: list[Term]) -> int:
    return sum(searcher.doc_frequency(name, text) for name, text, _boost in group)


def term_factor(searcher: Any, name: str, text: bytes, boost: float) -> float:
    """BM25F's part of a term's score that is the same for every document."""
    factor: float = boost * searcher.idf(name, text) * (K1 + 1)
    return factor


def bm25_norms(searcher: Any, name: str) -> list[float]:
    """BM25F's length part (tf / (tf + norm)) for each stored length byte of the field."""
    avgfl = searcher.avg_field_length(name) or 1
    return [K1 * ((1 - B) + B * n / avgfl) for n in _LENGTH_OF_BYTE]


def _group_scores(searcher: Any, group: list[Term], within: Any) -> dict[int, float]:
    acc: dict[int, float] = {}
    get = acc.get
    for name, text, boost in group:
        if not searcher.schema[name].scorable:
            continue
        factor = term_factor(searcher, name, text, boost)
        norm = bm25_norms(searcher, name)
        fresh = not acc  # this term's documents are all new: no sums to make
        for leaf, offset in searcher.leaf_searchers():
            reader = leaf.reader()
            if (name, text) not in reader:
                continue
            lengths = length_bytes(reader, name)
            dead = reader.deleted_docs_set if reader.has_deletions() else ()
            for local, weights in posting_blocks(reader.postings(name, text), weights=True):
                if dead or within is not None:
                    kept = [
                        (d, w)
                        for d, w in zip(local, weights, strict=True)
                        if d not in dead and (within is None or d + offset in within)
                    ]
                    local, weights = [d for d, _w in kept], [w for _d, w in kept]
                # List comprehensions, not a loop of statements: this is the hot path.
                values = [
                    factor * tf / (tf + norm[lengths[d]])
                    for d, tf in zip(local, weights, strict=True)
                ]
                docs = [d + offset for d in local] if offset else local
                if fresh:
                    acc.update(zip(docs, values, strict=True))
                    continue
                for doc, value in zip(docs, values, strict=True):
                    acc[doc] = get(doc, 0.0) + value
    return acc


def length_bytes(reader: Any, name: str) -> bytes:
    """One length byte a document for a segment's field, read in one go and cached."""
    cache = reader.__dict__.setdefault("_quotesdb_lengths", {})
    found: bytes | None = cache.get(name)
    if found is None:
        count = reader.doc_count_all()
        column = reader._perdoc._cached_reader(_lenfield(name), LENGTHS_COLUMN)
        raw = b""
        if column is not None:
            raw = column._dbfile.get(column._basepos, column._count * column._fixedlen)
        found = cache[name] = raw + bytes(count - len(raw))
    return found
