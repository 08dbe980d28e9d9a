"""A quote as search and cite show it (`Hit`), read from the index's stored fields alone.

Apart from the searching itself so that `cite`, which only looks quotes up by id, loads
neither Whoosh's query parser nor the ranking code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from quotesdb.search.stored import stored_hit
from quotesdb.search.types import Hit

if TYPE_CHECKING:
    from whoosh.index import FileIndex


def hits_by_id(ix: FileIndex, ids: list[int], searcher: Any | None = None) -> list[Hit]:
    """Quotes by id from the index's stored fields, in the order asked."""
    from quotesdb.errors import NotFoundError

    if searcher is None:
        with ix.searcher() as own:
            return hits_by_id(ix, ids, own)
    found = {}
    for quote_id in dict.fromkeys(ids):
        number = searcher.document_number(id=str(quote_id))
        if number is not None:
            found[quote_id] = stored_hit(stored_fields(searcher, number))
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise NotFoundError(f"no quote with id {', '.join(missing)}")
    return [found[i] for i in ids]


def stored_fields(searcher: Any, number: int) -> dict[str, Any]:
    """A document's stored fields, as `searcher.stored_fields` gives them, a third faster.

    Whoosh checks every field of every document against the schema, for fields a schema
    change removed; a quotesdb index is rebuilt whenever its schema changes, so that check
    never drops anything here. A search reads twenty documents and a phrase check many more.
    """
    reader = searcher.reader()
    readers = getattr(reader, "readers", None)
    if readers is not None:  # several segments
        segment, number = reader._segment_and_docnum(number)
        reader = readers[segment]
    perdoc = getattr(reader, "_perdoc", None)
    if perdoc is None or reader.is_closed:
        found: dict[str, Any] = searcher.stored_fields(number)
        return found
    return perdoc.stored_fields(number) or {}
