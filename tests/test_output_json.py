"""`json_text` writes through orjson: the same text as the standard library's json."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st

from quotesdb.output import json_text


@dataclasses.dataclass
class _Note:
    text: str


def _stdlib(data: Any, indent: bool) -> str:
    if indent:
        return json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)


_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)  # past 64 bits: json writes those
    | st.text()
    | st.datetimes()
    | st.dates()
    | st.builds(_Note, st.text(max_size=5))
)
_keys = st.text(max_size=8) | st.integers(min_value=-1000, max_value=1000)
_data = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=20,
)


def _colliding_keys(data: Any) -> bool:
    """1 and "1" in one dict: json writes both keys, orjson may not; no record does that."""
    if isinstance(data, dict):
        if len({str(k) for k in data}) < len(data):
            return True
        return any(_colliding_keys(v) for v in data.values())
    return isinstance(data, list) and any(_colliding_keys(v) for v in data)


@given(_data, st.booleans())
def test_the_text_is_the_standard_librarys(data: Any, indent: bool) -> None:
    assume(not _colliding_keys(data))
    assert json_text(data, indent=indent) == _stdlib(data, indent)


@given(st.floats(allow_nan=False, allow_infinity=False), st.booleans())
def test_floats_read_back_the_same(value: float, indent: bool) -> None:
    # orjson may spell an exponent differently (1e-5 for 1e-05): the same number.
    assert json.loads(json_text({"x": [value]}, indent=indent)) == {"x": [value]}


def test_dates_and_records_are_written_as_json_writes_them() -> None:
    data = {"at": dt.datetime(2024, 5, 6, 7, 8, 9), 3: _Note("x"), "big": 2**70}
    assert json_text(data, indent=False) == (
        '{"at":"2024-05-06 07:08:09","3":"_Note(text=\'x\')","big":1180591620717411303424}'
    )
