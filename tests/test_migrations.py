"""Alembic is the only author of the schema: models and migrations must agree."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from quotesdb.db import SCHEMA_REVISION
from quotesdb.db.migrate import downgrade, head_revision, upgrade
from quotesdb.db.models import Base


def test_schema_revision_constant_is_the_head() -> None:
    assert head_revision() == SCHEMA_REVISION


def test_models_and_migrations_agree_and_round_trip(db_url: str) -> None:
    engine = create_engine(db_url)
    upgrade(engine)
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    assert diff == []
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()
