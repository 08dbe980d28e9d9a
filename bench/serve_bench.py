"""`quotesdb serve` under load: search at 100k quotes, 16 concurrent clients, vs the CLI.

The archive is the search benchmark's synthetic one; the server runs as a real process on
a free port. The load generator is lean on purpose (asyncio streams writing raw HTTP/1.1
over keep-alive connections, ~0.1 ms of CPU a request), since it shares the machine's
cores with the server: httpx cost as much CPU per request as a cached answer. Every
connection is opened and used before timing starts.

Set-ups, from the same query mix: one process without the search cache, one process a
core without it (no answer remembered: the cold figure), and one process a core with it
(each process searches a query the first time it sees it and remembers it until the
archive changes); one process with the cache, run twice: the second run is what popular
searches cost once remembered, not what a new search costs; and one process a core
without the cache over searches none of which is asked twice.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench.common import QUOTESDB, REPO, percentile, time_process
from bench.search_bench import make_archive, query_set

SIZE = int(os.environ.get("SERVE_BENCH_SIZE", "100000"))
CLIENTS = 16
CORES = os.cpu_count() or 1
PER_CLIENT = 60
WARM_UP = 4  # requests on each connection before timing


def _params(p: dict[str, Any]) -> dict[str, str]:
    names = {"words": "q", "expert": "expert", "topic": "topic", "since": "since", "until": "until"}
    return {names[k]: str(v) for k, v in p.items()}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> bool:
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    await reader.readexactly(length)
    return head[9:12] == b"200"


async def _load(port: int, queries: list[dict[str, str]]) -> tuple[list[float], float, int]:
    requests = [
        f"GET /api/search?{urlencode(q)} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode()
        for q in queries
    ]
    connections = [await asyncio.open_connection("127.0.0.1", port) for _ in range(CLIENTS)]
    for n, (reader, writer) in enumerate(connections):
        for i in range(WARM_UP):  # from the end: a list of new searches keeps its own new
            await _get(reader, writer, requests[-1 - (n * WARM_UP + i) % len(requests)])
    times: list[float] = []
    errors = 0

    async def client(n: int) -> None:
        nonlocal errors
        reader, writer = connections[n]
        for i in range(PER_CLIENT):
            request = requests[(n * PER_CLIENT + i * 7) % len(requests)]
            begin = time.perf_counter()
            ok = await _get(reader, writer, request)
            times.append(time.perf_counter() - begin)
            errors += not ok

    begin = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(CLIENTS)))
    wall = time.perf_counter() - begin
    for _reader, writer in connections:
        writer.close()
    return times, wall, errors


def _measure(port: int, queries: list[dict[str, str]]) -> dict[str, Any]:
    """One timed load on a server's port: requests, errors, rate and latencies."""
    times, wall, errors = asyncio.run(_load(port, queries))
    return {
        "requests": len(times),
        "errors": errors,
        "rps": len(times) / wall,
        "p50_ms": statistics.median(times) * 1000,
        "p95_ms": percentile(times, 0.95) * 1000,
    }


def _serve(
    home: Path, queries: list[dict[str, str]], workers: int, cache: int
) -> list[dict[str, Any]]:
    """One run of the load; with the cache in one process, a second once it knows them all.

    (With several processes a second run is no such thing: its new connections land on
    other processes than the first run's did, which have not seen their searches.)"""
    port = _free_port()
    command = [*QUOTESDB, "--home", str(home), "serve", "--port", str(port)]
    options = ["--workers", str(workers), "--search-cache", str(cache)]
    server = subprocess.Popen(
        [*command, *options], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        _wait_for(port)
        found = []
        for second in (False, True) if cache and workers == 1 else (False,):
            found.append(
                {**_measure(port, queries), "workers": workers, "cache": cache, "second": second}
            )
    finally:
        server.terminate()
        server.wait(timeout=60)
    return found


_PROXY_CONFIG = """global
    maxconn 4096
defaults
    mode http
    option http-keep-alive
    timeout connect 5s
    timeout client 120s
    timeout server 120s
frontend search
    bind 127.0.0.1:{port}
    default_backend servers
backend servers
    balance leastconn
{servers}
"""


def _wait_for(port: int) -> None:
    for _ in range(600):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)


def _serve_proxied(
    home: Path, queries: list[dict[str, str]], processes: int
) -> list[dict[str, Any]]:
    """The standard recipe instead of `--workers`: one `quotesdb serve` process a core, each
    on its own port, behind HAProxy balancing each request to the server with the fewest
    in flight (`balance leastconn`). None when HAProxy is not installed."""
    haproxy = shutil.which("haproxy")
    if haproxy is None:
        return []
    ports = [_free_port() for _ in range(processes)]
    servers = [
        subprocess.Popen(
            [*QUOTESDB, "--home", str(home), "serve", "--port", str(p), "--search-cache", "0"],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for p in ports
    ]
    front = _free_port()
    with tempfile.NamedTemporaryFile("w", suffix=".cfg", delete=False) as cfg:
        lines = "\n".join(f"    server s{n} 127.0.0.1:{p}" for n, p in enumerate(ports))
        cfg.write(_PROXY_CONFIG.format(port=front, servers=lines))
    proxy = subprocess.Popen(
        [haproxy, "-db", "-f", cfg.name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        for port in (*ports, front):
            _wait_for(port)
        measured = _measure(front, queries)
        return [{**measured, "workers": processes, "cache": 0, "second": False, "proxy": True}]
    finally:
        for process in (proxy, *servers):
            process.terminate()
        for process in (proxy, *servers):
            process.wait(timeout=60)
        os.unlink(cfg.name)


def _all_new(quotes: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Searches of the same mix, none asked twice: what searches no process has seen cost
    (as many as `_load` reaches: timed requests up to its highest index, warm-ups from the
    end, so that none repeats another)."""
    needed = (CLIENTS - 1) * PER_CLIENT + (PER_CLIENT - 1) * 7 + 1 + CLIENTS * WARM_UP
    found: dict[str, dict[str, str]] = {}
    seed = 100
    while len(found) < needed:
        for _kind, p in query_set(quotes, random.Random(seed)):
            found.setdefault(urlencode(_params(p)), _params(p))
        seed += 1
    return list(found.values())


def run() -> dict[str, Any]:
    from quotesdb.config import resolve
    from quotesdb.index.sync import SyncReport, rebuild
    from quotesdb.search.source import Source

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        quotes = make_archive(home / "quotesdb.sqlite3", SIZE)
        queries = [_params(p) for _kind, p in query_set(quotes, random.Random(5))]
        new_searches = _all_new(quotes)
        first_words = queries[0]["q"]
        del quotes
        settings = resolve(home, None)
        source = Source(settings)
        rebuild(settings, source, SyncReport())
        source.close()
        setups = ((1, 0), (CORES, 0), (CORES, 256), (1, 256))
        runs = [run for w, c in setups for run in _serve(home, queries, w, c)]
        for run_ in _serve(home, new_searches, CORES, 0):
            runs.append({**run_, "new": True})
        proxied = _serve_proxied(home, queries, CORES)
        runs += proxied
        cli = time_process([*QUOTESDB, "--home", str(home), "search", first_words, "--json"], 5)
    return {
        "runs": runs,
        "distinct": len(queries),
        "cli_ms": cli * 1000,
        "proxy": bool(proxied),
    }


def report(r: dict[str, Any]) -> str:
    runs = r["runs"]
    lines = [
        f"`quotesdb serve` at {SIZE:,} quotes on {CORES} cores, {CLIENTS} concurrent "
        f"keep-alive clients over loopback, {runs[0]['requests']} timed searches a set-up "
        f"from the search benchmark's query mix ({r['distinct']} distinct searches, each "
        f"asked ~{runs[0]['requests'] / r['distinct']:.1f} times); errors: "
        f"{sum(x['errors'] for x in runs)}. Target: p95 ≤ 50 ms.",
        "",
        "| set-up | requests/s | p50 | p95 | target |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for x in runs:
        cache = f"search cache {x['cache']}" if x["cache"] else "no search cache"
        if x["second"]:
            cache += ", the same searches again (all remembered)"
        if x.get("new"):
            cache += ", every search new (none asked twice)"
        met = "met" if x["p95_ms"] <= 50 else "missed"
        setup = f"`--workers {x['workers']}`"
        if x.get("proxy"):
            setup = f"{x['workers']} × `serve` (one process each) behind HAProxy `leastconn`"
        lines.append(
            f"| {setup}, {cache} | {x['rps']:.0f} | {x['p50_ms']:.1f} ms "
            f"| {x['p95_ms']:.1f} ms | {met} |"
        )
    lines += [
        "",
        '"No search cache" remembers no answers; each process still keeps what its searcher '
        "worked out (filters' documents, words' scores) for later searches until the archive "
        "changes, so a search asked again, or sharing a word or filter with an earlier one, "
        "costs less. The last set-up asks none twice.",
        "",
        f"A `quotesdb search --json` process, one query: {r['cli_ms']:.0f} ms.",
    ]
    if not r["proxy"]:
        lines += ["", "(HAProxy is not installed: the standard recipe's row was not run.)"]
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(run()))
    sys.exit(0)
