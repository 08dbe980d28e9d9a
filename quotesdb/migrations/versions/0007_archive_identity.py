"""archive_meta: the archive's identity, so a search index knows which database it reflects

Revision ID: 0007
Revises: 0006

A search index records the archive id it was built from (and the change it reached);
pointed at another database, or at this one restored from an older backup, it sees the
difference and is rebuilt instead of serving quotes the database does not hold.
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    meta = op.create_table(
        "archive_meta",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.bulk_insert(meta, [{"key": "archive_id", "value": uuid.uuid4().hex}])


def downgrade() -> None:
    op.drop_table("archive_meta")
