"""Reading quotes and the change log for a search index, straight from the database.

Engine-neutral: every backend indexes these documents and catches up from these changes.
`search` must start fast, so the read path talks SQL through `quotesdb.db.reader`, not
the ORM.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Sequence
from typing import Any

from quotesdb.db.reader import Reader, as_day, in_list

DOCS_SQL = """
SELECT q.id, q.text, q.paragraph, q.kind, q.speaker_description, q.updated_at,
       q.expert_id, e.name, a.id, a.title, a.url, a.published, o.name, q.confidence,
       a.section, a.published_precision, a.fetched_at, q.notes
FROM quotes q
JOIN experts e ON e.id = q.expert_id
LEFT JOIN articles a ON a.id = q.article_id
LEFT JOIN outlets o ON o.id = a.outlet_id
"""


def confidence_percent(value: float | None) -> int:
    """The extractor's confidence as a whole percent; quotes a person entered count 100."""
    return 100 if value is None else round(float(value) * 100)


class Source(Reader):
    """The few queries the index needs, on either driver."""

    def max_seq(self) -> int:
        return int(self.rows("SELECT coalesce(max(seq), 0) FROM changes")[0][0])

    def count(self) -> int:
        return int(self.rows("SELECT count(*) FROM quotes")[0][0])

    def archive_id(self) -> str:
        """The database's own id (`archive_meta`), made once when its schema was created."""
        found = self.rows("SELECT value FROM archive_meta WHERE key = 'archive_id'")
        return str(found[0][0]) if found else ""

    def change_key(self, seq: int) -> str:
        """What identifies change `seq` in this database's history ("" for none): a copy
        restored from an older backup has another change there, or none at all."""
        if seq <= 0:
            return ""
        found = self.rows("SELECT quote_id, op, at FROM changes WHERE seq = :seq", {"seq": seq})
        if not found:
            return "missing"
        quote, op, at = found[0]
        return f"{int(quote)} {op} {_as_utc_text(at)}"

    def changes_after(self, seq: int, limit: int = 5000) -> list[tuple[int, int, str, Any]]:
        return [
            (int(s), int(q), str(op), at)
            for s, q, op, at in self.rows(
                "SELECT seq, quote_id, op, at FROM changes WHERE seq > :seq ORDER BY seq LIMIT "
                + str(int(limit)),
                {"seq": seq},
            )
        ]

    def seconds_since(self, at: Any) -> float:
        """Age of a change by the database's clock, so machines' clocks never matter."""
        if self._sqlite is not None:
            row = self.rows("SELECT (julianday('now') - julianday(:at)) * 86400", {"at": at})
        else:
            row = self.rows("SELECT extract(epoch FROM (now() - :at))", {"at": at})
        return float(row[0][0] or 0.0)

    def stamps(self, batch: int = 2000) -> dict[int, str]:
        """Every quote's content stamp, as the index should hold it (see `content_stamp`)."""
        return {
            int(doc["id"]): doc["stamp"]
            for ids in self.all_ids(batch)
            for doc in self.documents(ids)
        }

    def all_ids(self, batch: int) -> Iterator[list[int]]:
        last = 0
        while True:
            ids = [
                int(r[0])
                for r in self.rows(
                    f"SELECT id FROM quotes WHERE id > :last ORDER BY id LIMIT {int(batch)}",
                    {"last": last},
                )
            ]
            if not ids:
                return
            yield ids
            last = ids[-1]

    def documents(self, ids: Sequence[int]) -> list[dict[str, Any]]:
        """Index documents for these quotes (missing ids are simply absent)."""
        if not ids:
            return []
        marks, params = in_list("q", ids)
        rows = self.rows(DOCS_SQL + f"WHERE q.id IN ({marks})", params)
        expert_ids = sorted({r[6] for r in rows})
        article_ids = sorted({r[8] for r in rows if r[8] is not None})
        aliases = self._grouped(
            "SELECT expert_id, alias FROM expert_aliases", "expert_id", expert_ids
        )
        authors = self._grouped(
            "SELECT aa.article_id, au.name FROM article_authors aa "
            "JOIN authors au ON au.id = aa.author_id",
            "aa.article_id",
            article_ids,
            order="aa.position",
        )
        topics = self._grouped(
            "SELECT qt.quote_id, t.name FROM quote_topics qt JOIN topics t ON t.id = qt.topic_id",
            "qt.quote_id",
            [r[0] for r in rows],
            # In a fixed order: PostgreSQL returns the rows in its plan's order, which a
            # batch of one quote and a batch of all differ in, so `check` saw a quote
            # with two topics as stale however often it rewrote it.
            order="qt.quote_id, t.name",
        )
        docs = []
        for row in rows:
            qid, text, para, kind, desc, _, eid, name, aid, title, url, pub, outlet = row[:13]
            section, precision, fetched, notes = row[14:]
            names = [name, *(a for a in aliases.get(eid, []) if a != name)]
            published = as_day(pub)
            context = around(para, text)
            docs.append(
                {
                    "id": str(qid),
                    "text": text,
                    "paragraph": context,
                    "pairs": (text, context),
                    "sequence": (text, context),
                    "speaker": " | ".join(names),
                    "name": name,
                    "expert_id": str(eid),
                    "description": desc or "",
                    "notes": notes or "",
                    "topic": ",".join(t.replace(",", " ") for t in topics.get(qid, [])),
                    "outlet": outlet or "",
                    "title": title or "",
                    "author": " | ".join(authors.get(aid, [])) if aid is not None else "",
                    "day": day_number(published),
                    "published": published.isoformat() if published else "",
                    "kind": kind,
                    "url": url or "",
                    "confidence": confidence_percent(row[13]),
                    "article_id": str(aid) if aid is not None else "",
                    "section": section or "",
                    "precision": precision or "",
                    "fetched": fetched_day.isoformat() if (fetched_day := as_day(fetched)) else "",
                }
            )
            docs[-1]["stamp"] = content_stamp(docs[-1])
        return docs

    def _grouped(
        self, sql: str, key: str, ids: Sequence[int], order: str | None = None
    ) -> dict[int, list[str]]:
        out: dict[int, list[str]] = {}
        if not ids:
            return out
        marks, params = in_list("k", ids)
        suffix = f" ORDER BY {order}" if order else ""
        for owner, value in self.rows(f"{sql} WHERE {key} IN ({marks}){suffix}", params):
            out.setdefault(int(owner), []).append(str(value))
        return out


def content_stamp(doc: dict[str, Any]) -> str:
    """A hash of every field the index holds: `check` finds any difference, not only a
    write the change log saw (an article retitled under a hand-edited quote, say)."""
    fields = {k: v for k, v in doc.items() if k not in ("pairs", "sequence", "stamp")}
    encoded = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.blake2b(encoded.encode(), digest_size=16).hexdigest()


def _as_utc_text(value: Any) -> str:
    """A change's time as one text on both drivers (SQLite gives text, PostgreSQL a datetime)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return str(value.isoformat(sep=" "))
    return str(value)


def day_number(day: dt.date | None) -> int:
    """The index's date key: the proleptic ordinal (1 for 0001-01-01), 0 when undated."""
    return day.toordinal() if day else 0


def around(paragraph: str | None, quote: str) -> str:
    """The paragraph less the quote's own words, which the quote's field already holds."""
    if not paragraph:
        return ""
    return paragraph.replace(quote, " ", 1) if quote else paragraph
