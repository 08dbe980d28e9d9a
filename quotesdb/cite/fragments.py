"""Text-fragment links (`#:~:text=`) to a quote's exact passage, per the WICG spec.

https://wicg.github.io/scroll-to-text-fragment/ : a directive is
`text=[prefix-,]textStart[,textEnd][,-suffix]`. A browser finds the first textStart
(at word boundaries, ignoring case), then the first textEnd after it; a prefix or suffix
must sit right before or after, across whitespace only. `find_fragment` below follows
that algorithm, and `text_fragment` builds a directive and checks it with it: the start
and end never overlap, the end is the quote's own last words, and a prefix is added when
the quote's first words also appear earlier in the passage around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote as percent
from urllib.parse import unquote

WHOLE_WORDS = 10  # a quote this short is linked whole, as textStart alone
EDGE_WORDS = 5  # otherwise its first and last words, this many at least when it has them
_SPLIT = re.compile(r"\[[^\]]*\]|…|\.\.\.")


@dataclass(frozen=True, slots=True)
class Directive:
    start: str
    end: str | None = None
    prefix: str | None = None
    suffix: str | None = None

    def encoded(self) -> str:
        parts = [f"{encode(self.prefix)}-"] if self.prefix else []
        parts.append(encode(self.start))
        if self.end:
            parts.append(encode(self.end))
        if self.suffix:
            parts.append(f"-{encode(self.suffix)}")
        return ":~:text=" + ",".join(parts)


def encode(term: str) -> str:
    """Percent-encode all but letters, digits and `._~`: the spec's `-`, `,` and `&`
    (which delimit the directive) and `(`, `)` (which end a Markdown link) included."""
    return percent(" ".join(term.split()), safe="").replace("-", "%2D")


def parse(fragment: str) -> Directive:
    """The directive of `:~:text=...` (or `#:~:text=...`), decoded."""
    value = fragment.split(":~:text=", 1)[1].split("&", 1)[0]
    parts = value.split(",")
    prefix = unquote(parts.pop(0)[:-1]) if parts and parts[0].endswith("-") else None
    suffix = unquote(parts.pop()[1:]) if parts and parts[-1].startswith("-") else None
    start = unquote(parts[0])
    end = unquote(parts[1]) if len(parts) > 1 else None
    return Directive(start, end, prefix, suffix)


def _boundary(text: str, at: int) -> bool:
    if at <= 0 or at >= len(text):
        return True
    return not (text[at - 1].isalnum() and text[at].isalnum())


def _find(
    text: str, term: str, start: int, word_start: bool = True, word_end: bool = True
) -> re.Match[str] | None:
    """The first match of `term` at or after `start`, case and whitespace forgiven."""
    pattern = re.compile(r"\s+".join(re.escape(w) for w in term.split()), re.IGNORECASE)
    at = start
    while (found := pattern.search(text, at)) is not None:
        if (not word_start or _boundary(text, found.start())) and (
            not word_end or _boundary(text, found.end())
        ):
            return found
        at = found.start() + 1
    return None


def _after_space(text: str, at: int) -> int:
    while at < len(text) and text[at].isspace():
        at += 1
    return at


def find_fragment(text: str, directive: Directive) -> tuple[int, int] | None:
    """The range a browser would highlight in `text`, following the spec's search loop."""
    search_from = 0
    while search_from <= len(text):
        if directive.prefix:
            prefix = _find(text, directive.prefix, search_from, word_end=False)
            if prefix is None:
                return None
            search_from = prefix.start() + 1
            at = _after_space(text, prefix.end())
            if at == len(text):
                return None
            start = _find(
                text, directive.start, at, word_end=directive.end is None and not directive.suffix
            )
            if start is None or start.start() != at:
                continue
        else:
            start = _find(text, directive.start, search_from, word_end=directive.end is None)
            if start is None:
                return None
            search_from = start.start() + 1
        end_at = start.end()
        end_search = start.end()
        while True:
            if directive.end:
                end = _find(text, directive.end, end_search)
                if end is None:
                    return None
                end_at, end_search = end.end(), end.start() + 1
            if not directive.suffix:
                return start.start(), end_at
            suffix_at = _after_space(text, end_at)
            suffix = _find(text, directive.suffix, suffix_at, word_start=False)
            if suffix is not None and suffix.start() == suffix_at:
                return start.start(), end_at
            if not directive.end:
                break
    return None


def _segments(text: str) -> list[list[str]]:
    return [p.split() for p in _SPLIT.split(text) if p.strip()]


def text_fragment(text: str, context: str | None = None) -> str:
    """A directive for `text`, unambiguous within `context` (the passage around it) if given."""
    segments = _segments(text)
    if not segments:
        return ""
    page = context if context and _find(context, text, 0) else text
    target = _find(page, text, 0)
    span = (target.start(), target.end()) if target else None
    first, last = segments[0], segments[-1]
    whole = len(segments) == 1 and len(first) <= WHOLE_WORDS
    start_n = len(first) if whole else min(EDGE_WORDS, len(first))
    end_n = 0 if whole else min(EDGE_WORDS, len(last))
    prefix_words = page[: span[0]].split() if span else []
    for prefix_n in range(0, min(3, len(prefix_words)) + 1):
        prefix = " ".join(prefix_words[-prefix_n:]) if prefix_n else None
        for grow in range(0, max(len(last), 1)):
            n = min(end_n + grow, len(last)) if end_n else 0
            if len(segments) == 1 and end_n and n > len(last) - start_n:
                break  # start and end may never overlap
            directive = Directive(
                " ".join(first[:start_n]), " ".join(last[-n:]) if n else None, prefix
            )
            found = find_fragment(page, directive)
            if span is None or found == span:
                return directive.encoded()
            if found is None or found[0] != span[0]:
                break  # the start is ambiguous: only a prefix helps
    return Directive(
        " ".join(first[:start_n]), " ".join(last[-end_n:]) if end_n else None
    ).encoded()
