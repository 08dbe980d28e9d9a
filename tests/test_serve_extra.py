"""`serve` without the web extra: one line naming the extra to install, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

# A process in which one of the web extra's packages cannot be imported, as after a plain
# `pip install quotesdb`: a finder ahead of all others refuses it.
WITHOUT = """
import sys

class Missing:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {blocked!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None

sys.meta_path.insert(0, Missing())
sys.argv = ["quotesdb", "--home", {home!r}, "serve", "--port", "0"]
from quotesdb.cli import main
main()
"""


@pytest.mark.parametrize(
    ("blocked", "named"),
    [
        (("starlette",), "starlette"),
        (("uvicorn",), "uvicorn"),
        (("jinja2",), "jinja2"),
        (("python_multipart", "multipart"), "python-multipart"),
    ],
)
def test_serve_without_the_web_extra_names_it(
    blocked: tuple[str, ...], named: str, tmp_path: Path
) -> None:
    code = WITHOUT.format(blocked=blocked, home=str(tmp_path / "home"))
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "pip install 'quotesdb[web]'" in lines[0]
    assert f"({named} is missing)" in lines[0]
