"""Size limits on what quotesdb reads and stores.

A hostile or broken input (a `.gz` that expands to gigabytes on one line, a 100 MB
"quote") must fail alone, with one line naming the file and line, in bounded memory.
Each limit can be raised through its environment variable; values are read per command.

The same limits hold on every database: a short field may not pass what its column holds
(`COLUMN_CHARS`, from quotesdb/db/models.py), whatever the environment says, and no text
may hold a NUL character. SQLite would store either and PostgreSQL refuse it mid-write;
checked here, before the database, both take and refuse exactly the same records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from typing import Any

from quotesdb.config import env_number
from quotesdb.errors import InputError

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    line_bytes: int = 16 * MIB  # one line of an `import` file
    file_bytes: int = 16 * MIB  # one article file (`ingest`, `extract`)
    text_chars: int = 4_000_000  # an article's text; a quote's paragraph
    quote_chars: int = 10_000  # a quote's words
    field_chars: int = 2_000  # names, titles, descriptions, URLs, topics, aliases
    body_bytes: int = 8 * MIB  # one request's body (`serve`)
    list_items: int = 100  # topics or authors one write names (`add`, `edit`, the API)


ENV = {
    "line_bytes": "QUOTESDB_MAX_LINE_BYTES",
    "file_bytes": "QUOTESDB_MAX_FILE_BYTES",
    "text_chars": "QUOTESDB_MAX_TEXT_CHARS",
    "quote_chars": "QUOTESDB_MAX_QUOTE_CHARS",
    "field_chars": "QUOTESDB_MAX_FIELD_CHARS",
    "body_bytes": "QUOTESDB_MAX_BODY_BYTES",
    "list_items": "QUOTESDB_MAX_LIST_ITEMS",
}

# A request's query string (`serve`): fixed, not settable, since they bound the work one
# request asks for rather than what the archive can hold.
QUERY_CHARS = 200  # characters in one query-string value: words, a name, a title
ROWS = 500  # rows in one answer; a download link asks for this many
OFFSET = 10_000  # rows skipped at the most: deeper than this, narrow the list instead
REPORT_OUTLETS = 20  # outlets one report compares
COUNTRY_CHARS = 10  # a country code as typed: "de", " GB", "unknown" (stored as two letters)


# The most characters each kind of short field's column holds (quotesdb/db/models.py).
COLUMN_CHARS = {
    **dict.fromkeys(
        ("speaker", "name", "author", "authors", "outlet", "alias", "aliases", "section"), 300
    ),
    **dict.fromkeys(("topic", "topics", "tag", "tags", "topics.name"), 200),
    "title": 1000,
    **dict.fromkeys(("url", "urls", "origin"), 2048),
    "language": 16,
    "gender": 40,
    "affiliation_kind": 20,
}


def field_most(limits: Limits, column: str | None = None) -> int:
    """The most characters a short field may have: `field_chars`, or less if its column
    holds less. The API's description states this number, so the two cannot differ."""
    most = COLUMN_CHARS.get(column or "")
    return limits.field_chars if most is None else min(limits.field_chars, most)


def current() -> Limits:
    """The defaults, with any limit the environment sets instead."""
    values = {spec.name: env_number(ENV[spec.name]) for spec in fields(Limits)}
    return Limits(**{name: int(value) for name, value in values.items() if value is not None})


def too_long(what: str, size: int, limit: int, name: str, unit: str = "characters") -> InputError:
    return InputError(
        f"{what} has {size:,} {unit}, more than the limit of {limit:,} "
        f"(set {ENV[name]} to allow more)"
    )


def check_text(
    value: str | None,
    what: str,
    limits: Limits,
    name: str = "field_chars",
    column: str | None = None,
) -> None:
    """`value` within its limit (and its column's, if it is a short field), with no NUL."""
    if value is None:
        return
    limit: int = getattr(limits, name)
    if len(value) > limit:
        raise too_long(what, len(value), limit, name)
    most = COLUMN_CHARS.get(column or "")
    if most is not None and len(value) > most:
        raise InputError(
            f"{what} has {len(value):,} characters, more than the {most:,} the database holds"
        )
    if "\x00" in value:
        raise InputError(f"{what} holds a NUL character, which the database cannot store")


def check_count(values: Iterable[object], what: str, limits: Limits) -> None:
    """At most `list_items` names in one list a write gives (topics, authors)."""
    count = sum(1 for _ in values)
    if count > limits.list_items:
        raise too_long(what, count, limits.list_items, "list_items", "items")


def check_fields(values: Iterable[tuple[str, str | None]], where: str, limits: Limits) -> None:
    """Short fields (names, titles, ...), each named in the error and held to its column."""
    for label, value in values:
        check_text(value, f"{where}: {label}", limits, column=label)


def check_record(
    record: Any, where: str, limits: Limits, long_keys: Callable[[str], str | None]
) -> None:
    """Every string in a decoded JSON record: `long_keys(key)` names a longer limit, if any;
    a short field is held to its column's size too (nested keys as `topics.name`)."""
    stack: list[tuple[str, Any]] = [("", record)]
    while stack:
        key, value = stack.pop()
        if isinstance(value, str):
            long = long_keys(key)
            column = None if long else key
            check_text(value, f"{where}: `{key}`", limits, long or "field_chars", column)
        elif isinstance(value, dict):
            stack.extend(
                (f"{key}.{k}" if key else str(k), v) for k, v in value.items() if k != "revisions"
            )
        elif isinstance(value, list):
            stack.extend((key, v) for v in value)
