"""Bulk import: Quotebank-shaped lines into SQLite (and PostgreSQL when it answers).

Two figures per size. "db" times the database import alone (`import_quotebank` called in a
fresh process, no search index), into SQLite and, when it answers, into a fresh PostgreSQL
schema; "total" times the whole `quotesdb import` process into SQLite, the index catching up
afterwards included, as a user waits for both. Peak memory is the max RSS of the process, so
"flat in input size" can be read off the table.
`python -m bench.import_bench [--sizes 2000,10000] [--no-total] [--no-postgres]`
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from itertools import accumulate
from pathlib import Path
from typing import Any

from bench.common import QUOTESDB, REPO

PG_URL = os.environ.get("QUOTESDB_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def make_file(path: Path, size: int, seed: int = 3) -> None:
    """Quotebank-shaped lines: 5,000 speakers, each with its own Wikidata id, as in the real
    corpus; words from a Zipfian vocabulary of 5,000; one article a line on 300 outlets."""
    rng = random.Random(seed)
    words = [f"w{n}" for n in range(5000)]
    weights = list(accumulate(1 / (n + 1) for n in range(5000)))
    with path.open("w", encoding="utf-8") as out:
        for n in range(size):
            number = rng.randrange(5000)
            speaker = f"Speaker Number{number}"
            text = " ".join(rng.choices(words, cum_weights=weights, k=rng.randint(8, 80)))
            line = {
                "quoteID": f"q{n}",
                "quotation": text,
                "speaker": speaker,
                "qids": [f"Q{1000 + number}"],
                "date": f"20{rng.randint(10, 20)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                "numOccurrences": 1,
                "probas": [[speaker, "0.8"], ["None", "0.2"]],
                "urls": [f"https://outlet{rng.randrange(300)}.example.com/{n}"],
                "phase": "E",
            }
            out.write(json.dumps(line) + "\n")


def timed_import(args: list[str]) -> tuple[float, float]:
    """Seconds and peak MB of one `quotesdb import` process (its own rusage, from wait4)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, cwd=REPO, stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        took = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(err.read().decode(errors="replace")[-2000:])
    return took, usage.ru_maxrss / 1024


def db_child(url: str, data: str, triggers: bool = True) -> None:
    """In a fresh process: create the schema, time import_quotebank alone, print JSON.
    Without `triggers`, the change-log triggers are taken away first (to price them)."""
    from quotesdb.config import resolve
    from quotesdb.db.session import make_engine, require_schema
    from quotesdb.db.transfer import import_quotebank

    engine = make_engine(resolve(tempfile.gettempdir(), url))
    require_schema(engine, create=True)
    if not triggers:
        _drop_triggers(engine)
    start = time.perf_counter()
    summary = import_quotebank(engine, Path(data))
    took = time.perf_counter() - start
    engine.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": took, "peak_mb": peak, "added": summary.quotes_added}))


def _drop_triggers(engine: Any) -> None:
    from sqlalchemy import text

    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            names = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
            for (name,) in names.all():
                conn.execute(text(f'DROP TRIGGER "{name}"'))
        else:
            found = conn.execute(
                text(
                    "SELECT t.tgname, c.relname FROM pg_trigger t "
                    "JOIN pg_class c ON c.oid = t.tgrelid "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE NOT t.tgisinternal AND n.nspname = current_schema()"
                )
            )
            for name, table in found.all():
                conn.execute(text(f'DROP TRIGGER "{name}" ON "{table}"'))


def timed_db_import(url: str, data: Path, triggers: bool = True) -> tuple[float, float]:
    child = ["--db-child", url, str(data)] + ([] if triggers else ["--no-triggers"])
    done = subprocess.run(
        [sys.executable, "-m", "bench.import_bench", *child],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return float(result["seconds"]), float(result["peak_mb"])


def postgres_schema() -> tuple[str, str] | None:
    """A fresh schema on the test server, as (url, schema), or None when it does not answer."""
    try:
        from sqlalchemy import create_engine, text

        admin = create_engine(PG_URL, connect_args={"connect_timeout": 3})
        schema = f"bench_{uuid.uuid4().hex[:12]}"
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        admin.dispose()
    except Exception:
        return None
    return f"{PG_URL}?options=-csearch_path%3D{schema}", schema


def drop_schema(schema: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def run(sizes: list[int], *, total: bool, postgres: bool) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "quotes.jsonl"
            make_file(data, size)
            took, peak = timed_db_import(f"sqlite:///{Path(tmp) / 'db.sqlite3'}", data)
            rows.append(_row(size, "SQLite", "database only", took, peak))
            made = postgres_schema() if postgres else None
            if made is not None:
                url, schema = made
                try:
                    took, peak = timed_db_import(url, data)
                finally:
                    drop_schema(schema)
                rows.append(_row(size, "PostgreSQL", "database only", took, peak))
            if total:
                home = Path(tmp) / "home"
                args = [*QUOTESDB, "--home", str(home), "import", "--quiet"]
                took, peak = timed_import([*args, "--format", "quotebank", str(data)])
                rows.append(_row(size, "SQLite", "import + index", took, peak))
    return rows


def trigger_cost(size: int, rounds: int = 3) -> str:
    """The database import with and without the change-log triggers, interleaved, on each
    store: what logging every write in the database costs a bulk import."""
    lines = [
        "| store | quotes | with triggers, quotes/s | without | cost |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "quotes.jsonl"
        make_file(data, size)
        stores = {"SQLite": None, "PostgreSQL": PG_URL}
        for store, pg in stores.items():
            took: dict[bool, list[float]] = {True: [], False: []}
            for n in range(rounds):
                for triggers in (True, False):
                    if pg is None:
                        url, schema = f"sqlite:///{Path(tmp) / f'db{n}{triggers}.sqlite3'}", None
                    else:
                        made = postgres_schema()
                        if made is None:
                            break
                        url, schema = made
                    try:
                        took[triggers].append(timed_db_import(url, data, triggers)[0])
                    finally:
                        if schema is not None:
                            drop_schema(schema)
            if not took[True] or not took[False]:
                continue
            with_rate = size / statistics.median(took[True])
            bare_rate = size / statistics.median(took[False])
            lines.append(
                f"| {store} | {size:,} | {with_rate:,.0f} | {bare_rate:,.0f} "
                f"| {100 * (1 - with_rate / bare_rate):.0f}% |"
            )
    return "\n".join(lines)


def _row(size: int, store: str, what: str, took: float, peak: float) -> dict[str, object]:
    return {"size": size, "store": store, "what": what, "rate": size / took, "peak_mb": peak}


def report(rows: list[dict[str, object]]) -> str:
    lines = [
        "| quotes | store | timed | quotes/s | peak MB |",
        "| ---: | --- | --- | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['size']:,} | {row['store']} | {row['what']} | {row['rate']:,.0f} "
            f"| {row['peak_mb']:.0f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--no-total", action="store_true", help="Skip the import + index run.")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only.")
    parser.add_argument(
        "--triggers",
        type=int,
        metavar="N",
        help="Price the change-log "
        "triggers on an import of N quotes (with and without, interleaved).",
    )
    parser.add_argument("--db-child", nargs=2, metavar=("URL", "FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--no-triggers", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.db_child:
        db_child(*options.db_child, triggers=not options.no_triggers)
    elif options.triggers:
        print(trigger_cost(options.triggers))
    else:
        sizes = [int(s) for s in options.sizes.split(",")]
        print(report(run(sizes, total=not options.no_total, postgres=not options.no_postgres)))
