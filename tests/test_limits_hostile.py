"""One set of field limits on SQLite and PostgreSQL, checked before the database: what one
store refuses the other refuses too, with the same one-line error."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Cli


def _one_line(done: object) -> str:
    stderr: str = done.stderr  # type: ignore[attr-defined]
    assert done.returncode == 1 and "Traceback" not in stderr, stderr  # type: ignore[attr-defined]
    assert stderr.count("\n") == 1, stderr
    return stderr


def test_fields_past_their_column_or_with_nul_are_refused_alike(
    db_url: str, tmp_path: Path
) -> None:
    cli = Cli(tmp_path / "home", db_url)
    add = ("add", "Columns have limits.", "--no-prompt")
    long_name = _one_line(cli.run(*add, "--speaker", "N" * 301))
    assert "speaker has 301 characters, more than the 300 the database holds" in long_name
    long_topic = _one_line(cli.run(*add, "--speaker", "Ola Column", "--topic", "t" * 201))
    assert "topic has 201 characters" in long_topic
    long_title = cli.run(
        *add, "--speaker", "Ola Column", "--url", "https://x.example/a", "--title", "T" * 1001
    )
    assert "title has 1,001 characters" in _one_line(long_title)
    nul = _one_line(cli.run("add", "-", "--speaker", "Ola Column", input="Null\x00 words."))
    assert "NUL" in nul
    assert cli.run(*add, "--speaker", "N" * 300).returncode == 0  # at the limit: stored
    renamed = cli.run("edit", "1", "--speaker", "M" * 301, "--new-expert")
    assert renamed.returncode == 1 and "the database holds" in renamed.stderr

    page = tmp_path / "long-title.md"
    page.write_text(
        f"---\ntitle: {'W' * 1001}\n---\n“Titles end somewhere,” said Ola Column.\n",
        encoding="utf-8",
    )
    ingested = cli.run("ingest", str(page))
    assert ingested.returncode == 1 and "title has 1,001 characters" in ingested.stderr

    path = tmp_path / "long.jsonl"
    records = [
        {"format": "quotesdb/1"},
        {"type": "quote", "speaker": "S" * 301, "text": "Imported past the column."},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    imported = _one_line(cli.run("import", str(path)))
    assert "line 2: `speaker` has 301 characters" in imported
    experts = json.loads(cli.run("experts", "--json").stdout)
    assert [len(e["name"]) for e in experts] == [300]
