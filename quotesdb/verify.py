"""Is a quote verbatim? Pure: the quote's words against its article's stored text.

Verbatim up to typography (curly or straight quotes, dash kinds, white space) and the
editorial marks a reporter may add: `[bracketed insertions]` stand for a few words added
or replaced, and ellipses (`…`, `...`) for omitted words; the remaining parts must appear
in the source in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from quotesdb.worddiff import marked_diff

Status = Literal["verified", "altered", "no_source"]
BRACKET_GAP = 80  # characters a [bracketed] insertion may stand in for
_TYPOGRAPHY = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'", "–": "-", "—": "-", "‐": "-"}
    | {"\u00a0": " ", "…": "..."}
)
_EDGE = "\"'.,;:!?()[]"
_MARKS = re.compile(r"(\[[^\]]*\]|\.\.\.)")


@dataclass(frozen=True, slots=True)
class Verification:
    status: Status
    diff: str | None = None  # words removed [-like this-] and added {+like this+}
    passage: str | None = None  # the closest passage of the source


def normalise(text: str) -> str:
    return " ".join(text.translate(_TYPOGRAPHY).split())


def verify_quote(quote_text: str, source_text: str | None) -> Verification:
    if not source_text:
        return Verification("no_source")
    source, quote = normalise(source_text), normalise(quote_text)
    if _matches(quote, source):
        return Verification("verified")
    return _closest(quote, source)


def _parts(quote: str) -> list[tuple[str, str | None]]:
    """Literal parts, each with the mark that came before it (None, "[", or "...")."""
    parts: list[tuple[str, str | None]] = []
    mark: str | None = None
    for piece in _MARKS.split(quote):
        if not piece:
            continue
        if _MARKS.fullmatch(piece):
            mark = "..." if piece == "..." or mark == "..." else "["
            continue
        literal = piece.strip(" ,;:\"'")
        if literal:
            parts.append((literal, mark))
            mark = None
    return parts


def _matches(quote: str, source: str) -> bool:
    parts = _parts(quote)
    if not parts:
        return False
    first = parts[0][0]
    start = source.find(first)
    tries = 0
    while start >= 0 and tries < 100:
        if _rest_follows(parts[1:], source, start + len(first)):
            return True
        start, tries = source.find(first, start + 1), tries + 1
    return False


def _rest_follows(parts: list[tuple[str, str | None]], source: str, position: int) -> bool:
    for literal, mark in parts:
        found = source.find(literal, position)
        if found < 0:
            return False
        if mark != "..." and found - position > BRACKET_GAP:
            return False
        position = found + len(literal)
    return True


def _words(text: str) -> list[str]:
    """Words without the punctuation around them: a diff should show words, not commas."""
    return [w for w in (raw.strip(_EDGE) for raw in text.split()) if w]


def _closest(quote: str, source: str) -> Verification:
    plain = _MARKS.sub(" ", quote)
    quote_words, source_words = _words(plain), _words(source)
    matcher = SequenceMatcher(None, source_words, quote_words, autojunk=False)
    match = matcher.find_longest_match(0, len(source_words), 0, len(quote_words))
    if match.size == 0:
        return Verification("altered", diff=f"{{+{plain.strip()}+}}", passage=None)
    begin = max(0, match.a - match.b)
    passage_words = source_words[begin : begin + len(quote_words) + 2]
    ops = SequenceMatcher(None, passage_words, quote_words, autojunk=False).get_opcodes()
    # Words of the passage before or after the quote's span are context, not changes.
    while ops and ops[0][0] == "delete":
        ops = ops[1:]
    while ops and ops[-1][0] == "delete":
        ops = ops[:-1]
    passage_words = passage_words[ops[0][1] : ops[-1][2]] if ops else passage_words
    diff = marked_diff(passage_words, quote_words)
    return Verification("altered", diff=diff, passage=" ".join(passage_words))
