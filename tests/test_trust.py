"""Trust under hostile input: one bad file or id never costs more than itself, messages tell
the real reason and never a password, output ends quietly when its reader leaves."""

from __future__ import annotations

import csv
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import PG_URL, REPO, SEEDS, Cli, require_postgres
from quotesdb.config import normalise_url, redact_url, resolve
from quotesdb.search.source import Source

HUGE_ID = "99999999999999999999"


def _quotesdb(
    home: Path, *args: str, stdout: int | None = None, process: bool = False
) -> subprocess.CompletedProcess[str]:
    """The CLI over `home`: in this process (answered as a process would, see `Cli.run`)
    unless the test hands it a stdout of its own, which only a real process can write to,
    or asks for a process (one that could block, as on a FIFO, is then ended by its timeout)."""
    if stdout is None and not process:
        return Cli(home, None).run(*args)
    return subprocess.run(
        [sys.executable, "-m", "quotesdb", "--home", str(home), *args],
        cwd=REPO,
        stdout=subprocess.PIPE if stdout is None else stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
    )


def _one_clean_line(done: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    return done.stderr


def test_an_impossible_date_is_dropped_and_deep_nesting_fails_only_its_file(
    seeds_copy: Path,
) -> None:
    (seeds_copy / "000_bad_date.md").write_text(
        "---\ntitle: Bad\npublished: 2024-02-30\n---\nBody.\n", encoding="utf-8"
    )
    (seeds_copy / "000_deep.md").write_text(
        "---\ntitle: " + "[" * 5000 + "\n---\nBody.\n", encoding="utf-8"
    )
    home = seeds_copy.parent / "home"
    done = _quotesdb(home, "ingest", str(seeds_copy))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    failed = [line for line in done.stderr.splitlines() if line.startswith("failed:")]
    assert len(failed) == 1
    assert any("000_deep.md" in line and "nested too deeply" in line for line in failed)
    warned = [line for line in done.stderr.splitlines() if line.startswith("warning:")]
    assert any("000_bad_date.md" in line and "out of range" in line for line in warned)
    stored = len(list(SEEDS.glob("*.txt"))) + 1  # the article with the bad date, undated
    assert f"{stored} new, 0 updated, 0 unchanged, 1 failed" in done.stderr
    assert "Alexander Vorontsov" in _quotesdb(home, "search", "covid", "--json").stdout


@pytest.mark.parametrize(
    "args",
    [
        ("cite", HUGE_ID),
        ("cite", "1", HUGE_ID),
        ("edit", HUGE_ID, "--speaker", "Jane Doe"),
        ("delete", HUGE_ID, "--yes"),
        ("tag", HUGE_ID, "sanctions"),
        ("verify", HUGE_ID),
        ("verify", "--", "-" + HUGE_ID),
        ("add", "Words.", "--speaker", "Jane Doe", "--article", HUGE_ID),
    ],
)
def test_ids_beyond_64_bits_are_unknown_ids(seeded_home: Path, args: tuple[str, ...]) -> None:
    done = _quotesdb(seeded_home, *args)
    assert done.returncode == 1
    assert "no quote with id" in _one_clean_line(done) or "no article with id" in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("search", "russia"),
        ("search", "russia", "--json"),
        ("search", "russia", "--markdown"),
        ("cite", "1", "2", "3"),
        ("experts",),
        ("expert", "lukyanov"),
        ("topics",),
        ("stats",),
        ("export",),
        ("export", "--format", "csv"),
        ("verify", "--all"),
        ("--help",),
        ("search", "--help"),
    ],
)
def test_a_closed_pipe_ends_quietly(seeded_home: Path, args: tuple[str, ...]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first byte, as `| head` after its lines
    try:
        done = _quotesdb(seeded_home, *args, stdout=write_end)
    finally:
        os.close(write_end)
    assert done.returncode == 141
    assert "error" not in done.stderr.lower() and "Traceback" not in done.stderr


def test_csv_export_defuses_spreadsheet_formulas(sqlite_cli: Cli, tmp_path: Path) -> None:
    hostile = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rReturn"]
    for number, words in enumerate(hostile):
        done = sqlite_cli("add", "--speaker", f"=cmd|' /C calc'!A{number}", "--", words)
        assert done.exit_code == 0, done.output
    sqlite_cli("add", "A plain quote.", "--speaker", "Jane Doe")
    out = tmp_path / "quotes.csv"
    assert sqlite_cli("export", "--format", "csv", "-o", str(out)).exit_code == 0
    with out.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    texts = {row["text"] for row in rows}
    assert {'\'=HYPERLINK("http://x")', "'+1+1", "'-2+3", "'@SUM(A1)"} <= texts
    assert "'=cmd|' /C calc'!A0" in {row["speaker"] for row in rows}
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert "A plain quote." in texts and "Jane Doe" in {row["speaker"] for row in rows}


@pytest.mark.parametrize(
    ("url", "secret"),
    [
        ("postgresql+psycopg://postgres:s3cr@t@127.0.0.1:1/test", "s3cr"),
        ("postgresql+psycopg://postgres:p%40ss@127.0.0.1:1/test", "p%40ss"),
        ("postgresql+psycopg://postgres@127.0.0.1:1/test?password=s3cret", "s3cret"),
        ("postgresql+psycopg://postgres@127.0.0.1:1/t?sslmode=disable&password=s3cret", "s3cret"),
        ("postgresql+psycopg://me:a@b@c@127.0.0.1:1/test?application_name=x", "a@b"),
    ],
)
def test_no_password_in_any_message(tmp_path: Path, url: str, secret: str) -> None:
    assert secret not in redact_url(url) and secret not in redact_url(normalise_url(url))
    assert "127.0.0.1" in redact_url(normalise_url(url))
    for command in (("init",), ("stats",), ("search", "x"), ("cite", "1"), ("ingest", str(SEEDS))):
        done = _quotesdb(tmp_path, "--database-url", url, *command)
        assert done.returncode == 1
        message = _one_clean_line(done)
        assert secret not in message and "Connection refused" in message
        fragment = secret.split("@")[-1]
        assert f"'{fragment}@" not in message  # no piece of the password taken for a host


def test_a_raw_at_sign_in_a_password_still_connects() -> None:
    assert normalise_url("postgresql://me:p@ss@host/db") == "postgresql://me:p%40ss@host/db"
    assert normalise_url("postgresql://me:p%40ss@host/db") == "postgresql://me:p%40ss@host/db"
    assert normalise_url("postgresql://me@host/db") == "postgresql://me@host/db"
    assert normalise_url("sqlite:////tmp/a@b/x.sqlite3") == "sqlite:////tmp/a@b/x.sqlite3"


def test_an_unreadable_database_says_why_not_that_it_is_empty(
    seeded_home: Path, tmp_path: Path
) -> None:
    damaged = tmp_path / "damaged"
    shutil.copytree(seeded_home, damaged)
    with (damaged / "quotesdb.sqlite3").open("r+b") as db:
        db.write(b"not a database header at all....")
    for command in (("search", "covid"), ("cite", "1"), ("stats",), ("experts",)):
        done = _quotesdb(damaged, *command)
        message = _one_clean_line(done)
        assert done.returncode == 1 and "empty" not in message
        assert "not a database" in message
    missing = _quotesdb(tmp_path / "nowhere", "search", "covid")
    assert "no database at" in _one_clean_line(missing)


@pytest.mark.postgres
def test_wrong_postgres_database_or_server_down_says_why(tmp_path: Path) -> None:
    require_postgres()
    wrong_name = PG_URL.rsplit("/", 1)[0] + "/no_such_quotes_db"
    down = "postgresql+psycopg://postgres@127.0.0.1:1/test"
    for url, reason in ((wrong_name, "does not exist"), (down, "Connection refused")):
        for command in (("search", "covid"), ("cite", "1"), ("stats",)):
            message = _one_clean_line(_quotesdb(tmp_path, "--database-url", url, *command))
            assert reason in message and "empty" not in message


@pytest.fixture
def read_only_home(seeded_home: Path) -> Iterator[Path]:
    """A copy of the archive nobody may write; root writes anyway, so commands run as nobody."""
    base = Path(tempfile.mkdtemp(prefix="quotesdb-ro-"))
    home = base / "home"
    shutil.copytree(seeded_home, home)
    (mark,) = home.glob("index/gen-*/applied.json")
    applied = json.loads(mark.read_text(encoding="utf-8"))
    applied["seq"] -= 2  # two changes the index has not applied, and cannot
    source = Source(resolve(seeded_home, None))
    applied["change"] = source.change_key(applied["seq"])  # as if it had stopped there
    source.close()
    mark.write_text(json.dumps(applied), encoding="utf-8")
    for path in [home, *home.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    base.chmod(0o755)
    try:
        yield home
    finally:
        for path in [home, *home.rglob("*")]:
            path.chmod(0o755)
        shutil.rmtree(base)


def _as_reader(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run where the home cannot be written: as a normal user, or for root on a read-only
    bind mount in a private mount namespace (root ignores file modes, not a read-only
    mount, and the checkout need not be readable by anyone else)."""
    command = [sys.executable, "-m", "quotesdb", "--home", str(home), *args]
    env = {**os.environ, "HOME": str(home)}
    if os.geteuid() != 0:
        return subprocess.run(command, cwd=REPO, capture_output=True, text=True, env=env)
    mount = f'mount --bind "{home}" "{home}" && mount -o remount,bind,ro "{home}" "{home}"'
    if shutil.which("unshare") is not None:
        probe = subprocess.run(["unshare", "-m", "sh", "-c", mount], capture_output=True)
        if probe.returncode == 0:
            script = f'{mount} && exec "$@"'
            return subprocess.run(
                ["unshare", "-m", "sh", "-c", script, "sh", *command],
                cwd=REPO,
                capture_output=True,
                text=True,
                timeout=120,
                env=env,
            )
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without unshare or setpriv: cannot drop write permission")
    nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    return subprocess.run(
        [*nobody, *command], cwd=REPO, capture_output=True, text=True, timeout=120, env=env
    )


def test_a_read_only_archive_is_searched_and_cited(read_only_home: Path) -> None:
    found = _as_reader(read_only_home, "search", "covid", "--json")
    assert found.returncode == 0 and "Alexander Vorontsov" in found.stdout
    assert "2 changes behind" in found.stderr and "cannot write it" in found.stderr
    cited = _as_reader(read_only_home, "cite", "1")
    assert cited.returncode == 0 and "quoted in" in cited.stdout
    counted = _as_reader(read_only_home, "stats", "--json")
    assert counted.returncode == 0 and json.loads(counted.stdout)["quotes"] > 0
    refused = _as_reader(read_only_home, "tag", "1", "x")
    assert refused.returncode == 1 and "readonly" in _one_clean_line(refused)


def test_export_refuses_fifos_devices_folders_and_existing_files(
    seeded_home: Path, tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for target, kind in (
        (fifo, "a FIFO"),
        (Path("/dev/null"), "a character device"),
        (tmp_path, "a directory"),
    ):
        done = _quotesdb(seeded_home, "export", "-o", str(target), "--force", process=True)
        assert done.returncode == 1 and kind in _one_clean_line(done)
    assert stat.S_ISFIFO(fifo.stat().st_mode) and stat.S_ISCHR(os.stat("/dev/null").st_mode)

    kept = tmp_path / "kept.jsonl"
    kept.write_text("mine\n", encoding="utf-8")
    kept.chmod(0o640)
    refused = _quotesdb(seeded_home, "export", "-o", str(kept))
    assert refused.returncode == 1 and "--force" in _one_clean_line(refused)
    assert kept.read_text(encoding="utf-8") == "mine\n"
    assert _quotesdb(seeded_home, "export", "-o", str(kept), "--force").returncode == 0
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and '"format"' in kept.read_text()

    link = tmp_path / "link.jsonl"
    link.symlink_to(kept)
    assert _quotesdb(seeded_home, "export", "-o", str(link), "--force").returncode == 0
    assert link.is_symlink() and '"format"' in kept.read_text()

    fresh = tmp_path / "fresh.csv"
    assert _quotesdb(seeded_home, "export", "--format", "csv", "-o", str(fresh)).returncode == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask
    assert not list(tmp_path.glob(".*.tmp"))  # written through a temporary file, renamed


def _import(home: Path, path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quotesdb", "--home", str(home), "import", str(path), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **env},
    )


def test_corrupt_compression_and_deep_json_are_one_line(tmp_path: Path) -> None:
    import bz2
    import gzip

    lines = b'{"format": "quotesdb/1"}\n' + b'{"type": "expert", "name": "Jane Doe"}\n' * 200
    packed = gzip.compress(lines)
    (tmp_path / "corrupt.jsonl.gz").write_bytes(packed[:20] + bytes(64) + packed[84:])
    (tmp_path / "cut.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    squeezed = bz2.compress(lines)
    (tmp_path / "corrupt.jsonl.bz2").write_bytes(squeezed[:30] + bytes(64) + squeezed[94:])
    deep = "[" * 100_000 + "]" * 100_000
    (tmp_path / "deep.jsonl").write_text('{"format": "quotesdb/1"}\n' + deep + "\n")
    (tmp_path / "deep_header.jsonl").write_text(deep + "\n")
    (tmp_path / "deep_qb.jsonl").write_text('{"quotation": ' + deep + "}\n")
    home = tmp_path / "home"
    for name, why in (
        ("corrupt.jsonl.gz", "cannot read"),
        ("cut.jsonl.gz", "cannot read"),
        ("corrupt.jsonl.bz2", "cannot read"),
        ("deep.jsonl", "line 2: JSON nested too deeply"),
        ("deep_header.jsonl", "line 1: not a quotesdb export"),
    ):
        done = _import(home, tmp_path / name)
        assert done.returncode == 1 and why in _one_clean_line(done) and name in done.stderr
    done = _import(home, tmp_path / "deep_qb.jsonl", "--format", "quotebank")
    assert "line 1: JSON nested too deeply" in _one_clean_line(done)


def test_a_compression_bomb_fails_at_the_line_limit_in_bounded_memory(tmp_path: Path) -> None:
    """256 MiB on one line from a 1 MB file: refused at a 1 MiB limit, never held whole."""
    import gzip

    bomb = tmp_path / "bomb.jsonl.gz"
    with gzip.open(bomb, "wb", compresslevel=1) as out:
        out.write(b'{"format": "quotesdb/1"}\n{"type": "quote", "text": "')
        block = b"a" * (1024 * 1024)
        for _ in range(256):
            out.write(block)
    measure = (
        "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.returncode)"
    )
    command = [sys.executable, "-m", "quotesdb", "--home", str(tmp_path / "h"), "import"]
    done = subprocess.run(
        [sys.executable, "-c", measure, *command, str(bomb)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "QUOTESDB_MAX_LINE_BYTES": str(1024 * 1024)},
    )
    peak_kib, code = map(int, done.stdout.split())
    assert code == 1 and "line 2 is longer than the limit of 1,048,576 bytes" in done.stderr
    assert done.stderr.count("\n") == 1 and "QUOTESDB_MAX_LINE_BYTES" in done.stderr
    assert peak_kib < 200 * 1024  # the line alone would take 256 MiB, twice over decoded


def test_field_limits_refuse_oversized_quotes_texts_and_names(
    seeds_copy: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    huge_quote = "word " * 3000  # 15,000 characters, over the 10,000 default
    (seeds_copy / "000_long_quote.md").write_text(
        f"---\ntitle: Long\n---\n“{huge_quote.strip()},” said Jane Doe.\n", encoding="utf-8"
    )
    (seeds_copy / "000_long_name.md").write_text(
        f"---\ntitle: {'T' * 3000}\n---\nBody.\n", encoding="utf-8"
    )
    done = _quotesdb(home, "ingest", str(seeds_copy))
    assert done.returncode == 1
    failed = [line for line in done.stderr.splitlines() if line.startswith("failed:")]
    assert len(failed) == 2 and all("QUOTESDB_MAX_" in line for line in failed)
    assert any("000_long_quote.md: quote at" in f and "14,999 characters" in f for f in failed)
    assert any("000_long_name.md: title has 3,000 characters" in f for f in failed)
    stored = len(list(SEEDS.glob("*.txt")))
    assert f"{stored} new" in done.stderr

    added = _quotesdb(home, "add", huge_quote, "--speaker", "Jane Doe")
    assert added.returncode == 1 and "QUOTESDB_MAX_QUOTE_CHARS" in _one_clean_line(added)
    piped = subprocess.run(
        [sys.executable, "-m", "quotesdb", "--home", str(home), "add", "-", "--speaker", "J D"],
        cwd=REPO,
        input="x" * 5_000_000,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert piped.returncode == 1 and "QUOTESDB_MAX_QUOTE_CHARS" in _one_clean_line(piped)
    named = _quotesdb(home, "add", "Fine words.", "--speaker", "N" * 5000)
    assert named.returncode == 1 and "speaker has 5,000" in _one_clean_line(named)
    renamed = _quotesdb(home, "edit", "1", "--speaker", "N" * 5000)
    assert renamed.returncode == 1 and "QUOTESDB_MAX_FIELD_CHARS" in renamed.stderr

    small = subprocess.run(
        [
            sys.executable,
            "-m",
            "quotesdb",
            "--home",
            str(tmp_path / "small"),
            "ingest",
            str(seeds_copy / sorted(p.name for p in seeds_copy.glob("*.txt"))[0]),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QUOTESDB_MAX_FILE_BYTES": "1000"},
    )
    assert small.returncode == 1 and "larger than the limit of 1,000 bytes" in small.stderr

    export = tmp_path / "all.jsonl"
    assert _quotesdb(home, "export", "-o", str(export)).returncode == 0
    refused = _import(tmp_path / "copy", export, QUOTESDB_MAX_TEXT_CHARS="2000")
    assert refused.returncode == 1
    assert "`text` has" in _one_clean_line(refused) and "QUOTESDB_MAX_TEXT_CHARS" in refused.stderr
    assert _import(tmp_path / "copy", export).returncode == 0
    bad_env = _import(tmp_path / "copy", export, QUOTESDB_MAX_LINE_BYTES="lots")
    assert "QUOTESDB_MAX_LINE_BYTES must be a positive whole number" in bad_env.stderr
