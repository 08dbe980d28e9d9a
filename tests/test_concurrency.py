"""Several writers at once: no lost quote and no lock error shown to a user."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from sqlalchemy import create_engine, func, select

from conftest import REPO
from quotesdb.db.models import Change, Quote

WRITER = textwrap.dedent(
    """
    import sys
    from quotesdb.config import resolve
    from quotesdb.db.editing import NewQuote, add_quote
    from quotesdb.db.session import make_engine, require_schema, with_retries

    url, worker, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    engine = make_engine(resolve(".", url))
    require_schema(engine, create=True)
    for n in range(count):
        new = NewQuote(text=f"Worker {worker} says thing {n}.", speaker=f"Writer Number{worker}",
                       url="https://example.com/shared", title="Shared")
        with_retries(engine, lambda session: add_quote(session, new))
    """
)


def test_four_processes_add_a_hundred_quotes_each(db_url: str, tmp_path: Path) -> None:
    engine = create_engine(db_url)
    from quotesdb.db.migrate import upgrade

    upgrade(engine)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, db_url, str(worker), "100"],
            cwd=REPO,
            stderr=subprocess.PIPE,
            text=True,
        )
        for worker in range(4)
    ]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    assert not any("locked" in e for e in errors)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Quote)) == 400
        assert conn.scalar(select(func.count(func.distinct(Change.quote_id)))) == 400
        articles = conn.scalar(select(func.count(func.distinct(Quote.article_id))))
    assert articles == 1
    engine.dispose()
    from quotesdb.config import resolve
    from quotesdb.index.search import Filters, search
    from quotesdb.index.sync import catch_up

    ix, _report = catch_up(resolve(tmp_path / "home", db_url))
    for worker in range(4):
        found = search(ix, None, Filters(expert=f"Writer Number{worker}"), limit=1000)
        assert {h.speaker for h in found.hits} == {f"Writer Number{worker}"}
        assert len(found.hits) == 100
