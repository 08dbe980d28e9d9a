"""The Whoosh search index: a projection of the database that catches up from its change log.

Importing Whoosh costs every `search` and `cite` two modules it never uses here:
`whoosh.compat` imports `urllib.request` (http.client, email, ssl) for a download helper,
and `whoosh.reading` imports the `cached_property` package, which imports asyncio, for one
decorator that `functools.cached_property` equals; `whoosh.query.terms` compiles
`whoosh.lang.morph_en`'s ~80 English inflection patterns for `Variations` queries, which
quotesdb never builds (~5 ms; the stand-in imports the real one if one is ever asked).
While Whoosh is first imported, this package lends it a stand-in for each (measured:
about 45 ms of CPU per process, see bench/startup_bench.py), then takes them back, so any
later `import urllib.request` or `import cached_property` gets the real module.
"""

from __future__ import annotations

import functools
import sys
import types


def _lend_stand_ins() -> None:
    if "whoosh" in sys.modules:
        return
    lent: list[str] = []

    def lend(name: str, **attributes: object) -> None:
        if name not in sys.modules:
            stand_in = types.ModuleType(name, "stand-in while Whoosh imports (quotesdb.index)")
            stand_in.__dict__.update(attributes)
            sys.modules[name] = stand_in
            lent.append(name)

    def urlretrieve(*args: object, **kwargs: object) -> object:  # pragma: no cover - unused
        from urllib.request import urlretrieve as real

        return real(*args, **kwargs)  # type: ignore[arg-type]

    def variations(word: str) -> object:
        from whoosh.lang.morph_en import variations as real

        return real(word)

    lend("urllib.request", urlretrieve=urlretrieve)
    lend("whoosh.lang.morph_en", variations=variations)
    lend("cached_property", cached_property=functools.cached_property)
    try:
        import whoosh.compat
        import whoosh.query
        import whoosh.reading  # noqa: F401
    finally:
        for name in lent:
            del sys.modules[name]


_lend_stand_ins()
