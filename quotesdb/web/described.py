"""The API's query strings held to its OpenAPI description, so the two cannot disagree.

The pages forgive a blank field (an empty form input is "not given"); the API says what
each parameter is, and a caller that sends something else (`format=`, `kind=`, a word
for a number, a parameter twice) hears so in a 400 rather than getting an answer to
another question. Values that pass are then parsed by the same services as the pages.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from quotesdb.errors import InputError
from quotesdb.web.openapi import spec

_INTEGER = re.compile(r"[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BOOLEANS = ("true", "false")


@cache
def _query_schemas(path: str) -> dict[str, dict[str, Any]]:
    """Each query parameter of `path`'s GET, by name, with its schema."""
    operation = spec(())["paths"][path]["get"]
    return {p["name"]: p["schema"] for p in operation.get("parameters", []) if p["in"] == "query"}


def check_query(path: str, params: Any) -> None:
    """InputError naming the first query parameter the description does not allow.

    Parameters it does not list are ignored, as the pages ignore them.
    """
    for name, schema in _query_schemas(path).items():
        values = params.getlist(name)
        if not values:
            continue
        if schema.get("type") == "array":
            most = schema.get("maxItems", len(values))
            if len(values) > most:
                raise InputError(f"give {name} at most {most} times")
            schema = schema["items"]
        elif len(values) > 1:
            raise InputError(f"give {name} once, not {len(values)} times")
        for value in values:
            _check_value(name, schema, value)


def _check_value(name: str, schema: dict[str, Any], value: str) -> None:
    kind = schema.get("type")
    if "enum" in schema and value not in schema["enum"]:
        raise InputError(f"{name} must be one of {', '.join(map(str, schema['enum']))}")
    if kind == "integer":
        low, high = schema.get("minimum", 0), schema.get("maximum")
        if not _INTEGER.fullmatch(value) or int(value) < low or (high and int(value) > high):
            raise InputError(f"{name} must be a whole number from {low} to {high}")
    elif kind == "boolean" and value not in _BOOLEANS:
        raise InputError(f"{name} must be true or false")
    elif schema.get("format") == "date" and not _DATE.fullmatch(value):
        raise InputError(f"{name} must be a date, YYYY-MM-DD")
    elif len(value) > schema.get("maxLength", len(value)):
        raise InputError(f"{name} is longer than {schema['maxLength']} characters")


@cache
def _body_validator(path: str, method: str) -> Any:
    """A JSON Schema validator for the body `path`'s `method` takes, as described."""
    from jsonschema import Draft202012Validator

    described = spec(())
    body = described["paths"][path][method]["requestBody"]["content"]["application/json"]
    # The components beside the schema: its `#/components/...` references resolve there.
    return Draft202012Validator({**body["schema"], "components": described["components"]})


def check_body(path: str, method: str, data: Any) -> None:
    """InputError naming the first place the body breaks the description (a type, a
    length, an unknown decision), before any service reads it."""
    error = next(iter(_body_validator(path, method).iter_errors(data)), None)
    if error is not None:
        where = "/".join(map(str, error.absolute_path)) or "the body"
        message = error.message if len(error.message) <= 120 else error.message[:117] + "..."
        raise InputError(f"{where}: {message}")
