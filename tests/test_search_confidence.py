"""`search --min-confidence`: the extractor's confidence as an index filter (issue 13)."""

from __future__ import annotations

import json

from conftest import SEEDS, Cli, seeded_archive


def _texts(cli: Cli, *args: str) -> set[str]:
    result = cli("search", *args, "--json", "--limit", "1000")
    assert result.exit_code == 0, result.output
    return {hit["text"] for hit in json.loads(result.stdout)}


def _extracted(cli: Cli) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for path in sorted(SEEDS.glob("*.txt")):
        result = cli("extract", str(path), "--json")
        assert result.exit_code == 0, result.output
        out += [q for q in json.loads(result.stdout) if q["speaker"]]
    return out


def test_min_confidence_keeps_only_surer_attributions(sqlite_cli: Cli) -> None:
    seeded_archive(sqlite_cli.home, None)  # the seeds ingested (a copy of one ingest)
    quotes = _extracted(sqlite_cli)
    every = _texts(sqlite_cli)
    sure = _texts(sqlite_cli, "--min-confidence", "0.9")
    want = {str(q["text"]) for q in quotes if float(str(q["confidence"])) >= 0.9}
    assert want and sure == want
    assert sure < every  # the seeds have weaker attributions too
    assert _texts(sqlite_cli, "--min-confidence", "0") == every
    assert _texts(sqlite_cli, "--min-confidence", "0.9", "--expert", "strokan") < sure


def test_quotes_entered_by_hand_count_as_certain(sqlite_cli: Cli) -> None:
    added = sqlite_cli(
        "add",
        "Rates will stay where they are.",
        "--speaker",
        "Ines Varga",
        "--url",
        "https://example.com/r",
        "--title",
        "Rates",
        "--outlet",
        "Example Post",
        "--no-prompt",
    )
    assert added.exit_code == 0, added.output
    assert _texts(sqlite_cli, "--min-confidence", "1") == {"Rates will stay where they are."}


def test_min_confidence_out_of_range_is_refused(sqlite_cli: Cli) -> None:
    result = sqlite_cli("search", "--min-confidence", "1.5")
    assert result.exit_code == 2
