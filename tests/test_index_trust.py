"""The index as a projection under faults: damage, locks and rebuilds never cost an answer."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from conftest import REPO, Cli, seeded_archive
from quotesdb.db.editing import NewQuote, add_quote
from quotesdb.index.storage import MappedStorage


@pytest.fixture
def seeded(sqlite_cli: Cli) -> Cli:
    return seeded_archive(sqlite_cli.home, None)


def _current(cli: Cli) -> Path:
    index_dir = cli.home / "index"
    return index_dir / (index_dir / "CURRENT").read_text().strip()


@pytest.mark.parametrize("suffix", ["._stored.col", ".pst", ".day.col", ".trm", ".toc"])
def test_a_truncated_index_file_is_found_and_rebuilt(seeded: Cli, suffix: str) -> None:
    [victim] = [p for p in _current(seeded).iterdir() if p.name.endswith(suffix)]
    victim.write_bytes(victim.read_bytes()[: victim.stat().st_size // 2])
    found = seeded.run("search", "covid", "--json")
    assert found.returncode == 0 and "Traceback" not in found.stderr
    assert "damaged" in found.stderr and "rebuilt" in found.stderr
    assert [h["speaker"]["name"] for h in json.loads(found.stdout)] == ["Alexander Vorontsov"] * 2
    assert seeded.run("check").returncode == 0


def test_check_verifies_checksums(seeded: Cli) -> None:
    [victim] = [p for p in _current(seeded).iterdir() if p.name.endswith(".pst")]
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size: only the checksum tells
    victim.write_bytes(bytes(data))
    result = seeded.run("check")
    assert result.returncode == 0 and "damaged" in result.stderr, result.stderr


def test_a_committed_write_is_exit_0_when_the_index_cannot_be_written(seeded: Cli) -> None:
    shutil.rmtree(seeded.home / "index")
    (seeded.home / "index").write_text("in the way", encoding="utf-8")
    # A file in the index's place is kept aside and the index rebuilt; with the place for
    # that taken too, the index cannot be written at all.
    (seeded.home / "index.not-a-folder").write_text("taken", encoding="utf-8")
    added = seeded.run("add", "Stored all the same.", "--speaker", "Ann Lee")
    assert added.returncode == 0, added.stderr
    assert "warning: search index not updated yet" in added.stderr
    assert "Traceback" not in added.stderr
    (seeded.home / "index").unlink()
    assert json.loads(seeded.run("search", "stored", "--json").stdout)[0]["text"].startswith(
        "Stored all"
    )


def test_a_reader_answers_while_another_process_holds_the_index_lock(seeded: Cli) -> None:
    engine = create_engine(f"sqlite:///{seeded.home / 'quotesdb.sqlite3'}")
    with Session(engine) as session, session.begin():
        add_quote(session, NewQuote(text="Zanzibar cloves are rising.", speaker="Ann Spice"))
    engine.dispose()
    lock = MappedStorage(str(_current(seeded))).lock("MAIN_WRITELOCK")
    assert lock.acquire()
    try:
        found = seeded.process("search", "covid")
        assert found.returncode == 0 and "1 changes behind" in found.stderr, found.stderr
    finally:
        lock.release()
    assert "Ann Spice" in seeded.run("search", "zanzibar").stdout


def test_rebuilds_and_readers_at_once(seeded: Cli) -> None:
    """Two `reindex` and readers together: no traceback, no generation pulled from under one."""
    base = [sys.executable, "-m", "quotesdb", *seeded.args()]
    jobs = [[*base, "reindex"]] * 2 + [[*base, "search", "covid", "--json"]] * 4
    procs = [
        subprocess.Popen(job, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for job in jobs
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0 and "Traceback" not in err, err
    for out, _err in outputs[2:]:
        assert len(json.loads(out)) == 2
    assert seeded.run("check").returncode == 0
    assert len(list((seeded.home / "index").glob("gen-*"))) <= 2


def test_damage_the_size_check_misses_is_rebuilt_when_read(seeded: Cli) -> None:
    [victim] = [p for p in _current(seeded).iterdir() if p.name.endswith("._stored.col")]
    victim.write_bytes(b"\x00" * victim.stat().st_size)  # same size, nothing readable
    for command in (("search", "covid", "--json"), ("cite", "1")):
        found = seeded.run(*command)
        assert found.returncode == 0 and "Traceback" not in found.stderr, found.stderr
        assert "Vorontsov" in found.stdout or command[0] == "cite"
