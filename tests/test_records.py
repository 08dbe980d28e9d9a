"""Managing the archive through the real CLI: show, articles, outlets, experts, review."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import Cli, seeded_archive


def _ok(cli: Cli, *args: str, input: str | None = None) -> Any:
    result = cli(*args, input=input)
    assert result.exit_code == 0, (args, result.output)
    return result


def _json(cli: Cli, *args: str, input: str | None = None) -> Any:
    return json.loads(_ok(cli, *args, "--json", input=input).stdout)


def _quote_id(cli: Cli, speaker: str, words: str) -> int:
    hits = _json(cli, "search", words, "--expert", speaker)
    assert hits, (speaker, words)
    return int(hits[0]["id"])


@pytest.fixture
def seeded(cli: Cli) -> Cli:
    return seeded_archive(cli.home, cli.url)


@pytest.fixture
def seeded_sqlite(sqlite_cli: Cli) -> Cli:
    return seeded_archive(sqlite_cli.home, None)


def test_show_gives_the_quote_in_its_paragraph_and_its_history(seeded: Cli) -> None:
    quote_id = _quote_id(seeded, "Lukyanov", "sanctions")
    shown = _ok(seeded, "show", str(quote_id)).stdout
    assert "Fyodor Lukyanov" in shown and "The Christian Science Monitor" in shown
    assert "»Russia will try" in shown and re.search(r"confidence 0\.\d\d", shown)
    _ok(seeded, "edit", str(quote_id), "--description", "a Russian analyst")
    record = _json(seeded, "show", str(quote_id), "--history")
    assert record["speaker"]["description"] == "a Russian analyst"
    assert record["paragraph"] and record["hand_edited"] is True
    [revision] = record["history"]
    assert revision["before"]["speaker_description"].startswith("editor of Russia")
    assert "1 earlier versions" in _ok(seeded, "show", str(quote_id), "--history").stdout
    assert seeded("show", "99999").exit_code == 1


def test_one_json_shape_for_a_quote(seeded_sqlite: Cli) -> None:
    cli = seeded_sqlite
    quote_id = _quote_id(cli, "Lukyanov", "sanctions")
    from_search = _json(cli, "search", "sanctions", "--expert", "Lukyanov")[0]
    from_show = _json(cli, "show", str(quote_id))
    from_expert = next(
        q for q in _json(cli, "expert", "Lukyanov")["quotes_list"] if q["id"] == quote_id
    )
    core = {"id", "text", "speaker", "article", "topics", "kind"}
    for record in (from_search, from_show, from_expert):
        assert core <= set(record)
        assert {k: record[k] for k in core - {"article"}} == {
            k: from_show[k] for k in core - {"article"}
        }
        assert set(from_search["article"]) <= set(record["article"])
    assert from_show.keys() - {"paragraph"} == from_expert.keys()


def test_formats_and_conflicts(seeded_sqlite: Cli) -> None:
    cli = seeded_sqlite
    csv_lines = _ok(cli, "search", "sanctions", "--format", "csv").stdout.splitlines()
    assert csv_lines[0].startswith("id,speaker,description,text,")
    jsonl = _ok(cli, "experts", "--format", "jsonl").stdout.splitlines()
    assert all(json.loads(line)["quotes"] >= 1 for line in jsonl) and len(jsonl) == 5
    table = _ok(cli, "outlets", "--format", "markdown").stdout
    assert table.startswith("| id | name | domain | articles | quotes |")
    assert json.loads(_ok(cli, "stats", "--format", "json").stdout)["quotes"] == 16
    for args in (
        ["search", "sanctions", "--markdown", "--json"],
        ["experts", "--format", "csv", "--json"],
        ["search", "x", "--cite", "--json"],
        ["stats", "--format", "yaml"],
    ):
        result = cli(*args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output


def test_kind_field_in_the_query(seeded_sqlite: Cli) -> None:
    partial = _json(seeded_sqlite, "search", "kind:partial")
    full = _json(seeded_sqlite, "search", "kind:full")
    assert partial and full and len(partial) + len(full) == 16
    assert {h["kind"] for h in partial} == {"partial"} and {h["kind"] for h in full} == {"full"}
    mixed = _json(seeded_sqlite, "search", "kind:full sanctions")
    assert mixed and {h["kind"] for h in mixed} == {"full"}
    assert len(mixed) < len(full)


def test_edit_speaker_resolves_names(seeded: Cli) -> None:
    quote_id = _quote_id(seeded, "Lukyanov", "sanctions")
    before = {e["name"] for e in _json(seeded, "experts")}
    _ok(seeded, "edit", str(quote_id), "--speaker", "Markov")
    assert _json(seeded, "show", str(quote_id))["speaker"]["name"] == "Sergei Markov"
    assert {e["name"] for e in _json(seeded, "experts")} == before

    ambiguous = seeded("edit", str(quote_id), "--speaker", "Sergei")
    assert ambiguous.exit_code == 2
    assert "Sergei Markov" in ambiguous.output and "Sergei Strokan" in ambiguous.output

    unknown = seeded("edit", str(quote_id), "--speaker", "Markoff Smith", "--no-prompt")
    assert unknown.exit_code == 1 and "--new-expert" in unknown.output
    asked = seeded("edit", str(quote_id), "--speaker", "Jane Roe", "--prompt", input="y\n")
    assert asked.exit_code == 0, asked.output
    _ok(seeded, "edit", str(quote_id), "--speaker", "Ann Other", "--new-expert")
    assert _json(seeded, "show", str(quote_id))["speaker"]["name"] == "Ann Other"


def test_experts_with_no_quotes_are_not_listed_and_filters(seeded: Cli) -> None:
    markov = [h["id"] for h in _json(seeded, "search", "--expert", "Markov")]
    for quote_id in markov:
        _ok(seeded, "edit", str(quote_id), "--speaker", "Strokan")
    names = {e["name"] for e in _json(seeded, "experts")}
    assert "Sergei Markov" not in names and "Sergei Strokan" in names

    by_topic = _json(seeded, "experts", "--topic", "sanctions")
    assert {e["name"] for e in by_topic} == {"Fyodor Lukyanov", "Sergei Strokan"}
    hill = _json(seeded, "experts", "--outlet", "Hill")
    assert [(e["name"], e["quotes"], e["outlets"]) for e in hill] == [
        ("Kim Jong Un", 6, ["The Hill"])
    ]
    assert [e["name"] for e in _json(seeded, "experts", "--min-quotes", "5")] == [
        "Kim Jong Un",
        "Sergei Strokan",
    ]
    assert _json(seeded, "experts", "--since", "2024-01-01") == []


def test_expert_rename_and_delete(cli: Cli, seeds_copy: Path) -> None:
    seeded = cli
    _ok(cli, "ingest", str(seeds_copy))
    _ok(seeded, "expert", "rename", "Fyodor Lukyanov", "Fyodor A. Lukyanov")
    assert _json(seeded, "expert", "Fyodor Lukyanov")["name"] == "Fyodor A. Lukyanov"
    hits = _json(seeded, "search", "--expert", "Lukyanov")
    assert hits and {h["speaker"]["name"] for h in hits} == {"Fyodor A. Lukyanov"}

    refused = seeded("expert", "delete", "Sergei Markov")
    assert refused.exit_code == 1 and "--reassign-to" in refused.output
    _ok(seeded, "expert", "delete", "Sergei Markov", "--reassign-to", "Sergei Strokan")
    assert seeded("expert", "Sergei Markov").exit_code == 1
    assert _json(seeded, "expert", "Strokan")["quotes"] == 5
    # The reassignment is a hand edit: re-ingesting the articles does not undo it.
    _reingest_changed(seeded, seeds_copy)
    assert _json(seeded, "expert", "Strokan")["quotes"] == 5


def test_articles_article_edit_and_outlets(seeded: Cli) -> None:
    listed = _json(seeded, "articles")
    assert [a["quotes"] for a in listed] == [10, 6]
    hill = _json(seeded, "articles", "--outlet", "The Hill")
    assert [a["outlet"] for a in hill] == ["The Hill"]
    assert _json(seeded, "articles", "--author", "fred weir")[0]["authors"] == ["Fred Weir"]
    assert _json(seeded, "articles", "--title", "frightening")[0]["id"] == hill[0]["id"]

    article_id = str(hill[0]["id"])
    edited = _json(
        seeded,
        "article",
        "edit",
        article_id,
        "--author",
        "Associated Press",
        "--author",
        "Martin Luther King Jr.",
        "--date",
        "2023-09",
    )
    assert edited["authors"] == ["Associated Press", "Martin Luther King Jr."]
    assert (edited["published"], edited["published_precision"]) == ("2023-09-01", "month")
    assert edited["quotes"] == 6 and len(edited["quotes_list"]) == 6
    quote_id = str(edited["quotes_list"][0]["id"])
    apa = _ok(seeded, "cite", quote_id, "--style", "apa").stdout
    assert apa.startswith("Associated Press, & King, M. L., Jr. (2023")
    viewing = seeded("article", article_id, "--title", "x")  # --title belongs to `edit`
    assert viewing.exit_code == 2 and "No such option: --title" in viewing.output
    assert "--title" not in seeded("article", "show", "--help").output
    assert "--title" in seeded("article", "edit", "--help").output

    _ok(seeded, "outlets", "rename", "The Hill", "The Hill (DC)")
    assert _json(seeded, "search", "--outlet", "Hill DC")[0]["article"]["outlet"] == "The Hill (DC)"
    merged = _json(seeded, "outlets", "merge", "The Christian Science Monitor", "The Hill (DC)")
    assert [(o["name"], o["articles"], o["quotes"]) for o in merged] == [
        ("The Christian Science Monitor", 2, 16)
    ]


def test_add_without_url_keeps_a_print_article(seeded_sqlite: Cli) -> None:
    cli = seeded_sqlite
    args = ["--speaker", "Jane Doe", "--title", "Fish stocks fall", "--outlet", "Example Times"]
    args += ["--author", "Associated Press", "--date", "2024-05-01", "--no-prompt"]
    record = _json(cli, "add", "The stocks will not recover.", *args)
    article = record["article"]
    assert article["title"] == "Fish stocks fall" and article["url"] is None
    assert article["outlet"] == "Example Times" and article["authors"] == ["Associated Press"]
    second = _json(cli, "add", "Nor will the boats.", *args)
    assert second["article"]["id"] == article["id"]
    cited = _ok(cli, "cite", str(record["id"]), "--style", "apa").stdout
    assert "personal communication" not in cited and "Associated Press. (2024" in cited
    call = _json(cli, "add", "Said on a call.", "--speaker", "Jane Doe", "--no-prompt")
    assert call["article"] is None


def _reingest_changed(cli: Cli, folder: Path) -> None:
    """Every article edited (a line added), then ingested again: all of it is re-read."""
    for path in folder.glob("*.txt"):
        path.write_text(path.read_text(encoding="utf-8") + "\n\nEnd.\n", encoding="utf-8")
    summary = _json(cli, "ingest", str(folder), "--quiet")
    assert summary["updated"] == 2, summary


# A bar high enough that the seeds give at least four attributions to decide on.
BAR = "0.9"


def _queue(cli: Cli) -> list[int]:
    return [q["id"] for q in _json(cli, "review", "--below", BAR)]


def test_review_decisions_are_kept_by_reingest(cli: Cli, seeds_copy: Path) -> None:
    seeded = cli
    _ok(cli, "ingest", str(seeds_copy))
    queue = _queue(seeded)
    records = _json(seeded, "review", "--below", BAR)
    assert len(queue) >= 4 and all(r["confidence"] < float(BAR) for r in records)
    assert [r["confidence"] for r in records] == sorted(r["confidence"] for r in records)
    assert _json(seeded, "review", "--below", "0.1") == []
    listed = _ok(seeded, "review", "--below", BAR, "--no-prompt").stdout
    assert f"#{queue[0]} " in listed

    # accept the first, no speaker for the second, correct the third, skip, then quit
    answers = "a\nn\nc\nSergei\nMarkov\ns\nq\n"
    done = _ok(seeded, "review", "--below", BAR, "--prompt", input=answers)
    assert "3 decided" in done.output
    first, second, third, fourth = queue[:4]
    after = _queue(seeded)
    assert first not in after and second not in after and third not in after
    assert fourth in after
    assert _json(seeded, "show", str(first))["reviewed"] is True
    assert seeded("show", str(second)).exit_code == 1
    assert _json(seeded, "show", str(third))["speaker"]["name"] == "Sergei Markov"

    _reingest_changed(seeded, seeds_copy)
    assert _queue(seeded) == after
    assert seeded("show", str(second)).exit_code == 1
    assert _json(seeded, "show", str(third))["speaker"]["name"] == "Sergei Markov"


def test_version(sqlite_cli: Cli) -> None:
    result = sqlite_cli("--version")
    assert result.exit_code == 0 and result.stdout.startswith("quotesdb ")
