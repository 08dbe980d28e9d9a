"""The change log is written by the database (migration 0007's triggers), not by each
service: every writing path leaves the search index and the trace keys in step.

After each write the index catches up from the log alone and `quotesdb check` must find
nothing to repair (a write the log missed shows as a stale, missing or extra quote), and
the trace keys caught up from the log must equal the keys computed afresh from `quotes`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from conftest import SEEDS, Cli
from quotesdb.config import normalise_url
from quotesdb.reports import trace_store


def in_step(cli: Cli, after: str) -> None:
    done = cli("check", "--json")
    assert done.exit_code == 0, (after, done.output)
    report = json.loads(done.stdout)
    assert report["repaired"] == {"missing": [], "extra": [], "stale": []}, after
    assert not report["rebuilt"], after  # a rebuild would hide what the log missed
    url = cli.url or f"sqlite:///{cli.home / 'quotesdb.sqlite3'}"
    engine = create_engine(normalise_url(url))
    try:
        with engine.begin() as conn:
            trace_store.catch_up(conn)
            stored = set(conn.execute(text("SELECT quote_id, band, key FROM quote_shingles")))
            quotes = conn.execute(text("SELECT id, text, text_key FROM quotes")).all()
        fresh = set(trace_store.rows_for((int(i), str(t), str(k)) for i, t, k in quotes))
        assert stored == fresh, after
    finally:
        engine.dispose()


def ok(cli: Cli, *args: str, input: str | None = None) -> str:
    done = cli(*args, input=input)
    assert done.exit_code == 0, (args, done.output)
    return done.stdout


def quote_ids(cli: Cli, *args: str) -> list[int]:
    return [hit["id"] for hit in json.loads(ok(cli, "search", *args, "--json", "--limit", "500"))]


ARTICLE = """---
title: {title}
outlet: Quay Weekly Online
url: https://quay.example/harbour
published: 2024-04-05
---
The harbour reopened on Monday.

"We dredged every berth twice," said Orla Quayside, the harbour master.

{extra}
"""
EXTRA = '"The cranes are older than I am," said Tomas Winch, a crane driver.'


def quotebank_line(n: int) -> dict[str, object]:
    return {
        "quoteID": f"q{n}",
        "quotation": f"Harbour line {n} is new.",
        "speaker": "Orla Quay-Side",
        "qids": [],
        "date": "2020-01-02 00:00:00",
        "probas": [["Orla Quay-Side", "0.9"]],
        "urls": [f"https://quay.example/bank-{n}"] if n % 2 else [],
    }


@pytest.mark.slow
def test_every_writing_path_keeps_the_index_and_trace_keys_in_step(
    cli: Cli, tmp_path: Path
) -> None:
    ok(cli, "ingest", str(SEEDS))
    in_step(cli, "ingest")

    added = json.loads(
        ok(cli, "add", "Tides keep their own calendar.", "--speaker", "Orla Quayside",
           "--title", "Harbour notes", "--outlet", "Quay Weekly", "--author", "Ben Mooring",
           "--date", "2024-03-02", "--topic", "oceans", "--json")
    )["id"]  # fmt: skip
    ok(cli, "add", "Nets mend slower than boats.", "--speaker", "Orla Q.", "--json")
    in_step(cli, "add")

    ok(cli, "edit", str(added), "--text", "Tides keep a calendar of their own.",
       "--description", "harbour master", "--no-prompt")  # fmt: skip
    in_step(cli, "edit")
    ok(cli, "tag", str(added), "weather")
    in_step(cli, "tag")
    ok(cli, "edit", str(added), "--untag", "oceans", "--no-prompt")
    in_step(cli, "untag")

    ok(cli, "expert", "alias", "Orla Quayside", "O. Quayside")
    in_step(cli, "expert alias")
    ok(cli, "expert", "merge", "Orla Quayside", "Orla Q.")
    in_step(cli, "expert merge")
    ok(cli, "expert", "rename", "Orla Quayside", "Orla Quay-Side")
    in_step(cli, "expert rename")
    ok(cli, "add", "Lighthouses are patient.", "--speaker", "Pim Keeper")
    ok(cli, "expert", "delete", "Pim Keeper", "--reassign-to", "Orla Quay-Side")
    in_step(cli, "expert delete --reassign-to")

    article = json.loads(ok(cli, "show", str(added), "--json"))["article"]["id"]
    ok(cli, "article", "edit", str(article), "--title", "Harbour notes, revised",
       "--author", "Cleo Anchor", "--date", "2024-03",
       "--url", "https://quay.example/notes")  # fmt: skip
    in_step(cli, "article edit")
    ok(cli, "outlets", "rename", "Quay Weekly", "The Quay Weekly")
    in_step(cli, "outlets rename")
    ok(cli, "add", "Buoys do not argue.", "--speaker", "Orla Quay-Side",
       "--title", "Buoy log", "--outlet", "Quay Daily")  # fmt: skip
    ok(cli, "outlets", "merge", "The Quay Weekly", "Quay Daily")
    in_step(cli, "outlets merge")

    weakest = quote_ids(cli, "kind:full")[:3]
    assert len(weakest) == 3
    ok(cli, "review", "--below", "1.0", "--limit", "3", "--prompt",
       input="c\nOrla Quay-Side\nn\na\n")  # fmt: skip
    in_step(cli, "review decisions")

    ok(cli, "delete", str(added), "--yes")
    in_step(cli, "delete")

    other = Cli(tmp_path / "other-home", None)
    ok(other, "add", "Anchors prefer mud.", "--speaker", "Orla Quay-Side",
       "--url", "https://quay.example/mud", "--title", "Mud",
       "--outlet", "The Quay Weekly")  # fmt: skip
    ok(other, "add", "Gulls file no reports.", "--speaker", "Rafe Gullwing", "--topic", "birds")
    export = tmp_path / "other.jsonl"
    ok(other, "export", "-o", str(export))
    ok(cli, "import", str(export), "--quiet")
    in_step(cli, "import")

    quotebank = tmp_path / "quotebank.jsonl"
    quotebank.write_text("".join(json.dumps(quotebank_line(n)) + "\n" for n in range(6)))
    ok(cli, "import", str(quotebank), "--format", "quotebank", "--quiet")
    in_step(cli, "quotebank import")

    page = tmp_path / "harbour.md"
    page.write_text(ARTICLE.format(title="Harbour", extra=EXTRA), encoding="utf-8")
    ok(cli, "ingest", str(page))
    in_step(cli, "ingest of a new article")
    page.write_text(ARTICLE.format(title="Harbour, corrected", extra=""), encoding="utf-8")
    assert "1 updated" in cli("ingest", str(page)).output
    in_step(cli, "re-ingest of a changed article")


def test_a_write_in_plain_sql_is_logged_too(sqlite_cli: Cli) -> None:
    """No service at all: the database itself logs the write."""
    import sqlite3

    ok(sqlite_cli, "ingest", str(SEEDS))
    in_step(sqlite_cli, "ingest")
    with sqlite3.connect(sqlite_cli.home / "quotesdb.sqlite3") as conn:
        before = conn.execute("SELECT count(*) FROM changes").fetchone()[0]
        conn.execute("UPDATE experts SET name = name || ' Jr' WHERE id = 1")
        conn.execute("UPDATE quotes SET reviewed_at = CURRENT_TIMESTAMP")  # not indexed
        logged = conn.execute("SELECT count(*) FROM changes").fetchone()[0] - before
        quotes = conn.execute("SELECT count(*) FROM quotes WHERE expert_id = 1").fetchone()[0]
    assert logged == quotes > 0
    in_step(sqlite_cli, "plain SQL")


@pytest.mark.parametrize("table", ["quotes", "experts", "articles", "outlets", "authors"])
def test_the_triggers_are_dropped_on_downgrade(tmp_path: Path, table: str) -> None:
    from quotesdb.db.migrate import downgrade, upgrade

    engine = create_engine(f"sqlite:///{tmp_path / 'q.sqlite3'}")
    upgrade(engine)
    with engine.connect() as conn:
        names = set(conn.scalars(text("SELECT name FROM sqlite_master WHERE type='trigger'")))
    assert f"changes_on_{table}_update" in names
    downgrade(engine, "0006")
    with engine.connect() as conn:
        assert not list(conn.scalars(text("SELECT name FROM sqlite_master WHERE type='trigger'")))
    engine.dispose()


def test_a_notes_edit_is_logged_and_undone_by_downgrade(cli: Cli) -> None:
    """Notes are indexed (searchable), so 0011 adds them to the quotes trigger's columns;
    downgrading to 0010 puts back 0010's trigger, which ignores them."""
    from quotesdb.db.migrate import downgrade

    ok(cli, "add", "Notes are words too.", "--speaker", "Ilse Notetaker", "--no-prompt")
    engine = create_engine(normalise_url(cli.url or ""))
    try:

        def logged_by(sql: str) -> int:
            with engine.begin() as conn:
                before = conn.execute(text("SELECT count(*) FROM changes")).scalar_one()
                conn.execute(text(sql))
                return int(conn.execute(text("SELECT count(*) FROM changes")).scalar_one() - before)

        assert logged_by("UPDATE quotes SET notes = 'Call back'") == 1
        assert logged_by("UPDATE quotes SET notes = 'Call back'") == 0  # nothing changed
        downgrade(engine, "0010")
        assert logged_by("UPDATE quotes SET notes = 'Call later'") == 0
        assert logged_by("UPDATE quotes SET text = 'Notes are words, too.'") == 1
    finally:
        engine.dispose()
