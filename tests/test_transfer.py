"""Export and import through the real CLI: round trips, hand edits, bad lines, verify."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from conftest import SEEDS, Cli


def _hand_edit(cli: Cli) -> int:
    [hit] = json.loads(cli("search", "covid", "--json", "--limit", "1").stdout)
    quote_id: int = hit["id"]
    assert (
        cli("edit", str(quote_id), "--text", "So we are restoring it.", "--topic", "mine").exit_code
        == 0
    )
    assert cli("expert", "alias", "Fyodor Lukyanov", "Fyodor Lukianov").exit_code == 0
    assert cli("add", "Said on the phone.", "--speaker", "Jo Caller", "--no-prompt").exit_code == 0
    return quote_id


def test_export_import_round_trip_keeps_hand_edits(cli: Cli, tmp_path: Path) -> None:
    assert cli("ingest", str(SEEDS)).exit_code == 0
    _hand_edit(cli)
    first = tmp_path / "first.jsonl"
    assert cli("export", "--output", str(first)).exit_code == 0
    copy = Cli(tmp_path / "copy", None)
    imported = copy("import", str(first), "--json")
    assert imported.exit_code == 0, imported.output
    stored = json.loads(cli("stats", "--json").stdout)["quotes"]
    assert json.loads(imported.stdout)["quotes_added"] == stored
    again = json.loads(copy("import", str(first), "--json").stdout)
    assert again["quotes_added"] == 0 and again["quotes_skipped"] == stored
    second = tmp_path / "second.jsonl"
    assert copy("export", "--output", str(second)).exit_code == 0
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    assert json.loads(copy("stats", "--json").stdout) == json.loads(cli("stats", "--json").stdout)
    assert set(json.loads(copy("search", "--expert", "lukianov", "--json").stdout)[0]) >= {"id"}
    assert json.loads(copy("search", "topic:mine", "--json").stdout)[0]["text"] == (
        "So we are restoring it."
    )


def test_csv_markdown_filters_and_gzip(sqlite_cli: Cli, tmp_path: Path) -> None:
    assert sqlite_cli("ingest", str(SEEDS)).exit_code == 0
    csv_out = sqlite_cli("export", "--format", "csv", "--expert", "strokan")
    assert csv_out.exit_code == 0
    assert csv_out.stdout.splitlines()[0].startswith("id,speaker,description,text")
    assert csv_out.stdout.count("Sergei Strokan") == 3
    md = sqlite_cli("export", "--format", "markdown", "--topic", "pandemic")
    assert md.exit_code == 0 and md.stdout.startswith("> “")
    none = sqlite_cli("export", "--since", "2030-01-01")
    assert none.exit_code == 0 and len(none.stdout.splitlines()) == 1
    plain = tmp_path / "all.jsonl"
    assert sqlite_cli("export", "-o", str(plain)).exit_code == 0
    packed = tmp_path / "all.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    copy = Cli(tmp_path / "gz", None)
    stored = json.loads(sqlite_cli("stats", "--json").stdout)["quotes"]
    assert json.loads(copy("import", str(packed), "--json").stdout)["quotes_added"] == stored


def test_a_malformed_line_names_itself_and_keeps_what_came_before(cli: Cli, tmp_path: Path) -> None:
    source = Cli(tmp_path / "source", None)
    assert source("ingest", str(SEEDS)).exit_code == 0
    good = tmp_path / "good.jsonl"
    assert source("export", "-o", str(good)).exit_code == 0
    lines = good.read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([*lines[:5], "{not json", *lines[5:]]) + "\n", encoding="utf-8")
    copy = cli
    result = copy.run("import", str(bad))
    assert result.returncode == 1
    assert "line 6: not JSON" in result.stderr and result.stderr.count("\n") == 1
    assert "0 lines imported before it" in result.stderr
    assert json.loads(copy.run("stats", "--json").stdout)["quotes"] == 0
    header = tmp_path / "noheader.jsonl"
    header.write_text("\n".join(lines[1:]), encoding="utf-8")
    assert "not a quotesdb export" in copy.run("import", str(header)).stderr
    assert "no such file" in copy.run("import", str(tmp_path / "nope.jsonl")).stderr


def test_verify_flags_altered_quotes(sqlite_cli: Cli) -> None:
    assert sqlite_cli("ingest", str(SEEDS)).exit_code == 0
    clean = sqlite_cli.run("verify", "--all", "--json")
    assert clean.returncode == 0
    assert {r["status"] for r in json.loads(clean.stdout)} == {"verified"}
    quote_id = _hand_edit(sqlite_cli)
    altered = sqlite_cli.run("verify", str(quote_id))
    assert altered.returncode == 3 and "altered" in altered.stdout and "{+" in altered.stdout
    phone = sqlite_cli.run("verify", "--all", "--json")
    statuses = [r["status"] for r in json.loads(phone.stdout)]
    assert phone.returncode == 3 and "no_source" in statuses
    assert sqlite_cli.run("verify", "424242").returncode == 1
    assert sqlite_cli.run("verify").returncode == 1


def test_quotebank_lines_are_mapped_and_reimport_adds_nothing(cli: Cli, tmp_path: Path) -> None:
    import bz2

    lines = [
        {
            "quoteID": "2020-01-16-000088",
            "quotation": "Our borders are not negotiable.",
            "speaker": "Jane Minister",
            "qids": ["Q123", "Q456"],
            "date": "2020-01-16 12:00:00",
            "numOccurrences": 2,
            "probas": [["Jane Minister", "0.9"], ["None", "0.1"]],
            "urls": ["https://www.example.com/a", "https://news.example.org/b"],
            "phase": "E",
        },
        {
            "quoteID": "2020-01-16-000099",
            "quotation": "Nobody knows who said this.",
            "speaker": "None",
            "qids": [],
            "date": "2020-01-16 12:00:00",
            "numOccurrences": 1,
            "probas": [["None", "0.8"]],
            "urls": ["https://www.example.com/c"],
            "phase": "E",
        },
    ]
    path = tmp_path / "quotes.json.bz2"
    path.write_bytes(bz2.compress("\n".join(json.dumps(line) for line in lines).encode()))
    first = cli("import", str(path), "--format", "quotebank", "--json")
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    assert summary["quotes_added"] == 2 and summary["quotes_skipped"] == 1
    assert summary["articles_added"] == 2 and summary["experts_added"] == 1
    again = json.loads(cli("import", str(path), "--format", "quotebank", "--json").stdout)
    assert again["quotes_added"] == 0
    profile = json.loads(cli("expert", "wikidata:Q456", "--json").stdout)
    assert profile["name"] == "Jane Minister" and "wikidata:Q123" in profile["aliases"]
    assert {q["outlet"] for q in profile["quotes_list"]} == {"example.com", "news.example.org"}
    assert {q["published"] for q in profile["quotes_list"]} == {"2020-01-16"}
    hits = json.loads(cli("search", "borders", "--json").stdout)
    assert len(hits) == 2 and hits[0]["speaker"]["name"] == "Jane Minister"
