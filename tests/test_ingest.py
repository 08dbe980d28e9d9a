"""Ingesting articles through the real CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import create_engine, select, update
from sqlalchemy.orm import Session

from conftest import SEEDS, Cli, seeded_archive
from quotesdb.db.models import Quote

SEED_EXPERTS = {
    "Sergei Markov": "former Kremlin adviser",
    "Alexander Vorontsov": "Institute of Oriental Studies",
    "Sergei Strokan": "Kommersant",
    "Fyodor Lukyanov": "Russia in Global Affairs",
}


def _stats(cli: Cli) -> dict[str, int]:
    result = cli("stats", "--json")
    assert result.exit_code == 0, result.output
    counts: dict[str, int] = json.loads(result.stdout)
    return counts


def test_ingest_seeds_builds_the_archive(cli: Cli) -> None:
    result = cli("ingest", str(SEEDS))
    assert result.exit_code == 0, result.output
    assert "2 new" in result.output
    counts = _stats(cli)
    assert counts["outlets"] == 2 and counts["authors"] == 2 and counts["articles"] == 2
    assert counts["quotes"] >= 11

    experts = json.loads(cli("experts", "--json").stdout)
    by_name = {e["name"]: e for e in experts}
    for name, key in SEED_EXPERTS.items():
        assert key in (by_name[name]["description"] or ""), name
        assert by_name[name]["outlets"] == ["The Christian Science Monitor"]
        assert by_name[name]["last_quoted"] == "2023-09-13"
    assert "Kim Jong Un" in by_name
    assert by_name["Sergei Strokan"]["quotes"] == 3
    assert set(by_name) >= set(SEED_EXPERTS)

    again = cli("ingest", str(SEEDS))
    assert again.exit_code == 0
    assert "2 unchanged" in again.output
    assert _stats(cli) == counts


def test_outlets_and_authors_are_the_seeds(cli: Cli) -> None:
    assert cli("ingest", str(SEEDS)).exit_code == 0
    hill = json.loads(cli("expert", "Kim Jong Un", "--json").stdout)
    outlets = {q["article"]["outlet"] for q in hill["quotes_list"]}
    assert outlets == {"The Hill", "The Christian Science Monitor"}


def test_edited_article_updates_without_duplicates_and_keeps_hand_edits(
    cli: Cli, seeds_copy: Path
) -> None:
    assert cli("ingest", str(seeds_copy)).exit_code == 0
    before = _stats(cli)
    engine = create_engine(cli.url or "")
    with Session(engine) as session, session.begin():
        strokan = session.scalars(select(Quote).where(Quote.text.like("At this point%"))).one()
        session.execute(
            update(Quote)
            .where(Quote.id == strokan.id)
            .values(text="At this point, it is just talk.", hand_edited=True)
        )
    monitor = seeds_copy / "001_555ad3647e4d8dff.txt"
    edited = monitor.read_text(encoding="utf-8").replace(
        "“So we are just restoring a process that began earlier.”", ""
    )
    monitor.write_text(edited, encoding="utf-8")

    result = cli("ingest", str(seeds_copy))
    assert result.exit_code == 0, result.output
    assert "1 updated" in result.output and "1 unchanged" in result.output
    after = _stats(cli)
    assert after["articles"] == before["articles"]
    assert after["quotes"] == before["quotes"] - 1
    with Session(engine) as session:
        texts = set(session.scalars(select(Quote.text)))
    assert "At this point, it is just talk." in texts
    assert not any(t.startswith("So we are just restoring") for t in texts)
    engine.dispose()


def test_a_failing_article_leaves_the_others_stored(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a_good.md").write_text(
        "---\ntitle: Good\noutlet: Example Times\n---\n“It works,” said Jane Doe, a tester.\n",
        encoding="utf-8",
    )
    (folder / "b_broken.md").write_text("---\ntitle: [unclosed\n---\nText.\n", encoding="utf-8")
    (folder / "c_binary.txt").write_bytes(b"\xff\xfe\x00\x01 not text")
    (folder / "d_untitled.md").write_text("---\noutlet: X\n---\n\nA sentence.\n", encoding="utf-8")
    result = cli("ingest", str(folder))
    assert result.exit_code == 1
    assert "1 new" in result.output and "3 failed" in result.output
    assert "b_broken.md: broken front matter" in result.output
    assert "c_binary.txt" in result.output and "d_untitled.md: no title" in result.output
    assert "Traceback" not in result.output
    assert _stats(cli)["articles"] == 1


def test_bad_input_is_one_line_on_stderr(sqlite_cli: Cli, tmp_path: Path) -> None:
    missing = sqlite_cli.run("ingest", str(tmp_path / "nope.txt"))
    assert missing.returncode != 0
    assert missing.stderr.strip().count("\n") == 0 and "no such file" in missing.stderr
    dead = sqlite_cli.run("--database-url", "postgresql+psycopg://u:s3cret@127.0.0.1:1/x", "stats")
    assert dead.returncode != 0
    assert "Traceback" not in dead.stderr and dead.stderr.count("\n") == 1
    assert "s3cret" not in dead.stderr


def test_expert_lookup_by_surname_and_ambiguity(sqlite_cli: Cli, tmp_path: Path) -> None:
    seeded_archive(sqlite_cli.home, None)  # the seeds ingested (a copy of one ingest)
    profile = sqlite_cli("expert", "LUKYANOV", "--json")
    assert profile.exit_code == 0
    assert json.loads(profile.stdout)["name"] == "Fyodor Lukyanov"
    ambiguous = sqlite_cli("expert", "sergei")
    assert ambiguous.exit_code == 2
    assert "Sergei Markov" in ambiguous.output and "Sergei Strokan" in ambiguous.output
    assert sqlite_cli("expert", "Nobody Atall").exit_code == 1


def test_behind_schema_is_refused_with_the_fix(sqlite_cli: Cli) -> None:
    assert sqlite_cli("init").exit_code == 0
    from sqlalchemy import text

    engine = create_engine(f"sqlite:///{sqlite_cli.home / 'quotesdb.sqlite3'}")
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0000'"))
    result = sqlite_cli.run("stats")
    assert result.returncode == 1 and "quotesdb init" in result.stderr
    engine.dispose()


def test_review_queue_lists_weak_attributions_weakest_first(tmp_path: Path) -> None:
    from quotesdb.db.migrate import upgrade
    from quotesdb.db.models import Expert
    from quotesdb.db.review import review_queue
    from quotesdb.db.session import transaction

    engine = create_engine(f"sqlite:///{tmp_path / 'q.db'}")
    upgrade(engine)
    with transaction(engine) as session:
        who = Expert(name="Ann Lee", norm_name="ann lee")
        for n, conf in enumerate([0.9, 0.5, None, 0.65]):
            session.add(Quote(expert=who, text=f"q{n}", text_key=f"k{n}", confidence=conf))
    with transaction(engine) as session:
        assert [q.confidence for q in review_queue(session)] == [0.5, 0.65]
        weakest = review_queue(session)[0]
        weakest.hand_edited = True
    with transaction(engine) as session:
        assert [q.confidence for q in review_queue(session)] == [0.65]
    engine.dispose()


def test_retitled_article_reaches_hand_edited_quotes_in_the_index(
    sqlite_cli: Cli, seeds_copy: Path
) -> None:
    """The projection hole: a hand-edited quote kept its old title in the index."""
    assert sqlite_cli("ingest", str(seeds_copy)).exit_code == 0
    [hit] = json.loads(sqlite_cli("search", "manpower", "--json", "--limit", "1").stdout)
    assert sqlite_cli("edit", str(hit["id"]), "--description", "an analyst").exit_code == 0
    article = next(p for p in seeds_copy.iterdir() if hit["article"]["title"] in p.read_text())
    article.write_text(
        article.read_text().replace(hit["article"]["title"], "A new title"), encoding="utf-8"
    )
    assert sqlite_cli("ingest", str(seeds_copy)).exit_code == 0
    assert "A new title" in sqlite_cli("cite", str(hit["id"])).stdout
    assert sqlite_cli("check").exit_code == 0


def test_check_compares_content_not_timestamps(sqlite_cli: Cli) -> None:
    """A change the log never saw (an outlet renamed by hand in SQL, its change rows then
    deleted: the triggers log even a hand-written UPDATE) is found and repaired."""
    import sqlite3

    seeded_archive(sqlite_cli.home, None)  # the seeds ingested (a copy of one ingest)
    with sqlite3.connect(sqlite_cli.home / "quotesdb.sqlite3") as conn:
        (logged,) = conn.execute("SELECT max(seq) FROM changes").fetchone()
        conn.execute("UPDATE outlets SET name = 'Renamed Outlet'")
        assert conn.execute("DELETE FROM changes WHERE seq > ?", (logged,)).rowcount == 16
    result = sqlite_cli("check", "--json")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["repaired"]["stale"]) == 16
    assert "Renamed Outlet" in sqlite_cli("search", "manpower", "--json").stdout
    assert "index and database agree" in sqlite_cli("check").output


def test_ingest_stops_after_repeated_connection_failures(tmp_path: Path) -> None:
    """A database gone mid-ingest: three failures in a row, then one line, not one per file."""
    from quotesdb.config import resolve
    from quotesdb.db.ingest import MAX_CONNECTION_FAILURES, ingest_paths
    from quotesdb.db.session import make_engine

    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(8):
        (folder / f"a{n}.md").write_text(f"---\ntitle: T{n}\n---\nText {n}.\n", encoding="utf-8")
    dead = make_engine(resolve(tmp_path, "postgresql+psycopg://u@127.0.0.1:1/x"))
    summary = ingest_paths(dead, sorted(folder.iterdir()))
    assert len(summary.outcomes) == MAX_CONNECTION_FAILURES
    assert summary.stopped and "3 database failures in a row" in summary.stopped
