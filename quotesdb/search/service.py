"""The calls the CLI and the web app make to search, whichever backend the archive uses."""

from __future__ import annotations

from collections.abc import Sequence

from quotesdb.config import Settings
from quotesdb.errors import InputError
from quotesdb.search.backend import Backend, Checked, SearchSession
from quotesdb.search.types import Hit, Results, SearchRequest

BACKENDS = ("whoosh", "tantivy")
DEFAULT = "whoosh"
CHOICE_KEY = "search_backend"  # the archive's choice, in `archive_meta`


def require(name: str) -> str:
    """`name` if it is a backend this installation can run; one line saying why not."""
    if name not in BACKENDS:
        raise InputError(f"unknown search backend {name!r} (backends: {', '.join(BACKENDS)})")
    if name == "tantivy":
        from importlib.util import find_spec

        if find_spec("tantivy") is None:
            raise InputError(
                "the tantivy search backend is not installed: pip install 'quotesdb[tantivy]'"
            )
    return name


def chosen(settings: Settings) -> str:
    """The backend the archive records (`init --search`, `reindex --search`): Whoosh by
    default, and for a database that does not exist yet."""
    from quotesdb.db.reader import Reader
    from quotesdb.errors import DatabaseError

    try:
        reader = Reader(settings)
    except DatabaseError:
        return DEFAULT
    try:
        found = reader.rows("SELECT value FROM archive_meta WHERE key = :key", {"key": CHOICE_KEY})
    finally:
        reader.close()
    return str(found[0][0]) if found else DEFAULT


def choose(settings: Settings, name: str) -> None:
    """Record `name` as the archive's backend (the database must be at this schema)."""
    from sqlalchemy import delete

    from quotesdb.db.models import ArchiveMeta
    from quotesdb.db.session import make_engine, transaction

    require(name)
    engine = make_engine(settings)
    try:
        with transaction(engine) as session:
            session.execute(delete(ArchiveMeta).where(ArchiveMeta.key == CHOICE_KEY))
            if name != DEFAULT:
                session.add(ArchiveMeta(key=CHOICE_KEY, value=name))
    finally:
        engine.dispose()


def backend(settings: Settings, name: str | None = None) -> Backend:
    """The archive's search backend (or `name`'s): Whoosh unless the archive chose another."""
    name = require(name or chosen(settings))
    if name == "tantivy":
        from quotesdb.search.tantivy_backend import TantivyBackend

        return TantivyBackend(settings)
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


def rebuild(settings: Settings, name: str | None = None) -> int:
    """Build the index anew; with `name`, the archive switches to that backend once its
    index is built (until then searches keep the old one)."""
    if name is None:
        return backend(settings).rebuild()
    count = backend(settings, name).rebuild()
    if name != chosen(settings):
        choose(settings, name)
    return count


def check(settings: Settings) -> Checked:
    return backend(settings).check()
