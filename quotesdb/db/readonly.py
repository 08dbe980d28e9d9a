"""Opening a SQLite file that this process may read but not write.

A read-only archive (a copy on a read-only mount, a home owned by someone else) can still
be searched and cited: it is opened `mode=ro`, or immutable when the folder is read-only
too and SQLite cannot set up the WAL's shared memory beside it.
"""

from __future__ import annotations

import os
import sqlite3
import urllib.parse


def writable(path: str) -> bool:
    folder = os.path.dirname(os.path.abspath(path))
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK)


def connect_for_reading(path: str, timeout: float = 30) -> sqlite3.Connection:
    """Reads must work where writes cannot (a read-only file, folder or archive copy).

    A database the process may write is opened as usual. Otherwise it is opened with
    `mode=ro`; when even that cannot set up the WAL's shared memory (the folder is read-only
    too), as immutable, which skips locking: right for an archive nobody writes.
    """
    if writable(path):
        return sqlite3.connect(path, timeout=timeout)
    uri = "file:" + urllib.parse.quote(os.path.abspath(path))
    conn = sqlite3.connect(uri + "?mode=ro", uri=True, timeout=timeout)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
    return sqlite3.connect(uri + "?immutable=1", uri=True, timeout=timeout)
