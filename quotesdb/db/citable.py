"""The one place a citable quote is built from the database, for every surface.

`quotesdb cite`, `search --cite`, the web app's copy buttons and `export --format markdown`
all cite through `citable_quotes`, so one quote in one style is the same text everywhere:
its date at the precision stored ("2021", not "January 1, 2021"), its access date, its
article's language, the kinds of its names, and the article's whole text, on which the
text-fragment link must be unique. Plain SQL over `Rows` (a `Reader`, or a session through
`as_rows`): the CLI reads it without the ORM's start-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from quotesdb.db.reader import as_day, as_rows, in_list
from quotesdb.errors import NotFoundError

if TYPE_CHECKING:
    from quotesdb.cite import CitableQuote

QUOTES_SQL = """
SELECT q.id, q.text, q.paragraph, q.speaker_description, e.name, e.is_person,
       a.id, a.title, a.url, a.published, a.published_precision, a.fetched_at, a.section,
       a.language, a.text, o.name
FROM quotes q
JOIN experts e ON e.id = q.expert_id
LEFT JOIN articles a ON a.id = q.article_id
LEFT JOIN outlets o ON o.id = a.outlet_id
"""
# Each byline name with its stored kind ("person" | "organisation" | NULL, as the page
# declared it); NULL (not declared) makes the citation module fall back to its word list.
BYLINE_SQL = """
SELECT aa.article_id, au.name, au.kind
FROM article_authors aa
JOIN authors au ON au.id = aa.author_id
"""
BATCH = 500  # ids per query: far below every driver's limit on parameters


def citable_quotes(db: Any, ids: Sequence[int]) -> list[CitableQuote]:
    """These quotes, in the order asked, ready to cite; an unknown id is an error."""
    from quotesdb.cite import CitableQuote

    rows = as_rows(db)
    wanted = list(dict.fromkeys(int(i) for i in ids))
    found: dict[int, tuple[Any, ...]] = {}
    storable = [i for i in wanted if -(2**63) <= i < 2**63]  # a larger id matches nothing
    for at in range(0, len(storable), BATCH):
        chunk = storable[at : at + BATCH]
        marks, params = in_list("q", chunk)
        for row in rows.rows(QUOTES_SQL + f"WHERE q.id IN ({marks})", params):
            found[int(row[0])] = row
    missing = [str(i) for i in wanted if i not in found]
    if missing:
        raise NotFoundError(f"no quote with id {', '.join(missing)}")
    bylines = _bylines(rows, sorted({int(r[6]) for r in found.values() if r[6] is not None}))
    out = []
    for quote_id in (int(i) for i in ids):
        qid, text, para, desc, speaker, is_person, aid, title, url, pub = found[quote_id][:10]
        precision, fetched, section, language, article_text, outlet = found[quote_id][10:]
        byline = bylines.get(int(aid), []) if aid is not None else []
        out.append(
            CitableQuote(
                id=int(qid),
                text=text,
                speaker=speaker,
                speaker_description=desc,
                title=title or None,
                url=url or None,
                outlet=outlet or None,
                authors=tuple(name for name, _ in byline),
                published=as_day(pub),
                section=section or None,
                # The whole page when stored: a text-fragment link must be unique on it.
                paragraph=article_text or para,
                precision=precision or None,
                fetched=as_day(fetched),
                article_id=int(aid) if aid is not None else None,
                language=language or None,
                author_kinds=tuple(kind for _, kind in byline),
                # Stored as not a person: an organisation. "A person" is the column's
                # default, not a finding, so it leaves the decision to the name.
                speaker_kind="organisation" if is_person is not None and not is_person else None,
            )
        )
    return out


def _bylines(rows: Any, article_ids: list[int]) -> dict[int, list[tuple[str, str | None]]]:
    out: dict[int, list[tuple[str, str | None]]] = {}
    for at in range(0, len(article_ids), BATCH):
        marks, params = in_list("a", article_ids[at : at + BATCH])
        sql = BYLINE_SQL + f"WHERE aa.article_id IN ({marks}) ORDER BY aa.article_id, aa.position"
        for article_id, name, kind in rows.rows(sql, params):
            out.setdefault(int(article_id), []).append((str(name), kind or None))
    return out
