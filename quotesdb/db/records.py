"""Find-or-create for the shared records, matched the one way ingest, add and import agree on."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from quotesdb.db.models import Article, Author, Expert, ExpertAlias, Outlet, Quote, Topic
from quotesdb.names import clean_name, fold, norm_name, norm_outlet


def text_key(text: str) -> str:
    """Two quotes with the same folded words are the same quote."""
    return hashlib.sha256(fold(text).encode()).hexdigest()


def outlet_for(session: Session, name: str, domain: str | None = None) -> Outlet:
    key = norm_outlet(name)
    outlet = session.scalar(select(Outlet).where(Outlet.norm_name == key))
    if outlet is None:
        outlet = Outlet(name=clean_name(name), norm_name=key, domain=domain)
        session.add(outlet)
    elif domain and not outlet.domain:
        outlet.domain = domain
    return outlet


def author_for(session: Session, name: str) -> Author:
    key = norm_name(name)
    author = session.scalar(select(Author).where(Author.norm_name == key))
    if author is None:
        author = Author(name=clean_name(name), norm_name=key)
        session.add(author)
    return author


def authors_for(session: Session, names: Iterable[str]) -> list[Author]:
    """A byline's authors in order, each once: two spellings of one name are one author."""
    found: dict[int, Author] = {}
    for name in names:
        if name and name.strip():
            author = author_for(session, name)
            session.flush()
            found.setdefault(author.id, author)
    return list(found.values())


def topic_for(session: Session, name: str) -> Topic:
    key = fold(name)
    topic = session.scalar(select(Topic).where(Topic.norm_name == key))
    if topic is None:
        topic = Topic(name=name.strip(), norm_name=key)
        session.add(topic)
    return topic


def find_expert(session: Session, name: str) -> Expert | None:
    """An expert by any of their names (canonical or alias), folded."""
    key = norm_name(name)
    alias = session.scalar(select(ExpertAlias).where(ExpertAlias.norm_alias == key))
    return alias.expert if alias is not None else None


def expert_for(session: Session, name: str, *, is_person: bool = True) -> tuple[Expert, bool]:
    """The stored expert for a name, creating it if new; the flag says whether it was created."""
    expert = find_expert(session, name)
    if expert is not None:
        return expert, False
    key = norm_name(name)
    expert = Expert(name=clean_name(name), norm_name=key, is_person=is_person)
    expert.aliases.append(ExpertAlias(alias=expert.name, norm_alias=key))
    session.add(expert)
    session.flush()
    return expert, True


def note_description(expert: Expert, description: str | None, on: dt.date | None) -> None:
    """Keep the most recent description: a quote keeps its own, the expert the latest."""
    if not description:
        return
    if expert.description is None or (
        on is not None and (expert.described_on is None or on >= expert.described_on)
    ):
        expert.description = description
        expert.described_on = on or expert.described_on


def stored_quote(session: Session, key: str, article: Article | None, expert: Expert) -> int | None:
    """The id of the same words already stored: in that article, or by that expert unsourced."""
    same = select(Quote.id).where(Quote.text_key == key)
    if article is not None:
        same = same.where(Quote.article_id == article.id)
    else:
        same = same.where(Quote.article_id.is_(None), Quote.expert_id == expert.id)
    return session.scalar(same.limit(1))
