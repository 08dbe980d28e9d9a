"""Export and import through the real CLI: round trips, hand edits, bad lines, verify."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from conftest import SEEDS, Cli, seeded_archive


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
    seeded_archive(sqlite_cli.home, None)  # the seeds ingested (a copy of one ingest)
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
    seeded_archive(sqlite_cli.home, None)  # the seeds ingested (a copy of one ingest)
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
    articles = [q["article"] for q in profile["quotes_list"]]
    assert {a["outlet"] for a in articles} == {"example.com", "news.example.org"}
    assert {a["published"] for a in articles} == {"2020-01-16"}
    # One line with two URLs is one quote in two articles: search groups the copies.
    hits = json.loads(cli("search", "borders", "--json").stdout)
    assert len(hits) == 1 and hits[0]["speaker"]["name"] == "Jane Minister"
    assert hits[0]["also_count"] == 1
    every_copy = json.loads(cli("search", "borders", "--no-group", "--json").stdout)
    assert len(every_copy) == 2
    assert {h["id"] for h in every_copy} == {hits[0]["id"], hits[0]["also"][0]["id"]}


# ---- Quotebank in bulk -------------------------------------------------------------------


def _quotebank_file(path: Path, lines: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def _qb(
    n: int, text: str, speaker: str | None, urls: list[str], qids: tuple[str, ...] = ()
) -> dict[str, object]:
    return {
        "quoteID": f"q{n}",
        "quotation": text,
        "speaker": speaker,
        "qids": list(qids),
        "date": f"2020-02-0{n % 9 + 1}",
        "numOccurrences": 1,
        "probas": [[speaker, "0.7"], ["None", "0.3"]],
        "urls": urls,
        "phase": "E",
    }


def _table_counts(url: str) -> dict[str, int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    tables = ("experts", "expert_aliases", "outlets", "articles", "quotes", "changes")
    with engine.connect() as conn:
        counts = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables}
        counts["upserted quotes"] = conn.execute(
            text("SELECT count(DISTINCT quote_id) FROM changes WHERE op = 'upsert'")
        ).scalar_one()
    engine.dispose()
    return counts


def test_quotebank_duplicates_within_a_batch_are_stored_once(cli: Cli, tmp_path: Path) -> None:
    path = _quotebank_file(
        tmp_path / "dups.jsonl",
        [
            _qb(1, "We will win.", "Jane Minister", ["https://www.example.com/a"], ("Q1",)),
            # the same quote in the same article, by another spelling of the same new expert
            _qb(2, "we WILL win", "jane  minister", ["https://www.example.com/a"], ("Q1", "Q2")),
            # a new article at an outlet new in this batch (www. dropped), quote again
            _qb(3, "We will win.", "Mr. Jane Minister", ["https://example.com/b"]),
            # unsourced twice, by the same new expert: stored once
            _qb(4, "Off the record.", "Bob New", []),
            _qb(5, "Off the record!", "Bob New", [], ("Q2",)),
            # the same words unsourced by someone else: their own quote
            _qb(6, "Off the record.", "Carl Other", []),
            # skipped: no speaker, "None", no text
            _qb(7, "Nobody said it.", "None", ["https://example.com/c"]),
            _qb(8, "Nobody said it either.", None, ["https://example.com/c"]),
            _qb(9, "   ", "Jane Minister", ["https://example.com/c"]),
        ],
    )
    result = cli("import", str(path), "--format", "quotebank", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "lines": 9,
        "quotes_added": 4,
        "quotes_skipped": 5,
        "articles_added": 2,
        "experts_added": 3,
        "refused": 0,
    }
    assert cli.url is not None
    assert _table_counts(cli.url) == {
        "experts": 3,
        "expert_aliases": 5,  # three names, wikidata:Q1 and wikidata:Q2 (Jane's, first)
        "outlets": 1,
        "articles": 2,
        "quotes": 4,
        "changes": 4,
        "upserted quotes": 4,
    }
    jane = json.loads(cli("expert", "wikidata:Q2", "--json").stdout)
    assert jane["name"] == "Jane Minister" and len(jane["quotes_list"]) == 2
    again = json.loads(cli("import", str(path), "--format", "quotebank", "--json").stdout)
    assert again == {**json.loads(result.stdout), "quotes_added": 0, "quotes_skipped": 9} | {
        "articles_added": 0,
        "experts_added": 0,
        "refused": 0,
    }
    assert _table_counts(cli.url)["quotes"] == 4


def test_quotebank_finds_an_expert_by_alias_and_spans_batches(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import quotesdb.db.transfer

    monkeypatch.setattr(quotesdb.db.transfer, "QUOTEBANK_BATCH_LINES", 2)
    assert cli("add", "Said on the phone.", "--speaker", "Robert Ray", "--no-prompt").exit_code == 0
    assert cli("expert", "alias", "Robert Ray", "Bob Ray").exit_code == 0
    assert cli.url is not None
    before = _table_counts(cli.url)
    path = _quotebank_file(
        tmp_path / "alias.jsonl",
        [
            _qb(1, "Said on the phone.", "Bob Ray", []),  # his unsourced quote: stored
            _qb(2, "Rates will rise.", "Bob Ray", ["https://example.com/1"], ("Q9",)),
            _qb(3, "Rates will rise.", "Robert Ray", ["https://example.com/1"]),  # next batch
            _qb(4, "Rates will fall.", "Someone Else", ["https://example.com/1"], ("Q9",)),
            _qb(5, "Rates will fall.", "Someone Else", ["https://example.com/2"]),
        ],
    )
    result = cli("import", str(path), "--format", "quotebank", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "lines": 5,
        "quotes_added": 3,
        "quotes_skipped": 2,
        "articles_added": 2,
        "experts_added": 1,
        "refused": 0,
    }
    after = _table_counts(cli.url)
    assert after["experts"] == before["experts"] + 1
    # Someone Else's name only: wikidata:Q9 was already Robert Ray's
    assert after["expert_aliases"] == before["expert_aliases"] + 2
    # Each new quote is logged, and so are the quotes of an expert who gained an alias
    # (the index's speaker field lists aliases): the triggers of migration 0007.
    assert after["changes"] > before["changes"] + 3 and after["upserted quotes"] == after["quotes"]
    checked = json.loads(cli("check", "--json").stdout)
    assert checked["repaired"] == {"missing": [], "extra": [], "stale": []}
    profile = json.loads(cli("expert", "wikidata:Q9", "--json").stdout)
    assert profile["name"] == "Robert Ray" and len(profile["quotes_list"]) == 2


def test_a_bad_quotebank_line_keeps_the_batches_before_it(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import quotesdb.db.transfer

    monkeypatch.setattr(quotesdb.db.transfer, "QUOTEBANK_BATCH_LINES", 2)
    lines = [
        json.dumps(_qb(n, f"Quote {n}.", "Jane Minister", [f"https://e.com/{n}"])) for n in range(5)
    ]
    bad = _qb(9, "Bad date.", "Jane Minister", ["https://e.com/9"]) | {"date": "2020-13-45"}
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join([*lines[:3], json.dumps(bad), *lines[3:]]) + "\n", encoding="utf-8")
    result = cli("import", str(path), "--format", "quotebank")
    assert result.exit_code == 1
    message = result.output.strip()
    assert "line 4: bad Quotebank line" in message and "\n" not in message
    assert message.endswith("; 2 lines imported before it") and message.count("imported") == 1
    assert cli.url is not None
    assert _table_counts(cli.url)["quotes"] == 2
    path.write_text("\n".join([*lines[:3], "{oops", *lines[3:]]) + "\n", encoding="utf-8")
    message = cli("import", str(path), "--format", "quotebank").output.strip()
    assert "line 4: not JSON" in message and message.endswith("; 2 lines imported before it")


def test_quotebank_progress_is_in_bytes_of_the_compressed_file(tmp_path: Path) -> None:
    import bz2

    from quotesdb.config import resolve
    from quotesdb.db.session import make_engine, require_schema
    from quotesdb.db.transfer import import_quotebank

    lines = [
        _qb(n, f"Quote number {n}.", f"Speaker {n % 7}", [f"https://e.com/{n}"])
        for n in range(2500)
    ]
    path = tmp_path / "q.json.bz2"
    path.write_bytes(bz2.compress("".join(json.dumps(line) + "\n" for line in lines).encode()))
    engine = make_engine(resolve(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite3'}"))
    require_schema(engine, create=True)
    seen: list[tuple[int, int]] = []
    summary = import_quotebank(engine, path, lambda done, total: seen.append((done, total)))
    engine.dispose()
    assert summary.quotes_added == 2500
    size = path.stat().st_size
    assert len(seen) >= 3 and {total for _done, total in seen} == {size}
    assert [done for done, _total in seen] == sorted(done for done, _total in seen)
    assert seen[-1] == (size, size)


def test_a_concurrent_writer_is_retried_around(pg_url: str, tmp_path: Path) -> None:
    """Another process stores the same expert between the batch's SELECT and INSERT."""
    from sqlalchemy import text

    import quotesdb.db.quotebank as quotebank
    from quotesdb.config import resolve
    from quotesdb.db.session import make_engine, require_schema
    from quotesdb.db.transfer import import_quotebank

    engine = make_engine(resolve(tmp_path, pg_url))
    require_schema(engine, create=True)
    other = make_engine(resolve(tmp_path, pg_url))
    original = quotebank._Batch._insert
    calls = []

    def racing_insert(self: quotebank._Batch) -> None:
        calls.append(1)
        if len(calls) == 1:
            with other.begin() as conn:
                expert_id = conn.execute(
                    text(
                        "INSERT INTO experts (name, norm_name, is_person, created_at) "
                        "VALUES ('Jane Minister', 'jane minister', true, now()) RETURNING id"
                    )
                ).scalar_one()
                conn.execute(
                    text(
                        "INSERT INTO expert_aliases (expert_id, alias, norm_alias) "
                        "VALUES (:e, 'Jane Minister', 'jane minister')"
                    ),
                    {"e": expert_id},
                )
        original(self)

    path = _quotebank_file(tmp_path / "q.jsonl", [_qb(1, "Mine.", "Jane Minister", [])])
    try:
        quotebank._Batch._insert = racing_insert  # type: ignore[method-assign]
        summary = import_quotebank(engine, path)
    finally:
        quotebank._Batch._insert = original  # type: ignore[method-assign]
        other.dispose()
    engine.dispose()
    assert len(calls) == 2
    assert (summary.quotes_added, summary.experts_added) == (1, 0)
    assert _table_counts(pg_url)["experts"] == 1


def test_jsonl_import_in_bulk_matches_record_by_record(cli: Cli, tmp_path: Path) -> None:
    """Within one batch: an expert known by an alias, the latest description, duplicates."""
    assert cli("add", "Said on the phone.", "--speaker", "Robert Ray", "--no-prompt").exit_code == 0
    assert cli("expert", "alias", "Robert Ray", "Bob Ray").exit_code == 0
    article = {
        "type": "article",
        "key": "url:https://e.com/1",
        "title": "One",
        "outlet": "The Hill",
    }
    records = [
        {"format": "quotesdb/1"},
        article | {"url": "https://e.com/1", "authors": ["Ann Writer"]},
        article | {"title": "Ignored: the article is stored already"},
        {
            "type": "expert",
            "name": "Bob Ray",
            "aliases": ["R. Ray"],
            "description": "an economist",
            "described_on": "2020-01-01",
        },
        {
            "type": "expert",
            "name": "R. Ray",
            "description": "a banker",
            "described_on": "2019-01-01",
        },
        {
            "type": "quote",
            "article": "url:https://e.com/1",
            "speaker": "R. Ray",
            "text": "Rates rise.",
            "topics": [{"name": "Rates", "source": "hand"}],
            "revisions": [{"text": "Rates rose."}],
        },
        {
            "type": "quote",
            "article": "url:https://e.com/1",
            "speaker": "Bob Ray",
            "text": "rates RISE",
        },
        {"type": "quote", "article": None, "speaker": "Robert Ray", "text": "Said on the phone."},
        {"type": "tombstone", "article": "url:https://e.com/1", "key": "abc"},
        {"type": "tombstone", "article": "url:https://e.com/1", "key": "abc"},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = cli("import", str(path), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "lines": 9,
        "quotes_added": 1,
        "quotes_skipped": 2,
        "articles_added": 1,
        "experts_added": 0,
        "refused": 0,
    }
    profile = json.loads(cli("expert", "R. Ray", "--json").stdout)
    assert profile["name"] == "Robert Ray" and profile["description"] == "an economist"
    assert json.loads(cli("search", "topic:rates", "--json").stdout)[0]["text"] == "Rates rise."
    assert cli.url is not None
    counts = _table_counts(cli.url)
    assert counts["quotes"] == counts["upserted quotes"] == 2
    unknown = {"type": "quote", "article": "url:nowhere", "speaker": "X", "text": "Lost."}
    path.write_text("".join(json.dumps(r) + "\n" for r in [records[0], unknown]), encoding="utf-8")
    message = cli("import", str(path)).output.strip()
    assert "line 2: bad quote record" in message and "comes before no article record" in message


def test_postgres_tables_are_analysed_as_an_import_grows(pg_url: str, tmp_path: Path) -> None:
    """Batches 1, 2, 4, 8…: without it a young table is planned as empty and scanned whole."""
    from sqlalchemy import create_engine, text

    from quotesdb.db.bulk import refresh_planner_statistics
    from quotesdb.db.migrate import upgrade

    engine = create_engine(pg_url)
    upgrade(engine)

    def rows_known() -> float:
        with engine.connect() as conn:
            return float(
                conn.execute(
                    text(
                        "SELECT reltuples FROM pg_class WHERE relname = 'outlets' "
                        "AND relnamespace = current_schema()::regnamespace"
                    )
                ).scalar_one()
            )

    with engine.begin() as conn:
        conn.execute(text("INSERT INTO outlets (name, norm_name) VALUES ('A', 'a'), ('B', 'b')"))
    assert rows_known() < 0  # never analysed
    refresh_planner_statistics(engine, 3)  # not a power of two: nothing
    assert rows_known() < 0
    refresh_planner_statistics(engine, 4)
    assert rows_known() == 2
    sqlite = create_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    refresh_planner_statistics(sqlite, 1)  # SQLite: nothing to do, and no error
    engine.dispose()
