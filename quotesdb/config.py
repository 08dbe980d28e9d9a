"""Settings: where quotesdb keeps its data, and every environment variable it reads.

Each variable is named here and read through `env_text` or `env_number`, so all are
read alike (surrounding spaces ignored, empty means unset) and a bad value is refused
alike: one line naming the variable and what it must be, never a silent default.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from quotesdb.errors import InputError

HOME_ENV = "QUOTESDB_HOME"
URL_ENV = "QUOTESDB_DATABASE_URL"
TOKEN_ENV = "QUOTESDB_TOKEN"  # `serve`: guards every write
FETCH_TIMEOUT_ENV = "QUOTESDB_FETCH_TIMEOUT"  # seconds a page fetch may take
MAX_PAGE_ENV = "QUOTESDB_MAX_PAGE"  # bytes of one fetched page
HOSTS_ENV = "QUOTESDB_ALLOWED_HOSTS"  # `serve`: more names it answers to, space-separated
COMPLETE_ENV = "_QUOTESDB_COMPLETE"  # set by the shell while it asks Click to complete a word
# The size limits (QUOTESDB_MAX_LINE_BYTES, ...) are named in quotesdb/limits.py beside them.
SQLITE_NAME = "quotesdb.sqlite3"


def env_text(name: str) -> str | None:
    """The variable's value without surrounding spaces; None when unset or empty."""
    return os.environ.get(name, "").strip() or None


def env_number(name: str, *, whole: bool = True) -> int | float | None:
    """A positive number from the environment (`_` allowed as in 16_000_000); None when
    unset; anything else refused in one line naming the variable."""
    raw = env_text(name)
    if raw is None:
        return None
    what = "a positive whole number" if whole else "a positive number"
    try:
        value = int(raw.replace("_", "")) if whole else float(raw.replace("_", ""))
    except ValueError:
        raise InputError(f"{name} must be {what}, not {raw!r}") from None
    if not value > 0 or value == float("inf"):
        raise InputError(f"{name} must be {what}, not {raw!r}")
    return value


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
    home_path = Path(home or env_text(HOME_ENV) or default_home()).expanduser()
    url = database_url or env_text(URL_ENV) or f"sqlite:///{home_path / SQLITE_NAME}"
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
