"""Name normalisation shared by ingest, search and the expert commands.

Two spellings of one person must meet: case, accents, hyphens, dots and courtesy
titles are folded so "Mr. Strokan", "Sergei  Strokan" and "sergei strokan" agree.

Invisible characters never make or hide a difference: zero-width spaces and joiners,
right-to-left overrides and the other format controls (Unicode's Cf) and control
characters are dropped from a name as it comes in (`clean_name`) and from every key
(`fold`). Otherwise "Anna\u200bSmith" shows as "AnnaSmith" yet is stored as Anna Smith,
and a right-to-left override shows one name as another, reversed.
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


def _visible(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Cc") or c.isspace())


def clean_name(name: str) -> str:
    """A name as stored and shown: composed (NFC), nothing invisible, single spaces."""
    if not name.isascii():
        name = unicodedata.normalize("NFC", _visible(name))
    return " ".join(name.split())


def fold(text: str) -> str:
    """Lower case, no accents, punctuation as spaces, single spaces."""
    plain = text.translate(_APOSTROPHES)
    if not plain.isascii():  # ASCII is its own NFKD form, with no combining marks
        decomposed = unicodedata.normalize("NFKD", _visible(plain))
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
