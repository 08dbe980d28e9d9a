"""The documentation tells the truth: every command has help and is in docs/cli.md, the
reference is what `--help` prints now, and the README's examples print what it shows on
the archive a fresh `make demo` builds."""

from __future__ import annotations

import json
import os
import pty
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, Cli

sys.path.insert(0, str(REPO / "scripts"))
import cli_reference

README = (REPO / "README.md").read_text(encoding="utf-8")
CONSOLE = re.compile(r"```console\n(.*?)```", re.DOTALL)
# Table examples that only read, so they can run on the demo archive as they are.
READ_ONLY = {
    "search",
    "cite",
    "show",
    "expert",
    "experts",
    "topics",
    "stats",
    "articles",
    "article",
    "outlets",
    "review",
}


def test_every_command_has_help_and_is_in_the_reference() -> None:
    reference = cli_reference.REFERENCE.read_text(encoding="utf-8")
    names = cli_reference.command_names()
    assert {"show", "articles", "article", "outlets", "review"} <= set(names)
    paths = cli_reference.command_paths()
    assert {("expert", "merge"), ("article", "edit"), ("outlets", "rename")} <= set(paths)
    for path in paths:
        text = cli_reference.help_text(*path)
        summary = text.split("\n\n")[1].strip()
        assert summary and not summary.startswith("Options"), path
        assert f"## quotesdb {' '.join(path)}\n" in reference, path


def test_the_reference_is_current() -> None:
    assert cli_reference.reference() == cli_reference.REFERENCE.read_text(encoding="utf-8"), (
        "docs/cli.md is stale: run .venv/bin/python scripts/cli_reference.py"
    )


@pytest.fixture(scope="module")
def demo_home(seeded_home: Path) -> Path:
    """The archive `make demo` builds (the seeds ingested into an empty home): the
    session's, only read here."""
    return seeded_home


def _quotesdb(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """In this process, answered as a process writing to a pipe would (see `Cli.run`)."""
    return Cli(home, None).run(*args)


def _examples() -> list[tuple[list[str], str]]:
    """(arguments, expected output) for every `$ quotesdb ...` in a console block."""
    found = []
    for block in CONSOLE.findall(README):
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, _, output = chunk.partition("\n")
            words = shlex.split(command)
            assert words[0] == "quotesdb", command
            found.append((words[1:], output))
    return found


def _matches(expected: str, actual: str) -> bool:
    """Exact, except that a line of just `…` (or `…,`) in the README stands for any lines."""
    parts = []
    for line in expected.rstrip("\n").split("\n"):
        parts.append(r"(?:.*\n)*?" if line.strip() in ("…", "…,") else re.escape(line) + r"\n")
    return re.fullmatch("".join(parts), actual.rstrip("\n") + "\n") is not None


def test_readme_console_examples_print_what_they_show(demo_home: Path) -> None:
    examples = _examples()
    assert len(examples) >= 6
    for args, expected in examples:
        done = _quotesdb(demo_home, *args)
        assert done.returncode == 0, (args, done.stderr)
        assert _matches(expected, _as_at_a_terminal(done.stdout)), (args, done.stdout)


def _as_at_a_terminal(piped: str) -> str:
    """JSON to a pipe is one compact line; the README shows it as a terminal does, indented."""
    if piped.count("\n") == 1 and piped[:1] in "[{":
        return json.dumps(json.loads(piped), ensure_ascii=False, indent=2) + "\n"
    return piped


def test_json_is_indented_at_a_terminal_and_one_line_in_a_pipe(demo_home: Path) -> None:
    args = [sys.executable, "-m", "quotesdb", "--home", str(demo_home), "experts", "--json"]
    piped = subprocess.run(args, capture_output=True, text=True, cwd=REPO, check=True).stdout
    assert piped.count("\n") == 1 and json.loads(piped)
    leader, follower = pty.openpty()
    try:
        subprocess.run(args, stdout=follower, cwd=REPO, check=True, timeout=120)
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the terminal's other end has closed
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    text = shown.decode().replace("\r\n", "\n")
    assert text.startswith("[\n  {\n") and json.loads(text) == json.loads(piped)


def test_readme_table_examples_use_ids_the_demo_has(demo_home: Path) -> None:
    rows = re.findall(r"^\| `[^|]+` \|.*\| `(quotesdb [^`]+)` \|$", README, re.MULTILINE)
    assert len(rows) > 15
    ran = 0
    for example in rows:
        words = shlex.split(example)[1:]
        if words[0] in READ_ONLY and not {"merge", "alias", "rename", "delete"} & set(words):
            done = _quotesdb(demo_home, *words)
            assert done.returncode == 0, (example, done.stderr)
            ran += 1
        elif words[0] in ("edit", "tag", "delete"):  # they write: their quote must exist
            assert _quotesdb(demo_home, "show", words[1]).returncode == 0, example
    assert ran >= 8
