"""Loading quotes by id, with everything needed to show or cite them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from quotesdb.db.models import Article, Quote
from quotesdb.errors import NotFoundError

if TYPE_CHECKING:
    from quotesdb.cite import CitableQuote


# Ids are 64-bit integers in every store; a larger number matches nothing and must not
# reach the driver (SQLite raises OverflowError on it).
MAX_ID = 2**63 - 1


def storable_id(value: int) -> bool:
    return -MAX_ID - 1 <= value <= MAX_ID


def get_quote(session: Session, quote_id: int) -> Quote:
    quote = session.get(Quote, quote_id) if storable_id(quote_id) else None
    if quote is None:
        raise NotFoundError(f"no quote with id {quote_id}")
    return quote


def get_quotes(session: Session, ids: Sequence[int]) -> list[Quote]:
    """In the order asked; every id must exist, so a typo is never silently dropped."""
    found = {
        q.id: q
        for q in session.scalars(
            select(Quote).where(Quote.id.in_({i for i in ids if storable_id(i)}))
        )
    }
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise NotFoundError(f"no quote with id {', '.join(missing)}")
    return [found[i] for i in ids]


def citable(quote: Quote) -> CitableQuote:
    from quotesdb.cite import CitableQuote

    article = quote.article
    return CitableQuote(
        id=quote.id,
        text=quote.text,
        speaker=quote.expert.name,
        speaker_description=quote.speaker_description,
        title=article.title if article else None,
        url=article.url if article else None,
        outlet=article.outlet.name if article and article.outlet else None,
        authors=_declared_byline(article) if article else (),
        published=article.published if article else None,
        section=article.section if article else None,
        # The whole page when stored: a text-fragment link must be unique on it.
        paragraph=(article.text if article and article.text else None) or quote.paragraph,
    )


def _declared_byline(article: Article) -> tuple[str, ...]:
    """The byline with each author's stored kind: citations keep a page's organisations whole
    and its people inverted, whatever their names' words."""
    from quotesdb.cite.names import DeclaredName

    return tuple(DeclaredName(link.author.name, link.author.kind) for link in article.byline)
