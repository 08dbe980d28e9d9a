"""Alembic environment: the engine comes from quotesdb (see quotesdb/db/migrate.py)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from quotesdb.db.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine: Engine = config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
