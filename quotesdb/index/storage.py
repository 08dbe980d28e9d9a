"""Index files read through a memory mapping, shared with the page cache, never copied.

Whoosh reads a plain segment file with a seek and a read per posting block, and a
compound one by copying each part into memory first. A mapping gives block reads at
memory speed with neither cost: the system pages in what a search touches.
"""

from __future__ import annotations

import contextlib
import mmap
import os
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile


class _MappedFile(BufferFile):  # type: ignore[misc]
    """A read-only index file served from a mapping (mmap objects read, seek and slice)."""

    def __init__(self, mapping: mmap.mmap, name: str) -> None:
        self._buf = mapping
        self._name = name
        self.file = mapping
        self.onclose = None
        self.is_real = False
        self.is_closed = False

    def close(self) -> None:
        if not self.is_closed:
            self.is_closed = True
            # A view of it still alive: the garbage collector unmaps it later.
            with contextlib.suppress(BufferError):
                self.file.close()


class MappedStorage(FileStorage):  # type: ignore[misc]
    """A folder of index files whose reads go through memory mappings."""

    def open_file(self, name: str, **kwargs: Any) -> Any:
        with open(self._fpath(name), "rb") as handle:
            if kwargs or os.fstat(handle.fileno()).st_size == 0:  # nothing to map
                return super().open_file(name, **kwargs)
            mapping = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        return _MappedFile(mapping, name)
