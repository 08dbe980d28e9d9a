"""Quotebank (EPFL's corpus of attributed news quotations) into quotesdb.

Each line: quoteID, quotation, speaker, qids, date, numOccurrences, probas, urls, phase.
Mapping: the speaker becomes an expert (lines attributed to "None" are skipped and counted),
the Wikidata ids become aliases `wikidata:Q…`, every url an article (outlet = the domain,
title = the url until a better one is ingested) holding the quote, the date its published
date, and the speaker's probability `Quote.probability`.

A batch of lines is stored in bulk, in a few statements per table whatever its size: the
keys it needs are looked up with `SELECT … WHERE key IN (…)`, the missing rows inserted
with one executemany each, and every new quote gets its change row in the same
transaction. The outcome is the one storing the lines one by one, in order, would give:
the first line to name a new expert, outlet, article or alias creates it, the later ones
find it; a quote already stored (or stored earlier in the batch) is counted, not added.
Nothing is kept from one batch to the next, and a batch is recomputed from scratch when
it is run again (after a clash with a concurrent writer), so memory stays flat.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, bindparam, insert, select, update
from sqlalchemy.orm import Session

from quotesdb.db.bulk import (
    ALIASES,
    ARTICLES,
    EXPERTS,
    OUTLETS,
    QUOTES,
    ImportSummary,
    Ref,
    chunks,
    stored_quote_keys,
)
from quotesdb.db.ingest import article_identity
from quotesdb.db.records import text_key
from quotesdb.errors import InputError
from quotesdb.names import clean_name, norm_name, norm_outlet


def domain_of(url: str) -> str:
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


@dataclass(slots=True)
class _Url:
    url: str
    identity: str
    domain: str | ValueError  # an unreadable host only matters if the article is new
    outlet_key: str


@dataclass(slots=True)
class _Line:
    number: int
    origin: str
    speaker: str
    speaker_key: str
    text: str
    key: str
    aliases: list[tuple[str, str]]  # (alias, its folded key)
    probability: float | None
    published: dt.date | None
    urls: list[_Url | None]  # None: the quote is stored without an article


def parse_quotebank_line(number: int, record: dict[str, Any]) -> _Line | None:
    """The fields of one line, or None for a line that is skipped (no speaker, no text)."""
    speaker = record.get("speaker")
    text = " ".join(str(record["quotation"]).split())
    if not speaker or speaker == "None" or not text:
        return None
    aliases = [f"wikidata:{qid}" for qid in record.get("qids") or []]
    probability = next(
        (float(p) for name, p in record.get("probas") or [] if name == speaker), None
    )
    published = dt.date.fromisoformat(str(record["date"])[:10]) if record.get("date") else None
    urls: list[_Url | None] = []
    for url in record.get("urls") or [None]:
        if not url:
            urls.append(None)
            continue
        if not isinstance(url, str):
            raise TypeError(f"url {url!r} is not text")
        try:
            domain: str | ValueError = domain_of(url)
        except ValueError as exc:
            domain = exc
        outlet_key = norm_outlet(domain) if isinstance(domain, str) else ""
        urls.append(_Url(url, article_identity(url, ""), domain, outlet_key))
    return _Line(
        number=number,
        origin=f"quotebank:{record.get('quoteID', '')}",
        speaker=str(speaker),
        speaker_key=norm_name(str(speaker)),
        text=text,
        key=text_key(text),
        aliases=[(alias, norm_name(alias)) for alias in aliases],
        probability=probability,
        published=published,
        urls=urls,
    )


def bad_line(path: Path, number: int, exc: Exception) -> InputError:
    return InputError(f"{path}: line {number}: bad Quotebank line ({exc})")


def store_quotebank_batch(
    session: Session, path: Path, batch: Sequence[tuple[int, dict[str, Any]]]
) -> ImportSummary:
    """Store a batch of lines in the session's transaction; safe to run again from scratch."""
    counts = ImportSummary()
    lines: list[_Line] = []
    error: InputError | None = None
    for number, record in batch:
        try:
            line = parse_quotebank_line(number, record)
        except (KeyError, TypeError, ValueError) as exc:
            # Lines before it may fail first (a new article's unreadable host), as they
            # would stored one by one; the batch is rolled back either way.
            error = bad_line(path, number, exc)
            break
        if line is None:
            counts.quotes_skipped += 1
        else:
            lines.append(line)
    _Batch(session.connection(), path, lines, counts).store(error)
    return counts


class _Batch:
    def __init__(
        self, conn: Connection, path: Path, lines: list[_Line], counts: ImportSummary
    ) -> None:
        self.conn, self.path, self.lines, self.counts = conn, path, lines, counts
        self.now = dt.datetime.now(dt.UTC)
        self.by_id: dict[int, Ref] = {}  # one Ref per stored expert, so keys compare
        self.new_experts: dict[str, Ref] = {}
        self.new_aliases: list[tuple[Ref, str, str]] = []
        self.new_outlets: dict[str, Ref] = {}
        self.outlet_domains: dict[int, str] = {}
        self.new_articles: dict[str, Ref] = {}
        self.new_quotes: list[dict[str, Any]] = []
        self.quote_rows: list[tuple[Ref | None, Ref]] = []

    def store(self, error: InputError | None) -> None:
        experts = self._resolve_experts()
        articles = self._resolve_articles()
        self._resolve_quotes(experts, articles)
        if error is not None:
            raise error
        self._insert()

    # ---- resolving, in line order, against what is stored --------------------------

    def _resolve_experts(self) -> list[Ref]:
        """Each line's expert, found by any name or alias, else new; new aliases noted."""
        wanted = {line.speaker_key for line in self.lines}
        wanted |= {key for line in self.lines for _alias, key in line.aliases}
        known: dict[str, Ref] = {}
        for chunk in chunks(wanted):
            query = select(ALIASES.c.norm_alias, ALIASES.c.expert_id).where(
                ALIASES.c.norm_alias.in_(chunk)
            )
            for alias, expert_id in self.conn.execute(query):
                known[alias] = self.by_id.setdefault(expert_id, Ref(expert_id))
        experts = []
        for line in self.lines:
            key = line.speaker_key
            expert = known.get(key)
            if expert is None:
                name = clean_name(line.speaker)
                expert = known[key] = self.new_experts[key] = Ref(values={"name": name})
                self.new_aliases.append((expert, name, key))
                self.counts.experts_added += 1
            for alias, alias_key in line.aliases:
                if alias_key not in known:
                    known[alias_key] = expert
                    self.new_aliases.append((expert, alias, alias_key))
            experts.append(expert)
        return experts

    def _resolve_articles(self) -> list[list[Ref | None]]:
        """Each line's articles (None: unsourced), found by identity, else new with outlet."""
        identities = {url.identity for line in self.lines for url in line.urls if url}
        found: dict[str, Ref] = {}
        for chunk in chunks(identities):
            query = select(ARTICLES.c.identity, ARTICLES.c.id).where(ARTICLES.c.identity.in_(chunk))
            found.update((identity, Ref(id)) for identity, id in self.conn.execute(query))
        outlet_keys = {
            url.outlet_key
            for line in self.lines
            for url in line.urls
            if url and url.identity not in found and isinstance(url.domain, str)
        }
        outlets: dict[str, tuple[Ref, str | None]] = {}
        for chunk in chunks(outlet_keys):
            query = select(OUTLETS.c.norm_name, OUTLETS.c.id, OUTLETS.c.domain).where(
                OUTLETS.c.norm_name.in_(chunk)
            )
            for stored in self.conn.execute(query):
                outlets[stored.norm_name] = (Ref(stored.id), stored.domain)
        result = []
        for line in self.lines:
            row: list[Ref | None] = []
            for url in line.urls:
                if url is None:
                    row.append(None)
                    continue
                article = found.get(url.identity)
                if article is None:
                    if isinstance(url.domain, ValueError):
                        raise bad_line(self.path, line.number, url.domain)
                    outlet = self._outlet_for(outlets, url.domain, url.outlet_key)
                    article = found[url.identity] = self.new_articles[url.identity] = Ref(
                        values=self._article_values(line, url, outlet)
                    )
                    self.counts.articles_added += 1
                row.append(article)
            result.append(row)
        return result

    def _outlet_for(self, outlets: dict[str, tuple[Ref, str | None]], domain: str, key: str) -> Ref:
        """As `records.outlet_for`: the outlet by its folded name, given a domain if it had none."""
        if key in outlets:
            outlet, stored_domain = outlets[key]
            if domain and not stored_domain and outlet.id is not None:
                self.outlet_domains[outlet.id] = domain
                outlets[key] = (outlet, domain)
            return outlet
        outlet = self.new_outlets[key] = Ref(values={"name": domain, "domain": domain})
        outlets[key] = (outlet, domain)
        return outlet

    def _article_values(self, line: _Line, url: _Url, outlet: Ref) -> dict[str, Any]:
        return {
            "identity": url.identity,
            "outlet": outlet,
            "title": url.url,
            "url": url.url,
            "published": line.published,
            "section": None,
            "language": "en",
            "text": None,
            "text_hash": None,
            "source_hash": None,
            "origin": line.origin,
            "ingested_at": self.now,
            "updated_at": self.now,
        }

    def _resolve_quotes(self, experts: list[Ref], articles: list[list[Ref | None]]) -> None:
        """A quote is new unless its words are in that article (or that expert's unsourced)."""
        in_articles = {
            (article.id, line.key)
            for line, row in zip(self.lines, articles, strict=True)
            for article in row
            if article is not None and article.id is not None
        }
        unsourced = {
            (expert.id, line.key)
            for line, expert, row in zip(self.lines, experts, articles, strict=True)
            if expert.id is not None and None in row
        }
        seen: set[tuple[Ref | int, str]] = set()
        seen.update(stored_quote_keys(self.conn, in_articles, unsourced))
        for line, expert, row in zip(self.lines, experts, articles, strict=True):
            for article in row:
                # Stored rows by id (an expert's negated), new ones by their Ref.
                owner: Ref | int
                if article is not None:
                    owner = article.id if article.id is not None else article
                else:
                    owner = -expert.id if expert.id is not None else expert
                if (owner, line.key) in seen:
                    self.counts.quotes_skipped += 1
                    continue
                seen.add((owner, line.key))
                self.quote_rows.append((article, expert))
                self.new_quotes.append(self._quote_values(line))
                self.counts.quotes_added += 1

    def _quote_values(self, line: _Line) -> dict[str, Any]:
        return {
            "text": line.text,
            "text_key": line.key,
            "start": None,
            "end": None,
            "paragraph": None,
            "kind": "full",
            "speaker_description": None,
            "group_no": None,
            "origin": "import",
            "hand_edited": False,
            "probability": line.probability,
            "created_at": self.now,
            "updated_at": self.now,
        }

    # ---- writing: parents first, each table in one executemany ------------------------

    def _insert(self) -> None:
        conn = self.conn
        if self.new_experts:
            rows = [
                {
                    "name": expert.values["name"],
                    "norm_name": key,
                    "description": None,
                    "described_on": None,
                    "is_person": True,
                    "created_at": self.now,
                }
                for key, expert in self.new_experts.items()
            ]
            statement = insert(EXPERTS).returning(EXPERTS.c.norm_name, EXPERTS.c.id)
            for key, expert_id in conn.execute(statement, rows):
                self.new_experts[key].id = expert_id
        if self.new_aliases:
            conn.execute(
                insert(ALIASES),
                [
                    {"expert_id": expert.id, "alias": alias, "norm_alias": key}
                    for expert, alias, key in self.new_aliases
                ],
            )
        if self.new_outlets:
            rows = [{"norm_name": key, **outlet.values} for key, outlet in self.new_outlets.items()]
            statement = insert(OUTLETS).returning(OUTLETS.c.norm_name, OUTLETS.c.id)
            for key, outlet_id in conn.execute(statement, rows):
                self.new_outlets[key].id = outlet_id
        if self.outlet_domains:
            conn.execute(
                update(OUTLETS)
                .where(OUTLETS.c.id == bindparam("outlet_id"))
                .values(domain=bindparam("new_domain")),
                [
                    {"outlet_id": outlet_id, "new_domain": domain}
                    for outlet_id, domain in self.outlet_domains.items()
                ],
            )
        if self.new_articles:
            rows = [
                {k: v for k, v in article.values.items() if k != "outlet"}
                | {"outlet_id": article.values["outlet"].id}
                for article in self.new_articles.values()
            ]
            statement = insert(ARTICLES).returning(ARTICLES.c.identity, ARTICLES.c.id)
            for identity, article_id in conn.execute(statement, rows):
                self.new_articles[identity].id = article_id
        if not self.new_quotes:
            return
        for values, (article, expert) in zip(self.new_quotes, self.quote_rows, strict=True):
            values["article_id"] = article.id if article is not None else None
            values["expert_id"] = expert.id
        # RETURNING makes it one multi-row INSERT a page: on PostgreSQL the change-log
        # trigger (migration 0007) then runs once a page, not once a quote.
        conn.execute(insert(QUOTES).returning(QUOTES.c.id), self.new_quotes).all()
