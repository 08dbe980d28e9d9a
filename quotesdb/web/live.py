"""The server's own search index, kept caught up with the change log before each search.

One thread owns the index, its open searcher and the database connection the index
reads changes through (a SQLite connection must stay in the thread that opened it, and
Whoosh searchers are not meant to be shared across threads). Requests hand it work and
wait; each piece of work first compares the change log's last sequence number and the
index generation with what it saw last, one cheap query, and catches up only on change.
Several servers over one PostgreSQL database each keep their own index this way.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from quotesdb.config import Settings

T = TypeVar("T")


class LiveIndex:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._pool: ThreadPoolExecutor | None = None
        self._source: Any = None
        self._ix: Any = None
        self._searcher: Any = None
        self._seen: tuple[int, str] | None = None
        self.catch_ups = 0  # how many times the index had to catch up (tests read it)

    async def run(self, work: Callable[[Any, Any], T]) -> T:
        """`work(ix, searcher)` on the index thread, over an up-to-date index."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._thread(), self._fresh, work)

    def _thread(self) -> ThreadPoolExecutor:
        # Made on first use, and again after `close`: an app may be started more than once.
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="quotesdb-index")
        return self._pool

    def _fresh(self, work: Callable[[Any, Any], T]) -> T:
        self._ensure_current()
        return work(self._ix, self._searcher)

    def _state(self) -> tuple[int, str]:
        marker = self.settings.index_dir / "CURRENT"
        try:
            generation = marker.read_text(encoding="utf-8").strip()
        except OSError:
            generation = ""
        return int(self._source.max_seq()), generation

    def _ensure_current(self) -> None:
        from quotesdb.index.source import Source
        from quotesdb.index.sync import applied_mark, catch_up

        if self._source is None:
            import quotesdb.index.dense  # noqa: F401  (a long-running process loads numpy once)

            self._source = Source(self.settings)
        state = self._state()
        if state == self._seen and self._searcher is not None:
            return
        ix, report = catch_up(self.settings, self._source, keep_searcher=True)
        if self._searcher is not None:
            self._searcher.close()
        self._ix, self._searcher = ix, report.searcher
        self.catch_ups += 1
        after = self._state()
        # A mark held back by an open PostgreSQL transaction's gap: look again next time.
        self._seen = after if applied_mark(self.settings) >= after[0] else None

    def close(self) -> None:
        """Close the searcher and the connection on their own thread, then end the thread."""
        if self._pool is None:
            return

        def shut() -> None:
            if self._searcher is not None:
                self._searcher.close()
            if self._source is not None:
                self._source.close()
            self._searcher = self._source = None
            self._seen = None

        pool, self._pool = self._pool, None
        pool.submit(shut).result()
        pool.shutdown(wait=True)
