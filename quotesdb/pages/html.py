"""A news page's main text and metadata, each field with the place it came from.

Pure: bytes in, article out. trafilatura finds the main text (navigation, banners, related
links and reader comments left out: a reader's comment must never become an expert's
quote); the metadata is read from JSON-LD first, then og:/meta tags, then trafilatura's
own guesses, and `provenance` records which one each field came from.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from quotesdb.articles import ArticleMeta, ArticleSource
from quotesdb.errors import InputError
from quotesdb.links import http_url
from quotesdb.pages.dates import BadDate, parse_date

_ARTICLE_TYPES = {
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "BlogPosting",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "WebPage",
}
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
    """The article a page holds; an error when it holds no readable text."""
    import trafilatura
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
    except Exception:  # lxml refuses empty or non-HTML documents in several ways
        raise InputError(f"{origin}: not an HTML page") from None
    found_doc = trafilatura.bare_extraction(
        tree, url=url, include_comments=False, include_tables=False, with_metadata=True
    )
    doc: Any = found_doc  # a Document (as_dict=False); typed as a union by trafilatura
    if doc is None or not (doc.text or "").strip():
        raise InputError(f"{origin}: no article text found in the page")
    ld = _json_ld(tree)
    metas = _meta_tags(tree)
    found: dict[str, tuple[Any, str]] = {}

    def pick(name: str, *candidates: tuple[Any, str]) -> None:
        for value, where in candidates:
            if value:
                found[name] = (value, where)
                return

    pick(
        "title",
        (_text(ld.get("headline")), "json-ld"),
        (metas.get("og:title"), "og:title"),
        (doc.title, "trafilatura"),
    )
    pick(
        "authors",
        (_people(ld.get("author")), "json-ld"),
        (_split_authors(metas.get("author") or metas.get("article:author")), "meta author"),
        (_split_authors(doc.author), "trafilatura"),
    )
    pick(
        "published",
        (_text(ld.get("datePublished")), "json-ld"),
        (metas.get("article:published_time"), "article:published_time"),
        (doc.date, "trafilatura"),
    )
    pick(
        "outlet",
        (_publisher(ld.get("publisher")), "json-ld"),
        (metas.get("og:site_name"), "og:site_name"),
        (doc.sitename, "trafilatura"),
    )
    pick(
        "url",
        (http_url(_canonical(tree)), "link rel=canonical"),
        (http_url(metas.get("og:url")), "og:url"),
        (http_url(url), "fetched URL"),
    )
    pick("language", (tree.get("lang"), "html lang"), (doc.language, "trafilatura"))
    pick(
        "section",
        (_text(ld.get("articleSection")), "json-ld"),
        (metas.get("article:section"), "article:section"),
    )
    title = found.get("title", (None, ""))[0]
    published, precision = None, None
    if "published" in found:
        try:
            published, precision = parse_date(str(found["published"][0]))
        except BadDate as exc:
            raise InputError(f"{origin}: published date: {exc}") from None
    meta = ArticleMeta(
        title=title,
        outlet=found.get("outlet", (None, ""))[0],
        url=found.get("url", (None, ""))[0],
        authors=tuple(found.get("authors", ((), ""))[0]),
        published=published,
        published_precision=precision,
        section=found.get("section", (None, ""))[0],
        language=(found.get("language", ("en", ""))[0] or "en").split("-")[0].lower()[:16],
    )
    provenance = {name: where for name, (_value, where) in found.items()}
    provenance["text"] = "trafilatura"
    return WebPage(ArticleSource(meta, _body(doc.text, title), origin), provenance)


def _body(text: str, title: str | None) -> str:
    """Paragraphs a blank line apart, without the headline the extractor kept at the top."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and title and lines[0].casefold() == title.casefold():
        lines = lines[1:]
    return "\n\n".join(lines) + "\n"


def _json_ld(tree: Any) -> dict[str, Any]:
    """The page's NewsArticle (or Article) object from its JSON-LD blocks, if any."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content() or "")
        except (ValueError, RecursionError):
            continue
        for item in _items(data):
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(k in _ARTICLE_TYPES for k in kinds if isinstance(k, str)):
                return item
    return {}


def _items(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [x for d in data for x in _items(d)]
    if isinstance(data, dict):
        graph = data.get("@graph")
        return [data, *(_items(graph) if graph else [])]
    return []


def _meta_tags(tree: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for tag in tree.xpath("//meta[@content]"):
        key = (tag.get("property") or tag.get("name") or "").strip().lower()
        value = " ".join((tag.get("content") or "").split())
        if key and value and key not in out:
            out[key] = value
    return out


def _canonical(tree: Any) -> str | None:
    for link in tree.xpath('//link[@rel="canonical"][@href]'):
        href = link.get("href", "").strip()
        if href.startswith(("http://", "https://")):
            return str(href)
    return None


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return " ".join(str(value).split()) or None
    return None


def _people(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        name = _text(item.get("name")) if isinstance(item, dict) else _text(item)
        if name and name not in names:
            names.append(name)
    return names


def _publisher(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return _text(value.get("name")) if isinstance(value, dict) else _text(value)


def _split_authors(value: str | None) -> list[str]:
    if not value:
        return []
    parts = re.split(r"\s*(?:;|,| and | & )\s*", value.removeprefix("By ").removeprefix("by "))
    return [p for p in (" ".join(x.split()) for x in parts) if p and not p.startswith("http")]
