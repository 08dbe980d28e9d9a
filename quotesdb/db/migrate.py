"""Alembic, driven from code: `quotesdb init` and the tests upgrade through here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

import quotesdb

if TYPE_CHECKING:
    from alembic.config import Config

ALEMBIC_DIR = Path(quotesdb.__file__).resolve().parent.parent / "alembic"


def alembic_config(engine: Engine | None = None) -> Config:
    """The migrations' configuration; env.py takes the engine from its attributes."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(engine), revision)


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head
