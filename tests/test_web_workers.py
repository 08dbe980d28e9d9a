"""`serve --workers N`: processes over one home and one listening socket, evenly loaded."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import os
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest

from quotesdb.errors import InputError, QuotesdbError
from quotesdb.web.workers import (
    PROTOCOL_ARGUMENTS,
    accept_fairly,
    listener,
    serve_workers,
    uvicorn_changes,
)
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


@pytest.mark.slow  # end to end: real processes, lock waits
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
    """Two accept loops on one socket, each on an event loop of its own as in two worker
    processes: each takes a connection only while the other serves as many, also after
    some of one's clients leave (its count published then, as the server's protocol does)."""
    sock = listener("127.0.0.1", 0)
    port = sock.getsockname()[1]
    counts = [0, 0]
    served: list[list[socket.socket]] = [[], []]
    loops: list[tuple[asyncio.AbstractEventLoop, asyncio.Task[None]]] = []
    started = threading.Barrier(3)

    def worker(me: int) -> None:
        async def take(conn: socket.socket) -> None:
            served[me].append(conn)

        async def run() -> None:
            task = asyncio.current_task()
            assert task is not None
            loops.append((asyncio.get_running_loop(), task))
            started.wait()
            await accept_fairly(sock, counts, me, lambda: len(served[me]), take)

        with contextlib.suppress(asyncio.CancelledError):
            asyncio.run(run())

    threads = [threading.Thread(target=worker, args=(me,)) for me in (0, 1)]
    for thread in threads:
        thread.start()
    started.wait()
    clients: list[socket.socket] = []

    def connect(n: int, expected: int) -> list[int]:
        for _ in range(n):
            clients.append(socket.create_connection(("127.0.0.1", port)))
            time.sleep(0.005)  # as clients come
        deadline = time.monotonic() + 10
        while sum(map(len, served)) < expected and time.monotonic() < deadline:
            time.sleep(0.01)
        return [len(served[0]), len(served[1])]

    try:
        split = connect(16, 16)
        for conn in served[0][:4]:  # four of the first worker's clients leave
            conn.close()
        del served[0][:4]
        counts[0] = len(served[0])
        after = connect(4, 16)
    finally:
        for loop, task in loops:
            loop.call_soon_threadsafe(task.cancel)
        for thread in threads:
            thread.join(timeout=10)
        for conn in [*clients, *served[0], *served[1], sock]:
            conn.close()
    assert sorted(split) == [8, 8], split
    assert after == [8, 8], after  # the new ones went to the worker that had fewer


def _clients_by_process(port: int, pids: list[int]) -> list[set[int]]:
    """The client ports of the established connections to `port` each process serves,
    read from /proc (the kernel's socket tables and each process's open files)."""
    by_inode = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01":
                by_inode[fields[9]] = int(fields[2].rsplit(":", 1)[1], 16)
    found = []
    for pid in pids:
        links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
        inodes = [link[8:-1] for link in links if link.startswith("socket:[")]
        found.append({by_inode[inode] for inode in inodes if inode in by_inode})
    return found


def _served_client(port: int) -> socket.socket:
    """A keep-alive connection that has had one search answered."""
    client = socket.create_connection(("127.0.0.1", port), timeout=60)
    client.sendall(b"GET /api/search?q=sanctions HTTP/1.1\r\nHost: localhost\r\n\r\n")
    head = b""
    while b"\r\n\r\n" not in head:
        head += client.recv(65536)
    assert head.startswith(b"HTTP/1.1 200"), head[:80]
    return client


@pytest.mark.slow  # end to end: real processes, lock waits
def test_keep_alive_clients_are_shared_evenly_by_two_real_workers(tmp_path: Path) -> None:
    """16 clients served 8 and 8; when 4 of one worker's clients leave, the next 4 go to it."""
    home = tmp_path / "home"
    built_archive(home, None)
    process, base, workers = _started(home)
    port = int(base.rsplit(":", 1)[1])
    clients: list[socket.socket] = []
    try:
        clients = [_served_client(port) for _ in range(16)]
        served = _clients_by_process(port, workers)
        assert [len(ports) for ports in served] == [8, 8]
        leaving = [c for c in clients if c.getsockname()[1] in served[0]][:4]
        for client in leaving:
            clients.remove(client)
            client.close()
        time.sleep(0.5)  # the worker sees them go
        clients += [_served_client(port) for _ in range(4)]
        assert [len(ports) for ports in _clients_by_process(port, workers)] == [8, 8]
    finally:
        for client in clients:
            client.close()
        process.terminate()
        process.wait(timeout=30)


def test_a_port_already_serving_is_refused() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(InputError, match="already in use"):
            listener("127.0.0.1", port)


# The options `serve` gives uvicorn, and each HTTP protocol it may choose.
SERVE_OPTIONS = {"log_level": "warning", "server_header": False}


@pytest.mark.parametrize("http", ["auto", "h11", "httptools"])
def test_uvicorn_still_has_what_the_fair_server_builds_on(http: str) -> None:
    """The names `--workers` takes from uvicorn's insides (Server.startup/shutdown's
    `sockets`, `server_state.connections`, `lifespan.state`, `should_exit`, and the
    protocol's `config, server_state, app_state, _loop`): an upgrade that moves any of
    them fails here, naming it, before a user meets it."""
    import uvicorn

    changed = uvicorn_changes({**SERVE_OPTIONS, "http": http})
    assert not changed, f"uvicorn {uvicorn.__version__} changed: {changed}"
    server = inspect.signature(uvicorn.Server.startup).parameters
    assert list(server) == ["self", "sockets"], server
    protocol = uvicorn.Config(lambda: None, http=http, log_config=None)
    protocol.load()
    arguments = inspect.signature(protocol.http_protocol_class).parameters
    assert tuple(arguments) == PROTOCOL_ARGUMENTS, arguments


class _MovedProtocol(asyncio.Protocol):
    """A protocol as a later uvicorn might make it: its arguments renamed."""

    def __init__(self, config: object, state: object, loop: object) -> None:
        pass


def test_a_uvicorn_that_moved_them_is_refused_in_one_line() -> None:
    sock = listener("127.0.0.1", 0)
    options = {**SERVE_OPTIONS, "http": _MovedProtocol}
    with pytest.raises(QuotesdbError) as refused:
        serve_workers(None, {}, sock, 2, options)  # type: ignore[arg-type]
    message = str(refused.value)
    assert "--workers 1" in message and "\n" not in message
    assert "takes no server_state, app_state, _loop" in message
    assert "needs state, loop too" in message
    assert sock.fileno() == -1, "the listening socket is closed"
