"""Hostile records for `import` and URLs from every way in: each bad record is left out
with a one-line warning, the good ones are stored, and no `javascript:` link comes in."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from conftest import Cli
from quotesdb.cite import format_citation
from quotesdb.cite.model import CitableQuote

HEADER = json.dumps({"format": "quotesdb/1"})
GOOD_ARTICLE = {
    "type": "article",
    "key": "url:https://news.example/ok",
    "title": "Ports reopen",
    "url": "https://news.example/ok",
}


def _lines(*records: object) -> str:
    return "\n".join([HEADER, *(r if isinstance(r, str) else json.dumps(r) for r in records)])


def _quote(text: object, **more: object) -> dict[str, object]:
    return {"type": "quote", "speaker": "Odile Harbourmaster", "text": text, **more}


def test_wrong_typed_and_unstorable_records_are_left_out_one_line_each(
    db_url: str, tmp_path: Path
) -> None:
    cli = Cli(tmp_path / "home", db_url)
    path = tmp_path / "hostile.jsonl"
    bad_article = {**GOOD_ARTICLE, "key": "url:javascript:alert(1)", "url": "javascript:alert(1)"}
    data_article = {**GOOD_ARTICLE, "key": "url:data", "url": "data:text/html,<script>x</script>"}
    path.write_text(
        _lines(
            _quote(None),  # 2
            _quote(12),  # 3
            _quote("Start far away.", start=10**30),  # 4
            '{"type": "quote", "speaker": "S", "text": "t", "start": ' + "9" * 5000 + "}",  # 5
            '{"type": "quote", "speaker": "Odile", "text": "lone \\ud800 half"}',  # 6
            bad_article,  # 7
            _quote("Script quote.", article=bad_article["key"]),  # 8
            data_article,  # 9
            _quote("Null\u0000byte."),  # 10
            _quote("Fine words.", confidence=float("inf")),  # 11: Infinity in JSON
            {"type": "expert", "name": ["a", "list"]},  # 12
            GOOD_ARTICLE,
            _quote("The ports reopen on Monday.", article=GOOD_ARTICLE["key"]),
        )
        + "\n",
        encoding="utf-8",
    )
    done = cli.run("import", str(path), "--json")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    warnings = [line for line in done.stderr.splitlines() if "warning:" in line]
    assert [int(w.split("line ")[1].split(":")[0]) for w in warnings] == list(range(2, 13))
    assert (
        "`text` is missing" in warnings[0]
        and "`text` must be non-blank text, not int" in warnings[1]
    )
    assert "surrogate" in warnings[4] and "http(s)" in warnings[5]
    summary = json.loads(done.stdout)
    assert (summary["quotes_added"], summary["articles_added"], summary["refused"]) == (1, 1, 11)
    found = json.loads(cli.run("search", "ports", "--json").stdout)
    assert [hit["text"] for hit in found] == ["The ports reopen on Monday."]
    articles = cli.run("articles", "--json").stdout
    assert "javascript" not in articles and "data:" not in articles


def test_quotebank_urls_as_a_string_are_not_one_article_per_character(
    db_url: str, tmp_path: Path
) -> None:
    cli = Cli(tmp_path / "home", db_url)
    path = tmp_path / "qb.jsonl"
    line = {"quoteID": "q1", "quotation": "Tides are early.", "speaker": "Ada Tidewell"}
    rows = [
        {**line, "urls": "https://qb.example/one"},
        {**line, "quoteID": "q2", "urls": ["javascript:alert(1)"]},
        {**line, "quoteID": "q3", "quotation": None},
        {**line, "quoteID": "q4", "quotation": "Tides are late.", "urls": ["https://qb.example/2"]},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    done = cli.run("import", "--format", "quotebank", str(path), "--json")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.count("warning:") == 3
    summary = json.loads(done.stdout)
    assert (summary["quotes_added"], summary["articles_added"], summary["refused"]) == (1, 1, 3)


def test_no_other_scheme_comes_in_by_add_or_ingest(sqlite_cli: Cli, tmp_path: Path) -> None:
    added = sqlite_cli.run(
        "add", "Clicks are free.", "--speaker", "Ann Link", "--url", "javascript:alert(1)",
        "--title", "T", "--no-prompt",
    )  # fmt: skip
    assert added.returncode == 1 and "not an http(s) URL" in added.stderr
    page = tmp_path / "front.md"
    page.write_text(
        '---\ntitle: Front\nurl: "JavaScript:alert(1)"\n---\n'
        "“The bridge opens at noon,” said Ann Link, an engineer.\n",
        encoding="utf-8",
    )
    done = sqlite_cli.run("ingest", str(page))
    assert done.returncode == 1 and "front matter `url`" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_old_stored_script_url_never_reaches_a_citation() -> None:
    quote = CitableQuote(
        id=1,
        text="Links lie.",
        speaker="Ann Link",
        speaker_description=None,
        title="A title",
        url="javascript:alert(document.cookie)",
        outlet="Gazette",
        authors=(),
        published=dt.date(2024, 5, 6),
    )
    assert quote.url is None
    for style in ("markdown", "chicago", "apa", "bibtex", "csl-json"):
        assert "javascript" not in format_citation(quote, style).lower()
