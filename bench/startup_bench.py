"""Start-up cost of the CLI: what a user waits for before any work is done.

Each command runs as a whole process, as a user runs it; the figures are medians of CPU time
(user + system, from the child's rusage: steadier than wall time on a shared machine) and
of wall time. The yardstick is a bare Python process that opens SQLite and answers one FTS5
query: the least any search tool in Python can cost.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile

from bench.common import QUOTESDB, REPO, process_times

# The floor: Python starts, opens an FTS5 table and answers one query.
_FTS5 = (
    "import sqlite3; c = sqlite3.connect(':memory:');"
    "c.execute('CREATE VIRTUAL TABLE q USING fts5(text)');"
    "c.execute(\"INSERT INTO q VALUES ('sanctions will not change the policy')\");"
    "print(c.execute('SELECT rowid FROM q WHERE q MATCH ?', ('sanctions',)).fetchall())"
)


def run(repeat: int = 15) -> dict[str, tuple[float, float]]:
    """Per command: (median CPU seconds, median wall seconds). The commands take turns,
    round after round, so a busy spell on a shared machine falls on all of them alike."""
    # An installed wheel has its bytecode compiled by pip; without it, a process started
    # with PYTHONDONTWRITEBYTECODE (CI's machines set it) compiles quotesdb on every start.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "quotesdb")], check=True)
    with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory() as other:
        base = [*QUOTESDB, "--home", home]
        subprocess.run([*base, "ingest", str(REPO / "seeds")], capture_output=True, check=True)
        tantivy = [*QUOTESDB, "--home", other]
        subprocess.run([*tantivy, "init", "--search", "tantivy"], capture_output=True, check=True)
        subprocess.run([*tantivy, "ingest", str(REPO / "seeds")], capture_output=True, check=True)
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "python + FTS5 query": [sys.executable, "-c", _FTS5],
            "quotesdb --help": [*QUOTESDB, "--help"],
            "quotesdb search sanctions": [*base, "search", "sanctions", "--limit", "5"],
            "quotesdb search sanctions (tantivy)": [
                *tantivy,
                "search",
                "sanctions",
                "--limit",
                "5",
            ],
            "quotesdb cite 1": [*base, "cite", "1"],
            "quotesdb stats": [*base, "stats", "--json"],
            "quotesdb extract (seed)": [
                *QUOTESDB,
                "extract",
                str(REPO / "seeds" / "001_555ad3647e4d8dff.txt"),
                "--json",
            ],
        }
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for round_ in range(repeat + 1):  # the first round warms the file cache
            for name, args in commands.items():
                measured = process_times(args)
                if round_:
                    times[name].append(measured)
        return {
            name: (
                statistics.median(cpu for cpu, _wall in runs),
                statistics.median(wall for _cpu, wall in runs),
            )
            for name, runs in times.items()
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
