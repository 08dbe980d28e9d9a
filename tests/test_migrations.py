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


def test_0005_folds_unsourced_duplicates_into_the_oldest(db_url: str) -> None:
    from sqlalchemy import text

    engine = create_engine(db_url)
    upgrade(engine, "0004")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO experts (id, name, norm_name, is_person, created_at) "
                "VALUES (1, 'Ann Lee', 'ann lee', true, CURRENT_TIMESTAMP)"
            )
        )
        conn.execute(text("INSERT INTO topics (id, name, norm_name) VALUES (1, 'Trade', 'trade')"))
        for quote_id in (1, 2, 3):
            conn.execute(
                text(
                    "INSERT INTO quotes (id, expert_id, text, text_key, kind, origin, hand_edited,"
                    " created_at, updated_at) VALUES (:id, 1, 'Same words.', 'k', 'full', 'hand',"
                    " false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                ),
                {"id": quote_id},
            )
        conn.execute(text("INSERT INTO quote_topics VALUES (3, 1, 'hand')"))
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT id FROM quotes")).scalars().all() == [1]
        assert conn.execute(text("SELECT quote_id FROM quote_topics")).scalars().all() == [1]
        ops = conn.execute(text("SELECT quote_id, op FROM changes ORDER BY seq")).all()
        assert sorted(ops) == [(1, "upsert"), (2, "delete"), (3, "delete")]
    engine.dispose()


def test_0012_moves_a_pages_marks_into_the_articles_one_record(db_url: str) -> None:
    """A field a person set (marked on the page) is marked so in articles.meta_provenance,
    which keeps its own sources and warnings; going back puts the marks on the page."""
    import json

    from sqlalchemy import text

    engine = create_engine(db_url)
    upgrade(engine, "0011")
    record = {"fields": {"title": "og:title", "authors": "json-ld"}, "warnings": ["w: dropped"]}
    page = {"title": "hand", "published": "given", "text": "trafilatura", "authors": "meta author"}
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO articles (id, identity, title, language, meta_provenance, "
                "ingested_at, updated_at) VALUES (1, 'url:https://e.example/a', 'A ferry', "
                "'en', :record, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            ),
            {"record": json.dumps(record)},
        )
        conn.execute(
            text(
                "INSERT INTO article_pages (article_id, content_type, raw_gzip, provenance, "
                "stored_at) VALUES (1, 'text/html', :raw, :page, CURRENT_TIMESTAMP)"
            ),
            {"raw": b"\x1f\x8b", "page": json.dumps(page)},
        )
    upgrade(engine)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT meta_provenance FROM articles")).scalar_one()
        columns = {c["name"] for c in inspect(conn).get_columns("article_pages")}
    stored = json.loads(stored) if isinstance(stored, str) else stored
    assert stored == {
        "fields": {
            "title": "hand",
            "authors": "json-ld",
            "published": "given",
            "text": "trafilatura",
        },
        "warnings": ["w: dropped"],
    }
    assert "provenance" not in columns
    downgrade(engine, "0011")
    with engine.connect() as conn:
        back = conn.execute(text("SELECT provenance FROM article_pages")).scalar_one()
    back = json.loads(back) if isinstance(back, str) else back
    assert back["title"] == "hand" and back["published"] == "given"
    engine.dispose()
