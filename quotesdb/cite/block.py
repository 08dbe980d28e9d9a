"""The default citation: the quote as a block quote, then who said it, where and when."""

from __future__ import annotations

from quotesdb.cite.fragments import text_fragment
from quotesdb.cite.model import CitableQuote, long_date
from quotesdb.cite.styles import and_list, join
from quotesdb.cite.targets import Target


def _quote_lines(q: CitableQuote, t: Target) -> list[str]:
    text = f"“{q.text.strip()}”"
    if t.name == "markdown":
        lines = t.esc(text).splitlines() or ["“”"]
        return [f"> {line}" if line.strip() else ">" for line in lines]
    return [t.esc(p.strip()) for p in text.splitlines() if p.strip()] or ["“”"]


def passage_url(q: CitableQuote) -> str | None:
    """The article's URL with a text fragment to the quote, unique on the stored page."""
    if not q.url:
        return None
    fragment = text_fragment(q.text, q.paragraph)
    return q.url.split("#", 1)[0] + (f"#{fragment}" if fragment else "")


def block(q: CitableQuote, t: Target) -> str:
    source = None
    if q.title:
        title = f"“{t.esc(q.title)}”"
        if q.url:
            title = t.link(title, passage_url(q) or q.url)
        source = title + (f" by {t.esc(and_list(q.authors))}" if q.authors else "")
    elif q.authors:
        source = "by " + t.esc(and_list(q.authors))
    quoted_in = f"quoted in {source}" if source else None
    who = [t.esc(q.speaker) if q.speaker else None]
    if q.speaker_description:
        who.append(t.esc(q.speaker_description))
    when = long_date(q.date_parts)
    outlet = t.italic(q.outlet) if q.outlet else None
    attribution = join([*who, quoted_in, outlet, when])
    if q.url and (not q.title or t.name == "text"):
        attribution = join([attribution, t.url(q.url) if t.name != "text" else q.url])
    lines = _quote_lines(q, t)
    if t.name == "markdown":
        return "\n".join(lines) + ("\n>\n> — " + attribution if attribution else "")
    return t.paragraphs([*lines, f"— {attribution}"] if attribution else lines)
