"""`quotesdb reextract` through the real CLI, on SQLite and PostgreSQL.

The archive is first stored by this version, then set back to what an older reader
would have stored (a title with the site glued on, no date, a quote missed, one given to
the wrong speaker); then a person corrects it by hand. Reading it again must bring back
what the reader now finds and leave every decision of the person as it was.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, delete, func, select, update

from conftest import Cli, copied_archive
from quotesdb.db.models import (
    Article,
    ArticlePage,
    Change,
    Expert,
    ExpertAlias,
    Outlet,
    Quote,
    QuoteTombstone,
)

PARAGRAPHS = [
    "Ferry operators said on Monday that the crossing to Example Island would reopen in May "
    "after a winter of repairs to the northern pier.",
    "“The pier is finally safe for passengers again,” said Odile Marchetti, the harbour "
    "engineer in charge of the works.",
    "“We lost a whole season of visitors,” said Bram Koenig, who runs a guesthouse on the island.",
    "He was blunt about the cost. “Nobody will ever give that money back to us,” Koenig said.",
    "The council has promised compensation. “Every business that lost trade will be heard,” "
    "said Lena Osei, the council's finance chair.",
    "“The timetable will be published on Friday,” said Ines Faro, a spokeswoman for the operator.",
    "“I will believe it when I see the boat at the quay,” said Ruairi Dunne, a fisherman on "
    "the island.",
    "“The new schedule adds two sailings every single day,” said Marta Ilves, a transport planner.",
    "Tickets go on sale next week.",
]
HEADLINE = "Ferry service to resume in May"


def _page(headline: str, url: str, paragraphs: list[str]) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline,
        "datePublished": "2024-04-02T09:00:00Z",
        "author": [{"@type": "Person", "name": "Tomasz Wren"}],
        "publisher": {"@type": "Organization", "name": "Bay Ledger"},
    }
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{headline} | Bay '
        f'Ledger</title><link rel="canonical" href="{url}"><script type="application/ld+json">'
        f"{json.dumps(data)}</script></head><body><nav><a href='/'>Home</a></nav><main>"
        f"<article><h1>{headline}</h1>{body}</article></main><footer>© Bay Ledger</footer>"
        "</body></html>"
    )


def _ok(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return result


def _json(cli: Cli, *args: str) -> Any:
    return json.loads(_ok(cli(*args, "--json")).stdout)


def _ids_by_speaker(cli: Cli, article_id: int) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for quote in _json(cli, "article", str(article_id))["quotes_list"]:
        found.setdefault(quote["speaker"]["name"], []).append(quote["id"])
    return found


def _quotes(cli: Cli, article_id: int) -> dict[int, tuple[str, str]]:
    return {
        q["id"]: (q["speaker"]["name"], q["text"])
        for q in _json(cli, "article", str(article_id))["quotes_list"]
    }


def _everything(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row reextract could write, to show a dry run wrote none."""
    tables = {
        "articles": select(
            Article.id,
            Article.title,
            Article.url,
            Article.identity,
            Article.published,
            Article.outlet_id,
            Article.text,
            Article.updated_at,
        ),
        "quotes": select(
            Quote.id,
            Quote.text,
            Quote.expert_id,
            Quote.start,
            Quote.confidence,
            Quote.hand_edited,
            Quote.updated_at,
        ),
        "experts": select(Expert.id, Expert.name, Expert.description),
        "aliases": select(ExpertAlias.norm_alias, ExpertAlias.expert_id),
        "outlets": select(Outlet.id, Outlet.name),
        "changes": select(Change.seq, Change.quote_id, Change.op),
        "tombstones": select(QuoteTombstone.article_id, QuoteTombstone.text_key),
        "pages": select(ArticlePage.article_id, ArticlePage.final_url),
        "provenance": select(Article.id, Article.meta_provenance),
    }
    with engine.connect() as conn:
        return {
            name: sorted((tuple(row) for row in conn.execute(query)), key=repr)
            for name, query in tables.items()
        }


@pytest.fixture
def archive(cli: Cli) -> dict[str, Any]:
    """Page A as an older reader stored it, then corrected by hand; page B with fields a
    person set; text article C with a quote the older reader missed: built once per test
    process and store, each test given a copy of its own (conftest.copied_archive)."""
    _, ids = copied_archive("reextract", cli.home, cli.url, _older_archive_corrected_by_hand)
    return {"engine": create_engine(cli.url or ""), **ids}


def _older_archive_corrected_by_hand(cli: Cli) -> dict[str, Any]:
    tmp_path = cli.home.parent
    a = tmp_path / "a.html"
    a.write_text(_page(HEADLINE, "https://ledger.example/ferry", PARAGRAPHS), encoding="utf-8")
    b = tmp_path / "b.html"
    b.write_text(
        _page("Pier repairs finished", "https://ledger.example/pier", PARAGRAPHS[:3]),
        encoding="utf-8",
    )
    c = tmp_path / "c.txt"
    c.write_text("Island guesthouses count the cost.\n\n" + "\n\n".join(PARAGRAPHS[2:5]) + "\n")
    _ok(cli("ingest", str(a), str(c)))
    _ok(cli("ingest", str(b), "--date", "2024-01-15"))
    by_title = {art["title"]: art["id"] for art in _json(cli, "articles")}
    a_id, b_id = by_title[HEADLINE], by_title["Pier repairs finished"]
    c_id = by_title["Island guesthouses count the cost."]
    speakers = _ids_by_speaker(cli, a_id)
    osei, marchetti, ilves = (
        speakers[n][0] for n in ("Lena Osei", "Odile Marchetti", "Marta Ilves")
    )
    koenig_first, koenig_second = speakers["Bram Koenig"]
    c_osei = _ids_by_speaker(cli, c_id)["Lena Osei"][0]
    _ok(cli("trace", str(marchetti)))  # the trace keys caught up: reextract must move them

    # What an older reader stored: the site in the title, no date, Osei's words missed
    # (in A and in C), Marchetti's given to Koenig; Ilves's attribution weak.
    engine = create_engine(cli.url or "")
    with engine.begin() as conn:
        koenig = conn.execute(select(Quote.expert_id).where(Quote.id == koenig_first)).scalar()
        conn.execute(
            update(Article)
            .where(Article.id == a_id)
            .values(title=f"{HEADLINE} - Bay Ledger", published=None)
        )
        conn.execute(update(Quote).where(Quote.id == marchetti).values(expert_id=koenig))
        conn.execute(
            update(Quote).where(Quote.id == ilves).values(expert_id=koenig, confidence=0.05)
        )
        conn.execute(delete(Quote).where(Quote.id.in_([osei, c_osei])))
        conn.execute(Change.__table__.insert(), [{"quote_id": osei, "op": "delete"}])
        conn.execute(Change.__table__.insert(), [{"quote_id": c_osei, "op": "delete"}])
    engine.dispose()

    # A person's decisions: words corrected, a quote deleted, a weak one reviewed and
    # accepted as it stands, experts merged and renamed, fields set on B.
    _ok(cli("edit", str(koenig_first), "--text", "We lost a season of visitors"))
    _ok(cli("delete", str(koenig_second), "--yes"))
    _ok(cli("review", "--below", "0.1", "--prompt", input="a\n"))
    _ok(cli("add", "Harbour tours restart in June", "--speaker", "Ines Faro-Lindqvist"))
    _ok(cli("expert", "merge", "Ines Faro-Lindqvist", "Ines Faro"))
    _ok(cli("expert", "rename", "Ruairi Dunne", "Ruairi Dunne-Hale"))
    _ok(cli("article", "edit", str(b_id), "--title", "Pier works end after a hard winter"))
    _ok(cli("outlets", "rename", "Bay Ledger", "The Bay Ledger"))
    return {
        "a": a_id,
        "b": b_id,
        "c": c_id,
        "marchetti": marchetti,
        "ilves": ilves,
        "koenig_first": koenig_first,
        "quotes_a": _quotes(cli, a_id),
    }


def test_dry_run_reports_the_changes_and_writes_nothing(cli: Cli, archive: dict[str, Any]) -> None:
    before = _everything(archive["engine"])
    report = _json(cli, "reextract", "--all", "--dry-run")
    assert _everything(archive["engine"]) == before
    assert report["dry_run"] is True and report["failed"] == 0
    assert (report["changed"], report["unchanged"]) == (2, 1)
    assert (report["quotes_added"], report["quotes_removed"]) == (2, 0)
    assert report["quotes_reattributed"] == 1
    by_id = {a["article_id"]: a for a in report["articles"]}
    a = by_id[archive["a"]]
    assert a["read_from"] == "page" and a["status"] == "changed"
    assert a["fields"] == {
        "title": {"before": f"{HEADLINE} - Bay Ledger", "after": HEADLINE},
        "published": {"before": None, "after": "2024-04-02"},
    }
    changes = {(q["change"], q["speaker"], q["speaker_before"]) for q in a["quotes"]}
    assert changes == {
        ("added", "Lena Osei", None),
        ("reattributed", "Odile Marchetti", "Bram Koenig"),
    }
    assert all(q["quote_id"] is None for q in a["quotes"] if q["change"] == "added")
    assert by_id[archive["c"]]["read_from"] == "text"
    assert [q["speaker"] for q in by_id[archive["c"]]["quotes"]] == ["Lena Osei"]
    assert by_id[archive["b"]]["status"] == "unchanged"


def test_reextract_brings_back_what_the_reader_finds_and_keeps_every_hand_decision(
    cli: Cli, archive: dict[str, Any]
) -> None:
    text = _ok(cli("reextract", "--all"))
    assert f"#{archive['a']} {HEADLINE}" in text.stdout
    assert "title: 'Ferry service to resume in May - Bay Ledger' -> 'Ferry service" in text.stdout
    moved = "~ Odile Marchetti (was Bram Koenig): “The pier is finally safe for passengers again”"
    assert moved in text.stdout
    assert "+ Lena Osei: “Every business that lost trade will be heard”" in text.stdout
    assert "articles: 2 changed, 1 unchanged, 0 failed, 0 skipped" in text.output

    article = _json(cli, "article", str(archive["a"]))
    assert (article["title"], article["published"]) == (HEADLINE, "2024-04-02")
    assert article["outlet"] == "The Bay Ledger"  # renamed by hand, and the page says Bay Ledger
    now = _quotes(cli, archive["a"])
    before = archive["quotes_a"]
    assert now[archive["marchetti"]] == ("Odile Marchetti", before[archive["marchetti"]][1])
    # Hand-edited words stay, and the words they replaced are not extracted again.
    assert now[archive["koenig_first"]] == ("Bram Koenig", "We lost a season of visitors")
    assert not any("whole season" in words for _who, words in now.values())
    # Deleted stays deleted; the reviewed attribution stays as the reviewer accepted it.
    assert not any("money back" in words for _who, words in now.values())
    assert now[archive["ilves"]] == ("Bram Koenig", before[archive["ilves"]][1])
    # Merged and renamed experts keep their quotes, and no old name comes back as an expert.
    speakers = {who for who, _words in now.values()}
    assert {"Ines Faro-Lindqvist", "Ruairi Dunne-Hale", "Lena Osei"} <= speakers
    assert not {"Ines Faro", "Ruairi Dunne"} & speakers
    names = {e["name"] for e in _json(cli, "experts")}
    assert not {"Ines Faro", "Ruairi Dunne"} & names
    # B: the title set by hand, the date given to ingest and the outlet renamed all stay.
    b = _json(cli, "article", str(archive["b"]))
    assert b["title"] == "Pier works end after a hard winter"
    assert (b["published"], b["outlet"]) == ("2024-01-15", "The Bay Ledger")
    # C, a text file: the missed quote is found in its stored text.
    assert "Lena Osei" in {who for who, _words in _quotes(cli, archive["c"]).values()}

    # The search index and the trace keys are in step with what was written.
    hits = _json(cli, "search", "every business lost trade", "--no-group")
    assert {(h["article"]["id"], h["article"]["title"]) for h in hits} >= {(archive["a"], HEADLINE)}
    added = next(i for i, (who, _w) in now.items() if who == "Lena Osei")
    assert added in {h["id"] for h in hits}
    season = _json(cli, "search", '"whole season of visitors"')
    assert "whole" not in str([h["text"] for h in season if h["article"]["id"] == archive["a"]])
    traced = _json(cli, "trace", str(added))
    assert {o["quote_id"] for o in traced["occurrences"]} >= {added}
    # B carries the same words: --no-group lists every copy, not just the earliest.
    pier = _json(cli, "search", "pier finally safe", "--no-group")
    assert {h["speaker"]["name"] for h in pier} == {"Odile Marchetti"}
    assert archive["marchetti"] in {h["id"] for h in pier}

    # Read again, nothing changes and nothing is written: no churn in the change log.
    before_again = _everything(archive["engine"])
    again = _json(cli, "reextract", "--all")
    assert (again["changed"], again["unchanged"]) == (0, 3)
    assert _everything(archive["engine"]) == before_again


def test_unknown_ids_are_one_line_and_nothing_is_read(cli: Cli, archive: dict[str, Any]) -> None:
    before = _everything(archive["engine"])
    result = cli.run("reextract", str(archive["a"]), "999", "998")
    assert result.returncode == 1
    assert result.stderr == "quotesdb: error: no article with ids 999, 998\n"
    assert _everything(archive["engine"]) == before
    both = cli.run("reextract", "1", "--all")
    assert both.returncode == 1 and "not both" in both.stderr
    neither = cli.run("reextract")
    assert neither.returncode == 1 and "give ids or --all" in neither.stderr


def test_an_article_with_nothing_stored_to_read_is_skipped(sqlite_cli: Cli) -> None:
    _ok(sqlite_cli("add", "The bridge will hold", "--speaker", "Aino Vale", "--title", "Notes"))
    article = _json(sqlite_cli, "articles")[0]["id"]
    result = sqlite_cli.run("reextract", str(article), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["skipped"] == 1
    assert "no stored page or text" in report["articles"][0]["error"]
    engine = create_engine(f"sqlite:///{sqlite_cli.home / 'quotesdb.sqlite3'}")
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Quote)).scalar() == 1


def test_a_page_the_reader_cannot_read_now_fails_alone_and_loses_nothing(
    cli: Cli, tmp_path: Path
) -> None:
    for name in ("one", "two"):
        page = tmp_path / f"{name}.html"
        url = f"https://ledger.example/{name}"
        page.write_text(_page(f"Ferry {name}", url, PARAGRAPHS), encoding="utf-8")
        _ok(cli("ingest", str(page)))
    first, second = sorted(a["id"] for a in _json(cli, "articles"))
    engine = create_engine(cli.url or "")
    with engine.begin() as conn:  # one page now holds no article text, the other is damaged
        empty = gzip.compress(b"<html><head><title>Gone</title></head><body></body></html>")
        conn.execute(
            update(ArticlePage).where(ArticlePage.article_id == first).values(raw_gzip=empty)
        )
        conn.execute(
            update(ArticlePage)
            .where(ArticlePage.article_id == second)
            .values(raw_gzip=b"\x1f\x8bno")
        )
    before = _everything(engine)
    result = cli.run("reextract", "--all")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert f"failed: article #{second}: its stored page is damaged" in lines
    assert any(line.startswith("failed: ") and "no article text" in line for line in lines)
    assert "Traceback" not in result.stderr
    assert _everything(engine) == before


def test_a_page_now_read_as_another_stored_articles_url_keeps_its_own(
    cli: Cli, tmp_path: Path
) -> None:
    page = tmp_path / "ferry.html"
    page.write_text(_page(HEADLINE, "https://ledger.example/now", PARAGRAPHS), encoding="utf-8")
    _ok(cli("ingest", str(page)))
    ferry = _json(cli, "articles")[0]["id"]
    engine = create_engine(cli.url or "")
    with engine.begin() as conn:  # an older reader took another URL for it
        old = "https://ledger.example/then"
        conn.execute(
            update(Article).where(Article.id == ferry).values(url=old, identity=f"url:{old}")
        )
    words = "The quay was never the problem"
    _ok(
        cli(
            "add",
            words,
            "--speaker",
            "Aino Vale",
            "--url",
            "https://ledger.example/now",
            "--title",
            "Another story",
        )
    )
    result = cli.run("reextract", str(ferry), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)["articles"][0]
    assert report["status"] == "unchanged" and "url" not in report["fields"]
    assert report["warnings"] == [
        f"article #{ferry}: another article is stored under https://ledger.example/now: "
        "this one keeps its URL"
    ]
    assert _json(cli, "article", str(ferry))["url"] == "https://ledger.example/then"


def test_a_title_set_by_hand_is_kept_by_reextract_and_re_ingest_and_says_hand(
    cli: Cli, tmp_path: Path
) -> None:
    """One record of where fields came from (articles.meta_provenance): a title corrected
    by hand is marked `hand` there, for a page and for a text file alike, and neither
    reading the article again nor ingesting a changed page brings the old title back."""
    page = tmp_path / "a.html"
    page.write_text(_page(HEADLINE, "https://ledger.example/ferry", PARAGRAPHS[:4]))
    text = tmp_path / "c.txt"
    text.write_text("Island guesthouses count the cost.\n\n" + "\n\n".join(PARAGRAPHS[2:5]) + "\n")
    _ok(cli("ingest", str(page), str(text)))
    ids = {a["title"]: a["id"] for a in _json(cli, "articles")}
    a_id, c_id = ids[HEADLINE], ids["Island guesthouses count the cost."]
    assert _json(cli, "article", str(a_id))["metadata"]["fields"]["title"] != "hand"
    _ok(cli("article", "edit", str(a_id), "--title", "Ferries back in May, operators say"))
    _ok(cli("article", "edit", str(c_id), "--title", "Guesthouses count the cost"))

    # Set back by an older reader: the date lost; reextract brings it, keeps the title.
    engine = create_engine(cli.url or "")
    with engine.begin() as conn:
        conn.execute(update(Article).values(published=None))
    engine.dispose()
    report = _json(cli, "reextract", "--all")
    assert report["failed"] == 0
    for article_id, title in (
        (a_id, "Ferries back in May, operators say"),
        (c_id, "Guesthouses count the cost"),
    ):
        shown = _json(cli, "article", str(article_id))
        assert shown["title"] == title
        assert shown["metadata"]["fields"]["title"] == "hand"
    shown = _json(cli, "article", str(a_id))
    assert shown["published"] == "2024-04-02"
    assert shown["metadata"]["fields"]["authors"] == "json-ld"

    # The page changes and is ingested again: its new words come in, the title stays.
    page.write_text(_page(HEADLINE, "https://ledger.example/ferry", PARAGRAPHS[:6]))
    _ok(cli("ingest", str(page)))
    shown = _json(cli, "article", str(a_id))
    assert shown["title"] == "Ferries back in May, operators say"
    assert shown["metadata"]["fields"]["title"] == "hand"
    assert "Ines Faro" in {q["speaker"]["name"] for q in shown["quotes_list"]}


def test_an_option_given_again_is_the_newer_decision(cli: Cli, tmp_path: Path) -> None:
    """A title set by hand stays over what a changed page says, but a title given to a
    later `ingest --title` is the newer decision: stored, and marked `given`."""
    page = tmp_path / "a.html"
    page.write_text(_page(HEADLINE, "https://ledger.example/ferry", PARAGRAPHS[:3]))
    _ok(cli("ingest", str(page)))
    _ok(cli("article", "edit", "1", "--title", "Ferries back in May"))
    page.write_text(_page(HEADLINE, "https://ledger.example/ferry", PARAGRAPHS[:5]))
    _ok(cli("ingest", str(page), "--title", "Ferry crossings return in May"))
    shown = _json(cli, "article", "1")
    assert shown["title"] == "Ferry crossings return in May"
    assert shown["metadata"]["fields"]["title"] == "given"
