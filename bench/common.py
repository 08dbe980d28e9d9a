"""Timing helpers shared by the benchmarks: medians and percentiles from one run."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
QUOTESDB = [sys.executable, "-m", "quotesdb"]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}, " + (
        f"Python {platform.python_version()}"
    )


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def time_calls(fn: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def time_process(args: Sequence[str], repeat: int, env: dict[str, str] | None = None) -> float:
    """Median wall time of a whole process, start-up included."""
    full_env = {**os.environ, **(env or {})}

    def run() -> None:
        subprocess.run(args, capture_output=True, check=True, env=full_env, cwd=REPO)

    run()  # warm the file cache
    return statistics.median(time_calls(run, repeat))


def process_times(args: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """One run of a whole process: its CPU time (user + system, from its own rusage) and
    its wall time, in seconds."""
    started = time.perf_counter()
    child = subprocess.Popen(
        args,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
        cwd=REPO,
    )
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if code := os.waitstatus_to_exitcode(status):
        raise subprocess.CalledProcessError(code, list(args))
    return usage.ru_utime + usage.ru_stime, wall


# Runs a module as `python -m` would and reports its VmHWM at exit. VmHWM belongs to the
# program image and starts afresh at exec; a forked child's ru_maxrss would instead count
# the parent's pages (a benchmark holding a million quotes).
_PEAK_PROBE = """
import atexit, runpy, sys
def report():
    for line in open('/proc/self/status'):
        if line.startswith('VmHWM'):
            sys.stderr.write('\\nVmHWM ' + line.split()[1] + '\\n')
atexit.register(report)
sys.argv = sys.argv[1:]
runpy.run_module(sys.argv[0], run_name='__main__', alter_sys=True)
"""


def peak_mb(module: str, args: Sequence[str]) -> float | None:
    """Peak resident memory of one `python -m module args…` run, in MB (None off Linux)."""
    done = subprocess.run(
        [sys.executable, "-c", _PEAK_PROBE, module, *args],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    found = [line for line in done.stderr.splitlines() if line.startswith("VmHWM")]
    return int(found[-1].split()[1]) / 1024 if found else None
