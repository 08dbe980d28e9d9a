"""Start-up cost of the CLI: what a user waits for before any work is done.

Each command runs as a whole process, as a user runs it; the figures are medians of CPU time
(user + system, from the child's rusage: steadier than wall time on a shared machine) and
of wall time. The yardstick is a bare Python process that opens SQLite and answers one FTS5
query: the least any search tool in Python can cost.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile

from bench.common import QUOTESDB, REPO, cpu_process, time_process

# The floor: Python starts, opens an FTS5 table and answers one query.
_FTS5 = (
    "import sqlite3; c = sqlite3.connect(':memory:');"
    "c.execute('CREATE VIRTUAL TABLE q USING fts5(text)');"
    "c.execute(\"INSERT INTO q VALUES ('sanctions will not change the policy')\");"
    "print(c.execute('SELECT rowid FROM q WHERE q MATCH ?', ('sanctions',)).fetchall())"
)


def run(repeat: int = 15) -> dict[str, tuple[float, float]]:
    """Per command: (median CPU seconds, median wall seconds)."""
    with tempfile.TemporaryDirectory() as home:
        base = [*QUOTESDB, "--home", home]
        subprocess.run([*base, "ingest", str(REPO / "seeds")], capture_output=True, check=True)
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "python + FTS5 query": [sys.executable, "-c", _FTS5],
            "quotesdb --help": [*QUOTESDB, "--help"],
            "quotesdb search sanctions": [*base, "search", "sanctions", "--limit", "5"],
            "quotesdb cite 1": [*base, "cite", "1"],
            "quotesdb stats": [*base, "stats", "--json"],
            "quotesdb extract (seed)": [
                *QUOTESDB,
                "extract",
                str(REPO / "seeds" / "001_555ad3647e4d8dff.txt"),
                "--json",
            ],
        }
        return {
            name: (cpu_process(args, repeat), time_process(args, repeat))
            for name, args in commands.items()
        }


def report(figures: dict[str, tuple[float, float]]) -> str:
    floor = figures["python + FTS5 query"][0]
    lines = [
        "| command | CPU median | wall median | CPU × python + FTS5 query |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, (cpu, wall) in figures.items():
        ratio = cpu / floor
        lines.append(f"| `{name}` | {cpu * 1000:.0f} ms | {wall * 1000:.0f} ms | {ratio:.1f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(run()))
