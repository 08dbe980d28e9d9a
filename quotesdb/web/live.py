"""The server's own search index, kept caught up with the change log before each search.

A search runs on the event loop's thread itself: it is CPU work that holds the GIL, and
handing it to a thread made every response wait for the GIL behind the next search (the
loop thread gives it up on each socket send), about a third more time per request under
load. Only catching up, which may take seconds after a bulk import, goes to a thread of
its own, so the loop keeps serving other pages meanwhile. Each thread has its own database
connection (a SQLite connection must stay in the thread that opened it); the searcher is
handed over, never used by two threads at once: an asyncio lock orders every use.
Before each search one cheap query compares the change log's last sequence number and the
index generation with what was seen last. Several servers over one PostgreSQL database
each keep their own index this way.

The same search asked again (a shared link, a reload, the morning's big story) is answered
from the last `cache_size` results while that state holds; any change to the archive
empties the cache, so an answer is never staler than a fresh search would be.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from quotesdb.config import Settings
from quotesdb.errors import IndexRepairError

if TYPE_CHECKING:
    from quotesdb.search.backend import Backend, SearchSession

T = TypeVar("T")
SEARCH_CACHE = 256  # searches a process remembers by default (`serve --search-cache`)


class LiveIndex:
    def __init__(self, settings: Settings, cache_size: int = SEARCH_CACHE) -> None:
        self.settings = settings
        self.cache_size = cache_size
        self._results: OrderedDict[Hashable, Any] = OrderedDict()
        self._pool: ThreadPoolExecutor | None = None
        self._lock: tuple[asyncio.AbstractEventLoop, asyncio.Lock] | None = None
        self._checker: Any = None  # the loop thread's Source: the freshness query
        self._updater: Any = None  # the catch-up thread's Source
        self._backend: Backend | None = None
        self._session: SearchSession | None = None
        self._seen: Hashable | None = None
        self.catch_ups = 0  # how many times the index had to catch up (tests read it)
        self.cache_hits = 0  # how many answers came from the cache (tests read it)

    async def run(self, work: Callable[[SearchSession], T], key: Hashable | None = None) -> T:
        """`work(session)` over an up-to-date index, on the loop's thread.

        With a `key` (what the work depends on besides the index), an earlier result for
        the same key is given back while the index is unchanged. It is shared: read only.
        """
        loop = asyncio.get_running_loop()
        async with self._ordered(loop):
            if not self._current():
                await loop.run_in_executor(self._thread(), self._catch_up)
            assert self._session is not None
            if key is None or not self.cache_size:
                return work(self._session)
            if key in self._results:
                self._results.move_to_end(key)
                self.cache_hits += 1
                found: T = self._results[key]
                return found
            result = self._results[key] = work(self._session)
            if len(self._results) > self.cache_size:
                self._results.popitem(last=False)
            return result

    def _ordered(self, loop: asyncio.AbstractEventLoop) -> asyncio.Lock:
        # One lock per event loop: an app may be started more than once (tests do).
        if self._lock is None or self._lock[0] is not loop:
            self._lock = (loop, asyncio.Lock())
        return self._lock[1]

    def _thread(self) -> ThreadPoolExecutor:
        # Made on first use, and again after `close`.
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="quotesdb-index")
        return self._pool

    def _engine(self) -> Backend:
        if self._backend is None:
            from quotesdb.search.service import backend

            self._backend = backend(self.settings)
        return self._backend

    def _current(self) -> bool:
        from quotesdb.search.source import Source

        if self._session is None or self._seen is None:
            return False
        if self._checker is None:
            self._checker = Source(self.settings)
        return self._engine().state(self._checker) == self._seen

    def _catch_up(self) -> None:
        from quotesdb.search.source import Source

        engine = self._engine()
        if self._updater is None:
            engine.warm()  # a long-running process loads its ranking helpers once
            self._updater = Source(self.settings)
        try:
            session, _notes = engine.open(self._updater)
        except OSError as exc:  # a read-only or full home: a clear 503, never a crash
            where = f": {exc.filename}" if exc.filename else ""
            raise IndexRepairError(
                f"the search index cannot be brought up to date ({exc.strerror or exc}{where})"
            ) from None
        self._results.clear()
        if self._session is not None:
            self._session.close()
        self._session = session
        self.catch_ups += 1
        after = engine.state(self._updater)
        # A mark held back by an open PostgreSQL transaction's gap: look again next time.
        self._seen = after if engine.mark() >= self._updater.max_seq() else None

    def close(self) -> None:
        """Close the searcher and both connections, each on its own thread; end the thread."""
        if self._session is not None:
            self._session.close()
        if self._checker is not None:
            self._checker.close()
        self._session = self._checker = None
        self._seen = None
        self._results.clear()
        if self._pool is None:
            return

        def shut() -> None:
            if self._updater is not None:
                self._updater.close()
            self._updater = None

        pool, self._pool = self._pool, None
        pool.submit(shut).result()
        pool.shutdown(wait=True)
