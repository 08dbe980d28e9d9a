"""Publication dates as pages and front matter write them, with how much of them is known.

Pages write dates every way there is: ISO with an offset, RFC 822, JavaScript's
`Tue Nov 19 2019 03:05:46 GMT+0000`, `Updated Sept. 13, 2023`, `13th September 2023`.
The day kept is the day the page names, in the page's own zone: an evening story at
`22:30-05:00` is of that day, never of the next day in UTC. Placeholders that content
systems write for "no date" (`0001-01-01`, `1970-01-01`) are no date at all.
"""

from __future__ import annotations

import datetime as dt
import re

from quotesdb.errors import InputError

Precision = str | None  # "year" | "month" | None (the whole day)

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "january jan januar janvier gennaio enero janeiro januari",
            "february feb februar février fevrier febbraio febrero fevereiro februari",
            "march mar märz maerz mars marzo março marco maart",
            "april apr avril aprile abril",
            "may mai maggio mayo maio mei",
            "june jun juni juin giugno junio junho",
            "july jul juli juillet luglio julio julho",
            "august aug août aout agosto augustus",
            "september sep sept septembre settembre septiembre setembro",
            "october oct oktober octobre ottobre octubre outubro",
            "november nov novembre noviembre novembro",
            "december dec dezember décembre decembre dicembre diciembre dezembro",
        ),
        start=1,
    )
    for name in names.split()
}
# Dates content systems write when they have none: never a publication day.
PLACEHOLDERS = frozenset({dt.date(1, 1, 1), dt.date(1970, 1, 1), dt.date(1900, 1, 1)})
EARLIEST_YEAR = 1800

_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?\s*$")
_ISO_IN_TEXT = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T[\d:]+)?(?:Z|[+-][\d:]+)?$")
_DOTTED = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?!\d)")
_SLASHED_YMD = re.compile(r"(?<!\d)(\d{4})/(\d{1,2})/(\d{1,2})(?!\d)")
_TIME = re.compile(r"\b\d{1,2}(?::\d{2}){1,2}(?:\.\d+)?\s*(?:[ap]\.?m\.?)?", re.IGNORECASE)
_HOUR_AMPM = re.compile(r"\b\d{1,2}\s*[ap]\.?m\.?(?=\W|$)", re.IGNORECASE)
_ZONE = re.compile(
    r"\b(?:GMT|UTC)\s*[+-]?\d{0,4}\b|\(.*?\)"
    r"|\b(?:[ECMPA][SD]T|BST|CES?T|EES?T|WES?T|IST|JST|AES?T|AEDT|HKT|SGT|Z)\b"
)
_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+\.?|\d+")
_YEAR_ONLY = re.compile(r"^\s*(\d{4})\s*$")


class BadDate(ValueError):
    """A date that names no day of the calendar, or that no known format reads."""


def parse_date(value: str) -> tuple[dt.date, Precision]:
    """The date and its precision; a year-only date is stored as 1 January of that year.

    The day is read as written, whatever time or zone follows it."""
    text = " ".join(str(value).split())
    found = _read(text)
    if found is None:
        raise BadDate(f"{value!r} is not a date quotesdb reads (e.g. 2024-05-06, 2024-05, 2024)")
    day, precision = found
    if day in PLACEHOLDERS:
        raise BadDate(f"{value!r} is a placeholder, not a publication date")
    if day.year < EARLIEST_YEAR:
        raise BadDate(f"{value!r} is before {EARLIEST_YEAR}: not a publication date")
    return day, precision


def read_date(value: object) -> tuple[tuple[dt.date, Precision] | None, str | None]:
    """A page's or a file's date, or none with the reason: a date never fails an article."""
    if value is None or str(value).strip() == "":
        return None, None
    try:
        return parse_date(str(value)), None
    except BadDate as exc:
        return None, str(exc)


def is_utc(value: str) -> bool:
    """Whether a timestamp is written in UTC (`Z`, `+00:00`, `GMT`): maybe not the local day."""
    text = value.strip()
    return bool(re.search(r"(?:Z|[+-]00:?00|\bGMT|\bUTC)\s*$", text, re.IGNORECASE)) or bool(
        re.search(r"\bGMT\+0000\b", text)
    )


def _read(text: str) -> tuple[dt.date, Precision] | None:
    m = _ISO.match(text)
    if m:
        year, month, day = m.group(1), m.group(2), m.group(3)
        return _make(int(year), int(month or 1), int(day or 1), _iso_precision(month, day))
    m = _COMPACT.match(text)
    if m:
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)), None)
    for pattern, order in ((_ISO_IN_TEXT, "ymd"), (_SLASHED_YMD, "ymd"), (_DOTTED, "dmy")):
        m = pattern.search(text)
        if m:
            parts = dict(zip(order, (int(g) for g in m.groups()), strict=True))
            return _make(parts["y"], parts["m"], parts["d"], None)
    return _read_words(text)


def _iso_precision(month: str | None, day: str | None) -> Precision:
    return None if day else ("month" if month else "year")


def _make(year: int, month: int, day: int, precision: Precision) -> tuple[dt.date, Precision]:
    try:
        return dt.date(year, month, day), precision
    except ValueError as exc:
        raise BadDate(f"{year}-{month}-{day} is not a date: {exc}") from None


def _read_words(text: str) -> tuple[dt.date, Precision] | None:
    """Month names in any order with a day and a year: `Sept. 13, 2023`, `13th September
    2023`, `Tue Nov 19 2019 03:05:46 GMT+0000`, `Updated November 19, 2019, 07:47 PM EST`."""
    if _YEAR_ONLY.match(text):
        return _make(int(text), 1, 1, "year")
    text = _ZONE.sub(" ", text)
    text = _HOUR_AMPM.sub(" ", _TIME.sub(" ", text))
    text = _ORDINAL.sub(r"\1", text)
    month = day = year = None
    for token in _WORD.findall(text):
        word = token.rstrip(".").lower()
        if word.isdigit():
            number = int(word)
            if len(word) == 4 and year is None:
                year = number
            elif len(word) <= 2 and 1 <= number <= 31 and day is None:
                day = number
        elif word in MONTHS and month is None:
            month = MONTHS[word]
    if month is None or year is None:
        return None
    if day is None:
        return _make(year, month, 1, "month")
    return _make(year, month, day, None)


_MONTH_NAMES = "|".join(sorted((re.escape(m) for m in MONTHS if len(m) > 2), key=len, reverse=True))
# Days written out in running text, in the orders pages use: `8 November 2023`, `24. Januar
# 2022`, `November 8, 2023`, `06.12.2020`, `2023-11-08`.
_DAY_IN_TEXT = re.compile(
    rf"(?<!\w)(?:(?P<d1>\d{{1,2}})(?:\.|st|nd|rd|th)?\s+(?:de\s+)?(?P<m1>{_MONTH_NAMES})\.?,?\s+"
    rf"(?:de\s+)?(?P<y1>\d{{4}})"
    rf"|(?P<m2>{_MONTH_NAMES})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    r"|(?P<d3>\d{1,2})\.(?P<m3>\d{1,2})\.(?P<y3>\d{4})"
    r"|(?P<y4>\d{4})-(?P<m4>\d{2})-(?P<d4>\d{2}))(?!\d)",
    re.IGNORECASE,
)


def days_in_text(text: str) -> list[dt.date]:
    """The whole days written in a text, in the order written (impossible ones left out)."""
    out = []
    for m in _DAY_IN_TEXT.finditer(text):
        groups = {k[0]: v for k, v in m.groupdict().items() if v}
        month = groups["m"]
        number = int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]
        try:
            out.append(dt.date(int(groups["y"]), number, int(groups["d"])))
        except ValueError:
            continue
    return out


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
