"""Shared set-up for the web tests: an archive built by the real CLI, and the app over it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from conftest import Cli, seeded_archive

# What a browser on this machine sends as Host: the app answers nothing else by default.
LOCAL = "http://127.0.0.1"


def built_archive(home: Path, url: str | None) -> Cli:
    """The seed articles' archive (see `seeded_archive`: copied on SQLite, not re-ingested)."""
    return seeded_archive(home, url)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(home: Path, *args: str) -> tuple[subprocess.Popen[bytes], str]:
    """A real `quotesdb serve` process on a free port, once it accepts connections."""
    import os
    import socket
    import sys
    import time

    from conftest import REPO

    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "QUOTESDB_TOKEN"}
    command = [sys.executable, "-m", "quotesdb", "--home", str(home), "serve"]
    process = subprocess.Popen(
        [*command, "--port", str(port), *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, f"http://127.0.0.1:{port}"
        except OSError:
            if process.poll() is not None:
                stderr = process.stderr.read().decode() if process.stderr else ""
                raise AssertionError(f"the server stopped: {stderr}") from None
            time.sleep(0.1)
    process.terminate()
    raise AssertionError("the server did not start in 30 s")


ARTICLE_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Bridge opening delayed | The Riverside Courier</title>
<meta property="og:site_name" content="The Riverside Courier">
<meta name="author" content="Tomasz Lindqvist">
<meta property="article:published_time" content="2024-04-02"></head>
<body><article><h1>Bridge opening delayed</h1>
<p>The new footbridge over the Arlen will open in June, three months late, the city said.</p>
<p>“We found cracks in two of the piers and would not open a bridge we do not trust,” said
Marta Kowalczyk, the city's transport director.</p>
<p>Shop owners near the crossing were unhappy. “Every month without the bridge costs us
customers,” said Idris Okonjo, who runs a bakery on Mill Street.</p>
<p>The contractor blamed the weather. Its spokesman put it this way: the river simply did not
cooperate this winter.</p>
</article></body></html>"""


def serve_page(html: str) -> tuple[object, str]:
    """A local web server with one article page; (server, its URL). Stop with .shutdown()."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = html.encode()
            self.send_response(200)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/2024/bridge"
