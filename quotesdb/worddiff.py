"""The word diff shown wherever two wordings are compared (`verify`, `trace`): pure.

Words removed are marked [-like this-] and words added {+like this+}, as `git diff
--word-diff` does, so the notation reads the same in every command.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher


def marked_diff(old: Sequence[str], new: Sequence[str]) -> str:
    """`new`'s words, with what `old` had instead marked; the words compared as given (the
    caller decides what a word is: with or without its punctuation, folded or not)."""
    pieces = []
    for tag, a1, a2, b1, b2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(" ".join(new[b1:b2]))
            continue
        if a2 > a1:
            pieces.append(f"[-{' '.join(old[a1:a2])}-]")
        if b2 > b1:
            pieces.append(f"{{+{' '.join(new[b1:b2])}+}}")
    return " ".join(pieces)
