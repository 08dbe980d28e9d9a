"""Common terms' postings as raw arrays beside each bulk-written segment.

Whoosh keeps postings as pickled blocks of 128, and unpickling alone costs more than
scoring: a common word holds a good share of the archive, so a search for it spends most
of its time there. The bulk writer also writes each common term's document numbers
(uint32) and weights (float32, Whoosh's own) to `<segment>.qpa`, which a search maps and
scores with numpy without decoding anything. Whoosh's postings stay complete: segments
without the file (small everyday commits) and rarer terms are read the usual way.

Layout: the arrays one after another, then a pickled directory
{(field, term): (offset, count)}, then the directory's offset; all little-endian.
"""

from __future__ import annotations

import mmap
import os
import pickle
import struct
import sys
from array import array
from collections.abc import Iterable
from typing import Any

EXTENSION = ".qpa"
# A term with fewer postings in a segment is read from Whoosh's blocks: a few ms at most.
MIN_POSTINGS = 2048
_TRAILER = struct.Struct("<Q")


def write(path: str, terms: Iterable[tuple[tuple[str, bytes], array[int], array[float]]]) -> None:
    """Write the arrays of the common `terms` (key, document numbers, weights) to `path`."""
    directory: dict[tuple[str, bytes], tuple[int, int]] = {}
    with open(path, "wb") as out:
        at = 0
        for key, docs, weights in terms:
            if len(docs) < MIN_POSTINGS:
                continue
            ids = docs if docs.typecode == "I" and docs.itemsize == 4 else array("I", docs)
            floats = array("f", weights)
            if sys.byteorder == "big":  # the file is little-endian on every machine
                ids = array("I", ids)  # a copy: the pool's own stays as it is
                ids.byteswap()
                floats.byteswap()
            directory[key] = (at, len(ids))
            out.write(ids.tobytes())
            out.write(floats.tobytes())
            at += 8 * len(ids)
        out.write(pickle.dumps(directory, protocol=pickle.HIGHEST_PROTOCOL))
        out.write(_TRAILER.pack(at))


class SegmentArrays:
    """A segment's arrays file, mapped; `get` gives a term's (ids, weights) or None."""

    def __init__(self, mapping: mmap.mmap) -> None:
        self._mapping = mapping
        (start,) = _TRAILER.unpack(mapping[-_TRAILER.size :])
        self._directory: dict[tuple[str, bytes], tuple[int, int]] = pickle.loads(
            mapping[start : len(mapping) - _TRAILER.size]
        )

    def get(self, fieldname: str, btext: bytes) -> tuple[Any, Any] | None:
        import numpy as np

        found = self._directory.get((fieldname, btext))
        if found is None:
            return None
        at, count = found
        ids = np.frombuffer(self._mapping, dtype="<u4", count=count, offset=at)
        weights = np.frombuffer(self._mapping, dtype="<f4", count=count, offset=at + 4 * count)
        return ids, weights


def of_reader(reader: Any) -> SegmentArrays | None:
    """The arrays of a segment reader's segment, opened once per reader; None if none."""
    cache = reader.__dict__
    if "_quotesdb_arrays" not in cache:
        cache["_quotesdb_arrays"] = _open(reader)
    found: SegmentArrays | None = cache["_quotesdb_arrays"]
    return found


def _open(reader: Any) -> SegmentArrays | None:
    folder = getattr(reader.storage(), "folder", None)
    segment = reader.segment()
    if folder is None or segment is None:
        return None
    try:
        with open(os.path.join(folder, segment.make_filename(EXTENSION)), "rb") as handle:
            mapping = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (FileNotFoundError, ValueError):  # no file, or an empty one
        return None
    return SegmentArrays(mapping)
