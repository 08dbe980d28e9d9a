"""Where quotesdb keeps its data: resolved once per command from options and environment."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

HOME_ENV = "QUOTESDB_HOME"
URL_ENV = "QUOTESDB_DATABASE_URL"
SQLITE_NAME = "quotesdb.sqlite3"


@dataclass(frozen=True, slots=True)
class Settings:
    home: Path
    database_url: str

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def sqlite_path(self) -> str | None:
        """The SQLite file's path, or None for another database or an in-memory one."""
        if not self.is_sqlite or ":///" not in self.database_url:
            return None
        path = self.database_url.split(":///", 1)[1].split("?", 1)[0]
        return None if path in ("", ":memory:") else path

    @property
    def read_only(self) -> bool:
        """A SQLite archive on read-only media or in a folder this user cannot write."""
        path = self.sqlite_path
        if path is None or not os.path.exists(path):
            return False
        folder = os.path.dirname(os.path.abspath(path))
        return not (os.access(path, os.W_OK) and os.access(folder, os.W_OK))

    def sqlite_uri(self) -> str:
        """What to hand sqlite3 for this archive, read-only ones as a `file:` URI.

        SQLite cannot create WAL side files beside a read-only file: with none there the
        file is complete and opens as immutable; with a WAL left by the last writer it
        opens read-only and reads the WAL too.
        """
        path = self.sqlite_path or ""
        if not self.read_only:
            return path
        from urllib.parse import quote

        whole = not os.path.exists(path + "-wal")
        return f"file:{quote(os.path.abspath(path))}?mode=ro" + ("&immutable=1" if whole else "")

    @property
    def safe_url(self) -> str:
        return redact_url(self.database_url)


@dataclass(frozen=True, slots=True)
class Limits:
    """Sizes past which input is refused with an error rather than read into memory."""

    line_chars: int = 8 * 2**20  # one JSON line of an import
    batch_chars: int = 64 * 2**20  # lines held before a batch is stored
    quote_chars: int = 64 * 2**10  # one quote's words
    article_bytes: int = 32 * 2**20  # one article file


LIMIT_ENVS = {
    "line_chars": "QUOTESDB_MAX_LINE",
    "batch_chars": "QUOTESDB_MAX_BATCH",
    "quote_chars": "QUOTESDB_MAX_QUOTE",
    "article_bytes": "QUOTESDB_MAX_ARTICLE",
}


def limits() -> Limits:
    """The defaults, each overridable by its environment variable (a positive integer)."""
    base = Limits()
    values: dict[str, int] = {}
    for name, env in LIMIT_ENVS.items():
        raw = os.environ.get(env, "").strip()
        values[name] = int(raw) if raw.isdigit() and int(raw) > 0 else getattr(base, name)
    return Limits(**values)


def default_home() -> Path:
    # platformdirs is small; imported here so `--help` never pays for it.
    from platformdirs import user_data_dir

    return Path(user_data_dir("quotesdb", appauthor=False))


def resolve(home: str | Path | None = None, database_url: str | None = None) -> Settings:
    """Options win over the environment, which wins over the per-user default."""
    home_path = Path(home or os.environ.get(HOME_ENV) or default_home()).expanduser()
    url = database_url or os.environ.get(URL_ENV) or f"sqlite:///{home_path / SQLITE_NAME}"
    return Settings(home=home_path, database_url=encode_password(url))


# A password runs from the first ":" of the user info to the last "@" before the host, as
# SQLAlchemy reads it: "@", "/" and "?" may sit in it unencoded. Over-hiding is the safe side.
_USERINFO = re.compile(
    r"^(?P<head>[A-Za-z][\w+.-]*://[^:/@\s]*:).*@(?=[^@/?]*(?:[/?]|$))", re.DOTALL
)
_SECRET_PARAM = re.compile(
    r"(?P<head>[?&;](?:password|passwd|pwd|pass|sslpassword|secret|token)=)[^&;#\s]*",
    re.IGNORECASE,
)


def redact_url(url: str) -> str:
    """Hide passwords in a database URL, in the user info or in the query, before output."""
    return _SECRET_PARAM.sub(r"\g<head>***", _USERINFO.sub(r"\g<head>***@", url, count=1))


_RAW_IN_PASSWORD = {"@": "%40", "/": "%2F", "?": "%3F", "#": "%23"}


def encode_password(url: str) -> str:
    """Percent-encode "@", "/", "?" and "#" typed raw in a URL's password.

    SQLAlchemy would otherwise end the password at the first "@" and send the rest to the
    server as part of the host name, where error messages would show it.
    """
    m = _USERINFO.match(url)
    if not m:
        return url
    password = url[m.end("head") : m.end() - 1]
    if not any(c in password for c in _RAW_IN_PASSWORD):
        return url
    for raw, encoded in _RAW_IN_PASSWORD.items():
        password = password.replace(raw, encoded)
    return m.group("head") + password + "@" + url[m.end() :]
