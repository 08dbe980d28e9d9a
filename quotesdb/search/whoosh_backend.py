"""The `whoosh` backend: quotesdb's Whoosh index (`quotesdb/index/`) behind the protocol."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from quotesdb.config import Settings
from quotesdb.search.backend import Checked, SearchSession
from quotesdb.search.types import Hit, Results, SearchRequest

T = TypeVar("T")


class WhooshSession:
    """An open Whoosh searcher: what it worked out (filters, word scores) stays on it."""

    def __init__(self, ix: Any, searcher: Any) -> None:
        self.ix, self.searcher = ix, searcher

    def search(self, request: SearchRequest) -> Results:
        from quotesdb.index.search import search

        found = search(
            self.ix,
            request.words,
            request.filters,
            limit=request.offset + request.limit,
            sort=request.sort,
            facets=request.facets,
            searcher=self.searcher,
        )
        if request.offset:
            found.hits = found.hits[request.offset :]
        return found

    def get(self, ids: Sequence[int]) -> list[Hit]:
        from quotesdb.index.hits import hits_by_id

        return hits_by_id(self.ix, list(ids), self.searcher)

    def count(self) -> int:
        counted: int = self.searcher.doc_count()
        return counted

    def close(self) -> None:
        self.searcher.close()


class WhooshBackend:
    name = "whoosh"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def read(self, work: Callable[[SearchSession], T]) -> tuple[T, list[str]]:
        from quotesdb.index.sync import read_index

        found, report = read_index(
            self.settings, lambda ix, searcher: work(WhooshSession(ix, searcher))
        )
        return found, report.notes

    def open(self, source: Any) -> tuple[SearchSession, list[str]]:
        from quotesdb.index.sync import catch_up

        ix, report = catch_up(self.settings, source, keep_searcher=True)
        return WhooshSession(ix, report.searcher), report.notes

    def catch_up(self) -> tuple[int, list[str]]:
        from quotesdb.index.sync import catch_up

        _ix, report = catch_up(self.settings)
        return report.applied, report.notes

    def rebuild(self) -> int:
        from quotesdb.index.sync import SyncReport, rebuild
        from quotesdb.search.source import Source

        source = Source(self.settings)
        try:
            ix, _path = rebuild(self.settings, source, SyncReport())
            with ix.searcher() as searcher:
                counted: int = searcher.doc_count()
                return counted
        finally:
            source.close()

    def mark(self) -> int:
        from quotesdb.index.sync import applied_mark

        return applied_mark(self.settings)

    def warm(self) -> None:
        import quotesdb.index.dense  # noqa: F401  (numpy ranks every large query)

    def state(self, source: Any) -> Hashable:
        marker = self.settings.index_dir / "CURRENT"
        try:
            generation = marker.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            generation = ""
        return int(source.max_seq()), generation

    def check(self) -> Checked:
        from quotesdb.index.sync import check_and_repair

        found, report, left = check_and_repair(self.settings)
        return Checked(found, left, report.applied, report.rebuilt, report.notes)
