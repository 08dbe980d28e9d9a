"""Write docs/cli.md, the command reference, from the CLI's own `--help` texts.

`python scripts/cli_reference.py` rewrites it; `--check` (run by `make lint`) fails when
the checked-in file differs from what `--help` says now.
"""

from __future__ import annotations

import sys
from pathlib import Path

REFERENCE = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
WIDTH = "88"  # fixed, so the reference does not depend on the terminal it was made in

HEADER = """# quotesdb command reference

Generated from `quotesdb --help` and `quotesdb COMMAND --help` by
`scripts/cli_reference.py`; do not edit by hand. `make lint` fails when it is stale:
run `.venv/bin/python scripts/cli_reference.py` after changing a command.
"""


def command_paths() -> list[tuple[str, ...]]:
    """Every command, in the order `quotesdb --help` lists them, each followed by its
    sub-commands (`expert merge`, `outlets rename`, ...) in their group's order."""
    import typer.main

    from quotesdb.cli import whole_app

    root = typer.main.get_command(whole_app())
    paths: list[tuple[str, ...]] = []
    for name in root.list_commands(None):  # type: ignore[attr-defined]
        paths.append((name,))
        group = root.commands[name]  # type: ignore[attr-defined]
        if hasattr(group, "list_commands"):
            paths += [(name, sub) for sub in group.list_commands(None)]
    return paths


def command_names() -> list[str]:
    """The top-level commands, in the order `quotesdb --help` lists them."""
    return [path[0] for path in command_paths() if len(path) == 1]


def help_text(*args: str) -> str:
    """What `quotesdb ARGS --help` prints, at a fixed width."""
    from typer.testing import CliRunner

    from quotesdb.cli import whole_app

    result = CliRunner().invoke(
        whole_app(), [*args, "--help"], env={"COLUMNS": WIDTH}, prog_name="quotesdb"
    )
    if result.exit_code != 0:
        raise RuntimeError(f"quotesdb {' '.join(args)} --help failed: {result.output}")
    return result.output.rstrip()


def reference() -> str:
    parts = [HEADER, f"## quotesdb\n\n```text\n{help_text()}\n```\n"]
    for path in command_paths():
        parts.append(f"## quotesdb {' '.join(path)}\n\n```text\n{help_text(*path)}\n```\n")
    return "\n".join(parts)


def main(argv: list[str]) -> int:
    text = reference()
    if "--check" in argv:
        if not REFERENCE.exists() or REFERENCE.read_text(encoding="utf-8") != text:
            print(
                f"{REFERENCE.name} is stale: run .venv/bin/python scripts/cli_reference.py",
                file=sys.stderr,
            )
            return 1
        return 0
    REFERENCE.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
