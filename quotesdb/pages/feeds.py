"""The article links of an RSS or Atom feed, in the feed's order.

feedparser reads them: real feeds are often not well-formed XML (a blank line before the
declaration, `&nbsp;`, a bare `&` in a link), and its lenient parser still reads those. An
entry without a usable link is skipped with a warning; only a document that is no feed
at all is refused, and so is one declaring its own entities (an entity bomb).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from quotesdb.errors import InputError


@dataclass(frozen=True, slots=True)
class FeedLinks:
    links: list[str]
    # One line for each entry skipped (no http(s) link): the others are still read.
    warnings: list[str] = field(default_factory=list)


def feed_links(raw: bytes, origin: str) -> FeedLinks:
    """Every entry's link, each once; relative links resolved against a feed URL."""
    import feedparser

    if b"<!ENTITY" in raw:  # expat's amplification limit trips late: a second per MB of laughs
        raise InputError(f"{origin}: the feed declares XML entities, which no feed needs")
    headers = {"content-location": origin} if origin.startswith(("http://", "https://")) else {}
    # A stream, never bytes or text: feedparser opens a string that names a file or a URL.
    parsed: Any = feedparser.parse(io.BytesIO(raw), response_headers=headers)
    if not parsed.get("version") and not parsed.entries:
        why = parsed.get("bozo_exception")
        detail = f" ({str(why).strip() or type(why).__name__})" if why else ""
        raise InputError(f"{origin}: not an RSS or Atom feed{detail}")
    links: list[str] = []
    warnings: list[str] = []
    for number, entry in enumerate(parsed.entries, start=1):
        link = _entry_link(entry)
        if link is None:
            name = " ".join(str(entry.get("title") or "").split())[:80]
            shown = f" ({name!r})" if name else ""
            warnings.append(f"{origin}: entry {number}{shown} has no http(s) link; skipped")
        elif link not in links:
            links.append(link)
    return FeedLinks(links, warnings)


def _entry_link(entry: Any) -> str | None:
    """The entry's page: its alternate link, else a permalink id (RSS guid)."""
    candidates = [
        str(link.get("href") or "")
        for link in entry.get("links", [])
        if link.get("rel", "alternate") == "alternate"
    ]
    candidates.append(str(entry.get("link") or ""))
    if entry.get("guidislink"):
        candidates.append(str(entry.get("id") or ""))
    for candidate in candidates:
        candidate = candidate.strip()
        if candidate.startswith(("http://", "https://")):
            return candidate
    return None
