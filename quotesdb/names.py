"""Name normalisation shared by ingest, search and the expert commands.

Two spellings of one person must meet: case, accents, hyphens, dots and courtesy
titles are folded so "Mr. Strokan", "Sergei  Strokan" and "sergei strokan" agree.
"""

from __future__ import annotations

import re
import unicodedata

TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "professor",
        "sir",
        "dame",
        "sen",
        "rep",
        "gen",
        "col",
        "lt",
        "capt",
        "adm",
        "gov",
        "rev",
        "fr",
    ]
)
_NON_WORD = re.compile(r"[^\w\s']+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


def fold(text: str) -> str:
    """Lower case, no accents, punctuation as spaces, single spaces."""
    plain = text.translate(_APOSTROPHES)
    if not plain.isascii():  # ASCII is its own NFKD form, with no combining marks
        decomposed = unicodedata.normalize("NFKD", plain)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", plain.lower()).split())


def norm_name(name: str) -> str:
    """The key experts, authors and outlets are matched by."""
    words = fold(name.replace("-", " ")).split()
    while len(words) > 1 and words[0] in TITLES:
        words.pop(0)
    return " ".join(words)


def surname(name: str) -> str:
    words = norm_name(name).split()
    return words[-1] if words else ""


def norm_outlet(name: str) -> str:
    """Outlets match without a leading "The": "The Hill" and "Hill" are one outlet."""
    words = fold(name).split()
    if len(words) > 1 and words[0] == "the":
        words.pop(0)
    return " ".join(words)
