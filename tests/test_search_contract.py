"""The contract every search backend keeps: the same quotes for the same requests.

One small archive of sentences written for this test, on SQLite and PostgreSQL, searched
through each backend (`whoosh`, `tantivy`) behind `quotesdb.search`: words, stems,
phrases, field prefixes, boolean operators, forgiving names, filters, facets, sorting,
exact totals and paging; then the index as a projection (catch-up after add, edit and
delete; damage rebuilt) and switching an archive's backend with `reindex --search`.
Relevance may order equal matches differently from one engine to another, so ranked
answers are compared as sets, and sorted answers in order.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from conftest import Cli, pg_schema
from quotesdb.config import Settings, resolve
from quotesdb.db.editing import NewQuote, QuoteEdit, add_quote, delete_quote, edit_quote
from quotesdb.db.models import Change
from quotesdb.errors import InputError, QueryLimitError, QuerySyntaxError
from quotesdb.search import service
from quotesdb.search.backend import Backend
from quotesdb.search.source import Source
from quotesdb.search.types import Filters, Results, SearchRequest

BACKENDS = ("whoosh", "tantivy")
D = dt.date

# (speaker, text, outlet, published, topics): every sentence written for this test.
QUOTES: list[tuple[str, str, str, dt.date | None, tuple[str, ...]]] = [
    ("Marta Kowalczyk", "The harbour authority is running out of dredging money.",
     "Coastal Ledger", D(2021, 3, 2), ("ports",)),
    ("Marta Kowalczyk", "Dredging the channel runs over budget every single winter.",
     "Coastal Ledger", D(2021, 6, 14), ("ports", "budgets")),
    ("Tomasz Brandt", "A climate policy without a carbon price is a wish list.",
     "Evening Courier", D(2022, 1, 20), ("climate",)),
    ("Tomasz Brandt", "Price signals matter more than any climate pledge or policy paper.",
     "Evening Courier", D(2022, 2, 1), ("climate",)),
    ("Ingrid Halvorsen", "Our fishermen ran the numbers and the quota does not add up.",
     "Coastal Ledger", D(2022, 8, 30), ("fisheries",)),
    ("Ingrid Halvorsen", "The quota system rewards the largest trawlers.",
     "Northern Review", D(2023, 4, 11), ("fisheries",)),
    ("Paul Okonkwo", "Budget hearings begin next week and nobody has read the annex.",
     "Northern Review", D(2023, 5, 5), ("budgets",)),
    ("Paul Okonkwo", "The annex hides a carbon levy in plain sight.",
     "Evening Courier", D(2023, 9, 9), ("climate", "budgets")),
    ("Sofia Amaral", "Tourism pays for the harbour lights, not the dredging.",
     "Northern Review", None, ("ports",)),
    ("Sofia Amaral", "Carbon accounting for ferries is still guesswork.",
     "Coastal Ledger", D(2024, 1, 15), ("climate",)),
]  # fmt: skip


def build(cli: Cli) -> Settings:
    """The fixed archive, with no index yet."""
    assert cli("init").exit_code == 0
    settings = resolve(cli.home, cli.url)
    engine = create_engine(settings.database_url)
    with Session(engine) as session, session.begin():
        for speaker, text, outlet, published, topics in QUOTES:
            add_quote(
                session,
                NewQuote(
                    text=text,
                    speaker=speaker,
                    outlet=outlet,
                    title=f"{outlet} report",
                    published=published,
                    topics=topics,
                    url=f"https://example.org/{abs(hash(text)) % 10**8}",
                ),
            )
    engine.dispose()
    return settings


@pytest.fixture
def archive(cli: Cli) -> Settings:
    """The fixed archive, with no index yet, for a test that writes to it or its index."""
    return build(cli)


def _state(settings: Settings) -> tuple[int, str]:
    """What a write would change: the change log's length and the backend chosen."""
    engine = create_engine(settings.database_url)
    with engine.connect() as conn:
        count = int(conn.scalar(select(func.count()).select_from(Change)) or 0)
    engine.dispose()
    return count, service.chosen(settings)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def shared(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Settings]:
    """The fixed archive built once per store for the tests that only search it (each
    backend's index built by the first of them): a test that writes to the archive or
    damages an index takes `archive`, its own. Checked unchanged when the module ends."""
    home = tmp_path_factory.mktemp("contract") / "home"
    with ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{home.parent / 'quotes.sqlite3'}"
        else:
            url = stack.enter_context(pg_schema())
        settings = build(Cli(home, url))
        state = _state(settings)
        yield settings
        assert _state(settings) == state, "a test wrote to the shared archive"


def _ask(backend: Backend, request: SearchRequest) -> Results:
    found, _notes = backend.read(lambda session: session.search(request))
    return found


def _ids(backend: Backend, words: str | None = None, **kwargs: Any) -> list[int]:
    request = SearchRequest(words=words, limit=100, group=False, **kwargs)
    return [hit.id for hit in _ask(backend, request).hits]


def _by_text(settings: Settings) -> dict[str, int]:
    backend = service.backend(settings, "whoosh")
    found = _ask(backend, SearchRequest(limit=100, group=False)).hits
    return {hit.text: hit.id for hit in found}


@pytest.fixture(params=BACKENDS)
def each(request: pytest.FixtureRequest, shared: Settings) -> Backend:
    """Each backend over the shared archive: for tests that only search."""
    return service.backend(shared, request.param)


@pytest.fixture(params=BACKENDS)
def own(request: pytest.FixtureRequest, archive: Settings) -> Backend:
    """Each backend over the test's own archive: for tests that write or damage."""
    return service.backend(archive, request.param)


REQUESTS: list[SearchRequest] = [
    SearchRequest(words=w, limit=100, group=False)
    for w in (
        "dredging",
        "run",
        "running",
        "carbon price",
        '"climate policy"',
        '"carbon price"',
        "climate OR quota",
        "carbon NOT levy",
        "quota AND (trawlers OR fishermen)",
        "speaker:okonkwo",
        "outlet:courier carbon",
        'outlet:"coastal ledger"',
        "topic:ports",
        "harbour*",
        "NOT carbon",
        "quota kind:full",
        '"the quota system"',
        "title:courier price",
        "the",
        "xylophone",
    )
] + [
    SearchRequest(filters=Filters(expert="Kowalczik"), limit=100, group=False),
    SearchRequest(filters=Filters(topic="budgets"), limit=100, group=False),
    SearchRequest(filters=Filters(outlet="northern review"), limit=100, group=False),
    SearchRequest(filters=Filters(since=D(2022, 1, 1), until=D(2022, 12, 31)), limit=100),
    SearchRequest(filters=Filters(until=D(2030, 1, 1)), limit=100, group=False),
    SearchRequest(words="carbon", sort="date", limit=100, group=False),
    SearchRequest(words="carbon", filters=Filters(since=D(2023, 1, 1)), limit=100, group=False),
    SearchRequest(limit=100, group=False),
]


@pytest.mark.parametrize("request_", REQUESTS, ids=lambda r: repr(r.words or r.filters))
def test_backends_agree(shared: Settings, request_: SearchRequest) -> None:
    whoosh, tantivy = (_ask(service.backend(shared, name), request_) for name in BACKENDS)
    assert tantivy.total == whoosh.total and tantivy.exact and whoosh.exact
    ids = [[hit.id for hit in found.hits] for found in (whoosh, tantivy)]
    if request_.sort == "date" or not request_.words:  # newest first: one order
        assert ids[0] == ids[1]
    else:
        assert set(ids[0]) == set(ids[1])
    assert [h.highlighted for h in sorted(whoosh.hits, key=lambda h: h.id)] == [
        h.highlighted for h in sorted(tantivy.hits, key=lambda h: h.id)
    ]


def test_words_stems_phrases_and_operators(shared: Settings, each: Backend) -> None:
    ids = _by_text(shared)

    def texts(words: str | None = None, **kwargs: Any) -> set[str]:
        found = set(_ids(each, words, **kwargs))
        return {text for text, i in ids.items() if i in found}

    assert texts("dredging") == {t for t in ids if "redging" in t}
    # Stems, as Whoosh's Porter stemmer gives them: "runs" is "run", but "running" is
    # "runn" and "ran" stays "ran"; "fishermen", "harbour" as they are.
    assert texts("run") == {t for t in ids if " runs " in t}
    assert texts("running") == {t for t in ids if "running" in t}
    assert texts("budgets") == {t for t in ids if "udget" in t}
    # A phrase wants its words together and in order; the words alone do not.
    assert texts('"climate policy"') == {"A climate policy without a carbon price is a wish list."}
    assert len(texts("climate policy")) == 2
    assert texts("carbon NOT levy") == {t for t in ids if "arbon" in t and "levy" not in t}
    assert texts("speaker:okonkwo") == {t for t in ids if "annex" in t}
    assert texts("the") == set()  # only a stop word: nothing to look for
    hit = _ask(each, SearchRequest(words='"climate policy"', group=False)).hits[0]
    assert hit.highlighted == "A **climate** **policy** without a carbon price is a wish list."
    with pytest.raises(QuerySyntaxError, match="unknown field"):
        _ids(each, "password:secret")
    with pytest.raises(QuerySyntaxError, match="unbalanced quotation mark"):
        _ids(each, '"open phrase')


def test_names_forgive_spelling_but_exact_wins(shared: Settings, each: Backend) -> None:
    def speakers(name: str) -> set[str]:
        found = _ask(each, SearchRequest(filters=Filters(expert=name), limit=100, group=False))
        return {hit.speaker for hit in found.hits}

    for name in ("Kowalczyk", "kowalczik", "KOWALCZYK", "Marta Kowalczyk", "Dr Kowalczyk"):
        assert speakers(name) == {"Marta Kowalczyk"}, name
    assert speakers("Halvorson") == {"Ingrid Halvorsen"}
    assert speakers("Nobody") == set()


def test_filters_dates_facets_and_sort(shared: Settings, each: Backend) -> None:
    found = _ask(
        each,
        SearchRequest(
            filters=Filters(since=D(2022, 1, 1), until=D(2022, 12, 31)),
            facets=True,
            limit=100,
            group=False,
        ),
    )
    assert [h.published for h in found.hits] == [D(2022, 8, 30), D(2022, 2, 1), D(2022, 1, 20)]
    assert found.facets["expert"] == {"Tomasz Brandt": 2, "Ingrid Halvorsen": 1}
    assert found.facets["outlet"] == {"Evening Courier": 2, "Coastal Ledger": 1}
    assert found.facets["year"] == {"2022": 3}
    assert found.facets["topic"] == {"climate": 2, "fisheries": 1}
    everything = _ask(each, SearchRequest(facets=True, limit=100, group=False))
    assert everything.total == len(QUOTES) and everything.facets["year"]["n.d."] == 1
    assert everything.hits[-1].published is None  # undated last
    dated = [h.published for h in everything.hits if h.published]
    assert dated == sorted(dated, reverse=True)
    carbon = _ask(each, SearchRequest(words="carbon", facets=True, group=False))
    assert carbon.total == 3 and sum(carbon.facets["expert"].values()) == 3
    assert len(_ids(each, "carbon", filters=Filters(since=D(2023, 1, 1)))) == 2


def test_exact_totals_and_paging(shared: Settings, each: Backend) -> None:
    def page(offset: int, words: str | None = None) -> Results:
        asked = SearchRequest(words=words, limit=3, offset=offset, sort="date", group=False)
        return _ask(each, asked)

    for words in (None, "the harbour OR carbon OR quota OR budget"):
        whole = _ids(each, words, sort="date")
        pages = [page(offset, words) for offset in range(0, len(whole) + 3, 3)]
        assert all(p.total == len(whole) and p.exact for p in pages)
        assert [h.id for p in pages for h in p.hits] == whole
    # A phrase's total counts the quotes holding the phrase, not those holding its words.
    phrase = _ask(each, SearchRequest(words='"carbon price"', limit=1, group=False))
    assert phrase.total == 1 and phrase.exact


def _write(settings: Settings, work: Callable[[Session], object]) -> None:
    engine = create_engine(settings.database_url)
    with Session(engine) as session, session.begin():
        work(session)
    engine.dispose()


def test_catch_up_after_add_edit_and_delete(archive: Settings, own: Backend) -> None:
    assert _ids(own, "lighthouse") == []
    _write(
        archive,
        lambda s: add_quote(s, NewQuote(text="The lighthouse keeper retired.", speaker="Ola Berg")),
    )
    [added] = _ids(own, "lighthouse")
    _write(archive, lambda s: edit_quote(s, added, QuoteEdit(text="The beacon keeper retired.")))
    assert _ids(own, "lighthouse") == [] and _ids(own, "beacon") == [added]
    _write(archive, lambda s: delete_quote(s, added))
    assert _ids(own, "beacon") == []
    assert own.mark() > 0
    checked = own.check()
    assert checked.left.total == 0 and checked.found.total == 0
    session, _notes = own.open(Source(archive))
    try:
        assert session.count() == len(QUOTES)
        [hit] = session.get([_by_text(archive)[QUOTES[0][1]]])
        assert hit.speaker == "Marta Kowalczyk" and hit.outlet == "Coastal Ledger"
    finally:
        session.close()


def _index_files(settings: Settings, name: str) -> Iterator[Path]:
    folder = settings.home / ("index" if name == "whoosh" else "index-tantivy")
    current = folder / (folder / "CURRENT").read_text().strip()
    for path in current.iterdir():
        if path.is_file() and path.suffix in (".seg", ".toc", ".store", ".term", ".idx"):
            yield path


def test_damage_is_rebuilt(archive: Settings, own: Backend) -> None:
    before = sorted(_ids(own, "carbon"))
    for path in _index_files(archive, own.name):
        # A new file in its place: a map of the old one that this process may still hold
        # stays valid (truncating a mapped file in place kills the process with SIGBUS).
        garbage = path.with_name(path.name + ".garbage")
        garbage.write_bytes(b"garbage")
        os.replace(garbage, path)
    found, notes = own.read(lambda s: sorted(h.id for h in s.search(_carbon()).hits))
    assert found == before and any("rebuilt" in note for note in notes)
    # Drift the change log never saw: `check` finds it and repairs it.
    assert own.rebuild() == len(QUOTES)
    assert own.check().left.total == 0


def _carbon() -> SearchRequest:
    return SearchRequest(words="carbon", limit=100, group=False)


def test_reindex_switches_the_archive_backend(archive: Settings, cli: Cli) -> None:
    assert service.chosen(archive) == "whoosh"
    before = json.loads(cli("search", "carbon", "--json").stdout)
    switched = cli("reindex", "--search", "tantivy")
    assert switched.exit_code == 0, switched.output
    assert service.chosen(archive) == "tantivy"
    assert (archive.home / "index-tantivy" / "CURRENT").exists()
    after = json.loads(cli("search", "carbon", "--json").stdout)
    assert {h["id"] for h in after} == {h["id"] for h in before}
    # Writes reach the chosen backend's index.
    _write(
        archive, lambda s: add_quote(s, NewQuote(text="Carbon tariffs bite.", speaker="Ola Berg"))
    )
    assert len(json.loads(cli("search", "carbon", "--json").stdout)) == len(before) + 1
    assert cli("reindex", "--search", "whoosh").exit_code == 0
    assert service.chosen(archive) == "whoosh"
    assert len(json.loads(cli("search", "carbon", "--json").stdout)) == len(before) + 1
    bad = cli("reindex", "--search", "lucene")
    assert bad.exit_code != 0 and "unknown search backend" in bad.output


def test_init_records_the_backend(cli: Cli) -> None:
    assert cli("init", "--search", "tantivy").exit_code == 0
    settings = resolve(cli.home, cli.url)
    assert service.chosen(settings) == "tantivy"
    _write(settings, lambda s: add_quote(s, NewQuote(text="Tides wait.", speaker="Ola Berg")))
    assert [h["speaker"]["name"] for h in json.loads(cli("search", "tides", "--json").stdout)] == [
        "Ola Berg"
    ]
    assert (settings.home / "index-tantivy").is_dir() and not (settings.home / "index").exists()


def test_tantivy_missing_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "tantivy" else real(name, *a)
    )
    with pytest.raises(InputError, match=r"pip install 'quotesdb\[tantivy\]'"):
        service.require("tantivy")


def test_the_web_app_searches_a_tantivy_archive(archive: Settings, cli: Cli) -> None:
    """A server holds a session of the archive's backend and catches it up after a write."""
    from starlette.testclient import TestClient

    from quotesdb.web.app import create_app
    from web_helpers import LOCAL

    assert cli("reindex", "--search", "tantivy").exit_code == 0
    with TestClient(create_app(archive), base_url=LOCAL) as client:

        def found(**params: str) -> list[dict[str, Any]]:
            answer = client.get("/api/search", params={"limit": "100", **params})
            assert answer.status_code == 200, answer.text
            results: list[dict[str, Any]] = answer.json()["results"]
            return results

        assert {h["speaker"]["name"] for h in found(q="quota")} == {"Ingrid Halvorsen"}
        assert len(found()) == len(QUOTES)
        _write(
            archive, lambda s: add_quote(s, NewQuote(text="Quota talks stall.", speaker="Ola Berg"))
        )
        assert {h["speaker"]["name"] for h in found(q="quota")} == {"Ingrid Halvorsen", "Ola Berg"}
        assert client.get("/api/search", params={"q": "(open"}).status_code == 400
    assert service.chosen(archive) == "tantivy"


def test_a_prefix_stands_for_so_many_words_at_most(
    each: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    import quotesdb.index.bounds
    import quotesdb.search.query

    for module in (quotesdb.index.bounds, quotesdb.search.query):
        monkeypatch.setattr(module, "MAX_EXPANSION", 3)
    assert len(_ids(each, "harbour*")) == 2
    with pytest.raises(QueryLimitError, match="stands for more than 3 words"):
        _ids(each, "s*")  # single, system, signal, sight, still
    with pytest.raises(QueryLimitError, match="longer than 64 characters"):
        _ids(each, "x" * 70 + "*")
