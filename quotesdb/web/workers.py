"""`serve --workers N`: N server processes sharing one listening socket, evenly loaded.

Searches are CPU work, one at a time a process, and browsers and load balancers keep
their connections open, so the work follows the connections. uvicorn's own workers take
connections as they wake: under keep-alive one process took all 16 of a benchmark's
clients and the other sat idle. SO_REUSEPORT sockets, one a process, let the kernel hash
them instead: 4 and 12 were seen. Here each process accepts from the shared socket only
while it serves no more connections than any other (the counts are in shared memory),
so 16 clients are served 8 and 8 by two processes, on any system.

This process only supervises: it stops every worker on SIGTERM or Ctrl-C, and all of them
when one dies, so a half-running server never goes unnoticed.

Handing an accepted socket to uvicorn needs more than its documented API (`uvicorn.run`,
`Config`, `Server.serve`): the worker builds uvicorn's HTTP protocol itself, as
`Server.startup` does, from names uvicorn does not promise to keep (`server_state`,
`lifespan.state`, the protocol's `_loop=`). No public API lets a server pause accepting,
which the even sharing needs. So `uvicorn_changes` looks at each of those names before
any worker starts: an upgrade that moves one refuses `--workers` in one line naming it
(`--workers 1` still serves), and tests/test_web_workers.py fails on it first.
"""

from __future__ import annotations

import asyncio
import errno
import inspect
import multiprocessing
import signal
import socket
from multiprocessing.connection import wait
from typing import Any

from quotesdb.config import Settings
from quotesdb.errors import InputError, QuotesdbError

BACKLOG = 2048
RECHECK = 0.002  # seconds between looks at the counts while others serve fewer
IDLE_RECHECK = 0.05  # and at the most while waiting for a client: others' counts change


def listener(host: str, port: int) -> socket.socket:
    """The listening socket every worker accepts from; port 0 picks a free port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(BACKLOG)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise InputError(f"{host}:{port} is already in use by another server") from None
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


# The arguments `Server.startup` gives uvicorn's HTTP protocol; the worker gives the same.
PROTOCOL_ARGUMENTS = ("config", "server_state", "app_state", "_loop")


async def _no_app(scope: Any, receive: Any, send: Any) -> None:
    """An ASGI app for looking at uvicorn's configuration without loading quotesdb's."""


def uvicorn_changes(options: dict[str, Any]) -> list[str]:
    """What of uvicorn's insides the fair server builds on is not there as it was, in
    words (none: it may run). `options` are the uvicorn options the workers will use:
    they choose the protocol class (httptools when installed, else h11)."""
    import uvicorn

    changed = []
    for method in ("startup", "shutdown"):
        found = getattr(uvicorn.Server, method, None)
        if found is None or "sockets" not in inspect.signature(found).parameters:
            changed.append(f"uvicorn.Server.{method} takes no `sockets`")
    config = uvicorn.Config(_no_app, **{**options, "log_config": None})
    config.load()
    server = uvicorn.Server(config)
    if not isinstance(getattr(server, "server_state", None), uvicorn.server.ServerState):
        changed.append("uvicorn.Server has no `server_state`")
    elif not isinstance(getattr(server.server_state, "connections", None), set):
        changed.append("uvicorn's ServerState has no `connections` set")
    if not isinstance(getattr(server, "should_exit", None), bool):
        changed.append("uvicorn.Server has no `should_exit`")
    lifespan = getattr(config, "lifespan_class", None)
    if lifespan is None or not isinstance(getattr(lifespan(config), "state", None), dict):
        changed.append("uvicorn's lifespan has no `state`")
    protocol = getattr(config, "http_protocol_class", None)
    if not isinstance(protocol, type) or not issubclass(protocol, asyncio.Protocol):
        changed.append("uvicorn.Config has no `http_protocol_class`")
    else:
        parameters = inspect.signature(protocol).parameters
        missing = [name for name in PROTOCOL_ARGUMENTS if name not in parameters]
        required = [
            name
            for name, parameter in parameters.items()
            if parameter.default is parameter.empty
            and parameter.kind not in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD)
            and name not in PROTOCOL_ARGUMENTS
        ]
        where = f"{protocol.__module__}.{protocol.__qualname__}"
        if missing:
            changed.append(f"{where} takes no {', '.join(missing)}")
        if required:
            changed.append(f"{where} needs {', '.join(required)} too")
    return changed


def check_uvicorn(options: dict[str, Any]) -> None:
    """A QuotesdbError naming what changed, if uvicorn no longer has what workers need."""
    import uvicorn

    changed = uvicorn_changes(options)
    if changed:
        raise QuotesdbError(
            f"serve --workers cannot run on uvicorn {uvicorn.__version__}: "
            f"{'; '.join(changed)} (serve with --workers 1, or install the uvicorn "
            f"pyproject.toml names)"
        )


def serve_workers(
    settings: Settings,
    app_options: dict[str, Any],
    sock: socket.socket,
    count: int,
    options: dict[str, Any],
) -> None:
    """`count` worker processes over `sock`, each running `create_app(settings,
    **app_options)` under uvicorn with `options`, until a signal (or a death) stops them."""
    try:
        check_uvicorn(options)
    except QuotesdbError:
        sock.close()
        raise
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: no inherited threads
    counts = context.Array("i", count, lock=False)  # connections each worker serves
    processes = [
        context.Process(
            target=_worker,
            args=(settings, app_options, sock, counts, n, options),
            name=f"quotesdb-web-{n}",
        )
        for n in range(count)
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
        sock.close()  # each worker holds its own copy now
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


def fair_turn(counts: Any, me: int, serving: int) -> bool:
    """Publish how many connections this worker serves; whether it may take the next one
    (no other worker serves fewer)."""
    counts[me] = serving
    fewest: int = min(counts)
    return serving <= fewest


async def accept_fairly(
    sock: socket.socket, counts: Any, me: int, serving: Any, open_connection: Any
) -> None:
    """Accept from the shared `sock` whenever it is this worker's turn, forever.

    `serving()` is how many connections this worker has open now; `open_connection(conn)`
    hands an accepted socket to the server. Every worker whose turn it is wakes when a
    client arrives and one takes it; the others find the socket empty and wait again.
    Accepting itself is never cancelled half-way (only the wait is), so no client is lost.
    """
    loop = asyncio.get_running_loop()
    sock.setblocking(False)
    while True:
        if not fair_turn(counts, me, serving()):
            await asyncio.sleep(RECHECK)
            continue
        await _readable(loop, sock, IDLE_RECHECK)
        if not fair_turn(counts, me, serving()):  # the counts changed while it waited
            continue
        try:
            conn, _address = sock.accept()
        except BlockingIOError:  # another worker took it, or no one came
            continue
        except OSError:  # the client went (ECONNABORTED), or no file left (EMFILE): pause
            await asyncio.sleep(RECHECK)
            continue
        conn.setblocking(False)
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        await open_connection(conn)


async def _readable(loop: asyncio.AbstractEventLoop, sock: socket.socket, most: float) -> None:
    """Until `sock` has a connection waiting, or `most` seconds."""
    ready: asyncio.Future[None] = loop.create_future()

    def wake() -> None:
        if not ready.done():
            ready.set_result(None)

    loop.add_reader(sock, wake)
    try:
        await asyncio.wait_for(ready, most)
    except TimeoutError:
        pass
    finally:
        loop.remove_reader(sock)


def _worker(
    settings: Settings,
    app_options: dict[str, Any],
    sock: socket.socket,
    counts: Any,
    me: int,
    options: dict[str, Any],
) -> None:
    import uvicorn

    from quotesdb.web.app import create_app

    class FairServer(uvicorn.Server):  # type: ignore[misc]
        """uvicorn's server, taking its connections from `accept_fairly`."""

        _accepting: asyncio.Task[None] | None = None

        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets=[])  # the app's start-up; no listener of its own
            loop = asyncio.get_running_loop()
            connections = self.server_state.connections

            class Counted(self.config.http_protocol_class):  # type: ignore[misc,name-defined]
                """uvicorn's protocol, publishing this worker's count when a client leaves,
                so the others see its turn come at once."""

                def connection_lost(self, exc: Exception | None) -> None:
                    super().connection_lost(exc)
                    counts[me] = len(connections)

            def protocol() -> asyncio.Protocol:  # as uvicorn's own start-up makes them
                return Counted(  # type: ignore[no-any-return]
                    config=self.config,
                    server_state=self.server_state,
                    app_state=self.lifespan.state,
                    _loop=loop,
                )

            async def open_connection(conn: socket.socket) -> None:
                try:
                    await loop.connect_accepted_socket(protocol, conn)
                except OSError:  # reset before it was served
                    conn.close()

            self._accepting = loop.create_task(
                accept_fairly(sock, counts, me, lambda: len(connections), open_connection)
            )
            self._accepting.add_done_callback(self._accepting_ended)

        def _accepting_ended(self, task: asyncio.Task[None]) -> None:
            # Only a bug ends it early: stop, and the supervisor stops the rest with an error.
            if not task.cancelled():
                self.should_exit = True

        async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
            if self._accepting is not None:
                self._accepting.cancel()
            sock.close()
            await super().shutdown(sockets=sockets)

    config = uvicorn.Config(create_app(settings, **app_options), **options)
    FairServer(config).run()
