"""Telling the user about long index work a command must do before it can answer.

A read after an interrupted first import may have to build the index from tens of thousands
of quotes, or catch up as many changes: minutes in which a silent command looks hung. The
library never prints, so it reports such work to a watcher the caller installs (the CLI's
prints one line to stderr and a progress bar on a terminal). Work under `LONG_WORK` items
takes well under a second and is not announced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol

LONG_WORK = 5000  # quotes to index or changes to apply


class Watcher(Protocol):
    def start(self, what: str, total: int) -> None: ...
    def advance(self, done: int) -> None: ...
    def stop(self) -> None: ...


_watcher: ContextVar[Watcher | None] = ContextVar("quotesdb_index_watcher", default=None)


@contextmanager
def watched_by(watcher: Watcher) -> Iterator[None]:
    """Long index work inside this block is reported to `watcher`."""
    token = _watcher.set(watcher)
    try:
        yield
    finally:
        _watcher.reset(token)


def _ignore(_done: int) -> None:
    return None


@contextmanager
def long_work(what: str, total: int) -> Iterator[Callable[[int], None]]:
    """Around work on `total` items: announces it if it is long and someone watches;
    yields `advance(done)` to report how many items are done so far."""
    watcher = _watcher.get()
    if watcher is None or total < LONG_WORK:
        yield _ignore
        return
    watcher.start(what, total)
    try:
        yield watcher.advance
    finally:
        watcher.stop()
