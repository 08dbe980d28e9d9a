"""The calls the CLI and the web app make to search, whichever backend the archive uses."""

from __future__ import annotations

from collections.abc import Sequence

from quotesdb.config import Settings
from quotesdb.search.backend import Backend, Checked, SearchSession
from quotesdb.search.types import Hit, Results, SearchRequest

BACKENDS = ("whoosh",)


def backend(settings: Settings) -> Backend:
    """The archive's search backend (Whoosh, the default and for now the only one)."""
    from quotesdb.search.whoosh_backend import WhooshBackend

    return WhooshBackend(settings)


def search(settings: Settings, request: SearchRequest) -> tuple[Results, list[str]]:
    """One search as a reader: the index as far as it is caught up, with notes if not."""
    return backend(settings).read(lambda session: search_in(session, request))


def search_in(session: SearchSession, request: SearchRequest) -> Results:
    """One search on a held session, as every surface runs it: copies of one quote
    grouped as one hit unless `request.group` is False (`quotesdb.search.grouping`)."""
    from quotesdb.search import grouping

    return grouping.search(session, request)


def get(settings: Settings, ids: Sequence[int]) -> tuple[list[Hit], list[str]]:
    """Quotes by id, in the order asked, from the index (all a citation needs)."""
    return backend(settings).read(lambda session: session.get(ids))


def catch_up(settings: Settings) -> list[str]:
    """After a write: apply it to the index (a failure is for the caller to warn about)."""
    _applied, notes = backend(settings).catch_up()
    return notes


def rebuild(settings: Settings) -> int:
    return backend(settings).rebuild()


def check(settings: Settings) -> Checked:
    return backend(settings).check()
