"""Changes made by hand: add, edit, delete, tag, and merging or aliasing experts.

Every change keeps the audit trail (a revision with what was there before); the database
logs the change row for search in the same transaction (migration 0007's triggers).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from quotesdb import limits
from quotesdb.db.experts import resolve_expert
from quotesdb.db.ingest import article_identity
from quotesdb.db.models import (
    Article,
    ArticleAuthor,
    Expert,
    ExpertAlias,
    Quote,
    QuoteRevision,
    QuoteTombstone,
    QuoteTopic,
)
from quotesdb.db.quotes import get_quote, storable_id
from quotesdb.db.records import (
    authors_for,
    expert_for,
    find_expert,
    note_description,
    outlet_for,
    text_key,
    topic_for,
)
from quotesdb.errors import DuplicateError, InputError, NotFoundError
from quotesdb.names import clean_name, fold, norm_name
from quotesdb.topics import TopicMatcher


@dataclass(frozen=True, slots=True)
class NewQuote:
    text: str
    speaker: str
    description: str | None = None
    article_id: int | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    published: dt.date | None = None
    topics: tuple[str, ...] = ()
    force: bool = False
    # How much of `published` is known: "year", "month", or None for the day.
    precision: str | None = None
    # The speaker, when no one stored has the name: None creates them (the CLI, the API
    # without the field), False refuses (a form asks first), True creates them at once.
    new_expert: bool | None = None
    # The topic vocabulary that gives the quote its automatic topics, as ingest does.
    vocabulary: TopicMatcher | None = None


@dataclass(slots=True)
class QuoteEdit:
    text: str | None = None
    speaker: str | None = None
    description: str | None = None
    add_topics: Sequence[str] = field(default_factory=tuple)
    remove_topics: Sequence[str] = field(default_factory=tuple)
    # The speaker is a new expert: otherwise the name must resolve as `--expert` does.
    new_expert: bool = False
    # The person's own notes; "" clears them. Not the quote's attribution: no revision.
    notes: str | None = None


def _check_sizes(
    text: str | None,
    fields: list[tuple[str, str | None]],
    lists: dict[str, Sequence[str]],
) -> None:
    sizes = limits.current()
    limits.check_text(text, "the quote text", sizes, "quote_chars")
    limits.check_fields(fields, "the quote", sizes)
    for name, values in lists.items():
        limits.check_count(values, f"the quote's {name}", sizes)


def add_quote(session: Session, new: NewQuote) -> Quote:
    _check_sizes(
        new.text,
        [
            ("speaker", new.speaker),
            ("description", new.description),
            ("url", new.url),
            ("title", new.title),
            ("outlet", new.outlet),
            *(("author", name) for name in new.authors),
            *(("topic", name) for name in new.topics),
        ],
        {"authors": new.authors, "topics": new.topics},
    )
    text = " ".join(new.text.split())
    if not text:
        raise InputError("the quote text is empty")
    if not norm_name(new.speaker):
        raise InputError("the speaker's name is empty")
    article = _article_for(session, new)
    key = text_key(text)
    expert = _speaker_of(session, new)
    existing = _same_quote(session, expert.name, key, article)
    if existing is not None and (not new.force or existing.article_id == _id(article)):
        raise DuplicateError(f"this quote is already stored as #{existing.id}")
    note_description(expert, new.description, article.published if article else new.published)
    quote = Quote(
        article=article,
        expert=expert,
        text=text,
        text_key=key,
        speaker_description=new.description,
        kind="full",
        origin="hand",
    )
    if article is not None and article.text:
        _locate(quote, article.text)
    session.add(quote)
    for name in new.topics:
        _tag(session, quote, name)
    session.flush()  # the caller shows the new quote's id
    if new.vocabulary is not None:
        from quotesdb.db.topics import rederive_topics

        if rederive_topics(session, new.vocabulary, [quote.id], keep_auto=True):
            session.expire(quote, ["topic_links"])
    return quote


def _speaker_of(session: Session, new: NewQuote) -> Expert:
    """The new quote's speaker, found as `edit --speaker` finds one: a stored name or alias,
    or a surname only one expert has ("Pence" is Mike Pence); a surname several have is an
    AmbiguousError naming them. A name no one has is a new expert as `new_expert` says."""
    if new.new_expert:
        return expert_for(session, new.speaker)[0]
    try:
        return resolve_expert(session, new.speaker)
    except NotFoundError:
        if new.new_expert is False:
            raise NotFoundError(
                f"no expert named {new.speaker!r}: check the name, or confirm a new expert"
            ) from None
        return expert_for(session, new.speaker)[0]


def _id(article: Article | None) -> int | None:
    return article.id if article is not None else None


def _same_quote(session: Session, speaker: str, key: str, article: Article | None) -> Quote | None:
    if article is not None and article.id is not None:
        in_article = session.scalar(
            select(Quote).where(Quote.article_id == article.id, Quote.text_key == key)
        )
        if in_article is not None:
            return in_article
    expert = find_expert(session, speaker)
    if expert is None:
        return None
    if article is None:  # the one the unsourced key (speaker, words) would clash with
        unsourced = _unsourced(session, expert.id, key)
        if unsourced is not None:
            return unsourced
    return session.scalar(
        select(Quote).where(Quote.expert_id == expert.id, Quote.text_key == key).limit(1)
    )


def _unsourced(session: Session, expert_id: int | None, key: str) -> Quote | None:
    """The quote without an article by that expert in those words: there is at most one."""
    if expert_id is None:
        return None
    with session.no_autoflush:
        return session.scalar(
            select(Quote).where(
                Quote.article_id.is_(None), Quote.expert_id == expert_id, Quote.text_key == key
            )
        )


def _article_for(session: Session, new: NewQuote) -> Article | None:
    if new.article_id is not None:
        article = session.get(Article, new.article_id) if storable_id(new.article_id) else None
        if article is None:
            raise NotFoundError(f"no article with id {new.article_id}")
        return article
    if not new.url:
        return _unlinked_article(session, new)
    identity = article_identity(new.url, "")
    article = session.scalar(select(Article).where(Article.identity == identity))
    if article is not None:
        return article
    if not new.title:
        raise InputError(f"{new.url} is a new article: give its --title")
    return _new_article(session, new, identity)


def _unlinked_article(session: Session, new: NewQuote) -> Article | None:
    """A print article (no URL): found again by its title, outlet and date, or created.

    Without --title, --outlet, --author or --date there is no article: the quote is a
    personal communication (a call, an interview).
    """
    if not (new.title or new.outlet or new.authors or new.published):
        return None
    if not new.title:
        raise InputError("a source without --url needs its --title")
    key = fold(" ".join([new.title, new.outlet or "", str(new.published or "")]))
    identity = f"print:{text_key(key)}"
    article = session.scalar(select(Article).where(Article.identity == identity))
    return article if article is not None else _new_article(session, new, identity)


def _new_article(session: Session, new: NewQuote, identity: str) -> Article:
    article = Article(
        identity=identity,
        title=new.title,
        url=new.url,
        published=new.published,
        published_precision=new.precision if new.published else None,
        outlet=outlet_for(session, new.outlet) if new.outlet else None,
    )
    for position, author in enumerate(authors_for(session, new.authors)):
        article.byline.append(ArticleAuthor(author=author, position=position))
    session.add(article)
    session.flush()
    return article


def _locate(quote: Quote, article_text: str) -> None:
    start = article_text.find(quote.text)
    if start >= 0:
        quote.start, quote.end = start, start + len(quote.text)
        para_start = article_text.rfind("\n\n", 0, start) + 1
        para_end = article_text.find("\n\n", quote.end)
        quote.paragraph = article_text[para_start : para_end if para_end >= 0 else None].strip()


def snapshot(quote: Quote) -> dict[str, Any]:
    """What a revision keeps: enough to show, and to undo, a hand edit."""
    return {
        "text": quote.text,
        "speaker": quote.expert.name,
        "speaker_description": quote.speaker_description,
        "topics": quote.topics,
        "origin": quote.origin,
    }


def edit_quote(session: Session, quote_id: int, edit: QuoteEdit) -> Quote:
    _check_sizes(
        edit.text,
        [
            ("speaker", edit.speaker),
            ("description", edit.description),
            ("notes", edit.notes),
            *(("topic", name) for name in edit.add_topics),
        ],
        {"added topics": edit.add_topics, "removed topics": edit.remove_topics},
    )
    quote = get_quote(session, quote_id)
    if edit.notes is not None:
        quote.notes = edit.notes.strip() or None
    before = snapshot(quote)
    if edit.text is not None:
        text = " ".join(edit.text.split())
        if not text:
            raise InputError("the quote text is empty")
        key = text_key(text)
        clash = session.scalar(
            select(Quote).where(
                Quote.article_id == quote.article_id, Quote.text_key == key, Quote.id != quote.id
            )
        )
        if quote.article_id is not None and clash is not None:
            raise DuplicateError(f"the article already has this quote as #{clash.id}")
        quote.text, quote.text_key = text, key
        if quote.article is not None and quote.article.text:
            _locate(quote, quote.article.text)
    if edit.speaker is not None:
        before_id = quote.expert_id
        with session.no_autoflush:  # new words under the old name may clash; not ours
            quote.expert = speaker_for(session, edit.speaker, new=edit.new_expert)
        if edit.description is None and quote.expert.id != before_id:
            # The old speaker's role is not the new one's ("Obama, Vice President").
            quote.speaker_description = _role_in_article(session, quote)
    if quote.article_id is None:
        clash = _unsourced(session, quote.expert.id, quote.text_key)
        if clash is not None and clash.id != quote.id:
            raise DuplicateError(f"{quote.expert.name} already has this quote as #{clash.id}")
    if edit.description is not None:
        quote.speaker_description = edit.description.strip() or None
    for name in edit.add_topics:
        _tag(session, quote, name)
    if edit.remove_topics:
        gone = {fold(t) for t in edit.remove_topics}
        quote.topic_links = [t for t in quote.topic_links if t.topic.norm_name not in gone]
    if snapshot(quote) != before:
        session.add(QuoteRevision(quote_id=quote.id, before=before))
        quote.hand_edited = True
    return quote


def _role_in_article(session: Session, quote: Quote) -> str | None:
    """How the quote's article describes its (new) speaker elsewhere, or None."""
    if quote.article_id is None or quote.expert.id is None:
        return None
    found: str | None = session.scalar(
        select(Quote.speaker_description)
        .where(
            Quote.article_id == quote.article_id,
            Quote.expert_id == quote.expert.id,
            Quote.id != quote.id,
            Quote.speaker_description.is_not(None),
        )
        .order_by(Quote.start.nulls_last(), Quote.id)
        .limit(1)
    )
    return found


def speaker_for(session: Session, name: str, *, new: bool = False) -> Expert:
    """A corrected speaker: a stored expert by name, alias or unique surname, or a new one.

    Ambiguous names raise AmbiguousError listing the candidates; an unknown one raises
    NotFoundError unless `new` says to create it (a typo must not make a new expert).
    """
    if not norm_name(name):
        raise InputError("the speaker's name is empty")
    if new:
        return expert_for(session, name)[0]
    try:
        return resolve_expert(session, name)
    except NotFoundError:
        raise NotFoundError(
            f"no expert named {name!r}: check `quotesdb experts`, or give --new-expert"
        ) from None


def tag_quote(session: Session, quote_id: int, topics: Sequence[str]) -> Quote:
    return edit_quote(session, quote_id, QuoteEdit(add_topics=topics))


def _tag(session: Session, quote: Quote, name: str) -> None:
    if not fold(name):
        raise InputError("a topic needs a name")
    topic = topic_for(session, name)
    session.flush()
    for link in quote.topic_links:
        if link.topic_id == topic.id:
            link.source = "hand"
            return
    quote.topic_links.append(QuoteTopic(topic=topic, source="hand"))


def delete_quote(session: Session, quote_id: int) -> Quote:
    """Deleting an extracted quote leaves a tombstone so re-ingesting does not revive it."""
    quote = get_quote(session, quote_id)
    if quote.origin == "extracted" and quote.article_id is not None:
        session.merge(QuoteTombstone(article_id=quote.article_id, text_key=quote.text_key))
    session.delete(quote)
    return quote


def resolve_exact(session: Session, name: str) -> Expert:
    expert = find_expert(session, name)
    if expert is None:
        raise NotFoundError(f"no expert named {name!r} (give a full name or alias)")
    return expert


def merge_experts(session: Session, keep_name: str, other_name: str) -> tuple[Expert, int]:
    """OTHER's quotes move to KEEP and OTHER's names become KEEP's aliases."""
    keep, other = resolve_exact(session, keep_name), resolve_exact(session, other_name)
    if keep.id == other.id:
        raise InputError(f"{keep_name!r} and {other_name!r} are already one expert")
    moved = 0
    for quote in session.scalars(select(Quote).where(Quote.expert_id == other.id)).all():
        if quote.article_id is None and _unsourced(session, keep.id, quote.text_key):
            # KEEP said these words unsourced already: one quote, not two.
            session.delete(quote)
            session.flush()
            continue
        quote.expert = keep
        moved += 1
    for alias in list(other.aliases):
        other.aliases.remove(alias)
        session.flush()
        keep.aliases.append(ExpertAlias(alias=alias.alias, norm_alias=alias.norm_alias))
    if keep.description is None:
        keep.description, keep.described_on = other.description, other.described_on
    session.flush()
    session.delete(other)
    return keep, moved


def add_alias(session: Session, name: str, alias: str) -> Expert:
    limits.check_text(alias, "the alias", limits.current())
    expert = resolve_exact(session, name)
    key = norm_name(alias)
    if not key:
        raise InputError("the alias is empty")
    owner = find_expert(session, alias)
    if owner is not None and owner.id != expert.id:
        raise DuplicateError(f"{alias!r} already names {owner.name}: use `expert merge`")
    if owner is None:
        expert.aliases.append(ExpertAlias(alias=clean_name(alias), norm_alias=key))
    return expert
