"""The article links of an RSS or Atom feed, in the feed's order."""

from __future__ import annotations

from xml.etree import ElementTree

from quotesdb.errors import InputError

_ATOM = "{http://www.w3.org/2005/Atom}"


def feed_links(raw: bytes, origin: str) -> list[str]:
    """Every entry's link; expat refuses entity bombs, so a hostile feed is an error."""
    try:
        root = ElementTree.fromstring(raw)
    except ElementTree.ParseError as exc:
        raise InputError(f"{origin}: not an RSS or Atom feed ({exc})") from None
    links: list[str] = []
    if root.tag == f"{_ATOM}feed":
        for entry in root.iter(f"{_ATOM}entry"):
            for link in entry.findall(f"{_ATOM}link"):
                if link.get("rel", "alternate") == "alternate" and link.get("href"):
                    links.append(link.get("href", "").strip())
                    break
    elif root.tag in (
        "rss",
        "{http://purl.org/rss/1.0/}RDF",
        "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF",
    ):
        for item in root.iter():
            if item.tag.rsplit("}", 1)[-1] != "item":
                continue
            texts = [c.text or "" for c in item if c.tag.rsplit("}", 1)[-1] == "link"]
            text = texts[0].strip() if texts else ""
            if not text:
                guid = item.find("guid")
                perma = guid is not None and guid.get("isPermaLink", "true") == "true"
                text = (guid.text or "").strip() if perma and guid is not None else ""
            if text:
                links.append(text)
    else:
        raise InputError(f"{origin}: not an RSS or Atom feed (root element {root.tag})")
    return [link for link in dict.fromkeys(links) if link.startswith(("http://", "https://"))]
