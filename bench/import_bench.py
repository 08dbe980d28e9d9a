"""Bulk import: Quotebank-shaped lines into SQLite (and PostgreSQL when it answers).

Rate counts the database import and the index catching up afterwards, as a user waits for
both; peak memory (max RSS of the process) is reported for a small and a larger file so that
"flat in input size" can be read off the table. `python -m bench.import_bench [--sizes …]`
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import tempfile
import time
from pathlib import Path

from bench.common import QUOTESDB, REPO


def make_file(path: Path, size: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    words = [f"w{n}" for n in range(5000)]
    weights = [1 / (n + 1) for n in range(5000)]
    with path.open("w", encoding="utf-8") as out:
        for n in range(size):
            speaker = f"Speaker Number{rng.randrange(5000)}"
            text = " ".join(rng.choices(words, weights, k=rng.randint(8, 80)))
            line = {
                "quoteID": f"q{n}",
                "quotation": text,
                "speaker": speaker,
                "qids": [f"Q{rng.randrange(10**6)}"],
                "date": f"20{rng.randint(10, 20)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                "numOccurrences": 1,
                "probas": [[speaker, "0.8"], ["None", "0.2"]],
                "urls": [f"https://outlet{rng.randrange(300)}.example.com/{n}"],
                "phase": "E",
            }
            out.write(json.dumps(line) + "\n")


def timed_import(args: list[str]) -> tuple[float, float]:
    """Seconds and peak MB of one `quotesdb import` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(args, cwd=REPO, check=True, capture_output=True)
    took = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return took, max(peak, before) / 1024


def run(sizes: list[int]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "quotes.jsonl"
            make_file(data, size)
            home = Path(tmp) / "home"
            args = [*QUOTESDB, "--home", str(home), "import", "--quiet", "--format", "quotebank"]
            took, peak = timed_import([*args, str(data)])
            rows.append({"size": size, "store": "SQLite", "rate": size / took, "peak_mb": peak})
    return rows


def report(rows: list[dict[str, object]]) -> str:
    lines = [
        "| quotes | store | quotes/s (import + index) | peak MB |",
        "| ---: | --- | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['size']:,} | {row['store']} | {row['rate']:,.0f} | {row['peak_mb']:.0f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="2000,10000")
    print(report(run([int(s) for s in parser.parse_args().sizes.split(",")])))
