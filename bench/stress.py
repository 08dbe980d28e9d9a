"""`make stress`: kill -9 quotesdb at random points, then prove nothing was lost.

Each trial starts a real `quotesdb` process doing one kind of write (ingest, add, import,
reindex), kills it with SIGKILL after a random delay (seeded, so a failure can be replayed),
and then checks the archive: the SQLite file passes `PRAGMA integrity_check`, every quote
stored before the trial is still there, no quote is duplicated, every article has all of its
quotes (one transaction per article: never half), and once the index has caught up the
search index holds exactly the quotes in the database. A stale index lock left by the
killed process must not block the check.

`python -m bench.stress --trials 50 --seed 1` prints a Markdown table; the test suite runs a
small sample of the same trials (tests/test_crash.py). Then come the races of
bench/stress_races.py: processes importing one file at once, rebuilding at once, and a
truncated index file; and the hostile inputs of bench/stress_hostile.py: requests for
another host or origin, huge and random bodies, wrong-typed imports, a drip-feed and a
gzip bomb for `ingest URL`, escape sequences for the terminal.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import REPO
from bench.extract_bench import corpus

QUOTESDB = [sys.executable, "-m", "quotesdb"]


@dataclass
class Tally:
    trials: int = 0
    faults: int = 0
    quotes_lost: int = 0
    duplicates: int = 0
    half_written: int = 0
    index_drift: int = 0
    blocked: int = 0
    crashes: int = 0
    fuzzed: int = 0
    races: int = 0
    damaged: int = 0
    reads: int = 0
    writes: int = 0
    hostile: int = 0  # hostile inputs tried (bench/stress_hostile.py)
    errors: int = 0  # of them, refused cleanly: a 4xx, a one-line error, a warning
    problems: list[str] = field(default_factory=list)

    def fail(self, what: str, message: str) -> None:
        setattr(self, what, getattr(self, what) + 1)
        self.problems.append(message)


class Archive:
    """A home folder under test, with the articles its trials write from."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root, self.rng = root, rng
        self.home = root / "home"
        self.articles = root / "articles"
        self.articles.mkdir()
        for n, text in enumerate(corpus(400_000, seed=rng.randrange(1 << 30))):
            front = f"---\ntitle: Synthetic article {n}\noutlet: Outlet {n % 7}\n---\n"
            (self.articles / f"a{n:04d}.md").write_text(front + text, encoding="utf-8")
        self.db = self.home / "quotesdb.sqlite3"
        self.added = 0
        self.imports = 0
        self.last_import: Path | None = None

    def command(self, *args: str) -> list[str]:
        return [*QUOTESDB, "--home", str(self.home), *args]

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.command(*args), capture_output=True, text=True, timeout=timeout, cwd=REPO
        )

    def ingest_args(self) -> list[str]:
        files = sorted(self.articles.iterdir())
        # Touch a few files so some articles are updated, not just skipped.
        for path in self.rng.sample(files, k=min(5, len(files))):
            path.write_text(path.read_text(encoding="utf-8") + "\nMore text.\n", encoding="utf-8")
        return ["ingest", "--quiet", str(self.articles)]

    def add_args(self) -> list[str]:
        self.added += 1
        return [
            "add",
            f"Stress quote number {self.added} about {self.rng.random():.6f}.",
            "--speaker",
            f"Stress Speaker{self.added % 13}",
            "--no-prompt",
        ]

    def import_args(self) -> list[str]:
        """A file of 2,000 hand quotes (four import batches) new to this archive."""
        self.imports += 1
        path = self.root / f"import-{self.imports}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            out.write(json.dumps({"format": "quotesdb/1"}) + "\n")
            for n in range(2000):
                record = {
                    "type": "quote",
                    "speaker": f"Imported Voice{n % 17}",
                    "text": f"Import {self.imports} line {n}: a remark about {n * 7919 % 1000}.",
                    "origin": "import",
                }
                out.write(json.dumps(record) + "\n")
        self.last_import = path
        return ["import", "--quiet", str(path)]

    def reindex_args(self) -> list[str]:
        return ["reindex"]

    def quote_keys(self) -> dict[int, tuple[int | None, str]]:
        if not self.db.exists():
            return {}
        with sqlite3.connect(self.db) as conn:
            if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'quotes'").fetchone():
                return {}
            return {
                row[0]: (row[1], row[2])
                for row in conn.execute("SELECT id, article_id, text_key FROM quotes")
            }


def kill_after(args: list[str], delay: float) -> bool:
    """Start a process and SIGKILL it after `delay` s; True when the kill hit it mid-work."""
    proc = subprocess.Popen(
        args, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    return True


def check(archive: Archive, before: dict[int, tuple[int | None, str]], tally: Tally) -> None:
    if not archive.db.exists():
        return
    with sqlite3.connect(archive.db) as conn:
        status = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if status != "ok":
            tally.fail("crashes", f"integrity_check: {status}")
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if "quotes" not in tables:  # killed before the first migration committed: empty
            if tables - {"sqlite_sequence"}:
                tally.fail("crashes", f"half-created schema: {sorted(tables)}")
            return
        dupes = conn.execute(
            "SELECT count(*) FROM (SELECT expert_id, text_key FROM quotes "
            "GROUP BY coalesce(article_id, -expert_id), text_key HAVING count(*) > 1)"
        ).fetchone()[0]
        if dupes:
            tally.fail("duplicates", f"{dupes} duplicated quotes")
    _finish_migrations(archive, tally)
    after = archive.quote_keys()
    lost = set(before.values()) - set(after.values())
    if lost:
        tally.fail("quotes_lost", f"{len(lost)} quotes lost")
    _check_articles_whole(archive, tally)
    _check_import_batches(archive, tally)
    _check_index(archive, tally)


def _finish_migrations(archive: Archive, tally: Tally) -> None:
    """A writer killed between two migrations leaves the archive whole at the earlier one,
    and every command then says "run `quotesdb init` to upgrade it": run it, as a user
    would, and fail the trial if it cannot."""
    from quotesdb.db import SCHEMA_REVISION

    with sqlite3.connect(archive.db) as conn:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    if row is not None and row[0] != SCHEMA_REVISION:
        done = archive.run("init")
        if done.returncode != 0:
            tally.fail("crashes", f"init after a killed migration: {done.stderr[-300:]}")


def _check_articles_whole(archive: Archive, tally: Tally) -> None:
    """Every stored article holds every quote its stored text yields: never half of them."""
    from quotesdb.db.records import text_key
    from quotesdb.extract import extract_quotes

    with sqlite3.connect(archive.db) as conn:
        articles = conn.execute("SELECT id, text FROM articles").fetchall()
        stored: dict[int, set[str]] = {}
        for article_id, key in conn.execute(
            "SELECT article_id, text_key FROM quotes WHERE article_id IS NOT NULL"
        ):
            stored.setdefault(article_id, set()).add(key)
    for article_id, text in articles:
        expected = {text_key(q.text) for q in extract_quotes(text or "") if q.speaker}
        if not expected <= stored.get(article_id, set()):
            missing = len(expected - stored.get(article_id, set()))
            tally.fail("half_written", f"article {article_id} lacks {missing} of its quotes")


def _check_index(archive: Archive, tally: Tally) -> None:
    try:
        done = archive.run("check", "--json", timeout=60)
    except subprocess.TimeoutExpired:
        tally.fail("blocked", "`quotesdb check` hung (stale lock?)")
        return
    if done.returncode != 0:
        tally.fail("index_drift", f"check: {done.stdout.strip()[-200:]} {done.stderr[-200:]}")


OPERATIONS: dict[str, tuple[Callable[[Archive], list[str]], float]] = {
    "ingest": (Archive.ingest_args, 2.5),
    "add": (Archive.add_args, 1.2),
    "import": (Archive.import_args, 3.0),
    "reindex": (Archive.reindex_args, 2.0),
}


def _check_import_batches(archive: Archive, tally: Tally) -> None:
    """An interrupted import keeps whole batches only, and running it again completes it."""
    path = archive.last_import
    if path is None:
        return
    with sqlite3.connect(archive.db) as conn:
        texts = {row[0] for row in conn.execute("SELECT text FROM quotes WHERE origin='import'")}
    prefix = f"Import {archive.imports} line "
    present = sorted(int(t[len(prefix) :].split(":")[0]) for t in texts if t.startswith(prefix))
    if present and (present != list(range(len(present))) or len(present) % 500):
        tally.fail("half_written", f"import kept {len(present)} quotes, not whole batches")
    done = archive.run("import", "--quiet", "--json", str(path))
    if done.returncode != 0 or json.loads(done.stdout)["quotes_added"] != 2000 - len(present):
        tally.fail("crashes", f"resumed import: {done.stdout.strip()[-200:]} {done.stderr[-200:]}")
    archive.last_import = None


FUZZ_PIECES = ["AND", "OR", "NOT", "(", ")", '"', "*", "?", "~", "^2", ":", "speaker:", "nosuch:"]
FUZZ_PIECES += ["“", "”", "‘", "’", "'", "\x00", "\n\n", "said", "says", "Mr.", "[", "]", "—"]


def fuzz(archive: Archive, rng: random.Random, count: int, tally: Tally) -> int:
    """Random queries and article texts: each must end in a result or a clean error."""
    from quotesdb.config import resolve
    from quotesdb.errors import QuotesdbError
    from quotesdb.extract import clean_text, extract_quotes
    from quotesdb.index.search import Filters, search
    from quotesdb.index.sync import catch_up

    archive.run("ingest", "--quiet", str(archive.articles))  # an archive to search, whole
    ix, _report = catch_up(resolve(archive.home, None))
    for n in range(count):
        pieces = [rng.choice([*FUZZ_PIECES, "word", "Kim", "talks", chr(rng.randrange(32, 12287))])]
        pieces += [rng.choice(FUZZ_PIECES) for _ in range(rng.randrange(8))]
        text = " ".join(pieces)
        try:
            search(ix, text, Filters(expert=text if n % 3 == 0 else None), limit=5)
            cleaned = clean_text(text * rng.randrange(1, 50))
            for quote in extract_quotes(cleaned):
                assert cleaned[quote.start : quote.end] == quote.text
        except QuotesdbError:
            pass
        except Exception as exc:  # anything else would be a traceback for a user
            tally.fail("crashes", f"fuzz input {text!r}: {type(exc).__name__}: {exc}")
    return count


def run(trials: int, seed: int, fuzz_inputs: int = 0, races: int = 0, hostile: int = 0) -> Tally:
    rng = random.Random(seed)
    tally = Tally()
    with tempfile.TemporaryDirectory() as tmp:
        archive = Archive(Path(tmp), rng)
        names = sorted(OPERATIONS)
        for trial in range(trials):
            name = names[trial % len(names)]
            make_args, longest = OPERATIONS[name]
            before = archive.quote_keys() if archive.db.exists() else {}
            hit = kill_after(archive.command(*make_args(archive)), rng.uniform(0.05, longest))
            tally.trials += 1
            tally.writes += 1
            tally.faults += hit
            check(archive, before, tally)
        if races:
            from bench.stress_races import run_races

            run_races(archive, tally, rng, races)
        if fuzz_inputs:
            tally.fuzzed = fuzz(archive, rng, fuzz_inputs, tally)
        if hostile:
            from bench.stress_hostile import run_hostile

            run_hostile(archive, tally, rng, hostile)
    return tally


def report(tally: Tally) -> str:
    rows = [
        ("reads (searches between hostile writes, CLI reads)", tally.reads),
        ("writes (killed writers, API posts and import records stored)", tally.writes),
        ("hostile inputs (requests, import records, fetches, terminal output)", tally.hostile),
        ("errors: hostile inputs refused cleanly (4xx, one line, a warning)", tally.errors),
        ("trials run", tally.trials),
        ("faults injected (SIGKILL mid-work)", tally.faults),
        ("quotes lost", tally.quotes_lost),
        ("duplicates", tally.duplicates),
        ("half-written articles", tally.half_written),
        ("drift: index disagreeing with the database after `check`", tally.index_drift),
        ("commands blocked by a stale lock", tally.blocked),
        ("races run (3 imports of one file; 2 reindex + 3 searches)", tally.races),
        ("index files truncated (each must be found and rebuilt)", tally.damaged),
        ("inputs fuzzed (queries and article texts)", tally.fuzzed),
        ("crashes (tracebacks, 500s, integrity errors, raw escapes)", tally.crashes),
    ]
    lines = ["| what | count |", "| --- | ---: |"] + [f"| {k} | {v} |" for k, v in rows]
    return "\n".join(lines + [f"- {p}" for p in tally.problems[:20]])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fuzz", type=int, default=2000)
    parser.add_argument("--races", type=int, default=5, help="rounds of racing processes")
    parser.add_argument("--hostile", type=int, default=3, help="rounds of hostile inputs")
    args = parser.parse_args()
    tally = run(args.trials, args.seed, args.fuzz, args.races, args.hostile)
    print(report(tally))
    return 1 if tally.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
