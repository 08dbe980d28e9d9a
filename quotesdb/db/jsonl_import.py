"""quotesdb's own JSON lines ("quotesdb/1") into the archive, a batch at a time in bulk.

Records (article, expert, tombstone, quote) are resolved in file order against the rows
already stored, looked up a few `IN (…)` queries per table, and against the rows the batch
itself creates; then each table gets one executemany. The outcome is the one storing the
records one by one would give: the first record to need a new expert, outlet, author,
topic or article creates it, the later ones find it; an expert's latest description wins;
a quote already stored is counted, not added. Every new quote gets its change row in the
same transaction. Nothing outlives the batch, so memory stays flat and a retried batch is
recomputed from scratch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, tuple_, update
from sqlalchemy.orm import Session

from quotesdb.attributes import CLEANERS, clean_attributes
from quotesdb.db.bulk import (
    ALIASES,
    ARTICLE_AUTHORS,
    ARTICLES,
    AUTHORS,
    EXPERTS,
    OUTLETS,
    QUOTE_TOPICS,
    QUOTES,
    REVISIONS,
    TOMBSTONES,
    TOPICS,
    ImportSummary,
    Ref,
    chunks,
    stored_quote_keys,
)
from quotesdb.db.records import text_key
from quotesdb.errors import InputError
from quotesdb.names import clean_name, fold, norm_name, norm_outlet

_BAD = (KeyError, TypeError, ValueError, AttributeError)


def store_jsonl_batch(
    session: Session, path: Path, batch: list[tuple[int, dict[str, Any]]]
) -> ImportSummary:
    """Store a batch in the session's transaction; returns its counts."""
    return _JsonlBatch(session.connection(), path, batch).store()


class _JsonlBatch:
    def __init__(
        self, conn: Connection, path: Path, batch: list[tuple[int, dict[str, Any]]]
    ) -> None:
        self.conn, self.path, self.batch = conn, path, batch
        self.counts = ImportSummary()
        self.now = dt.datetime.now(dt.UTC)
        self.articles: dict[str, Ref] = {}
        self.aliases: dict[str, Ref] = {}
        self.experts_by_id: dict[int, Ref] = {}
        self.outlets: dict[str, Ref] = {}
        self.authors: dict[str, Ref] = {}
        self.topics: dict[str, Ref] = {}
        self.tombstones: set[tuple[int | Ref, str]] = set()
        self.new: dict[str, list[Ref]] = {
            k: [] for k in ("experts", "outlets", "authors", "topics", "articles")
        }
        self.new_aliases: list[tuple[Ref, str, str]] = []
        self.new_tombstones: list[tuple[Ref, str]] = []
        self.described: set[int] = set()  # stored experts whose description changed
        self.attributed: dict[int, dict[str, Any]] = {}  # stored experts' attributes given
        self.pending: list[tuple[int, dict[str, Any], Ref | None, Ref, str]] = []
        self.quotes: list[tuple[Ref | None, Ref, dict[str, Any], list[Any], list[Any]]] = []

    def _bad(self, number: int, record: dict[str, Any], exc: Exception) -> InputError:
        return InputError(f"{self.path}: line {number}: bad {record['type']} record ({exc})")

    def store(self) -> ImportSummary:
        self._prefetch()
        error: InputError | None = None
        for number, record in self.batch:
            try:
                getattr(self, f"_{record['type']}")(number, record)
            except _BAD as exc:
                error = self._bad(number, record, exc)
                break
        self._resolve_quotes()
        if error is not None:
            raise error
        self._insert()
        return self.counts

    # ---- looking up what is stored ---------------------------------------------------

    def _prefetch(self) -> None:
        identities: set[str] = set()
        names: set[str] = set()
        outlets: set[str] = set()
        authors: set[str] = set()
        topics: set[str] = set()
        stones: set[tuple[str, str]] = set()
        for _number, record in self.batch:
            try:  # keys only: a bad record fails later, in its turn
                kind = record["type"]
                if kind == "article":
                    identities.add(str(record["key"]))
                    if record.get("outlet"):
                        outlets.add(norm_outlet(record["outlet"]))
                    authors.update(norm_name(name) for name in record.get("authors") or [])
                elif kind == "expert":
                    names.add(norm_name(str(record["name"])))
                    names.update(norm_name(alias) for alias in record.get("aliases") or [])
                elif kind == "tombstone":
                    if isinstance(record["article"], str):
                        identities.add(record["article"])
                        stones.add((record["article"], str(record["key"])))
                elif kind == "quote":
                    if isinstance(record.get("article"), str):
                        identities.add(record["article"])
                    names.add(norm_name(str(record["speaker"])))
                    topics.update(fold(topic["name"]) for topic in record.get("topics") or [])
            except _BAD:
                pass
        self._fetch(ARTICLES.c.identity, ARTICLES.c.id, identities, self.articles)
        self._fetch(OUTLETS.c.norm_name, OUTLETS.c.id, outlets, self.outlets)
        self._fetch(AUTHORS.c.norm_name, AUTHORS.c.id, authors, self.authors)
        self._fetch(TOPICS.c.norm_name, TOPICS.c.id, topics, self.topics)
        for chunk in chunks(names):
            query = select(ALIASES.c.norm_alias, ALIASES.c.expert_id).where(
                ALIASES.c.norm_alias.in_(chunk)
            )
            for alias, expert_id in self.conn.execute(query):
                self.aliases[alias] = self.experts_by_id.setdefault(expert_id, Ref(expert_id))
        for expert_ids in chunks(self.experts_by_id):
            query = select(EXPERTS.c.id, EXPERTS.c.description, EXPERTS.c.described_on)
            for row in self.conn.execute(query.where(EXPERTS.c.id.in_(expert_ids))):
                self.experts_by_id[row.id].values.update(
                    description=row.description, described_on=row.described_on
                )
        pairs = {
            (self.articles[identity].id, key)
            for identity, key in stones
            if identity in self.articles
        }
        for stone_keys in chunks(pairs):
            query = select(TOMBSTONES.c.article_id, TOMBSTONES.c.text_key).where(
                tuple_(TOMBSTONES.c.article_id, TOMBSTONES.c.text_key).in_(stone_keys)
            )
            self.tombstones.update(
                (article_id, key) for article_id, key in self.conn.execute(query)
            )

    def _fetch(self, key: Any, id_column: Any, wanted: set[str], into: dict[str, Ref]) -> None:
        for chunk in chunks(wanted):
            for found, row_id in self.conn.execute(select(key, id_column).where(key.in_(chunk))):
                into[found] = Ref(row_id)

    # ---- each record, in file order, as the one-by-one import would ---------------------

    def _article(self, _number: int, record: dict[str, Any]) -> None:
        key = str(record["key"])
        if key in self.articles:
            return
        published = record.get("published")
        text = record.get("text")
        outlet = None
        if record.get("outlet"):
            name = record["outlet"]
            outlet = self._find_or_add(
                self.outlets,
                "outlets",
                norm_outlet(name),
                {"name": clean_name(name), "domain": None},
            )
        authors = [
            self._find_or_add(self.authors, "authors", norm_name(name), {"name": clean_name(name)})
            for name in record.get("authors") or []
        ]
        article = self.articles[key] = Ref(
            values={
                "identity": key,
                "title": str(record["title"]),
                "url": record.get("url"),
                "published": dt.date.fromisoformat(published) if published else None,
                "section": record.get("section"),
                "language": record.get("language") or "en",
                "text": text,
                "text_hash": hashlib.sha256(text.encode()).hexdigest() if text else None,
                "source_hash": None,
                "origin": record.get("origin"),
                "ingested_at": self.now,
                "updated_at": self.now,
                "outlet": outlet,
                "authors": authors,
            }
        )
        self.new["articles"].append(article)
        self.counts.articles_added += 1

    def _find_or_add(
        self, found: dict[str, Ref], table: str, key: str, values: dict[str, Any]
    ) -> Ref:
        ref = found.get(key)
        if ref is None:
            ref = found[key] = Ref(values={**values, "norm_name": key})
            self.new[table].append(ref)
        return ref

    def _expert_for(self, name: str, *, is_person: bool = True) -> Ref:
        key = norm_name(name)
        expert = self.aliases.get(key)
        if expert is not None:
            return expert
        clean = clean_name(name)
        expert = self.aliases[key] = Ref(
            values={
                "name": clean,
                "norm_name": key,
                "description": None,
                "described_on": None,
                "is_person": is_person,
                "created_at": self.now,
                **dict.fromkeys(CLEANERS),
            }
        )
        self.new["experts"].append(expert)
        self.new_aliases.append((expert, clean, key))
        self.counts.experts_added += 1
        return expert

    def _expert(self, _number: int, record: dict[str, Any]) -> None:
        expert = self._expert_for(
            str(record["name"]), is_person=bool(record.get("is_person", True))
        )
        for alias in record.get("aliases") or []:
            key = norm_name(alias)
            if key and key not in self.aliases:
                self.aliases[key] = expert
                self.new_aliases.append((expert, clean_name(alias), key))
        self._note_attributes(expert, record)
        on = record.get("described_on")
        self._note_description(
            expert, record.get("description"), dt.date.fromisoformat(on) if on else None
        )

    def _note_description(self, expert: Ref, description: str | None, on: dt.date | None) -> None:
        """As `records.note_description`, on the values the batch holds for the expert."""
        if not description:
            return
        values = expert.values
        if values["description"] is None or (
            on is not None and (values["described_on"] is None or on >= values["described_on"])
        ):
            values["description"] = description
            values["described_on"] = on or values["described_on"]
            if expert.id is not None:
                self.described.add(expert.id)

    def _note_attributes(self, expert: Ref, record: dict[str, Any]) -> None:
        """Attributes the record knows (not null) are set; an unknown one keeps what is stored."""
        try:
            given = clean_attributes({k: record[k] for k in CLEANERS if record.get(k) is not None})
        except InputError as exc:
            raise ValueError(str(exc)) from None
        expert.values.update(given)
        if expert.id is not None and given:
            self.attributed.setdefault(expert.id, {}).update(given)

    def _tombstone(self, _number: int, record: dict[str, Any]) -> None:
        identity = record["article"]
        article = self.articles.get(identity) if isinstance(identity, str) else None
        if article is None:
            return
        key = str(record["key"])
        owner = article.id if article.id is not None else article
        if (owner, key) not in self.tombstones:
            self.tombstones.add((owner, key))
            self.new_tombstones.append((article, key))

    def _quote(self, number: int, record: dict[str, Any]) -> None:
        key = text_key(str(record["text"]))
        article = None
        if record.get("article"):
            identity = record["article"]
            article = self.articles.get(identity) if isinstance(identity, str) else None
            if article is None:
                raise ValueError(f"its article {identity!r} comes before no article record")
        expert = self._expert_for(str(record["speaker"]))
        self.pending.append((number, record, article, expert, key))

    def _resolve_quotes(self) -> None:
        """New or already stored, in order; only a new quote's topics are looked up."""
        in_articles = {
            (article.id, key)
            for _n, _r, article, _e, key in self.pending
            if article is not None and article.id is not None
        }
        unsourced = {
            (expert.id, key)
            for _n, _r, article, expert, key in self.pending
            if article is None and expert.id is not None
        }
        seen: set[tuple[int | Ref, str]] = set()
        seen.update(stored_quote_keys(self.conn, in_articles, unsourced))
        for number, record, article, expert, key in self.pending:
            owner: int | Ref
            if article is not None:
                owner = article.id if article.id is not None else article
            else:
                owner = -expert.id if expert.id is not None else expert
            if (owner, key) in seen:
                self.counts.quotes_skipped += 1
                continue
            seen.add((owner, key))
            try:
                links = [
                    (
                        self._find_or_add(
                            self.topics,
                            "topics",
                            fold(topic["name"]),
                            {"name": topic["name"].strip()},
                        ),
                        topic["source"],
                    )
                    for topic in record.get("topics") or []
                ]
                revisions = list(record.get("revisions") or [])
            except _BAD as exc:
                raise self._bad(number, record, exc) from None
            values = {
                "text": str(record["text"]),
                "text_key": key,
                "start": record.get("start"),
                "end": record.get("end"),
                "paragraph": record.get("paragraph"),
                "kind": record.get("kind") or "full",
                "speaker_description": record.get("speaker_description"),
                "group_no": record.get("group"),
                "origin": record.get("origin") or "import",
                "hand_edited": bool(record.get("hand_edited")),
                "probability": record.get("probability"),
                "confidence": record.get("confidence"),
                "notes": record["notes"] if isinstance(record.get("notes"), str) else None,
                "created_at": self.now,
                "updated_at": self.now,
            }
            self.quotes.append((article, expert, values, links, revisions))
            self.counts.quotes_added += 1

    # ---- writing: parents first, one executemany per table ----------------------------

    def _insert_returning(
        self, table: Any, key: str, refs: list[Ref], drop: tuple[str, ...]
    ) -> None:
        if not refs:
            return
        by_key = {ref.values[key]: ref for ref in refs}
        rows = [{k: v for k, v in ref.values.items() if k not in drop} for ref in refs]
        statement = insert(table).returning(table.c[key], table.c.id)
        for found, row_id in self.conn.execute(statement, rows):
            by_key[found].id = row_id

    def _insert(self) -> None:
        conn = self.conn
        self._insert_returning(EXPERTS, "norm_name", self.new["experts"], ())
        if self.new_aliases:
            conn.execute(
                insert(ALIASES),
                [{"expert_id": e.id, "alias": a, "norm_alias": k} for e, a, k in self.new_aliases],
            )
        if self.described:
            conn.execute(
                update(EXPERTS)
                .where(EXPERTS.c.id == bindparam("expert_id"))
                .values(
                    description=bindparam("new_description"),
                    described_on=bindparam("new_described_on"),
                ),
                [
                    {
                        "expert_id": expert_id,
                        "new_description": self.experts_by_id[expert_id].values["description"],
                        "new_described_on": self.experts_by_id[expert_id].values["described_on"],
                    }
                    for expert_id in sorted(self.described)
                ],
            )
        for expert_id, given in sorted(self.attributed.items()):
            conn.execute(update(EXPERTS).where(EXPERTS.c.id == expert_id).values(**given))
        self._insert_returning(OUTLETS, "norm_name", self.new["outlets"], ())
        self._insert_returning(AUTHORS, "norm_name", self.new["authors"], ())
        articles = self.new["articles"]
        for article in articles:
            outlet = article.values["outlet"]
            article.values["outlet_id"] = outlet.id if outlet is not None else None
        self._insert_returning(ARTICLES, "identity", articles, ("outlet", "authors"))
        byline = [
            {"article_id": article.id, "author_id": author.id, "position": position}
            for article in articles
            for position, author in enumerate(article.values["authors"])
        ]
        if byline:
            conn.execute(insert(ARTICLE_AUTHORS), byline)
        if self.new_tombstones:
            conn.execute(
                insert(TOMBSTONES),
                [{"article_id": a.id, "text_key": key} for a, key in self.new_tombstones],
            )
        self._insert_returning(TOPICS, "norm_name", self.new["topics"], ())
        if not self.quotes:
            return
        for source, expert, values, _links, _revisions in self.quotes:
            values["article_id"] = source.id if source is not None else None
            values["expert_id"] = expert.id
        statement = insert(QUOTES).returning(
            QUOTES.c.id, QUOTES.c.article_id, QUOTES.c.expert_id, QUOTES.c.text_key
        )
        ids: dict[tuple[int | None, int | None, str], int] = {}
        for quote_id, article_id, expert_id, key in conn.execute(
            statement, [values for _a, _e, values, _l, _r in self.quotes]
        ):
            ids[(article_id, None if article_id is not None else expert_id, key)] = quote_id
        links: list[dict[str, Any]] = []
        revisions: list[dict[str, Any]] = []
        for _a, _e, values, topic_links, befores in self.quotes:
            article_id = values["article_id"]
            quote_id = ids[
                (
                    article_id,
                    None if article_id is not None else values["expert_id"],
                    values["text_key"],
                )
            ]
            links += [
                {"quote_id": quote_id, "topic_id": topic.id, "source": source}
                for topic, source in topic_links
            ]
            revisions += [
                {"quote_id": quote_id, "before": before, "changed_at": self.now}
                for before in befores
            ]
        if links:
            conn.execute(insert(QUOTE_TOPICS), links)
        if revisions:
            conn.execute(insert(REVISIONS), revisions)
