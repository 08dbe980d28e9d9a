"""The Whoosh schema: the fields a person searches quotes by, and nothing the display lacks."""

from __future__ import annotations

from functools import cache

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemmingAnalyzer,
)
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

# A short stop list: quotes are short, and "we will not" is worth finding.
STOP_WORDS = frozenset({"a", "an", "the", "of", "to", "and", "or", "in", "on", "at"})

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
)


@cache
def stemming() -> Analyzer:
    """The analyzer quote words, paragraphs and topic vocabularies are all matched with."""
    analyzer: Analyzer = StemmingAnalyzer(stoplist=STOP_WORDS, cachesize=-1) | CharsetFilter(
        accent_map
    )
    return analyzer


@cache
def folding() -> Analyzer:
    """Names: case and accents folded, hyphens split, never stemmed."""
    analyzer: Analyzer = RegexTokenizer(r"\w+") | LowercaseFilter() | CharsetFilter(accent_map)
    return analyzer


def build_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        text=TEXT(analyzer=stemming(), stored=True, phrase=True),
        paragraph=TEXT(analyzer=stemming(), phrase=True),
        speaker=TEXT(analyzer=folding(), stored=True, phrase=True),
        expert_id=ID(stored=True),
        description=TEXT(analyzer=stemming(), stored=True),
        topic=KEYWORD(stored=True, commas=True, lowercase=True, scorable=True),
        outlet=TEXT(analyzer=folding(), stored=True, phrase=True),
        title=TEXT(analyzer=stemming(), stored=True),
        author=TEXT(analyzer=folding(), stored=True, phrase=True),
        published=DATETIME(stored=True, sortable=True),
        dated=NUMERIC(sortable=True),  # 1 when published is known: undated quotes sort last
        kind=ID(stored=True),
        url=STORED(),
        stamp=STORED(),
    )
