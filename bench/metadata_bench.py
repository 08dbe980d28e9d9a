"""Page metadata: how often title, outlet, byline and date come out right, ours beside
what trafilatura's `extract_metadata` gives alone on the same pages.

Three sets of pages:
- pages we wrote, one or more per defect class (tests/data/page_metadata.json);
- htmldate's test pages with their known publication dates (date only);
- trafilatura's test pages with titles, outlets and bylines (bench/data/...truth.json).

The two public collections are read from their git mirrors, never copied into this
repository: `QUOTESDB_PAGE_COLLECTIONS` (default /work/.mirror) holds `adbar+htmldate/repo`
and `adbar+trafilatura/repo`; a missing one is skipped with a note. `--limit N` reads the
first N pages of each collection; `--misses` lists each page's expected and found values
where ours is wrong.

A last table counts the quotes extracted from the collections' pages: how many get a
speaker, how many a speaker and all four citation fields (title, outlet, byline, date),
and how many a speaker and every field whose value the collection knows right.

    python -m bench.metadata_bench [--limit N] [--misses]
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.common import REPO

FIELDS = ("title", "outlet", "authors", "date")
COLLECTIONS = Path(os.environ.get("QUOTESDB_PAGE_COLLECTIONS", "/work/.mirror"))
WRITTEN = REPO / "tests" / "data" / "page_metadata.json"
TRAFILATURA_TRUTH = REPO / "bench" / "data" / "trafilatura_metadata_truth.json"
HTMLDATE_NEWS_TRUTH = REPO / "bench" / "data" / "htmldate_news_truth.json"
BLIND_NEWS_TRUTH = REPO / "bench" / "data" / "blind_news_truth.json"
# Labelled later, from the sites the collections had left: measured first before any change.
BLIND_NEWS_TRUTH_2 = REPO / "bench" / "data" / "blind_news_truth2.json"
BLIND_NEWS_QUOTES = REPO / "bench" / "data" / "blind_news_quotes.json"
BLIND_NEWS_QUOTES_2 = REPO / "bench" / "data" / "blind_news_quotes2.json"
HELD_OUT = "news pages from sites in no other set (held out)"
HELD_OUT_2 = "a second held-out set: article pages from the sites left"


@dataclass
class Page:
    name: str
    html: str
    url: str | None
    truth: dict[str, Any]  # field -> list of accepted values


@dataclass
class Found:
    title: str | None = None
    outlet: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    refused: bool = False


@dataclass
class Tally:
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys((*FIELDS, "all"), 0))
    known: dict[str, int] = field(default_factory=lambda: dict.fromkeys((*FIELDS, "all"), 0))
    refused: int = 0
    pages: int = 0

    def add(self, page: Page, found: Found) -> None:
        self.pages += 1
        self.refused += found.refused
        results = []
        for name in FIELDS:
            if name not in page.truth:
                continue
            ok = _right(name, page.truth[name], found)
            self.known[name] += 1
            self.right[name] += ok
            results.append(ok)
        if len(results) == len(FIELDS):
            self.known["all"] += 1
            self.right["all"] += all(results)

    def cell(self, name: str) -> str:
        if not self.known[name]:
            return "–"
        return f"{100 * self.right[name] / self.known[name]:.0f}% ({self.known[name]})"


def norm(value: str | None) -> str:
    """Compared without case, accents' composition, quote or dash styles, or spacing."""
    text = unicodedata.normalize("NFKC", value or "").casefold()
    text = re.sub("[\u2018\u2019\u201c\u201d\"']", "'", text)
    text = re.sub("[\u2013\u2014]", "-", text)
    return " ".join(text.split())


def _right(name: str, accepted: list[Any], found: Found) -> bool:
    if name == "authors":
        got = {norm(a) for a in found.authors}
        return any(got == {norm(a) for a in option} for option in accepted)
    value = getattr(found, name)
    return any(norm(value) == norm(option) for option in accepted) if accepted else not value


# Pages as ours read them, kept for the quote count (read once: reading is the cost).
READ: dict[str, Any] = {}
# Why ours refused pages, by the error's words.
REFUSALS: Counter[str] = Counter()


def ours(page: Page) -> Found:
    from quotesdb.errors import QuotesdbError
    from quotesdb.pages.html import read_page

    try:
        read = read_page(page.html, page.name, page.url)
    except QuotesdbError as error:
        REFUSALS[str(error).removeprefix(f"{page.name}: ")] += 1
        return Found(refused=True)
    READ[page.name] = read
    meta = read.source.meta
    day = meta.published.isoformat() if meta.published else None
    return Found(meta.title, meta.outlet, list(meta.authors), day)


@dataclass
class QuoteTally:
    pages: int = 0
    quotes: int = 0
    speaker: int = 0
    citable: int = 0  # a speaker and all four fields
    right: int = 0  # a speaker and every field the collection knows, right

    def row(self, title: str) -> str:
        def share(n: int) -> str:
            return f"{100 * n / self.quotes:.0f}%" if self.quotes else "–"

        cells = (share(self.speaker), share(self.citable), share(self.right))
        return f"| {title} | {self.pages} | {self.quotes} | " + " | ".join(cells) + " |"


def count_quotes(pages: list[Page], language: str | None = None) -> QuoteTally:
    """Quotes extracted from the pages ours read (`ours` first), and how citable each is;
    with `language`, only on pages in that language (the extractor reads English)."""
    from quotesdb.articles import prepare

    tally = QuoteTally()
    for page in pages:
        read = READ.get(page.name)
        if read is None:
            continue
        if language and read.source.meta.language != language:
            continue
        quotes = prepare(read.source).quotes
        if not quotes:
            continue
        meta = read.source.meta
        day = meta.published.isoformat() if meta.published else None
        found = Found(meta.title, meta.outlet, list(meta.authors), day)
        four = all((meta.title, meta.outlet, meta.authors, meta.published))
        known_right = all(_right(n, page.truth[n], found) for n in FIELDS if n in page.truth)
        tally.pages += 1
        for quote in quotes:
            tally.quotes += 1
            if quote.speaker:
                tally.speaker += 1
                tally.citable += four
                tally.right += four and known_right
    return tally


def cited_quotes(pages: list[Page], labels: Path = BLIND_NEWS_QUOTES) -> str | None:
    """The issue's measure on real pages: of the quotes a page's labels say must be
    attributed, how many come out with the right speaker, and with the right speaker and all
    four citation fields right. Labels: bench/data/blind_news_quotes.json, matched with the
    team's scorer's own rules (../shared/eval/score_extract.py); None when either is absent."""
    from bench.attribution_eval import EVAL, correct, scorer
    from quotesdb.articles import prepare

    if not labels.exists() or not (EVAL / "score_extract.py").exists():
        return None
    se = scorer()
    by_name = {p.name: p for p in pages}
    required = speaker = cited = predicted = right = described = descriptions = 0
    labelled = json.loads(labels.read_text(encoding="utf-8"))["pages"]
    for gold in labelled:
        page = by_name.get(f"{gold['collection']}:{gold['file']}")
        read = READ.get(page.name) if page else None
        if page is None or read is None:
            continue
        meta = read.source.meta
        day = meta.published.isoformat() if meta.published else None
        found = Found(meta.title, meta.outlet, list(meta.authors), day)
        fields_right = all(_right(n, page.truth[n], found) for n in FIELDS if n in page.truth)
        preds = [q.to_dict() for q in prepare(read.source).quotes]
        said = [p for p in preds if p.get("speaker")]
        predicted += len(said)
        right += sum(correct(se, gold, p) for p in said)
        # Descriptions by the scorer's rule: a quote given to the speaker whose description
        # holds the label's key words.
        for canon, info in gold.get("speakers", {}).items():
            names = {se.norm_name(canon)} | {se.norm_name(a) for a in info.get("aliases", [])}
            for key in info.get("description_keys", []):
                descriptions += 1
                described += any(
                    se.norm_name(p["speaker"]) in names
                    and se.norm_text(key) in se.norm_text(p.get("speaker_description") or "")
                    for p in said
                )
        for quote in gold["quotes"]:
            if quote["kind"] != "quote" or not quote["speaker"]:
                continue  # a quote whose speaker the page does not name is no one's to find
            required += 1
            one = {"speakers": gold.get("speakers", {}), "quotes": [quote]}
            hit = any(correct(se, one, p) for p in said)
            speaker += hit
            cited += hit and fields_right
    if not required:
        return None
    return (
        f"On {len(labelled)} held-out pages ({labels.name}), "
        f"{required} quotes labelled as a named speaker's words: "
        f"{100 * speaker / required:.0f}% come out with the right speaker, "
        f"{100 * cited / required:.0f}% with the right speaker and all four citation fields "
        f"right; of the quotes given a speaker, {100 * right / max(1, predicted):.0f}% "
        f"have the right one ({right} of {predicted}); descriptions "
        f"{100 * described / max(1, descriptions):.0f}% ({described} of {descriptions})."
    )


def misses(title: str, pages: list[Page]) -> list[str]:
    lines = []
    for page in pages:
        found = ours(page)
        for name in FIELDS:
            if name in page.truth and not _right(name, page.truth[name], found):
                got = "refused" if found.refused else repr(getattr(found, name))
                lines.append(f"- {title}: {page.name} {name}: want {page.truth[name]} got {got}")
    return lines


def trafilatura_alone(page: Page) -> Found:
    from trafilatura.metadata import extract_metadata

    doc = extract_metadata(page.html, default_url=page.url)
    if doc is None:
        return Found()
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return Found(doc.title, doc.sitename, authors, doc.date)


def _git_files(repo: Path, paths: list[str]) -> Iterator[tuple[str, bytes]]:
    """Files from a bare mirror, read in one `git cat-file --batch`."""
    with subprocess.Popen(
        ["git", f"--git-dir={repo}", "cat-file", "--batch"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    ) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        for path in paths:
            proc.stdin.write(f"HEAD:{path}\n".encode())
            proc.stdin.flush()
            header = proc.stdout.readline().split()
            if len(header) < 3:
                continue  # missing
            body = proc.stdout.read(int(header[2]))
            proc.stdout.read(1)
            yield path, body
        proc.stdin.close()


def _decode(raw: bytes) -> str:
    from quotesdb.pages.html import decode_html

    return decode_html(raw)


def written_pages() -> list[Page]:
    if not WRITTEN.exists():
        return []
    table = json.loads(WRITTEN.read_text(encoding="utf-8"))
    pages = []
    for case in table["pages"]:
        expect = case["expect"]
        truth: dict[str, Any] = {}
        for name in FIELDS:
            key = "published" if name == "date" else name
            if key in expect:
                truth[name] = [expect[key]]
        pages.append(Page(case["name"], case["html"], case.get("url"), truth))
    return pages


def htmldate_pages(limit: int | None) -> list[Page] | str:
    repo = COLLECTIONS / "adbar+htmldate" / "repo"
    if not repo.exists():
        return f"htmldate's pages not found at {repo} (set QUOTESDB_PAGE_COLLECTIONS)"
    wanted = _htmldate_dates(repo)
    paths = sorted(wanted)[:limit]
    return [
        Page(path, _decode(raw), wanted[path][0], {"date": [wanted[path][1]]})
        for path, raw in _git_files(repo, paths)
    ]


def htmldate_news_pages(limit: int | None) -> list[Page] | str:
    """English news pages of htmldate's collection, their title, outlet and byline labelled
    blind (bench/data/htmldate_news_truth.json) and their date from htmldate's own truth."""
    repo = COLLECTIONS / "adbar+htmldate" / "repo"
    if not repo.exists():
        return f"htmldate's pages not found at {repo} (set QUOTESDB_PAGE_COLLECTIONS)"
    dates = _htmldate_dates(repo)
    cases = json.loads(HTMLDATE_NEWS_TRUTH.read_text(encoding="utf-8"))["pages"][:limit]
    by_path = {c["file"]: c for c in cases}
    pages = []
    for path, raw in _git_files(repo, list(by_path)):
        case = by_path[path]
        truth = {k: case[k] for k in ("title", "outlet", "authors") if k in case}
        if path in dates:
            truth["date"] = [dates[path][1]]
        pages.append(Page(path, _decode(raw), case["url"], truth))
    return pages


def blind_news_pages(limit: int | None, labels: Path = BLIND_NEWS_TRUTH) -> list[Page] | str:
    """English news pages from sites no other set holds, all four fields labelled blind
    from the page alone (bench/data/blind_news_truth.json, and a second such set): the
    sets to measure on, not to tune on."""
    cases = json.loads(labels.read_text(encoding="utf-8"))["pages"][:limit]
    pages = []
    for collection in ("htmldate", "trafilatura"):
        repo = COLLECTIONS / f"adbar+{collection}" / "repo"
        if not repo.exists():
            return f"{collection}'s pages not found at {repo} (set QUOTESDB_PAGE_COLLECTIONS)"
        by_path = {c["file"]: c for c in cases if c["collection"] == collection}
        for path, raw in _git_files(repo, list(by_path)):
            case = by_path[path]
            truth = {k: case[k] for k in FIELDS if k in case}
            pages.append(Page(f"{collection}:{path}", _decode(raw), case["url"], truth))
    return pages


def _htmldate_dates(repo: Path) -> dict[str, tuple[str, str]]:
    """Each page of htmldate's collection with a known date: its path, URL and date."""
    wanted: dict[str, tuple[str, str]] = {}
    listing = subprocess.run(
        ["git", f"--git-dir={repo}", "ls-tree", "-r", "--name-only", "HEAD", "tests/"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    folders = ("tests/cache/", "tests/eval/", "tests/test_set/")
    where = {Path(p).name: p for p in listing if p.startswith(folders)}
    for truth_file in ("tests/eval_default.json", "tests/eval_mediacloud_2020.json"):
        for _path, raw in _git_files(repo, [truth_file]):
            for url, item in json.loads(raw).items():
                if item.get("file") in where and isinstance(item.get("date"), str):
                    wanted[where[item["file"]]] = (url, item["date"])
    return wanted


def trafilatura_pages(limit: int | None) -> list[Page] | str:
    repo = COLLECTIONS / "adbar+trafilatura" / "repo"
    if not repo.exists():
        return f"trafilatura's pages not found at {repo} (set QUOTESDB_PAGE_COLLECTIONS)"
    cases = json.loads(TRAFILATURA_TRUTH.read_text(encoding="utf-8"))["pages"][:limit]
    by_path = {f"tests/cache/{c['file']}": c for c in cases}
    pages = []
    for path, raw in _git_files(repo, list(by_path)):
        case = by_path[path]
        truth = {k: case[k] for k in ("title", "outlet", "authors") if k in case}
        pages.append(Page(case["file"], _decode(raw), case["url"], truth))
    return pages


def measure(pages: list[Page], reader: Callable[[Page], Found]) -> Tally:
    tally = Tally()
    for page in pages:
        tally.add(page, reader(page))
    return tally


def main(argv: list[str]) -> int:
    limit = int(argv[argv.index("--limit") + 1]) if "--limit" in argv else None
    sets: list[tuple[str, list[Page] | str]] = [
        ("pages we wrote (one per defect class)", written_pages() or f"{WRITTEN} not found"),
        ("htmldate's test pages (dates)", htmldate_pages(limit)),
        ("trafilatura's test pages (title, outlet, byline)", trafilatura_pages(limit)),
        ("htmldate's English news pages (all four, labelled blind)", htmldate_news_pages(limit)),
        (HELD_OUT, blind_news_pages(limit)),
        (HELD_OUT_2, blind_news_pages(limit, BLIND_NEWS_TRUTH_2)),
    ]
    print("Share of pages with each field right (pages with a known value in brackets); ")
    print("`all` counts pages where all four are known. Refused: pages ingest would lose")
    print("(why, below the table).\n")
    print("| set | reader | title | outlet | authors | date | all four | refused |")
    print("|---|---|---|---|---|---|---|---|")
    notes = []
    quote_rows = []
    for n, (title, pages) in enumerate(sets):
        if isinstance(pages, str):
            notes.append(f"- skipped {title}: {pages}")
            continue
        for label, reader in (("quotesdb", ours), ("trafilatura alone", trafilatura_alone)):
            tally = measure(pages, reader)
            cells = " | ".join(tally.cell(name) for name in (*FIELDS, "all"))
            refused = tally.refused if label == "quotesdb" else "–"
            print(f"| {title} | {label} | {cells} | {refused} |")
        if title == HELD_OUT and (line := cited_quotes(pages)):
            notes.append(line)
        if title == HELD_OUT_2 and (line := cited_quotes(pages, BLIND_NEWS_QUOTES_2)):
            notes.append(line)
        if n:  # the collections' pages, not ours
            every, english = count_quotes(pages), count_quotes(pages, "en")
            quote_rows.append(every.row(title))
            if english.pages != every.pages:
                quote_rows.append(english.row(f"{title}, English pages"))
        if "--misses" in argv:
            notes.extend(misses(title, pages))
    if REFUSALS:
        reasons = ", ".join(f"{n} {why}" for why, n in REFUSALS.most_common())
        print(f"\nRefused pages (each read once per set it is in): {reasons}.")
    if quote_rows:
        print("\nQuotes extracted from the collections' pages that have any (ours):\n")
        print("| set | pages | quotes | with a speaker | speaker + all four fields |", end="")
        print(" speaker + every known field right |")
        print("|---|---|---|---|---|---|")
        print("\n".join(quote_rows))
    if notes:
        print("\n" + "\n".join(notes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
