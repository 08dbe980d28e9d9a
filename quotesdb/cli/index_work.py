"""The CLI's watcher for long index work (see `quotesdb.search.progress`): one line on
stderr saying what the command is doing first, and a progress bar when stderr is a
terminal, so a read that must build or catch up the index never looks hung."""

from __future__ import annotations

import sys
from typing import Any

import typer


class StderrWatcher:
    def __init__(self) -> None:
        self._bar: Any = None
        self._task: Any = None

    def start(self, what: str, total: int) -> None:
        typer.echo(f"quotesdb: {what} before answering (once)", err=True)
        if not sys.stderr.isatty():
            return
        from rich.progress import Progress

        from quotesdb.cli.app import console

        self._bar = Progress(console=console(stderr=True), transient=True)
        self._bar.start()
        self._task = self._bar.add_task("search index", total=total)

    def advance(self, done: int) -> None:
        if self._bar is not None:
            self._bar.update(self._task, completed=done)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
