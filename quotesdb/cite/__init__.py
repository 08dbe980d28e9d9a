"""Citations for quotes: pure formatting, no database and no I/O.

`format_citations(quotes, style, to)` is the entry point. Styles: the default block quote
(`markdown`), `chicago`, `apa`, `mla`, `harvard`, and the data formats `bibtex` and
`csl-json` (one entry per article). Targets: `markdown`, `text`, `html`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from quotesdb.cite.bibtex import bibtex, citation_key, escape_bibtex
from quotesdb.cite.block import block
from quotesdb.cite.csl import csl_items
from quotesdb.cite.errors import UnknownStyleError, unknown
from quotesdb.cite.fragments import text_fragment
from quotesdb.cite.model import CitableQuote
from quotesdb.cite.names import Name, split_name
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
    "split_name",
    "text_fragment",
]

STYLES: tuple[str, ...] = ("markdown", "chicago", "apa", "mla", "harvard", "bibtex", "csl-json")
_FORMATTERS: dict[str, Callable[[CitableQuote, Target], str]] = {
    "markdown": block,
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
    """One citation after another, a blank line apart; BibTeX and CSL-JSON one per article."""
    name, out = normalize_style(style), target(to)
    if name == "csl-json":
        return json.dumps(csl_items(quotes), ensure_ascii=False, indent=2)
    if name == "bibtex":
        return bibtex(quotes)
    cited = [_FORMATTERS[name](q, out) for q in quotes]
    if out.name == "html":  # a reference and its in-text form: two lines when pasted
        return "\n".join(
            c if name == "markdown" else f"<p>{c.replace(chr(10), '<br>')}</p>" for c in cited
        )
    return "\n\n".join(cited)


def format_citation(quote: CitableQuote, style: str = "markdown", to: str = "markdown") -> str:
    if normalize_style(style) == "csl-json":
        return json.dumps(csl_items([quote])[0], ensure_ascii=False, indent=2)
    return format_citations([quote], style, to)
