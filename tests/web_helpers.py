"""Shared set-up for the web tests: an archive built by the real CLI, and the app over it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from conftest import SEEDS, Cli

# What a browser on this machine sends as Host: the app answers nothing else by default.
LOCAL = "http://127.0.0.1"


def built_archive(home: Path, url: str | None) -> Cli:
    cli = Cli(home, url)
    done = cli("ingest", str(SEEDS))
    assert done.exit_code == 0, done.output
    return cli


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
