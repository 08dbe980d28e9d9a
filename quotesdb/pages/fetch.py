"""Fetching pages politely: a deadline, a size cap, content-type checks, retries on 5xx.

A few hosts at once, at most `PER_HOST` requests to any one of them; each URL's failure is
its own (one line for it) and the others go on.

Hostile servers are bounded too. `timeout` is one deadline for the whole URL, tries and
redirects included, not a limit per read: a server sending a byte a second is cut off
when it passes. A compressed body is decoded here, never by httpx, a slice at a time
with its output capped at `max_bytes`: a 2 kB gzip bomb stops at the cap, in bounded
memory. Only gzip and deflate are asked for and accepted, once: a body encoded twice
(`gzip, gzip`) or in another way is refused.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from quotesdb.errors import InputError

if TYPE_CHECKING:
    import httpx

USER_AGENT = "quotesdb/0.1 (expert-quote archive; +https://github.com/quotesdb/quotesdb)"
TIMEOUT_S = 20.0
MAX_BYTES = 10 * 2**20
PER_HOST = 2
WORKERS = 8
RETRIES = 2  # after the first try, on a 5xx answer or a dropped connection
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")


class FetchError(InputError):
    """One URL could not be fetched as wanted; the message names it and says why."""


@dataclass(frozen=True, slots=True)
class FetchedPage:
    url: str
    final_url: str
    content_type: str
    charset: str | None
    body: bytes
    fetched_at: dt.datetime


@dataclass(frozen=True, slots=True)
class FetchOptions:
    timeout: float = TIMEOUT_S
    max_bytes: int = MAX_BYTES
    per_host: int = PER_HOST
    retries: int = RETRIES
    accept: tuple[str, ...] = HTML_TYPES
    backoff: float = 0.5

    @classmethod
    def from_env(cls) -> FetchOptions:
        """Defaults, with QUOTESDB_FETCH_TIMEOUT (seconds) and QUOTESDB_MAX_PAGE (bytes)."""
        from quotesdb.config import FETCH_TIMEOUT_ENV, MAX_PAGE_ENV, env_number

        timeout = env_number(FETCH_TIMEOUT_ENV, whole=False)
        most = env_number(MAX_PAGE_ENV)
        return cls(
            timeout=float(timeout) if timeout is not None else TIMEOUT_S,
            max_bytes=int(most) if most is not None else MAX_BYTES,
        )


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def _client(options: FetchOptions) -> httpx.Client:
    import httpx

    return httpx.Client(
        follow_redirects=True,
        max_redirects=10,
        timeout=httpx.Timeout(options.timeout),
        headers={
            "User-Agent": USER_AGENT,
            "Accept": ", ".join((*options.accept, "*/*;q=0.1")),
            "Accept-Encoding": ", ".join(DECODERS),
        },
    )


class _Late(Exception):
    """The URL's deadline passed."""


def fetch_one(client: httpx.Client, url: str, options: FetchOptions) -> FetchedPage:
    import httpx

    deadline = time.monotonic() + options.timeout
    for attempt in range(options.retries + 1):
        try:
            return _get(client, url, options, deadline)
        except _Retry as exc:
            pause = options.backoff * 2**attempt
            if attempt == options.retries or time.monotonic() + pause >= deadline:
                raise FetchError(f"{url}: {exc}") from None
            time.sleep(pause)
        except (httpx.TimeoutException, _Late):
            raise FetchError(f"{url}: timed out after {options.timeout:g} s") from None
        except httpx.TooManyRedirects:
            raise FetchError(f"{url}: too many redirects") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from None
    raise AssertionError("unreachable")


class _Retry(Exception):
    pass


def _get(client: httpx.Client, url: str, options: FetchOptions, deadline: float) -> FetchedPage:
    import httpx

    left = deadline - time.monotonic()
    if left <= 0:
        raise _Late
    try:
        with client.stream("GET", url, timeout=httpx.Timeout(left)) as response:
            if response.status_code >= 500:
                raise _Retry(f"HTTP {response.status_code}")
            if response.status_code >= 400:
                raise FetchError(f"{url}: HTTP {response.status_code}")
            kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind and kind not in options.accept:
                raise FetchError(f"{url}: not a web page ({kind})")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > options.max_bytes:
                raise FetchError(f"{url}: larger than {options.max_bytes:,} bytes")
            decoder = _decoder(url, response.headers.get("content-encoding", ""))
            body = bytearray()
            for chunk in response.iter_raw():
                if time.monotonic() > deadline:
                    raise _Late
                body += decoder.decode(chunk, options.max_bytes - len(body))
                if len(body) > options.max_bytes:
                    raise FetchError(f"{url}: larger than {options.max_bytes:,} bytes")
            return FetchedPage(
                url=url,
                final_url=str(response.url),
                content_type=kind,
                charset=response.charset_encoding,
                body=bytes(body),
                fetched_at=dt.datetime.now(dt.UTC),
            )
    except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError) as exc:
        raise _Retry(f"{type(exc).__name__}: {exc}") from None


class _Decoder:
    """A body's one content encoding undone slice by slice, never more than asked for."""

    def __init__(self, url: str, wbits: int | None) -> None:
        self.url, self.wbits = url, wbits
        self.inflate = zlib.decompressobj(wbits) if wbits is not None else None
        self.started = False  # some output came: a deflate body had its zlib header
        self.ended = False  # a gzip member ended: what follows may be another one
        self.done = False  # ... and was not: the rest is ignored

    def decode(self, data: bytes, room: int) -> bytes:
        """`data` decoded, up to `room` + 1 bytes (one past it shows the cap was passed)."""
        if self.inflate is None or self.wbits is None:
            return data[: room + 1]
        wbits = self.wbits
        out = bytearray()
        pending = data
        while pending and not self.done and len(out) <= room:
            try:
                out += self.inflate.decompress(pending, room + 1 - len(out))
            except zlib.error:
                pending = self._recover(pending)
                continue
            self.started = True
            pending = self.inflate.unconsumed_tail
            if self.inflate.eof:  # a gzip body may hold several members, one after another
                pending = self.inflate.unused_data
                self.inflate = zlib.decompressobj(wbits)
                self.ended = True
        return bytes(out)

    def _recover(self, pending: bytes) -> bytes:
        if self.ended:  # bytes after the last member: ignored, as browsers do
            self.done = True
            return b""
        if not self.started and self.wbits == DECODERS["deflate"]:
            # `deflate` without its zlib header, as some servers send it
            self.wbits = -zlib.MAX_WBITS
            self.inflate = zlib.decompressobj(self.wbits)
            return pending
        raise FetchError(f"{self.url}: the compressed page is damaged")


DECODERS = {"gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}


def _decoder(url: str, encoding: str) -> _Decoder:
    codings = [c.strip().lower() for c in encoding.split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if not codings:
        return _Decoder(url, None)
    names = {"x-gzip": "gzip"}
    if len(codings) > 1:
        raise FetchError(f"{url}: the page is compressed {len(codings)} times over ({encoding})")
    coding = names.get(codings[0], codings[0])
    if coding not in DECODERS:
        raise FetchError(f"{url}: the page is compressed with {coding!r}, which is not read")
    return _Decoder(url, DECODERS[coding])


Outcome = FetchedPage | FetchError


def fetch_many(
    urls: Iterable[str],
    options: FetchOptions | None = None,
    on_done: Callable[[str, Outcome], None] | None = None,
) -> Iterator[tuple[str, Outcome]]:
    """Each URL once, as it completes; a failure is yielded, not raised."""
    options = options or FetchOptions.from_env()
    wanted = list(dict.fromkeys(urls))
    hosts: dict[str, threading.Semaphore] = {}
    for url in wanted:
        hosts.setdefault(urlsplit(url).netloc.lower(), threading.Semaphore(options.per_host))

    with _client(options) as client:

        def work(url: str) -> Outcome:
            with hosts[urlsplit(url).netloc.lower()]:
                try:
                    return fetch_one(client, url, options)
                except FetchError as exc:
                    return exc

        with ThreadPoolExecutor(max_workers=min(WORKERS, max(1, len(wanted)))) as pool:
            futures = {pool.submit(work, url): url for url in wanted}
            for future in as_completed(futures):
                url, outcome = futures[future], future.result()
                if on_done is not None:
                    on_done(url, outcome)
                yield url, outcome
