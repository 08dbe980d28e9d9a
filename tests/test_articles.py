"""Reading article files: front matter, encodings, folders, and hostile input."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotesdb.articles import (
    decode,
    headline_title,
    iter_article_paths,
    parse_article,
    read_article,
)
from quotesdb.config import redact_url, resolve
from quotesdb.errors import InputError


def test_front_matter_keys_and_body() -> None:
    source = parse_article(
        "---\ntitle: 'A: colon title'\nauthors: Jo Bloggs\npublished: 2024-02-29\n"
        "tags: [Energy, energy, Oil]\nurl: https://x.example/a\n---\nBody “text”.\n",
        "a.md",
    )
    meta = source.meta
    assert meta.title == "A: colon title" and meta.authors == ("Jo Bloggs",)
    assert meta.published == dt.date(2024, 2, 29) and meta.tags == ("Energy", "energy", "Oil")
    assert meta.url == "https://x.example/a" and meta.outlet is None
    assert source.body == "Body “text”.\n"


def test_authors_as_list_and_missing_keys() -> None:
    meta = parse_article("---\ntitle: T\nauthors:\n  - A One\n  - B Two\n---\n").meta
    assert meta.authors == ("A One", "B Two") and meta.published is None and meta.tags == ()


def test_no_front_matter_keeps_everything_as_body() -> None:
    raw = "Headline here\n\n“Quote,” she said.\n"
    source = parse_article(raw)
    assert source.body == raw and source.meta.title is None
    assert headline_title(source.body) == "Headline here"
    assert headline_title("This is a sentence.\nMore.") is None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("---\ntitle: [broken\n---\nx", "broken front matter"),
        ("---\n- a\n- b\n---\nx", "must be `key: value`"),
        ("---\ntitle: {a: 1}\n---\nx", "`title` must be text"),
    ],
)
def test_bad_front_matter_names_the_problem(raw: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_article(raw, "f.md")


def test_decode_refuses_binary_and_bad_utf8() -> None:
    with pytest.raises(InputError, match="binary"):
        decode(b"abc\x00def", "f")
    with pytest.raises(InputError, match="not UTF-8 text \\(bad byte at offset 2\\)"):
        decode(b"ab\xffcd", "f")
    assert decode("é".encode(), "f") == "é"


def test_read_article_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_article(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_article(tmp_path)


def test_folders_are_walked_for_articles_only(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("a.txt", "b/c.md", "b/d.json", ".hidden/e.txt", "F.TXT"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_article_paths([tmp_path])]
    assert found == ["F.TXT", "a.txt", "b/c.md"]
    with pytest.raises(InputError):
        list(iter_article_paths([tmp_path / "nope"]))


def test_settings_and_password_redaction(tmp_path: Path) -> None:
    settings = resolve(tmp_path, None)
    assert settings.database_url == f"sqlite:///{tmp_path / 'quotesdb.sqlite3'}"
    assert settings.index_dir == tmp_path / "index"
    url = "postgresql+psycopg://editor:hunter2@db.example:5432/quotes"
    assert redact_url(url) == "postgresql+psycopg://editor:***@db.example:5432/quotes"
    assert "hunter2" not in resolve(tmp_path, url).safe_url


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_parses_or_fails_cleanly(text: str) -> None:
    for raw in (text, f"---\n{text}\n---\nbody"):
        try:
            source = parse_article(raw, "fuzz.md")
        except InputError:
            continue
        assert isinstance(source.body, str)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_decode_or_fail_cleanly(data: bytes) -> None:
    with contextlib.suppress(InputError):
        assert isinstance(decode(data, "fuzz"), str)
