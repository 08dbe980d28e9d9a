"""The relational store: the single source of truth for everything quotesdb knows."""

# The Alembic revision this code expects. A test asserts it equals the migrations' head, so
# commands can check the schema without importing Alembic (0.3 s of start-up).
SCHEMA_REVISION = "0012"
