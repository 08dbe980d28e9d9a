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
    return Settings(home=home_path, database_url=url)


_PASSWORD = re.compile(r"(?P<head>://[^:/@\s]+:)[^@\s]*(?P<tail>@)")


def redact_url(url: str) -> str:
    """Hide a password in a database URL before it reaches output or logs."""
    return _PASSWORD.sub(r"\g<head>***\g<tail>", url)
