"""Looking numbers up in a sorted numpy array: the report's ids and the index's documents."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]


def find(ascending: Ints, wanted: Ints) -> tuple[Ints, npt.NDArray[np.bool_]]:
    """Where each of `wanted` that `ascending` holds stands in it, and which ones it holds."""
    if not len(ascending):
        return np.zeros(0, np.int64), np.zeros(len(wanted), bool)
    at = np.minimum(np.searchsorted(ascending, wanted), len(ascending) - 1)
    found = ascending[at] == wanted
    return at[found], found
