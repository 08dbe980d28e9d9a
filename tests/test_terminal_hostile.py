"""Escape sequences stored in the archive never reach the terminal: every format, both
streams, with Rich's colours on or off."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, Cli
from quotesdb.terminal import safe_text

CLIPBOARD = "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # OSC 52: set the clipboard
LINK = "\x1b]8;;https://evil.example/\x1b\\here\x1b]8;;\x1b\\"  # OSC 8: a hidden link
CLEAR = "\x1b[2J\x1b[H"  # clear the screen
C1 = "\x9b31m\x9d0;title\x9c"  # the same in 8-bit C1 controls
HOSTILE = f"Harbour fees{CLIPBOARD} rise{CLEAR} again{C1}.\rFAKE"
COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def test_safe_text_keeps_words_and_drops_every_sequence() -> None:
    assert safe_text(HOSTILE) == "Harbour fees rise again.FAKE"
    assert safe_text(f"a{LINK}b") == "ahereb"
    assert safe_text("tab\tline\r\nnext\x00\x07\x7f") == "tab\tline\r\nnext"
    assert safe_text("\x1b[1;31mred\x1b[0m\x1b[2J", colours=True) == "\x1b[1;31mred\x1b[0m"
    assert safe_text("Zoë “quoted” — ok ﻿") == "Zoë “quoted” — ok ﻿"


@pytest.fixture(scope="module")
def hostile_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = Path(tmp_path_factory.mktemp("terminal")) / "home"
    cli = Cli(home, None)
    done = cli.run(
        "add", HOSTILE, "--speaker", f"Eve{LINK} Escape", "--title", f"Fees{CLEAR}",
        "--url", "https://news.example/fees", "--no-prompt",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return home


def _run(home: Path, *args: str, colour: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    if colour:
        env |= {"FORCE_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "quotesdb", "--home", str(home), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@pytest.mark.parametrize(
    "args",
    [
        ("search", "harbour"),
        ("search", "harbour", "--markdown"),
        ("search", "harbour", "--format", "csv"),
        ("search", "harbour", "--cite"),
        ("search", "harbour", "--cite", "--style", "bibtex"),
        ("show", "1"),
        ("experts",),
        ("expert", "Eve Escape"),
        ("expert", f"Nobody{CLEAR}{CLIPBOARD}"),  # an error quoting what was typed
    ],
)
@pytest.mark.parametrize("colour", [False, True])
def test_no_stored_sequence_reaches_the_terminal(
    hostile_home: Path, args: tuple[str, ...], colour: bool
) -> None:
    done = _run(hostile_home, *args, colour=colour)
    assert "Traceback" not in done.stderr
    for stream in (done.stdout, done.stderr):
        leftover = COLOUR.sub("", stream) if colour else stream
        assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", leftover), repr(stream)
    if args[0] == "search":
        assert "fees" in done.stdout and "rise" in done.stdout


def test_an_export_piped_elsewhere_keeps_every_character(hostile_home: Path) -> None:
    import json

    done = _run(hostile_home, "export")
    assert done.returncode == 0, done.stderr
    quotes = [json.loads(line) for line in done.stdout.splitlines()[1:]]
    texts = [q["text"] for q in quotes if q.get("type") == "quote"]
    assert texts == [" ".join(HOSTILE.split())]  # as stored: an export is for `import`


def test_emoji_codes_in_a_quote_are_printed_as_written(tmp_path: Path) -> None:
    """Rich turns `:fire:` into 🔥 by default: a quote's words must reach the reader as the
    speaker said them (the console is made with emoji codes off)."""
    home = tmp_path / "home"
    cli = Cli(home, None)
    added = cli.run(
        "add", "Prices are :fire: this week at the harbour market.", "--speaker", "Ann Lee",
        "--title", "Market prices", "--url", "https://news.example/prices", "--no-prompt",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    for args in (("search", "harbour"), ("show", "1")):
        done = _run(home, *args)
        assert done.returncode == 0, done.stderr
        assert ":fire:" in done.stdout and "🔥" not in done.stdout
