"""The Whoosh schema: the fields a person searches quotes by, and nothing the display lacks."""

from __future__ import annotations

import re
import struct
import zlib
from collections import Counter
from collections.abc import Iterator
from functools import cache
from itertools import pairwise
from typing import Any

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemmingAnalyzer,
)
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map
from whoosh.system import pack_uint

from quotesdb.search.query import PUBLIC_FIELDS as PUBLIC_FIELDS
from quotesdb.search.text import STOP_WORDS, star_words

# Bumped whenever the fields change: an index of another version is rebuilt on open.
SCHEMA_VERSION = 11  # 8: confidence; 9: citation fields; 10: `sequence` (phrase checks);
# 11: `notes`


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


# Lowercased token -> its term, or "" for a token the analyzer drops (a stop word, a letter).
_terms: dict[str, str] = {}


def _term(token: str) -> str:
    term = _terms.get(token)
    if term is None:
        if len(_terms) >= _STEM_CACHE_LIMIT:
            _terms.clear()
        dropped = len(token) < 2 or token in STOP_WORDS
        term = _terms[token] = "" if dropped else stem(token).translate(accent_map)
    return term


_ANALYSED_KEPT = 8
_analysed: dict[str, tuple[int, list[str]]] = {}


def stemmed_terms(value: str) -> tuple[int, list[str]]:
    """`value`'s terms in order, as `stemming()` analyses it, and the first one's position.

    Built from C-level passes (tokenize, lowercase, look up each token's cached term),
    since indexing and phrase checks analyse every text. A document's quote and paragraph
    are analysed for their own fields and again for their word pairs: the last few
    results are kept so each is analysed once.
    """
    found = _analysed.get(value)
    if found is not None:
        return found
    tokens = list(map(str.lower, _TOKEN.findall(value)))
    looked_up = list(map(_terms.get, tokens))
    if None in looked_up:  # tokens not seen yet
        looked_up = [_term(t) if x is None else x for t, x in zip(tokens, looked_up, strict=True)]
    terms = [term for term in looked_up if term]
    # StopFilter numbers the kept words on from the first one's place.
    first = next(i for i, term in enumerate(looked_up) if term) if terms else -1
    if len(_analysed) >= _ANALYSED_KEPT:  # the oldest goes: a document's texts all stay
        del _analysed[next(iter(_analysed))]
    found = _analysed[value] = (first, terms)
    return found


# Lowercased token -> the term marking compares: the analyzer's, or for a token it drops
# (a stop word, a letter) the token stemmed all the same, as Whoosh's highlighter keeps them.
_marking: dict[str, str] = {}
# The same pattern capturing: `split` gives gaps and tokens in turn, at C speed.
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})", re.UNICODE)


def _marking_term(lowered: str) -> str:
    if len(_marking) >= _STEM_CACHE_LIMIT:
        _marking.clear()
    term = _term(lowered) or stem(lowered).translate(accent_map)
    _marking[lowered] = term
    return term


def mark_terms(value: str, terms: set[str] | frozenset[str]) -> str:
    """`value` with every word whose term is in `terms` wrapped in **stars**.

    What Whoosh's highlighter gives with a whole-text fragmenter, at a fraction of the
    cost (it builds a Token per word through the analyzer chain).
    """
    return star_words(value, terms, _TOKEN_SPLIT, _marking_term, _marking)


def stemmed_positions(value: str) -> dict[str, list[int]]:
    """Each term of `value` with its positions, exactly as `stemming()` analyses it.

    Whoosh's analyzer chain builds a Token object per word; indexing is most of a
    rebuild's time, so this does the same work with a regex and a dictionary.
    """
    first, terms = stemmed_terms(value)
    positions: dict[str, list[int]] = {}
    for offset, term in enumerate(terms):
        found = positions.get(term)
        if found is None:
            positions[term] = [first + offset]
        else:
            found.append(first + offset)
    return positions


# Words in at least this share of quotes (quote or paragraph) have their pairs indexed.
PAIR_WORD_SHARE = 0.02
PAIR_WORDS_MAX = 1024


def common_words(docs: list[dict[str, Any]]) -> frozenset[str]:
    """The analysed words found in many of `docs`: those whose pairs the index keeps."""
    counts: Counter[str] = Counter()
    for doc in docs:
        counts.update({*stemmed_terms(doc["text"])[1], *stemmed_terms(doc["paragraph"])[1]})
    floor = max(2.0, PAIR_WORD_SHARE * len(docs))
    return frozenset(w for w, n in counts.most_common(PAIR_WORDS_MAX) if n >= floor)


def word_pairs(terms: list[str], words: frozenset[str]) -> list[str]:
    """The `pairs` terms of a run of analysed terms: each two that follow, both in `words`."""
    return [f"{a} {b}" for a, b in pairwise(terms) if a in words and b in words]


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


class WordPairs(ID):  # type: ignore[misc]
    """Each two common words that follow each other in the quote or in its paragraph.

    The quote and paragraph fields keep no positions, so a phrase there is found as the
    documents with all its words, then checked on the stored text. When its words are
    common that is much of the archive, checked at some 50 µs a document; the documents
    with each of its pairs are few. Only pairs of the archive's common words (`words`,
    chosen when the index is built and kept in its schema) are indexed: a phrase with a
    rarer word is narrowed enough by that word, and all pairs would double indexing time.
    The value is a sequence of texts: no pair spans two of them.
    """

    def __init__(self, words: frozenset[str] = frozenset(), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.words = words

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        texts = [value] if isinstance(value, str) else value
        found: set[str] = set()
        for text in texts:
            if text:
                found.update(word_pairs(stemmed_terms(text)[1], self.words))
        for pair in found:
            yield pair.encode("utf-8"), 1, 1.0, b""


_codes: dict[str, bytes] = {}


def term_codes(terms: list[str]) -> bytes:
    """Each term as 4 bytes (its CRC-32, never 0), one after another.

    A phrase's codes joined are then a substring at a multiple of 4, found in C. CRC-32
    is the same in every process and on every machine; two terms may share a code, so a
    phrase found this way is confirmed on the stored text.
    """
    try:
        return b"".join(map(_codes.__getitem__, terms))
    except KeyError:  # terms not seen yet
        if len(_codes) >= _STEM_CACHE_LIMIT:
            _codes.clear()
        for term in terms:
            if term not in _codes:
                _codes[term] = struct.pack("<I", zlib.crc32(term.encode("utf-8")) or 1)
        return b"".join(map(_codes.__getitem__, terms))


SEQUENCE_PARTS = ("text", "paragraph")  # the texts of a `sequence` value, in order


class TermSequences(COLUMN):  # type: ignore[misc]
    """Each text's analysed terms in order, as `term_codes`, in a column: no postings.

    The value is a sequence of texts (the quote, its paragraph); the column holds how many
    terms each but the last has (4 bytes each), then every text's codes. Checking a
    phrase against it costs a couple of microseconds a document, against some 50 for
    reading, decompressing and analysing the stored text.
    """

    def to_column_value(self, value: Any) -> bytes:
        texts = [value] if isinstance(value, str) else list(value)
        runs = [stemmed_terms(text)[1] if text else [] for text in texts]
        head = struct.pack(f"<{len(runs) - 1}I", *map(len, runs[:-1])) if runs else b""
        return head + b"".join(map(term_codes, runs))


def build_schema(common: frozenset[str] = frozenset()) -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        text=StemmedText(phrase=False, stored=True),
        # The words around the quote (the paragraph less the quote itself), so a word of
        # the quote is not indexed, scored and matched twice. Stored for phrase checks.
        paragraph=StemmedText(phrase=False, stored=True),
        pairs=WordPairs(common),  # (quote, paragraph): narrows phrases before they are checked
        sequence=TermSequences(),  # (quote, paragraph): checks phrases without the stored text
        speaker=FoldedText(),  # the name and every alias, for finding
        name=STORED(),  # the name alone, for showing
        expert_id=ID(stored=True),
        description=StemmedText(stored=True),
        # A person's own notes on the quote: found by their words, never shown or cited from
        # the index (the quote page reads them from the database). Positional, so a phrase
        # is matched by Whoosh itself rather than checked on stored text.
        notes=StemmedText(),
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
        # The attribution's confidence in whole percent (100 for quotes entered by hand),
        # for `search --min-confidence`.
        confidence=NUMERIC(numtype=int, bits=32, shift_step=8),
        # What a citation needs beyond the searchable fields (quotesdb/cite/).
        article_id=STORED(),
        section=STORED(),
        precision=STORED(),
        fetched=STORED(),
    )
