"""Start-up cost of the CLI: what a user waits for before any work is done."""

from __future__ import annotations

import subprocess
import sys
import tempfile

from bench.common import QUOTESDB, REPO, time_process


def run(repeat: int = 15) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as home:
        base = [*QUOTESDB, "--home", home]
        subprocess.run([*base, "ingest", str(REPO / "seeds")], capture_output=True, check=True)
        figures = {
            "python -c pass": time_process([sys.executable, "-c", "pass"], repeat),
            "quotesdb --help": time_process([*QUOTESDB, "--help"], repeat),
            "quotesdb extract (seed)": time_process(
                [*QUOTESDB, "extract", str(REPO / "seeds" / "001_555ad3647e4d8dff.txt"), "--json"],
                repeat,
            ),
            "quotesdb stats": time_process([*base, "stats", "--json"], repeat),
            "quotesdb cite 1": time_process([*base, "cite", "1"], repeat),
        }
    return figures


def report(figures: dict[str, float]) -> str:
    floor = figures["python -c pass"]
    lines = ["| command | median | × python -c pass |", "| --- | ---: | ---: |"]
    for name, seconds in figures.items():
        lines.append(f"| `{name}` | {seconds * 1000:.0f} ms | {seconds / floor:.1f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(run()))
