"""Chicago (17th, notes), APA 7, MLA 9 and Harvard (Cite Them Right) for a quoted source.

A quote is cited as a secondary source: the speaker's words, "quoted in" the article.
Every style degrades gracefully: no "None", no empty brackets, "n.d." where a date is due.
Text goes through the target (Markdown, plain text, HTML), which escapes it and writes
italics and links.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from quotesdb.cite.model import (
    MLA_MONTHS,
    MONTHS,
    CitableQuote,
    day_month_year,
    iso_day,
    long_date,
)
from quotesdb.cite.names import Name, split_name
from quotesdb.cite.targets import Target
from quotesdb.cite.titles import curly_quotes, single_inner_quotes, title_case


def join(parts: Sequence[str | None], sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)


def and_list(names: Sequence[str], conjunction: str = "and") -> str:
    if len(names) <= 2:
        return f" {conjunction} ".join(names)
    return ", ".join(names[:-1]) + f", {conjunction} " + names[-1]


def end(sentence: str) -> str:
    """Close a citation with one period, whatever punctuation its last part brought."""
    sentence = sentence.rstrip()
    return sentence if sentence.endswith((".", "?", "!", ".”", "?”", "!”")) else sentence + "."


def _title_end(title: str, mark: str = ".") -> str:
    return title if title.endswith(("?", "!", ".")) else title + mark


def _quoted_title(q: CitableQuote, t: Target, mark: str = "") -> str:
    """“Title,” with the comma inside (American style) unless the title ends in ? or !."""
    title = single_inner_quotes(title_case(q.title or ""))
    inner = title if title.endswith(("?", "!")) or not mark else title + mark
    return f"“{t.esc(inner)}”"


# ---- Chicago --------------------------------------------------------------------------


def chicago(q: CitableQuote, t: Target) -> str:
    """Note: Speaker, quoted in Author, “Title,” *Outlet*, Month D, YYYY, URL."""
    when = long_date(q.date_parts)
    if q.unsourced:
        return t.esc(end(join([q.speaker, "personal communication", when])))
    names = [split_name(a).display for a in q.authors]
    # 17th ed. 14.23: a note for four or more authors names the first, then et al.
    who = f"{names[0]} et al." if len(names) >= 4 else and_list(names)
    pieces = [
        t.esc(who) if who else None,
        _quoted_title(q, t, ",") if q.title else None,
        t.italic(q.outlet) if q.outlet else None,
        t.esc(when) if when else None,
        t.esc(q.url) if q.url else None,
    ]
    source = ""
    for piece in (p for p in pieces if p):  # after “Title,” no second comma
        source += piece if not source else (" " if source.endswith("”") else ", ") + piece
    if q.speaker:
        lead = t.esc(q.speaker)
        return end(f"{lead}, quoted in {source}" if source else lead)
    return end(source)


# ---- APA 7 ----------------------------------------------------------------------------


def _apa_name(name: Name) -> str:
    if name.is_literal:
        return name.literal
    return join([name.family, name.initials, name.suffix])


def _apa_authors(authors: Sequence[str]) -> str:
    names = [_apa_name(split_name(a)) for a in authors]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + ", & " + names[-1]


def _apa_date(parts: list[int]) -> str:
    if not parts:
        return "(n.d.)"
    if len(parts) == 1:
        return f"({parts[0]})"
    day = f" {parts[2]}" if len(parts) == 3 else ""
    return f"({parts[0]}, {MONTHS[parts[1] - 1]}{day})"


def _surnames(authors: Sequence[str], two: str, many: str) -> str:
    names = [split_name(a).sort_key_name for a in authors]
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} {two} {names[1]}"
    return f"{names[0]} {many}"


def apa(q: CitableQuote, t: Target) -> str:
    """Reference entry, then the in-text form for a secondary source on its own line."""
    year = str(q.date_parts[0]) if q.date_parts else "n.d."
    if q.unsourced:  # APA 8.9: personal communications are cited in text only
        name = split_name(q.speaker) if q.speaker else None
        who = name.display if name and name.is_literal else None
        if name and not name.is_literal:
            who = join([name.initials, name.family], " ")
        day = long_date(q.date_parts) if len(q.date_parts) == 3 else year
        return "In text: " + t.esc(f"({join([who, 'personal communication', day])})")
    when = _apa_date(q.date_parts)
    title = t.esc(_title_end(curly_quotes(q.title))) if q.title else None
    outlet = f"{t.italic(q.outlet)}." if q.outlet else None
    url = t.esc(q.url) if q.url else None
    if q.authors:
        head = f"{t.esc(end(_apa_authors(q.authors)))} {when}."
        reference = join([head, title, outlet, url], " ")
        cited = t.esc(_surnames(q.authors, "&", "et al."))
    else:  # APA 9.12: the title moves to the author's place
        reference = join([title, f"{when}.", outlet, url], " ")
        # 8.14: in text, a no-author article is its title in title case, in quotes.
        short = title_case(q.title) if q.title else None
        cited = f"“{t.esc(short)},”" if short else t.italic(q.outlet or "")
    source = join([cited, year], " " if cited.endswith(",”") else ", ")
    in_text = f"({t.esc(q.speaker)}, as cited in {source})" if q.speaker else f"({source})"
    return f"{reference}\nIn text: {in_text}"


# ---- MLA 9 ----------------------------------------------------------------------------


def _mla_lead(name: Name) -> str:
    if name.is_literal:
        return name.literal
    return join([name.family, name.given, name.suffix])


def _mla_authors(authors: Sequence[str]) -> str:
    lead = _mla_lead(split_name(authors[0]))
    if len(authors) == 1:
        return lead
    if len(authors) == 2:
        return f"{lead}, and {split_name(authors[1]).display}"
    return f"{lead}, et al"


def mla(q: CitableQuote, t: Target) -> str:
    """Works-cited entry, then the in-text form "(qtd. in Author)" on its own line."""
    if q.unsourced:
        speaker = _mla_lead(split_name(q.speaker)) if q.speaker else None
        when = day_month_year(q.date_parts, MLA_MONTHS)
        return t.esc(end(join([speaker, "Personal communication", when], ". ")))
    when = day_month_year(q.date_parts, MLA_MONTHS)
    url = re.sub(r"^https?://", "", q.url) if q.url else None
    container = join([t.italic(q.outlet) if q.outlet else None, when, t.esc(url) if url else None])
    title = _quoted_title(q, t, ".") if q.title else None
    parts = [t.esc(end(_mla_authors(q.authors))) if q.authors else None, title]
    parts.append(end(container) if container else None)
    entry = " ".join(p for p in parts if p)
    lead: str | None = None
    if q.authors:
        lead = t.esc(_surnames(q.authors, "and", "et al."))
    elif q.title:
        lead = f"“{t.esc(single_inner_quotes(title_case(q.title)))}”"
    return entry + (f"\nIn text: (qtd. in {lead})" if lead else "")


# ---- Harvard (Cite Them Right) ----------------------------------------------------------


def _harvard_name(name: Name) -> str:
    if name.is_literal:
        return name.literal
    return join(
        [name.family, name.initials.replace(" ", "") + (f" {name.suffix}" if name.suffix else "")]
    )


def harvard(q: CitableQuote, t: Target) -> str:
    """Reference list entry, then "(Speaker, quoted in Author, YYYY)"."""
    year = str(q.date_parts[0]) if q.date_parts else "no date"
    if q.unsourced:
        when = day_month_year(q.date_parts)
        return t.esc(end(join([q.speaker, "personal communication", when])))
    names = [_harvard_name(split_name(a)) for a in q.authors]
    who = and_list(names) if len(names) < 4 else f"{names[0]} et al."
    title = f"‘{t.esc(single_inner_quotes(q.title))}’" if q.title else None
    head = f"{t.esc(who)} ({year})" if who else None
    if head is None and title:
        head, title = f"{title} ({year})", None
    day = day_month_year(q.date_parts) if len(q.date_parts) > 1 else None
    if day and day.endswith(year):
        day = day[: -len(year)].strip()
    lead = join([head, title], " ")
    body = join([lead, t.italic(q.outlet) if q.outlet else None, t.esc(day) if day else None])
    entry = end(body)
    if q.url:
        entry += f" Available at: {t.esc(q.url)}"
        accessed = day_month_year(iso_day(q.fetched)) if q.fetched else None
        entry += f" (Accessed: {t.esc(accessed)})." if accessed else "."
    cited = _surnames(q.authors, "and", "et al.") if q.authors else (q.title or q.outlet or "")
    cited_in = t.esc(f"{cited}, {year}") if q.authors else f"{t.italic(cited)}, {year}"
    in_text = f"({t.esc(q.speaker)}, quoted in {cited_in})" if q.speaker else f"({cited_in})"
    return f"{entry}\nIn text: {in_text}"
