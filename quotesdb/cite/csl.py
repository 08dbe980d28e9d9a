"""CSL-JSON items (the input of Zotero, Pandoc and citeproc): one per article.

Organisations are `literal` names, suffixes their own part; the quotes go in `note`
(CSL has no variable for a quoted passage), and the access date is the fetch date.
"""

from __future__ import annotations

from collections.abc import Sequence

from quotesdb.cite.bibtex import citation_keys
from quotesdb.cite.model import CitableQuote, iso_day
from quotesdb.cite.names import Name


def csl_name(name: Name) -> dict[str, str]:
    """An organisation is a `literal`; particles and suffixes are parts of their own."""
    if name.is_literal:
        return {"literal": name.literal}
    out = {"family": name.family, "given": name.given}
    if name.particle:
        out["non-dropping-particle"] = name.particle
    if name.suffix:
        out["suffix"] = name.suffix
    return out


def _note(quotes: Sequence[CitableQuote]) -> str:
    notes = []
    for q in quotes:
        speaker = ", ".join(p for p in (q.speaker, q.speaker_description) if p)
        said = f"“{q.text.strip()}”"
        notes.append(f"Quoting {speaker}: {said}" if speaker else said)
    return "\n".join(notes)


def csl_item(quotes: Sequence[CitableQuote], key: str) -> dict[str, object]:
    q = quotes[0]
    item: dict[str, object] = {"id": key}
    if q.unsourced:
        item["type"] = "personal_communication"
        if q.speaker_name:
            item["author"] = [csl_name(q.speaker_name)]
    else:
        item["type"] = "article-newspaper" if q.outlet else "webpage"
    if q.title:
        item["title"] = q.title
    if q.outlet:
        item["container-title"] = q.outlet
    if q.authors:
        item["author"] = [csl_name(n) for n in q.author_names]
    if q.date_parts:
        item["issued"] = {"date-parts": [q.date_parts]}
    if q.url:
        item["URL"] = q.url
    if q.section:
        item["section"] = q.section
    if q.fetched:
        item["accessed"] = {"date-parts": [iso_day(q.fetched)]}
    if q.language:
        item["language"] = q.language  # citeproc title-cases English titles only
    item["note"] = _note(quotes)
    return item


def csl_items(quotes: Sequence[CitableQuote]) -> list[dict[str, object]]:
    keys = citation_keys(quotes)
    by_article: dict[str, list[CitableQuote]] = {}
    for q in quotes:
        by_article.setdefault(q.article_identity(), []).append(q)
    return [csl_item(qs, keys[ident]) for ident, qs in by_article.items()]
