"""quote confidence, article date precision and fetch time

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("confidence", sa.Float(), nullable=True))
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("published_precision", sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_column("fetched_at")
        batch_op.drop_column("published_precision")
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.drop_column("confidence")
