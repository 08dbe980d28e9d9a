"""Title case (Chicago 8.159, MLA 1.2) and quotation marks inside a quoted title."""

from __future__ import annotations

import re

MINOR = frozenset(
    "a an the and but or nor for so yet as at by in of off on per to up via vs from with".split()
)
_WORD = re.compile(r"[^\s–—-]+|[\s–—-]+")


def _cap(word: str) -> str:
    if any(c.isupper() for c in word[1:]) or (not word[:1].isalpha() and len(word) < 2):
        return word  # "iPhone", "NATO": as written
    lead = re.match(r"^[^\w]*", word)
    at = lead.end() if lead else 0
    return word[:at] + word[at : at + 1].upper() + word[at + 1 :]


def title_case(title: str) -> str:
    """Capitalise all but articles, conjunctions and short prepositions (first and last
    words always); words already carrying inner capitals stay as written."""
    tokens = _WORD.findall(title)
    words = [i for i, t in enumerate(tokens) if not re.fullmatch(r"[\s–—-]+", t)]
    out = list(tokens)
    for n, i in enumerate(words):
        word = tokens[i]
        bare = re.sub(r"[^\w]", "", word).lower()
        after_colon = n > 0 and tokens[words[n - 1]].endswith((":", "?", "!"))
        edge = n in (0, len(words) - 1) or after_colon
        out[i] = word if (bare in MINOR and not edge) else _cap(word)
    return "".join(out)


def single_inner_quotes(text: str) -> str:
    """Double quotation marks inside a title that a style puts in double quotes become single."""
    text = text.replace("“", "‘").replace("”", "’")
    return re.sub(r'"([^"]*)"', r"‘\1’", text)


def curly_quotes(text: str) -> str:
    """Straight double quotes in a title become typographic ones, as CSL processors print."""
    return re.sub(r'"([^"]*)"', r"“\1”", text)
