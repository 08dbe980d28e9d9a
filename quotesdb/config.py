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
    def safe_url(self) -> str:
        return redact_url(self.database_url)


def default_home() -> Path:
    # platformdirs is small; imported here so `--help` never pays for it.
    from platformdirs import user_data_dir

    return Path(user_data_dir("quotesdb", appauthor=False))


def resolve(home: str | Path | None = None, database_url: str | None = None) -> Settings:
    """Options win over the environment, which wins over the per-user default."""
    home_path = Path(home or os.environ.get(HOME_ENV) or default_home()).expanduser()
    url = database_url or os.environ.get(URL_ENV) or f"sqlite:///{home_path / SQLITE_NAME}"
    return Settings(home=home_path, database_url=normalise_url(url))


def normalise_url(url: str) -> str:
    """Percent-encode an `@` written raw in a URL's password.

    `postgresql://me:p@ss@host/db` means the password `p@ss`: the host follows the last
    `@`. Left raw, the driver would take `ss@host` for the host and print that fragment
    of the password in its error.
    """
    scheme, sep, rest = url.partition("://")
    query = rest.find("?")
    authority_end = rest.rfind("@", 0, query if query >= 0 and "@" in rest[:query] else len(rest))
    if not sep or authority_end < 0:
        return url
    user, colon, password = rest[:authority_end].partition(":")
    if not colon or "@" not in password:
        return url
    return f"{scheme}://{user}:{password.replace('@', '%40')}{rest[authority_end:]}"


# `user:password@` up to the last `@` of the URL (a raw `@` may be in the password), and
# any password-like query parameter (`?password=`, libpq's `sslpassword`, ...).
_USERINFO_PASSWORD = re.compile(r"(?P<head>://[^:/@\s]*:)[^\s'\"]*(?P<tail>@)")
_QUERY_PASSWORD = re.compile(
    r"(?P<head>[?&](?:ssl)?(?:password|passwd|pwd|pass|secret|token)=)[^&\s'\"]*", re.IGNORECASE
)


def redact_url(url: str) -> str:
    """Hide a password in a database URL (or a message quoting one) before it is shown."""
    hidden = _USERINFO_PASSWORD.sub(r"\g<head>***\g<tail>", url)
    return _QUERY_PASSWORD.sub(r"\g<head>***", hidden)
