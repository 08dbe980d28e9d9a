"""`make bench`: run every benchmark in one go and write the figures to bench/RESULTS.md.

Each benchmark is a module that prints Markdown when run; they run one after another in
separate processes so one's memory or imports never colour another's figures.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time

from bench.common import REPO, machine

BENCHMARKS = (
    ("Start-up", "bench.startup_bench", []),
    ("Quote extraction", "bench.extract_bench", []),
    ("Attribution on PolNeAR dev", "bench.devset_bench", []),
    ("Attribution on PolNeAR train and dev", "bench.attribution_eval", []),
    ("Search index", "bench.search_bench", []),
    ("Search backends", "bench.backends_bench", []),
    ("Bulk import", "bench.import_bench", []),
    ("Source report and quote trace", "bench.report_bench", []),
    ("Web pages in", "bench.pages_bench", []),
    ("Page metadata", "bench.metadata_bench", []),
    ("Readers under a writer", "bench.load_bench", []),
    ("Web server", "bench.serve_bench", []),
)

# Run only when named (`make bench-scale`: about an hour and ~20 GB of disk); otherwise
# the section of the last such run is kept.
ON_REQUEST = {
    "bench_scale": (
        "Search at 10M quotes (make bench-scale)",
        "bench.backends_bench",
        ["--size", "10000000", "--backends", "tantivy", "--stream"],
    ),
}


RESULTS = REPO / "bench" / "RESULTS.md"


_ON_REQUEST_TITLES = {title for title, _module, _args in ON_REQUEST.values()}


def earlier_sections() -> dict[str, str]:
    """The sections of the last RESULTS.md by title, kept when only some benchmarks rerun."""
    try:
        text = RESULTS.read_text(encoding="utf-8")
    except OSError:
        return {}
    parts = text.split("\n## ")[1:]
    return {part.split("\n", 1)[0]: "## " + part.rstrip() + "\n" for part in parts}


def main(argv: list[str]) -> int:
    only = set(argv)
    kept = earlier_sections() if only else {}
    sections = [
        f"# Benchmark results\n\nOn {machine()}. Figures are medians (and p95 where stated) "
        "of one run; machines here are shared, so compare ratios within a run rather than "
        "across runs. Each section says when it ran.\n"
    ]
    failed = 0
    if not only:  # a whole run keeps the figures of the runs made on request
        kept = {k: v for k, v in earlier_sections().items() if k in _ON_REQUEST_TITLES}
    for name, (title, module, args) in [
        *((module.split(".")[-1], (title, module, args)) for title, module, args in BENCHMARKS),
        *ON_REQUEST.items(),
    ]:
        if (only and name not in only) or (not only and name in ON_REQUEST):
            if title in kept:
                sections.append(kept[title])
            continue
        if not (REPO / (module.replace(".", "/") + ".py")).exists():
            continue
        print(f"== {title} ({module})", file=sys.stderr, flush=True)
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", module, *args], cwd=REPO, capture_output=True, text=True
        )
        took = time.perf_counter() - start
        if done.returncode != 0:
            failed += 1
            body = f"failed (exit {done.returncode}):\n\n```\n{done.stderr[-2000:]}\n```"
        else:
            body = done.stdout.strip()
        print(body, flush=True)
        when = dt.datetime.now().isoformat(timespec="minutes")
        sections.append(f"## {title}\n\n{body}\n\n_(run {when}, took {took:.0f} s)_\n")
    RESULTS.write_text("\n".join(sections), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
