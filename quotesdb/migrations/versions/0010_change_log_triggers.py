"""The change log written by the database: triggers log every write of an indexed field

Until now each service remembered to add a `changes` row beside its write; one that
forgot (or a bulk path written in Core) left the search index and the trace keys behind.
These triggers log the quotes whose index document a write changes, in the same
transaction, whoever writes: the ORM, Core bulk inserts, or plain SQL.

On SQLite they are row triggers (an UPDATE logs only when a watched column really
changed); on PostgreSQL statement triggers over transition tables, so a bulk insert of
5,000 quotes logs them in one INSERT … SELECT rather than 5,000 function calls.

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence
from dataclasses import dataclass

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


@dataclass(frozen=True)
class Source:
    """A table whose writes change quotes' index documents (see index/source.py DOCS_SQL)."""

    table: str
    key: tuple[str, ...]  # its primary key: old and new rows are paired on it
    watched: tuple[str, ...]  # an UPDATE of these changes the documents
    quotes: str  # the quote ids the rows `r` (in {rows}) touch
    on_insert_and_delete: bool  # False: no quote can refer to a row being inserted/deleted


SOURCES = (
    Source(
        "quotes",
        ("id",),
        ("text", "paragraph", "kind", "speaker_description", "expert_id", "article_id",
         "confidence"),
        "SELECT r.id FROM {rows} r",
        True,
    ),  # fmt: skip
    Source(
        "quote_topics",
        ("quote_id", "topic_id"),
        ("quote_id", "topic_id"),
        "SELECT r.quote_id FROM {rows} r",
        True,
    ),
    Source(
        "topics",
        ("id",),
        ("name",),
        "SELECT qt.quote_id FROM quote_topics qt JOIN {rows} r ON qt.topic_id = r.id",
        False,
    ),
    Source(
        "experts",
        ("id",),
        ("name",),
        "SELECT q.id FROM quotes q JOIN {rows} r ON q.expert_id = r.id",
        False,
    ),
    Source(
        "expert_aliases",
        ("id",),
        ("alias", "expert_id"),
        "SELECT q.id FROM quotes q JOIN {rows} r ON q.expert_id = r.expert_id",
        True,
    ),
    Source(
        "articles",
        ("id",),
        ("title", "url", "published", "published_precision", "section", "fetched_at",
         "outlet_id"),
        "SELECT q.id FROM quotes q JOIN {rows} r ON q.article_id = r.id",
        False,
    ),  # fmt: skip
    Source(
        "outlets",
        ("id",),
        ("name",),
        "SELECT q.id FROM quotes q JOIN articles a ON a.id = q.article_id "
        "JOIN {rows} r ON a.outlet_id = r.id",
        False,
    ),
    Source(
        "article_authors",
        ("article_id", "author_id"),
        ("article_id", "author_id", "position"),
        "SELECT q.id FROM quotes q JOIN {rows} r ON q.article_id = r.article_id",
        True,
    ),
    Source(
        "authors",
        ("id",),
        ("name",),
        "SELECT q.id FROM quotes q JOIN article_authors aa ON aa.article_id = q.article_id "
        "JOIN {rows} r ON aa.author_id = r.id",
        False,
    ),
)


def _events(source: Source) -> list[str]:
    return ["insert", "update", "delete"] if source.on_insert_and_delete else ["update"]


def _log(source: Source, event: str, *rows: str) -> str:
    """One INSERT of the quotes these rows touch (a quote once, however many rows)."""
    op_name = "delete" if source.table == "quotes" and event == "delete" else "upsert"
    touched = " UNION ".join(source.quotes.format(rows=r) for r in rows)
    return f"INSERT INTO changes (quote_id, op) SELECT DISTINCT x.*, '{op_name}' FROM ({touched}) x"


def _follows_old(source: Source) -> bool:
    """Whether an UPDATE can leave other quotes than the new row touches (an alias moved
    to another expert, a topic taken from one quote and given to another)."""
    return source.quotes.count("r.") != source.quotes.count("r.id") or source.key != ("id",)


def _name(source: Source, event: str) -> str:
    return f"changes_on_{source.table}_{event}"


# ---- SQLite: row triggers ---------------------------------------------------------------


def _sqlite_row(source: Source, alias: str) -> str:
    columns = dict.fromkeys((*source.key, *source.watched))
    return "(SELECT " + ", ".join(f"{alias}.{c} AS {c}" for c in columns) + ")"


def _sqlite_create(source: Source, event: str) -> str:
    when = ""
    if event == "insert":
        rows = [_sqlite_row(source, "NEW")]
    elif event == "delete":
        rows = [_sqlite_row(source, "OLD")]
    else:
        rows = [_sqlite_row(source, "NEW")]
        rows += [_sqlite_row(source, "OLD")] if _follows_old(source) else []
        when = " WHEN " + " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in source.watched)
    return (
        f"CREATE TRIGGER {_name(source, event)} AFTER {event.upper()} ON {source.table} "
        f"FOR EACH ROW{when}\nBEGIN\n  {_log(source, event, *rows)};\nEND"
    )


# ---- PostgreSQL: statement triggers over transition tables -----------------------------


def _pg_changed(source: Source, side: str) -> str:
    """The `side` ("n" new or "o" old) rows of an UPDATE whose watched columns changed."""
    if set(source.watched) & set(source.key):  # a key changed: rows cannot be paired
        return f"(SELECT * FROM {'new_rows' if side == 'n' else 'old_rows'})"
    pair = " AND ".join(f"o.{c} = n.{c}" for c in source.key)
    differs = " OR ".join(f"o.{c} IS DISTINCT FROM n.{c}" for c in source.watched)
    return f"(SELECT {side}.* FROM new_rows n JOIN old_rows o ON {pair} WHERE {differs})"


def _pg_create(source: Source, event: str) -> list[str]:
    name = _name(source, event)
    if event == "insert":
        rows, referencing = ["new_rows"], "NEW TABLE AS new_rows"
    elif event == "delete":
        rows, referencing = ["old_rows"], "OLD TABLE AS old_rows"
    else:
        rows = [_pg_changed(source, "n")]
        rows += [_pg_changed(source, "o")] if _follows_old(source) else []
        referencing = "OLD TABLE AS old_rows NEW TABLE AS new_rows"
    return [
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n  {_log(source, event, *rows)};\n  RETURN NULL;\nEND\n$$",
        f"CREATE TRIGGER {name} AFTER {event.upper()} ON {source.table} "
        f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
    ]


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for source in SOURCES:
        for event in _events(source):
            for statement in (
                _pg_create(source, event) if postgres else [_sqlite_create(source, event)]
            ):
                op.execute(statement)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for source in SOURCES:
        for event in _events(source):
            name = _name(source, event)
            if postgres:
                op.execute(f"DROP TRIGGER IF EXISTS {name} ON {source.table}")
                op.execute(f"DROP FUNCTION IF EXISTS {name}()")
            else:
                op.execute(f"DROP TRIGGER IF EXISTS {name}")
