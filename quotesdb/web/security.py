"""Who may write, and proof that a form was posted from this app's own pages.

Writes: on localhost without `QUOTESDB_TOKEN` anyone on the machine may write (as with
the CLI); once a token is set, and always off localhost, a write needs it, as an
`Authorization: Bearer` header (the API) or the cookie the sign-in form sets (the
pages). CSRF: a double-submit cookie: each page sets a random cookie and puts the same
value in its forms; a cross-site page can send the cookie but cannot read it.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets

from starlette.requests import Request

CSRF_COOKIE = "quotesdb_csrf"
CSRF_FIELD = "csrf_token"
AUTH_COOKIE = "quotesdb_auth"


def is_local(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def csrf_value(request: Request) -> str:
    """This browser's CSRF value: from its cookie, or a new one the response will set."""
    value = request.cookies.get(CSRF_COOKIE)
    if not value or len(value) > 100:
        state = request.scope.setdefault("state", {})
        value = state.setdefault("new_csrf", secrets.token_urlsafe(32))
    return str(value)


def csrf_ok(request: Request, submitted: object) -> bool:
    cookie = request.cookies.get(CSRF_COOKIE)
    if not cookie or not isinstance(submitted, str):
        return False
    return hmac.compare_digest(cookie.encode(), submitted.encode())


class Gate:
    """Decides whether a request may write."""

    def __init__(self, token: str | None) -> None:
        self.token = token or None

    @property
    def open(self) -> bool:
        return self.token is None

    def session_value(self) -> str:
        """What the sign-in cookie holds: a hash of the token, never the token itself."""
        assert self.token is not None
        return hmac.new(self.token.encode(), b"quotesdb-session", hashlib.sha256).hexdigest()

    def token_ok(self, given: str) -> bool:
        return self.token is not None and hmac.compare_digest(given.encode(), self.token.encode())

    def may_write(self, request: Request) -> bool:
        if self.token is None:
            return True
        header = request.headers.get("authorization", "")
        if header.lower().startswith("bearer ") and self.token_ok(header[7:].strip()):
            return True
        cookie = request.cookies.get(AUTH_COOKIE, "")
        return hmac.compare_digest(cookie.encode(), self.session_value().encode())
