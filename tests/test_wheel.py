"""The built wheel runs: migrations and the default topics travel inside the package.

The wheel is built from a copy of the tree (so no build/ or egg-info lands in the repo) and
installed without its dependencies into a fresh venv; that venv sees this environment's
installed dependencies through a .pth line (installing numpy, lxml and the rest again from
the network would add minutes and test pip, not us), and `pip check` confirms those satisfy
what the wheel declares. Every command then runs as a real process from a folder outside the
repository, so only the installed copy of quotesdb can be imported.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, SEEDS

pytestmark = pytest.mark.slow

SEED = SEEDS / "001_555ad3647e4d8dff.txt"


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    """stdout of a command that must succeed."""
    return succeed(*args, cwd=cwd, env=env).stdout


def said(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    """stdout and stderr (where the notes go) of a command that must succeed."""
    done = succeed(*args, cwd=cwd, env=env)
    return done.stdout + done.stderr


def succeed(
    *args: str | Path, cwd: Path, env: dict[str, str] | None
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, cwd=cwd, env=env, timeout=600
    )
    assert done.returncode == 0, f"{args}: {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`pip wheel` of a copy of the project (build isolation fetches setuptools>=77)."""
    tree = tmp_path_factory.mktemp("tree")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, tree / name)
    shutil.copytree(
        REPO / "quotesdb", tree / "quotesdb", ignore=shutil.ignore_patterns("__pycache__")
    )
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", out, tree, cwd=tree)
    (built,) = out.glob("quotesdb-*.whl")
    return built


def test_the_wheel_carries_its_migrations_and_default_topics(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "quotesdb/migrations/env.py" in names
    assert "quotesdb/migrations/script.py.mako" in names
    assert "quotesdb/migrations/versions/0001_initial_schema.py" in names
    assert "quotesdb/data/topics.toml" in names
    assert "quotesdb/web/templates/base.html" in names or any(
        n.startswith("quotesdb/web/templates/") for n in names
    )
    assert not any(n.startswith(("alembic/", "seeds/")) for n in names), names


def test_an_installed_wheel_inits_ingests_searches_and_cites(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    fresh_site = Path(
        run(
            python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path
        ).strip()
    )
    # The dependencies: this environment's site-packages, after the venv's own (a plain path
    # line, so this environment's editable install of quotesdb is not activated).
    (fresh_site / "zz_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    pip = [sys.executable, "-m", "pip", "--python", str(python)]
    run(*pip, "install", "--quiet", "--no-deps", wheel, cwd=tmp_path)
    checked = subprocess.run([*pip, "check"], capture_output=True, text=True, cwd=tmp_path)
    assert "quotesdb" not in checked.stdout, checked.stdout

    work = tmp_path / "outside"  # not the repository: only the installed copy can be imported
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QUOTESDB_", "PYTHON"))}
    env["QUOTESDB_HOME"] = str(tmp_path / "home")
    where = run(python, "-c", "import quotesdb; print(quotesdb.__file__)", cwd=work, env=env)
    assert Path(where.strip()).is_relative_to(venv), where

    quotesdb = venv / "bin" / "quotesdb"
    assert "schema" in said(quotesdb, "init", cwd=work, env=env)
    assert "quotes added" in said(quotesdb, "ingest", SEED, cwd=work, env=env)
    hits = json.loads(run(quotesdb, "search", "--json", "--limit", "1", cwd=work, env=env))
    assert hits and hits[0]["speaker"]["name"]
    # The default topics vocabulary came from the wheel's quotesdb/data/.
    assert run(quotesdb, "topics", cwd=work, env=env).strip()
    cited = run(quotesdb, "cite", str(hits[0]["id"]), "--style", "chicago", cwd=work, env=env)
    assert hits[0]["article"]["outlet"] in cited
