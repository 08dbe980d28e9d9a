"""`quotesdb serve` under load: search at 100k quotes, 16 concurrent clients, vs the CLI.

The archive is the search benchmark's synthetic one; the server runs as a real process
(uvicorn) on a free port and an asyncio httpx load generator sends the search
benchmark's query mix over loopback, a bounded number of requests per client.
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import QUOTESDB, REPO, percentile, time_process
from bench.search_bench import make_archive, query_set

SIZE = int(os.environ.get("SERVE_BENCH_SIZE", "100000"))
CLIENTS = 16
WORKERS = int(os.environ.get("SERVE_BENCH_WORKERS", "1"))
PER_CLIENT = 40
WARM_UP = 60


def _params(p: dict[str, Any]) -> dict[str, str]:
    names = {"words": "q", "expert": "expert", "topic": "topic", "since": "since", "until": "until"}
    return {names[k]: str(v) for k, v in p.items()}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def _load(base: str, queries: list[dict[str, str]]) -> tuple[list[float], float, int]:
    import httpx

    times: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as http:
        for params in queries[:WARM_UP]:  # untimed: lazy imports and caches, as a server has
            await http.get("/api/search", params=params)

        async def client(n: int) -> None:
            nonlocal errors
            for i in range(PER_CLIENT):
                params = queries[(n * PER_CLIENT + i) % len(queries)]
                begin = time.perf_counter()
                response = await http.get("/api/search", params=params)
                times.append(time.perf_counter() - begin)
                errors += response.status_code != 200

        begin = time.perf_counter()
        await asyncio.gather(*(client(n) for n in range(CLIENTS)))
        wall = time.perf_counter() - begin
    return times, wall, errors


def run() -> dict[str, Any]:
    from quotesdb.config import resolve
    from quotesdb.index.source import Source
    from quotesdb.index.sync import SyncReport, rebuild

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        quotes = make_archive(home / "quotesdb.sqlite3", SIZE)
        queries = [_params(p) for _kind, p in query_set(quotes, random.Random(5))]
        first_words = queries[0]["q"]
        del quotes
        settings = resolve(home, None)
        source = Source(settings)
        rebuild(settings, source, SyncReport())
        source.close()
        port = _free_port()
        server = subprocess.Popen(
            [
                *QUOTESDB,
                "--home",
                str(home),
                "serve",
                "--port",
                str(port),
                "--workers",
                str(WORKERS),
            ],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(600):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            times, wall, errors = asyncio.run(_load(f"http://127.0.0.1:{port}", queries))
        finally:
            server.terminate()
            server.wait(timeout=60)
        cli = time_process([*QUOTESDB, "--home", str(home), "search", first_words, "--json"], 5)
    return {
        "requests": len(times),
        "errors": errors,
        "rps": len(times) / wall,
        "p50_ms": statistics.median(times) * 1000,
        "p95_ms": percentile(times, 0.95) * 1000,
        "cli_ms": cli * 1000,
    }


def report(r: dict[str, Any]) -> str:
    met = "met" if r["p95_ms"] <= 50 else "missed"
    return "\n".join(
        [
            f"`quotesdb serve --workers {WORKERS}` at {SIZE:,} quotes, {CLIENTS} concurrent "
            f"clients over loopback, {r['requests']} timed searches (the search benchmark's "
            f"query mix, {WARM_UP} untimed first); {r['errors']} errors.",
            "",
            "| what | figure | target |",
            "| --- | ---: | ---: |",
            f"| requests/s | {r['rps']:.0f} | — |",
            f"| latency p50 | {r['p50_ms']:.1f} ms | — |",
            f"| latency p95 | {r['p95_ms']:.1f} ms | ≤ 50 ms ({met}) |",
            f"| `quotesdb search --json` process, one query | {r['cli_ms']:.0f} ms | — |",
        ]
    )


if __name__ == "__main__":
    print(report(run()))
    sys.exit(0)
