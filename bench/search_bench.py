"""Search index: build rate and query latency, quotesdb beside plain Whoosh and SQLite FTS5.

A synthetic archive of realistic shape (quotes of 8–80 words from a Zipfian vocabulary,
5,000 experts, 300 outlets, dates over ten years) is written to a quotesdb SQLite database;
then the same quotes are indexed three ways in the same run: quotesdb's index (lean schema,
built from the database), Whoosh at its defaults (every field stored, one writer), and
SQLite FTS5. The same mixed query set runs against each.

`python -m bench.search_bench [--sizes 10000,100000]`
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from itertools import accumulate
from pathlib import Path
from typing import Any

from bench.common import QUOTESDB, peak_mb, percentile, time_process

N_EXPERTS, N_OUTLETS, VOCABULARY = 5000, 300, 30_000
FLUSH_ROWS = 100_000  # quotes written at a time: a 10M archive never sits in memory whole
TOPICS = ["sanctions", "military", "economy", "energy", "labor", "elections", "health", "space"]
SYLLABLES = "ka to ri mo na se lu vi de pa zo mi ne ra ko ti su ba".split()


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4)))


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """Words and their cumulative Zipfian weights (cumulative: `choices` then skips a sum)."""
    words = list(dict.fromkeys(_word(rng) for _ in range(VOCABULARY * 2)))[:VOCABULARY]
    weights = list(accumulate(1.0 / (rank + 1) ** 1.07 for rank in range(len(words))))
    return words, weights


def make_archive(db: Path, size: int, seed: int = 11, keep_every: int = 1) -> list[dict[str, Any]]:
    """Fill a migrated quotesdb SQLite file; returns the quotes for the other engines
    (every `keep_every`-th one: at 10M the queries are drawn from a sample, so the
    process's peak memory is the engine's, not ten million dicts')."""
    from sqlalchemy import create_engine

    from quotesdb.db.migrate import upgrade

    engine = create_engine(f"sqlite:///{db}")
    upgrade(engine)
    engine.dispose()
    rng = random.Random(seed)
    words, weights = vocabulary(rng)
    first = [_word(rng).capitalize() for _ in range(400)]
    experts = [f"{rng.choice(first)} {_word(rng).capitalize()}ov" for _ in range(N_EXPERTS)]
    experts = list(dict.fromkeys(experts))
    outlets = [f"The {_word(rng).capitalize()} {rng.choice(['Times', 'Post', 'Herald'])}"]
    outlets += [f"{_word(rng).capitalize()} {n} News" for n in range(N_OUTLETS - 1)]
    start = dt.date(2015, 1, 1)
    now = "2025-01-01 00:00:00"
    quotes: list[dict[str, Any]] = []
    conn = sqlite3.connect(db)
    with conn:
        conn.executemany(
            "INSERT INTO outlets (id, name, norm_name) VALUES (?, ?, ?)",
            [(i + 1, o, o.lower()) for i, o in enumerate(outlets)],
        )
        conn.executemany(
            "INSERT INTO experts (id, name, norm_name, is_person, created_at) VALUES (?,?,?,1,?)",
            [(i + 1, e, e.lower(), now) for i, e in enumerate(experts)],
        )
        conn.executemany(
            "INSERT INTO expert_aliases (expert_id, alias, norm_alias) VALUES (?, ?, ?)",
            [(i + 1, e, e.lower()) for i, e in enumerate(experts)],
        )
        conn.executemany(
            "INSERT INTO topics (id, name, norm_name) VALUES (?, ?, ?)",
            [(i + 1, t, t) for i, t in enumerate(TOPICS)],
        )
        articles: list[tuple[Any, ...]] = []
        rows: list[tuple[Any, ...]] = []
        links: list[tuple[Any, ...]] = []
        changes: list[tuple[Any, ...]] = []

        def flush() -> None:
            conn.executemany(
                "INSERT INTO articles (id, identity, outlet_id, title, published, language, "
                "ingested_at, updated_at) VALUES (?,?,?,?,?,?,?,?)",
                articles,
            )
            conn.executemany(
                "INSERT INTO quotes (id, article_id, expert_id, text, text_key, paragraph, kind, "
                "origin, created_at, updated_at, hand_edited) VALUES (?,?,?,?,?,?,?,?,?,?,0)",
                rows,
            )
            conn.executemany(
                "INSERT INTO quote_topics (quote_id, topic_id, source) VALUES (?,?,?)", links
            )
            # The change-log triggers (migration 0010) log each insert already: kept as they are.
            conn.executemany(
                "INSERT OR IGNORE INTO changes (seq, quote_id, op, at) VALUES (?,?,?,?)", changes
            )
            for written in (articles, rows, links, changes):
                written.clear()

        for qid in range(1, size + 1):
            aid = (qid - 1) // 5 + 1
            if qid % 5 == 1:
                published = start + dt.timedelta(days=rng.randrange(3650))
                outlet = rng.randrange(len(outlets)) + 1
                title = " ".join(rng.choices(words, cum_weights=weights, k=8)).capitalize()
                articles.append(
                    (
                        aid,
                        f"url:https://example.com/{aid}",
                        outlet,
                        title,
                        published.isoformat(),
                        "en",
                        now,
                        now,
                    )
                )
            text = (
                " ".join(rng.choices(words, cum_weights=weights, k=rng.randint(8, 80))).capitalize()
                + "."
            )
            # A paragraph as articles have them: the quote with words of its own around it.
            before = " ".join(rng.choices(words, cum_weights=weights, k=rng.randint(0, 30)))
            after = " ".join(rng.choices(words, cum_weights=weights, k=rng.randint(5, 30)))
            paragraph = f"{before.capitalize()} “{text}” {after}."
            expert = rng.randrange(len(experts)) + 1
            topic = rng.randrange(len(TOPICS)) + 1
            rows.append(
                (qid, aid, expert, text, f"k{qid}", paragraph, "full", "extracted", now, now)
            )
            links.append((qid, topic, "auto"))
            changes.append((qid, qid, "upsert", now))
            if qid % keep_every == 0:
                quotes.append(
                    {
                        "id": qid,
                        "text": text,
                        "speaker": experts[expert - 1],
                        "outlet": outlets[articles[-1][2] - 1],
                        "published": articles[-1][4],
                        "topic": TOPICS[topic - 1],
                    }
                )
            if qid % 5 == 0 and len(rows) >= FLUSH_ROWS:  # an article's quotes all written
                flush()
        flush()
    conn.close()
    return quotes


ROUNDS, WARM_UP_ROUNDS, KINDS = 25, 2, 7


def query_set(quotes: list[dict[str, Any]], rng: random.Random) -> list[tuple[str, dict[str, Any]]]:
    """Mixed queries drawn from the data: (kind, parameters), warm-up rounds first."""
    out: list[tuple[str, dict[str, Any]]] = []
    for _ in range(WARM_UP_ROUNDS + ROUNDS):
        words = rng.choice(quotes)["text"].rstrip(".").lower().split()
        i = rng.randrange(max(1, len(words) - 2))
        speaker = rng.choice(quotes)["speaker"]
        out += [
            ("word", {"words": words[i]}),
            ("two words", {"words": " ".join(words[i : i + 2])}),
            ("phrase", {"words": '"' + " ".join(words[i : i + 3]) + '"'}),
            ("expert", {"expert": speaker.split()[-1]}),
            ("topic", {"topic": rng.choice(TOPICS)}),
            ("date range", {"words": words[i], "since": "2018-01-01", "until": "2019-12-31"}),
            ("fuzzy name", {"expert": speaker.split()[-1][:-1] + "x"}),
        ]
    return out


def time_queries(
    run: Callable[[dict[str, Any]], object],
    queries: list[tuple[str, dict[str, Any]]],
    clock: Callable[[], float] = time.perf_counter,
) -> dict[str, Any]:
    """Median and p95 over the whole set, in ms by `clock` (wall time unless given
    another), and the median of each kind of query.

    The warm-up rounds (other queries of each kind) run untimed first, so the figures are
    a long-running process's steady state: lazy imports done, caches filled.
    """
    times: list[float] = []
    kinds: dict[str, list[float]] = {}
    for _kind, params in queries[: WARM_UP_ROUNDS * KINDS]:
        run(params)
    for kind, params in queries[WARM_UP_ROUNDS * KINDS :]:
        begin = clock()
        run(params)
        took = clock() - begin
        times.append(took)
        kinds.setdefault(kind, []).append(took)
    return {
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": percentile(times, 0.95) * 1000,
        "kinds": {kind: statistics.median(t) * 1000 for kind, t in kinds.items()},
    }


def bench_quotesdb(home: Path, queries: list[tuple[str, dict[str, Any]]]) -> dict[str, float]:
    # As a long-running process would: numpy loaded up front (see `search`), not on the
    # first query large enough to pay for its import alone.
    import quotesdb.index.dense  # noqa: F401
    from quotesdb.config import resolve
    from quotesdb.index.search import Filters, search
    from quotesdb.index.sync import SyncReport, catch_up, rebuild
    from quotesdb.search.source import Source

    settings = resolve(home, None)
    source = Source(settings)
    begin = time.perf_counter()
    rebuild(settings, source, SyncReport())
    built = time.perf_counter() - begin
    source.close()
    ix, _report = catch_up(settings)
    searcher = ix.searcher()  # held open, as a long-running process would

    def run(p: dict[str, Any]) -> object:
        filters = Filters(
            expert=p.get("expert"),
            topic=p.get("topic"),
            since=dt.date.fromisoformat(p["since"]) if "since" in p else None,
            until=dt.date.fromisoformat(p["until"]) if "until" in p else None,
        )
        return search(ix, p.get("words"), filters, limit=20, searcher=searcher)

    timed = time_queries(run, queries)
    searcher.close()
    size = sum(f.stat().st_size for f in (home / "index").rglob("*") if f.is_file())
    return {"build_s": built, "mb": size / 1e6, **timed}


def bench_plain_whoosh(
    folder: Path, quotes: list[dict[str, Any]], queries: list[tuple[str, dict[str, Any]]]
) -> dict[str, float]:
    from whoosh import index, qparser
    from whoosh.fields import ID, TEXT, Schema

    schema = Schema(
        id=ID(stored=True, unique=True),
        text=TEXT(stored=True),
        speaker=TEXT(stored=True),
        outlet=TEXT(stored=True),
        published=ID(stored=True),
        topic=TEXT(stored=True),
    )
    folder.mkdir()
    ix = index.create_in(str(folder), schema)
    begin = time.perf_counter()
    writer = ix.writer()
    for q in quotes:
        writer.add_document(**{k: str(v) for k, v in q.items()})
    writer.commit()
    built = time.perf_counter() - begin
    searcher = ix.searcher()

    def run(p: dict[str, Any]) -> object:
        parts = [p["words"]] if p.get("words") else []
        if p.get("expert"):
            parts.append(f"speaker:{p['expert']}~2")
        if p.get("topic"):
            parts.append(f"topic:{p['topic']}")
        if p.get("since"):
            parts.append(f"published:[{p['since']} TO {p['until']}]")
        query = qparser.QueryParser("text", ix.schema).parse(" AND ".join(parts))
        return [hit["id"] for hit in searcher.search(query, limit=20)]

    timed = time_queries(run, queries)
    searcher.close()
    size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    return {"build_s": built, "mb": size / 1e6, **timed}


def bench_fts5(
    db: Path, quotes: list[dict[str, Any]], queries: list[tuple[str, dict[str, Any]]]
) -> dict[str, float]:
    conn = sqlite3.connect(db)
    conn.execute(
        "CREATE VIRTUAL TABLE q USING fts5(text, speaker, outlet, topic, published UNINDEXED, "
        "tokenize='porter unicode61')"
    )
    begin = time.perf_counter()
    with conn:
        conn.executemany(
            "INSERT INTO q (rowid, text, speaker, outlet, topic, published) VALUES (?,?,?,?,?,?)",
            [
                (q["id"], q["text"], q["speaker"], q["outlet"], q["topic"], q["published"])
                for q in quotes
            ],
        )
    built = time.perf_counter() - begin

    def run(p: dict[str, Any]) -> object:
        parts = []
        if p.get("words"):
            words = p["words"]
            parts.append(words if words.startswith('"') else " AND ".join(words.split()))
        if p.get("expert"):
            parts.append(f"speaker:{p['expert']}")  # FTS5 has no fuzzy match: exact term
        if p.get("topic"):
            parts.append(f"topic:{p['topic']}")
        sql = "SELECT rowid FROM q WHERE q MATCH ?"
        args: list[str] = [" AND ".join(parts)]
        if p.get("since"):
            sql += " AND published BETWEEN ? AND ?"
            args += [p["since"], p["until"]]
        return conn.execute(sql + " ORDER BY rank LIMIT 20", args).fetchall()

    timed = time_queries(run, queries)
    conn.close()
    return {"build_s": built, "mb": 0.0, **timed}


def run(sizes: list[int], plain_max: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            home = Path(tmp) / "home"
            home.mkdir()
            quotes = make_archive(home / "quotesdb.sqlite3", size)
            queries = query_set(quotes, random.Random(5))
            engines = {"quotesdb (Whoosh, lean schema)": bench_quotesdb(home, queries)}
            if size <= plain_max:
                plain = bench_plain_whoosh(Path(tmp) / "plain", quotes, queries)
                engines["plain Whoosh, defaults"] = plain
            engines["SQLite FTS5"] = bench_fts5(Path(tmp) / "fts.sqlite3", quotes, queries)
            del quotes
            for name, figures in engines.items():
                rows.append({"size": size, "engine": name, **figures})
            args = ["--home", str(home), "search", queries[0][1]["words"], "--json"]
            end_to_end = time_process([*QUOTESDB, *args], 7)
            peak = peak_mb("quotesdb", args)
            rows.append(
                {
                    "size": size,
                    "engine": "`quotesdb search` end to end",
                    "e2e_ms": end_to_end * 1000,
                    "peak_mb": peak,
                }
            )
            shutil.rmtree(home / "index", ignore_errors=True)
    return rows


def report(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| quotes | engine | build (quotes/s) | index MB | query median | query p95 |",
        "| ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        if "e2e_ms" in row:
            lines.append(
                f"| {row['size']:,} | {row['engine']} | | | {row['e2e_ms']:.0f} ms (process, "
                f"peak {row['peak_mb'] or 0:.0f} MB) | |"
            )
            continue
        rate = row["size"] / row["build_s"]
        size = f"{row['mb']:.1f}" if row["mb"] else "(in db)"
        lines.append(
            f"| {row['size']:,} | {row['engine']} | {rate:,.0f} | {size} | "
            f"{row['median_ms']:.1f} ms | {row['p95_ms']:.1f} ms |"
        )
    lines.append(
        "\nQueries: 25 each of one word, two words, a phrase, an expert's surname, a topic, "
        "a word within a date range, and a misspelt surname (fuzzy; FTS5 has no fuzzy match "
        "and runs it as an exact term). Words are drawn from random quotes, so many are the "
        "corpus's most common words; in-process engines hold one searcher open and first "
        "answer two untimed rounds of other queries (a long-running process's steady state). "
        "Plain Whoosh is not built above the size `--plain-max` allows (at 1M it would take "
        "most of an hour)."
    )
    lines += ["", "Median by kind of query (ms):", ""]
    kinds = list(next(r["kinds"] for r in rows if "kinds" in r))
    lines.append("| quotes | engine | " + " | ".join(kinds) + " |")
    lines.append("| ---: | --- |" + " ---: |" * len(kinds))
    for row in rows:
        if "kinds" in row:
            cells = " | ".join(f"{row['kinds'][k]:.1f}" for k in kinds)
            lines.append(f"| {row['size']:,} | {row['engine']} | {cells} |")
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--plain-max", type=int, default=100_000)
    args = parser.parse_args()
    sys.setrecursionlimit(10_000)
    print(report(run([int(s) for s in args.sizes.split(",")], args.plain_max)))
