"""Words as topics match them, stemmed without any search engine.

Topic vocabularies are matched when a quote is written, by every backend's archive
alike, so the stems must not depend on the engine that indexes: Snowball's Porter
stemmer (the `snowballstemmer` package), case and accents folded, the index's short
stop list and one-letter words left out, as the Whoosh backend's analyzer does.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache

# A short stop list, the index's too: quotes are short, and "we will not" is worth finding.
STOP_WORDS = frozenset({"a", "an", "the", "of", "to", "and", "or", "in", "on", "at"})
_TOKEN = re.compile(r"\w+(?:\.?\w+)*", re.UNICODE)
_KEPT = 200_000  # stems remembered (a word is stemmed once per process)


@cache
def _stemmer() -> object:
    import snowballstemmer

    return snowballstemmer.stemmer("porter")


_stems: dict[str, str] = {}


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _analysed(token: str, known: dict[str, str], stem: Callable[[str], str]) -> str:
    """A lowercased token's term by `stem`, accents folded, remembered in `known`; ""
    for a stop word or a single letter."""
    found = known.get(token)
    if found is None:
        if len(known) >= _KEPT:
            known.clear()
        dropped = len(token) < 2 or token in STOP_WORDS
        found = known[token] = "" if dropped else _fold(stem(token))
    return found


def _stem(token: str) -> str:
    return _analysed(token, _stems, _stemmer().stemWord)  # type: ignore[attr-defined]


def stems(text: str) -> tuple[str, ...]:
    """`text`'s words in order, lowercased, stemmed and folded; stop words left out."""
    return tuple(_terms_in(text, _stems, _stem))


def _terms_in(text: str, known: dict[str, str], term_of: Callable[[str], str]) -> list[str]:
    """`text`'s terms in order, in C-level passes (tokenize, lowercase, look each token's
    term up in `known`): `term_of` is called only for tokens not seen yet."""
    tokens = list(map(str.lower, _TOKEN.findall(text)))
    looked = list(map(known.get, tokens))
    if None in looked:  # words not seen yet
        looked = [term_of(t) if x is None else x for t, x in zip(tokens, looked, strict=True)]
    return list(filter(None, looked))  # type: ignore[arg-type]


_WORD = re.compile(r"\w+", re.UNICODE)


def folded_words(text: str) -> list[str]:
    """A name's words as names are matched: case and accents folded, never stemmed."""
    return [_fold(word.lower()) for word in _WORD.findall(text)]


# The index's words, as every backend indexes and looks them up: the Porter stemmer as
# Whoosh ships it (`whoosh.lang.porter`, a pure-Python module that imports nothing else),
# which differs from Snowball's on a few forms ("running" stays "runn"); both backends
# using it is what keeps their answers the same. Topics keep Snowball's (`stems`).
_index_terms: dict[str, str] = {}


@cache
def _porter() -> Callable[[str], str]:
    from whoosh.lang.porter import stem

    porter: Callable[[str], str] = stem
    return porter


def _index_term(token: str) -> str:
    return _analysed(token, _index_terms, _porter())


def index_terms(text: str) -> list[str]:
    """`text`'s terms in order as a search index holds them: lowercased, stemmed, folded,
    stop words and single letters left out (positions run on over them).

    In C-level passes (tokenize, lowercase, look each token's term up): indexing analyses
    every quote and paragraph, and a Python call a word was most of a build's time.
    """
    return _terms_in(text, _index_terms, _index_term)


def folded_text(text: str) -> str:
    """`folded_words` joined by spaces, cached a word at a time (names repeat)."""
    words = list(map(str.lower, _WORD.findall(text)))
    looked = list(map(_folded.get, words))
    if None in looked:
        if len(_folded) >= _KEPT:
            _folded.clear()
        for word in words:
            if word not in _folded:
                _folded[word] = _fold(word)
        looked = list(map(_folded.__getitem__, words))
    return " ".join(looked)  # type: ignore[arg-type]


_folded: dict[str, str] = {}


_SPLIT = re.compile(f"({_TOKEN.pattern})", re.UNICODE)
_marking: dict[str, str] = {}


def _marking_stem(lowered: str) -> str:
    found = _marking.get(lowered)
    if found is None:
        if len(_marking) >= _KEPT:
            _marking.clear()
        # A stop word or a letter is stemmed all the same: it never matches a looked-for
        # term, as the Whoosh backend's highlighter keeps them.
        found = _index_term(lowered) or _fold(_porter()(lowered))
        _marking[lowered] = found
    return found


def mark(text: str, looked_for: set[str] | frozenset[str]) -> str:
    """`text` with every word whose index term is in `looked_for` wrapped in **stars**."""
    return star_words(text, looked_for, _SPLIT, _marking_stem, _marking)


def star_words(
    text: str,
    looked_for: set[str] | frozenset[str],
    split: re.Pattern[str],
    term_of: Callable[[str], str],
    known: dict[str, str],
) -> str:
    """`text` with every word whose term (`term_of` its lowercased token, `known` the
    terms met before) is in `looked_for` wrapped in **stars**; `split` captures tokens.

    Every hit of a search is marked, so the words are split, lowercased and looked up in
    C-level passes. Each backend brings its own analysis; the marking is this one.
    """
    if not looked_for:
        return text
    pieces = split.split(text)  # gap, word, gap, ..., word, gap
    lowered = list(map(str.lower, pieces[1::2]))
    looked = list(map(known.get, lowered))
    if None in looked:  # words not seen yet
        looked = [term_of(t) if x is None else x for t, x in zip(lowered, looked, strict=True)]
    marked = [i for i, term in enumerate(looked) if term in looked_for]
    if not marked:
        return text
    for i in marked:
        pieces[2 * i + 1] = f"**{pieces[2 * i + 1]}**"
    return "".join(pieces)
