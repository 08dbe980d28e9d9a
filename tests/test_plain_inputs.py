"""Plain-text headlines, front-matter dates and feeds that real files and servers write."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import Cli
from quotesdb.articles import headline_title, parse_article
from quotesdb.errors import InputError
from quotesdb.pages.feeds import feed_links

STORY = (
    "“We will keep the harbour open through the winter,” said Mara Quellwood, "
    "a port director in Example Bay.\n\nTalks resumed on Monday.\n"
)


# ---- plain text: the first line standing alone is the headline -----------------------------


def test_a_first_line_above_a_blank_line_is_the_headline_whatever_it_ends_with() -> None:
    assert headline_title("Port strike ends after nine days.\n\nBody text.\n") == (
        "Port strike ends after nine days."
    )
    assert headline_title("\n\n  Why the ferry stopped:  \n\nBody.\n") == "Why the ferry stopped:"
    assert headline_title("Headline without a stop\nBody runs on.\n") == "Headline without a stop"


def test_a_sentence_running_on_or_alone_is_no_headline() -> None:
    assert headline_title("This is a sentence.\nIt runs on.\n") is None
    assert headline_title("A sentence alone.\n") is None
    assert headline_title("x" * 201 + "\n\nBody.\n") is None
    assert headline_title("") is None


def test_ingest_and_extract_agree_on_a_headline_ending_with_a_period(
    sqlite_cli: Cli, tmp_path: Path
) -> None:
    article = tmp_path / "harbour.txt"
    article.write_text("Harbour stays open all winter.\n\n" + STORY, encoding="utf-8")
    extracted = sqlite_cli("extract", str(article), "--json")
    assert extracted.exit_code == 0, extracted.output
    assert [q["speaker"] for q in json.loads(extracted.stdout)] == ["Mara Quellwood"]
    stored = sqlite_cli("ingest", str(article), "--json")
    assert stored.exit_code == 0, stored.output
    assert json.loads(stored.stdout)["new"] == 1
    listed = json.loads(sqlite_cli("articles", "--json").stdout)
    assert [a["title"] for a in listed] == ["Harbour stays open all winter."]
    assert json.loads(sqlite_cli("stats", "--json").stdout)["quotes"] == 1


# ---- front matter: an unreadable date is dropped with a warning ------------------------------


@pytest.mark.parametrize("value", ["13/09/2023", "2024-02-30", "0001-01-01", "[1, 2]", "soon"])
def test_an_unreadable_front_matter_date_is_dropped_with_a_warning(value: str) -> None:
    source = parse_article(f"---\ntitle: T\ndate: {value}\n---\nBody.\n", "f.md")
    assert source.meta.title == "T" and source.meta.published is None
    assert len(source.warnings) == 1
    assert source.warnings[0].startswith("f.md: `date` dropped:")


def test_readable_front_matter_dates_are_kept_without_a_warning() -> None:
    for value, day, precision in [
        ("2024-05-06", dt.date(2024, 5, 6), None),
        ("2024-05-06 21:30:00 -05:00", dt.date(2024, 5, 6), None),
        ("May 2024", dt.date(2024, 5, 1), "month"),
        ("'2024'", dt.date(2024, 1, 1), "year"),
    ]:
        source = parse_article(f"---\ntitle: T\npublished: {value}\n---\nBody.\n", "f.md")
        assert (source.meta.published, source.meta.published_precision) == (day, precision)
        assert source.warnings == ()


def test_ingest_stores_the_article_without_its_unreadable_date(
    sqlite_cli: Cli, tmp_path: Path
) -> None:
    article = tmp_path / "dated.md"
    article.write_text(
        "---\ntitle: Harbour open\noutlet: Example Bay Herald\npublished: 2023-02-30\n---\n"
        + STORY,
        encoding="utf-8",
    )
    result = sqlite_cli.run("ingest", str(article))
    assert result.returncode == 0, result.stderr
    assert "warning: " in result.stderr and "`published`" in result.stderr
    assert "stored without a date" in result.stderr and "Traceback" not in result.stderr
    listed = json.loads(sqlite_cli("articles", "--json").stdout)
    assert [(a["title"], a["published"]) for a in listed] == [("Harbour open", None)]
    shown = sqlite_cli.run("extract", str(article), "--json")
    assert shown.returncode == 0 and "stored without a date" in shown.stderr
    assert len(json.loads(shown.stdout)) == 1


# ---- feeds: feedparser reads what real servers send ------------------------------------------

UGLY_RSS = b"""
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example&nbsp;Bay Herald</title>
<item><title>Harbour&nbsp;open</title><link>https://herald.example/a?id=1&ref=rss</link></item>
<item><title>A note without a page</title><description>No link here.</description></item>
<item><title>Ferry</title><guid>https://herald.example/ferry</guid></item>
<item><title>Again</title><link>https://herald.example/a?id=1&ref=rss</link></item>
<item><title>Relative</title><link>/b/2</link></item>
</channel></rss>
"""

UGLY_ATOM = b"""

<feed xmlns="http://www.w3.org/2005/Atom"><title>Bay&nbsp;Wire</title>
<entry><title>One</title><link rel="alternate" href="https://wire.example/1?a=1&b=2"/>
<link rel="enclosure" href="https://wire.example/1.mp3"/></entry>
<entry><title>Only a picture</title><link rel="enclosure" href="https://wire.example/p.jpg"/></entry>
<entry><title>Two</title><link href="https://wire.example/2"/></entry>
</feed>
"""


def test_an_rss_feed_with_a_blank_first_line_nbsp_and_a_bare_ampersand_is_read() -> None:
    found = feed_links(UGLY_RSS, "feed.xml")
    assert found.links == ["https://herald.example/a?id=1&ref=rss", "https://herald.example/ferry"]
    assert found.warnings == [
        "feed.xml: entry 2 ('A note without a page') has no http(s) link; skipped",
        "feed.xml: entry 5 ('Relative') has no http(s) link; skipped",
    ]


def test_a_relative_link_resolves_against_the_feed_url() -> None:
    found = feed_links(UGLY_RSS, "https://herald.example/rss.xml")
    assert found.links[-1] == "https://herald.example/b/2"
    assert len(found.warnings) == 1


def test_an_atom_feed_with_the_same_faults_is_read() -> None:
    found = feed_links(UGLY_ATOM, "atom.xml")
    assert found.links == ["https://wire.example/1?a=1&b=2", "https://wire.example/2"]
    assert found.warnings == ["atom.xml: entry 2 ('Only a picture') has no http(s) link; skipped"]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"<html><body><p>A page.</p></body></html>", "not an RSS or Atom feed"),
        (b"", "not an RSS or Atom feed"),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>'
            b"<rss><channel><item><title>&b;</title><link>https://x.example/</link></item>"
            b"</channel></rss>",
            "declares XML entities",
        ),
    ],
)
def test_what_is_no_feed_is_refused_in_one_line(raw: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        feed_links(raw, "thing.xml")
    assert "\n" not in str(caught.value) and str(caught.value).startswith("thing.xml: ")


def test_ingest_feed_reads_an_ugly_feed_and_warns_of_the_entries_it_skips(
    sqlite_cli: Cli, tmp_path: Path
) -> None:
    page = tmp_path / "harbour.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Harbour open</title>'
        '<link rel="canonical" href="https://herald.example/a?id=1&amp;ref=rss"></head><body>'
        "<article><h1>Harbour open</h1>"
        + "".join(f"<p>{p}</p>" for p in STORY.split("\n\n"))
        + "</article></body></html>",
        encoding="utf-8",
    )
    assert sqlite_cli("ingest", str(page)).exit_code == 0
    feed = tmp_path / "feed.xml"
    # Every linked page is stored already: nothing is fetched, the feed is only read.
    feed.write_bytes(UGLY_RSS.replace(b"<guid>https://herald.example/ferry</guid>", b""))
    result = sqlite_cli.run("ingest", "--feed", str(feed), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["new"] == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 3 and all("has no http(s) link; skipped" in w for w in warnings)
