"""The request declarations check exactly what the JSON Schema they write out allows.

The server checks bodies with the declarations' own code (no validator library at request
time) and the description publishes their JSON Schema; a reference validator (jsonschema)
reading that schema must agree with the check on every body, valid or not. Small limits
make the edges (a length, a count, a bound) easy to reach.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from quotesdb.errors import InputError
from quotesdb.limits import Limits
from quotesdb.web.inputs import bodies

SMALL = Limits(quote_chars=12, field_chars=6, list_items=3)
DECLARED = bodies(SMALL)

_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-2, max_value=2**31 + 1),
    st.sampled_from([0, 1, 2**31 - 1, 2**31, 1.0, 2.5]),
    st.text(max_size=14),
    st.sampled_from(["", "2024", "2024-05", "2024-05-06", "May", "accept", "no-speaker", "DE"]),
    st.lists(st.text(max_size=8), max_size=5),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=1),
)


def _mostly(usual: st.SearchStrategy[Any], rare: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """`usual` five times in six (one_of would draw each as often)."""
    return st.integers(0, 5).flatmap(lambda n: usual if n else rare)


def _edges(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values at and either side of each limit `schema` states (mostly within them, so
    that whole bodies are often valid), and of other types."""
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    valid: list[st.SearchStrategy[Any]] = []
    wrong: list[st.SearchStrategy[Any]] = [_values]
    if "enum" in schema:
        valid.append(st.sampled_from(schema["enum"]))
    elif "pattern" in schema:
        valid.append(st.sampled_from(["2024", "2024-05", "2024-05-06"]))
    elif "string" in kinds:
        least, most = schema.get("minLength", 0), schema.get("maxLength", 20)
        valid.append(st.text(min_size=least, max_size=most))
        valid.append(st.text(min_size=most, max_size=most))
        wrong.append(st.text(min_size=most + 1, max_size=most + 2))
        if least:
            wrong.append(st.just(""))
    if "integer" in kinds:
        low, high = schema["minimum"], schema["maximum"]
        valid.append(st.sampled_from([low, high, float(low), float(high)]))
        wrong.append(st.sampled_from([low - 1, high + 1, low + 0.5, True]))
    if "boolean" in kinds:
        valid.append(st.booleans())
    if "null" in kinds:
        valid.append(st.none())
    if kind == "array":
        least, most = schema.get("minItems", 0), schema["maxItems"]
        items = _edges(schema["items"])
        valid.append(st.lists(items, min_size=least, max_size=most))
        wrong.append(st.lists(items, min_size=most + 1, max_size=most + 1))
    return _mostly(st.one_of(valid), st.one_of(wrong))


def _bodies(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Objects with their required fields (mostly) and any others, each near its limits."""
    properties, required = schema["properties"], schema.get("required", [])
    optional = {name: _edges(item) for name, item in properties.items() if name not in required}
    complete = st.fixed_dictionaries(
        {name: _edges(properties[name]) for name in required},
        optional={**optional, "unknown": _values},
    )
    loose = st.dictionaries(st.sampled_from([*properties, "unknown"]), _values, max_size=3)
    return _mostly(complete, st.one_of(loose, _values))


@pytest.mark.parametrize("where", sorted(DECLARED), ids=lambda w: f"{w[1]} {w[0]}")
def test_the_check_and_the_published_schema_agree(where: tuple[str, str]) -> None:
    _name, body = DECLARED[where]
    reference = Draft202012Validator(body.schema())

    @given(_bodies(body.schema()))
    @settings(max_examples=300, deadline=None, database=None)
    def agree(data: Any) -> None:
        try:
            body.check(data)
            refused = None
        except InputError as exc:
            refused = str(exc)
        errors = list(reference.iter_errors(data))
        assert (refused is None) == (not errors), (data, refused, [e.message for e in errors])

    agree()


@settings(suppress_health_check=list(HealthCheck), deadline=None, database=None)
@given(st.integers(min_value=1, max_value=50))
def test_each_limit_written_out_is_the_one_checked(most: int) -> None:
    declared = bodies(Limits(quote_chars=most, field_chars=most, list_items=most))
    new_quote = declared[("/api/quotes", "post")][1]
    schema = new_quote.schema()["properties"]
    assert schema["text"]["maxLength"] == most
    assert schema["topics"]["maxItems"] == most
    new_quote.check({"text": "w" * most, "speaker": "A", "topics": ["t"] * most})
    with pytest.raises(InputError, match=r"^text: "):
        new_quote.check({"text": "w" * (most + 1), "speaker": "A"})
    with pytest.raises(InputError, match=r"^topics: "):
        new_quote.check({"text": "w", "speaker": "A", "topics": ["t"] * (most + 1)})
