"""What a citation is made of: a quote and its article's metadata, and their dates."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from quotesdb.cite.names import Name, split_name
from quotesdb.links import http_url

MONTHS = (
    "January February March April May June July August September October November December"
).split()
MLA_MONTHS = "Jan. Feb. Mar. Apr. May June July Aug. Sept. Oct. Nov. Dec.".split()


@dataclass(frozen=True, slots=True)
class CitableQuote:
    id: int
    text: str
    speaker: str | None
    speaker_description: str | None
    title: str | None
    url: str | None
    outlet: str | None
    authors: tuple[str, ...]
    published: dt.date | None
    section: str | None = None
    paragraph: str | None = None  # the passage around the quote, to make its link unique
    precision: str | None = None  # "year", "month", or None for a full day
    fetched: dt.date | None = None  # when the page was read: the access date
    article_id: int | None = None
    language: str | None = None  # the article's (BCP 47, "en", "de-AT"): title case is English
    # Per author, as stored: "person", "organisation" or None (unknown: guessed from the
    # name). An organisation is never inverted; a person never taken for one.
    author_kinds: tuple[str | None, ...] = ()
    speaker_kind: str | None = None  # the same for the speaker (a personal communication)

    @property
    def author_names(self) -> list[Name]:
        """The byline as citation styles need it, each name split by its stored kind."""
        kinds = (*self.author_kinds, *([None] * len(self.authors)))
        return [split_name(a, k) for a, k in zip(self.authors, kinds, strict=False)]

    @property
    def speaker_name(self) -> Name | None:
        return split_name(self.speaker, self.speaker_kind) if self.speaker else None

    @property
    def english(self) -> bool:
        """Title case is English typography: other languages keep their own capitals."""
        return not self.language or self.language.lower().split("-")[0] in ("en", "eng")

    def __post_init__(self) -> None:
        # Only a web address may become a citation's link (quotesdb/links.py).
        if self.url is not None and http_url(self.url) is None:
            object.__setattr__(self, "url", None)

    @property
    def unsourced(self) -> bool:
        """No article at all: a call or an interview, which the styles cite as personal."""
        return not (self.title or self.url or self.outlet or self.authors)

    @property
    def date_parts(self) -> list[int]:
        """The publication date as far as it is known: [y], [y, m] or [y, m, d]."""
        day = self.published
        if day is None:
            return []
        if self.precision == "year":
            return [day.year]
        if self.precision == "month":
            return [day.year, day.month]
        return [day.year, day.month, day.day]

    def article_identity(self) -> str:
        """What makes the article itself: its URL, else outlet, title, date and byline.

        Never the quote or the database id, so the key of an article is the same in
        every export and on every machine.
        """
        if self.unsourced:
            return "|".join(["personal", self.speaker or "", *map(str, self.date_parts)])
        if self.url:
            return "url|" + self.url.split("#", 1)[0].strip()
        parts = [self.outlet or "", self.title or "", *map(str, self.date_parts), *self.authors]
        return "|".join(["article", *(p.strip().casefold() for p in parts)])

    def identity_hash(self, length: int = 4) -> str:
        return hashlib.sha256(self.article_identity().encode("utf-8")).hexdigest()[:length]


def long_date(parts: list[int]) -> str | None:
    """Chicago's "September 13, 2023", "September 2023" or "2023"."""
    if not parts:
        return None
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return f"{MONTHS[parts[1] - 1]} {parts[2]}, {parts[0]}"


def day_month_year(parts: list[int], months: list[str] = MONTHS) -> str | None:
    """MLA's "13 Sept. 2023" (with its months) or Harvard's "13 September 2023"."""
    if not parts:
        return None
    words = [str(parts[2])] if len(parts) == 3 else []
    if len(parts) >= 2:
        words.append(months[parts[1] - 1])
    return " ".join([*words, str(parts[0])])


def iso_day(day: dt.date) -> list[int]:
    return [day.year, day.month, day.day]
