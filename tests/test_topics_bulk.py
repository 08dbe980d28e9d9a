"""Automatic topics derived in bulk: by `reindex` after the vocabulary changes, and for the
quotes an import adds, in the import's own transaction (no `reindex` needed)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Cli


def _line(n: int, words: str) -> dict[str, object]:
    return {
        "quoteID": f"t{n}",
        "quotation": words,
        "speaker": "Wilma Ferncastle",
        "qids": [],
        "date": "2021-03-04 00:00:00",
        "probas": [["Wilma Ferncastle", "0.8"]],
        "urls": [f"https://bank.example/story-{n}"],
    }


EMBARGO = "The embargo on spare parts will hurt the farmers first."
CRANES = "The harbour cranes are older than the harbour master."


def _import(cli: Cli, path: Path, *quotes: str) -> None:
    lines = [_line(n, words) for n, words in enumerate(quotes, start=1)]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    done = cli("import", str(path), "--format", "quotebank", "--quiet")
    assert done.exit_code == 0, done.output


def _topics_of(cli: Cli, quote_id: int) -> dict[str, str]:
    """A quote's topics and why it has each (auto, hand, tag), from the export."""
    shown = cli("show", str(quote_id), "--json")
    assert shown.exit_code == 0, shown.output
    text = json.loads(shown.stdout)["text"]
    done = cli("export", "--format", "jsonl")
    assert done.exit_code == 0, done.output
    for line in done.stdout.splitlines()[1:]:
        record = json.loads(line)
        if record["type"] == "quote" and record["text"] == text:
            return {t["name"]: t["source"] for t in record["topics"]}
    raise AssertionError(f"quote {quote_id} not exported")


def _ids(cli: Cli, *args: str) -> list[int]:
    done = cli("search", *args, "--json", "--limit", "50")
    assert done.exit_code == 0, done.output
    return sorted(hit["id"] for hit in json.loads(done.stdout))


def test_a_quotebank_import_lands_with_its_automatic_topics(cli: Cli, tmp_path: Path) -> None:
    _import(
        cli,
        tmp_path / "bank.jsonl",
        EMBARGO,
        "Nobody in the valley expected the river to rise so fast.",
        "An asset freeze is the only lever left to the ministry.",
    )
    assert len(_ids(cli, "topic:sanctions")) == 2  # no reindex in between
    counts = {t["topic"]: t["quotes"] for t in json.loads(cli("topics", "--json").stdout)}
    assert counts.get("sanctions") == 2


def test_reindex_rederives_in_bulk_and_keeps_hand_topics(cli: Cli, tmp_path: Path) -> None:
    _import(cli, tmp_path / "bank.jsonl", EMBARGO, CRANES, "Every embargo has a harbour that leaks")
    first, second, third = _ids(cli)
    assert cli("tag", str(second), "Sanctions").exit_code == 0  # by hand: the stored topic
    assert _topics_of(cli, first) == {"sanctions": "auto"}

    (cli.home / "topics.toml").write_text(
        '[topics]\nports = ["harbour", "crane"]\nsanctions = ["embargo"]\n', encoding="utf-8"
    )
    done = cli("reindex")
    assert done.exit_code == 0, done.output
    assert "topics re-derived for 2 quotes" in done.stderr  # the second and the third
    assert _topics_of(cli, first) == {"sanctions": "auto"}
    # The hand topic stays, and the vocabulary's own "ports" joins it as automatic.
    assert _topics_of(cli, second) == {"sanctions": "hand", "ports": "auto"}
    assert _topics_of(cli, third) == {"ports": "auto", "sanctions": "auto"}
    assert _ids(cli, "topic:ports") == [second, third]

    again = cli("reindex")
    assert "topics re-derived for 0 quotes" in again.stderr

    (cli.home / "topics.toml").write_text('[topics]\nweather = ["rain"]\n', encoding="utf-8")
    assert cli("reindex").exit_code == 0
    assert _topics_of(cli, first) == {}
    assert _topics_of(cli, second) == {"sanctions": "hand"}
    assert _ids(cli, "topic:ports") == []


def test_an_export_keeps_its_automatic_topics_on_import(cli: Cli, tmp_path: Path) -> None:
    """Automatic topics an export carries are kept; a quote that arrives with none gets
    this archive's."""
    _import(cli, tmp_path / "bank.jsonl", EMBARGO, CRANES)
    (cli.home / "topics.toml").write_text('[topics]\nports = ["harbour"]\n', encoding="utf-8")
    assert cli("reindex").exit_code == 0
    exported = cli("export", "--format", "jsonl")
    assert exported.exit_code == 0
    dump = tmp_path / "dump.jsonl"
    dump.write_text(exported.stdout, encoding="utf-8")

    other = Cli(tmp_path / "other-home", None)  # a second, SQLite archive beside the first
    done = other("import", str(dump), "--quiet")
    assert done.exit_code == 0, done.output
    # The default vocabulary would call the first quote "sanctions" and find nothing in
    # the second: the export's own topics win for the second ("ports"), and the first,
    # which arrived with none, gets the default vocabulary's.
    assert other("search", "topic:ports", "--json").exit_code == 0
    assert len(json.loads(other("search", "topic:ports", "--json").stdout)) == 1
    assert len(json.loads(other("search", "topic:sanctions", "--json").stdout)) == 1


def test_a_quote_added_by_hand_gets_its_automatic_topics(cli: Cli) -> None:
    """`add` (CLI) and POST /api/quotes give a new quote the vocabulary's topics beside
    the ones typed, as ingest and import do."""
    from starlette.testclient import TestClient

    from quotesdb.config import resolve
    from quotesdb.web.app import create_app
    from web_helpers import LOCAL

    done = cli("add", EMBARGO, "--speaker", "Wilma Ferncastle", "--topic", "farming", "--json")
    assert done.exit_code == 0, done.output
    added = json.loads(done.stdout)
    assert sorted(added["topics"]) == ["farming", "sanctions"]
    assert _topics_of(cli, added["id"]) == {"farming": "hand", "sanctions": "auto"}

    with TestClient(create_app(resolve(cli.home, cli.url)), base_url=LOCAL) as http:
        made = http.post("/api/quotes", json={"text": CRANES + " No embargo.", "speaker": "Ed Ro"})
    assert made.status_code == 201, made.text
    assert made.json()["topics"] == ["sanctions"]
    assert _ids(cli, "topic:sanctions") == sorted([added["id"], made.json()["id"]])
