"""Readers against writers, bounded and seeded, on SQLite and PostgreSQL.

Writers are real `quotesdb` processes (`add`, `edit`, `tag`, `delete`, `import` of a small
file, `reindex`), each committing to the database and then to the index; readers are the
web app's `/api/search` and `/` on the same home, and `quotesdb search` processes. Every
read is 2xx or a one-line error, never a traceback or a quote found twice; afterwards
`check` finds no drift.
"""

from __future__ import annotations

import json
import random
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from conftest import Cli
from quotesdb.config import resolve
from quotesdb.web.app import create_app
from web_helpers import LOCAL

# Every kind of write at least once, in an order the seed shuffles.
WRITES = ["add", "add", "add", "edit", "tag", "delete", "import", "import", "reindex", "add"]


@pytest.fixture
def archive(tmp_path: Path, db_url: str) -> Cli:
    cli = Cli(tmp_path / "home", db_url)
    for n in range(6):
        done = cli.run("add", f"Harbour budget line {n} is settled.", "--speaker", "Ann Dock")
        assert done.returncode == 0, done.stderr
    return cli


@pytest.fixture
def client(archive: Cli) -> Iterator[TestClient]:
    with TestClient(create_app(resolve(archive.home, archive.url)), base_url=LOCAL) as http:
        yield http


def _import_file(path: Path, tag: str) -> Path:
    """Three Quotebank lines, one of them sourced, for `import --format quotebank`."""
    with path.open("w", encoding="utf-8") as out:
        for n in range(3):
            record = {
                "quoteID": f"{tag}-{n}",
                "quotation": f"Harbour budget import {tag} line {n}.",
                "speaker": f"Cy Importer{n}",
                "qids": [],
                "date": "2021-03-04 00:00:00",
                "probas": [[f"Cy Importer{n}", "0.9"]],
                "urls": [f"https://harbour.example.org/{tag}"] if n == 0 else [],
            }
            out.write(json.dumps(record) + "\n")
    return path


def _writes(cli: Cli, seed: int, failures: list[str]) -> None:
    rng = random.Random(seed)
    live = list(range(1, 7))
    order = list(WRITES)
    rng.shuffle(order)
    for n, choice in enumerate(order):
        if choice == "import":
            source = _import_file(cli.home.parent / f"import-{n}.jsonl", f"{seed}-{n}")
            args = ["import", str(source), "--format", "quotebank", "--quiet"]
        elif choice == "reindex":
            args = ["reindex"]
        elif choice == "add" or len(live) < 3:
            args = ["add", f"Harbour budget note {seed}-{n}.", "--speaker", "Bo Writer"]
        elif choice == "edit":
            args = ["edit", str(rng.choice(live)), "--text", f"Harbour budget edited {seed}-{n}."]
        elif choice == "tag":
            args = ["tag", str(rng.choice(live)), f"topic{n}"]
        else:
            victim = live.pop(rng.randrange(len(live)))
            args = ["delete", str(victim), "--yes"]
        done = cli.process(*args)
        if done.returncode != 0 or "Traceback" in done.stderr:
            failures.append(f"{args}: {done.stderr}")
        elif args[0] == "add":  # "Added quote #ID by ...": the id to edit, tag or delete later
            added = re.match(r"Added quote #(\d+) ", done.stdout)
            if added is None:
                failures.append(f"{args}: {done.stdout}")
            else:
                live.append(int(added.group(1)))


@pytest.mark.slow  # end to end: real processes, lock waits
def test_readers_against_writers(archive: Cli, client: TestClient) -> None:
    failures: list[str] = []
    writer = threading.Thread(target=_writes, args=(archive, 36, failures))
    writer.start()
    reads = 0
    try:
        while writer.is_alive() or reads < 10:
            for params in ({"q": "harbour budget", "limit": "100"}, {"q": "budget"}):
                found = client.get("/api/search", params=params)
                assert found.status_code == 200, found.text
                ids = [hit["id"] for hit in found.json()["results"]]
                assert len(ids) == len(set(ids)), f"a quote found twice: {ids}"
            assert client.get("/", params={"q": "harbour"}).status_code == 200
            if reads % 5 == 0:
                cli_read = archive.process("search", "harbour", "--json", "--limit", "100")
                assert cli_read.returncode == 0, cli_read.stderr
                assert "Traceback" not in cli_read.stderr
                ids = [hit["id"] for hit in json.loads(cli_read.stdout)]
                assert len(ids) == len(set(ids)), f"a quote found twice: {ids}"
            reads += 1
    finally:
        writer.join()
    assert not failures, failures
    checked = archive.run("check")
    assert checked.returncode == 0 and "Traceback" not in checked.stderr, checked.stderr
    assert "index and database agree" in checked.stdout + checked.stderr, checked.stderr
    final = client.get("/api/search", params={"q": "harbour", "limit": "100"}).json()
    assert final["total"] == len(final["results"]) == len({h["id"] for h in final["results"]})
    imported = client.get("/api/search", params={"q": '"budget import"', "limit": "100"}).json()
    assert imported["total"] == 2 * 3, imported  # both files, each line once
