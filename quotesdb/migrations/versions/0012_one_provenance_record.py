"""One record of where an article's fields came from: articles.meta_provenance

Until now a page's `article_pages.provenance` held where each field came from and the marks
of fields a person set (`hand`, `given`), which `reextract` kept, while
`articles.meta_provenance` held where each field came from for every article, pages and
text files alike, and what was dropped. The marks move into `articles.meta_provenance`
(`{"fields": {...}, "warnings": [...]}`), which becomes the only record, and the page's
column goes. A field's mark wins over where a reading took it from; a field only the page
named is kept as the page named it.

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SET_BY_A_PERSON = ("hand", "given")

articles = sa.table("articles", sa.column("id", sa.Integer), sa.column("meta_provenance", sa.JSON))
pages = sa.table("article_pages", sa.column("article_id", sa.Integer), sa.column("provenance", sa.JSON))


def merged(record: Any, page: Any) -> dict[str, Any]:
    """The article's record with what only the page said, and every person's mark."""
    record = record if isinstance(record, dict) else {}
    fields = dict(record.get("fields") or {})
    for name, where in (page if isinstance(page, dict) else {}).items():
        if name not in fields or where in SET_BY_A_PERSON:
            fields[name] = where
    return {"fields": fields, "warnings": list(record.get("warnings") or [])}


def upgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(pages.c.article_id, pages.c.provenance, articles.c.meta_provenance).join(
            articles, articles.c.id == pages.c.article_id
        )
    ).all()
    for article_id, page, record in rows:
        conn.execute(
            articles.update()
            .where(articles.c.id == article_id)
            .values(meta_provenance=merged(record, page))
        )
    with op.batch_alter_table("article_pages", schema=None) as batch_op:
        batch_op.drop_column("provenance")


def downgrade() -> None:
    with op.batch_alter_table("article_pages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("provenance", sa.JSON(), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(pages.c.article_id, articles.c.meta_provenance).join(
            articles, articles.c.id == pages.c.article_id
        )
    ).all()
    for article_id, record in rows:
        fields = (record or {}).get("fields") or {} if isinstance(record, dict) else {}
        conn.execute(
            pages.update().where(pages.c.article_id == article_id).values(provenance=dict(fields))
        )
    conn.execute(pages.update().where(pages.c.provenance.is_(None)).values(provenance={}))
    with op.batch_alter_table("article_pages", schema=None) as batch_op:
        batch_op.alter_column("provenance", existing_type=sa.JSON(), nullable=False)
