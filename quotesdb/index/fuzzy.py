"""The terms a fuzzy term (a word, so many edits forgiven) stands for, found directly.

Whoosh builds a Levenshtein automaton for every fuzzy term and walks the term index with
it: ~10 ms here for a name with two edits forgiven, most of an `--expert` search. The
terms that share the word's fixed prefix (a first letter, for names) are a few hundred
even in a large archive, and measuring each one's edit distance with Myers' bit-parallel
algorithm (a few integer operations a character) costs a fraction of that. The terms
found are Whoosh's own: a property test holds them to it.
"""

from __future__ import annotations

from typing import Any

from whoosh import query

from quotesdb.search.fuzzy import Pattern


def expanded_terms(reader: Any, q: query.FuzzyTerm) -> list[tuple[str, str]]:
    """(field, term) for every term within `q.maxdist` edits of `q.text`, sharing its prefix."""
    text, prefix, limit = q.text, int(q.prefixlength), int(q.maxdist)
    if not 0 <= prefix < len(text) or q.fieldname not in reader.schema:
        return list(q.expanded_terms(reader))  # shapes the fast path does not take
    rest = text[prefix:]
    pattern = Pattern(rest)
    found = []
    for term in _starting_with(reader, q.fieldname, text[:prefix]):
        candidate = term[prefix:]
        if abs(len(candidate) - len(rest)) <= limit and pattern.distance(candidate) <= limit:
            found.append((q.fieldname, term))
    return found


def _starting_with(reader: Any, fieldname: str, prefix: str) -> list[str]:
    """The field's terms with this prefix, kept on the reader: a server asks again and again."""
    cache = reader.__dict__.setdefault("_quotesdb_prefixes", {})
    found: list[str] | None = cache.get((fieldname, prefix))
    if found is None:
        found = cache[fieldname, prefix] = [
            btext.decode("utf-8") for btext in reader.expand_prefix(fieldname, prefix)
        ]
    return found
