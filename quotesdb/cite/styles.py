"""Chicago (17th, full notes), APA 7, MLA 9 and Harvard (Cite Them Right) for a quoted source.

A quote is cited as a secondary source: the speaker's words, "quoted in" the article.
Every style degrades gracefully: no "None", no empty brackets, "n.d." where a date is due
and the manual wants it. Text goes through the target (Markdown, plain text, HTML), which
escapes it and writes italics and links. Title case is CMOS 17 and MLA 9 (see `titles`).

`year_suffix` is the "a" of "2023a": set by `format_citations` when one author has two
works in one year in the same bibliography (APA 7 9.47, Cite Them Right).
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
from quotesdb.cite.names import Name
from quotesdb.cite.targets import Target
from quotesdb.cite.titles import (
    apa_title_case,
    closing,
    curly_quotes,
    double_inner_quotes,
    single_inner_quotes,
    title_case,
)

APA_LISTED = 20  # APA 7 9.8: up to 20 names; 21 or more are the first 19, "…", the last


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


def _quoted_title(q: CitableQuote, t: Target, mark: str = "") -> str:
    """“Title,” with the mark inside (American style), never doubled: “Media.” not “Media..”."""
    title = single_inner_quotes(title_case(q.title or "", q.english))
    return f"“{t.esc(closing(title, mark) if mark else title)}”"


# ---- Chicago (17th edition, notes) ----------------------------------------------------------


def chicago(q: CitableQuote, t: Target, year_suffix: str = "") -> str:
    """Full note: Speaker, quoted in Author, “Title,” *Outlet*, Month D, YYYY, URL.

    No section: CMOS 17 14.191 asks for it in a printed paper, not in an article read
    online. CMOS 17 14.207: an undated page gives its access date ("accessed May 1, 2024");
    15.44: without one either, "n.d.". 14.23: four or more authors are the first, et al.
    """
    when = long_date(q.date_parts)
    if q.unsourced:  # 14.214: the kind of communication and its date
        who = q.speaker_name.display if q.speaker_name else None
        return t.esc(end(join([who, "personal communication", when])))
    names = [n.display for n in q.author_names]
    who = f"{names[0]} et al." if len(names) >= 4 else and_list(names)
    if when is None:
        when = f"accessed {long_date(iso_day(q.fetched))}" if q.fetched else "n.d."
    pieces = [
        t.esc(who) if who else None,
        _quoted_title(q, t, ",") if q.title else None,
        t.italic(q.outlet) if q.outlet else None,
        t.esc(when),
        t.esc(q.url) if q.url else None,
    ]
    source = ""
    for piece in (p for p in pieces if p):  # after “Title,” no second comma
        source += piece if not source else (" " if source.endswith("”") else ", ") + piece
    if q.speaker:
        return end(f"{t.esc(q.speaker)}, quoted in {source}")
    return end(source)


# ---- APA 7 ----------------------------------------------------------------------------


def _apa_name(name: Name) -> str:
    return name.inverted(name.initials)


def _apa_authors(names: Sequence[Name]) -> str:
    listed = [_apa_name(n) for n in names]
    if len(listed) == 1:
        return listed[0]
    if len(listed) > APA_LISTED:
        return ", ".join(listed[:19]) + ", … " + listed[-1]
    return ", ".join(listed[:-1]) + ", & " + listed[-1]


def _apa_date(parts: list[int], suffix: str) -> str:
    if not parts:
        return f"(n.d.{'-' + suffix if suffix else ''})"
    if len(parts) == 1:
        return f"({parts[0]}{suffix})"
    day = f" {parts[2]}" if len(parts) == 3 else ""
    return f"({parts[0]}{suffix}, {MONTHS[parts[1] - 1]}{day})"


def _surnames(names: Sequence[Name], two: str, many: str, listed: int = 2) -> str:
    """In-text authors: one, two joined by `two`, up to `listed` in a list, else et al."""
    surnames = [n.sort_key_name for n in names]
    if len(surnames) == 1:
        return surnames[0]
    if len(surnames) == 2:
        return f"{surnames[0]} {two} {surnames[1]}"
    if len(surnames) <= listed:
        return ", ".join(surnames[:-1]) + f" {two} {surnames[-1]}"
    return f"{surnames[0]} {many}"


def _year(q: CitableQuote, none: str, suffix: str) -> str:
    if q.date_parts:
        return f"{q.date_parts[0]}{suffix}"
    return f"{none}-{suffix}" if suffix else none


def apa(q: CitableQuote, t: Target, year_suffix: str = "") -> str:
    """Reference entry, then the in-text form for a secondary source on its own line.

    Titles stay as the article wrote them (APA 7 6.17 wants sentence case, and a program
    cannot tell a proper noun from a title-cased word); APA 7 9.16: no retrieval date for
    a news article, dated or not.
    """
    year = _year(q, "n.d.", year_suffix)
    if q.unsourced:  # APA 8.9: personal communications are cited in text only
        name = q.speaker_name
        who = name.display if name and (name.is_literal or name.family_first) else None
        if name and not who:
            who = join([name.initials, name.surname], " ")
        day = long_date(q.date_parts) if len(q.date_parts) == 3 else year
        return "In text: " + t.esc(f"({join([who, 'personal communication', day])})")
    when = _apa_date(q.date_parts, year_suffix)
    title = t.esc(closing(curly_quotes(q.title), ".")) if q.title else None
    outlet = f"{t.italic(q.outlet)}." if q.outlet else None
    url = t.esc(q.url) if q.url else None
    names = q.author_names
    if names:
        head = f"{t.esc(end(_apa_authors(names)))} {when}."
        reference = join([head, title, outlet, url], " ")
        cited = t.esc(_surnames(names, "&", "et al."))
    else:  # APA 9.12: the title moves to the author's place
        reference = join([title, f"{when}.", outlet, url], " ")
        # 8.14: in text, a no-author article is its title in title case, in quotes.
        short = apa_title_case(q.title, q.english) if q.title else None
        cited = f"“{t.esc(short)},”" if short else t.italic(q.outlet or "")
    source = join([cited, year], " " if cited.endswith(",”") else ", ")
    in_text = f"({t.esc(q.speaker)}, as cited in {source})" if q.speaker else f"({source})"
    return f"{reference}\nIn text: {in_text}"


# ---- MLA 9 ----------------------------------------------------------------------------


def _mla_authors(names: Sequence[Name]) -> str:
    lead = names[0].inverted()
    if len(names) == 1:
        return lead
    if len(names) == 2:
        return f"{lead}, and {names[1].display}"
    return f"{lead}, et al"


def mla(q: CitableQuote, t: Target, year_suffix: str = "") -> str:
    """Works-cited entry, then the in-text form "(qtd. in Author)" on its own line.

    MLA 9 5.111: an undated page ends with its access date ("Accessed 5 Jan. 2024.");
    MLA never prints "n.d.". 5.93: the URL without "https://".
    """
    if q.unsourced:
        speaker = q.speaker_name.inverted() if q.speaker_name else None
        when = day_month_year(q.date_parts, MLA_MONTHS)
        return t.esc(end(join([speaker, "Personal communication", when], ". ")))
    when = day_month_year(q.date_parts, MLA_MONTHS)
    url = re.sub(r"^https?://", "", q.url) if q.url else None
    container = join([t.italic(q.outlet) if q.outlet else None, when, t.esc(url) if url else None])
    names = q.author_names
    title = _quoted_title(q, t, ".") if q.title else None
    parts = [t.esc(end(_mla_authors(names))) if names else None, title]
    parts.append(end(container) if container else None)
    if not when and q.fetched:
        accessed = day_month_year(iso_day(q.fetched), MLA_MONTHS)
        parts.append(f"Accessed {accessed}.")
    entry = " ".join(p for p in parts if p)
    lead: str | None = None
    if names:
        lead = t.esc(_surnames(names, "and", "et al."))
    elif q.title:
        lead = f"“{t.esc(single_inner_quotes(title_case(q.title, q.english)))}”"
    if not lead:
        return entry
    return entry + (f"\nIn text: (qtd. in {lead})" if q.speaker else f"\nIn text: ({lead})")


# ---- Harvard (Cite Them Right) ----------------------------------------------------------


def _harvard_name(name: Name) -> str:
    if name.is_literal or name.family_first:
        return name.display
    return join([name.surname, name.initials.replace(" ", ""), name.suffix])


def harvard(q: CitableQuote, t: Target, year_suffix: str = "") -> str:
    """Reference list entry, then "(Speaker, quoted in Author, YYYY)".

    Cite Them Right: up to three authors are all named, in the list and in the text
    ("Lee, Chen and Diaz, 2023"); four or more are the first, et al. A title is in single
    quotes, so quotation marks inside it are double.
    """
    year = _year(q, "no date", year_suffix)
    if q.unsourced:
        when = day_month_year(q.date_parts)
        who = q.speaker_name.display if q.speaker_name else None
        return t.esc(end(join([who, "personal communication", when])))
    names = q.author_names
    listed = [_harvard_name(n) for n in names]
    who = and_list(listed).replace(", and ", " and ") if len(listed) < 4 else f"{listed[0]} et al."
    if q.outlet:  # a newspaper article: ‘Title’, *Paper*, day month
        title = f"‘{t.esc(double_inner_quotes(q.title))}’" if q.title else None
    else:  # a web page: *Title*, and no day
        title = t.italic(q.title) if q.title else None
    if who:
        head: str | None = f"{t.esc(who)} ({year})"
    else:  # no author: the newspaper (or the page's title) takes the author's place
        head = f"{t.italic(q.outlet or q.title or '')} ({year})"
        title = title if q.outlet else None
    day = day_month_year(q.date_parts) if len(q.date_parts) > 1 and q.outlet else None
    if day and day.endswith(str(q.date_parts[0])):
        day = day[: -len(str(q.date_parts[0]))].strip()
    paper = t.italic(q.outlet) if q.outlet and who else None
    lead = join([head, title], " ")
    entry = end(join([join([lead, paper]), t.esc(day) if day else None]))
    if q.url:
        entry += f" Available at: {t.esc(q.url)}"
        accessed = day_month_year(iso_day(q.fetched)) if q.fetched else None
        entry += f" (Accessed: {t.esc(accessed)})." if accessed else "."
    if names:
        cited_in = t.esc(f"{_surnames(names, 'and', 'et al.', listed=3)}, {year}")
    else:
        cited_in = f"{t.italic(q.outlet or q.title or '')}, {year}"
    in_text = f"({t.esc(q.speaker)}, quoted in {cited_in})" if q.speaker else f"({cited_in})"
    return f"{entry}\nIn text: {in_text}"
