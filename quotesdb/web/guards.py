"""What a request must be before any route sees it: addressed to this server, not too big.

DNS rebinding: a page on `attacker.example` re-points its name at 127.0.0.1, and the
browser then lets it read and write this server as if it were the attacker's own site;
the one thing it cannot change is the `Host` header, which still names
`attacker.example`. So every request must name a host this server answers to
(`allowed_hosts`), and a write that says where it comes from (`Origin`, sent by browsers)
must come from such a host too. A Host that is an IP address is always allowed once the
server listens beyond localhost: a browser sends one only when the page's own address is
that IP, which no other site can be.

Body size: a request's body is refused with 413 once it passes `limits.body_bytes`,
from its `Content-Length` before a byte is read, else as it streams in.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from quotesdb.config import HOSTS_ENV

LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")
SAFE_METHODS = frozenset(("GET", "HEAD", "OPTIONS"))


def _split(netloc: str) -> tuple[str, str]:
    """`host:port` (`[v6]:port`) as (lower-case host without brackets, port or "")."""
    netloc = netloc.strip().lower()
    if netloc.startswith("["):
        host, _, rest = netloc[1:].partition("]")
        return host, rest.removeprefix(":")
    if netloc.count(":") == 1:
        host, _, port = netloc.partition(":")
        return host, port
    return netloc, ""


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class HostPolicy:
    """The hosts (each with its port, or any port) a server answers to."""

    def __init__(self, names: Iterable[str], port: int | None = None, any_ip: bool = False):
        self.names = frozenset(_split(name)[0] for name in names if name.strip())
        self.port = str(port) if port else ""
        self.any_ip = any_ip

    @classmethod
    def for_server(
        cls, bind: str, port: int | None, *, guarded: bool, extra: Iterable[str] = ()
    ) -> HostPolicy:
        """On localhost: its names at its port. Beyond it (a token is then set): also the
        address it listens on, any IP address, this machine's name and the `extra` names."""
        names = [*LOCAL_NAMES, *extra]
        if guarded or bind not in LOCAL_NAMES:
            import socket

            names += [bind, socket.gethostname(), socket.getfqdn()]
            return cls(names, port, any_ip=True)
        return cls(names, port)

    def allows(self, netloc: str) -> bool:
        host, port = _split(netloc)
        if self.port and port and port != self.port:
            return False
        return host in self.names or (self.any_ip and _is_ip(host))


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return None


async def _refuse(scope: Scope, send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message, "status": status}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class HostGuard:
    """Refuses (400) a request for another host, and (403) a write from another origin."""

    def __init__(self, app: ASGIApp, policy: HostPolicy) -> None:
        self.app, self.policy = app, policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        host = _header(scope, b"host")
        if host is None or not self.policy.allows(host):
            shown = (host or "")[:100].encode("ascii", "replace").decode()
            message = f"this server does not answer to the host {shown!r} (see {HOSTS_ENV})"
            await _refuse(scope, send, 400, message)
            return
        origin = _header(scope, b"origin")
        if origin is not None and scope.get("method", "GET") not in SAFE_METHODS:
            parts = urlsplit(origin) if origin != "null" else None
            if (
                parts is None
                or parts.scheme not in ("http", "https")
                or not self.policy.allows(parts.netloc)
            ):
                await _refuse(scope, send, 403, "writes are only taken from this server's pages")
                return
        await self.app(scope, receive, send)


class BodyLimit:
    """Refuses a body larger than `most` bytes with 413, before or while it is read."""

    def __init__(self, app: ASGIApp, most: int) -> None:
        self.app, self.most = app, most

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length") or ""
        if declared.strip().isdigit() and int(declared) > self.most:
            await _refuse(scope, send, 413, self.message())
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.most:
                    raise HTTPException(413, self.message())
            return message

        await self.app(scope, counted, send)

    def message(self) -> str:
        from quotesdb.limits import ENV

        return f"the request body is larger than {self.most:,} bytes (set {ENV['body_bytes']})"
