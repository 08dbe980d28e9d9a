"""Web pages in: HTML files, URLs from a local server, URL lists, feeds and stdin."""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from conftest import Cli
from quotesdb.articles import prepare
from quotesdb.errors import InputError
from quotesdb.pages.dates import BadDate, parse_date
from quotesdb.pages.feeds import feed_links
from quotesdb.pages.fetch import FetchError, FetchOptions, fetch_many
from quotesdb.pages.html import decode_html, read_page
from quotesdb.pages.inputs import load_bytes

BODY = """
<p>Harbour officials said on Tuesday that the new container terminal would open in the
spring, two years later than planned, after a long dispute over dredging permits.</p>
<p>“We underestimated how long the environmental review would take,” said Priya Natarajan,
the port authority's director of planning. “But the terminal will be worth the wait.”</p>
<p>Local fishermen were less sure. “Nobody asked us where the silt would go,” said Ewan
MacLeod, who has fished the estuary for thirty years.</p>
"""
# The same article as a text file: one line a paragraph, as ingest expects of text.
CLEAN_TEXT = "\n\n".join(
    " ".join(p.split()) for p in BODY.replace("<p>", "").split("</p>") if p.strip()
)
CHROME = """
<nav><a href="/">Home</a> <a href="/ua">ua</a> <a href="/en">en</a> <a href="/ru">ru</a></nav>
<div class="cookie-banner" id="cookie-consent"><p>We use cookies. “Accept them all,” says
the Cookie Manager.</p><button>Accept</button></div>
"""
COMMENTS = """
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>“This is a scandal and a waste of money,” said Angry Reader, a
commenter.</p></div></section>
<aside class="related"><h3>Related</h3><ul><li><a href="/a">“Dredging is fine,” says
Related Person</a></li></ul></aside>
"""


def page(head: str, body: str = BODY, title: str = "Terminal opening delayed") -> str:
    return (
        f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{title} | '
        f"Harbour Gazette</title>{head}</head><body>{CHROME}<main><article><h1>{title}</h1>"
        f"{body}</article></main>{COMMENTS}<footer>© Harbour Gazette</footer></body></html>"
    )


def json_ld(authors: list[str], date: str = "2024-03-05T08:00:00Z") -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Terminal opening delayed",
        "datePublished": date,
        "author": [{"@type": "Person", "name": a} for a in authors],
        "publisher": {"@type": "Organization", "name": "Harbour Gazette"},
        "articleSection": "Business",
    }
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


CANONICAL = '<link rel="canonical" href="https://gazette.example/2024/terminal">'
PAGES: dict[str, str] = {
    "/one-author": page(json_ld(["Ruth Adeyemi"]) + CANONICAL),
    "/two-authors": page(json_ld(["Ruth Adeyemi", "Carlos Mendes"])),
    "/meta-only": page(
        '<meta name="author" content="Ruth Adeyemi">'
        '<meta property="og:site_name" content="Harbour Gazette">'
        '<meta property="article:published_time" content="2024-03">'
        '<meta property="og:title" content="Terminal opening delayed">'
    ),
    "/no-author": page('<meta property="og:title" content="Terminal opening delayed">'),
}


class Handler(BaseHTTPRequestHandler):
    hits: ClassVar[dict[str, int]] = {}

    def log_message(self, *_args: object) -> None:  # keep test output clean
        pass

    def _send(
        self, code: int, body: bytes, kind: str = "text/html; charset=utf-8", **h: str
    ) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for key, value in h.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        Handler.hits[path] = Handler.hits.get(path, 0) + 1
        if path in PAGES:
            self._send(200, PAGES[path].encode())
        elif path == "/redirect":
            self.send_response(301)
            self.send_header("Location", "/one-author")
            self.end_headers()
        elif path == "/missing":
            self._send(404, b"<html><body>not here</body></html>")
        elif path == "/broken":
            self._send(500, b"<html><body>oops</body></html>")
        elif path == "/flaky":
            code = 503 if Handler.hits[path] == 1 else 200
            self._send(code, PAGES["/one-author"].encode())
        elif path == "/slow":
            time.sleep(2)
            self._send(200, PAGES["/one-author"].encode())
        elif path == "/huge":
            self._send(200, PAGES["/one-author"].encode() + b" " * 3_000_000)
        elif path == "/pdf":
            self._send(200, b"%PDF-1.4", "application/pdf")
        elif path == "/latin1":
            text = page("", BODY.replace("fishermen", "pêcheurs"), title="Terminal délai")
            raw = text.replace('charset="utf-8"', 'charset="windows-1252"').encode("cp1252")
            self._send(200, raw, "text/html")
        elif path == "/gzip":
            self._send(200, gzip.compress(PAGES["/two-authors"].encode()), Content_Encoding="gzip")
        elif path == "/feed.xml":
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            items = "".join(
                f"<item><title>t</title><link>{base}{p}</link></item>"
                for p in ("/one-author", "/two-authors")
            )
            rss = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'
            self._send(200, rss.encode(), "application/rss+xml")
        else:
            self._send(404, b"")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def said(html: str) -> list[tuple[str, str | None]]:
    article = prepare(read_page(html, "test").source)
    return [(q.text, q.speaker) for q in article.quotes]


def test_a_page_gives_the_same_quotes_as_its_clean_text() -> None:
    from quotesdb.articles import ArticleSource

    expected = [
        (q.text, q.speaker)
        for q in prepare(
            ArticleSource(body=CLEAN_TEXT, meta=read_page(PAGES["/one-author"], "t").source.meta)
        ).quotes
    ]
    assert said(PAGES["/one-author"]) == expected
    speakers = {s for _t, s in expected}
    assert speakers == {"Priya Natarajan", "Ewan MacLeod"}


def test_no_quote_from_comments_navigation_banners_or_related_links() -> None:
    for html in PAGES.values():
        texts = " ".join(t for t, _s in said(html))
        for chrome in ("scandal", "Accept them all", "Dredging is fine"):
            assert chrome not in texts
        body = read_page(html, "t").source.body
        assert "ua en ru" not in body and "Comments" not in body


def test_metadata_and_where_it_came_from() -> None:
    one = read_page(PAGES["/one-author"], "t")
    meta = one.source.meta
    assert meta.title == "Terminal opening delayed"
    assert meta.authors == ("Ruth Adeyemi",)
    assert meta.outlet == "Harbour Gazette"
    assert meta.url == "https://gazette.example/2024/terminal"
    assert (meta.published.isoformat(), meta.published_precision) == ("2024-03-05", None)  # type: ignore[union-attr]
    assert meta.language == "en" and meta.section == "Business"
    assert one.provenance["authors"] == "json-ld" and one.provenance["url"] == "link rel=canonical"
    assert not one.source.body.startswith("Terminal opening delayed")

    two = read_page(PAGES["/two-authors"], "t").source.meta
    assert two.authors == ("Ruth Adeyemi", "Carlos Mendes")

    meta_only = read_page(PAGES["/meta-only"], "t")
    assert meta_only.source.meta.authors == ("Ruth Adeyemi",)
    assert meta_only.provenance["authors"] == "meta author"
    assert meta_only.source.meta.published_precision == "month"

    assert read_page(PAGES["/no-author"], "t").source.meta.authors == ()


def test_pages_without_text_are_refused() -> None:
    with pytest.raises(InputError, match="no article text"):
        read_page("<html><head><title>x</title></head><body><script>1</script></body></html>", "e")


def test_dates_with_their_precision() -> None:
    assert parse_date("2024") == (parse_date("2024-01-01")[0], "year")
    assert parse_date("2024-05")[1] == "month"
    assert parse_date("May 6, 2024")[0].isoformat() == "2024-05-06"
    assert parse_date("6 May 2024")[0].isoformat() == "2024-05-06"
    assert parse_date("Mon, 06 May 2024 10:00:00 +0000")[0].isoformat() == "2024-05-06"
    assert parse_date("2024-05-06T10:00:00+02:00") == (parse_date("2024-05-06")[0], None)
    for bad in ("2024-02-30", "yesterday", "2024-13"):
        with pytest.raises(BadDate):
            parse_date(bad)


def test_charset_from_the_page_when_the_server_says_none() -> None:
    raw = "<html><head><meta charset='windows-1252'></head><body>pêcheurs</body></html>"
    assert "pêcheurs" in decode_html(raw.encode("cp1252"))
    assert "pêcheurs" in decode_html(raw.encode("utf-8"), "utf-8")


def test_feed_links_rss_and_atom() -> None:
    rss = b"<rss><channel><item><link>https://a.example/1</link></item><item><guid>https://a.example/2</guid></item></channel></rss>"
    assert feed_links(rss, "f").links == ["https://a.example/1", "https://a.example/2"]
    atom = b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="alternate" href="https://b.example/x"/></entry></feed>'
    assert feed_links(atom, "f").links == ["https://b.example/x"]
    with pytest.raises(InputError):
        feed_links(b"<html>no</html>", "f")


def test_fetching_each_failure_is_its_own(server: str) -> None:
    options = FetchOptions(timeout=0.5, max_bytes=1_000_000, backoff=0.01)
    urls = [
        f"{server}{p}"
        for p in (
            "/redirect",
            "/missing",
            "/broken",
            "/flaky",
            "/slow",
            "/huge",
            "/pdf",
            "/gzip",
            "/latin1",
        )
    ]
    got = dict(fetch_many(urls, options))
    ok = {u.rsplit("/", 1)[1] for u, o in got.items() if not isinstance(o, FetchError)}
    assert ok == {"redirect", "flaky", "gzip", "latin1"}
    why = {u.rsplit("/", 1)[1]: str(o) for u, o in got.items() if isinstance(o, FetchError)}
    assert "HTTP 404" in why["missing"]
    assert "HTTP 500" in why["broken"]
    assert "timed out" in why["slow"]
    assert "larger than" in why["huge"]
    assert "not a web page (application/pdf)" in why["pdf"]
    assert Handler.hits["/broken"] == 3  # tried again on a 5xx, then given up
    redirected = got[f"{server}/redirect"]
    assert not isinstance(redirected, FetchError) and redirected.final_url.endswith("/one-author")
    latin = got[f"{server}/latin1"]
    assert not isinstance(latin, FetchError)
    assert "pêcheurs" in decode_html(latin.body, latin.charset)


def test_ingest_urls_feeds_and_lists_end_to_end(
    sqlite_cli: Cli, server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUOTESDB_FETCH_TIMEOUT", "0.5")
    listed = tmp_path / "urls.txt"
    listed.write_text(f"# reading list\n{server}/two-authors\n\n{server}/missing\n")
    done = sqlite_cli.run("ingest", f"{server}/one-author", "--urls", str(listed), "--json")
    assert done.returncode == 1  # the 404 failed; the rest went on
    summary = json.loads(done.stdout)
    assert (summary["new"], summary["failed"]) == (2, 1)
    assert "HTTP 404" in next(a["error"] for a in summary["articles"] if a["status"] == "failed")

    found = json.loads(sqlite_cli.run("search", "silt", "--json").stdout)
    assert {h["speaker"]["name"] for h in found} == {"Ewan MacLeod"}
    assert {h["article"]["outlet"] for h in found} == {"Harbour Gazette"}
    assert not json.loads(sqlite_cli.run("search", "scandal", "--json").stdout or "[]")

    feed = sqlite_cli.run("ingest", "--feed", f"{server}/feed.xml", "--json")
    assert feed.returncode == 0, feed.stderr
    assert json.loads(feed.stdout)["new"] == 0  # both links are stored already: none fetched
    again = Handler.hits.get("/two-authors", 0)
    sqlite_cli.run("ingest", "--feed", f"{server}/feed.xml")
    assert Handler.hits.get("/two-authors", 0) == again


def test_raw_page_and_fetch_time_are_kept(sqlite_cli: Cli, server: str) -> None:
    from sqlalchemy import create_engine, select

    from quotesdb.db.models import Article, ArticlePage

    assert sqlite_cli.run("ingest", f"{server}/gzip").returncode == 0
    engine = create_engine(f"sqlite:///{sqlite_cli.home / 'quotesdb.sqlite3'}")
    with engine.connect() as conn:
        article = conn.execute(
            select(Article.fetched_at, Article.url, Article.meta_provenance)
        ).one()
        raw = conn.execute(select(ArticlePage.raw_gzip)).one()
    engine.dispose()
    assert article.fetched_at is not None and article.url.endswith("/gzip")
    assert gzip.decompress(raw.raw_gzip).decode() == PAGES["/two-authors"]
    assert article.meta_provenance["fields"]["authors"] == "json-ld"


def test_files_stdin_overrides_and_unsupported_types(sqlite_cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "story.html").write_text(PAGES["/meta-only"])
    (folder / "report.pdf").write_bytes(b"%PDF-1.4")
    (folder / "memo.docx").write_bytes(b"PK")
    done = sqlite_cli.run("ingest", str(folder))
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("unsupported: ") == 2 and "2 unsupported" in done.stderr

    piped = sqlite_cli.run(
        "ingest",
        "-",
        "--outlet",
        "Evening Post",
        "--date",
        "2023",
        "--json",
        input=PAGES["/no-author"],
    )
    assert piped.returncode == 0, piped.stderr
    cited = json.loads(sqlite_cli.run("search", "silt", "--json").stdout)
    # The same text without a URL is the same article: the options updated it.
    assert {h["article"]["outlet"] for h in cited} == {"Evening Post"}
    assert {h["article"]["published"] for h in cited} == {"2023-01-01"}

    bad = sqlite_cli.run("ingest", "-", "--date", "2024-02-30", input=PAGES["/no-author"])
    assert bad.returncode != 0 and "--date" in bad.stderr and "Traceback" not in bad.stderr


def test_extract_reads_html_and_stdin(sqlite_cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    path.write_text(PAGES["/two-authors"])
    from_file = json.loads(sqlite_cli.run("extract", str(path), "--json").stdout)
    piped = json.loads(sqlite_cli.run("extract", "-", "--json", input=PAGES["/two-authors"]).stdout)
    assert from_file == piped
    assert {q["speaker"] for q in from_file} == {"Priya Natarajan", "Ewan MacLeod"}


def test_load_bytes_tells_html_from_text() -> None:
    assert load_bytes(PAGES["/one-author"].encode(), "x").page is not None
    text = load_bytes(
        b"---\ntitle: T\n---\n\n\xe2\x80\x9cHi there, all,\xe2\x80\x9d said Ann Lee.\n", "y"
    )
    assert text.page is None and text.source.meta.title == "T"


def test_the_api_gives_each_authors_kind_and_where_each_field_came_from(
    cli: Cli, tmp_path: Path
) -> None:
    """As `article --json` does: the byline with each author's kind as the page declared
    it, and the one provenance record, `hand` for a field corrected by hand; both answers
    as the OpenAPI description says."""
    from jsonschema import Draft202012Validator
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012
    from starlette.testclient import TestClient

    from quotesdb.config import resolve
    from quotesdb.web.app import create_app
    from quotesdb.web.openapi import spec
    from web_helpers import LOCAL

    table = json.loads((Path(__file__).parent / "data" / "page_metadata.json").read_text())
    case = next(c for c in table["pages"] if c["name"] == "byline-kinds")
    page = tmp_path / "page.html"
    page.write_text(case["html"], encoding="utf-8")
    assert cli("ingest", str(page)).exit_code == 0
    assert cli("article", "edit", "1", "--title", "Ferry fares go up").exit_code == 0

    described = spec(("apa",))
    registry = Registry().with_resource("urn:api", DRAFT202012.create_resource(described))

    def check(answer: dict[str, object], name: str) -> None:
        schema = {"$ref": f"urn:api#/components/schemas/{name}"}
        Draft202012Validator(schema, registry=registry).validate(answer)

    app = create_app(resolve(cli.home, cli.url))
    with TestClient(app, base_url=LOCAL) as client:
        article = client.get("/api/articles/1").json()
        check(article, "Article")
        quote = client.get(f"/api/quotes/{article['quotes'][0]['id']}").json()
        check(quote, "Quote")
    kinds = [{"name": "Example Rights Watch", "kind": "organisation"}]
    kinds.append({"name": "Mira Press", "kind": "person"})
    for shown in (article, quote["article"]):
        assert shown["byline"] == kinds
        assert shown["metadata"]["fields"]["title"] == "hand"
        assert shown["metadata"]["fields"]["authors"] == "json-ld"
    bad = {**article, "byline": [{"name": "Mira Press", "kind": "robot"}]}
    with pytest.raises(Exception, match="robot"):
        check(bad, "Article")
