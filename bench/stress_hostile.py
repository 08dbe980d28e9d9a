"""`make stress`, third part: hostile inputs against a real server and the real CLI.

Seeded and bounded (`rounds` of each kind), on the archive the kill trials left:
- requests to a running `quotesdb serve`: another Host (DNS rebinding), another Origin,
  a 300 MB body promised, a client leaving mid-body, random JSON bodies of any shape
  and type, `javascript:` URLs, escape sequences; between them, searches (reads) that
  must all answer 200;
- `import` of random records of wrong types, NULs, lone surrogates, huge numbers,
  `data:` URLs, mixed with good ones: it must end 0 with warnings, never a traceback;
- `ingest URL` from a local server that drips a byte at a time or sends a double-gzip
  bomb: one line each, in bounded time;
- terminal output of stored escape sequences: none may come out raw.

Every answer is counted: a 2xx or a 4xx the case expects is held; a 500, a traceback, a
raw escape sequence or an unexpected status is a crash. Afterwards `check` must agree.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import socket
import subprocess
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from bench.common import REPO

if TYPE_CHECKING:
    from bench.stress import Archive, Tally

ESCAPES = ["\x1b]52;c;cHduZWQ=\x07", "\x1b[2J", "\x1b]8;;https://x.example/\x07", "\x9b31m"]
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _value(rng: random.Random) -> Any:
    """Any JSON value a hostile client might send where text is wanted."""
    kind = rng.randrange(9)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([10**30, -(2**63), 7, 1e308, True])
    if kind == 2:
        return [rng.choice("abc") for _ in range(rng.randrange(4))]
    if kind == 3:
        return {"nested": rng.choice(["x", 1, None])}
    if kind == 4:
        return rng.choice(["javascript:alert(1)", "data:text/html,x", "https://ok.example/a"])
    if kind == 5:
        return f"Hostile{rng.choice(ESCAPES)} words {rng.randrange(10**6)}."
    if kind == 6:
        return "A\u200bnna \u202eSmith"
    if kind == 7:
        return "x" * rng.choice([0, 301, 1001, 20_000])
    return f"Plain hostile remark {rng.randrange(10**6)}."


class _Server:
    """`quotesdb serve` over the archive, on a free port, for one round of requests."""

    def __init__(self, archive: Archive) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # The log goes to a file: a pipe nobody reads fills up and stalls the server.
        self.log = archive.root / f"serve-{self.port}.log"
        with self.log.open("w") as log:
            self.proc = subprocess.Popen(
                archive.command("serve", "--port", str(self.port)),
                cwd=REPO,
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start")

    def stop(self) -> str:
        self.proc.terminate()
        self.proc.wait(timeout=60)
        return self.log.read_text(encoding="utf-8", errors="replace")


def _raw(port: int, head: str, body: bytes, *, answer: bool) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(head.replace("\n", "\r\n").encode() + b"\r\n" + body)
        return sock.recv(200) if answer else b""


class _Dropped:
    """What a request got when the server dropped it: counted as a crash (599)."""

    status_code = 599
    text = ""


class _Http:
    """httpx with a patient timeout (the first search after the kill trials may rebuild);
    a dropped connection is an answer too, a wrong one."""

    def __init__(self) -> None:
        import httpx

        self.client = httpx.Client(timeout=60)
        self.error = httpx.HTTPError

    def post(self, url: str, **options: Any) -> Any:
        try:
            return self.client.post(url, **options)
        except self.error:
            return _Dropped()

    def get(self, url: str, **options: Any) -> Any:
        try:
            return self.client.get(url, **options)
        except self.error:
            return _Dropped()


def web_round(archive: Archive, tally: Tally, rng: random.Random) -> None:
    archive.run("search", "warm", timeout=600)  # the index caught up before the server starts
    server = _Server(archive)
    httpx = _Http()
    try:
        host = f"127.0.0.1:{server.port}"

        def expect(what: str, status: int, allowed: set[int]) -> None:
            tally.hostile += 1
            if status >= 500 or status not in allowed:
                tally.fail("crashes", f"{what}: HTTP {status}")
            elif status >= 400:
                tally.errors += 1
            else:
                tally.writes += 1

        quote = {"text": f"Rebound {rng.randrange(10**6)}.", "speaker": "Stress Host"}
        for header in ({"Host": "attacker.example"}, {"Host": f"localhost:{server.port + 1}"}):
            got = httpx.post(f"{server.url}/api/quotes", json=quote, headers=header)
            expect(f"POST with {header}", got.status_code, {400})
        got = httpx.post(f"{server.url}/api/quotes", json=quote, headers={"Origin": "null"})
        expect("POST from Origin null", got.status_code, {403})
        head = f"POST /api/quotes HTTP/1.1\nHost: {host}\nContent-Type: application/json\n"
        status = _raw(server.port, head + f"Content-Length: {300 * 2**20}\n", b"{", answer=True)
        expect("a 300 MB body", int(status[9:12] or b"0"), {413})
        _raw(server.port, head + "Content-Length: 900\n", b'{"text": "gone', answer=False)
        tally.hostile += 1
        for _ in range(20):
            body = {k: _value(rng) for k in ("text", "speaker", "url", "title", "topics")}
            if rng.random() < 0.3:
                body = _value(rng)
            got = httpx.post(f"{server.url}/api/quotes", json=body)
            expect(f"POST {str(body)[:80]!r}", got.status_code, {201, 400, 404, 409})
            for _ in range(3):
                words = rng.choice(["hostile", "remark", "Smith", "words", "rebound"])
                read = httpx.get(f"{server.url}/api/search", params={"q": words})
                tally.reads += 1
                if read.status_code != 200:
                    tally.fail("crashes", f"search {words!r} after writes: HTTP {read.status_code}")
                elif "javascript:" in read.text or "data:text" in read.text:
                    tally.fail("crashes", "a script URL came back in search results")
    finally:
        log = server.stop()
    if "Traceback" in log or "error on " in log:
        tally.fail("crashes", f"server log: {log[-300:]}")


def import_round(archive: Archive, tally: Tally, rng: random.Random) -> None:
    path = archive.root / f"hostile-{rng.randrange(10**9)}.jsonl"
    lines = [json.dumps({"format": "quotesdb/1"})]
    for n in range(200):
        record = {"type": "quote", "speaker": f"Hostile Voice{n % 7}", "text": f"Good {n}."}
        if rng.random() < 0.5:
            record[rng.choice(["text", "speaker", "start", "confidence", "topics"])] = _value(rng)
        line = json.dumps(record)
        if rng.random() < 0.05:
            line = line.replace('"Good', '"\\ud800Good', 1)  # a lone surrogate
        if rng.random() < 0.03:
            line = line[:-1] + ', "group": ' + "9" * 5000 + "}"
        lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = archive.run("import", "--quiet", "--json", str(path))
    tally.hostile += 200
    if "Traceback" in done.stderr or done.returncode not in (0, 1):
        tally.fail("crashes", f"hostile import: {done.stderr[-300:]}")
        return
    if done.returncode == 1:  # a length limit stops an import, in one line
        tally.errors += 1
        return
    summary = json.loads(done.stdout)
    tally.writes += summary["quotes_added"]
    tally.errors += summary["refused"]


def _bomb() -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    parts = [packer.compress(bytes(2**20)) for _ in range(256)]
    return gzip.compress(b"".join([*parts, packer.flush()]))


class _Hostile(BaseHTTPRequestHandler):
    bomb = b""

    def log_message(self, *_args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        if self.path == "/bomb":
            self.send_header("Content-Encoding", "gzip, gzip")
            self.send_header("Content-Length", str(len(self.bomb)))
            self.end_headers()
            self.wfile.write(self.bomb)
            return
        self.send_header("Content-Length", "600")
        self.end_headers()
        try:
            for _ in range(600):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.01)
        except OSError:
            pass


def fetch_round(archive: Archive, tally: Tally) -> None:
    _Hostile.bomb = _Hostile.bomb or _bomb()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        import os

        env_before = os.environ.get("QUOTESDB_FETCH_TIMEOUT")
        os.environ["QUOTESDB_FETCH_TIMEOUT"] = "1"
        try:
            done = archive.run("ingest", f"{base}/bomb", f"{base}/drip", timeout=60)
        finally:
            if env_before is None:
                os.environ.pop("QUOTESDB_FETCH_TIMEOUT")
            else:
                os.environ["QUOTESDB_FETCH_TIMEOUT"] = env_before
    finally:
        httpd.shutdown()
    tally.hostile += 2
    failed = [line for line in done.stderr.splitlines() if "failed" in line or "error" in line]
    if "Traceback" in done.stderr or done.returncode != 1 or not failed:
        tally.fail("crashes", f"hostile ingest: exit {done.returncode}: {done.stderr[-300:]}")
    else:
        tally.errors += 2


def terminal_round(archive: Archive, tally: Tally, _rng: random.Random) -> None:
    for args in (("search", "hostile"), ("search", "hostile", "--cite"), ("experts",)):
        done = archive.run(*args)
        tally.reads += 1
        tally.hostile += 1
        if RAW_CONTROL.search(done.stdout + done.stderr) or "Traceback" in done.stderr:
            tally.fail("crashes", f"{' '.join(args)}: raw control characters or a traceback")


def run_hostile(archive: Archive, tally: Tally, rng: random.Random, rounds: int) -> None:
    import sys

    from bench.stress import _check_index

    for n in range(rounds):
        for step in (web_round, import_round, terminal_round):
            print(f"hostile round {n + 1}: {step.__name__}", file=sys.stderr, flush=True)
            step(archive, tally, rng)
    print("hostile: fetch_round", file=sys.stderr, flush=True)
    fetch_round(archive, tally)
    _check_index(archive, tally)
