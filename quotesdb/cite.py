"""Citations for quotes: pure formatting, no database and no I/O.

A quote is cited as a secondary source: the speaker's words, "quoted in" the article.
Every style degrades gracefully when metadata is missing: no "None", no empty brackets,
"n.d." where the style asks for a date it does not have.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote as percent

STYLES: tuple[str, ...] = ("markdown", "chicago", "apa", "mla", "bibtex", "csl-json")

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MLA_MONTHS = [
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
]
BIBTEX_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "da",
        "di",
        "du",
        "la",
        "le",
        "bin",
        "al",
        "ibn",
        "ter",
    ]
)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_BLOCK_START = re.compile(r"^(\s*)([#+\-]|\d+\.)(?=\s)", re.MULTILINE)
_BIBTEX_SPECIAL = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{"}
_BIBTEX_SPECIAL |= {"}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_BIBTEX_SPECIAL |= {"\\": r"\textbackslash{}"}
_STOP_TITLE_WORDS = frozenset(
    ["a", "an", "the", "of", "on", "in", "and", "for", "to", "with", "at", "by", "from"]
)


class UnknownStyleError(ValueError):
    """A style name quotesdb does not know; the message lists the ones it does."""


@dataclass(frozen=True, slots=True)
class CitableQuote:
    id: int
    text: str
    speaker: str | None
    speaker_description: str | None
    title: str | None
    url: str | None
    outlet: str | None
    authors: tuple[str, ...]
    published: dt.date | None
    section: str | None = None
    paragraph: str | None = None


@dataclass(frozen=True, slots=True)
class Name:
    given: str
    family: str
    suffix: str = ""  # "Jr.", "III": after the given names in inverted forms

    @property
    def initials(self) -> str:
        return " ".join(f"{part[0]}." for part in re.split(r"[\s]+", self.given) if part)


# Generational suffixes kept apart from the family name ("King Jr." is not a surname).
SUFFIXES = frozenset(["jr", "sr", "ii", "iii", "iv", "v"])
# A byline with one of these words is an organisation: cited whole, never inverted.
ORGANISATION_WORDS = frozenset(
    """press associated agency news service services staff desk bureau board team
    editors editorial wire reuters afp newswire inc ltd llc corp corporation network
    institute foundation ministry office department council committee""".split()
)


def is_organisation(name: str) -> bool:
    return any(w.strip(".,").lower() in ORGANISATION_WORDS for w in name.split())


def split_name(name: str) -> Name:
    """Last word (with any particles before it) is the family name; a lone word is all family.

    An organisation ("Associated Press") is all family; a suffix ("Jr.") is kept apart.
    """
    if is_organisation(name):
        return Name("", " ".join(name.split()))
    words = [w.rstrip(",") for w in name.split()]
    suffix = ""
    if len(words) > 2 and words[-1].rstrip(".").lower() in SUFFIXES:
        suffix = words.pop()
    if len(words) < 2:
        return Name("", " ".join(words) or name.strip(), suffix)
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    return Name(" ".join(words[:start]), " ".join(words[start:]), suffix)


def _join(parts: Sequence[str | None], sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)


def _and_list(names: Sequence[str], conjunction: str = "and") -> str:
    if len(names) <= 2:
        return f" {conjunction} ".join(names)
    return ", ".join(names[:-1]) + f", {conjunction} " + names[-1]


def long_date(day: dt.date | None) -> str | None:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}" if day else None


def _end(sentence: str) -> str:
    """Close a citation with one period, whatever punctuation its last part brought."""
    sentence = sentence.rstrip()
    return sentence if sentence.endswith((".", "?", "!")) else sentence + "."


def _title_end(title: str, mark: str = ".") -> str:
    return title if title.endswith(("?", "!", ".")) else title + mark


# ---- Markdown ---------------------------------------------------------------------------


def escape_markdown(text: str) -> str:
    """Render as written: emphasis, links and block markers in a quote stay literal."""
    return _BLOCK_START.sub(r"\1\\\2", _MARKDOWN_SPECIAL.sub(r"\\\1", text))


def _fragment_text(text: str) -> str:
    encoded = percent(" ".join(text.split()), safe="")
    return encoded.replace("-", "%2D")


def text_fragment(text: str) -> str:
    """A `#:~:text=` link to the passage: whole when short, first and last words when long."""
    plain = [p.strip() for p in re.split(r"\[[^\]]*\]|…|\.\.\.", text) if p.strip()]
    if not plain:
        return ""
    first, last = plain[0].split(), plain[-1].split()
    words = text.split()
    if len(plain) == 1 and len(words) <= 8:
        return ":~:text=" + _fragment_text(plain[0])
    start, end = " ".join(first[:5]), " ".join(last[-5:])
    return f":~:text={_fragment_text(start)},{_fragment_text(end)}"


def _markdown(q: CitableQuote) -> str:
    lines = escape_markdown(f"“{q.text.strip()}”").splitlines() or ["“”"]
    block = "\n".join(f"> {line}" if line.strip() else ">" for line in lines)
    source = None
    if q.title:
        title = f"“{escape_markdown(q.title)}”"
        if q.url:
            fragment = text_fragment(q.text)
            url = q.url.split("#", 1)[0] + (f"#{fragment}" if fragment else "")
            title = f"[{title}]({url.replace(')', '%29').replace(' ', '%20')})"
        source = title + (f" by {escape_markdown(_and_list(q.authors))}" if q.authors else "")
    elif q.authors:
        source = "by " + escape_markdown(_and_list(q.authors))
    quoted_in = f"quoted in {source}" if source else None
    outlet = f"*{escape_markdown(q.outlet)}*" if q.outlet else None
    who = [escape_markdown(q.speaker) if q.speaker else None]
    if q.speaker_description:
        who.append(escape_markdown(q.speaker_description))
    attribution = _join([*who, quoted_in, outlet, long_date(q.published)])
    if not attribution and q.url:
        attribution = f"<{q.url}>"
    return block + ("\n>\n> — " + attribution if attribution else "")


def _unsourced(q: CitableQuote) -> bool:
    """No article at all: a call or an interview, which the styles cite as personal."""
    return not (q.title or q.url or q.outlet or q.authors)


# ---- Chicago (notes and bibliography, 17th ed.) -----------------------------------------


def _chicago(q: CitableQuote) -> str:
    """Note form: Speaker, quoted in Author, “Title,” *Outlet*, Month D, YYYY, URL."""
    if _unsourced(q):
        return _end(_join([q.speaker, "personal communication", long_date(q.published)]))
    pieces = [
        _and_list(q.authors) if q.authors else None,
        f"“{q.title}”" if q.title else None,
        f"*{q.outlet}*" if q.outlet else None,
        long_date(q.published),
        q.url,
    ]
    source = _join(pieces)
    # American style: the comma after a title goes inside its quotation marks.
    source = re.sub(r"([^?!])”, ", r"\1,” ", source).replace("?”, ", "?” ").replace("!”, ", "!” ")
    if q.speaker:
        return _end(f"{q.speaker}, quoted in {source}" if source else q.speaker)
    return _end(source)


# ---- APA 7 ----------------------------------------------------------------------------


def _apa_author(name: str) -> str:
    parts = split_name(name)
    return _join([parts.family, parts.initials, parts.suffix]) if parts.given else parts.family


def _apa_authors(authors: Sequence[str]) -> str:
    names = [_apa_author(a) for a in authors]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + ", & " + names[-1]


def _apa(q: CitableQuote) -> str:
    """Reference entry, then the in-text form for a secondary source on its own line."""
    if _unsourced(q):  # APA: personal communications are cited in text only
        parts = split_name(q.speaker) if q.speaker else None
        who = _join([parts.initials, parts.family], " ") if parts else None
        day = long_date(q.published) or "n.d."
        return f"In text: ({_join([who, 'personal communication', day])})"
    when = (
        f"({q.published.year}, {MONTHS[q.published.month - 1]} {q.published.day})"
        if q.published
        else "(n.d.)"
    )
    title = _title_end(q.title) if q.title else None
    outlet = f"*{q.outlet}*." if q.outlet else None
    if q.authors:
        reference = _join([f"{_end(_apa_authors(q.authors))} {when}.", title, outlet, q.url], " ")
    else:
        reference = _join([title, f"{when}.", outlet, q.url], " ")
    year = str(q.published.year) if q.published else "n.d."
    cited = split_name(q.authors[0]).family if q.authors else (q.title or q.outlet or "")
    if len(q.authors) == 2:
        cited += f" & {split_name(q.authors[1]).family}"
    elif len(q.authors) > 2:
        cited += " et al."
    # The whole name: "Kim Jong Un" has no safe surname to cut out of it.
    speaker = q.speaker
    in_text = f"({_join([speaker, f'as cited in {cited}' if cited else None, year])})"
    if speaker is None:
        in_text = f"({_join([cited, year])})"
    return f"{reference}\nIn text: {in_text}"


# ---- MLA 9 ----------------------------------------------------------------------------


def _mla_authors(authors: Sequence[str]) -> str:
    first = split_name(authors[0])
    lead = _join([first.family, first.given, first.suffix]) if first.given else first.family
    if len(authors) == 1:
        return lead
    if len(authors) == 2:
        return f"{lead}, and {authors[1]}"
    return f"{lead}, et al"


def _mla(q: CitableQuote) -> str:
    """Works-cited entry, then the in-text form "(qtd. in Author)" on its own line."""
    if _unsourced(q):
        return _end(
            _join(
                [_mla_authors([q.speaker]) if q.speaker else None, "Personal communication"], ". "
            )
        )
    when = (
        f"{q.published.day} {MLA_MONTHS[q.published.month - 1]} {q.published.year}"
        if q.published
        else None
    )
    url = re.sub(r"^https?://", "", q.url) if q.url else None
    container = _join([f"*{q.outlet}*" if q.outlet else None, when, url])
    title = f"“{_title_end(q.title)}”" if q.title else None
    parts = [_end(_mla_authors(q.authors)) if q.authors else None, title]
    parts.append(_end(container) if container else None)
    entry = " ".join(p for p in parts if p)
    lead = split_name(q.authors[0]).family if q.authors else (f"“{q.title}”" if q.title else None)
    in_text = f"(qtd. in {lead})" if lead else ""
    return entry + (f"\nIn text: {in_text}" if in_text else "")


# ---- BibTeX -----------------------------------------------------------------------------


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if c.isascii())


def citation_key(q: CitableQuote) -> str:
    """Author surname + year + first significant title word: stable across runs and machines."""
    who = split_name(q.authors[0]).family if q.authors else (q.outlet or "anon")
    year = str(q.published.year) if q.published else "nd"
    words = re.findall(r"[A-Za-z0-9]+", _ascii(q.title or ""))
    word = next((w for w in words if w.lower() not in _STOP_TITLE_WORDS), "quote")
    key = re.sub(r"[^a-z0-9]", "", _ascii(who).lower()) or "anon"
    return f"{key}{year}{word.lower()}"


def escape_bibtex(text: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(c, c) for c in text)


def _protect_capitals(title: str) -> str:
    """Braces keep proper nouns capitalised whatever the bibliography style does."""
    return re.sub(r"\b([A-Z][\w’'-]*)", r"{\1}", escape_bibtex(title))


def _bibtex(q: CitableQuote) -> str:
    fields: list[tuple[str, str]] = []
    if q.authors:
        names = [split_name(a) for a in q.authors]
        fields.append(
            (
                "author",
                " and ".join(
                    _join([n.family, n.suffix, n.given]) if n.given else f"{{{n.family}}}"
                    for n in names
                ),
            )
        )
    if q.title:
        fields.append(("title", _protect_capitals(q.title)))
    if q.outlet:
        fields.append(("journal", escape_bibtex(q.outlet)))
    if q.published:
        fields.append(("year", str(q.published.year)))
        fields.append(("month", BIBTEX_MONTHS[q.published.month - 1]))
        fields.append(("date", q.published.isoformat()))
    if q.url:
        fields.append(("url", q.url))
    speaker = f"Quoting {escape_bibtex(q.speaker)}: " if q.speaker else "Quote: "
    fields.append(("note", f"{speaker}``{escape_bibtex(q.text.strip())}''"))
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
        for name, value in fields
    )
    return f"@article{{{citation_key(q)},\n{body}\n}}"


# ---- CSL-JSON -----------------------------------------------------------------------------


def csl_item(q: CitableQuote, accessed: dt.date | None = None) -> dict[str, object]:
    item: dict[str, object] = {"id": f"quote-{q.id}", "type": "article-newspaper"}
    if q.title:
        item["title"] = q.title
    if q.outlet:
        item["container-title"] = q.outlet
    if q.authors:
        authors = []
        for name in q.authors:
            parts = split_name(name)
            entry = (
                {"family": parts.family, "given": parts.given} if parts.given else {"literal": name}
            )
            if parts.given and parts.suffix:
                entry["suffix"] = parts.suffix
            authors.append(entry)
        item["author"] = authors
    if q.published:
        item["issued"] = {"date-parts": [[q.published.year, q.published.month, q.published.day]]}
    if q.url:
        item["URL"] = q.url
    if q.section:
        item["section"] = q.section
    if accessed:
        item["accessed"] = {"date-parts": [[accessed.year, accessed.month, accessed.day]]}
    speaker = _join([q.speaker, q.speaker_description])
    item["note"] = f"Quoting {speaker}: “{q.text.strip()}”" if speaker else f"“{q.text.strip()}”"
    return item


# ---- Entry points ---------------------------------------------------------------------------


def _check(style: str) -> None:
    if style not in STYLES:
        raise UnknownStyleError(f"unknown style {style!r}: choose one of {', '.join(STYLES)}")


def format_citation(
    quote: CitableQuote, style: str = "markdown", accessed: dt.date | None = None
) -> str:
    _check(style)
    if style == "csl-json":
        return json.dumps(csl_item(quote, accessed), ensure_ascii=False, indent=2)
    formatter = {
        "markdown": _markdown,
        "chicago": _chicago,
        "apa": _apa,
        "mla": _mla,
        "bibtex": _bibtex,
    }[style]
    return formatter(quote)


def format_citations(quotes: Sequence[CitableQuote], style: str = "markdown") -> str:
    """One citation after another, a blank line apart; CSL-JSON is one array of items."""
    _check(style)
    if style == "csl-json":
        return json.dumps([csl_item(q) for q in quotes], ensure_ascii=False, indent=2)
    return "\n\n".join(format_citation(q, style) for q in quotes)
