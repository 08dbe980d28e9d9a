"""`make stress`, second half: processes racing each other, and a damaged index.

- imports: 3 processes import one new file of 2,000 unsourced quotes at once (the race
  that stored 5,200 rows of 2,000 on PostgreSQL); the file must be stored exactly once,
  on SQLite and, when it answers, on PostgreSQL.
- rebuilds: 2 `reindex` and 3 `search` at once; none may fail or print a traceback.
- damage: one index file, chosen at random, truncated; the next search must answer
  (rebuilding) and `check` must agree afterwards.
"""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from bench.common import REPO

if TYPE_CHECKING:
    from bench.stress import Archive, Tally

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _unsourced_file(path: Path, tag: str) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"format": "quotesdb/1"}) + "\n")
        for n in range(2000):
            record = {"type": "quote", "speaker": f"Racing Voice{n % 19}", "origin": "import"}
            out.write(json.dumps(record | {"text": f"Race {tag} line {n}, said once."}) + "\n")
    return path


def _together(jobs: list[list[str]]) -> list[subprocess.CompletedProcess[str]]:
    procs = [
        subprocess.Popen(job, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for job in jobs
    ]
    done = []
    for job, proc in zip(jobs, procs, strict=True):
        out, err = proc.communicate(timeout=600)
        done.append(subprocess.CompletedProcess(job, proc.returncode, out, err))
    return done


def _failures(tally: Tally, what: str, done: list[subprocess.CompletedProcess[str]]) -> None:
    for result in done:
        if result.returncode != 0 or "Traceback" in result.stderr:
            tally.fail("crashes", f"{what}: exit {result.returncode}: {result.stderr[-300:]}")


def race_imports(archive: Archive, tally: Tally, url: str | None = None) -> None:
    tag = uuid.uuid4().hex[:8]
    path = _unsourced_file(archive.root / f"race-{tag}.jsonl", tag)
    extra = ["--database-url", url] if url else []
    base = archive.command(*extra, "import", "--quiet", str(path))
    _failures(tally, "racing import", _together([base] * 3))
    query = "SELECT count(*) FROM quotes WHERE text LIKE :prefix"
    prefix = f"Race {tag} line %"
    if url is None:
        with sqlite3.connect(archive.db) as conn:
            stored = conn.execute(query.replace(":prefix", "?"), (prefix,)).fetchone()[0]
    else:
        from sqlalchemy import create_engine, text

        engine = create_engine(url)
        with engine.connect() as conn:
            stored = conn.scalar(text(query), {"prefix": prefix})
        engine.dispose()
    tally.races += 1
    if stored != 2000:
        where = "PostgreSQL" if url else "SQLite"
        tally.fail("duplicates", f"3 racing imports of 2,000 quotes stored {stored} on {where}")


def race_rebuilds(archive: Archive, tally: Tally) -> None:
    jobs = [archive.command("reindex")] * 2 + [archive.command("search", "said")] * 3
    _failures(tally, "racing reindex/search", _together(jobs))
    tally.races += 1


def damage_index(archive: Archive, tally: Tally, rng: random.Random) -> None:
    index_dir = archive.home / "index"
    try:
        current = index_dir / (index_dir / "CURRENT").read_text(encoding="utf-8").strip()
    except OSError as exc:  # no index after the racing rebuilds: say so, with what is there
        listing = sorted(p.name for p in index_dir.iterdir()) if index_dir.is_dir() else []
        tally.fail("crashes", f"no index to damage after the races ({exc}); index/: {listing}")
        return
    files = sorted(p for p in current.iterdir() if p.name.startswith(("MAIN_", "_MAIN_")))
    files = [p for p in files if p.stat().st_size > 1]
    victim = rng.choice(files)
    victim.write_bytes(victim.read_bytes()[: rng.randrange(victim.stat().st_size)])
    tally.damaged += 1
    done = archive.run("search", "said", "--json")
    if done.returncode != 0 or "Traceback" in done.stderr:
        tally.fail("crashes", f"search after truncating {victim.name}: {done.stderr[-300:]}")


def pg_schema_url() -> tuple[str, object] | None:
    """A fresh schema on the test server (dropped by `drop_schema`), or None if it is down."""
    try:
        from sqlalchemy import create_engine, text

        admin = create_engine(PG_URL, connect_args={"connect_timeout": 3})
        schema = f"stress_{uuid.uuid4().hex[:10]}"
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception:
        return None
    return f"{PG_URL}?options=-csearch_path%3D{schema}", (admin, schema)


def drop_schema(handle: object) -> None:
    from sqlalchemy import text

    admin, schema = handle  # type: ignore[misc]
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def run_races(archive: Archive, tally: Tally, rng: random.Random, rounds: int) -> None:
    """`rounds` of each race on the archive the kill trials left, then once on PostgreSQL."""
    from bench.stress import _check_index

    for _ in range(rounds):
        race_imports(archive, tally)
        race_rebuilds(archive, tally)
        damage_index(archive, tally, rng)
        _check_index(archive, tally)
    pg = pg_schema_url()
    if pg is None:
        return
    url, handle = pg
    try:
        for _ in range(rounds):
            race_imports(archive, tally, url)
    finally:
        drop_schema(handle)
