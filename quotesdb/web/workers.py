"""`serve --workers N`: N server processes, each accepting on a listening socket of its own.

uvicorn's own workers share one listening socket, and whichever process wakes first takes
the connection: under keep-alive, 16 clients all landed on one worker of two and the other
sat idle. Each worker here listens on its own socket bound with SO_REUSEPORT, and the
kernel spreads new connections across them. Without SO_REUSEPORT (not Linux or a BSD)
`serve` falls back to uvicorn's shared socket.

This process only supervises: it stops every worker on SIGTERM or Ctrl-C, and all of them
when one dies, so a half-running server never goes unnoticed.
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
from multiprocessing.connection import wait
from typing import Any

from quotesdb.config import Settings
from quotesdb.errors import InputError, QuotesdbError

BACKLOG = 2048


def can_share_port() -> bool:
    return hasattr(socket, "SO_REUSEPORT")


def listeners(host: str, port: int, count: int) -> list[socket.socket]:
    """`count` listening sockets on one address; port 0 picks a free port for all of them.

    SO_REUSEPORT would also let a second server by the same user join the port unnoticed
    and get half the requests for another archive, so a port that answers is refused.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    if port:
        try:
            socket.create_connection((host, port), timeout=0.5).close()
        except OSError:
            pass
        else:
            raise InputError(f"{host}:{port} is already in use by another server")
    found: list[socket.socket] = []
    try:
        for _ in range(count):
            sock = socket.socket(family, socket.SOCK_STREAM)
            found.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.bind((host, port))
            port = sock.getsockname()[1]
            sock.listen(BACKLOG)
    except OSError as exc:
        for sock in found:
            sock.close()
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return found


def serve_workers(
    settings: Settings,
    app_options: dict[str, Any],
    sockets: list[socket.socket],
    options: dict[str, Any],
) -> None:
    """One worker process a socket, each running `create_app(settings, **app_options)` under
    uvicorn with `options`, until a signal (or a worker's death) stops them all."""
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: no inherited threads
    processes = [
        context.Process(
            target=_worker, args=(settings, app_options, sock, options), name=f"quotesdb-web-{n}"
        )
        for n, sock in enumerate(sockets)
    ]
    stopping = False

    def stop(_signum: int = 0, _frame: Any = None) -> None:
        nonlocal stopping
        stopping = True
        for process in processes:
            if process.is_alive():
                process.terminate()

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        for process in processes:
            process.start()
        for sock in sockets:  # each worker holds its own copy now
            sock.close()
        while any(p.exitcode is None for p in processes):
            # A timeout as well: exit codes are looked at again even if a wake-up is missed.
            wait([p.sentinel for p in processes if p.exitcode is None], timeout=1.0)
            if not stopping and any(p.exitcode is not None for p in processes):
                stop()
                crashed = next(p for p in processes if p.exitcode is not None)
                for process in processes:
                    process.join()
                raise QuotesdbError(
                    f"a server process stopped (exit code {crashed.exitcode}): all stopped"
                )
    finally:
        stop()
        for process in processes:
            if process.pid is not None:
                process.join()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _worker(
    settings: Settings, app_options: dict[str, Any], sock: socket.socket, options: dict[str, Any]
) -> None:
    import uvicorn

    from quotesdb.web.app import create_app

    config = uvicorn.Config(create_app(settings, **app_options), **options)
    uvicorn.Server(config).run(sockets=[sock])
