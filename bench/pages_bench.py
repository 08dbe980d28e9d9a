"""Web pages in: pages per second read from local files (one core), and fetched from a
local server with several at once.

Pages are article-like HTML with the chrome real sites carry (menus, a cookie banner,
JSON-LD, comments, related links), built from the extraction benchmark's articles.
"""

from __future__ import annotations

import html
import json
import random
import statistics
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench.extract_bench import _article
from quotesdb.articles import prepare
from quotesdb.pages.fetch import FetchOptions, fetch_many
from quotesdb.pages.html import decode_html, read_page

PAGES = 200
ROUNDS = 3
LATENCY_S = 0.05


def page(rng: random.Random, n: int) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in _article(rng).split("\n\n"))
    ld = json.dumps(
        {
            "@type": "NewsArticle",
            "headline": f"Story {n}",
            "datePublished": "2024-05-06",
            "author": [{"@type": "Person", "name": "Ruth Adeyemi"}],
            "publisher": {"@type": "Organization", "name": "Bench Gazette"},
        }
    )
    nav = "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(30))
    related = "".join(f'<li><a href="/r{i}">Related story {i}</a></li>' for i in range(10))
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Story {n}</title>'
        f'<script type="application/ld+json">{ld}</script></head><body><nav><ul>{nav}</ul></nav>'
        '<div class="cookie-banner">We use cookies.</div>'
        f"<article><h1>Story {n}</h1>{body}</article>"
        '<section id="comments"><div class="comment"><p>“Nonsense,” said a reader.</p></div>'
        f'</section><aside class="related"><ul>{related}</ul></aside></body></html>'
    )


def main() -> None:
    rng = random.Random(7)
    pages = [page(rng, n).encode() for n in range(PAGES)]
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for n, raw in enumerate(pages):
            path = Path(tmp) / f"p{n}.html"
            path.write_bytes(raw)
            paths.append(path)
        rates = []
        quotes = 0
        for _ in range(ROUNDS):
            start = time.perf_counter()
            quotes = 0
            for path in paths:
                quotes += len(
                    prepare(read_page(decode_html(path.read_bytes()), str(path)).source).quotes
                )
            rates.append(len(paths) / (time.perf_counter() - start))
    local = statistics.median(rates)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_a: object) -> None:
            pass

        def do_GET(self) -> None:
            raw = pages[int(self.path.strip("/")) % PAGES]
            time.sleep(LATENCY_S)  # a real server's think time, where concurrency pays
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    served = {}
    for per_host in (1, 8):
        start = time.perf_counter()
        got = list(
            fetch_many([f"{base}/{n}" for n in range(PAGES)], FetchOptions(per_host=per_host))
        )
        served[per_host] = len(got) / (time.perf_counter() - start)
    httpd.shutdown()
    print("| what | pages | pages/s |")
    print("| --- | ---: | ---: |")
    print(
        f"| read + extract, local HTML files, one core ({quotes} quotes) | {PAGES} | {local:.0f} |"
    )
    for per_host, rate in served.items():
        print(
            f"| fetch from a local server ({LATENCY_S * 1000:.0f} ms a page), "
            f"{per_host} at a time | {PAGES} | {rate:.0f} |"
        )


if __name__ == "__main__":
    main()
