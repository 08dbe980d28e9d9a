"""The `tantivy` backend: a Rust engine (pip `tantivy`) for archives that outgrow Whoosh.

The index lives in generation folders (`index-tantivy/gen-N`) named by
`index-tantivy/CURRENT`, each with an `applied.json` beside tantivy's files recording
the last change applied, the archive it reflects and its files' sizes and checksums, as
the Whoosh backend keeps them: a rebuild is built beside and swapped in one rename, a
catch-up re-derives the quotes of every change after the mark (the shared consumer,
`quotesdb.search.changelog`), and damage sends it to rebuild from the database.

Words are analysed here, in Python, exactly as the Whoosh backend analyses them
(`quotesdb.search.text`: Porter stems, folded, the short stop list), and indexed as
space-separated terms with tantivy's `whitespace` tokenizer: both engines hold the same
terms at the same positions, so a word, a stem or a phrase finds the same quotes in
either. Queries are built from the engine-neutral tree (`quotesdb.search.query`); no
tantivy object leaves this module.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import tantivy

from quotesdb.config import Settings
from quotesdb.errors import (
    IndexRepairError,
    NotFoundError,
    QueryLimitError,
    QuerySyntaxError,
    QuotesdbError,
)
from quotesdb.names import TITLES
from quotesdb.search import changelog
from quotesdb.search import query as q
from quotesdb.search.backend import Checked, Drift, SearchSession
from quotesdb.search.fuzzy import Pattern
from quotesdb.search.guard import (
    applied_mark as _mark,
)
from quotesdb.search.guard import (
    current_generation as _current_path,
)
from quotesdb.search.guard import (
    generation_problem,
    open_or_rebuild,
    rebuild_lock,
    write_applied,
)
from quotesdb.search.narrowing import narrowing
from quotesdb.search.progress import long_work
from quotesdb.search.source import Source
from quotesdb.search.stored import stored_hit
from quotesdb.search.text import folded_text, folded_words, index_terms, mark
from quotesdb.search.types import Filters, Hit, Results, SearchRequest

T = TypeVar("T")

SCHEMA_VERSION = 1  # bumped whenever the fields change: another version is rebuilt
DIR_NAME = "index-tantivy"
BATCH = 500
BULK_CATCH_UP = 5000
CATCH_UP_CHANGES = 50_000
WRITER_WAIT = 60.0  # a writer waits so long for another writer's lock
READER_WAIT = 1.0  # a search so long, then answers from the index as it is
HEAP = 128_000_000  # bytes tantivy's writer buffers before it writes a segment
PREFIX_MARKED = 1000  # terms a `word*` marks in hits at most
# Values listed per facet at most, the most frequent first: tantivy refuses an
# aggregation of more than 65,000 buckets in all.
FACET_BUCKETS = {"expert": 30_000, "outlet": 20_000, "year": 2_000, "topic": 10_000}
# Files tantivy rewrites at every commit: their damage shows when the index is opened.
_REWRITTEN = ("meta.json", ".managed.json")
_STORED = (
    "id",
    "text",
    "name",
    "expert_id",
    "description",
    "title",
    "outlet",
    "url",
    "published",
    "author",
    "topic",
    "kind",
    "article_id",
    "section",
    "precision",
    "fetched",
    "stamp",
)
_FACETS = (("expert", "f_expert"), ("outlet", "f_outlet"), ("year", "f_year"), ("topic", "f_topic"))


def index_dir(settings: Settings) -> Path:
    return settings.home / DIR_NAME


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", indexed=True, fast=True)
    for name in sorted(q.STEMMED_FIELDS | q.FOLDED_FIELDS):
        builder.add_text_field(name, tokenizer_name="whitespace", index_option="position")
    builder.add_text_field("topic", tokenizer_name="raw", index_option="freq")
    builder.add_text_field("kind", tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("day", indexed=True, fast=True)
    # Newest first, ties in id order: the day and the id in one sortable number.
    builder.add_integer_field("newest", fast=True)
    builder.add_integer_field("confidence", indexed=True, fast=True)
    for _name, facet in _FACETS:
        builder.add_text_field(facet, tokenizer_name="raw", index_option="basic", fast=True)
    builder.add_bytes_field("stored", stored=True, indexed=False)
    return builder.build()


def _newest_key(day: int, quote_id: int) -> int:
    return day * (1 << 33) + ((1 << 32) - 1 - quote_id)


def _topics(value: str) -> list[str]:
    return [t for t in value.split(",") if t]


def document(doc: dict[str, Any]) -> tantivy.Document:
    """A quote as `Source.documents` gives it, as tantivy indexes it."""
    quote_id = int(doc["id"])
    topics = _topics(doc["topic"])
    published = doc["published"]
    stored = {name: doc[name] for name in _STORED}
    return tantivy.Document(
        id=quote_id,
        text=" ".join(index_terms(doc["text"])),
        paragraph=" ".join(index_terms(doc["paragraph"])),
        description=" ".join(index_terms(doc["description"])),
        title=" ".join(index_terms(doc["title"])),
        notes=" ".join(index_terms(doc["notes"])),
        speaker=folded_text(doc["speaker"]),
        outlet=folded_text(doc["outlet"]),
        author=folded_text(doc["author"]),
        topic=[t.strip().lower() for t in topics if t.strip()],
        kind=doc["kind"],
        day=int(doc["day"]),
        newest=_newest_key(int(doc["day"]), quote_id),
        confidence=int(doc["confidence"]),
        f_expert=doc["name"],
        f_outlet=doc["outlet"] or "(none)",
        f_year=published[:4] if published else "n.d.",
        f_topic=topics,
        stored=json.dumps(stored, ensure_ascii=False).encode(),
    )


# -- queries -----------------------------------------------------------------------------


class _Build:
    """Tantivy queries from the engine-neutral tree, over one searcher."""

    def __init__(
        self,
        schema: tantivy.Schema,
        searcher: tantivy.Searcher,
        prefixes: dict[str, list[str]] | None = None,
    ) -> None:
        self.schema, self.searcher = schema, searcher
        self.prefixes = {} if prefixes is None else prefixes
        self.budget = q.MAX_EXPANSION  # words the query's patterns may still stand for

    def starting_with(self, prefix: str) -> list[str]:
        """The names' words with this prefix, kept on the session: a server asks again."""
        found = self.prefixes.get(prefix)
        if found is None:
            terms = self.searcher.terms_with_prefix("speaker", prefix)
            found = self.prefixes[prefix] = [term for term, _n in terms]
        return found

    def terms(self, name: str, text: str) -> list[str]:
        if name in q.STEMMED_FIELDS:
            return list(index_terms(text))
        if name in q.FOLDED_FIELDS:
            return folded_words(text)
        if name == "topic":
            return [text.strip().lower()] if text.strip() else []
        return [text] if text else []  # kind: the value as it is

    def all_of(self, parts: Sequence[tantivy.Query]) -> tantivy.Query:
        if len(parts) == 1:
            return parts[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, p) for p in parts])

    def any_of(self, parts: Sequence[tantivy.Query]) -> tantivy.Query:
        if len(parts) == 1:
            return parts[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, p) for p in parts])

    def term(self, name: str, value: Any) -> tantivy.Query:
        return tantivy.Query.term_query(self.schema, name, value)

    def fields(
        self, name: str | None, one: Callable[[str], tantivy.Query | None]
    ) -> tantivy.Query | None:
        if name is not None:
            return one(name)
        found = []
        for default, boost in q.DEFAULT_FIELDS:
            part = one(default)
            if part is not None:
                found.append(tantivy.Query.boost_query(part, boost) if boost != 1.0 else part)
        return self.any_of(found) if found else None

    def node(self, node: q.Node) -> tantivy.Query | None:
        if isinstance(node, q.Word):
            text = node.text

            def word(name: str) -> tantivy.Query | None:
                terms = self.terms(name, text)
                return self.all_of([self.term(name, t) for t in terms]) if terms else None

            return self.fields(node.field, word)
        if isinstance(node, q.Phrase):
            text = node.text

            def phrase(name: str) -> tantivy.Query | None:
                terms = self.terms(name, text)
                if len(terms) > 1 and name in (q.STEMMED_FIELDS | q.FOLDED_FIELDS):
                    return tantivy.Query.phrase_query(
                        self.schema, name, list[str | tuple[int, str]](terms)
                    )
                return self.all_of([self.term(name, t) for t in terms]) if terms else None

            return self.fields(node.field, phrase)
        if isinstance(node, q.Prefix):
            return self.fields(node.field, lambda name: self.prefix(name, node.text))
        if isinstance(node, q.Not):
            inner = self.node(node.part)
            if inner is None:
                return None
            return tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, tantivy.Query.all_query()), (tantivy.Occur.MustNot, inner)]
            )
        if isinstance(node, q.All):
            clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
            for part in node.parts:
                if isinstance(part, q.Not):
                    inner = self.node(part.part)
                    if inner is not None:
                        clauses.append((tantivy.Occur.MustNot, inner))
                elif (built := self.node(part)) is not None:
                    clauses.append((tantivy.Occur.Must, built))
            if not any(occur == tantivy.Occur.Must for occur, _ in clauses):
                if not clauses:
                    return None
                clauses.append((tantivy.Occur.Must, tantivy.Query.all_query()))
            return tantivy.Query.boolean_query(clauses)
        found = [b for part in node.parts if (b := self.node(part)) is not None]
        return self.any_of(found) if found else None

    def prefix(self, name: str, text: str) -> tantivy.Query | None:
        """`text*` as the words it stands for, ranked like any others: at most
        `MAX_EXPANSION` in all for one query, as on every backend."""
        if len(text) > q.MAX_PATTERN:
            raise QueryLimitError(
                f"the pattern {text[:20]!r}… is longer than {q.MAX_PATTERN} characters"
            )
        if name == "kind":
            return None
        words = self.searcher.terms_with_prefix(name, text, limit=self.budget + 1)
        self.budget -= len(words)
        if self.budget < 0:
            raise QueryLimitError(
                f"{text + '*'!r} stands for more than {q.MAX_EXPANSION} words: "
                "make it longer or narrower"
            )
        return self.any_of([self.term(name, word) for word, _n in words]) if words else None

    def expert(self, name: str) -> tantivy.Query:
        """Surname, full name or alias; one or two letters of transliteration forgiven.
        The exact spelling wins when anyone has it: "Smith" must not also bring in "Smyth"."""
        words = [w for w in folded_words(name) if w not in TITLES] or folded_words(name)
        if not words:
            raise QuerySyntaxError("--expert needs a name")
        exact = self.all_of([self.term("speaker", w) for w in words])
        if self.searcher.search(exact, 1, count=False).hits:
            return exact
        parts = []
        for word in words:
            distance = 0 if len(word) <= 3 else 1 if len(word) <= 5 else 2
            if not distance:
                parts.append(self.term("speaker", word))
                continue
            pattern = Pattern(word[1:])
            near = [
                term
                for term in self.starting_with(word[0])
                if abs(len(term) - len(word)) <= distance and pattern.distance(term[1:]) <= distance
            ]
            parts.append(
                tantivy.Query.term_set_query(self.schema, "speaker", near)
                if near
                else tantivy.Query.empty_query()
            )
        return self.all_of(parts)

    def names(self, name: str, value: str) -> tantivy.Query:
        words = folded_words(value)
        if not words:
            raise QuerySyntaxError(f"--{name} needs a name")
        if len(words) == 1:
            return self.term(name, words[0])
        return tantivy.Query.phrase_query(self.schema, name, list[str | tuple[int, str]](words))

    def topic(self, topic: str) -> tantivy.Query:
        """An assigned topic, or the topic's words in the quote or its paragraph."""
        tagged = self.term("topic", topic.strip().lower())
        words = index_terms(topic)
        if not words:
            return tagged
        in_words = [self.all_of([self.term(f, s) for s in words]) for f in ("text", "paragraph")]
        return self.any_of([tagged, *in_words])

    def filters(self, filters: Filters) -> tantivy.Query | None:
        parts = narrowing(filters, self)
        return self.all_of(parts) if parts else None

    def int_range(self, name: str, low: int, high: int | None) -> tantivy.Query:
        return tantivy.Query.range_query(self.schema, name, tantivy.FieldType.Integer, low, high)


# -- sessions ----------------------------------------------------------------------------


class TantivySession:
    """A tantivy searcher held open: one view of the index while it is asked again."""

    def __init__(self, index: tantivy.Index) -> None:
        self.index = index
        self.schema = index.schema
        self.searcher = index.searcher()
        self._parsed: dict[str, q.Node | None] = {}
        self._prefixes: dict[str, list[str]] = {}  # a name's first letter -> its words

    def _parse(self, words: str) -> q.Node | None:
        found = self._parsed.get(words, q.Any_(()))
        if found == q.Any_(()):
            if len(self._parsed) > 256:
                self._parsed.clear()
            found = self._parsed[words] = q.parse(words)
        return found

    def search(self, request: SearchRequest) -> Results:
        build = _Build(self.schema, self.searcher, self._prefixes)
        main: tantivy.Query | None = None
        looked_for: set[str] = set()
        if request.words and request.words.strip():
            node = self._parse(request.words)
            main = build.node(node) if node is not None else None
            if main is None:  # only stop words ("the", "of"): nothing to look for
                return Results([], 0)
            looked_for = self._looked_for(q.text_words(node))
        narrow = build.filters(request.filters)
        if main is None and request.filters.topic:  # a topic's words are marked too
            looked_for = set(index_terms(request.filters.topic))
        clauses = []
        if main is not None:
            clauses.append((tantivy.Occur.Must, main))
        if narrow is not None:  # narrows without counting in the score
            clauses.append((tantivy.Occur.Must, tantivy.Query.const_score_query(narrow, 0.0)))
        final = tantivy.Query.boolean_query(clauses) if clauses else tantivy.Query.all_query()
        by_date = main is None or request.sort == "date"
        # The query is built here, never parsed by tantivy: an error searching is damage,
        # which `read` answers by rebuilding.
        found = self.searcher.search(
            final,
            max(request.limit, 1),
            count=True,
            offset=request.offset,
            order_by_field="newest" if by_date else None,
        )
        hits = []
        for key, address in found.hits[: request.limit]:
            fields = self._stored(address)
            score = 0.0 if by_date else float(key)
            hits.append(stored_hit(fields, score, mark(fields["text"], looked_for)))
        facets = self._facets(final) if request.facets else {}
        total: int = getattr(found, "count", None) or 0
        return Results(hits, int(total), facets, True)

    def _looked_for(self, words: set[str]) -> set[str]:
        """The index terms hits mark: each word's, and the terms a prefix matched."""
        found: set[str] = set()
        for word in words:
            if word.endswith("*"):
                matched = self.searcher.terms_with_prefix("text", word[:-1], limit=PREFIX_MARKED)
                found.update(term for term, _n in matched)
            else:
                found.update(index_terms(word))
        return found

    def _stored(self, address: tantivy.DocAddress) -> dict[str, Any]:
        raw: bytes = self.searcher.doc(address).get_first("stored") or b"{}"
        fields: dict[str, Any] = json.loads(raw)
        return fields

    def _facets(self, final: tantivy.Query) -> dict[str, dict[str, int]]:
        asked = {
            name: {"terms": {"field": facet, "size": FACET_BUCKETS[name]}}
            for name, facet in _FACETS
        }
        found = self.searcher.aggregate(final, asked)
        out: dict[str, dict[str, int]] = {}
        for name, _facet in _FACETS:
            buckets = found.get(name, {}).get("buckets", [])
            ordered = sorted(buckets, key=lambda b: (-int(b["doc_count"]), str(b["key"])))
            out[name] = {str(b["key"]): int(b["doc_count"]) for b in ordered}
        return out

    def get(self, ids: Sequence[int]) -> list[Hit]:
        wanted = list(dict.fromkeys(int(i) for i in ids))
        found: dict[int, Hit] = {}
        if wanted:
            asked = tantivy.Query.term_set_query(self.schema, "id", wanted)
            for _score, address in self.searcher.search(asked, len(wanted), count=False).hits:
                fields = self._stored(address)
                found[int(fields["id"])] = stored_hit(fields)
        missing = [str(i) for i in ids if int(i) not in found]
        if missing:
            raise NotFoundError(f"no quote with id {', '.join(missing)}")
        return [found[int(i)] for i in ids]

    def count(self) -> int:
        return int(self.searcher.num_docs)

    def stamps(self) -> dict[int, str]:
        """Every indexed quote's content stamp (for `check`)."""
        total = self.count()
        if not total:
            return {}
        out = {}
        for _score, address in self.searcher.search(tantivy.Query.all_query(), total).hits:
            fields = self._stored(address)
            out[int(fields["id"])] = str(fields.get("stamp"))
        return out

    def close(self) -> None:
        return None


# -- keeping the index -------------------------------------------------------------------


@dataclass(slots=True)
class _Report:
    applied: int = 0
    rebuilt: bool = False
    notes: list[str] = field(default_factory=list)


def _set_mark(path: Path, seq: int, source: Source) -> None:
    write_applied(path, seq, source, schema=SCHEMA_VERSION, engine="tantivy", rewritten=_REWRITTEN)


def _problem(path: Path, source: Source, *, deep: bool) -> str | None:
    return generation_problem(path, source, schema=SCHEMA_VERSION, deep=deep)


def _try_open(path: Path, source: Source, *, deep: bool) -> tantivy.Index | str:
    problem = _problem(path, source, deep=deep)
    if problem is not None:
        return problem
    try:
        index = tantivy.Index.open(str(path))
        index.searcher().num_docs  # noqa: B018  (opening every segment shows damage)
    except Exception as exc:  # any damage means: rebuild from the source of truth
        return f"search index damaged ({type(exc).__name__})"
    return index


def _open_index(
    folder: Path, source: Source, report: _Report, *, deep: bool = False
) -> tuple[tantivy.Index, Path]:
    """The current index, rebuilt from the database when missing or damaged (one process
    rebuilds, the others wait and use its work: `guard.open_or_rebuild`)."""
    return open_or_rebuild(
        folder,
        lambda path: _try_open(path, source, deep=deep),
        lambda: _rebuild_locked(folder, source, report),
        report.notes,
    )


def _writer(index: tantivy.Index, wait: float, threads: int = 1) -> tantivy.IndexWriter:
    """The index's one writer; LockError-like IndexBusy when another holds it past `wait`."""
    deadline = time.monotonic() + wait
    while True:
        try:
            return index.writer(HEAP, threads)
        except ValueError as exc:
            if "LockBusy" not in str(exc) or time.monotonic() >= deadline:
                raise _Busy(str(exc)) from None
            time.sleep(0.05)


class _Busy(Exception):
    """Another process holds the index's writer."""


def build_into(path: Path, docs: Iterable[dict[str, Any]], threads: int = 0) -> int:
    """A new index at `path` holding `docs` (the rebuild's work, and the benchmark's)."""
    index = tantivy.Index(build_schema(), path=str(path))
    count = 0
    with _writer(index, WRITER_WAIT, threads or min(2, os.cpu_count() or 1)) as writer:
        for doc in docs:
            writer.add_document(document(doc))
            count += 1
        writer.commit()
        writer.wait_merging_threads()
    return count


def _rebuild_locked(folder: Path, source: Source, report: _Report) -> tuple[tantivy.Index, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    number = 1 + max(
        (int(p.name[4:]) for p in folder.glob("gen-*") if p.name[4:].isdigit()), default=0
    )
    path = folder / f"gen-{number}"
    path.mkdir()
    seq = source.max_seq()  # read first: changes made meanwhile are applied afterwards
    total = source.count()
    try:
        with long_work(f"building the search index from {total} quotes", total) as advance:

            def docs() -> Iterable[dict[str, Any]]:
                done = 0
                for ids in source.all_ids(BATCH):
                    yield from source.documents(ids)
                    done += len(ids)
                    advance(done)

            build_into(path, docs())
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise
    _set_mark(path, seq, source)
    previous = _current_path(folder)
    tmp = folder / "CURRENT.tmp"
    tmp.write_text(path.name, encoding="utf-8")
    os.replace(tmp, folder / "CURRENT")
    for old in folder.glob("gen-*"):
        if old not in (path, previous):  # the one before stays for readers opening it now
            shutil.rmtree(old, ignore_errors=True)
    report.rebuilt = True
    return tantivy.Index.open(str(path)), path


def rebuild_from(settings: Settings, source: Source) -> Path:
    """Build a new generation from `source` and swap it in: its folder (for benchmarks,
    which hand in their own source)."""
    folder = index_dir(settings)
    with rebuild_lock(folder):
        _index, path = _rebuild_locked(folder, source, _Report())
    return path


def _write(index: tantivy.Index, source: Source, ids: list[int], writer: Any) -> None:
    """These quotes as the database has them now: each replaced, or dropped if gone."""
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        for quote_id in chunk:
            writer.delete_documents_by_term("id", quote_id)
        for doc in source.documents(chunk):
            writer.add_document(document(doc))


class TantivyBackend:
    name = "tantivy"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.folder = index_dir(settings)

    # The index caught up as far as `wait` allows: (index, report).
    def _catch_up(
        self, source: Source, wait: float, *, deep: bool = False
    ) -> tuple[tantivy.Index, _Report]:
        report = _Report()
        index, path = _open_index(self.folder, source, report, deep=deep)
        mark = _mark(path)
        pending = source.max_seq() - mark
        indexed = int(index.searcher().num_docs)
        if not report.rebuilt and changelog.rebuild_pays(pending, indexed, at_least=BULK_CATCH_UP):
            with rebuild_lock(self.folder, wait=False) as mine:
                if not mine:
                    report.notes.append(
                        changelog.behind(pending, "another process is rebuilding it")
                    )
                    return index, report
                if _current_path(self.folder) != path:
                    index, path = _open_index(self.folder, source, report)
                else:
                    index, path = _rebuild_locked(self.folder, source, report)
                    report.applied += pending
            mark = _mark(path)
        if source.max_seq() > mark:
            try:
                report.applied += self._apply(index, path, source, mark, wait)
            except _Busy:
                if wait >= WRITER_WAIT:
                    raise IndexRepairError(
                        f"the search index is busy (another writer held it {wait:.0f} s)"
                    ) from None
                left = source.max_seq() - _mark(path)
                report.notes.append(changelog.behind(left, "another process writes it"))
            except OSError:
                if wait >= WRITER_WAIT:
                    raise
                left = source.max_seq() - _mark(path)
                report.notes.append(changelog.behind(left, "cannot write it"))
        index.reload()
        return index, report

    def _apply(
        self, index: tantivy.Index, path: Path, source: Source, mark: int, wait: float
    ) -> int:
        def fetch(after: int) -> list[changelog.Change]:
            return [
                (s, qid, at) for s, qid, _op, at in source.changes_after(after, CATCH_UP_CHANGES)
            ]

        pending = source.max_seq() - mark
        with (
            long_work(f"catching the search index up on {pending} changes", pending) as advance,
            _writer(index, wait) as writer,
        ):

            def apply(step: changelog.Step) -> None:
                _write(index, source, step.quotes, writer)
                writer.commit()
                _set_mark(path, step.mark, source)  # after the index commit
                advance(step.mark - mark)

            _reached, applied = changelog.consume(mark, fetch, apply, source.seconds_since)
        return applied

    def read(self, work: Callable[[SearchSession], T]) -> tuple[T, list[str]]:
        source = Source(self.settings)
        try:
            index, report = self._catch_up(source, READER_WAIT)
            try:
                return work(TantivySession(index)), report.notes
            except QuotesdbError:
                raise
            except Exception as exc:  # damage inside a file: the database still has it all
                with rebuild_lock(self.folder):
                    index, _path = _rebuild_locked(self.folder, source, report)
                report.notes.append(f"search index damaged ({type(exc).__name__}); rebuilt it")
                return work(TantivySession(index)), report.notes
        finally:
            source.close()

    def open(self, source: Any) -> tuple[SearchSession, list[str]]:
        index, report = self._catch_up(source, WRITER_WAIT)
        return TantivySession(index), report.notes

    def catch_up(self) -> tuple[int, list[str]]:
        source = Source(self.settings)
        try:
            _index, report = self._catch_up(source, WRITER_WAIT)
            return report.applied, report.notes
        finally:
            source.close()

    def rebuild(self) -> int:
        source = Source(self.settings)
        try:
            with rebuild_lock(self.folder):
                index, _path = _rebuild_locked(self.folder, source, _Report())
            return int(index.searcher().num_docs)
        finally:
            source.close()

    def mark(self) -> int:
        path = _current_path(self.folder)
        return _mark(path) if path is not None else 0

    def warm(self) -> None:
        return None

    def state(self, source: Any) -> Hashable:
        try:
            generation = (self.folder / "CURRENT").read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            generation = ""
        return int(source.max_seq()), generation

    def check(self) -> Checked:
        source = Source(self.settings)
        try:
            index, report = self._catch_up(source, WRITER_WAIT, deep=True)
            found = self._drift(index, source)
            if found.total:
                path = _current_path(self.folder)
                with _writer(index, WRITER_WAIT) as writer:
                    _write(index, source, found.missing + found.extra + found.stale, writer)
                    writer.commit()
                if path is not None:
                    _set_mark(path, _mark(path), source)
                index.reload()
            left = self._drift(index, source)
            return Checked(found, left, report.applied, report.rebuilt, report.notes)
        finally:
            source.close()

    def _drift(self, index: tantivy.Index, source: Source) -> Drift:
        return Drift.between(source.stamps(), TantivySession(index).stamps())
