"""Looking ids up in numpy arrays: the report's rows and the index's documents."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]
Found = tuple[Ints, npt.NDArray[np.bool_]]
# A table over the ids' range costs one pass over that range; a binary search costs about
# log2(n) cache misses a lookup. The table wins while the range is within this many lookups.
TABLE_SPAN = 4


def find(ascending: Ints, wanted: Ints) -> Found:
    """Where each of `wanted` that `ascending` (distinct ids, sorted) holds stands in it,
    and which ones it holds."""
    if not len(ascending):
        return np.zeros(0, np.int64), np.zeros(len(wanted), bool)
    low, high = int(ascending[0]), int(ascending[-1])
    if high - low < TABLE_SPAN * len(wanted):
        return _by_table(ascending, wanted, low, high)
    at = np.minimum(np.searchsorted(ascending, wanted), len(ascending) - 1)
    found = ascending[at] == wanted
    return at[found], found


def locate(ids: Ints, wanted: Ints) -> Found:
    """`find` in distinct ids in any order: rows as the database handed them over."""
    if not len(ids):
        return np.zeros(0, np.int64), np.zeros(len(wanted), bool)
    low, high = int(ids.min()), int(ids.max())
    if high - low < TABLE_SPAN * len(wanted):
        return _by_table(ids, wanted, low, high)
    order = np.argsort(ids)
    at, found = find(ids[order], wanted)
    return order[at], found


def _by_table(ids: Ints, wanted: Ints, low: int, high: int) -> Found:
    """Database ids are mostly dense: one gather through a table instead of a search."""
    place = np.full(high - low + 2, -1, dtype=np.int64)  # the last slot: out of range
    place[ids - low] = np.arange(len(ids), dtype=np.int64)
    offset = np.asarray(wanted, dtype=np.int64) - low
    offset[(offset < 0) | (offset > high - low)] = high - low + 1
    at = place[offset]
    found = at >= 0
    return at[found], found


def dense_codes(values: Ints) -> tuple[Ints, Ints]:
    """`np.unique(values, return_inverse=True)`, without a sort when the range is small."""
    if not len(values):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    low, high = int(values.min()), int(values.max())
    if high - low >= TABLE_SPAN * len(values):
        distinct, inverse = np.unique(values, return_inverse=True)
        return distinct, inverse.reshape(-1).astype(np.int64)
    present = np.zeros(high - low + 1, dtype=bool)
    present[values - low] = True
    code = np.cumsum(present, dtype=np.int64) - 1
    return np.flatnonzero(present).astype(np.int64) + low, code[values - low]
