"""Read-side queries about experts and the archive as a whole."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from quotesdb.db.models import (
    Article,
    Author,
    Expert,
    ExpertAlias,
    Outlet,
    Quote,
    QuoteTopic,
    Topic,
)
from quotesdb.errors import AmbiguousError, NotFoundError
from quotesdb.names import TITLES, fold, norm_name, norm_outlet, surname


@dataclass(frozen=True, slots=True)
class ExpertSummary:
    id: int
    name: str
    description: str | None
    quotes: int
    outlets: list[str]
    last_quoted: dt.date | None
    aliases: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class QuoteLine:
    id: int
    text: str
    description: str | None
    title: str | None
    outlet: str | None
    published: dt.date | None
    kind: str


@dataclass(frozen=True, slots=True)
class ExpertProfile:
    expert: ExpertSummary
    quotes: list[QuoteLine]


@dataclass(frozen=True, slots=True)
class ExpertFilters:
    """Which quotes count: an expert is listed when at least `min_quotes` of theirs do."""

    topic: str | None = None
    outlet: str | None = None
    since: dt.date | None = None
    min_quotes: int = 1


def _counted_quotes(filters: ExpertFilters) -> Select[int]:
    """The ids of the quotes the filters keep, as a subquery."""
    ids = select(Quote.id).outerjoin(Article, Quote.article_id == Article.id)
    if filters.outlet:
        ids = ids.join(Outlet, Article.outlet_id == Outlet.id).where(
            Outlet.norm_name == norm_outlet(filters.outlet)
        )
    if filters.since:
        ids = ids.where(Article.published >= filters.since)
    if filters.topic:
        ids = ids.where(
            Quote.id.in_(
                select(QuoteTopic.quote_id)
                .join(Topic, QuoteTopic.topic_id == Topic.id)
                .where(Topic.norm_name == fold(filters.topic))
            )
        )
    return ids


def list_experts(
    session: Session, sort: str = "name", filters: ExpertFilters | None = None
) -> list[ExpertSummary]:
    """Everyone quoted (by the filters' quotes), with counts, in three queries."""
    filters = filters or ExpertFilters()
    counted = _counted_quotes(filters)
    totals = {
        expert_id: (count, last)
        for expert_id, count, last in session.execute(
            select(Quote.expert_id, func.count(Quote.id), func.max(Article.published))
            .outerjoin(Article, Quote.article_id == Article.id)
            .where(Quote.id.in_(counted))
            .group_by(Quote.expert_id)
            .having(func.count(Quote.id) >= max(filters.min_quotes, 1))
        )
    }
    outlets: dict[int, list[str]] = {}
    for expert_id, outlet in session.execute(
        select(Quote.expert_id, Outlet.name)
        .distinct()
        .join(Article, Quote.article_id == Article.id)
        .join(Outlet, Article.outlet_id == Outlet.id)
        .where(Quote.id.in_(counted))
        .order_by(Outlet.name)
    ):
        outlets.setdefault(expert_id, []).append(outlet)
    summaries = [
        _summary_from(e, *totals[e.id], outlets.get(e.id, []))
        for e in session.scalars(select(Expert))
        if e.id in totals
    ]
    if sort == "count":
        summaries.sort(key=lambda s: (-s.quotes, s.name.casefold()))
    else:
        summaries.sort(key=lambda s: s.name.casefold())
    return summaries


def _summary_from(
    expert: Expert, count: int, last: dt.date | None, outlets: list[str]
) -> ExpertSummary:
    aliases = sorted(a.alias for a in expert.aliases if a.norm_alias != expert.norm_name)
    return ExpertSummary(expert.id, expert.name, expert.description, count, outlets, last, aliases)


def _summary(session: Session, expert: Expert) -> ExpertSummary:
    count, last = session.execute(
        select(func.count(Quote.id), func.max(Article.published))
        .select_from(Quote)
        .outerjoin(Article, Quote.article_id == Article.id)
        .where(Quote.expert_id == expert.id)
    ).one()
    outlets = session.scalars(
        select(Outlet.name)
        .distinct()
        .join(Article, Article.outlet_id == Outlet.id)
        .join(Quote, Quote.article_id == Article.id)
        .where(Quote.expert_id == expert.id)
        .order_by(Outlet.name)
    ).all()
    return _summary_from(expert, count, last, list(outlets))


def resolve_expert(session: Session, name: str) -> Expert:
    """Full name or alias first, then a unique surname; several matches is an error listing them."""
    key = norm_name(name)
    if not key:
        raise NotFoundError("give an expert's name")
    alias = session.scalar(select(ExpertAlias).where(ExpertAlias.norm_alias == key))
    if alias is not None:
        return alias.expert
    candidates: dict[int, Expert] = {}
    for alias in session.scalars(select(ExpertAlias)):
        words = alias.norm_alias.split()
        if surname(alias.alias) == key or (len(key.split()) == 1 and key in words):
            candidates[alias.expert_id] = alias.expert
    if not candidates:
        raise NotFoundError(f"no expert named {name!r} (see `quotesdb experts`)")
    return _one(name, candidates)


def _one(name: str, candidates: dict[int, Expert]) -> Expert:
    if len(candidates) > 1:
        names = tuple(sorted(e.name for e in candidates.values()))
        raise AmbiguousError(f"{name!r} matches several experts: {', '.join(names)}", names)
    return next(iter(candidates.values()))


def resolve_expert_forgiving(session: Session, name: str) -> Expert:
    """`resolve_expert`, then with the spelling forgiven as `search --expert` forgives it:
    each word of the name within one edit of a word of the expert's name or alias when it
    has 4 or 5 letters, two when longer, the first letter kept ("lukianov" is Fyodor
    Lukyanov). Titles ("Dr") are left out; several experts so found is an AmbiguousError."""
    try:
        return resolve_expert(session, name)
    except NotFoundError:
        words = [w for w in norm_name(name).split() if w not in TITLES]
        if not words:
            raise
        candidates = {
            alias.expert_id: alias.expert
            for alias in session.scalars(select(ExpertAlias))
            if all(any(_close(w, a) for a in alias.norm_alias.split()) for w in words)
        }
        if not candidates:
            raise
        return _one(name, candidates)


def _close(word: str, other: str) -> bool:
    allowed = 0 if len(word) <= 3 else 1 if len(word) <= 5 else 2
    if word[:1] != other[:1] or abs(len(word) - len(other)) > allowed:
        return False
    return _edits(word, other) <= allowed


def _edits(a: str, b: str) -> int:
    """Levenshtein distance (insert, delete, substitute), row by row."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


def expert_profile(session: Session, name: str) -> ExpertProfile:
    expert = resolve_expert_forgiving(session, name)
    rows = session.execute(
        select(Quote, Article, Outlet.name)
        .outerjoin(Article, Quote.article_id == Article.id)
        .outerjoin(Outlet, Article.outlet_id == Outlet.id)
        .where(Quote.expert_id == expert.id)
        .order_by(Article.published.desc().nulls_last(), Quote.id)
    ).all()
    lines = [
        QuoteLine(
            q.id,
            q.text,
            q.speaker_description,
            a.title if a else None,
            outlet,
            a.published if a else None,
            q.kind,
        )
        for q, a, outlet in rows
    ]
    return ExpertProfile(_summary(session, expert), lines)


def stats(session: Session) -> dict[str, int]:
    tables = {
        "outlets": Outlet,
        "authors": Author,
        "articles": Article,
        "experts": Expert,
        "quotes": Quote,
        "topics": Topic,
    }
    return {
        name: session.scalar(select(func.count()).select_from(model)) or 0
        for name, model in tables.items()
    }
