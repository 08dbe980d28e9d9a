"""Reading article files: YAML front matter (as Jekyll, Hugo and Obsidian write it) and body."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quotesdb.errors import InputError
from quotesdb.extract.model import ExtractedQuote
from quotesdb.links import check_url

ARTICLE_SUFFIXES = (".txt", ".md")
MAX_HEADLINE_CHARS = 200  # a longer first line is a paragraph, not a headline
_FENCE = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?", re.DOTALL | re.MULTILINE)


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    authors: tuple[str, ...] = ()
    published: dt.date | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    language: str = "en"
    published_precision: str | None = None  # "year" | "month" | None: the whole day
    fetched_at: dt.datetime | None = None  # when the page was fetched from the web
    # "person", "organisation" or None (not declared), one for each of `authors`.
    author_kinds: tuple[str | None, ...] = ()
    # Where each field came from: (("title", "json-ld"), ("published", "htmldate"), ...).
    provenance: tuple[tuple[str, str], ...] = ()
    # What was dropped on reading (a date no format reads): reported, never fatal.
    warnings: tuple[str, ...] = ()

    def kind_of(self, author: str) -> str | None:
        """The kind the page declared for one of its authors, if it did."""
        kinds = dict(zip(self.authors, self.author_kinds, strict=False))
        return kinds.get(author)


@dataclass(frozen=True, slots=True)
class ArticleSource:
    """An article as read from a file, before clean-up and extraction."""

    meta: ArticleMeta
    body: str
    origin: str = ""

    @property
    def warnings(self) -> tuple[str, ...]:
        """What reading it noticed and let pass (a date it could not read, dropped)."""
        return self.meta.warnings


def parse_article(raw: str, origin: str = "") -> ArticleSource:
    """Split front matter from body; pure, so tests need no files."""
    raw = raw.removeprefix("\ufeff")
    match = _FENCE.match(raw)
    if not match:
        return ArticleSource(ArticleMeta(), raw, origin)
    data = _load_yaml(match.group(1), origin)
    return ArticleSource(_meta_from(data, origin), raw[match.end() :], origin)


@functools.cache
def _loader() -> Any:
    """YAML's safe loader that leaves dates as text: `2024-02-30` or `1970-01-01` is then
    dropped from the article with a warning, not fatal to the whole front matter."""
    import yaml

    class DatesAsText(yaml.SafeLoader):
        pass

    DatesAsText.yaml_implicit_resolvers = {
        first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return DatesAsText


def _load_yaml(text: str, origin: str) -> dict[str, Any]:
    import yaml  # only files with front matter pay for the parser

    try:
        data = yaml.load(text, Loader=_loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise InputError(f"{origin}: broken front matter{where}") from None
    except ValueError as exc:  # a timestamp YAML cannot build, such as 2024-02-30
        raise InputError(f"{origin}: impossible value in front matter ({exc})") from None
    except RecursionError:
        raise InputError(f"{origin}: front matter nested too deeply") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(f"{origin}: front matter must be `key: value` lines")
    return {str(k).lower(): v for k, v in data.items()}


def _meta_from(data: dict[str, Any], origin: str) -> ArticleMeta:
    authors = data.get("authors", data.get("author"))
    key = "published" if "published" in data else "date"
    published, precision, problem = _date(data.get(key))
    return ArticleMeta(
        title=_text(data.get("title"), "title", origin),
        outlet=_text(data.get("outlet"), "outlet", origin),
        url=_url(_text(data.get("url"), "url", origin), origin),
        authors=_names(authors, "authors", origin),
        published=published,
        published_precision=precision,
        section=_text(data.get("section"), "section", origin),
        tags=_names(data.get("tags"), "tags", origin),
        language=_text(data.get("language", data.get("lang")), "language", origin) or "en",
        provenance=(("published", "front matter"),) if published else (),
        warnings=(f"{origin}: `{key}` dropped: {problem}; stored without a date",)
        if problem
        else (),
    )


def _url(value: str | None, origin: str) -> str | None:
    try:
        return check_url(value)
    except InputError as exc:
        raise InputError(f"{origin}: front matter `url`: {exc}") from None


def _text(value: Any, key: str, origin: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = " ".join(str(value).split())
        return text or None
    raise InputError(f"{origin}: front matter `{key}` must be text")


def _names(value: Any, key: str, origin: str) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    names = [_text(item, key, origin) for item in items]
    return tuple(dict.fromkeys(n for n in names if n))


def _date(value: Any) -> tuple[dt.date | None, str | None, str | None]:
    """A date with its precision (`2024-05-06`, `May 6, 2024`, `2024-05`, `2024`), or none
    and why: an unreadable date is dropped, never the article."""
    from quotesdb.pages.dates import read_date

    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        value = value.isoformat()  # placeholders (1970-01-01) are refused as in text
    found, problem = read_date(value)
    return (found[0], found[1], None) if found else (None, None, problem)


def decode(data: bytes, origin: str) -> str:
    """Strict UTF-8: a binary or mis-encoded file is refused, never half-read."""
    if b"\x00" in data[:8192]:
        raise InputError(f"{origin}: looks like a binary file, not article text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{origin}: not UTF-8 text (bad byte at offset {exc.start})") from None


def read_article(path: Path) -> ArticleSource:
    return read_article_bytes(path)[0]


def read_article_bytes(path: Path) -> tuple[ArticleSource, bytes]:
    """The parsed article and the raw bytes it came from (ingest hashes them)."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not an article file")
    from quotesdb.limits import ENV, current

    max_bytes = current().file_bytes
    try:
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1)  # never more, whatever the file (or FIFO) holds
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if len(data) > max_bytes:
        raise InputError(
            f"{path}: larger than the limit of {max_bytes:,} bytes "
            f"(set {ENV['file_bytes']} to allow more)"
        )
    return parse_article(decode(data, str(path)), str(path)), data


def iter_article_paths(
    paths: Iterable[Path], suffixes: tuple[str, ...] = ARTICLE_SUFFIXES
) -> Iterator[Path]:
    """Files as given, folders walked recursively for files with these suffixes (.txt and
    .md unless told), hidden ones left out, in a stable order."""
    for path in paths:
        if path.is_dir():
            found = (p for p in path.rglob("*") if p.suffix.lower() in suffixes)
            yield from sorted(p for p in found if p.is_file() and not _hidden(p, path))
        elif path.exists():
            yield path
        else:
            raise InputError(f"{path}: no such file or directory")


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def headline_title(body: str) -> str | None:
    """A body's first line when it is a headline: files saved without front matter.

    A first line standing alone above a blank line is the headline whatever its last
    character (news headlines often end with a period); a first line running on into the
    next one is a headline only if it does not read like a sentence.
    """
    lines = body.strip().splitlines()
    if not lines or len(lines[0].strip()) > MAX_HEADLINE_CHARS:
        return None
    first = lines[0].strip()
    stands_alone = len(lines) > 2 and not lines[1].strip()
    if stands_alone or not first.endswith((".", ":", ";")):
        return first
    return None


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """Cleaned text plus the quotes found in it: what ingest stores and `extract` prints."""

    source: ArticleSource
    text: str
    quotes: list[ExtractedQuote]


def check_sizes(prepared: PreparedArticle) -> None:
    """Refuse an article whose text, metadata or a quote exceeds the configured limits."""
    from quotesdb.limits import check_fields, check_text, current

    sizes, origin, meta = current(), prepared.source.origin, prepared.source.meta
    check_text(prepared.text, f"{origin}: article text", sizes, "text_chars")
    check_fields(
        [
            ("title", meta.title),
            ("outlet", meta.outlet),
            ("url", meta.url),
            ("section", meta.section),
            ("language", meta.language),
            *(("author", name) for name in meta.authors),
            *(("tag", name) for name in meta.tags),
        ],
        origin,
        sizes,
    )
    for quote in prepared.quotes:
        check_text(quote.text, f"{origin}: quote at {quote.start}", sizes, "quote_chars")
        check_fields(
            [("speaker", quote.speaker), ("speaker description", quote.speaker_description)],
            origin,
            sizes,
        )


def prepare(source: ArticleSource) -> PreparedArticle:
    from quotesdb.extract import clean_text, extract_quotes

    text = clean_text(source.body)
    return PreparedArticle(source, text, extract_quotes(text))
