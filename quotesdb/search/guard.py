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
import json
import os
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from quotesdb.errors import IndexRepairError

if TYPE_CHECKING:
    from quotesdb.search.source import Source

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: rebuilds are not serialised
    fcntl = None  # type: ignore[assignment]

T = TypeVar("T")

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


# -- a generation's record (`applied.json`) and the folder's `CURRENT` --------------------


def current_generation(folder: Path) -> Path | None:
    """The generation `folder/CURRENT` names, if it exists; a missing, unreadable or
    non-UTF-8 marker is as if there were none (the index is rebuilt)."""
    try:
        name = (folder / "CURRENT").read_text(encoding="utf-8").strip()
    except (OSError, ValueError):
        return None
    path = folder / name
    return path if name and path.is_dir() else None


def applied_record(path: Path) -> dict[str, Any]:
    """The generation's record of what it applied; empty when missing or unreadable."""
    try:
        found = json.loads((path / "applied.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def applied_mark(path: Path) -> int:
    """The last change-log sequence number the generation applied (0: none)."""
    try:
        return int(applied_record(path)["seq"])
    except (KeyError, TypeError, ValueError):
        return 0


def write_applied(
    path: Path,
    seq: int,
    source: Source,
    *,
    schema: int,
    engine: str | None = None,
    rewritten: tuple[str, ...] = (),
) -> None:
    """After an index commit: the change it reached (and what identifies that change in
    the database's history), the database's id, and its files' sizes and checksums
    (less the files the engine rewrites at every commit). Written beside, then renamed."""
    files = manifest(path, applied_record(path).get("files"))
    for name in rewritten:
        files.pop(name, None)
    record: dict[str, Any] = {
        "seq": seq,
        "change": source.change_key(seq),
        "archive": source.archive_id(),
        "schema": schema,
    }
    if engine is not None:
        record["engine"] = engine
    record["files"] = files
    tmp = path / "applied.json.tmp"
    tmp.write_text(json.dumps(record), encoding="utf-8")
    os.replace(tmp, path / "applied.json")


def generation_problem(path: Path, source: Source, *, schema: int, deep: bool) -> str | None:
    """Why this generation cannot be used as it is (another version's, another
    database's, ahead of the database, damaged), or None."""
    applied = applied_record(path)
    if applied.get("schema") != schema:
        return "search index made by another quotesdb version"
    if applied.get("archive") != source.archive_id():
        return "search index made from another database"
    if applied.get("change") != source.change_key(applied_mark(path)):
        return "search index ahead of the database (restored from an older copy?)"
    bad = damaged_files(path, applied.get("files") or {}, deep=deep)
    if bad:
        return f"search index damaged ({', '.join(bad[:3])}{' …' if len(bad) > 3 else ''})"
    return None


def open_or_rebuild(
    folder: Path,
    try_open: Callable[[Path], T | str],
    rebuild_locked: Callable[[], tuple[T, Path]],
    notes: list[str],
) -> tuple[T, Path]:
    """The current generation opened (`try_open` gives the index, or why it cannot be
    used), or one rebuilt from the database when missing or damaged.

    A generation that vanished as it was opened was swapped out by a rebuild: the new
    one is opened. Only one process rebuilds; the others wait for it and use its work.
    A rebuild that cannot write is refused: never an answer from an index that is not
    this database's.
    """
    for _attempt in range(3):
        path = current_generation(folder)
        if path is None:
            break
        opened = try_open(path)
        if not isinstance(opened, str):
            return opened, path
        if current_generation(folder) == path:  # not swapped meanwhile: really unusable
            break
    with rebuild_lock(folder):
        path = current_generation(folder)
        why = "search index missing"
        if path is not None:
            opened = try_open(path)
            if not isinstance(opened, str):
                return opened, path  # another process rebuilt it while we waited
            why = opened
        noted = path is not None or any(p.name.startswith("gen-") for p in _entries(folder))
        try:
            rebuilt = rebuild_locked()
        except OSError as exc:
            if path is None:
                raise
            raise IndexRepairError(
                f"{why}, and it cannot be rebuilt ({exc.strerror or exc}): "
                f"run `quotesdb reindex` where {folder} can be written"
            ) from None
        if noted:
            notes.append(f"{why}; rebuilt it from the database")
        return rebuilt


def _entries(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []
