"""What makes two quotes "the same quote": pure functions over their words, no I/O.

Exact: the same words after folding typography (curly and straight quotes, dash kinds,
white space, accents, case); the key is the quote's stored `text_key`. Near: word 5-gram
shingles, hashed to 63 bits and winnowed: of every `WINDOW` consecutive shingles the
smallest hash is kept as a fingerprint (about 40% of them). Two quotes sharing a run of
`WINDOW + SHINGLE - 1` words (8) share a fingerprint for certain; a quote of up to 16
words keeps every shingle, so any 5-word run it shares is found; a trace looks up every
shingle of the traced words, so a fragment of 8 words finds the longer quote too.
Candidates are then compared word by word (`same_quote`).
"""

from __future__ import annotations

import zlib
from difflib import SequenceMatcher

from quotesdb.names import fold
from quotesdb.worddiff import marked_diff

SHINGLE = 5
WINDOW = 4
KEEP_ALL = 12  # shingles; a quote of up to 16 words
EXACT_BAND = 0  # band 0 holds the exact key; fingerprints are bands 1, 2, …
_SEED = 0x5BD1E995

# A candidate is the same quote when most of its words line up with the other's in order,
# or when nearly all of the shorter one's words are in the longer (a quote cut short).
SAME_RATIO = 0.7
SAME_CONTAINED = 0.9
CONTAINED_MIN_WORDS = 6


def words(text: str) -> list[str]:
    return fold(text).split()


def exact_key(text_key: str) -> int:
    """Band 0's key: the stored sha256 text key's first 60 bits."""
    return int(text_key[:15], 16)


def shingle_hashes(text: str) -> list[int]:
    """63-bit hashes of the word 5-grams, in order (a short quote is one shingle)."""
    found = words(text)
    grams = (
        [" ".join(found)]
        if len(found) <= SHINGLE
        else [" ".join(found[i : i + SHINGLE]) for i in range(len(found) - SHINGLE + 1)]
    )
    hashes = []
    for gram in grams:
        data = gram.encode()
        hashes.append((zlib.crc32(data) << 31) | (zlib.crc32(data, _SEED) >> 1))
    return hashes


def fingerprints(text: str) -> list[int]:
    """The shingle hashes stored for a quote, smallest first, no repeats: winnowed, but
    every one of a short quote's (up to `KEEP_ALL` shingles), which has few 8-word runs:
    winnowed, a 10-word quote with one word changed went unfound 29% of the time."""
    hashes = shingle_hashes(text)
    if len(hashes) <= KEEP_ALL:
        return sorted(set(hashes))
    return sorted({min(hashes[i : i + WINDOW]) for i in range(len(hashes) - WINDOW + 1)})


def similarity(a: str, b: str) -> float:
    """How alike two quotes' words are, 0 to 1: the matched share, or 1 for a clean cut."""
    first, second = words(a), words(b)
    if not first or not second:
        return 0.0
    matcher = SequenceMatcher(None, first, second, autojunk=False)
    ratio = matcher.ratio()
    shorter = min(len(first), len(second))
    matched = sum(block.size for block in matcher.get_matching_blocks())
    if shorter >= CONTAINED_MIN_WORDS and matched / shorter >= SAME_CONTAINED:
        return max(ratio, matched / shorter)
    return ratio


def same_quote(a: str, b: str) -> bool:
    return similarity(a, b) >= SAME_RATIO


def word_diff(before: str, after: str) -> str:
    """Words removed [-like this-] and added {+like this+}, the rest as in `after`; words
    as the trace keys see them (folded, without punctuation)."""
    return marked_diff(words(before), words(after))
