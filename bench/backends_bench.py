"""Search backends side by side: the Whoosh backend and the tantivy backend in one run.

The synthetic archive of `bench.search_bench` (Zipfian words, 5,000 experts, 300
outlets, ten years of dates) is written to a quotesdb SQLite database at N quotes. Its
index documents are read from the database once, untimed, then each backend builds its
index from them (the index alone: no database reads), through the backend's own rebuild
(a generation built beside and swapped in). Then each answers the bench's query mix on
a held session (a server's steady state, two untimed warm-up rounds first), timed in
CPU time per query (the process's, which counts any thread the engine uses).

`python -m bench.backends_bench [--size 100000] [--backends whoosh,tantivy]`
(`--size 1000000` for a million; `make bench-scale` runs tantivy alone at 10M.)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from bench.common import machine
from bench.search_bench import make_archive, query_set, time_queries
from quotesdb.config import Settings, resolve
from quotesdb.search.source import Source
from quotesdb.search.types import Filters, SearchRequest


class Preloaded(Source):
    """The archive's index documents held in memory: a rebuild from it times the index
    alone. Everything else (change log, archive id) is the database's."""

    def __init__(self, settings: Settings, docs: dict[int, dict[str, Any]]) -> None:
        super().__init__(settings)
        self.docs = docs

    def documents(self, ids: Sequence[int]) -> list[dict[str, Any]]:
        return [self.docs[i] for i in ids if i in self.docs]

    def all_ids(self, batch: int) -> Iterator[list[int]]:
        ordered = sorted(self.docs)
        for start in range(0, len(ordered), batch):
            yield ordered[start : start + batch]

    def count(self) -> int:
        return len(self.docs)


def read_documents(settings: Settings) -> dict[int, dict[str, Any]]:
    source = Source(settings)
    try:
        return {int(d["id"]): d for ids in source.all_ids(2000) for d in source.documents(ids)}
    finally:
        source.close()


def build(settings: Settings, name: str, source: Source) -> Path:
    """Build `name`'s index from `source`: the generation folder it made."""
    if name == "whoosh":
        from quotesdb.index.sync import SyncReport, rebuild

        _ix, path = rebuild(settings, source, SyncReport())
        return path
    from quotesdb.search import tantivy_backend

    return tantivy_backend.rebuild_from(settings, source)


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def request_of(params: dict[str, Any], group: bool) -> SearchRequest:
    filters = Filters(
        expert=params.get("expert"),
        topic=params.get("topic"),
        since=dt.date.fromisoformat(params["since"]) if "since" in params else None,
        until=dt.date.fromisoformat(params["until"]) if "until" in params else None,
    )
    return SearchRequest(words=params.get("words"), filters=filters, limit=20, group=group)


def bench_backend(
    settings: Settings,
    name: str,
    docs: dict[int, dict[str, Any]] | None,
    queries: list[tuple[str, dict[str, Any]]],
) -> dict[str, Any]:
    from quotesdb.search import service

    source = Preloaded(settings, docs) if docs is not None else Source(settings)
    wall, cpu = time.perf_counter(), time.process_time()
    path = build(settings, name, source)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    source.close()
    backend = service.backend(settings, name)
    backend.warm()
    held = Source(settings)
    session, _notes = backend.open(held)
    try:
        on_cpu = time.process_time
        engine = time_queries(lambda p: session.search(request_of(p, False)), queries, on_cpu)
        grouped = time_queries(
            lambda p: service.search_in(session, request_of(p, True)), queries, on_cpu
        )
    finally:
        session.close()
        held.close()
    return {
        "backend": name,
        "build_wall_s": wall,
        "build_cpu_s": cpu,
        "mb": folder_mb(path),
        "p50_ms": engine["median_ms"],
        "p95_ms": engine["p95_ms"],
        "kinds": engine["kinds"],
        "grouped_p50_ms": grouped["median_ms"],
        "grouped_p95_ms": grouped["p95_ms"],
    }


def run(size: int, backends: list[str], stream: bool = False) -> list[dict[str, Any]]:
    rows = []
    with tempfile.TemporaryDirectory(dir=os.environ.get("QUOTESDB_BENCH_TMP")) as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        begin = time.perf_counter()
        quotes = make_archive(home / "quotesdb.sqlite3", size, keep_every=100 if stream else 1)
        imported = time.perf_counter() - begin
        queries = query_set(quotes, random.Random(5))
        del quotes
        settings = resolve(home, None)
        # At 10M the documents do not fit in memory: built from the database as it reads.
        docs = None if stream else read_documents(settings)
        for name in backends:
            print(f"  {name} at {size:,} quotes", file=sys.stderr, flush=True)
            row = bench_backend(settings, name, docs, queries)
            row.update(size=size, import_s=imported, peak_mb=_peak_mb())
            rows.append(row)
            shown = {k: v for k, v in row.items() if k != "kinds"}
            print(f"  {shown}", file=sys.stderr, flush=True)  # a long run's figures so far
    return rows


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(rows: list[dict[str, Any]], stream: bool = False) -> str:
    lines = [
        f"On {machine()}, {dt.date.today().isoformat()}.",
        "",
        "Archive written (synthetic import) in "
        + ", ".join(
            f"{r['import_s']:.0f} s, peak {r['peak_mb']:.0f} MB after {r['backend']}" for r in rows
        )
        + ".",
        "",
        "| quotes | backend | build (quotes/s, wall) | build (quotes/CPU-s) | index MB | "
        "query p50 CPU | query p95 CPU | grouped p50 | grouped p95 |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['size']:,} | {row['backend']} | {row['size'] / row['build_wall_s']:,.0f} | "
            f"{row['size'] / row['build_cpu_s']:,.0f} | {row['mb']:.1f} | {row['p50_ms']:.2f} ms | "
            f"{row['p95_ms']:.2f} ms | {row['grouped_p50_ms']:.2f} ms | "
            f"{row['grouped_p95_ms']:.2f} ms |"
        )
    named = {row["backend"]: row for row in rows}
    if {"whoosh", "tantivy"} <= set(named):
        whoosh, tantivy = named["whoosh"], named["tantivy"]
        lines.append(
            "\ntantivy/Whoosh: build rate "
            f"x{whoosh['build_wall_s'] / tantivy['build_wall_s']:.1f} (wall), "
            f"x{whoosh['build_cpu_s'] / tantivy['build_cpu_s']:.1f} (CPU), "
            f"index size {tantivy['mb'] / whoosh['mb']:.2f}, "
            f"p95 {tantivy['p95_ms'] / whoosh['p95_ms']:.2f}."
        )
    lines.append(
        "\nBuild: "
        + (
            "documents read from the database as they are indexed (`--stream`)"
            if stream
            else "the index alone, from documents read beforehand"
        )
        + " (tantivy writes with two threads; its build CPU counts both). "
        "Queries (`bench.search_bench`'s mix): 25 each "
        "of a word, two words, a phrase, a surname, a topic, a word in a date range, and a "
        "misspelt surname, on a held session; `grouped` is the path every surface runs "
        "(copies of one quote as one hit, `quotesdb.search.grouping`)."
    )
    kinds = list(rows[0]["kinds"])
    lines += ["", "Median CPU ms by kind of query:", ""]
    lines.append("| quotes | backend | " + " | ".join(kinds) + " |")
    lines.append("| ---: | --- |" + " ---: |" * len(kinds))
    for row in rows:
        cells = " | ".join(f"{row['kinds'][k]:.2f}" for k in kinds)
        lines.append(f"| {row['size']:,} | {row['backend']} | {cells} |")
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--backends", default="whoosh,tantivy")
    parser.add_argument(
        "--stream", action="store_true", help="build from the database (documents read as built)"
    )
    args = parser.parse_args()
    sys.setrecursionlimit(10_000)
    print(report(run(args.size, args.backends.split(","), args.stream), args.stream))
