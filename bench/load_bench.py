"""Readers under a writer on SQLite: 4 `search` processes at once, with and without 1 writer.

Each reader runs the real CLI (`quotesdb search WORD`) in a loop; the writer loops `add`
(a commit and an index catch-up each). Reported: the readers' wall time per search,
p50 and p95, unloaded and loaded, and every failed command (non-zero exit or traceback)
of either side, which must be none.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from bench.common import QUOTESDB, REPO, percentile

READERS = 4
SEARCHES = 12  # per reader and phase
WORDS = ("russia", "sanctions", "war", "talk", "economy", "covid")


def _archive(home: Path) -> None:
    subprocess.run(
        [*QUOTESDB, "--home", str(home), "ingest", "-q", str(REPO / "seeds")],
        capture_output=True,
        check=True,
        cwd=REPO,
    )
    lines = home.parent / "extra.jsonl"
    with lines.open("w", encoding="utf-8") as out:
        for n in range(5000):
            word = WORDS[n % len(WORDS)]
            record = {
                "quoteID": f"q{n}",
                "quotation": f"Quote {n} about {word} and the {n % 97} other things.",
                "speaker": f"Speaker Number{n % 211}",
                "date": "2021-03-04",
                "urls": [f"https://site{n % 13}.example.com/{n // 5}"],
            }
            out.write(json.dumps(record) + "\n")
    subprocess.run(
        [*QUOTESDB, "--home", str(home), "import", "-q", str(lines), "--format", "quotebank"],
        capture_output=True,
        check=True,
        cwd=REPO,
    )


def _failed(done: subprocess.CompletedProcess[str]) -> bool:
    return done.returncode != 0 or "Traceback" in done.stderr


def _readers(home: Path, times: list[float], errors: list[str]) -> None:
    def loop(reader: int) -> None:
        for n in range(SEARCHES):
            word = WORDS[(reader + n) % len(WORDS)]
            start = time.perf_counter()
            done = subprocess.run(
                [*QUOTESDB, "--home", str(home), "search", word, "--limit", "5"],
                capture_output=True,
                text=True,
                cwd=REPO,
            )
            times.append(time.perf_counter() - start)
            if _failed(done):
                errors.append(done.stderr.strip()[-300:])

    threads = [threading.Thread(target=loop, args=(r,)) for r in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def run() -> dict[str, float | int]:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        _archive(home)
        quiet: list[float] = []
        errors: list[str] = []
        _readers(home, quiet, errors)
        loaded: list[float] = []
        stop = threading.Event()
        writes = [0]

        def writer() -> None:
            n = 0
            while not stop.is_set():
                text = f"Loaded writer's quote number {n} about sanctions."
                done = subprocess.run(
                    [*QUOTESDB, "--home", str(home), "add", text, "--speaker", "Load Writer"],
                    capture_output=True,
                    text=True,
                    cwd=REPO,
                )
                if _failed(done):
                    errors.append(done.stderr.strip()[-300:])
                writes[0] += 1
                n += 1

        thread = threading.Thread(target=writer)
        thread.start()
        _readers(home, loaded, errors)
        stop.set()
        thread.join()
    if errors:
        raise SystemExit("failed commands:\n" + "\n".join(errors[:5]))
    return {
        "unloaded p50": percentile(quiet, 0.5),
        "unloaded p95": percentile(quiet, 0.95),
        "loaded p50": percentile(loaded, 0.5),
        "loaded p95": percentile(loaded, 0.95),
        "searches": len(quiet) + len(loaded),
        "writes": writes[0],
        "errors": len(errors),
    }


def report(figures: dict[str, float | int]) -> str:
    ms = {k: f"{float(v) * 1000:.0f} ms" for k, v in figures.items() if "p" in k[-3:]}
    return "\n".join(
        [
            f"{READERS} reader processes, {SEARCHES} `search` runs each per phase, on SQLite "
            "with seeds + 5,000 imported quotes; loaded = 1 process looping `add` meanwhile.",
            "",
            "| readers | p50 | p95 |",
            "| --- | ---: | ---: |",
            f"| unloaded | {ms['unloaded p50']} | {ms['unloaded p95']} |",
            f"| loaded (1 writer) | {ms['loaded p50']} | {ms['loaded p95']} |",
            "",
            f"Searches: {figures['searches']}; writes committed meanwhile: {figures['writes']}; "
            f"failed commands (either side): {figures['errors']}.",
        ]
    )


if __name__ == "__main__":
    print(report(run()))
