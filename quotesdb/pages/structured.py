"""What a page says about itself in JSON-LD and in its <meta> tags.

A page may carry several JSON-LD objects: a `WebSite`, a `BreadcrumbList`, a generic
`WebPage` and the `NewsArticle` itself, in one `@graph` or in separate blocks, with `@type`
a string or a list. The article is the best-typed one (a news article before an article
before a web page); the publisher may be given inline, by `@id` reference, or only as the
graph's `Organization` or `WebSite`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

# How much a JSON-LD type says "this is the article": higher is more specific.
ARTICLE_RANK = {
    "NewsArticle": 5,
    "ReportageNewsArticle": 5,
    "AnalysisNewsArticle": 5,
    "OpinionNewsArticle": 5,
    "BackgroundNewsArticle": 5,
    "ReviewNewsArticle": 5,
    "LiveBlogPosting": 4,
    "Article": 4,
    "BlogPosting": 4,
    "Report": 3,
    "ScholarlyArticle": 3,
    "SocialMediaPosting": 2,
    "WebPage": 1,
    "ItemPage": 1,
    "AboutPage": 0,
}
ORGANISATION_TYPES = {
    "Organization",
    "NewsMediaOrganization",
    "Corporation",
    "EducationalOrganization",
    "GovernmentOrganization",
    "NGO",
    "Brand",
    "WebSite",
}


@dataclass(frozen=True, slots=True)
class Person:
    """A byline name as the page declared it: kind is "person", "organisation" or None."""

    name: str
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class Structured:
    """The fields of the page's article object, and the names the site gives itself."""

    headline: str | None = None
    authors: tuple[Person, ...] = ()
    published: str | None = None
    modified: str | None = None
    publisher: str | None = None
    section: str | None = None
    language: str | None = None
    website: str | None = None  # the WebSite object's name
    article_type: str | None = None
    organisations: tuple[str, ...] = field(default=())


def read_json_ld(tree: Any) -> Structured:
    """The page's article from its JSON-LD blocks; empty when it has none."""
    items: list[dict[str, Any]] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content() or "", strict=False)
        except (ValueError, RecursionError):
            continue
        items.extend(_items(data))
    by_id = {str(item["@id"]): item for item in items if isinstance(item.get("@id"), str)}
    ranked = [(rank, n, item) for n, item in enumerate(items) if (rank := _rank(item)) >= 0]
    article: dict[str, Any] = {}
    kind = None
    if ranked:
        _rank_of, _n, article = max(ranked, key=lambda r: (r[0], -r[1]))
        kind = _main_type(article)
    websites = [i for i in items if "WebSite" in _types(i)]
    organisations = tuple(
        name
        for i in items
        if _types(i) & ORGANISATION_TYPES - {"WebSite"}
        if (name := text(i.get("name")))
    )
    publisher = _resolve(article.get("publisher"), by_id)
    return Structured(
        headline=text(article.get("headline")) or text(article.get("name")),
        authors=tuple(_people(_resolve_all(article.get("author"), by_id))),
        published=text(article.get("datePublished")) or text(article.get("dateCreated")),
        modified=text(article.get("dateModified")),
        publisher=text(publisher.get("name")) if isinstance(publisher, dict) else text(publisher),
        section=text(article.get("articleSection")),
        language=text(article.get("inLanguage")),
        website=next((n for w in websites if (n := text(w.get("name")))), None),
        article_type=kind,
        organisations=organisations,
    )


def _items(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [x for d in data for x in _items(d)]
    if isinstance(data, dict):
        graph = data.get("@graph")
        return [data, *(_items(graph) if graph else [])]
    return []


def _types(item: dict[str, Any]) -> set[str]:
    kinds = item.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return {k.rsplit("/", 1)[-1] for k in kinds if isinstance(k, str)}


def _rank(item: dict[str, Any]) -> int:
    return max((ARTICLE_RANK.get(k, -1) for k in _types(item)), default=-1)


def _main_type(item: dict[str, Any]) -> str | None:
    return max(_types(item), key=lambda k: ARTICLE_RANK.get(k, -1), default=None)


def _resolve(value: Any, by_id: dict[str, dict[str, Any]]) -> Any:
    """An `{"@id": ...}` reference replaced by the object it names, when the page has it."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict) and "name" not in value and isinstance(value.get("@id"), str):
        return by_id.get(value["@id"], value)
    return value


def _resolve_all(value: Any, by_id: dict[str, dict[str, Any]]) -> list[Any]:
    items = value if isinstance(value, list) else [value]
    return [_resolve(item, by_id) for item in items if item]


def _people(items: list[Any]) -> list[Person]:
    out: list[Person] = []
    for item in items:
        if isinstance(item, dict):
            name = text(item.get("name"))
            types = _types(item)
            kind = (
                "organisation"
                if types & ORGANISATION_TYPES
                else "person"
                if "Person" in types
                else None
            )
        else:
            name, kind = text(item), None
        if name and all(p.name != name for p in out):
            out.append(Person(name, kind))
    return out


def text(value: Any) -> str | None:
    """A JSON-LD value as one line of text: the first of a list, never a nested object."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return " ".join(str(value).split()) or None
    return None


def meta_tags(tree: Any) -> dict[str, str]:
    """<meta> values by lower-cased name or property (the first of each), and
    itemprop values from <meta> and <time> tags."""
    out: dict[str, str] = {}
    for tag in tree.xpath("//meta[@content]"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop") or tag.get("http-equiv")
        value = " ".join((tag.get("content") or "").split())
        key = (key or "").strip().lower()
        if key and value and key not in out:
            out[key] = value
    for tag in tree.xpath("//time[@datetime]"):
        key = "time:" + (
            tag.get("itemprop") or ("pubdate" if tag.get("pubdate") is not None else "")
        )
        value = (tag.get("datetime") or "").strip()
        if value and key not in out:
            out[key] = value
    return out


def microdata_authors(tree: Any) -> list[Person]:
    """Authors a page declares in microdata (`itemprop="author"`), as some sites mark each
    name of a byline that their JSON-LD leaves out. Only those whose own scope is the
    article's, and of the first article on the page: an image's credit, a reader's comment
    or a related story's byline is not the article's author."""
    people: list[Person] = []
    article = None
    for node in tree.xpath('//*[@itemprop][contains(concat(" ", @itemprop, " "), " author ")]'):
        scope = next(iter(node.xpath("ancestor::*[@itemscope][1]")), None)
        if scope is None or _type_rank(scope.get("itemtype")) < ARTICLE_RANK["Report"]:
            continue
        if article is None:
            article = scope
        elif scope is not article:
            continue
        named = node.xpath('.//*[@itemprop="name"]')
        source = named[0] if named else node
        name = source.get("content") or " ".join(source.text_content().split())
        if not name or len(name) > 100:
            continue
        itemtype = node.get("itemtype") or ""
        kind = "person" if itemtype.endswith("/Person") else None
        if any(itemtype.endswith(f"/{t}") for t in ORGANISATION_TYPES):
            kind = "organisation"
        people.append(Person(name, kind))
    return people


def _type_rank(itemtype: str | None) -> int:
    """How much a microdata type (`https://schema.org/NewsArticle`) says "the article"."""
    name = (itemtype or "").rstrip("/").rsplit("/", 1)[-1]
    return ARTICLE_RANK.get(name, -1)
