"""The Whoosh schema: the fields a person searches quotes by, and nothing the display lacks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemmingAnalyzer,
)
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map
from whoosh.system import pack_uint

# Bumped whenever the fields change: an index of another version is rebuilt on open.
SCHEMA_VERSION = 5

# A short stop list: quotes are short, and "we will not" is worth finding.
STOP_WORDS = frozenset({"a", "an", "the", "of", "to", "and", "or", "in", "on", "at"})

# Fields a user may name in a query (`speaker:markov`); the rest are internal.
PUBLIC_FIELDS: tuple[str, ...] = (
    "text",
    "paragraph",
    "speaker",
    "description",
    "topic",
    "outlet",
    "title",
    "author",
    "kind",
)

# StemmingAnalyzer's token pattern, without the capturing group so findall returns tokens.
_TOKEN = re.compile(r"[\w\*]+(?:\.?[\w\*]+)*", re.UNICODE)
_STEM_CACHE_LIMIT = 500_000


@cache
def stemming() -> Analyzer:
    """The analyzer quote words, paragraphs and topic vocabularies are all matched with."""
    analyzer: Analyzer = StemmingAnalyzer(stoplist=STOP_WORDS, cachesize=-1) | CharsetFilter(
        accent_map
    )
    return analyzer


@cache
def folding() -> Analyzer:
    """Names: case and accents folded, hyphens split, never stemmed."""
    analyzer: Analyzer = RegexTokenizer(r"\w+") | LowercaseFilter() | CharsetFilter(accent_map)
    return analyzer


_terms: dict[str, str] = {}


def _term(token: str) -> str:
    term = _terms.get(token)
    if term is None:
        if len(_terms) >= _STEM_CACHE_LIMIT:
            _terms.clear()
        term = _terms[token] = stem(token).translate(accent_map)
    return term


def stemmed_positions(value: str) -> dict[str, list[int]]:
    """Each term of `value` with its positions, exactly as `stemming()` analyses it.

    Whoosh's analyzer chain builds a Token object per word; indexing is most of a
    rebuild's time, so this does the same work with a regex and a dictionary.
    """
    positions: dict[str, list[int]] = {}
    pos = -1
    for index, raw in enumerate(_TOKEN.findall(value)):
        token = raw.lower()
        if len(token) < 2 or token in STOP_WORDS:
            continue
        pos = index if pos < 0 else pos + 1  # StopFilter renumbers after the first kept word
        term = _term(token)
        found = positions.get(term)
        if found is None:
            positions[term] = [pos]
        else:
            found.append(pos)
    return positions


class StemmedText(TEXT):  # type: ignore[misc]
    """A stemmed text field that indexes without the analyzer chain.

    Without positions (`phrase=False`) a posting block decodes about four times faster,
    which is most of ranking's time; phrases in such a field are checked on the stored
    text instead (`quotesdb.index.phrases`).
    """

    def __init__(self, phrase: bool = True, **kwargs: Any) -> None:
        super().__init__(analyzer=stemming(), phrase=phrase, **kwargs)
        self.positional = phrase

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        boost = self.format.field_boost
        if self.positional:
            encode = self.format.encode
            for term, poslist in stemmed_positions(value).items():
                yield term.encode("utf-8"), len(poslist), len(poslist) * boost, encode(poslist)
            return
        for term, poslist in stemmed_positions(value).items():
            freq = len(poslist)
            yield term.encode("utf-8"), freq, freq * boost, pack_uint(freq)


_WORD = re.compile(r"\w+", re.UNICODE)


class FoldedText(TEXT):  # type: ignore[misc]
    """Names (people, outlets, authors): folded, positional, indexed without Token objects."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(analyzer=folding(), phrase=True, **kwargs)

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        positions: dict[str, list[int]] = {}
        for pos, word in enumerate(_WORD.findall(value)):
            positions.setdefault(word.lower().translate(accent_map), []).append(pos)
        encode = self.format.encode
        boost = self.format.field_boost
        for term, poslist in positions.items():
            yield term.encode("utf-8"), len(poslist), len(poslist) * boost, encode(poslist)


def build_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        text=StemmedText(phrase=False, stored=True),
        # The words around the quote (the paragraph less the quote itself), so a word of
        # the quote is not indexed, scored and matched twice. Stored for phrase checks.
        paragraph=StemmedText(phrase=False, stored=True),
        speaker=FoldedText(),  # the name and every alias, for finding
        name=STORED(),  # the name alone, for showing
        expert_id=ID(stored=True),
        description=StemmedText(stored=True),
        topic=KEYWORD(stored=True, commas=True, lowercase=True, scorable=True),
        outlet=FoldedText(stored=True),
        title=StemmedText(stored=True),
        author=FoldedText(stored=True),
        # The date's ordinal (`date.toordinal()`), 0 when undated so the undated sort last;
        # four terms a value (shift_step 8) are cheap to index.
        # Signed: Whoosh-Reloaded 2.7 computes wrong ranges on unsigned numeric fields.
        day=NUMERIC(numtype=int, bits=32, sortable=True, shift_step=8),
        published=STORED(),  # ISO date or ""
        kind=ID(stored=True),
        url=STORED(),
        stamp=STORED(),
    )
