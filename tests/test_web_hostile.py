"""Hostile requests against a real `quotesdb serve`: another Host (DNS rebinding), another
Origin, a huge body, a client that leaves mid-request."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from conftest import Cli
from web_helpers import built_archive, start_server

QUOTE = {"text": "Rebinding never writes here.", "speaker": "Ines Hostname"}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    return built_archive(Path(tmp_path_factory.mktemp("hostile-web")) / "home", None)


@pytest.fixture()
def server(archive: Cli) -> Iterator[str]:
    process, url = start_server(archive.home)
    yield url
    process.terminate()
    process.wait(timeout=30)


def _found(url: str, words: str) -> int:
    total: int = httpx.get(f"{url}/api/search", params={"q": words}).json()["total"]
    return total


def test_a_request_for_another_host_is_refused(server: str) -> None:
    port = urlsplit(server).port
    for host in ("attacker.example", f"attacker.example:{port}", f"localhost:{port + 1}"):
        made = httpx.post(f"{server}/api/quotes", json=QUOTE, headers={"Host": host})
        assert made.status_code == 400, host
        assert "host" in made.json()["error"]
        assert httpx.get(f"{server}/", headers={"Host": host}).status_code == 400
    assert _found(server, "rebinding") == 0
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"):
        assert httpx.get(f"{server}/api/search", headers={"Host": host}).status_code == 200


def test_a_write_from_another_origin_is_refused(server: str) -> None:
    for origin in ("http://attacker.example", "null", "http://127.0.0.1.attacker.example"):
        made = httpx.post(f"{server}/api/quotes", json=QUOTE, headers={"Origin": origin})
        assert made.status_code == 403, origin
    assert _found(server, "rebinding") == 0
    mine = httpx.post(f"{server}/api/quotes", json=QUOTE, headers={"Origin": server})
    assert mine.status_code == 201
    # A read from anywhere is answered: the browser keeps its body from the other site.
    read = httpx.get(f"{server}/api/search", headers={"Origin": "http://attacker.example"})
    assert read.status_code == 200


def test_an_added_name_is_answered(archive: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTESDB_ALLOWED_HOSTS", "quotes.example.org")
    process, url = start_server(archive.home, "--allow-host", "desk.example.org")
    try:
        for host in ("quotes.example.org", "desk.example.org", "attacker.example"):
            answer = httpx.get(f"{url}/api/search", headers={"Host": host})
            assert answer.status_code == (400 if host == "attacker.example" else 200), host
    finally:
        process.terminate()
        process.wait(timeout=30)


def _raw(url: str, head: str, body: bytes = b"", close: bool = False) -> bytes:
    parts = urlsplit(url)
    assert parts.hostname and parts.port
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(head.replace("\n", "\r\n").encode() + b"\r\n" + body)
        if close:
            return b""
        answer = b""
        while b"\r\n\r\n" not in answer:
            got = sock.recv(65536)
            if not got:
                break
            answer += got
        return answer


def test_a_huge_body_is_refused_before_it_is_read(server: str) -> None:
    host = urlsplit(server).netloc
    head = (
        f"POST /api/quotes HTTP/1.1\nHost: {host}\nContent-Type: application/json\n"
        f"Content-Length: {300 * 2**20}\n"
    )
    answer = _raw(server, head, b'{"text": "')  # 300 MB promised, a few bytes sent
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


def test_a_streamed_body_past_the_limit_is_refused(
    archive: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUOTESDB_MAX_BODY_BYTES", "100000")
    process, url = start_server(archive.home)
    try:

        def chunks() -> Iterator[bytes]:
            yield b'{"speaker": "Big Body", "text": "'
            for _ in range(50):
                yield b"x" * 10_000
            yield b'"}'

        made = httpx.post(
            f"{url}/api/quotes", content=chunks(), headers={"Content-Type": "application/json"}
        )
        assert made.status_code == 413
        assert "QUOTESDB_MAX_BODY_BYTES" in made.json()["error"]
        small = httpx.post(f"{url}/api/quotes", json={"speaker": "Small Body", "text": "Fits."})
        assert small.status_code == 201
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_client_leaving_mid_request_is_no_crash(archive: Cli) -> None:
    process, url = start_server(archive.home)
    host = urlsplit(url).netloc
    head = (
        f"POST /api/quotes HTTP/1.1\nHost: {host}\nContent-Type: application/json\n"
        "Content-Length: 5000\n"
    )
    try:
        for _ in range(3):
            _raw(url, head, json.dumps(QUOTE).encode()[:20], close=True)
        assert httpx.get(f"{url}/api/search", params={"q": "x"}).status_code == 200
    finally:
        process.terminate()
        _out, err = process.communicate(timeout=30)
    log = err.decode()
    assert "Traceback" not in log and "error on POST" not in log, log[-2000:]
