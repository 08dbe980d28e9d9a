"""A home that is read-only, or whose index was damaged from outside: reads give answers
or one clear error, never a traceback or a 500, and the index is rebuilt where it can be."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from conftest import REPO, Cli
from web_helpers import free_port


@pytest.fixture()
def cli(tmp_path: Path) -> Cli:
    cli = Cli(tmp_path / "home", None)
    for n in range(3):
        done = cli.run("add", f"Budget talk number {n}.", "--speaker", "Ola Budget", "--no-prompt")
        assert done.returncode == 0, done.stderr
    return cli


def _found(cli: Cli) -> subprocess.CompletedProcess[str]:
    return cli.run("search", "budget", "--json")


def test_a_current_marker_that_is_not_text_is_rebuilt(cli: Cli) -> None:
    (cli.home / "index" / "CURRENT").write_bytes(b"\xff\xfe\x00gen-\x80")
    done = _found(cli)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert done.stdout.count('"Ola Budget"') == 3


def test_an_index_folder_replaced_by_a_file_is_rebuilt(cli: Cli) -> None:
    index = cli.home / "index"
    shutil.rmtree(index)
    index.write_text("not an index", encoding="utf-8")
    done = _found(cli)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert done.stdout.count('"Ola Budget"') == 3
    assert (cli.home / "index.not-a-folder").read_text(encoding="utf-8") == "not an index"


def _read_only(home: Path, script: str) -> subprocess.CompletedProcess[str]:
    """`script` run where `home` is mounted read-only (root ignores file modes)."""
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare(1) for a read-only mount")
    mount = f"mount --bind {home} {home} && mount -o remount,bind,ro {home}"
    done = subprocess.run(
        ["unshare", "-rm", "sh", "-c", f"{mount} && {script}"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    if "mount:" in done.stderr or "unshare:" in done.stderr:
        pytest.skip(f"no read-only mount here: {done.stderr.strip()[:200]}")
    return done


def test_serve_over_a_read_only_home_answers_or_says_why(cli: Cli) -> None:
    shutil.rmtree(cli.home / "index")  # the index must be rebuilt, and cannot be
    quotesdb = f"{sys.executable} -m quotesdb --home {cli.home}"
    port = free_port()
    fetch = (
        f'{sys.executable} -c "import httpx,time,sys\n'
        "for _ in range(100):\n"
        "    try: r = httpx.get(sys.argv[1]); break\n"
        "    except httpx.HTTPError: time.sleep(0.2)\n"
        'print(r.status_code, r.text[:300])" '
    )
    script = (
        f"{quotesdb} search budget; echo EXIT $?; "
        f"{quotesdb} serve --port {port} 2>serve.err & SERVER=$!; "
        f"{fetch} 'http://127.0.0.1:{port}/api/search?q=budget'; "
        f"{fetch} 'http://127.0.0.1:{port}/?q=budget'; kill $SERVER; wait; cat serve.err >&2"
    )
    done = _read_only(cli.home, script.replace("serve.err", str(cli.home.parent / "serve.err")))
    assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert "EXIT 1" in lines
    answers = [line for line in lines if line[:3].isdigit()]
    assert [a[:3] for a in answers] == ["503", "503"], answers
    assert "cannot be brought up to date" in answers[0] and "Read-only" in answers[0]


def test_serve_over_a_read_only_home_with_its_index_searches(cli: Cli) -> None:
    assert _found(cli).returncode == 0  # the index is caught up before the home is frozen
    port = free_port()
    fetch = f'{sys.executable} -c "import httpx,time\n' + (
        "for _ in range(100):\n"
        f"    try: r = httpx.get('http://127.0.0.1:{port}/api/search?q=budget'); break\n"
        "    except httpx.HTTPError: time.sleep(0.2)\n"
        "print(r.status_code, r.json()['total'])\""
    )
    serve = f"{sys.executable} -m quotesdb --home {cli.home} serve --port {port}"
    script = f"{serve} & SERVER=$!; {fetch}; kill $SERVER; wait"
    done = _read_only(cli.home, script)
    assert done.stdout.split()[-2:] == ["200", "3"], done.stdout + done.stderr


del httpx  # imported for the subprocesses' sake: they need it installed
