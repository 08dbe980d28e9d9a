"""The work one query may do: no wildcard, range or slow search may stall a server.

On 77,569 quotes `*1*` took 178 s and `text:[a TO zzzz]` 734 s, holding the web server's
process all along. Here every word pattern and range is expanded into the words it
matches before searching, at most `MAX_EXPANSION` of them in all and scanning under the
time budget; the expanded words are then ranked like any others. The search itself is
held to `TIME_BUDGET` seconds where Whoosh collects. A query over a limit gets one line
saying which limit and what to do (CLI exit 2, HTTP 400).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

from whoosh import query
from whoosh.collectors import WrappingCollector

from quotesdb.errors import QueryLimitError
from quotesdb.search.query import MAX_EXPANSION as MAX_EXPANSION
from quotesdb.search.query import MAX_PATTERN as MAX_PATTERN

TIME_BUDGET = 10.0  # seconds one query may run
_CHECK_EVERY = 4096  # words scanned between two looks at the clock


class Deadline:
    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = TIME_BUDGET if seconds is None else seconds
        self.end = time.monotonic() + self.seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise QueryLimitError(
                f"the query took more than its {self.seconds:g} s: make it narrower "
                "(fewer or longer wildcards, a shorter range)"
            )


def bounded(q: query.Query, searcher: Any, deadline: Deadline) -> query.Query:
    """`q` with each wildcard, prefix, regex and range replaced by the words it matches."""
    reader = searcher.reader()
    budget = [MAX_EXPANSION]

    def expand(node: query.Query) -> query.Query:
        if not isinstance(node, query.MultiTerm) or isinstance(node, query.FuzzyTerm):
            return node
        shown = _shown(node)
        if len(shown) > MAX_PATTERN:
            raise QueryLimitError(
                f"the pattern {shown[:20]!r}… is longer than {MAX_PATTERN} characters"
            )
        if node.fieldname not in reader.schema:
            return query.NullQuery
        field = reader.schema[node.fieldname]
        words = []
        for btext in _matching(node, reader, deadline):
            budget[0] -= 1
            if budget[0] < 0:
                raise QueryLimitError(
                    f"{shown!r} stands for more than {MAX_EXPANSION} words: "
                    "make it longer or narrower"
                )
            words.append(query.Term(node.fieldname, field.from_bytes(btext), boost=node.boost))
        return query.Or(words) if words else query.NullQuery

    expanded: query.Query = q.accept(expand)
    return expanded.normalize()


def _shown(node: query.Query) -> str:
    if isinstance(node, query.TermRange):
        return f"[{node.start or ''} TO {node.end or ''}]"
    return str(getattr(node, "text", ""))


def _matching(node: query.MultiTerm, reader: Any, deadline: Deadline) -> Iterator[bytes]:
    """The words (as the index holds them) `node` matches, looking at the clock as it goes."""
    if isinstance(node, query.Wildcard | query.Regex):  # may scan every word
        pattern = re.compile(node._get_pattern())
        prefix = node._find_prefix(node.text)
        candidates = (
            reader.expand_prefix(node.fieldname, prefix)
            if prefix
            else reader.lexicon(node.fieldname)
        )
        for seen, btext in enumerate(candidates):
            if seen % _CHECK_EVERY == 0:
                deadline.check()
            if pattern.match(btext.decode("utf-8", "replace")):
                yield btext
        return
    for seen, btext in enumerate(node._btexts(reader)):
        if seen % _CHECK_EVERY == 0:
            deadline.check()
        yield btext


class BudgetedCollector(WrappingCollector):  # type: ignore[misc]
    """Collects as its child does, and stops the search once the deadline has passed."""

    def __init__(self, child: Any, deadline: Deadline) -> None:
        super().__init__(child)
        self.deadline = deadline

    def collect_matches(self) -> None:
        child = self.child
        for count, sub_docnum in enumerate(child.matches()):
            if count % 256 == 0:
                self.deadline.check()
            child.collect(sub_docnum)

    def results(self) -> Any:
        return self.child.results()
