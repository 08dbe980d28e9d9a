"""Reads that never fail or lie: an index read after writes, after edits and when empty."""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from conftest import Cli
from quotesdb.config import resolve
from quotesdb.web.app import create_app
from web_helpers import LOCAL


@pytest.fixture
def empty(tmp_path: Path, db_url: str) -> Cli:
    cli = Cli(tmp_path / "home", db_url)
    assert cli("init").exit_code == 0
    return cli


@pytest.fixture
def client(empty: Cli) -> Iterator[TestClient]:
    with TestClient(create_app(resolve(empty.home, empty.url)), base_url=LOCAL) as http:
        yield http


def test_a_search_over_an_empty_index_finds_nothing(empty: Cli) -> None:
    found = empty.run("search", "budget", "--json")
    assert found.returncode == 0 and "Traceback" not in found.stderr, found.stderr
    assert json.loads(found.stdout) == []
    assert empty.run("search", "budget").returncode == 0


def test_the_first_web_search_over_an_empty_index_answers(client: TestClient) -> None:
    for params in ({"q": "budget"}, {"q": "budget", "facets": "true"}, {"expert": "x"}, {}):
        found = client.get("/api/search", params=params)
        assert found.status_code == 200, found.text
        assert found.json()["total"] == 0
    assert client.get("/", params={"q": "budget"}).status_code == 200


def test_searches_between_writes_always_answer_and_never_repeat_a_quote(
    client: TestClient,
) -> None:
    """Each write commits to the index; the server's searcher must see exactly that index."""
    rng = random.Random(36)
    made: list[int] = []
    for n in range(24):
        body = {"text": f"Ledger number {n} of the harbour budget.", "speaker": f"Ann Lee{n % 3}"}
        created = client.post("/api/quotes", json=body)
        assert created.status_code == 201, created.text
        made.append(created.json()["id"])
        if n % 4 == 3:  # an edit replaces the quote's words in the index
            victim = rng.choice(made)
            edited = client.patch(
                f"/api/quotes/{victim}", json={"text": f"Harbour ledger {victim} rewritten."}
            )
            assert edited.status_code == 200, edited.text
        for words in ("budget", "ledger", "harbour"):
            found = client.get("/api/search", params={"q": words, "limit": "100"})
            assert found.status_code == 200, found.text
            ids = [hit["id"] for hit in found.json()["results"]]
            assert len(ids) == len(set(ids)), f"a quote found twice for {words!r}: {ids}"
    found = client.get("/api/search", params={"q": "harbour", "limit": "100"}).json()
    assert found["total"] == len(made) == len(found["results"])


def test_an_edited_quote_is_found_once_and_only_by_its_new_words(client: TestClient) -> None:
    ids = [
        client.post(
            "/api/quotes", json={"text": f"Old words about granaries {n}.", "speaker": "Bo Grain"}
        ).json()["id"]
        for n in range(5)
    ]
    assert client.get("/api/search", params={"q": "granaries"}).json()["total"] == 5
    edited = client.patch(f"/api/quotes/{ids[0]}", json={"text": "New words about silos."})
    assert edited.status_code == 200, edited.text
    old = client.get("/api/search", params={"q": "granaries", "limit": "50"}).json()
    assert old["total"] == 4 and ids[0] not in [h["id"] for h in old["results"]]
    new = client.get("/api/search", params={"q": "silos"}).json()
    assert [h["id"] for h in new["results"]] == [ids[0]]


def _add(cli: Cli, text: str, speaker: str) -> None:
    done = cli.process("add", text, "--speaker", speaker)  # no connection left open here
    assert done.returncode == 0, done.stderr


def _found(cli: Cli, words: str) -> list[str]:
    found = cli.process("search", words, "--json")  # each process opens the file afresh
    assert found.returncode == 0 and "Traceback" not in found.stderr, found.stderr
    return [hit["text"] for hit in json.loads(found.stdout)]


def test_an_index_is_rebuilt_when_its_home_points_at_another_database(tmp_path: Path) -> None:
    first = Cli(tmp_path / "home", f"sqlite:///{tmp_path / 'first.sqlite3'}")
    _add(first, "The first archive's walrus quote.", "Ann First")
    assert _found(first, "walrus") == ["The first archive's walrus quote."]
    other = Cli(tmp_path / "home", f"sqlite:///{tmp_path / 'other.sqlite3'}")
    assert other("init").exit_code == 0
    found = other.run("search", "walrus", "--json")
    assert json.loads(found.stdout) == [], "served the other database's quotes"
    assert "another database" in found.stderr and "rebuilt" in found.stderr, found.stderr


def test_an_index_is_rebuilt_when_its_database_is_restored_from_an_older_copy(
    tmp_path: Path,
) -> None:
    database = tmp_path / "quotes.sqlite3"
    cli = Cli(tmp_path / "home", f"sqlite:///{database}")
    _add(cli, "Kept before the backup: otters.", "Ann Kept")
    backup = tmp_path / "backup.sqlite3"
    with sqlite3.connect(database) as live, sqlite3.connect(backup) as copy:
        live.backup(copy)
    _add(cli, "Lost after the backup: otters too.", "Ann Lost")
    assert len(_found(cli, "otters")) == 2
    for extra in ("-wal", "-shm"):  # the restore: the copy in place of the database
        Path(f"{database}{extra}").unlink(missing_ok=True)
    shutil.copyfile(backup, database)
    assert _found(cli, "otters") == ["Kept before the backup: otters."]
    _add(cli, "Written after the restore: otters again.", "Ann New")
    assert sorted(_found(cli, "otters")) == [
        "Kept before the backup: otters.",
        "Written after the restore: otters again.",
    ]
    cite = cli.process("cite", "2")
    assert "otters again" in cite.stdout, cite.stdout + cite.stderr


def test_an_index_of_another_database_that_cannot_be_rebuilt_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = Cli(tmp_path / "home", f"sqlite:///{tmp_path / 'first.sqlite3'}")
    _add(first, "The first archive's narwhal quote.", "Ann First")
    assert _found(first, "narwhal")
    other = Cli(tmp_path / "home", f"sqlite:///{tmp_path / 'other.sqlite3'}")
    assert other("init").exit_code == 0

    def read_only(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(tmp_path / "home" / "index"))

    # Root may write anywhere, so the home's refusal to be written is made in process.
    monkeypatch.setattr("quotesdb.index.sync._rebuild_locked", read_only)
    found = other("search", "narwhal", "--json")
    assert "narwhal" not in found.output
    assert (found.exit_code != 0 and found.exception is None) or isinstance(
        found.exception, SystemExit
    ), found.output
    [line] = found.output.strip().splitlines()
    assert "another database" in line, line
