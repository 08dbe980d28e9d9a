"""One output layer for every command that prints records: json, jsonl, csv, markdown.

Each record type (quote, expert, article, outlet) has one serializer, so a quote has one
JSON shape whichever command prints it, and one list of columns for csv and Markdown
tables. Pure: serializers read attributes of whatever they are given (ORM rows, index
hits, summaries) and return plain data; rendering returns text. The terminal table is
drawn by each command with Rich, which this module never imports.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any

from quotesdb.errors import OptionConflictError
from quotesdb.links import http_url

FORMATS = ("table", "json", "jsonl", "csv", "markdown")

Record = dict[str, Any]


def choose_format(fmt: str | None, *, as_json: bool = False, markdown: bool = False) -> str:
    """The one format the options ask for; two different asks are refused, not guessed."""
    asked = {name for name, flag in (("json", as_json), ("markdown", markdown)) if flag}
    if fmt is not None:
        if fmt not in FORMATS:
            raise OptionConflictError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
        asked.add(fmt)
    if len(asked) > 1:
        shown = " and ".join(sorted(asked))
        raise OptionConflictError(f"conflicting output options: {shown} (choose one --format)")
    return asked.pop() if asked else "table"


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def counted(n: int, word: str, plural: str | None = None) -> str:
    """ "1 quote", "2 quotes", "1,204 occurrences": a count and its noun, agreeing."""
    return f"{n:,} {word if n == 1 else plural or word + 's'}"


# ---- serializers: one per record type ---------------------------------------------------


def article_record(article: Any) -> Record:
    """An article as a quote embeds it and as `articles` lists it."""
    outlet = getattr(article, "outlet", None)
    return {
        "id": article.id,
        "title": article.title,
        "outlet": outlet if isinstance(outlet, str | None) else outlet.name,
        "url": http_url(article.url),
        "published": _day(article.published),
        "published_precision": getattr(article, "published_precision", None),
        "authors": list(article.authors),
    }


def article_sources(article: Any) -> Record:
    """Who wrote an article, each as a person or an organisation (as the page declared
    them; None when it did not say), and where each field came from (`hand` and `given` for
    a field a person set) with what reading it dropped: `article --json` and the web API."""
    return {
        "byline": [
            {"name": a.name, "kind": a.kind} for a in (link.author for link in article.byline)
        ],
        "metadata": article.meta_provenance or {"fields": {}, "warnings": []},
    }


def quote_record(quote: Any) -> Record:
    """A stored quote (ORM row): the shape every command prints a quote in."""
    article = quote.article
    return {
        "id": quote.id,
        "text": quote.text,
        "speaker": {"name": quote.expert.name, "description": quote.speaker_description},
        "article": None if article is None else article_record(article),
        "topics": list(quote.topics),
        "kind": quote.kind,
        "confidence": quote.confidence,
        "origin": quote.origin,
        "hand_edited": quote.hand_edited,
        "reviewed": quote.reviewed_at is not None,
        "notes": getattr(quote, "notes", None),
    }


def hit_record(hit: Any) -> Record:
    """A search hit: the quote's shape from the index's stored fields, with its score.

    The index does not store what only the database knows (confidence, origin), so
    those keys are absent rather than wrongly null; `show ID` has them.
    """
    return {
        "id": hit.id,
        "text": hit.text,
        "speaker": {"name": hit.speaker, "description": hit.description},
        "article": {
            "id": getattr(hit, "article_id", None),
            "title": hit.title,
            "outlet": hit.outlet,
            "url": http_url(hit.url),
            "published": _day(hit.published),
            "authors": list(hit.authors),
        },
        "topics": sorted(set(hit.topics)),  # as the database lists them
        "kind": hit.kind,
        "score": round(hit.score, 4),
        "highlights": hit.highlighted,
        # A grouped search's other quotes with the same words, earliest first ([] if none
        # or when not grouped); `also_count` is its length.
        "also": [copy_record(c) for c in getattr(hit, "also", ())],
        "also_count": len(getattr(hit, "also", ())),
    }


def copy_record(copy: Any) -> Record:
    """Another article carrying a hit's words: its quote's id and speaker, the article."""
    return {
        "id": copy.id,
        "speaker": copy.speaker,
        "article": {
            "id": copy.article_id,
            "title": copy.title,
            "outlet": copy.outlet,
            "url": http_url(copy.url),
            "published": _day(copy.published),
        },
    }


def expert_record(summary: Any) -> Record:
    return {
        "id": summary.id,
        "name": summary.name,
        "description": summary.description,
        "quotes": summary.quotes,
        "outlets": list(summary.outlets),
        "last_quoted": _day(summary.last_quoted),
        "aliases": list(summary.aliases),
    }


def outlet_record(summary: Any) -> Record:
    return {
        "id": summary.id,
        "name": summary.name,
        "domain": summary.domain,
        "articles": summary.articles,
        "quotes": summary.quotes,
    }


# ---- flat columns for csv and Markdown tables -----------------------------------------------


def _joined(values: Iterable[Any] | None) -> str:
    return "; ".join(str(v) for v in values or ())


def _in_article(key: str) -> Callable[[Record], Any]:
    return lambda r: (r.get("article") or {}).get(key)


COLUMNS: dict[str, list[tuple[str, Callable[[Record], Any]]]] = {
    "quote": [
        ("id", lambda r: r["id"]),
        ("speaker", lambda r: r["speaker"]["name"]),
        ("description", lambda r: r["speaker"]["description"]),
        ("text", lambda r: r["text"]),
        ("title", _in_article("title")),
        ("outlet", _in_article("outlet")),
        ("published", _in_article("published")),
        ("url", _in_article("url")),
        ("authors", lambda r: _joined(_in_article("authors")(r))),
        ("topics", lambda r: _joined(r["topics"])),
        ("kind", lambda r: r["kind"]),
        ("confidence", lambda r: r.get("confidence")),
    ],
    "expert": [
        ("id", lambda r: r["id"]),
        ("name", lambda r: r["name"]),
        ("description", lambda r: r["description"]),
        ("quotes", lambda r: r["quotes"]),
        ("outlets", lambda r: _joined(r["outlets"])),
        ("last_quoted", lambda r: r["last_quoted"]),
        ("aliases", lambda r: _joined(r["aliases"])),
    ],
    "article": [
        ("id", lambda r: r["id"]),
        ("title", lambda r: r["title"]),
        ("outlet", lambda r: r["outlet"]),
        ("published", lambda r: r["published"]),
        ("authors", lambda r: _joined(r["authors"])),
        ("url", lambda r: r["url"]),
        ("quotes", lambda r: r.get("quotes")),
    ],
    "outlet": [
        ("id", lambda r: r["id"]),
        ("name", lambda r: r["name"]),
        ("domain", lambda r: r["domain"]),
        ("articles", lambda r: r["articles"]),
        ("quotes", lambda r: r["quotes"]),
    ],
}


# A search hit: a quote's columns, then the ids of the other quotes grouped with it.
COLUMNS["hit"] = [
    *COLUMNS["quote"],
    ("also", lambda r: _joined(c["id"] for c in r.get("also") or ())),
]


def rows_of(kind: str, records: Sequence[Record]) -> tuple[list[str], list[list[Any]]]:
    """Headers and flat rows: the columns a record type has, or a plain record's own keys."""
    columns = COLUMNS.get(kind)
    if columns is None:
        headers = list(records[0]) if records else []
        return headers, [[r.get(h) for h in headers] for r in records]
    return [name for name, _get in columns], [[get(r) for _n, get in columns] for r in records]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV
# injection"): a quote such as "=HYPERLINK(...)" must stay words, so it gets a leading '.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """A cell as every CSV quotesdb writes has it: empty for None, JSON for a list, and a
    text that a spreadsheet would run as a formula defused (numbers keep their sign)."""
    text = _cell(value)
    return "'" + text if isinstance(value, str) and text.startswith(_FORMULA_STARTS) else text


def write_csv(out: IO[str], headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """The one CSV writer (search, show, lists, export, report, the web's report.csv):
    a header line, then the rows as they come (export streams them); returns their number."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_cell(h) for h in headers])
    count = 0
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
        count += 1
    return count


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    write_csv(buffer, headers, rows)
    return buffer.getvalue()


def _markdown_cell(value: Any) -> str:
    return _cell(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
    lines += ["| " + " | ".join(_markdown_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def json_text(data: Any, *, indent: bool = True) -> str:
    """Indented for a person at a terminal; one compact line for a pipe, as `gh` does.

    orjson writes a monthly report of every outlet (16 MB) in 0.05 s where json's C
    encoder took 0.3 s. It is told to hand dates and dataclasses to `str` as json does, so
    the text is the same; what it cannot write (an int over 64 bits) goes to json.
    """
    import orjson

    option = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
    option |= orjson.OPT_PASSTHROUGH_DATACLASS | (orjson.OPT_INDENT_2 if indent else 0)
    try:
        return orjson.dumps(data, default=str, option=option).decode()
    except TypeError:  # orjson.JSONEncodeError is one
        pass
    if indent:
        return json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)


def render(kind: str, data: Record | Sequence[Record], fmt: str, *, indent: bool = True) -> str:
    """Records as text in a machine format; `data` is one record or a list of them.
    `indent`: JSON for a terminal rather than a pipe."""
    if fmt == "json":
        return json_text(data, indent=indent)
    records = [data] if isinstance(data, dict) else list(data)
    if fmt == "jsonl":
        return "\n".join(json.dumps(r, ensure_ascii=False, default=str) for r in records)
    headers, rows = rows_of(kind, records)
    if fmt == "csv":
        return csv_text(headers, rows).rstrip("\n")
    if fmt == "markdown":
        return markdown_table(headers, rows)
    raise ValueError(f"not a machine format: {fmt}")
