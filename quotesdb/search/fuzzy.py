"""Edit distance between words, for names that forgive spelling, whatever the engine.

The terms a fuzzy name stands for are found by measuring each term that shares its first
letter (a few hundred even in a large archive) with Myers' bit-parallel algorithm, a
few integer operations a character: cheaper than an automaton walk, and the same terms.
"""

from __future__ import annotations


class Pattern:
    """One word, ready to measure its Levenshtein distance (insert, delete, substitute) to
    others: Myers (1999) as Hyyrö (2001) gives it for whole strings, one bit a character."""

    def __init__(self, word: str) -> None:
        self.length = len(word)
        self.full = (1 << self.length) - 1
        self.top = 1 << (self.length - 1) if word else 0
        self.masks: dict[str, int] = {}
        for i, char in enumerate(word):
            self.masks[char] = self.masks.get(char, 0) | (1 << i)

    def distance(self, other: str) -> int:
        if not self.length:
            return len(other)
        full, top, masks = self.full, self.top, self.masks
        vp, vn, score = full, 0, self.length
        for char in other:
            eq = masks.get(char, 0)
            xv = eq | vn
            xh = ((((eq & vp) + vp) & full) ^ vp) | eq
            hp = vn | (~(xh | vp) & full)
            hn = vp & xh
            if hp & top:
                score += 1
            elif hn & top:
                score -= 1
            hp = ((hp << 1) | 1) & full
            hn = (hn << 1) & full
            vp = hn | (~(xv | hp) & full)
            vn = hp & xv
        return score
