"""Source report and quote trace over a synthetic archive built straight into SQLite.

The archive: `size` quotes in articles of 5 quotes on 300 outlets over ten years (2015 to
2024), 50,000 experts quoted Zipf-wise (one in five an organisation, a third with
attributes set), one topic of 50 on most quotes, words from a Zipfian vocabulary of 5,000.
2% of quotes are copies of an earlier one in other articles (exact, retyped with curly
quotes, or with a word changed), as quotes spread. Rows go in with executemany on a raw
connection; the schema is Alembic's. Targets: a report <= 2 s and a trace <= 1 s at 1M.
`python -m bench.report_bench [--sizes 100000,1000000]`
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import sqlite3
import statistics
import subprocess
import tempfile
import time
from itertools import accumulate
from pathlib import Path

from bench.common import QUOTESDB, REPO, percentile

OUTLETS = 300
EXPERTS = 50_000
TOPICS = 50
PER_ARTICLE = 5
COPIES = 0.02
KINDS = ("academia", "government", "think tank", "industry", "ngo", "media", "other")


def build(path: Path, size: int, seed: int = 7) -> list[int]:
    """Write the archive; returns the ids of quotes that were copied elsewhere."""
    from quotesdb.config import resolve
    from quotesdb.db.records import text_key
    from quotesdb.db.session import make_engine, require_schema

    engine = make_engine(resolve(path.parent, f"sqlite:///{path}"))
    require_schema(engine, create=True)
    engine.dispose()
    rng = random.Random(seed)
    vocabulary = [f"w{n}" for n in range(5000)]
    weights = list(accumulate(1 / (n + 1) for n in range(5000)))
    expert_weights = list(accumulate(1 / (n + 1) ** 0.8 for n in range(EXPERTS)))
    now = "2026-01-01 00:00:00.000000"
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous=OFF")
    db.executemany(
        "INSERT INTO outlets (id, name, norm_name) VALUES (?, ?, ?)",
        [(n, f"Outlet {n}", f"outlet {n}") for n in range(1, OUTLETS + 1)],
    )
    db.executemany(
        "INSERT INTO topics (id, name, norm_name) VALUES (?, ?, ?)",
        [(n, f"topic{n}", f"topic{n}") for n in range(1, TOPICS + 1)],
    )
    experts = []
    for n in range(1, EXPERTS + 1):
        known = rng.random() < 1 / 3
        person = rng.random() >= 0.2
        gender = rng.choice(("female", "male")) if known and person else None
        kind = rng.choice(KINDS) if known else None
        country = rng.choice(("DE", "US", "GB", "FR", "RU")) if known else None
        experts.append(
            (n, f"Expert Number{n}", f"expert number{n}", int(person), now, gender, kind, country)
        )
    db.executemany(
        "INSERT INTO experts (id, name, norm_name, is_person, created_at, gender, "
        "affiliation_kind, country) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        experts,
    )
    db.executemany(
        "INSERT INTO expert_aliases (expert_id, alias, norm_alias) VALUES (?, ?, ?)",
        [(e[0], e[1], e[2]) for e in experts],
    )
    start = dt.date(2015, 1, 1)
    articles, quotes, topics, changes, copied = [], [], [], [], []
    originals: list[tuple[int, str]] = []
    seen: set[tuple[int, str]] = set()
    for number in range(1, size + 1):
        article = (number - 1) // PER_ARTICLE + 1
        if (number - 1) % PER_ARTICLE == 0:
            seen.clear()
            day = start + dt.timedelta(days=int(3652 * (article * PER_ARTICLE) / size))
            outlet = rng.randrange(1, OUTLETS + 1)
            digest = hashlib.sha256(str(article).encode()).hexdigest()
            title, published = f"Article {article}", day.isoformat()
            articles.append(
                (article, f"id:{article}", outlet, title, published, "en", digest, now, now)
            )
        if originals and rng.random() < COPIES:
            source_id, text = rng.choice(originals)
            copied.append(source_id)
            twist = rng.random()
            if twist < 0.3:
                text = "“" + text.replace(" ", "  ", 1) + "”"
            elif twist < 0.6:
                words = text.split()
                words[rng.randrange(len(words))] = rng.choice(vocabulary)
                text = " ".join(words)
        else:
            text = " ".join(rng.choices(vocabulary, cum_weights=weights, k=rng.randint(8, 60)))
            if rng.random() < 0.05:
                originals.append((number, text))
        key = text_key(text)
        if (article, key) in seen:  # a copy never lands in its own article twice
            text = " ".join(rng.choices(vocabulary, cum_weights=weights, k=rng.randint(8, 60)))
            key = text_key(text)
        seen.add((article, key))
        expert = rng.choices(range(1, EXPERTS + 1), cum_weights=expert_weights)[0]
        quotes.append((number, article, expert, text, key, "full", "import", 0, now, now))
        if rng.random() < 0.8:
            topics.append((number, rng.randrange(1, TOPICS + 1), "auto"))
        changes.append((number, number, "upsert", now))
        if len(quotes) >= 50_000:
            _flush(db, articles, quotes, topics, changes)
    _flush(db, articles, quotes, topics, changes)
    db.commit()
    db.execute("ANALYZE")
    db.close()
    return sorted(set(copied))


def _flush(db: sqlite3.Connection, *tables: list[tuple[object, ...]]) -> None:
    articles, quotes, topics, changes = tables
    db.executemany(
        "INSERT INTO articles (id, identity, outlet_id, title, published, language, text_hash, "
        "ingested_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        articles,
    )
    db.executemany(
        "INSERT INTO quotes (id, article_id, expert_id, text, text_key, kind, origin, "
        "hand_edited, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        quotes,
    )
    db.executemany("INSERT INTO quote_topics (quote_id, topic_id, source) VALUES (?, ?, ?)", topics)
    db.executemany("INSERT INTO changes (seq, quote_id, op, at) VALUES (?, ?, ?, ?)", changes)
    for table in tables:
        table.clear()


def timed(fn: object, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        begin = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - begin)
    return times


def whole_process(command: list[str], repeat: int) -> list[float]:
    return timed(lambda: subprocess.run(command, cwd=REPO, check=True, capture_output=True), repeat)


def run(size: int) -> tuple[list[str], list[str]]:
    from quotesdb.config import resolve
    from quotesdb.db.reader import Reader
    from quotesdb.db.session import make_engine, transaction
    from quotesdb.reports.sources import source_report
    from quotesdb.reports.trace import trace_quote
    from quotesdb.reports.trace_store import catch_up

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "archive.sqlite3"
        begin = time.perf_counter()
        copied = build(path, size)
        built = time.perf_counter() - begin
        engine = make_engine(resolve(Path(tmp), f"sqlite:///{path}"))
        begin = time.perf_counter()
        with transaction(engine) as session:
            keyed = catch_up(session.connection())
        keys_took = time.perf_counter() - begin
        with engine.connect() as conn:
            key_rows = conn.exec_driver_sql("SELECT COUNT(*) FROM quote_shingles").scalar() or 0
        mb = path.stat().st_size / 1e6
        cases = {
            "by year, all outlets": {"by": "year"},
            "by month, all outlets": {"by": "month"},
            "by quarter, one outlet": {"by": "quarter", "outlets": ["Outlet 7"]},
            "by month, 2023 only": {
                "by": "month",
                "since": dt.date(2023, 1, 1),
                "until": dt.date(2023, 12, 31),
            },
        }
        report_lines = []
        reader = Reader(resolve(Path(tmp), f"sqlite:///{path}"))  # as the CLI reads
        for name, options in cases.items():

            def one(options: dict[str, object] = options) -> None:
                with reader.snapshot():
                    source_report(reader, **options)  # type: ignore[arg-type]

            times = timed(one, 3)
            report_lines.append(
                f"| {size:,} | {name} | {statistics.median(times):.2f} s | {max(times):.2f} s |"
            )
        reader.close()
        home = Path(tmp) / "home"
        base = [*QUOTESDB, "--home", str(home), "--database-url", f"sqlite:///{path}"]
        for by in ("year", "month"):
            process = whole_process([*base, "report", "--by", by, "--format", "json"], 5)
            report_lines.append(
                f"| {size:,} | `quotesdb report --by {by} --format json`, whole process | "
                f"{statistics.median(process):.2f} s | {max(process):.2f} s |"
            )
        for by, suffix in (("month", "svg"), ("year", "png")):
            chart = Path(tmp) / f"chart.{suffix}"
            command = [*base, "report", "--by", by, "--total", "--format", "csv"]
            process = whole_process([*command, "--plot", str(chart)], 3)
            report_lines.append(
                f"| {size:,} | `quotesdb report --by {by} --total --plot chart.{suffix}`, "
                f"whole process ({chart.stat().st_size / 1000:,.0f} kB chart) | "
                f"{statistics.median(process):.2f} s | {max(process):.2f} s |"
            )
        rng = random.Random(11)
        targets = rng.sample(copied, min(25, len(copied))) + rng.sample(range(1, size + 1), 25)
        found: list[int] = []

        def trace_all() -> list[float]:
            times = []
            for quote_id in targets:
                begin = time.perf_counter()
                with transaction(engine) as session:
                    result = trace_quote(session, str(quote_id))
                times.append(time.perf_counter() - begin)
                found.append(len(result.occurrences))
            return times

        trace_all()  # warm the file cache, as a long-running process has it
        found.clear()
        trace_times = trace_all()
        process = whole_process([*base, "trace", str(targets[0]), "--json"], 3)
        engine.dispose()
        many = sum(1 for n in found[:25] if n > 1)
        trace_lines = [
            f"| {size:,} | {built:.0f} s | {mb:,.0f} MB | {keyed:,} quotes in {keys_took:.0f} s, "
            f"{key_rows:,} rows | {statistics.median(trace_times) * 1000:.0f} ms | "
            f"{percentile(trace_times, 0.95) * 1000:.0f} ms | {max(trace_times) * 1000:.0f} ms | "
            f"{statistics.median(process):.2f} s | {many}/25 copied quotes traced to copies |"
        ]
    return report_lines, trace_lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    reports, traces = [], []
    for size in sizes:
        report_lines, trace_lines = run(size)
        reports += report_lines
        traces += trace_lines
    print(
        "`quotesdb report` (in process through the CLI's plain-SQL reader, median and worst "
        "of 3; whole processes of 5; target <= 2 s at 1M):\n"
    )
    print("| quotes | report | median | worst |\n| ---: | --- | ---: | ---: |")
    print("\n".join(reports))
    print(
        "\n`quotesdb trace` (50 quotes: 25 with planted copies, 25 at random; in process after "
        "one warm-up round; target <= 1 s at 1M):\n"
    )
    print(
        "| quotes | archive built | SQLite file | trace keys built | trace median | p95 | "
        "worst | `quotesdb trace ID` process | found |\n"
        "| ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |"
    )
    print("\n".join(traces))


if __name__ == "__main__":
    main()
