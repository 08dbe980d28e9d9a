"""The change log watches quotes.notes: a quote's notes are searchable (index field `notes`)

0010's trigger on UPDATE of quotes logs a change only when a watched column changes;
notes were not watched, so an edited note left the search index behind until the next
`check`. The quotes UPDATE trigger is made again with `notes` among its columns, built
by 0010's own code so both databases get exactly 0010's shape.

Revision ID: 0011
Revises: 0010
"""

import importlib.util
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from types import ModuleType

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _triggers() -> ModuleType:
    """Migration 0010, loaded from its file (revision files are not an importable package)."""
    path = Path(__file__).with_name("0010_change_log_triggers.py")
    spec = importlib.util.spec_from_file_location("quotesdb_migration_0010", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _remake_quotes_update(with_notes: bool) -> None:
    triggers = _triggers()
    quotes = next(s for s in triggers.SOURCES if s.table == "quotes")
    watched = tuple(c for c in quotes.watched if c != "notes")
    source = replace(quotes, watched=(*watched, "notes") if with_notes else watched)
    name = triggers._name(source, "update")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON quotes")
        op.execute(f"DROP FUNCTION IF EXISTS {name}()")
        for statement in triggers._pg_create(source, "update"):
            op.execute(statement)
    else:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(triggers._sqlite_create(source, "update"))


def upgrade() -> None:
    _remake_quotes_update(with_notes=True)


def downgrade() -> None:
    _remake_quotes_update(with_notes=False)
