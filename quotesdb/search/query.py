"""The query language, parsed once into a small engine-neutral tree.

What a person types in `search`: words (all must match, in the quote or its paragraph),
"phrases", `field:word` and `field:"a phrase"` for the public fields, `AND`, `OR`, `NOT`
(upper case, `AND` binding tighter than `OR`), parentheses, and `word*` for a prefix.
A trailing boost (`word^2`) is accepted and ignored. The tree holds the text as typed;
each backend analyses it with the field's own analysis (`quotesdb.search.text`), so two
engines given the same tree look for the same terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quotesdb.errors import QuerySyntaxError

# Fields a user may name in a query (`speaker:markov`); the rest are internal.
PUBLIC_FIELDS: tuple[str, ...] = (
    "text",
    "paragraph",
    "speaker",
    "description",
    "topic",
    "outlet",
    "title",
    "author",
    "kind",
    "notes",
)
ALIASES = {"topics": "topic", "authors": "author"}
# Where a word with no field is looked for, and how much a match there counts.
DEFAULT_FIELDS: tuple[tuple[str, float], ...] = (("text", 3.0), ("paragraph", 1.0))
STEMMED_FIELDS = frozenset({"text", "paragraph", "description", "title", "notes"})
FOLDED_FIELDS = frozenset({"speaker", "outlet", "author"})

# The work one query may do, on every backend (`quotesdb.index.bounds` tells why).
MAX_PATTERN = 64  # characters of one wildcard pattern or range bound
MAX_EXPANSION = 1024  # words all patterns and ranges of one query may stand for

FIELD_REF = re.compile(r"(?<![\w\"])([A-Za-z_]+):(?=\S)")


@dataclass(frozen=True, slots=True)
class Word:
    field: str | None  # None: the default fields
    text: str


@dataclass(frozen=True, slots=True)
class Phrase:
    field: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Prefix:
    field: str | None
    text: str  # lowercased, without its `*`


@dataclass(frozen=True, slots=True)
class All:
    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Any_:
    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    part: Node


Node = Word | Phrase | Prefix | All | Any_ | Not


def check_syntax(text: str) -> None:
    """A user deserves to hear what is wrong with a query, in one line."""
    if text.count('"') % 2:
        raise QuerySyntaxError("unbalanced quotation mark in the query")
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            raise QuerySyntaxError("a `)` in the query closes nothing")
    if depth:
        raise QuerySyntaxError("unbalanced parenthesis in the query: a `(` is never closed")
    for name in FIELD_REF.findall(text):
        _field(name)


def _field(name: str) -> str:
    lowered = name.lower()
    lowered = ALIASES.get(lowered, lowered)
    if lowered not in PUBLIC_FIELDS:
        known = ", ".join(PUBLIC_FIELDS)
        raise QuerySyntaxError(f"unknown field `{name}:` in the query (fields: {known})")
    return lowered


_TOKENS = re.compile(r'\s+|(?P<open>\()|(?P<close>\))|"(?P<phrase>[^"]*)"|(?P<word>[^\s()"]+)')
_OPERATORS = ("AND", "OR", "NOT", "ANDNOT")


def _lex(text: str) -> list[tuple[str, str]]:
    """(kind, value) pairs: open, close, phrase, word, op, field (a `name:` prefix)."""
    out: list[tuple[str, str]] = []
    for match in _TOKENS.finditer(text):
        if match.group("open"):
            out.append(("open", "("))
        elif match.group("close"):
            out.append(("close", ")"))
        elif match.group("phrase") is not None:
            out.append(("phrase", match.group("phrase")))
        elif (word := match.group("word")) is not None:
            if word in _OPERATORS:
                out.append(("op", word))
                continue
            head = re.match(r"([A-Za-z_]+):(.*)", word)
            if head:
                out.append(("field", _field(head.group(1))))
                if head.group(2):
                    out.append(("word", head.group(2)))
                continue
            out.append(("word", word))
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens, self.at = tokens, 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def any_(self, field: str | None) -> Node | None:
        parts = [self.all_(field)]
        while self.peek() == ("op", "OR"):
            self.take()
            parts.append(self.all_(field))
        kept = tuple(p for p in parts if p is not None)
        return None if not kept else kept[0] if len(kept) == 1 else Any_(kept)

    def all_(self, field: str | None) -> Node | None:
        parts: list[Node | None] = []
        while (token := self.peek()) is not None and token not in (("op", "OR"), ("close", ")")):
            if token == ("op", "AND"):
                self.take()
                continue
            if token == ("op", "ANDNOT"):
                self.take()
                negated = self.unary(field)
                parts.append(Not(negated) if negated is not None else None)
                continue
            parts.append(self.unary(field))
        kept = tuple(p for p in parts if p is not None)
        return None if not kept else kept[0] if len(kept) == 1 else All(kept)

    def unary(self, field: str | None) -> Node | None:
        if self.peek() == ("op", "NOT"):
            self.take()
            part = self.unary(field)
            return Not(part) if part is not None else None
        return self.atom(field)

    def atom(self, field: str | None) -> Node | None:
        kind, value = self.take()
        if kind == "field":
            if self.peek() is None:
                raise QuerySyntaxError(f"`{value}:` in the query is followed by nothing")
            return self.atom(value)
        if kind == "open":
            inner = self.any_(field)
            if self.peek() == ("close", ")"):
                self.take()
            return inner
        if kind == "phrase":
            return Phrase(field, value) if value.strip() else None
        if kind == "op":  # a dangling operator ("AND" at the end): ignored as Whoosh does
            return None
        word = re.sub(r"\^[\d.]*$", "", value)
        if word.endswith("*") and len(word) > 1 and "*" not in word[:-1]:
            return Prefix(field, word[:-1].lower())
        return Word(field, word) if word else None


def parse(text: str) -> Node | None:
    """The query's tree; None when it holds nothing to look for. QuerySyntaxError, in
    one line, for a query a person would want told about."""
    check_syntax(text)
    parser = _Parser(_lex(text))
    found = parser.any_(None)
    while parser.peek() is not None:  # a stray `)` after a complete query
        parser.take()
    return found


def text_words(node: Node | None) -> set[str]:
    """The quote-field words (as typed) a search for `node` looks for: what a hit marks
    (a prefix with its `*`)."""
    found: set[str] = set()
    stack = [node] if node is not None else []
    while stack:
        item = stack.pop()
        if isinstance(item, Word | Phrase | Prefix) and item.field in (None, "text"):
            found.add(f"{item.text}*" if isinstance(item, Prefix) else item.text)
        elif isinstance(item, All | Any_):
            stack.extend(item.parts)
    return found
