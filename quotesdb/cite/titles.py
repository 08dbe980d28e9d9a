"""Title case and quotation marks inside a quoted title.

Chicago is the 17th edition (CMOS 17 8.159) and MLA the 9th (MLA 9 1.2): both lower-case
articles, the coordinating conjunctions, "to" and "as", and every preposition whatever
its length ("Talks between Allies over Arms", "A Story about the Budget"), except as the
first or last word or after a colon. (CMOS 18 would capitalise prepositions of five letters
or more, "Between"; quotesdb follows CMOS 17, as the official CSL Chicago style does.)

Only English titles are title-cased: a German or Russian title keeps its own capitals.
A word already carrying capitals inside ("iPhone", "NATO") or looking like markup
("<B>", "<i>x</i>") is kept as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable

ARTICLES = frozenset("a an the".split())
CONJUNCTIONS = frozenset("and but or nor for so yet".split())
# Prepositions of any length (CMOS 17 8.159, MLA 9 1.2), "to" and "as" included.
PREPOSITIONS = frozenset(
    """about above across after against along amid amidst among amongst around as at
    atop before behind below beneath beside besides between beyond by circa despite
    down during except for from in inside into like near of off on onto out outside over
    past per since than through throughout till to toward towards under underneath unlike
    until unto up upon via versus vs with within without""".split()
)
MINOR = ARTICLES | CONJUNCTIONS | PREPOSITIONS
_WORD = re.compile(r"<[^>]*>|[^\s–—-]+|[\s–—-]+")
_MARKUP = re.compile(r"<[^>]*>|&\w+;")


def _cap(word: str) -> str:
    if any(c.isupper() for c in word[1:]) or (not word[:1].isalpha() and len(word) < 2):
        return word  # "iPhone", "NATO": as written
    lead = re.match(r"^[^\w]*", word)
    at = lead.end() if lead else 0
    return word[:at] + word[at : at + 1].upper() + word[at + 1 :]


def _recase(title: str, lower: Callable[[str, bool, bool], bool]) -> str:
    """Capitalise each word but those `lower(bare, first, last)` keeps lower case."""
    tokens = _WORD.findall(title)
    words = [i for i, t in enumerate(tokens) if not re.fullmatch(r"[\s–—-]+", t)]
    out = list(tokens)
    for n, i in enumerate(words):
        word = tokens[i]
        if _MARKUP.search(word):
            continue  # "<B>" and "&amp;" are written as they came
        bare = re.sub(r"[^\w]", "", word).lower()
        after_colon = n > 0 and tokens[words[n - 1]].endswith((":", "?", "!"))
        out[i] = word if lower(bare, n == 0 or after_colon, n == len(words) - 1) else _cap(word)
    return "".join(out)


def title_case(title: str, english: bool = True) -> str:
    """Capitalise all but articles, conjunctions and prepositions (first and last words,
    and the first after a colon, always); only for an English title."""
    if not english:
        return title
    return _recase(title, lambda bare, first, last: bare in MINOR and not (first or last))


def apa_title_case(title: str, english: bool = True) -> str:
    """APA 7 6.17: every word of four letters or more is capitalised, prepositions too
    ("Talks Between Allies Over Arms"); shorter minor words are lower case."""
    if not english:
        return title
    return _recase(title, lambda bare, first, _last: bare in MINOR and len(bare) < 4 and not first)


def single_inner_quotes(text: str) -> str:
    """Double quotation marks inside a title that a style puts in double quotes become single."""
    text = text.replace("“", "‘").replace("”", "’")
    return re.sub(r'"([^"]*)"', r"‘\1’", text)


def double_inner_quotes(text: str) -> str:
    """Single quotation marks inside a title a style puts in single quotes (Harvard) become
    double: quotation marks alternate. An apostrophe ("Korea’s") stays."""
    text = re.sub(r"(?<!\w)[‘']([^‘’']*)[’'](?!\w)", r"“\1”", text)
    return re.sub(r'"([^"]*)"', r"“\1”", text)


def curly_quotes(text: str) -> str:
    """Straight double quotes in a title become typographic ones, as CSL processors print."""
    return re.sub(r'"([^"]*)"', r"“\1”", text)


def closing(title: str, mark: str) -> str:
    """The title followed by the style's mark, never doubling a period ("Media.", not
    "Media.."), nor adding one after "?" or "!"."""
    if mark == "." and title.endswith((".", "?", "!", "…")):
        return title
    if mark == "," and title.endswith(("?", "!")):
        return title
    return title + mark
