"""Hostile input, one case at a time: clean one-line errors, bounded memory, nothing lost."""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, SEEDS, Cli
from quotesdb.config import encode_password, redact_url
from quotesdb.db.transfer import spreadsheet_safe

HUGE = "99999999999999999999"


@pytest.fixture
def seeded(sqlite_cli: Cli) -> Cli:
    assert sqlite_cli("ingest", str(SEEDS)).exit_code == 0
    return sqlite_cli


def _one_clean_line(done: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


@pytest.mark.parametrize(
    "args",
    [
        ["edit", HUGE, "--speaker", "X"],
        ["delete", HUGE, "--yes"],
        ["tag", HUGE, "war"],
        ["verify", HUGE],
        ["cite", HUGE],
        ["edit", "0", "--speaker", "X"],
    ],
)
def test_ids_beyond_64_bits_are_unknown_quotes(seeded: Cli, args: list[str]) -> None:
    done = seeded.run(*args)
    assert done.returncode != 0
    assert "no quote with id" in _one_clean_line(done)


def test_add_to_an_article_id_beyond_64_bits(seeded: Cli) -> None:
    done = seeded.run("add", "--article", HUGE, "--speaker", "Ann Lee", "-", input="Hi there.")
    assert done.returncode != 0
    assert "no article with id" in _one_clean_line(done)


def test_a_closed_pipe_ends_quietly(seeded: Cli) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "quotesdb", *seeded.args("export")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the first write, as with `| head -0`
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141
    assert err == ""


def test_spreadsheet_formulas_are_defused() -> None:
    for cell in ("=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert spreadsheet_safe(cell) == "'" + cell
    assert spreadsheet_safe("plain words") == "plain words"
    assert spreadsheet_safe(-3) == -3


def test_csv_export_defuses_a_stored_formula(seeded: Cli) -> None:
    added = seeded(
        "add", "--speaker", "=Evil Name", "-", input='=HYPERLINK("http://x.test","click")'
    )
    assert added.exit_code == 0, added.output
    done = seeded.run("export", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    row = next(r for r in rows if "HYPERLINK" in r["text"])
    assert row["text"].startswith("'=") and row["speaker"].startswith("'=")


def test_export_refuses_fifos_folders_and_silent_overwrites(seeded: Cli, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for target in (fifo, tmp_path):
        done = seeded.run("export", "-o", str(target), "--force")
        assert done.returncode != 0 and "not a regular file" in _one_clean_line(done)
    assert stat.S_ISFIFO(fifo.stat().st_mode)

    out = tmp_path / "out.jsonl"
    out.write_text("keep me\n")
    out.chmod(0o640)
    done = seeded.run("export", "-o", str(out))
    assert done.returncode != 0 and "--force" in _one_clean_line(done)
    assert out.read_text() == "keep me\n"
    assert seeded.run("export", "-o", str(out), "--force").returncode == 0
    assert out.read_text().startswith('{"format"')
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_a_new_export_file_gets_the_usual_mode(seeded: Cli, tmp_path: Path) -> None:
    out = tmp_path / "new.jsonl"
    assert seeded.run("export", "-o", str(out)).returncode == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


@pytest.mark.parametrize(
    ("url", "hidden"),
    [
        ("postgresql+psycopg://u:p@ss@db.test:5432/q", "p@ss"),
        ("postgresql://u:a/b?c@db.test/q", "a/b?c"),
        ("postgresql://db.test/q?sslmode=require&password=hunter2", "hunter2"),
        ("postgresql://db.test/q?user=u&PassWord=hunter2#x", "hunter2"),
        ("postgresql://u:plain@db.test/q", "plain"),
    ],
)
def test_passwords_never_reach_output(url: str, hidden: str) -> None:
    assert hidden not in redact_url(url)
    assert hidden not in redact_url(encode_password(url))
    assert "db.test" in redact_url(url)


def test_a_raw_at_sign_in_a_password_is_encoded_for_the_driver() -> None:
    from sqlalchemy import make_url

    parsed = make_url(encode_password("postgresql://u:p@ss@db.test:5432/q"))
    assert (parsed.password, parsed.host, parsed.database) == ("p@ss", "db.test", "q")
    assert encode_password("sqlite:////tmp/a@b/q.db") == "sqlite:////tmp/a@b/q.db"


def test_an_unreachable_server_is_named_without_its_password(tmp_path: Path) -> None:
    url = "postgresql+psycopg://postgres:se@cret@127.0.0.1:1/test?password=hunter2"
    done = Cli(tmp_path, url).run("stats")
    line = _one_clean_line(done)
    assert done.returncode != 0 and "refused" in line.lower()
    assert "se@cret" not in line and "cret" not in line and "hunter2" not in line


@pytest.mark.parametrize(
    "query",
    ['"w1"day:[0 TO 1]', "(x)day:1", "'a'day:3", "x AND year:[2000 TO 2030]", '"a"stamp:x'],
)
def test_internal_fields_cannot_be_reached(seeded: Cli, query: str) -> None:
    done = seeded.run("search", query)
    assert done.returncode == 2
    assert "query" in _one_clean_line(done)


def test_public_fields_still_work(seeded: Cli) -> None:
    done = seeded.run("search", "speaker:markov", "--json")
    assert done.returncode == 0 and json.loads(done.stdout)


def test_one_bad_file_in_a_folder_costs_only_itself(sqlite_cli: Cli, seeds_copy: Path) -> None:
    (seeds_copy / "bad-date.md").write_text(
        "---\ntitle: Bad\ndate: 2024-02-30\n---\n\n“Hello there, friends,” said John Smith.\n"
    )
    deep = "[" * 5000 + "]" * 5000
    (seeds_copy / "deep.md").write_text(f"---\ntitle: Deep\ntags: {deep}\n---\n\nText.\n")
    done = sqlite_cli.run("ingest", str(seeds_copy))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "bad-date.md: impossible value in front matter" in done.stderr
    assert "deep.md: front matter nested too deeply" in done.stderr
    assert "2 new" in done.stderr and "2 failed" in done.stderr
    stats = json.loads(sqlite_cli.run("stats", "--json").stdout)
    assert stats["articles"] == 2 and stats["quotes"] > 0


def test_an_article_over_the_size_limit_is_refused(
    sqlite_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUOTESDB_MAX_ARTICLE", "1000")
    big = tmp_path / "big.txt"
    big.write_text("“Words,” said Ann Lee. " * 100)
    done = sqlite_cli.run("ingest", str(big))
    assert done.returncode == 1 and "QUOTESDB_MAX_ARTICLE" in done.stderr


def _export(seeded: Cli, tmp_path: Path) -> list[str]:
    out = tmp_path / "all.jsonl"
    assert seeded.run("export", "-o", str(out)).returncode == 0
    return out.read_text().splitlines(keepends=True)


def _import_error(cli: Cli, path: Path) -> str:
    done = cli.run("import", str(path))
    assert done.returncode != 0
    return _one_clean_line(done)


def test_broken_archives_give_one_line(seeded: Cli, tmp_path: Path) -> None:
    lines = _export(seeded, tmp_path)
    fresh = Cli(tmp_path / "fresh", None)
    data = "".join(lines).encode()

    truncated = tmp_path / "cut.jsonl.gz"
    truncated.write_bytes(gzip.compress(data)[: len(gzip.compress(data)) // 2])
    assert "cannot read" in _import_error(fresh, truncated)

    mangled = bytearray(bz2.compress(data))
    mangled[len(mangled) // 2] ^= 0xFF
    broken = tmp_path / "bad.jsonl.bz2"
    broken.write_bytes(bytes(mangled))
    assert "bad.jsonl.bz2" in _import_error(fresh, broken)

    deep = tmp_path / "deep.jsonl"
    deep.write_text(lines[0] + "[" * 100_000 + "]" * 100_000 + "\n")
    assert "line 2: JSON nested too deeply" in _import_error(fresh, deep)


def test_a_decompression_bomb_is_stopped_at_the_line_limit(
    sqlite_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUOTESDB_MAX_LINE", "100000")
    bomb = tmp_path / "bomb.jsonl.gz"
    with gzip.open(bomb, "wb") as out:
        out.write(b'{"format": "quotesdb/1"}\n')
        for _ in range(64):  # 64 MiB of one line, a few KB on disk
            out.write(b"a" * 2**20)
    assert bomb.stat().st_size < 2**20
    line = _import_error(sqlite_cli, bomb)
    assert "line 2: longer than 100,000 characters" in line


def test_an_oversized_quote_is_refused_everywhere(
    seeded: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUOTESDB_MAX_QUOTE", "500")
    long_text = "word " * 200
    done = seeded.run("add", "--speaker", "Ann Lee", "-", input=long_text)
    assert done.returncode != 0 and "QUOTESDB_MAX_QUOTE" in _one_clean_line(done)

    lines = _export(seeded, tmp_path)
    record = json.loads(next(line for line in lines if '"type": "quote"' in line))
    record["text"] = long_text
    path = tmp_path / "long.jsonl"
    path.write_text(lines[0] + json.dumps(record) + "\n")
    assert "QUOTESDB_MAX_QUOTE" in _import_error(Cli(tmp_path / "fresh", None), path)


def test_a_damaged_database_reports_why(seeded: Cli) -> None:
    db = seeded.home / "quotesdb.sqlite3"
    for side in ("-wal", "-shm"):
        Path(f"{db}{side}").unlink(missing_ok=True)
    with db.open("r+b") as f:
        f.write(b"this is no database header")
    for args in (["stats"], ["search", "markov"]):
        line = _one_clean_line(seeded.run(*args))
        assert "not a database" in line and "empty" not in line


def _read_only_mount_works() -> bool:
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount --bind / / && mount -o remount,bind,ro / /"],
        capture_output=True,
    )
    return probe.returncode == 0


def test_a_read_only_archive_can_be_searched_and_cited(seeded: Cli, tmp_path: Path) -> None:
    """The home on read-only media: a bind mount, read-only, in a private mount namespace."""
    if not _read_only_mount_works():
        pytest.skip("no private mount namespace here (needs root with CAP_SYS_ADMIN)")
    assert seeded.run("search", "markov").returncode == 0  # the index caught up, writable
    home = seeded.home
    script = (
        f"mount --bind {home} {home} && mount -o remount,bind,ro {home} {home} && "
        f"touch {home}/probe 2>/dev/null && exit 9; "
        f"{sys.executable} -m quotesdb --home {home} search markov --json > {tmp_path}/s.json"
        f" && {sys.executable} -m quotesdb --home {home} cite 1 > {tmp_path}/c.md"
        f" && {sys.executable} -m quotesdb --home {home} stats --json > {tmp_path}/t.json;"
        f" echo $? > {tmp_path}/rc; {sys.executable} -m quotesdb --home {home} tag 1 x"
    )
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, cwd=REPO
    )
    assert (tmp_path / "rc").read_text().strip() == "0", done.stderr
    assert json.loads((tmp_path / "s.json").read_text())
    assert "The Hill" in (tmp_path / "c.md").read_text()
    assert json.loads((tmp_path / "t.json").read_text())["quotes"] > 0
    assert done.returncode == 1 and "readonly" in done.stderr and "Traceback" not in done.stderr
