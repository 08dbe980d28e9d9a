"""Shared set-up for the web tests: an archive built by the real CLI, and the app over it."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import SEEDS, Cli


def built_archive(home: Path, url: str | None) -> Cli:
    cli = Cli(home, url)
    done = cli("ingest", str(SEEDS))
    assert done.exit_code == 0, done.output
    return cli


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no CSRF field"
    return found.group(1)
