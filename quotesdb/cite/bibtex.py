"""BibTeX (and biblatex) entries: one per article, with keys that never change.

A key is the first author's surname (or the outlet's first word), the year and a short
hash of the article's identity (its URL, or outlet, title and date): adding articles never
changes another's key, and two articles by one author in one year do not collide.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from quotesdb.cite.model import CitableQuote
from quotesdb.cite.names import Name

BIBTEX_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
# Braces must stay balanced for every parser, so a literal brace is a command, not `\{`.
_SPECIAL = {
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "\\": r"\textbackslash{}",
}


def escape_bibtex(text: str) -> str:
    return "".join(_SPECIAL.get(c, c) for c in " ".join(text.split()))


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isascii())


def _key_word(q: CitableQuote) -> str:
    if q.authors:
        name = q.author_names[0]
        who = name.family if not name.is_literal else name.literal.split()[0]
    elif q.unsourced and q.speaker_name:
        who = q.speaker_name.sort_key_name.split()[-1]
    else:
        who = (q.outlet or "anon").removeprefix("The ").split()[0]
    return re.sub(r"[^a-z0-9]", "", _ascii(who).lower()) or "anon"


def citation_key(q: CitableQuote, length: int = 4) -> str:
    """weir2023a1b2: surname, year, hash of the article's identity."""
    year = str(q.published.year) if q.published else "nd"
    return f"{_key_word(q)}{year}{q.identity_hash(length)}"


def citation_keys(quotes: Sequence[CitableQuote]) -> dict[str, str]:
    """Each article identity's key; a longer hash only where two identities share one."""
    identities = {q.article_identity(): q for q in quotes}
    keys: dict[str, str] = {}
    length = 4
    while length <= 64:
        keys = {ident: citation_key(q, length) for ident, q in identities.items()}
        if len(set(keys.values())) == len(keys):
            return keys
        length += 4
    return keys


def _protect_capitals(title: str) -> str:
    """Braces keep proper nouns capitalised whatever the bibliography style does."""
    words = re.split(r"(\s+)", " ".join(title.split()))
    out = []
    for word in words:
        core = re.match(r"^(.*?)([,.;:!?)\]]*)$", word)
        head, tail = (core.group(1), core.group(2)) if core else (word, "")
        if any(c.isupper() for c in head):
            out.append(f"{{{escape_bibtex(head)}}}{escape_bibtex(tail)}")
        else:
            out.append(escape_bibtex(word) if word.strip() else word)
    return "".join(out)


def _name(name: Name) -> str:
    """ "von der Leyen, Ursula": the lower-case particle outside any braces, where BibTeX,
    biber and pandoc read it as the "von" part; a family name of several capitalised
    words ("Van Buren") braced whole, so no reader splits it; an organisation braced."""
    if name.is_literal:
        return f"{{{escape_bibtex(name.literal)}}}"
    family, given = escape_bibtex(name.family), escape_bibtex(name.given)
    if " " in family or "," in family:
        family = f"{{{family}}}"
    if name.particle:
        family = f"{escape_bibtex(name.particle)} {family}"
    if name.suffix:
        return f"{family}, {escape_bibtex(name.suffix)}, {given}"
    return f"{family}, {given}" if given else f"{{{family}}}"


def _url(url: str) -> str:
    return url.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C").replace(" ", "%20")


def _notes(quotes: Sequence[CitableQuote]) -> str:
    notes = []
    for q in quotes:
        said = f"``{escape_bibtex(q.text.strip())}''"
        notes.append(f"Quoting {escape_bibtex(q.speaker)}: {said}" if q.speaker else said)
    return "; ".join(notes)


def bibtex_entry(quotes: Sequence[CitableQuote], key: str) -> str:
    """One article's entry, its quotes in `note`."""
    q = quotes[0]
    parts = q.date_parts
    fields: list[tuple[str, str]] = []
    if q.unsourced:
        kind = "misc"
        if q.speaker_name:
            fields.append(("author", _name(q.speaker_name)))
        fields.append(("howpublished", "Personal communication"))
    elif q.outlet and q.title:
        kind = "article"  # a newspaper's, dated or not: its outlet is the journal
    elif q.url:
        kind = "online"  # biblatex: title, url, and a date when known
    else:
        kind = "misc"
    if q.authors:
        fields.append(("author", " and ".join(_name(n) for n in q.author_names)))
    if q.title:
        fields.append(("title", _protect_capitals(q.title)))
    if q.outlet:
        fields.append(("journal" if kind == "article" else "organization", escape_bibtex(q.outlet)))
        if kind == "article":
            fields.append(("journaltitle", escape_bibtex(q.outlet)))
            # biblatex (and pandoc): a newspaper, not a journal, so no "[Preprint]"
            fields.append(("entrysubtype", "newspaper"))
    if parts:
        fields.append(("year", str(parts[0])))
        if len(parts) > 1:
            fields.append(("month", BIBTEX_MONTHS[parts[1] - 1]))
        fields.append(("date", "-".join(f"{p:02d}" for p in parts)))
    if q.url:
        fields.append(("url", _url(q.url)))
    if q.fetched:
        fields.append(("urldate", q.fetched.isoformat()))
    if q.language:
        fields.append(("langid", escape_bibtex(q.language)))
    if not q.authors and not (q.unsourced and q.speaker):
        fields.append(("key", escape_bibtex(q.outlet or q.title or key)))
    fields.append(("note", _notes(quotes)))
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
        for name, value in fields
    )
    return f"@{kind}{{{key},\n{body}\n}}"


def bibtex(quotes: Sequence[CitableQuote]) -> str:
    keys = citation_keys(quotes)
    by_article: dict[str, list[CitableQuote]] = {}
    for q in quotes:
        by_article.setdefault(q.article_identity(), []).append(q)
    return "\n\n".join(bibtex_entry(qs, keys[ident]) for ident, qs in by_article.items())
