"""One quote, one style, one text: the CLI, the web app's copy buttons and API, and
`export --format markdown` all cite through `quotesdb.db.citable.citable_quotes`."""

from __future__ import annotations

import html
import json
import re
import sqlite3
from pathlib import Path

from starlette.testclient import TestClient

from conftest import Cli
from quotesdb.cite import STYLES
from quotesdb.cite.fragments import find_fragment, parse
from quotesdb.config import resolve
from quotesdb.web.app import create_app
from web_helpers import LOCAL

ARTICLE = (
    "---\ntitle: A row between ministers over the budget\noutlet: Example Times\n"
    "url: https://example.com/budget\nauthors: [Ursula von der Brink, Ken Ito]\n"
    "published: 2021-01-01\n---\n\n"
    "The plan will fail because nobody has funded it, the opposition said on Monday.\n\n"
    "“The plan will fail because nobody has funded it, and everyone in the ministry "
    "knows that very well by now,” said Ann Lee, an economist at the Example Institute.\n"
)


def _archive(cli: Cli, tmp_path: Path) -> tuple[int, str]:
    """A year-only article with an access date; its quote's id and the article text."""
    article = tmp_path / "plan.md"
    article.write_text(ARTICLE, encoding="utf-8")
    assert cli("ingest", str(article)).exit_code == 0
    with sqlite3.connect(cli.home / "quotesdb.sqlite3") as db:
        db.execute(
            "UPDATE articles SET published_precision = 'year', fetched_at = '2024-01-02 10:00:00'"
        )
    found = json.loads(cli("search", "funded", "--json").stdout)
    return int(found[0]["id"]), ARTICLE.split("---\n\n", 1)[1]


def _copy_buttons(page: str) -> dict[str, str]:
    """The Markdown copy button of each style (the plain and rich ones are `copy-text-…`
    and `copy-rich-…`)."""
    found = re.findall(r'id="copy-([\w-]+)" data-copy="([^"]*)"', page)
    plain_or_rich = ("text-", "rich-")
    return {s: html.unescape(t) for s, t in found if not s.startswith(plain_or_rich)}


def test_cli_web_and_export_print_the_same_citation(sqlite_cli: Cli, tmp_path: Path) -> None:
    quote_id, text = _archive(sqlite_cli, tmp_path)
    cli = {s: sqlite_cli("cite", str(quote_id), "--style", s).stdout for s in STYLES}
    searched = sqlite_cli("search", "funded", "--cite", "--style", "chicago", "--limit", "1")
    assert searched.stdout == cli["chicago"]
    with TestClient(create_app(resolve(sqlite_cli.home, None)), base_url=LOCAL) as client:
        page = client.get(f"/quotes/{quote_id}").text
        buttons = _copy_buttons(page)
        api = {
            s: client.get(f"/api/quotes/{quote_id}/citations/{s}").json()["citation"]
            for s in STYLES
        }
        fragment_url = client.get(f"/api/quotes/{quote_id}").json()["fragment_url"]
    assert set(buttons) == set(STYLES)
    for style in STYLES:
        assert cli[style] == buttons[style] + "\n" == api[style] + "\n", style
    exported = sqlite_cli("export", "--format", "markdown").stdout
    assert exported == cli["markdown"]

    # What the second path used to get wrong: a year is a year, the access date is
    # printed, and the link skips the earlier sentence that starts with the same words.
    assert "January 1, 2021" not in exported and "Example Times*, 2021" in exported
    assert "(Accessed: 2 January 2024)" in cli["harvard"]
    item = json.loads(cli["csl-json"])[0]
    assert item["issued"] == {"date-parts": [[2021]]}
    assert item["accessed"] == {"date-parts": [[2024, 1, 2]]}
    assert item["language"] == "en"
    assert fragment_url and f"({fragment_url})" in exported.replace("%28", "(").replace("%29", ")")
    hit = find_fragment(text, parse(fragment_url.split("#", 1)[1]))
    assert hit is not None and text[hit[0] - 1] == "“"
    # The stored byline's particles and order reach every surface.
    assert "Ursula von der Brink and Ken Ito" in cli["chicago"]
    assert "(Ann Lee, as cited in von der Brink & Ito, 2021)" in cli["apa"]
