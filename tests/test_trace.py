"""`quotesdb trace`: occurrences in order, variants with word diffs, syndicated copies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Cli
from quotesdb.reports.shingles import SHINGLE, WINDOW, fingerprints, shingle_hashes, word_diff

QUOTE = "We will not give up on this country, not now and not ever, whatever they say about us."
TYPOGRAPHY = (
    "“We  will NOT give up on this country — not now and not ever, whatever they say about us”"
)
CHANGED = "We will never give up on this country, not now and not ever, whatever they say about us."
CUT = "We will not give up on this country, not now and not ever."
OTHER = "Not now and not ever, said the minister about the budget cuts announced today."
SYNDICATED_TEXT = "A wire story. " + QUOTE + " The end."
# (key, outlet, date, text of the article or None, quotes)
ARTICLES: list[tuple[str, str, str | None, str | None, list[str]]] = [
    ("a1", "Wire", "2024-01-01", None, [QUOTE, "The weather will be cold in the north."]),
    ("a3", "Herald", "2024-01-02", None, [CHANGED]),
    ("a2", "Daily", "2024-01-03", None, [TYPOGRAPHY, OTHER]),
    ("a5", "Metro", "2024-01-04", SYNDICATED_TEXT, [QUOTE]),
    ("a6", "Courier", "2024-01-04", SYNDICATED_TEXT, [QUOTE]),
    ("a4", "Gazette", "2024-01-05", None, [CUT]),
    ("a7", "Blog", None, None, [QUOTE]),
]


@pytest.fixture
def archive(cli: Cli, tmp_path: Path) -> Cli:
    lines: list[dict[str, Any]] = [{"format": "quotesdb/1"}]
    for key, outlet, date, body, quotes in ARTICLES:
        identity = f"url:https://x.example/{key}"
        lines.append(
            {"type": "article", "key": identity, "title": f"Story {key}", "outlet": outlet}
            | {"published": date, "text": body, "url": f"https://x.example/{key}"}
        )
        lines += [
            {"type": "quote", "article": identity, "speaker": "Pat Speaker", "text": text}
            for text in quotes
        ]
    data = tmp_path / "trace.jsonl"
    data.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert cli("import", str(data)).exit_code == 0
    return cli


def _trace(cli: Cli, *args: str) -> dict[str, Any]:
    done = cli("trace", *args, "--json")
    assert done.exit_code == 0, done.output
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _first_id(cli: Cli) -> str:
    hits = json.loads(cli("search", "weather", "--json").stdout)
    return str(hits[0]["id"] - 1)  # QUOTE was stored just before it, in article a1


def test_trace_by_id_orders_occurrences_and_groups_variants(archive: Cli) -> None:
    found = _trace(archive, _first_id(archive))
    assert found["query"] == QUOTE
    order = [(o["outlet"], o["published"], o["match"]) for o in found["occurrences"]]
    assert order == [
        ("Wire", "2024-01-01", "exact"),
        ("Herald", "2024-01-02", "near"),
        ("Daily", "2024-01-03", "exact"),  # typography folded: the same words
        ("Metro", "2024-01-04", "exact"),
        ("Courier", "2024-01-04", "exact"),
        ("Gazette", "2024-01-05", "near"),  # cut short
        ("Blog", None, "exact"),
    ]
    assert found["first"]["outlet"] == "Wire"
    assert found["outlets"] == ["Wire", "Herald", "Daily", "Metro", "Courier", "Gazette", "Blog"]
    variants = found["variants"]
    assert [len(v["quotes"]) for v in variants] == [5, 1, 1]
    assert variants[0]["diff"] is None and variants[0]["text"] == QUOTE
    assert variants[1]["diff"].startswith("we will [-not-] {+never+} give up")
    assert variants[2]["diff"].endswith("[-whatever they say about us-]")
    assert [o["variant"] for o in found["occurrences"]] == [0, 1, 0, 0, 0, 2, 0]
    [group] = found["syndicated"]
    assert group["outlets"] == ["Metro", "Courier"] and len(group["articles"]) == 2
    assert OTHER not in {o["text"] for o in found["occurrences"]}  # a shared phrase only


def test_trace_by_text_and_by_fragment(archive: Cli) -> None:
    by_id = _trace(archive, _first_id(archive))
    by_text = _trace(archive, TYPOGRAPHY)
    assert [o["quote_id"] for o in by_text["occurrences"]] == [
        o["quote_id"] for o in by_id["occurrences"]
    ]
    fragment = _trace(archive, "give up on this country, not now and not ever")
    assert {o["outlet"] for o in fragment["occurrences"]} >= {"Wire", "Herald", "Gazette"}
    nothing = archive("trace", "words nobody ever said anywhere at all")
    assert nothing.exit_code == 0 and "no occurrences" in nothing.output
    missing = archive("trace", "999999")
    assert missing.exit_code == 1 and "no quote with id" in missing.output
    numeric = _trace(archive, "--text", "42")
    assert numeric["occurrences"] == []


def test_trace_keys_follow_writes_and_rebuild(archive: Cli) -> None:
    before = len(_trace(archive, QUOTE)["occurrences"])
    added = archive(
        "add", QUOTE, "--speaker", "Lee Other", "--url", "https://x.example/late",
        "--title", "Late", "--outlet", "Late News", "--date", "2024-02-01", "--no-prompt",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    after = _trace(archive, QUOTE)["occurrences"]
    assert len(after) == before + 1 and after[-2]["outlet"] == "Late News"
    assert archive("delete", str(after[-2]["quote_id"]), "--yes").exit_code == 0
    assert len(_trace(archive, QUOTE)["occurrences"]) == before
    rebuilt = archive("trace", "--rebuild")
    assert rebuilt.exit_code == 0 and "rebuilt for" in rebuilt.output
    assert len(_trace(archive, QUOTE)["occurrences"]) == before


def test_a_rebuild_says_how_far_it_is_and_builds_the_key_index_again(archive: Cli) -> None:
    from sqlalchemy import create_engine, inspect

    rebuilt = archive("trace", "--rebuild")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "keying 9 quotes for tracing" in rebuilt.output and "built in" in rebuilt.output
    engine = create_engine(str(archive.url))
    try:  # the index is dropped while the keys are written, then made again in one sort
        indexes = {
            i["name"]: i["column_names"] for i in inspect(engine).get_indexes("quote_shingles")
        }
    finally:
        engine.dispose()
    assert indexes.get("ix_quote_shingles_key") == ["key"]
    assert len(_trace(archive, QUOTE)["occurrences"]) > 1


def _keys_state(cli: Cli) -> tuple[int, int, int, int]:
    """(mark, newest change, quotes keyed, quotes) in the database, read directly."""
    from sqlalchemy import create_engine

    engine = create_engine(str(cli.url))
    try:
        with engine.connect() as conn:
            one = conn.exec_driver_sql
            mark = one("SELECT seq FROM quote_shingles_mark WHERE id = 1").scalar()
            newest = one("SELECT MAX(seq) FROM changes").scalar()
            keyed = one("SELECT COUNT(DISTINCT quote_id) FROM quote_shingles").scalar()
            quotes = one("SELECT COUNT(*) FROM quotes").scalar()
    finally:
        engine.dispose()
    return int(mark or 0), int(newest or 0), int(keyed or 0), int(quotes or 0)


def test_an_import_keys_its_quotes_for_tracing(archive: Cli) -> None:
    """So the first trace after a big import answers at once, not a minute per 1M later."""
    mark, newest, keyed, quotes = _keys_state(archive)
    assert mark == newest > 0 and keyed == quotes == 9


def test_a_big_import_says_it_is_keying_and_a_failure_only_warns(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines: list[dict[str, Any]] = [{"format": "quotesdb/1"}]
    for n in range(6):
        identity = f"url:https://x.example/k{n}"
        lines.append({"type": "article", "key": identity, "title": f"K{n}", "outlet": "Wire"})
        lines.append(
            {"type": "quote", "article": identity, "speaker": "Pat Speaker"}
            | {"text": f"{QUOTE} Number {n}."}
        )
    data = tmp_path / "k.jsonl"
    data.write_text("".join(json.dumps(line) + "\n" for line in lines[:7]), encoding="utf-8")
    monkeypatch.setattr("quotesdb.reports.trace_store.REBUILD_BACKLOG", 0)  # as for 1M quotes
    monkeypatch.setattr("quotesdb.reports.trace_store.QUIET_BELOW", 1)
    done = cli("import", str(data))
    assert done.exit_code == 0, done.output
    assert "keying 3 quotes for tracing" in done.stderr and "trace keys built in" in done.stderr
    assert "beside the search index" in done.stderr  # in a process of its own
    assert _keys_state(cli)[2:] == (3, 3)
    monkeypatch.undo()
    monkeypatch.setattr("quotesdb.reports.trace_store.QUIET_BELOW", 1)  # as for 100k into 1M
    data.write_text("".join(json.dumps(line) + "\n" for line in lines[:9]), encoding="utf-8")
    quiet = cli("import", "--quiet", str(data))
    assert quiet.exit_code == 0 and "keying" not in quiet.stderr
    data.write_text("".join(json.dumps(line) + "\n" for line in lines[:11]), encoding="utf-8")
    done = cli("import", str(data))
    assert done.exit_code == 0, done.output
    assert "keying 1 quote for tracing" in done.stderr and "trace keys built in" in done.stderr
    assert _keys_state(cli)[2:] == (5, 5)
    monkeypatch.undo()

    def broken(*_args: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("quotesdb.reports.trace.catch_up_trace_keys", broken)
    data.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    done = cli("import", str(data))
    assert done.exit_code == 0, done.output
    assert "warning: trace keys not updated yet: No space left on device" in done.stderr
    assert "quotes added: 1" in done.output
    mark, newest, keyed, quotes = _keys_state(cli)
    assert mark < newest and keyed == 5 and quotes == 6
    monkeypatch.undo()
    monkeypatch.setattr("quotesdb.reports.trace_store.QUIET_BELOW", 1)
    traced = cli("trace", QUOTE, "--json")  # the trace catches up, and says so
    assert traced.exit_code == 0 and "keying 1 quote for tracing" in traced.stderr
    assert len(json.loads(traced.stdout)["occurrences"]) == 6
    assert _keys_state(cli)[2] == 6


def test_an_import_keys_inline_when_no_process_can_be_had(
    archive: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_process(*_args: object, **_kwargs: object) -> None:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr("quotesdb.cli.transfer._BackgroundKeying", no_process)
    monkeypatch.setattr("quotesdb.reports.trace_store.QUIET_BELOW", 1)
    identity = "url:https://x.example/late"
    lines = [
        {"format": "quotesdb/1"},
        {"type": "article", "key": identity, "title": "Late", "outlet": "Late News"},
        {"type": "quote", "article": identity, "speaker": "Pat Speaker", "text": CHANGED},
    ]
    data = tmp_path / "late.jsonl"
    data.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    done = archive("import", str(data))
    assert done.exit_code == 0, done.output
    assert "keying 1 quote for tracing" in done.stderr and "beside" not in done.stderr
    mark, newest, keyed, quotes = _keys_state(archive)
    assert mark == newest and keyed == quotes == 10


def test_table_output(archive: Cli) -> None:
    shown = archive("trace", _first_id(archive))
    assert shown.exit_code == 0
    assert "7 occurrences in 7 outlets" in shown.stdout
    assert "{+never+}" in shown.stdout and "syndicated:" in shown.stdout


WORD = st.sampled_from([f"w{n}" for n in range(40)])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(WORD, max_size=30),
    st.lists(WORD, min_size=SHINGLE + WINDOW - 1, max_size=20),
    st.lists(WORD, max_size=30),
    st.lists(WORD, max_size=30),
)
def test_a_shared_run_of_eight_words_shares_a_fingerprint(
    left: list[str], run: list[str], right: list[str], other: list[str]
) -> None:
    stored = " ".join([*left, *run, *right])
    assert set(fingerprints(stored)) & set(shingle_hashes(" ".join(run)))
    assert set(fingerprints(stored)) & set(fingerprints(" ".join([*other, *run])))


@settings(max_examples=300, deadline=None)
@given(st.lists(WORD, min_size=10, max_size=40), st.data())
def test_a_quote_of_ten_words_or_more_with_a_word_changed_shares_a_key(
    stored: list[str], data: st.DataObject
) -> None:
    """Up to 16 words every shingle is kept; from 17 a run of 8 is left whatever changes."""
    at = data.draw(st.integers(min_value=0, max_value=len(stored) - 1))
    changed = [*stored[:at], "changed", *stored[at + 1 :]]
    assert set(fingerprints(" ".join(stored))) & set(shingle_hashes(" ".join(changed)))
    assert set(fingerprints(" ".join(changed))) & set(shingle_hashes(" ".join(stored)))


def test_a_short_quote_with_a_word_changed_in_its_middle_is_traced(
    cli: Cli, tmp_path: Path
) -> None:
    said = "The sanctions have hurt ordinary people far more than the elites."
    lines: list[dict[str, Any]] = [{"format": "quotesdb/1"}]
    for key, outlet, text in (
        ("s1", "Wire", said),
        ("s2", "Herald", said.replace("ordinary", "poor")),
    ):
        identity = f"url:https://x.example/{key}"
        lines.append({"type": "article", "key": identity, "title": key, "outlet": outlet})
        lines.append({"type": "quote", "article": identity, "speaker": "Pat Speaker", "text": text})
    data = tmp_path / "short.jsonl"
    data.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert cli("import", str(data)).exit_code == 0
    found = _trace(cli, said)
    assert [o["outlet"] for o in found["occurrences"]] == ["Wire", "Herald"]
    assert found["variants"][1]["diff"].count("{+poor+}") == 1
    # Keys of an older format (here: none but the exact ones) are made again, unasked.
    _sql(cli, "DELETE FROM quote_shingles WHERE band > 0")
    _sql(cli, "UPDATE quote_shingles_mark SET seq = 1 WHERE id = 2")
    assert len(_trace(cli, said)["occurrences"]) == 2
    assert _sql(cli, "SELECT seq FROM quote_shingles_mark WHERE id = 2") == 2


def _sql(cli: Cli, statement: str) -> object:
    from sqlalchemy import create_engine

    engine = create_engine(str(cli.url))
    try:
        with engine.begin() as conn:
            result = conn.exec_driver_sql(statement)
            return result.scalar() if result.returns_rows else None
    finally:
        engine.dispose()


def test_word_diff() -> None:
    assert word_diff("a b c d", "a x c d e") == "a [-b-] {+x+} c d {+e+}"
