"""Id lookups: the table (dense ids) and the binary search (sparse ones) agree with a dict."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from quotesdb.sorted_ids import dense_codes, find, locate

IDS = st.lists(st.integers(0, 2**40), unique=True, max_size=60)
WANTED = st.lists(st.integers(-5, 2**40), max_size=60)
# Dense ids, as a database numbers rows: the table is used.
SMALL = st.lists(st.integers(0, 80), unique=True, max_size=60)
SMALL_WANTED = st.lists(st.integers(-5, 90), max_size=200)


def _expected(ids: list[int], wanted: list[int]) -> tuple[list[int], list[bool]]:
    where = {v: n for n, v in enumerate(ids)}
    return [where[w] for w in wanted if w in where], [w in where for w in wanted]


@given(st.one_of(st.tuples(IDS, WANTED), st.tuples(SMALL, SMALL_WANTED)), st.booleans())
def test_find_and_locate_agree_with_a_dict(
    case: tuple[list[int], list[int]], ordered: bool
) -> None:
    ids, wanted = case
    if ordered:
        ids = sorted(ids)
    at, found = (find if ordered else locate)(np.array(ids, np.int64), np.array(wanted, np.int64))
    assert (at.tolist(), found.tolist()) == _expected(ids, wanted)


@given(st.one_of(st.lists(st.integers(-50, 50)), st.lists(st.integers(-(2**50), 2**50))))
def test_dense_codes_are_numpys_unique(values: list[int]) -> None:
    array = np.array(values, np.int64)
    distinct, codes = dense_codes(array)
    expected, inverse = np.unique(array, return_inverse=True)
    assert distinct.tolist() == expected.tolist()
    assert codes.tolist() == inverse.reshape(-1).tolist()
