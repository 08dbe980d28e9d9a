"""What keeps an index generation trustworthy: one rebuilder at a time, and file checksums.

Rebuilding takes `index/REBUILD.lock` (an flock: the kernel releases it when its holder
dies, so a killed `reindex` never leaves a stale lock). Every index commit records each
file's size and CRC-32 in the generation's `applied.json`; opening the index compares
sizes (a stat per file), `check` compares checksums too, and any mismatch is damage
that sends the caller to rebuild from the database. Shared by every backend. Segment
files are never rewritten, so a file the record does not list is newer than it (a
commit the record missed) and one it lists that is gone was merged away: neither is
damage (a backend leaves out the few files its engine rewrites at every commit).
"""

from __future__ import annotations

import errno
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: rebuilds are not serialised
    fcntl = None  # type: ignore[assignment]

REBUILD_LOCK = "REBUILD.lock"
_NOT_DATA = ("applied.json", "applied.json.tmp")
Manifest = dict[str, list[int]]  # file name -> [size, crc32]


@contextmanager
def rebuild_lock(index_dir: Path, *, wait: bool = True) -> Iterator[bool]:
    """Hold the rebuild lock; with `wait=False` yields False at once if another holds it."""
    if index_dir.exists() and not index_dir.is_dir():
        # Something else took the index's place: kept aside, and the index rebuilt.
        aside = index_dir.with_name(f"{index_dir.name}.not-a-folder")
        if aside.exists():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(index_dir))
        index_dir.rename(aside)
    index_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(index_dir / REBUILD_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
        yield True
    finally:
        os.close(fd)  # closing releases the lock


def _crc(path: Path) -> int:
    crc = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            crc = zlib.crc32(block, crc)
    return crc


def _data_files(path: Path) -> Iterator[os.DirEntry[str]]:
    with os.scandir(path) as entries:
        for entry in entries:
            name = entry.name
            if name in _NOT_DATA or name.upper().endswith("LOCK") or not entry.is_file():
                continue
            yield entry


def manifest(path: Path, known: Manifest | None = None) -> Manifest:
    """Every index file's size and checksum; files `known` at the same size are not reread."""
    known = known or {}
    out: Manifest = {}
    for entry in _data_files(path):
        size = entry.stat().st_size
        before = known.get(entry.name)
        if before is not None and before[0] == size:
            out[entry.name] = before
        else:
            out[entry.name] = [size, _crc(Path(entry.path))]
    return out


def damaged_files(path: Path, recorded: Manifest, *, deep: bool = False) -> list[str]:
    """Files whose size (or, when `deep`, checksum) is not what the last commit recorded."""
    bad = []
    for name, (size, crc) in sorted(recorded.items()):
        file = path / name
        try:
            found = file.stat().st_size
        except FileNotFoundError:
            continue  # merged away by a later commit
        if found != size or (deep and _crc(file) != crc):
            bad.append(name)
    return bad
