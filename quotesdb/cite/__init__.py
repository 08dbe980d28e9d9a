"""Citations for quotes: pure formatting, no database and no I/O.

`format_citations(quotes, style, to)` is the entry point. Styles: the default block quote
(`markdown`), `chicago` (CMOS 17, full notes), `apa` (7th), `mla` (9th), `harvard` (Cite
Them Right), and the data formats `bibtex`, `csl-json` and `ris` (one entry per article).
Targets: `markdown`, `text`, `html`. The database side builds a `CitableQuote` in one
place, `quotesdb.db.citable.citable_quotes`, for every surface.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from quotesdb.cite.bibtex import bibtex, citation_key, escape_bibtex
from quotesdb.cite.block import block, passage_url
from quotesdb.cite.csl import csl_items
from quotesdb.cite.errors import UnknownStyleError, unknown
from quotesdb.cite.fragments import text_fragment
from quotesdb.cite.model import CitableQuote
from quotesdb.cite.names import Name, split_name
from quotesdb.cite.ris import ris
from quotesdb.cite.styles import apa, chicago, harvard, mla
from quotesdb.cite.targets import TARGETS, Target, escape_markdown, target

__all__ = [
    "STYLES",
    "TARGETS",
    "CitableQuote",
    "Name",
    "UnknownStyleError",
    "citation_key",
    "escape_bibtex",
    "escape_markdown",
    "format_citation",
    "format_citations",
    "normalize_style",
    "passage_url",
    "split_name",
    "text_fragment",
]

STYLES: tuple[str, ...] = (
    "markdown",
    "chicago",
    "apa",
    "mla",
    "harvard",
    "bibtex",
    "csl-json",
    "ris",
)
AUTHOR_DATE = ("apa", "harvard")  # the styles whose "2023a" tells two works apart
_FORMATTERS: dict[str, Callable[[CitableQuote, Target, str], str]] = {
    "markdown": lambda q, t, _suffix: block(q, t),
    "chicago": chicago,
    "apa": apa,
    "mla": mla,
    "harvard": harvard,
}


def normalize_style(style: str) -> str:
    """ "APA", " Chicago " and "csl-json" are all style names; anything else is refused."""
    name = style.strip().lower().replace("_", "-")
    if name not in STYLES:
        raise unknown("style", style, STYLES)
    return name


def format_citations(
    quotes: Sequence[CitableQuote], style: str = "markdown", to: str = "markdown"
) -> str:
    """One citation after another, a blank line apart, as one bibliography: one author's
    two works of a year are 2023a and 2023b (APA, Harvard); BibTeX, CSL-JSON and RIS hold
    one entry per article."""
    name, out = normalize_style(style), target(to)
    if name == "csl-json":
        return json.dumps(csl_items(quotes), ensure_ascii=False, indent=2)
    if name == "bibtex":
        return bibtex(quotes)
    if name == "ris":
        return ris(quotes)
    suffixes = year_suffixes(quotes) if name in AUTHOR_DATE else {}
    cited = [_FORMATTERS[name](q, out, suffixes.get(q.article_identity(), "")) for q in quotes]
    if out.name == "html":  # a reference and its in-text form: two lines when pasted
        return "\n".join(
            c if name == "markdown" else f"<p>{c.replace(chr(10), '<br>')}</p>" for c in cited
        )
    return "\n\n".join(cited)


def year_suffixes(quotes: Sequence[CitableQuote]) -> dict[str, str]:
    """ "a", "b", ... for articles by the same authors in the same year (APA 7 9.47: in the
    order of their titles, a leading article ignored); nothing where a year is unique."""
    groups: dict[tuple[str, ...], dict[str, CitableQuote]] = {}
    for q in quotes:
        if q.unsourced:
            continue
        who = tuple(n.sort_key_name.casefold() for n in q.author_names) or (
            (q.title or q.outlet or "").casefold(),
        )
        year = str(q.date_parts[0]) if q.date_parts else "n.d."
        groups.setdefault((*who, year), {})[q.article_identity()] = q
    out: dict[str, str] = {}
    for articles in groups.values():
        if len(articles) < 2:
            continue
        ordered = sorted(articles.items(), key=lambda kv: _title_order(kv[1]))
        for n, (identity, _) in enumerate(ordered):
            out[identity] = chr(ord("a") + n) if n < 26 else f"a{n}"
    return out


def _title_order(q: CitableQuote) -> tuple[str, str]:
    title = (q.title or "").casefold()
    return (title.removeprefix("the ").removeprefix("a ").removeprefix("an "), q.url or "")


def format_citation(quote: CitableQuote, style: str = "markdown", to: str = "markdown") -> str:
    """One quote's citation, byte for byte what `format_citations` gives for it alone (a
    CSL-JSON array of one item, as a CSL-JSON file is): every surface prints the same."""
    return format_citations([quote], style, to)
