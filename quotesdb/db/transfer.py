"""Export and import of the archive in quotesdb's own JSON-lines format ("quotesdb/1").

The first line is a header; then typed records, each article and expert written once before
the first quote that needs it, so a file streams in both directions in constant memory (but
for the sets of keys already written). Hand edits travel with their quotes: origin, the
hand-edited flag, hand topics and the revisions that keep the extracted words for audit.
"""

from __future__ import annotations

import bz2
import datetime as dt
import gzip
import io
import json
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

from sqlalchemy import Engine, Select, func, select
from sqlalchemy.orm import Session

from quotesdb import limits
from quotesdb.db.bulk import QUOTES, ImportSummary, refresh_planner_statistics
from quotesdb.db.models import (
    Article,
    Expert,
    Outlet,
    Quote,
    QuoteRevision,
    QuoteTombstone,
    QuoteTopic,
    Topic,
)
from quotesdb.db.session import with_retries
from quotesdb.errors import InputError, QuotesdbError
from quotesdb.names import fold
from quotesdb.output import write_csv
from quotesdb.topics import TopicMatcher

FORMAT = "quotesdb/1"
BATCH_LINES = 500
QUOTEBANK_BATCH_LINES = 1000


@dataclass(frozen=True, slots=True)
class ExportFilters:
    expert_id: int | None = None
    outlet: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    topic: str | None = None


def _selected(filters: ExportFilters) -> Select[Quote]:
    query = select(Quote).outerjoin(Article, Quote.article_id == Article.id).order_by(Quote.id)
    if filters.expert_id is not None:
        query = query.where(Quote.expert_id == filters.expert_id)
    if filters.outlet:
        from quotesdb.names import norm_outlet

        query = query.join(Outlet, Article.outlet_id == Outlet.id).where(
            Outlet.norm_name == norm_outlet(filters.outlet)
        )
    if filters.since:
        query = query.where(Article.published >= filters.since)
    if filters.until:
        query = query.where(Article.published <= filters.until)
    if filters.topic:
        query = query.where(
            Quote.id.in_(
                select(QuoteTopic.quote_id)
                .join(Topic, Topic.id == QuoteTopic.topic_id)
                .where(Topic.norm_name == fold(filters.topic))
            )
        )
    return query


def iter_quotes(session: Session, filters: ExportFilters) -> Iterator[Quote]:
    yield from session.scalars(_selected(filters).execution_options(yield_per=500))


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def article_record(article: Article) -> dict[str, Any]:
    return {
        "type": "article",
        "key": article.identity,
        "title": article.title,
        "url": article.url,
        "outlet": article.outlet.name if article.outlet else None,
        "authors": article.authors,
        "published": _date(article.published),
        "section": article.section,
        "language": article.language,
        "text": article.text,
        "origin": article.origin,
    }


def expert_record(expert: Expert) -> dict[str, Any]:
    return {
        "type": "expert",
        "name": expert.name,
        "aliases": sorted(a.alias for a in expert.aliases if a.norm_alias != expert.norm_name),
        "description": expert.description,
        "described_on": _date(expert.described_on),
        "is_person": expert.is_person,
        "gender": expert.gender,
        "affiliation_kind": expert.affiliation_kind,
        "country": expert.country,
    }


def quote_record(session: Session, quote: Quote) -> dict[str, Any]:
    revisions = session.scalars(
        select(QuoteRevision.before)
        .where(QuoteRevision.quote_id == quote.id)
        .order_by(QuoteRevision.id)
    ).all()
    return {
        "type": "quote",
        "article": quote.article.identity if quote.article else None,
        "speaker": quote.expert.name,
        "text": quote.text,
        "start": quote.start,
        "end": quote.end,
        "paragraph": quote.paragraph,
        "kind": quote.kind,
        "speaker_description": quote.speaker_description,
        "group": quote.group_no,
        "origin": quote.origin,
        "hand_edited": quote.hand_edited,
        "probability": quote.probability,
        "confidence": quote.confidence,
        "notes": quote.notes,
        "topics": sorted(
            ({"name": link.topic.name, "source": link.source} for link in quote.topic_links),
            key=lambda t: (t["name"], t["source"]),
        ),
        "revisions": list(revisions),
    }


def export_jsonl(session: Session, out: IO[str], filters: ExportFilters) -> int:
    """Write the header and records; returns the number of quotes written."""
    out.write(json.dumps({"format": FORMAT}) + "\n")
    articles: set[int] = set()
    experts: set[int] = set()
    count = 0
    for quote in iter_quotes(session, filters):
        if quote.article is not None and quote.article.id not in articles:
            articles.add(quote.article.id)
            _line(out, article_record(quote.article))
            for stone in session.scalars(
                select(QuoteTombstone).where(QuoteTombstone.article_id == quote.article.id)
            ):
                _line(
                    out,
                    {"type": "tombstone", "article": quote.article.identity, "key": stone.text_key},
                )
        if quote.expert_id not in experts:
            experts.add(quote.expert_id)
            _line(out, expert_record(quote.expert))
        _line(out, quote_record(session, quote))
        count += 1
    return count


def _line(out: IO[str], record: dict[str, Any]) -> None:
    out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")


CSV_COLUMNS = [
    "id",
    "speaker",
    "description",
    "text",
    "title",
    "outlet",
    "url",
    "published",
    "authors",
    "topics",
    "kind",
    "origin",
    "hand_edited",
]


def export_csv(session: Session, out: IO[str], filters: ExportFilters) -> int:
    return write_csv(out, CSV_COLUMNS, (_csv_row(q) for q in iter_quotes(session, filters)))


def _csv_row(q: Quote) -> list[object]:
    a = q.article
    return [
        q.id,
        q.expert.name,
        q.speaker_description or "",
        q.text,
        a.title if a else "",
        a.outlet.name if a and a.outlet else "",
        (a.url or "") if a else "",
        _date(a.published) or "" if a else "",
        "; ".join(a.authors) if a else "",
        "; ".join(q.topics),
        q.kind,
        q.origin,
        int(q.hand_edited),
    ]


def export_markdown(session: Session, out: IO[str], filters: ExportFilters) -> int:
    from quotesdb.cite import format_citation
    from quotesdb.db.citable import BATCH, citable_quotes

    ids = [quote.id for quote in iter_quotes(session, filters)]
    count = 0
    for at in range(0, len(ids), BATCH):
        for cited in citable_quotes(session, ids[at : at + BATCH]):
            out.write(("\n" if count else "") + format_citation(cited, "markdown") + "\n")
            count += 1
    return count


# ---- import ---------------------------------------------------------------------------


Progress = Callable[[int, int], None]
"""Called after each batch with the bytes of the input file read so far and its size."""


class InputFile:
    """Plain, gzip or bzip2 JSON lines, decoded strictly as UTF-8; knows how far it has read.

    Progress is counted in bytes of the file as stored (compressed or not), so a caller can
    show a rate and an ETA without reading the file twice.
    """

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        self.path, self.size = path, path.stat().st_size
        self._raw = path.open("rb")
        inner: IO[bytes] = self._raw
        if path.suffix == ".gz":
            inner = cast(IO[bytes], gzip.GzipFile(fileobj=self._raw, mode="rb"))
        elif path.suffix == ".bz2":
            inner = cast(IO[bytes], bz2.BZ2File(self._raw, mode="rb"))
        self.text = io.TextIOWrapper(inner, encoding="utf-8", errors="strict")

        self._binary = inner

    def lines(self, max_bytes: int) -> Iterator[tuple[int, str]]:
        """Numbered lines, each read with a bound: a line past `max_bytes` fails at the
        limit instead of being held whole (a `.gz` can expand one line to gigabytes)."""
        number = 0
        while True:
            raw = self._binary.readline(max_bytes + 1)
            if not raw:
                return
            number += 1
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                raise InputError(
                    f"{self.path}: line {number} is longer than the limit of {max_bytes:,} "
                    f"bytes (set {limits.ENV['line_bytes']} to allow more)"
                )
            try:
                yield number, raw.decode("utf-8")
            except UnicodeDecodeError:
                raise InputError(f"{self.path}: line {number}: not UTF-8 text") from None

    def read_so_far(self) -> int:
        return self._raw.tell() if not self._raw.closed else self.size

    def __enter__(self) -> InputFile:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.text.close()
        self._raw.close()


def open_text(path: Path) -> IO[str]:
    """Plain, gzip or bzip2 JSON lines, decoded strictly as UTF-8."""
    return InputFile(path).text


Batch = list[tuple[int, dict[str, Any]]]


class Refused(Exception):
    """One record cannot be stored: it is left out with a warning, the import goes on."""


Warn = Callable[[str], None]


def _import_lines(
    engine: Engine,
    path: Path,
    parse: Callable[[str, int], dict[str, Any] | None],
    store: Callable[[Session, Path, Batch], ImportSummary],
    on_progress: Progress | None,
    batch_lines: int,
    on_warning: Warn | None = None,
    topics: TopicMatcher | None = None,
) -> ImportSummary:
    """Read, parse and store batch by batch; any error names its line and what was kept.

    `parse` returns None for a line that is not a record (the header); `store` stores a
    batch in the session's transaction, all or nothing, and returns its counts. A batch
    is stored again from scratch when a concurrent writer got in the way (it may have
    added the same expert or outlet meanwhile, and the retry must find it). With
    `topics`, the batch's new quotes get their automatic topics in the same transaction
    (a quote that arrives with automatic topics of its own keeps them).
    """
    summary = ImportSummary()
    batch: Batch = []
    batches = 0

    def store_with_topics(session: Session) -> ImportSummary:
        from quotesdb.db.topics import rederive_topics

        before = session.scalar(select(func.max(QUOTES.c.id))) or 0
        staged = store(session, path, batch)
        if topics is not None and staged.quotes_added:
            new = session.scalars(select(QUOTES.c.id).where(QUOTES.c.id > before)).all()
            rederive_topics(session, topics, new, keep_auto=True)
        return staged

    def flush() -> None:
        nonlocal batches
        staged = with_retries(engine, store_with_topics)
        batches += 1
        refresh_planner_statistics(engine, batches)
        summary.lines += len(batch)
        summary.quotes_added += staged.quotes_added
        summary.quotes_skipped += staged.quotes_skipped
        summary.articles_added += staged.articles_added
        summary.experts_added += staged.experts_added
        batch.clear()
        if on_progress is not None:
            on_progress(source.read_so_far(), source.size)

    max_line = limits.current().line_bytes
    with InputFile(path) as source:
        try:
            for number, raw in source.lines(max_line):
                try:
                    record = parse(raw, number) if raw.strip() or number == 1 else None
                except Refused as exc:
                    summary.refused += 1
                    if on_warning is not None:
                        on_warning(f"{path}: line {number}: left out: {exc}")
                    continue
                if record is not None:
                    batch.append((number, record))
                if len(batch) >= batch_lines:
                    flush()
            if batch:
                flush()
        except (OSError, EOFError, zlib.error) as exc:  # corrupt or truncated compression
            raise InputError(
                f"{path}: cannot read ({exc}); {summary.lines} lines imported"
            ) from None
        except QuotesdbError as exc:
            raise InputError(f"{exc}; {summary.lines} lines imported before it") from None
    if on_progress is not None:
        on_progress(source.size, source.size)
    return summary


def import_quotebank(
    engine: Engine,
    path: Path,
    on_progress: Progress | None = None,
    on_warning: Warn | None = None,
    topics: TopicMatcher | None = None,
) -> ImportSummary:
    """Quotebank JSON lines, in bulk batch by batch; running it again adds nothing.
    A line that cannot be stored is left out and counted, `on_warning` told why."""
    from quotesdb.db.quotebank import store_quotebank_batch
    from quotesdb.db.record_checks import quotebank_refusal

    sizes = limits.current()

    def parse(raw: str, number: int) -> dict[str, Any]:
        record = _json(raw, path, number)
        if not isinstance(record, dict) or "quotation" not in record:
            raise InputError(f"{path}: line {number}: not a Quotebank line")
        why = quotebank_refusal(record)
        if why is not None:
            raise Refused(why)
        limits.check_record(record, f"{path}: line {number}", sizes, _QUOTEBANK_LONG.get)
        return record

    return _import_lines(
        engine,
        path,
        parse,
        store_quotebank_batch,
        on_progress,
        QUOTEBANK_BATCH_LINES,
        on_warning,
        topics,
    )


def import_jsonl(
    engine: Engine,
    path: Path,
    on_progress: Progress | None = None,
    on_warning: Warn | None = None,
    topics: TopicMatcher | None = None,
) -> ImportSummary:
    """All-or-nothing per batch of lines; an error names its line and what was kept.
    A record that cannot be stored is left out and counted, `on_warning` told why (and
    so are the quotes of an article left out)."""
    from quotesdb.db.record_checks import refusal

    sizes = limits.current()
    left_out: set[str] = set()  # articles refused: their quotes go with them

    def parse(raw: str, number: int) -> dict[str, Any] | None:
        if number == 1:
            _check_header(raw, path)
            return None
        record = _json(raw, path, number)
        if not isinstance(record, dict) or record.get("type") not in RECORD_TYPES:
            raise InputError(f"{path}: line {number}: not a quotesdb record")
        why = refusal(record)
        if why is None and record["type"] == "quote" and record.get("article") in left_out:
            why = "its article was left out"
        if why is not None:
            if record["type"] == "article" and isinstance(record.get("key"), str):
                left_out.add(record["key"])
            raise Refused(why)
        long_keys = _LONG_FIELDS.get(record["type"], {})
        limits.check_record(record, f"{path}: line {number}", sizes, long_keys.get)
        return record

    from quotesdb.db.jsonl_import import store_jsonl_batch

    return _import_lines(
        engine, path, parse, store_jsonl_batch, on_progress, BATCH_LINES, on_warning, topics
    )


def _check_header(raw: str, path: Path) -> None:
    try:
        header = json.loads(raw)
    except (json.JSONDecodeError, RecursionError):
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise InputError(f"{path}: line 1: not a quotesdb export (expected a {FORMAT} header)")


def _json(raw: str, path: Path, number: int) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: line {number}: not JSON ({exc.msg})") from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise Refused(str(exc).split(";")[0]) from None
    except RecursionError:
        raise InputError(f"{path}: line {number}: JSON nested too deeply") from None


_QUOTEBANK_LONG = {"quotation": "quote_chars"}
_LONG_FIELDS = {
    "article": {"text": "text_chars"},
    "quote": {"text": "quote_chars", "paragraph": "text_chars"},
    "tombstone": {"key": "quote_chars"},
}


RECORD_TYPES = frozenset(("article", "expert", "tombstone", "quote"))
