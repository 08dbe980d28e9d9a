"""A news page's main text and metadata, each field with the place it came from.

Pure: bytes in, article out. trafilatura finds the main text (navigation, banners, related
links and reader comments left out: a reader's comment must never become an expert's
quote); the metadata is read from JSON-LD, og:/meta tags and trafilatura's guesses,
combined by evidence (`quotesdb/pages/metadata.py`), and `provenance` records which one
each field came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from quotesdb.articles import ArticleMeta, ArticleSource
from quotesdb.errors import InputError
from quotesdb.pages.metadata import read_metadata

_DOUBLED_OPEN = re.compile("(?<![\u2018\u2019])\u2018\u2018(?![\u2018\u2019])")
_DOUBLED_CLOSE = re.compile("(?<![\u2018\u2019])\u2019\u2019(?![\u2018\u2019])")
_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class WebPage:
    source: ArticleSource
    provenance: dict[str, str] = field(default_factory=dict)


def decode_html(raw: bytes, declared: str | None = None) -> str:
    """The page as text: the HTTP charset, else the page's own <meta charset>, else UTF-8."""
    for charset in (declared, _meta_charset(raw), "utf-8"):
        if not charset:
            continue
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("utf-8", errors="replace")


def _meta_charset(raw: bytes) -> str | None:
    m = _CHARSET.search(raw[:4096])
    return m.group(1).decode("ascii") if m else None


def read_page(html: str, origin: str, url: str | None = None) -> WebPage:
    """The article a page holds; an error when it holds no readable text.

    trafilatura parses the page itself (its parser drops comments, so a comment inside a
    paragraph no longer ends the text); the metadata is read from our own parse of it."""
    import trafilatura
    from trafilatura.utils import load_html

    try:
        # trafilatura's loader also reads what lxml alone refuses, such as a page that
        # starts with an XML declaration naming its encoding.
        tree = load_html(html)
    except Exception:  # lxml refuses empty or non-HTML documents in several ways
        tree = None
    if tree is None:
        raise InputError(f"{origin}: not an HTML page")
    found_doc = trafilatura.bare_extraction(
        html, url=url, include_comments=False, include_tables=False, with_metadata=True
    )
    doc: Any = found_doc  # a Document (as_dict=False); typed as a union by trafilatura
    if doc is None or not (doc.text or "").strip():
        raise InputError(f"{origin}: no article text found in the page")
    page = read_metadata(tree, doc, url, doc.text or "")
    meta = ArticleMeta(
        title=page.title,
        outlet=page.outlet,
        url=page.url,
        authors=tuple(p.name for p in page.authors),
        author_kinds=tuple(p.kind for p in page.authors),
        published=page.published,
        published_precision=page.precision,
        section=page.section,
        language=(page.language or "en")[:16],
        provenance=(*page.provenance.items(), ("text", "trafilatura")),
        warnings=tuple(f"{origin}: {w}" for w in page.warnings),
    )
    return WebPage(ArticleSource(meta, _body(doc.text, page.title), origin), dict(meta.provenance))


def _body(text: str, title: str | None) -> str:
    """Paragraphs a blank line apart, without the headline the extractor kept at the top,
    and with the wire's doubled closing mark (`’’`, AP's style) read as one `”`."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and title and lines[0].casefold() == title.casefold():
        lines = lines[1:]
    body = "\n\n".join(lines) + "\n"
    return _DOUBLED_CLOSE.sub("\u201d", _DOUBLED_OPEN.sub("\u201c", body))
