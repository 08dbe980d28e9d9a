"""one key for quotes without an article: their speaker and words

Revision ID: 0005
Revises: 0004

UNIQUE(article_id, text_key) never clashes for article-less quotes (NULLs differ), so
concurrent writers could store the same unsourced quote twice. The partial unique index
makes (expert_id, text_key) the identity of such a quote, as `add` and `import` already
treat it. Duplicates stored before are folded into the oldest row first: their topics and
revisions move to it, and change rows tell the search index.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_UNSOURCED = sa.text("article_id IS NULL")


def _fold_duplicates(conn: sa.Connection) -> int:
    groups = conn.execute(
        sa.text(
            "SELECT expert_id, text_key, min(id) FROM quotes WHERE article_id IS NULL "
            "GROUP BY expert_id, text_key HAVING count(*) > 1"
        )
    ).all()
    folded = 0
    for expert_id, key, keeper in groups:
        extra = conn.scalars(
            sa.text(
                "SELECT id FROM quotes WHERE article_id IS NULL AND expert_id = :e "
                "AND text_key = :k AND id <> :keep"
            ),
            {"e": expert_id, "k": key, "keep": keeper},
        ).all()
        for dup in extra:
            params = {"dup": dup, "keep": keeper}
            conn.execute(
                sa.text(
                    "INSERT INTO quote_topics (quote_id, topic_id, source) "
                    "SELECT :keep, topic_id, source FROM quote_topics d WHERE d.quote_id = :dup "
                    "AND NOT EXISTS (SELECT 1 FROM quote_topics k "
                    "WHERE k.quote_id = :keep AND k.topic_id = d.topic_id)"
                ),
                params,
            )
            conn.execute(
                sa.text("UPDATE quote_revisions SET quote_id = :keep WHERE quote_id = :dup"),
                params,
            )
            conn.execute(sa.text("DELETE FROM quote_topics WHERE quote_id = :dup"), params)
            conn.execute(sa.text("DELETE FROM quotes WHERE id = :dup"), params)
            conn.execute(
                sa.text("INSERT INTO changes (quote_id, op) VALUES (:dup, 'delete')"), params
            )
            folded += 1
        conn.execute(
            sa.text("INSERT INTO changes (quote_id, op) VALUES (:keep, 'upsert')"),
            {"keep": keeper},
        )
    return folded


def upgrade() -> None:
    _fold_duplicates(op.get_bind())
    op.create_index(
        "uq_quotes_unsourced",
        "quotes",
        ["expert_id", "text_key"],
        unique=True,
        sqlite_where=_UNSOURCED,
        postgresql_where=_UNSOURCED,
    )


def downgrade() -> None:
    op.drop_index("uq_quotes_unsourced", table_name="quotes")
