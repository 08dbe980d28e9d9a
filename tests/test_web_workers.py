"""`serve --workers N`: processes over one home, each with its own listening socket."""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from quotesdb.errors import InputError
from quotesdb.web.workers import listeners
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


def test_each_worker_listens_on_its_own_socket_and_all_get_connections() -> None:
    sockets = listeners("127.0.0.1", 0, 2)
    try:
        ports = {sock.getsockname()[1] for sock in sockets}
        assert len(ports) == 1  # port 0: one free port, shared
        port = ports.pop()
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(40)]
        accepted = [0, 0]
        deadline = time.monotonic() + 10
        while sum(accepted) < len(clients) and time.monotonic() < deadline:
            ready, _, _ = select.select(sockets, [], [], 1)
            for sock in ready:
                sock.accept()[0].close()
                accepted[sockets.index(sock)] += 1
        for client in clients:
            client.close()
        assert sum(accepted) == 40
        # The kernel spreads connections by their ports: all 40 on one is 1 in 2**39.
        assert min(accepted) > 0, accepted
    finally:
        for sock in sockets:
            sock.close()


def test_a_port_already_serving_is_refused() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(InputError, match="already in use"):
            listeners("127.0.0.1", port, 2)
