"""The external tools the citation tests compare with (node and npm for citeproc-js and
citation-js, pandoc): found on PATH, a failure under CI and a skip elsewhere when missing,
and the node packages of tests/citeproc installed once when absent."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CITEPROC_DIR = Path(__file__).parent / "citeproc"


def tool(name: str) -> str:
    """The tool's path; under CI its absence fails the test, elsewhere it skips it."""
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is needed for the citation comparisons under CI")
        pytest.skip(f"{name} not installed")
    return found


def node_with(package: str) -> str:
    """node, with tests/citeproc's packages installed (`npm ci`) unless `package` is there."""
    node, npm = tool("node"), tool("npm")
    if not (CITEPROC_DIR / "node_modules" / package).exists():
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=CITEPROC_DIR,
            check=True,
            capture_output=True,
        )
    return node
