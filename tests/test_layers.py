"""The layers point one way: cli/ and web/ are adapters over the library, never each other's.

Read from the source (every import, including those inside functions), so a lazy import
cannot slip by.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import REPO

PACKAGE = REPO / "quotesdb"


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def modules_outside(*adapters: str) -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).parts[0] not in adapters and path.name != "__main__.py"
    ]


@pytest.mark.parametrize(
    ("adapter", "allowed_in"),
    [("quotesdb.cli", ("cli",)), ("quotesdb.web", ("cli", "web"))],
)
def test_nothing_below_an_adapter_imports_it(adapter: str, allowed_in: tuple[str, ...]) -> None:
    offenders = {
        str(path.relative_to(REPO)): sorted(
            m for m in imported_modules(path) if m == adapter or m.startswith(adapter + ".")
        )
        for path in modules_outside(*allowed_in)
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_check_sees_a_lazy_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from quotesdb.cli.edit import check_url\n")
    assert "quotesdb.cli.edit" in imported_modules(sample)
