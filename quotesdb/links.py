"""Which URLs quotesdb takes in and hands out: http and https web addresses only.

A `javascript:` or `data:` "URL" in an article's metadata would run in the reader's
browser once it became a link or a pasted citation. So every way in (add, edit, ingest,
import, the web API) refuses or drops any other scheme, and every way out (citations,
links, JSON) shows no URL rather than one that is not a web address.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from quotesdb.errors import InputError


def http_url(value: object) -> str | None:
    """`value` stripped if it is an http(s) URL with a host, else None."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # an unbalanced [ in the host
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def check_url(value: str | None) -> str | None:
    """An optional URL as given, or a one-line error if it is not an http(s) URL."""
    if not value or not value.strip():
        return None
    url = http_url(value)
    if url is None:
        raise InputError(f"not an http(s) URL: {value[:200]!r}")
    return url
