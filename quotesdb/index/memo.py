"""What a searcher has worked out once, kept for the next search over the same searcher.

A long-running server holds one searcher until the archive changes, and its searches share
far more than whole queries: the same topic or date range as a filter, the same common
word under other words. A filter's documents and a word's scores depend on the searcher's
segments alone, so they are kept on it, least recently used dropped first, within a memory
budget; they go when the searcher does, so they are never stale. A one-off
command pays nothing: its first use of each is the only one.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")
# What a searcher may hold, in units of ~16 bytes (a document's id and score in arrays;
# a document in a Python set costs ~4 units): ~64 MB at the most.
BUDGET = 4_000_000
_ATTRIBUTE = "_quotesdb_memo"


class _Memo:
    def __init__(self) -> None:
        self.values: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self.held = 0


def kept(searcher: Any, key: Hashable, make: Callable[[], T], size: Callable[[T], int]) -> T:
    """`make()`'s value for `key` on this searcher: made once, then given back as it was.

    `size` tells what a value costs in `BUDGET`'s units. Whatever is kept is shared by
    every later search: read only."""
    memo: _Memo | None = searcher.__dict__.get(_ATTRIBUTE)
    if memo is None:
        memo = searcher.__dict__[_ATTRIBUTE] = _Memo()
    found = memo.values.get(key)
    if found is not None:
        memo.values.move_to_end(key)
        value: T = found[0]
        return value
    value = make()
    cost = max(1, size(value))
    if cost > BUDGET:
        return value
    memo.values[key] = (value, cost)
    memo.held += cost
    while memo.held > BUDGET:
        _key, (_value, dropped) = memo.values.popitem(last=False)
        memo.held -= dropped
    return value
