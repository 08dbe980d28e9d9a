"""What `ingest` and `extract` are given, read into articles: files, `-`, URLs, URL lists, feeds."""

from __future__ import annotations

import dataclasses
import gzip
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from quotesdb.articles import ArticleMeta, ArticleSource, decode, parse_article
from quotesdb.errors import InputError, QuotesdbError
from quotesdb.pages.fetch import FetchedPage, FetchError, FetchOptions, fetch_many, is_url

if TYPE_CHECKING:
    from quotesdb.pages.feeds import FeedLinks

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt", ".md")
# Documents people keep articles in that quotesdb cannot read yet: each is reported, not dropped.
UNSUPPORTED = (".pdf", ".doc", ".docx", ".odt", ".rtf", ".epub", ".pages")


class Unsupported(InputError):
    """A file of a type quotesdb does not read; counted apart from failures."""


@dataclass(frozen=True, slots=True)
class RawPage:
    """The page as fetched or read, kept (compressed) so extraction can be rerun and checked."""

    body: bytes
    content_type: str
    final_url: str | None

    def compressed(self) -> bytes:
        return gzip.compress(self.body, compresslevel=6, mtime=0)


@dataclass(frozen=True, slots=True)
class Loaded:
    source: ArticleSource
    raw: bytes  # what the source hash is taken of
    page: RawPage | None = None


Item = tuple[str, "Loaded | QuotesdbError"]


def is_html(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in head


def load_bytes(data: bytes, origin: str, *, url: str | None = None, kind: str = "") -> Loaded:
    """Article text with front matter, or an HTML page: told apart by suffix or by content."""
    from quotesdb.pages.html import decode_html, read_page

    if kind == "html" or (kind == "" and is_html(data)):
        page = read_page(decode_html(data), origin, url)
        raw_page = RawPage(data, "text/html", url)
        return Loaded(page.source, data, raw_page)
    return Loaded(parse_article(decode(data, origin), origin), data)


def load_path(path: Path) -> Loaded:
    from quotesdb.articles import read_article_bytes

    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED:
        raise Unsupported(
            f"{path}: {suffix} files are not supported (save the article as text or HTML)"
        )
    if suffix not in HTML_SUFFIXES:
        source, raw = read_article_bytes(path)
        return Loaded(source, raw)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    from quotesdb import limits

    most = limits.current().file_bytes
    if path.stat().st_size > most:
        raise limits.too_long(str(path), path.stat().st_size, most, "file_bytes", "bytes")
    return load_bytes(path.read_bytes(), str(path), kind="html")


def from_fetched(page: FetchedPage) -> Loaded:
    from quotesdb.pages.html import decode_html, read_page

    read = read_page(decode_html(page.body, page.charset), page.url, page.final_url)
    meta = read.source.meta
    if not meta.url:
        meta = dataclasses.replace(meta, url=page.final_url)
    meta = dataclasses.replace(meta, fetched_at=page.fetched_at)
    source = dataclasses.replace(read.source, meta=meta)
    raw = RawPage(page.body, page.content_type or "text/html", page.final_url)
    return Loaded(source, page.body, raw)


def walk(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given; folders walked for articles and for documents to report as unsupported."""
    from quotesdb.articles import iter_article_paths

    return iter_article_paths(paths, (*TEXT_SUFFIXES, *HTML_SUFFIXES, *UNSUPPORTED))


def url_list(path: Path) -> list[str]:
    """A file of URLs, one a line; blank lines and `#` comments ignored."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the URL list ({exc})") from None
    urls = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    bad = [u for u in urls if not is_url(u)]
    if bad:
        raise InputError(f"{path}: not a URL: {bad[0]!r}")
    return urls


def read_feed(where: str, options: FetchOptions | None = None) -> FeedLinks:
    """A feed's article links, from a URL or a file, and a warning for each entry skipped."""
    from quotesdb.pages.feeds import feed_links
    from quotesdb.pages.fetch import FEED_TYPES, HTML_TYPES

    if is_url(where):
        base = options or FetchOptions.from_env()
        feed_options = dataclasses.replace(base, accept=(*FEED_TYPES, *HTML_TYPES, "text/plain"))
        _url, outcome = next(fetch_many([where], feed_options))
        if isinstance(outcome, FetchError):
            raise outcome
        return feed_links(outcome.body, where)
    try:
        return feed_links(Path(where).read_bytes(), where)
    except OSError as exc:
        raise InputError(f"{where}: cannot read the feed ({exc.strerror})") from None


def gather(
    args: Iterable[str],
    *,
    urls: Iterable[str] = (),
    options: FetchOptions | None = None,
    on_fetched: Callable[[str], None] | None = None,
) -> Iterator[Item]:
    """Every input as (origin, article or error), files first, then URLs fetched concurrently."""
    web: list[str] = list(urls)
    for arg in args:
        if arg == "-":
            yield "-", _guard(lambda: load_bytes(_read_stdin(), "<stdin>"))
        elif is_url(arg):
            web.append(arg)
        else:
            try:
                files = list(walk([Path(arg)]))
            except QuotesdbError as exc:
                yield arg, exc
                continue
            for path in files:
                yield str(path), _guard(lambda path=path: load_path(path))  # type: ignore[misc]
    if web:
        for url, outcome in fetch_many(web, options):
            if on_fetched is not None:
                on_fetched(url)
            if isinstance(outcome, FetchError):
                yield url, outcome
            else:
                yield url, _guard(lambda outcome=outcome: from_fetched(outcome))  # type: ignore[misc]


def _read_stdin() -> bytes:
    """Standard input, at most the article size limit: a stream never fills memory."""
    from quotesdb import limits

    most = limits.current().file_bytes
    data = sys.stdin.buffer.read(most + 1)
    if len(data) > most:
        raise limits.too_long("<stdin>", len(data), most, "file_bytes", "bytes")
    return data


def _guard(load: Callable[[], Loaded]) -> Loaded | QuotesdbError:
    try:
        return load()
    except QuotesdbError as exc:
        return exc


def with_overrides(source: ArticleSource, **fields: object) -> ArticleSource:
    """Options given on the command line win over what the file or page said."""
    given = {k: v for k, v in fields.items() if v not in (None, ())}
    if not given:
        return source
    meta: ArticleMeta = dataclasses.replace(source.meta, **given)  # type: ignore[arg-type]
    return dataclasses.replace(source, meta=meta)
