"""raw web pages kept beside their articles

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "article_pages",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("final_url", sa.String(length=2048), nullable=True),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("raw_gzip", sa.LargeBinary(), nullable=False),
        sa.Column("provenance", sa.JSON(), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_pages_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_article_pages")),
    )


def downgrade() -> None:
    op.drop_table("article_pages")
