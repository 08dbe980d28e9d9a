"""Adding, correcting, deleting and tagging by hand, through the real CLI."""

from __future__ import annotations

import json
import re

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from conftest import SEEDS, Cli, seeded_archive
from quotesdb.db.models import Quote, QuoteRevision

NEW = [
    "--speaker",
    "Jane Doe",
    "--description",
    "a fisheries economist at the University of Example",
    "--url",
    "https://example.com/news/fish",
    "--title",
    "Fish stocks fall",
    "--outlet",
    "Example Times",
    "--author",
    "Ann Writer",
    "--date",
    "2024-05-01",
    "--topic",
    "oceans",
]


def _add(cli: Cli, text: str, *extra: str) -> dict[str, object]:
    result = cli("add", text, *NEW, *extra, "--json", "--no-prompt")
    assert result.exit_code == 0, result.output
    record: dict[str, object] = json.loads(result.stdout)
    return record


def test_add_stores_a_quote_with_a_new_article(cli: Cli) -> None:
    record = _add(cli, "The stocks will not recover this decade.")
    assert record["speaker"] == {
        "name": "Jane Doe",
        "description": "a fisheries economist at the University of Example",
    }
    article = record["article"]
    assert isinstance(article, dict)
    assert article["outlet"] == "Example Times" and article["authors"] == ["Ann Writer"]
    assert article["published"] == "2024-05-01"
    assert record["topics"] == ["oceans"] and record["origin"] == "hand"

    again = cli("add", "The stocks  will not recover this decade.", *NEW, "--no-prompt")
    assert again.exit_code == 1
    assert f"already stored as #{record['id']}" in again.output


def test_add_reads_stdin_and_refuses_missing_fields(cli: Cli) -> None:
    piped = cli("add", "-", "--speaker", "Bo Li", "--no-prompt", input="Words from a call.\n")
    assert piped.exit_code == 0, piped.output
    assert re.fullmatch(r"Added quote #\d+ by Bo Li\.", piped.stdout.strip()), piped.stdout
    no_speaker = cli("add", "Something said.", "--no-prompt")
    assert no_speaker.exit_code == 1 and "--speaker is required" in no_speaker.output
    empty = cli("add", "   ", "--speaker", "Bo Li", "--no-prompt")
    assert empty.exit_code == 1 and "empty" in empty.output
    bad_date = cli("add", "x y", "--speaker", "Bo Li", "--date", "2024-13-40", "--no-prompt")
    assert bad_date.exit_code == 1 and "--date: 2024-13-40 is not a date" in bad_date.output
    bad_url = cli("add", "x y", "--speaker", "Bo Li", "--url", "notaurl", "--no-prompt")
    assert bad_url.exit_code == 1 and "not an http(s) URL" in bad_url.output
    assert json.loads(cli("stats", "--json").stdout)["quotes"] == 1


def test_add_prompts_for_what_is_missing(cli: Cli) -> None:
    cli("add", "Known words.", "--speaker", "Jane Doe", "--no-prompt")
    result = cli(
        "add",
        "--prompt",
        "--url",
        "https://example.org/story",
        "--json",
        input="Asked on the phone.\nJane Doe\nA story\nExample Post\n",
    )
    assert result.exit_code == 0, result.output
    assert "known: Jane Doe" in result.output
    record = json.loads(result.stdout[result.stdout.index("{") :])
    assert record["text"] == "Asked on the phone."
    assert record["article"]["title"] == "A story"
    assert record["article"]["outlet"] == "Example Post"


def test_edit_keeps_the_extracted_words_for_audit(cli: Cli) -> None:
    quote_id = _add(cli, "Stocks are falling fast.")["id"]
    result = cli(
        "edit",
        str(quote_id),
        "--text",
        "Stocks are falling very fast.",
        "--topic",
        "fish",
        "--json",
    )
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["text"] == "Stocks are falling very fast." and record["hand_edited"]
    assert record["topics"] == ["fish", "oceans"]
    untag = json.loads(cli("edit", str(quote_id), "--untag", "oceans", "--json").stdout)
    assert untag["topics"] == ["fish"]
    engine = create_engine(cli.url or "")
    with Session(engine) as session:
        revisions = session.scalars(select(QuoteRevision).order_by(QuoteRevision.id)).all()
        assert next(r.before["text"] for r in revisions) == "Stocks are falling fast."
    engine.dispose()
    assert cli("edit", "999999", "--text", "x").exit_code == 1
    assert cli("edit", str(quote_id)).exit_code == 1


def test_delete_tag_merge_and_alias(cli: Cli) -> None:
    first = _add(cli, "One thing.")["id"]
    second = cli("add", "Another thing.", "--speaker", "J. Doe", "--json", "--no-prompt")
    second_id = json.loads(second.stdout)["id"]
    tagged = cli("tag", str(first), "fisheries", "policy")
    assert tagged.exit_code == 0 and "fisheries, oceans, policy" in tagged.output

    merged = cli("expert", "merge", "Jane Doe", "J. Doe")
    assert merged.exit_code == 0, merged.output
    profile = json.loads(cli("expert", "j doe", "--json").stdout)
    assert profile["name"] == "Jane Doe" and profile["quotes"] == 2
    assert {q["id"] for q in profile["quotes_list"]} == {first, second_id}

    assert cli("expert", "alias", "Jane Doe", "Jane Do").exit_code == 0
    assert json.loads(cli("expert", "Jane Do", "--json").stdout)["name"] == "Jane Doe"
    assert cli("expert", "alias", "Nobody Here", "X").exit_code == 1

    assert cli("delete", str(first)).exit_code == 1  # asks; no input means no
    assert cli("delete", str(first), "--yes").exit_code == 0
    assert cli("delete", str(first), "--yes").exit_code == 1
    assert json.loads(cli("stats", "--json").stdout)["quotes"] == 1


def test_hand_edits_and_deletions_survive_reingest(sqlite_cli: Cli) -> None:
    seeded_archive(sqlite_cli.home, None)  # the seeds ingested (a copy of one ingest)
    engine = create_engine(f"sqlite:///{sqlite_cli.home / 'quotesdb.sqlite3'}")
    with Session(engine) as session:
        quotes = session.scalars(select(Quote).order_by(Quote.id)).all()
        edited, deleted = quotes[0].id, quotes[1].id
        total = len(quotes)
    assert sqlite_cli("edit", str(edited), "--description", "corrected").exit_code == 0
    assert sqlite_cli("delete", str(deleted), "--yes").exit_code == 0
    # Force a re-read of the seed files by editing nothing but the stored hashes.
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE articles SET source_hash = 'stale'")
    assert sqlite_cli("ingest", str(SEEDS)).exit_code == 0
    with Session(engine) as session:
        assert session.get(Quote, deleted) is None
        assert session.get(Quote, edited).speaker_description == "corrected"  # type: ignore[union-attr]
        assert len(session.scalars(select(Quote)).all()) == total - 1
    engine.dispose()


def test_unsourced_quotes_are_one_per_speaker_and_words(db_url: str) -> None:
    """The database key for quotes without an article: speaker and words, like `add`."""
    import pytest
    from sqlalchemy import create_engine, func, select

    from quotesdb.db.editing import NewQuote, QuoteEdit, add_quote, edit_quote, merge_experts
    from quotesdb.db.migrate import upgrade
    from quotesdb.db.models import Quote
    from quotesdb.db.session import transaction
    from quotesdb.errors import DuplicateError

    engine = create_engine(db_url)
    upgrade(engine)
    with transaction(engine) as session:
        first = add_quote(session, NewQuote(text="Words said once.", speaker="Ann Lee")).id
        other = add_quote(session, NewQuote(text="Other words.", speaker="Ann Lee")).id
        add_quote(session, NewQuote(text="Words said once.", speaker="A. Lee"))
    with pytest.raises(DuplicateError, match=f"#{first}"), transaction(engine) as session:
        add_quote(session, NewQuote(text="Words said once.", speaker="Ann Lee", force=True))
    with pytest.raises(DuplicateError, match=f"#{first}"), transaction(engine) as session:
        edit_quote(session, other, QuoteEdit(text="Words  said once."))
    with transaction(engine) as session:
        _keep, moved = merge_experts(session, "Ann Lee", "A. Lee")
        assert moved == 0  # the same words unsourced: folded into Ann Lee's
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Quote)) == 2
    engine.dispose()


def test_one_author_named_twice_is_one_byline_entry(cli: Cli) -> None:
    """Two spellings that fold alike are one author, not a unique-key crash."""
    done = cli(
        "add",
        "-",
        "--speaker",
        "Ann Lee",
        "--title",
        "Print story",
        "--outlet",
        "Example Times",
        "--author",
        "Jo Park",
        "--author",
        "JO  PARK",
        "--json",
        input="The harbour will reopen.",
    )
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["article"]["authors"] == ["Jo Park"]
