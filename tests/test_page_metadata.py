"""Page metadata, one invented page per defect class (tests/data/page_metadata.json; the
metadata bench reads the same pages): dates, titles, structured data, outlets, bylines,
article text and language."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import Cli
from quotesdb.articles import parse_article
from quotesdb.pages.bylines import clean_byline, fold
from quotesdb.pages.dates import days_in_text, read_date
from quotesdb.pages.html import read_page

TABLE = json.loads(
    (Path(__file__).parent / "data" / "page_metadata.json").read_text(encoding="utf-8")
)["pages"]


@pytest.mark.parametrize("case", TABLE, ids=[c["name"] for c in TABLE])
def test_page_metadata(case: dict[str, Any]) -> None:
    page = read_page(case["html"], case["name"], case["url"])
    meta, expect = page.source.meta, case["expect"]
    if "title" in expect:
        assert meta.title == expect["title"]
    if "outlet" in expect:
        assert meta.outlet == expect["outlet"]
    if "authors" in expect:
        assert list(meta.authors) == expect["authors"]
    if "kinds" in expect:
        assert list(meta.author_kinds) == expect["kinds"]
    if "published" in expect:
        day = meta.published.isoformat() if meta.published else None
        assert day == expect["published"]
    if "language" in expect:
        assert meta.language == expect["language"]
    for words in expect.get("text", []):
        assert words in page.source.body
    if "warning" in expect:
        assert any(expect["warning"] in w for w in meta.warnings)
    else:
        assert meta.warnings == ()
    assert dict(meta.provenance).keys() <= {*page.provenance}


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("2024-02-30", None),
        ("1970-01-01", None),
        ("Updated Sept. 13, 2023", "2023-09-13"),
        ("13th September 2023", "2023-09-13"),
        ("13 décembre 2021", "2021-12-13"),
        ("Dienstag, 7. Mai 2024", "2024-05-07"),
        ("yesterday", None),
    ],
)
def test_front_matter_date_never_fails_the_file(written: str, day: str | None) -> None:
    meta = parse_article(f"---\ntitle: Ferry\ndate: {written}\n---\nBody.\n", "f.md").meta
    assert (meta.published.isoformat() if meta.published else None) == day
    assert meta.title == "Ferry"
    assert bool(meta.warnings) == (day is None)


def test_a_day_is_the_day_written_whatever_its_zone() -> None:
    assert read_date("2019-11-19T23:59:00-08:00")[0] == (dt.date(2019, 11, 19), None)
    assert read_date("2019-11-19T00:30:00+09:00")[0] == (dt.date(2019, 11, 19), None)
    assert read_date("0001-01-01")[0] is None


def test_days_written_in_text_in_any_order_and_language() -> None:
    written = "Domenica 06 Dicembre 2020 | 00:36, then 24 août 2020, May 6, 2024, 07.05.2024"
    assert days_in_text(written + " and 31 February 2020") == [
        dt.date(2020, 12, 6),
        dt.date(2020, 8, 24),
        dt.date(2024, 5, 6),
        dt.date(2024, 5, 7),
    ]


def test_ingest_keeps_a_page_whose_date_is_unreadable(sqlite_cli: Cli, tmp_path: Path) -> None:
    """The date is dropped with a warning; the article, its byline kinds and quotes stay."""
    case = next(c for c in TABLE if c["name"] == "date-unreadable")
    html = case["html"].replace(
        '"datePublished"',
        '"author": [{"@type": "Organization", "name": "Example Rights Watch"}], "datePublished"',
    )
    page = tmp_path / "ferry.html"
    page.write_text(html, encoding="utf-8")
    done = sqlite_cli.run("ingest", str(page))
    assert done.returncode == 0, done.stderr
    assert "warning:" in done.stderr and "sometime last week" in done.stderr
    assert "1 new" in done.stderr and "0 failed" in done.stderr
    shown = json.loads(sqlite_cli.run("article", "1", "--json").stdout)
    assert shown["published"] is None and shown["quotes"] >= 1
    assert shown["byline"] == [{"name": "Example Rights Watch", "kind": "organisation"}]
    assert shown["metadata"]["fields"]["title"] == "json-ld"
    assert "sometime last week" in shown["metadata"]["warnings"][0]


def test_a_citation_names_authors_as_the_page_declared_them(
    sqlite_cli: Cli, tmp_path: Path
) -> None:
    """A person whose surname is an organisation word stays a person (inverted, initials),
    and an organisation is never inverted: the kind stored from JSON-LD decides."""
    case = next(c for c in TABLE if c["name"] == "date-unreadable")
    authors = (
        '"author": [{"@type": "Person", "name": "Nadia Press"},'
        ' {"@type": "Organization", "name": "Harbour Media Trust"}], "datePublished"'
    )
    page = tmp_path / "ferry.html"
    page.write_text(case["html"].replace('"datePublished"', authors), encoding="utf-8")
    assert sqlite_cli.run("ingest", str(page)).returncode == 0
    quote_id = json.loads(sqlite_cli.run("article", "1", "--json").stdout)["quotes_list"][0]["id"]
    apa = sqlite_cli.run("cite", str(quote_id), "--style", "apa", "--to", "text").stdout
    assert "Press, N., & Harbour Media Trust." in apa, apa


def test_citations_use_the_kinds_the_page_declared(sqlite_cli: Cli, tmp_path: Path) -> None:
    """An organisation with a person-like name stays whole; a person whose surname is a
    word that reads like an agency's is inverted as a person."""
    case = next(c for c in TABLE if c["name"] == "byline-kinds")
    page = tmp_path / "ferry.html"
    page.write_text(case["html"], encoding="utf-8")
    assert sqlite_cli.run("ingest", str(page)).returncode == 0
    cited = sqlite_cli.run("cite", "1", "--style", "apa", "--to", "text")
    assert cited.returncode == 0, cited.stderr
    assert cited.stdout.startswith("Example Rights Watch, & Press, M. (n.d.).")


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By", []),
        ("Dr.", []),
        ("O'BRIEN, SEAN", ["Sean O'Brien"]),
        ("ANN VAN DER BERG", ["Ann van der Berg"]),
        ("Martin Example, Jr.", ["Martin Example Jr."]),
        ("Ann Lee, M.D.", ["Ann Lee"]),
        ("Ann Example, Hamburg, Germany", ["Ann Example"]),
        ("Ann Example; Bo Sample", ["Ann Example", "Bo Sample"]),
        ("https://news.example/author/ann-example", []),
        ("By Ann Exton And Bo Sampson For The Example Sunday", ["Ann Exton", "Bo Sampson"]),
        ("Ann Exton, Special to the Example Post", ["Ann Exton"]),
        ("Ann Exton writing for Example Weekly", ["Ann Exton"]),
        # The next element's text run into the surname; names like these stay whole.
        ("Bo Sampson and Ann KeaneCity Desk", ["Bo Sampson", "Ann Keane"]),
        # placeholders and dates where a name belongs; a label before the names
        ("No Author", []),
        ("Ann Exton, Apr 7", ["Ann Exton"]),
        ("Authors: Ann Exton and Bo Sampson", ["Ann Exton", "Bo Sampson"]),
        ("May Lee", ["May Lee"]),
        ("Ann FitzGerald and Bo MacDonald", ["Ann FitzGerald", "Bo MacDonald"]),
    ],
)
def test_bylines_become_names(byline: str, names: list[str]) -> None:
    assert [p.name for p in clean_byline(byline)] == names


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        # A syndicated story: the paper it came from is one of the page's site names.
        ("Ann Exton, The Example Post", ["Ann Exton"]),
        ("Ann Exton | Example Post", ["Ann Exton"]),
        # The site is the byline and the rest its place: a desk, not a person.
        ("Example Post, Hamburg, Germany", ["Example Post, Hamburg, Germany"]),
    ],
)
def test_a_site_named_in_a_byline_is_not_a_person(byline: str, names: list[str]) -> None:
    sites = {fold("Example Post"), fold("Example Courier")}
    assert [p.name for p in clean_byline(byline, sites=sites)] == names
