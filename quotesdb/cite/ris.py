"""RIS records (EndNote, Zotero, Mendeley): one per article, its quotes in the notes.

A news article is `NEWS` (its outlet the secondary title, T2), a page with no outlet
`ELEC`, a quote with no source `PCOMM`. Dates keep their precision (`DA  - 2023/09//` for
a month) as the RIS specification writes them: YYYY/MM/DD/, unknown parts empty.
`Y2` is the access date, as EndNote and Zotero read it.
"""

from __future__ import annotations

from collections.abc import Sequence

from quotesdb.cite.bibtex import citation_keys
from quotesdb.cite.model import CitableQuote, iso_day
from quotesdb.cite.names import Name


def ris_name(name: Name) -> str:
    """ "Family, Given, Suffix"; an organisation whole, with no comma to split it on."""
    if name.is_literal:
        return name.literal.replace(",", "")
    return ", ".join(p for p in (name.surname, name.given, name.suffix) if p)


def ris_date(parts: Sequence[int]) -> str:
    """2023/09/13/, 2023/09//, 2023///: the parts that are known."""
    cells = [f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:]]
    return "/".join(cells + [""] * (4 - len(cells)))


def _line(tag: str, value: str) -> str:
    return f"{tag}  - {' '.join(value.split())}"


def ris_record(quotes: Sequence[CitableQuote], key: str) -> str:
    q = quotes[0]
    kind = "PCOMM" if q.unsourced else "NEWS" if q.outlet else "ELEC"
    lines = [_line("TY", kind), _line("ID", key)]
    people = [q.speaker_name] if q.unsourced and q.speaker_name else q.author_names
    lines += [_line("AU", ris_name(n)) for n in people]
    if q.title:
        lines.append(_line("TI", q.title))
    if q.outlet:
        lines.append(_line("T2", q.outlet))
    if q.section:
        lines.append(_line("SE", q.section))
    if q.date_parts:
        lines += [_line("PY", str(q.date_parts[0])), _line("DA", ris_date(q.date_parts))]
    if q.url:
        lines.append(_line("UR", q.url))
    if q.fetched:
        lines.append(_line("Y2", ris_date(iso_day(q.fetched))))
    if q.language:
        lines.append(_line("LA", q.language))
    for each in quotes:
        said = f"“{each.text.strip()}”"
        who = ", ".join(p for p in (each.speaker, each.speaker_description) if p)
        lines.append(_line("N1", f"Quoting {who}: {said}" if who else said))
    return "\n".join([*lines, "ER  - "])


def ris(quotes: Sequence[CitableQuote]) -> str:
    keys = citation_keys(quotes)
    by_article: dict[str, list[CitableQuote]] = {}
    for q in quotes:
        by_article.setdefault(q.article_identity(), []).append(q)
    return "\n\n".join(ris_record(qs, keys[ident]) for ident, qs in by_article.items()) + "\n"
