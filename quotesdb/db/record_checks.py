"""Is one imported record storable? Its fields' types, text and URLs, checked before storing.

A record that is not (a quote whose text is `null`, `urls` given as one string, a number
too large for the database, a lone surrogate from a `\\ud800` escape, a `javascript:`
link) is refused alone: `import` names its line in a one-line warning and goes on, where
it used to store garbage (one article per character of a string) or stop with a
traceback. Each function returns why the record is refused, or None.
"""

from __future__ import annotations

import math
from typing import Any

from quotesdb.links import http_url

INT_RANGE = range(-(2**31), 2**31)  # INTEGER on both databases
OPTIONAL = object()


def _kind(value: Any, want: str) -> bool:
    if want == "text":
        return isinstance(value, str)
    if want == "words":
        return isinstance(value, str) and bool(value.strip())
    if want == "int":
        return isinstance(value, int) and not isinstance(value, bool) and value in INT_RANGE
    if want == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        return math.isfinite(value) and abs(value) < 1e300
    if want == "bool":
        return isinstance(value, bool)
    if want == "texts":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if want == "list":
        return isinstance(value, list)
    if want == "topics":
        return isinstance(value, list) and all(
            isinstance(t, dict)
            and isinstance(t.get("name"), str)
            and isinstance(t.get("source"), str)
            for t in value
        )
    raise AssertionError(want)


NAMES = {
    "text": "text",
    "words": "non-blank text",
    "int": "a whole number",
    "number": "a number",
    "bool": "true or false",
}
NAMES |= {"texts": "a list of texts", "list": "a list", "topics": "a list of {name, source}"}

# For each record type: field -> (kind, required).
FIELDS: dict[str, dict[str, tuple[str, bool]]] = {
    "article": {
        "key": ("text", True),
        "title": ("text", True),
        "url": ("text", False),
        "published": ("text", False),
        "section": ("text", False),
        "language": ("text", False),
        "text": ("text", False),
        "origin": ("text", False),
        "outlet": ("text", False),
        "authors": ("texts", False),
    },
    "expert": {
        "name": ("words", True),
        "is_person": ("bool", False),
        "aliases": ("texts", False),
        "description": ("text", False),
        "described_on": ("text", False),
    },
    "tombstone": {"article": ("text", True), "key": ("text", True)},
    "quote": {
        "text": ("words", True),
        "speaker": ("words", True),
        "article": ("text", False),
        "start": ("int", False),
        "end": ("int", False),
        "paragraph": ("text", False),
        "kind": ("text", False),
        "speaker_description": ("text", False),
        "group": ("int", False),
        "origin": ("text", False),
        "hand_edited": ("bool", False),
        "probability": ("number", False),
        "confidence": ("number", False),
        "topics": ("topics", False),
        "revisions": ("list", False),
    },
}

QUOTEBANK: dict[str, tuple[str, bool]] = {
    "quotation": ("text", True),
    "speaker": ("text", False),
    "quoteID": ("text", False),
    "date": ("text", False),
    "qids": ("texts", False),
    "urls": ("texts", False),
    "probas": ("list", False),
}


def unclean_text(record: Any) -> str | None:
    """Why some text in the record cannot be stored (NUL, a lone surrogate), or None."""
    stack = [record]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                return "a text holds a NUL character"
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return "a text holds a lone surrogate (\\ud800-\\udfff), which is not Unicode"
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return None


def _fields(record: dict[str, Any], spec: dict[str, tuple[str, bool]]) -> str | None:
    for name, (want, required) in spec.items():
        value = record.get(name)
        if value is None:
            if required:
                return f"`{name}` is missing"
            continue
        if not _kind(value, want):
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            shown = (
                "out of range" if numeric and want in ("int", "number") else type(value).__name__
            )
            if want == "words" and isinstance(value, str):
                shown = "blank"
            return f"`{name}` must be {NAMES[want]}, not {shown}"
    return None


CHOICES = {"kind": ("full", "partial"), "origin": ("extracted", "hand", "import")}


def _choices(record: dict[str, Any]) -> str | None:
    for name, allowed in CHOICES.items():
        if record.get(name) and record[name] not in allowed:
            return f"`{name}` must be one of {', '.join(allowed)}, not {record[name][:40]!r}"
    return None


def refusal(record: dict[str, Any]) -> str | None:
    """Why a quotesdb/1 record cannot be stored, or None."""
    why = unclean_text(record) or _fields(record, FIELDS[record["type"]])
    if why is None and record["type"] == "quote":
        why = _choices(record)
    url = record.get("url") if record["type"] == "article" else None
    if why is None and url and http_url(url) is None:
        why = f"`url` is not an http(s) URL: {url[:80]!r}"
    return why


def quotebank_refusal(record: dict[str, Any]) -> str | None:
    """Why a Quotebank line cannot be stored, or None."""
    why = unclean_text(record) or _fields(record, QUOTEBANK)
    if why is None:
        for url in record.get("urls") or []:
            if url and http_url(url) is None:
                return f"`urls` holds {url[:80]!r}, not an http(s) URL"
    return why
