"""`serve --workers N`: processes over one home and one listening socket, evenly loaded."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from quotesdb.errors import InputError
from quotesdb.web.workers import accept_fairly, listener
from web_helpers import built_archive, start_server


def _workers_of(pid: int) -> list[int]:
    """The supervisor's worker processes (multiprocessing's resource tracker left out)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    found = []
    for child in map(int, children):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in command:
            found.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _started(home: Path) -> tuple[subprocess.Popen[bytes], str, list[int]]:
    process, base = start_server(home, "--workers", "2")
    for _ in range(100):
        workers = _workers_of(process.pid)
        if len(workers) == 2:
            return process, base, workers
        time.sleep(0.1)
    process.kill()
    raise AssertionError("two worker processes did not start")


def test_two_workers_share_the_archive(tmp_path: Path) -> None:
    home = tmp_path / "home"
    built_archive(home, None)
    process, base, workers = _started(home)
    try:
        with httpx.Client(base_url=base, timeout=60) as http:
            made = http.post("/api/quotes", json={"text": "Workers agree.", "speaker": "Wo Rker"})
            assert made.status_code == 201
            # New connections: whichever worker answers, its index has caught up.
            for _ in range(6):
                with httpx.Client(base_url=base, timeout=60) as fresh:
                    found = fresh.get("/api/search", params={"q": "workers agree"}).json()
                    assert [h["id"] for h in found["results"]] == [made.json()["id"]]
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert process.returncode == 0
    assert not any(_alive(pid) for pid in workers), "SIGTERM must stop every worker"


def test_a_dead_worker_stops_the_server_with_a_one_line_error(tmp_path: Path) -> None:
    home = tmp_path / "home"
    built_archive(home, None)
    process, _base, workers = _started(home)
    try:
        os.kill(workers[0], signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    stderr = process.stderr.read().decode() if process.stderr else ""
    assert process.returncode != 0
    assert "a server process stopped" in stderr and "Traceback" not in stderr
    assert not _alive(workers[1]), "the other worker must not be left serving alone"


def test_workers_take_turns_so_connections_are_shared_evenly() -> None:
    """Two accept loops on one socket, as two processes run them: each takes a connection
    only while the other serves as many, also after some of one's connections close."""

    async def run() -> list[list[int]]:
        sock = listener("127.0.0.1", 0)
        port = sock.getsockname()[1]
        counts = [0, 0]
        served: list[list[socket.socket]] = [[], []]

        def loop_of(me: int) -> asyncio.Task[None]:
            async def take(conn: socket.socket) -> None:
                served[me].append(conn)

            return asyncio.create_task(
                accept_fairly(sock, counts, me, lambda: len(served[me]), take)
            )

        async def connect(n: int) -> list[socket.socket]:
            clients = []
            for _ in range(n):
                clients.append(socket.create_connection(("127.0.0.1", port)))
                await asyncio.sleep(0.005)  # as clients come: each accept loop gets to run
            deadline = time.monotonic() + 10
            while sum(map(len, served)) < total + n and time.monotonic() < deadline:
                await asyncio.sleep(0.01)
            return clients

        tasks = [loop_of(0), loop_of(1)]
        total = 0
        clients = await connect(16)
        total = 16
        split = [len(served[0]), len(served[1])]
        for conn in served[0][:4]:  # four of the first worker's clients leave
            conn.close()
        del served[0][:4]
        total = 12
        clients += await connect(4)
        after = [len(served[0]), len(served[1])]
        for task in tasks:
            task.cancel()
        for conn in [*clients, *served[0], *served[1], sock]:
            conn.close()
        return [split, after]

    split, after = asyncio.run(run())
    assert sorted(split) == [8, 8], split
    assert after == [8, 8], after  # the new ones went to the worker that had fewer


def _connections_by_process(port: int, pids: list[int]) -> list[int]:
    """How many established TCP connections to `port` each process holds (from /proc)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01":
                inodes.add(fields[9])
    found = []
    for pid in pids:
        links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
        found.append(sum(link[8:-1] in inodes for link in links if link.startswith("socket:[")))
    return found


def test_sixteen_keep_alive_clients_are_served_eight_by_each_of_two_workers(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    built_archive(home, None)
    process, base, workers = _started(home)
    port = int(base.rsplit(":", 1)[1])
    try:
        clients = [httpx.Client(base_url=base, timeout=60) for _ in range(16)]
        for client in clients:  # one request each: every connection is open and served
            assert client.get("/api/search", params={"q": "sanctions"}).status_code == 200
        assert _connections_by_process(port, workers) == [8, 8]
        for client in clients:
            client.close()
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_port_already_serving_is_refused() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(InputError, match="already in use"):
            listener("127.0.0.1", port)
