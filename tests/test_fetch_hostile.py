"""`ingest URL` against a hostile server on 127.0.0.1: a drip that never ends, gzip bombs,
encodings nested or unknown. Each ends in a one-line error, in bounded time and memory."""

from __future__ import annotations

import functools
import gzip
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import Cli
from quotesdb.pages.fetch import FetchError, FetchOptions, fetch_many

PAGE = (
    b"<html><head><title>Tide tables</title></head><body><article><p>"
    + b'"The tide comes twice a day," said Ada Wavelength, a harbour pilot. ' * 20
    + b"</p></article></body></html>"
)


def _zeros_gzip(size: int) -> bytes:
    """`size` zero bytes, gzipped a megabyte at a time (never held whole)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(2**20)
    parts = [packer.compress(block) for _ in range(size // len(block))]
    return b"".join([*parts, packer.flush()])


@functools.cache
def _bombs() -> tuple[bytes, bytes]:
    """512 MB of zeros in about half a megabyte, and the same gzipped again (a few kB)."""
    bomb = _zeros_gzip(512 * 2**20)
    return bomb, gzip.compress(bomb, 9)


class Hostile(BaseHTTPRequestHandler):
    def log_message(self, *_args: object) -> None:
        pass

    def _head(self, encoding: str | None = None, length: int | None = None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.end_headers()

    def do_GET(self) -> None:
        bomb, double_bomb = _bombs()
        bodies = {
            "/bomb": ("gzip", bomb),
            "/double": ("gzip, gzip", double_bomb),
            "/brotli": ("br", b"\x0b\x02\x80hello\x03"),
            "/page.gz": ("gzip", gzip.compress(PAGE) + gzip.compress(b"<!-- more -->")),
            "/deflate": ("deflate", zlib.compress(PAGE)[2:-4]),  # raw, no zlib header
            "/damaged": ("gzip", gzip.compress(PAGE)[:40] + b"\xff" * 40),
        }
        if self.path in bodies:
            encoding, body = bodies[self.path]
            self._head(encoding, len(body))
            self.wfile.write(body)
        elif self.path == "/drip":  # a page a byte every 5 ms: 10 s in all, each read quick
            self._head(length=2000)
            try:
                for n in range(2000):
                    self.wfile.write(PAGE[n % len(PAGE) : n % len(PAGE) + 1])
                    self.wfile.flush()
                    time.sleep(0.005)
            except OSError:
                pass  # the client gave up, as it should
        else:
            self.send_error(404)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _fetch(url: str, **options: float) -> object:
    settings = FetchOptions(**{"retries": 0, "max_bytes": 10 * 2**20, **options})  # type: ignore[arg-type]
    return dict(fetch_many([url], settings))[url]


def test_a_drip_feed_is_cut_off_at_the_deadline(server: str) -> None:
    outcome = _fetch(f"{server}/drip", timeout=0.5)
    assert isinstance(outcome, FetchError), "a byte at a time outlived the deadline"
    assert "timed out after 0.5 s" in str(outcome)


@pytest.mark.parametrize("path", ["/bomb", "/double"])
def test_a_gzip_bomb_stops_at_the_cap_in_bounded_memory(server: str, path: str) -> None:
    tracemalloc.start()
    try:
        outcome = _fetch(f"{server}{path}", timeout=60)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(outcome, FetchError)
    assert "larger than 10,485,760 bytes" in str(outcome) or "compressed 2 times" in str(outcome)
    assert peak < 64 * 2**20, f"{peak:,} bytes held for a {path} response"


def test_encodings_read_and_refused(server: str) -> None:
    for path in ("/page.gz", "/deflate"):
        page = _fetch(f"{server}{path}", timeout=10)
        assert not isinstance(page, FetchError), page
        assert page.body.startswith(PAGE)  # type: ignore[attr-defined]
    refused = {p: str(_fetch(f"{server}{p}", timeout=10)) for p in ("/brotli", "/damaged")}
    assert "compressed with 'br'" in refused["/brotli"]
    assert "damaged" in refused["/damaged"]


def test_ingest_says_one_line_for_a_bomb_and_a_drip(
    sqlite_cli: Cli, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUOTESDB_FETCH_TIMEOUT", "0.5")
    done = sqlite_cli.run("ingest", f"{server}/double", f"{server}/drip", f"{server}/page.gz")
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "compressed 2 times" in done.stderr and "timed out" in done.stderr
    found = sqlite_cli.run("search", "tide", "--json")
    assert "Ada Wavelength" in found.stdout
