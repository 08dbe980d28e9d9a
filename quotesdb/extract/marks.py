"""Find quotation spans with a linear scanner, paragraph by paragraph.

A regex with nested quantifiers can backtrack catastrophically on text full of unbalanced
marks, so marks are classified one by one and paired with a tiny state machine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DOUBLE = re.compile(r"[“”\"«»„]")
_SINGLE = re.compile(r"[‘’]")
# Straight single marks are quotation marks only in a text that has no double ones: a text
# written in the British style; elsewhere they are nested quotes, titles or apostrophes.
_SINGLE_STRAIGHT = re.compile(r"[‘’']")
_OPENERS = "“«„"
# Nothing but spaces to the paragraph's end, matched in place: asking it of a copy of the
# rest of the line, for every mark, made a line of marks quadratic.
_BLANK_TO_END = re.compile(r"\s*$")
_CLOSERS = "”»"
_BEFORE_OPEN = " \t\u00a0([{—–-/\x1f"


@dataclass(slots=True)
class Span:
    """Inner offsets of one quotation piece plus where its marks are."""

    start: int
    end: int
    open_at: int  # index of the opening mark (== start when the mark is missing)
    close_at: int  # index of the closing mark (== end when the piece runs to paragraph end)
    para: int
    chain: int | None = None  # pieces of one quote running over several paragraphs
    closed: bool = True  # False when the piece runs to the paragraph's end unclosed
    missing_open: bool = False  # recovered from a paragraph that lacks its opening mark


# Two marks typed for one double mark: the NYT archive's `''`, and the wire's (AP's) `‘‘`
# and `’’`; a third mark beside them (`’’’`: a quote closing inside a quote) is left alone.
_TWO_MARKS = re.compile("(?<!['‘’])(?:''|‘‘|’’)(?!['‘’])")
_OPEN_CONTEXT = " \t\n\u00a0([{—–-/"


def typeset_marks(text: str) -> str:
    """Doubled single marks as one curly double mark, keeping every offset.

    ``''Word`` and ``‘‘Word`` become `` “Word``; ``word,''`` and ``word,’’`` become
    ``word,” ``: the spare character is a space outside the quote, so quotes found in the
    copy index the original.
    """
    if "''" not in text and "‘‘" not in text and "’’" not in text:
        return text
    marks: list[tuple[int, str]] = []
    for m in _TWO_MARKS.finditer(text):
        i = m.start()
        prev = text[i - 1] if i else "\n"
        nxt = text[i + 2] if i + 2 < len(text) else "\n"
        opening = m.group() == "‘‘"
        if (prev in _OPEN_CONTEXT or opening) and not nxt.isspace():
            marks.append((i, " “"))
        elif not opening and (not prev.isspace() or _spaced_close(text, i)):
            marks.append((i, "” "))
    for m in _THREE_MARKS.finditer(text):
        # three marks after a word close a quote inside a quote, then the quote (the single
        # mark first); before a word they open both (the double first)
        marks.append((m.start() + 1, "” ") if m.group("close") else (m.start(), " “"))
    marks.sort()
    parts: list[str] = []
    pos = 0
    for i, mark in marks:
        parts.append(text[pos:i])
        parts.append(mark)
        pos = i + 2
    parts.append(text[pos:])
    return "".join(parts)


def _spaced_close(text: str, i: int) -> bool:
    """``coalitions, '' said Lee``: a closing mark typed after a space, behind the
    punctuation that ends the quote, before a space."""
    k = i - 1
    while k >= 0 and text[k] in " \u00a0":
        k -= 1
    nxt = text[i + 2 : i + 3]
    return k >= 0 and text[k] in ",.;:!?'’" and (not nxt or nxt in " \u00a0\n")


_THREE_MARKS = re.compile(
    r"(?P<close>(?<=[^\s'‘’])'{3}(?=[\s,.;:!?)\]]|$))|(?P<open>(?<=[\s(\[—–-])'{3}(?=\w))"
)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Each non-blank line is a paragraph: saved web pages put one block per line."""
    out: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        if text[pos:end].strip():
            out.append((pos, end))
        if nl < 0:
            break
        pos = nl + 1
    return out


def _double_role(text: str, i: int, ps: int, pe: int, is_open: bool) -> str:
    ch = text[i]
    if ch in _OPENERS:
        prev, nxt = text[i - 1 : i], text[i + 1 : i + 2]
        if is_open and prev and not prev.isspace() and (not nxt or nxt.isspace()):
            return "close"  # “It’s unusual,“ said Lee: an opening mark typed to close
        if is_open and _BLANK_TO_END.match(text, i + 1, pe):
            return "close"  # “… ‘Hang on!’ “ ending the paragraph: it opens nothing there
        return "open"
    if ch in _CLOSERS:
        # A closing mark that opens its paragraph, or follows a space, before a word, with
        # no quote open, is a typo for an opener ("let aides ”get close to Ben”").
        before_ok = i == ps or text[i - 1] in _BEFORE_OPEN
        if before_ok and not is_open and text[i + 1 : i + 2].isalnum():
            return "open"
        return "close"
    prev = text[i - 1] if i > ps else " "
    nxt = text[i + 1] if i + 1 < pe else " "
    if prev in _BEFORE_OPEN and not nxt.isspace():
        return "open"
    if not prev.isspace() and (nxt.isspace() or not nxt.isalnum()):
        return "close"
    return "close" if is_open else "open"


def _first_char(text: str, ps: int, pe: int) -> str:
    for k in range(ps, min(pe, ps + 8)):
        if not text[k].isspace():
            return text[k]
    return ""


_INCHES = re.compile(r"\b\d['’]\d{1,2}$")
_CLOSER_OF = {"“": "”", "«": "»", "„": "“"}


class _Ahead:
    """Where the next curly marks of a paragraph are, found with cursors that only move
    forward, so the look-ahead stays linear on a line of ten thousand marks."""

    def __init__(self, text: str, pe: int) -> None:
        self.text, self.pe = text, pe
        self.next: dict[str, int] = {}

    def _find(self, mark: str, pos: int) -> int:
        at = self.next.get(mark)
        if at is None or 0 <= at < pos:  # -1 stays: none further on
            at = self.text.find(mark, pos, self.pe)
            self.next[mark] = at
        return at

    def nested(self, i: int, opener: str) -> bool:
        """The straight mark at i lies inside the curly quote: its closer comes later in
        the paragraph, before any new curly opening."""
        close = self._find(_CLOSER_OF[opener], i + 1)
        if close < 0:
            return False
        again = self._find(opener, i + 1)
        return again < 0 or again > close


def _scan_double(
    text: str, ps: int, pe: int, para: int, out: list[Span], continuing: bool
) -> int | None:
    """Pair double marks in one paragraph; return the open mark left unclosed, if any."""
    open_at: int | None = None
    first = True
    ahead = _Ahead(text, pe)
    inner = False
    for m in _DOUBLE.finditer(text, ps, pe):
        i = m.start()
        if i - ps >= 3 and _INCHES.search(text, max(ps, i - 4), i):
            continue  # “he is 6’2”,” Lee said: a height's inch sign, not a mark
        if inner:
            inner = False  # the straight mark closing a title inside the curly quote
            continue
        if open_at is not None and text[i] == '"' and text[open_at] in _OPENERS:
            prev = text[i - 1] if i > ps else " "
            if prev in _BEFORE_OPEN and ahead.nested(i, text[open_at]):
                inner = True  # “… called "Harbour Lights" and …”: a title in the quote
                continue
        role = _double_role(text, i, ps, pe, open_at is not None)
        if role == "open":
            open_at = i
        elif open_at is not None:
            out.append(Span(open_at + 1, i, open_at, i, para))
            open_at = None
        elif first and not continuing:
            # Opening mark missing at the paragraph's start: recover the words before it.
            out.append(Span(ps, i, ps, i, para, missing_open=True))
        first = False
    return open_at


def _scan_single(
    text: str, ps: int, pe: int, para: int, out: list[Span], marks: re.Pattern[str] = _SINGLE
) -> None:
    """British-style ‘…’ and '…' quotes, only in paragraphs without double marks;
    conservative: an apostrophe inside or after a word never opens one, and a plural
    possessive's mark ("the Russians’ plans") closes one only when no other mark does."""
    open_at: int | None = None
    weak: int | None = None  # a mark after a plural's s: a close only if nothing better comes
    for m in marks.finditer(text, ps, pe):
        i = m.start()
        prev = text[i - 1] if i > ps else " "
        nxt = text[i + 1] if i + 1 < pe else " "
        if text[i] != "’" and prev in _BEFORE_OPEN and (nxt.isalpha() or nxt in "“["):
            if open_at is not None and weak is not None:
                out.append(Span(open_at + 1, weak, open_at, weak, para))
            open_at, weak = i, None
            continue
        if text[i] == "‘" or open_at is None or prev.isspace() or nxt.isalnum():
            continue  # an apostrophe: don’t, Russia’s, ’90s
        if prev in "sS" and nxt == " " and text[i - 2 : i - 1].isalpha():
            weak = weak if weak is not None else i
            continue
        out.append(Span(open_at + 1, i, open_at, i, para))
        open_at, weak = None, None
    if open_at is not None and weak is not None:
        out.append(Span(open_at + 1, weak, open_at, weak, para))


def find_spans(text: str, paras: list[tuple[int, int]]) -> list[Span]:
    """All quotation pieces in reading order; pieces never cross a paragraph."""
    out: list[Span] = []
    chain_id = 0
    continuing = False
    singles = _SINGLE if _DOUBLE.search(text) else _SINGLE_STRAIGHT
    for k, (ps, pe) in enumerate(paras):
        before = len(out)
        pending = _scan_double(text, ps, pe, k, out, continuing)
        if len(out) == before and pending is None and not _DOUBLE.search(text, ps, pe):
            _scan_single(text, ps, pe, k, out, singles)
        if continuing and len(out) > before:
            out[before].chain = chain_id  # the piece that closes a running quote
            continuing = False
        if pending is None:
            if continuing:
                continuing = False
            continue
        end = pe
        while end > pending + 1 and text[end - 1].isspace():
            end -= 1
        nxt = paras[k + 1] if k + 1 < len(paras) else None
        # a running quote goes on in a paragraph opening with a mark of its kind: after a
        # straight one, a curly “ opens a quote of its own (an excerpt's inner quote)
        marks = '"' if text[pending] == '"' else '“"«„'
        opens_next = nxt is not None and _first_char(text, nxt[0], nxt[1]) in marks
        if not continuing:
            chain_id += 1
        if end > pending + 1:
            piece = Span(pending + 1, end, pending, end, k, closed=False)
            piece.chain = chain_id if (opens_next or continuing) else None
            out.append(piece)
        continuing = opens_next
    return out
