"""Publication dates as pages and front matter write them, with how much of them is known."""

from __future__ import annotations

import datetime as dt
import re

from quotesdb.errors import InputError

Precision = str | None  # "year" | "month" | None (the whole day)

_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?\s*$")
_FORMATS = (
    "%B %d, %Y",  # May 6, 2024
    "%b %d, %Y",  # May 6, 2024 (abbreviated)
    "%b. %d, %Y",
    "%d %B %Y",  # 6 May 2024
    "%d %b %Y",
    "%A, %B %d, %Y",
    "%a, %d %b %Y %H:%M:%S %z",  # RFC 822, as RSS writes it
    "%a, %d %b %Y %H:%M:%S %Z",
    "%Y/%m/%d",
    "%d.%m.%Y",
)
_MONTH_YEAR = ("%B %Y", "%b %Y")


class BadDate(ValueError):
    """A date that names no day of the calendar, or that no known format reads."""


def parse_date(value: str) -> tuple[dt.date, Precision]:
    """The date and its precision; a year-only date is stored as 1 January of that year."""
    text = " ".join(value.split())
    m = _ISO.match(text)
    if m:
        year, month, day = m.group(1), m.group(2), m.group(3)
        try:
            if day:
                return dt.date(int(year), int(month), int(day)), None
            if month:
                return dt.date(int(year), int(month), 1), "month"
            return dt.date(int(year), 1, 1), "year"
        except ValueError as exc:
            raise BadDate(f"{value!r} is not a date: {exc}") from None
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date(), None
        except ValueError:
            continue
    for fmt in _MONTH_YEAR:
        try:
            return dt.datetime.strptime(text, fmt).date(), "month"
        except ValueError:
            continue
    raise BadDate(f"{value!r} is not a date quotesdb reads (e.g. 2024-05-06, 2024-05, 2024)")


def iso_date(value: str | None, name: str) -> dt.date | None:
    """A YYYY-MM-DD date a person typed (an option, a form field); blank is none, and
    anything else a one-line error naming where it was typed."""
    value = value.strip() if isinstance(value, str) else None
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{name} is not a YYYY-MM-DD date: {value!r}") from None
