"""Automatic topics: a vocabulary file (topic → words and phrases) matched with stemming.

Words are stemmed (`quotesdb.search.text`, whatever engine indexes the archive), so
"sanctioning" finds the topic whose vocabulary says "sanction". Matching happens when a
quote is written; `reindex` re-derives it after the vocabulary changes.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

from quotesdb.config import Settings
from quotesdb.errors import InputError

# The default vocabulary ships inside the package (quotesdb/data/), found as a package resource.
DEFAULT_VOCABULARY = Path(str(files("quotesdb") / "data" / "topics.toml"))
TopicMatcher = Callable[[str, str | None], set[str]]


def vocabulary_path(settings: Settings, override: Path | None = None) -> Path | None:
    """An explicit file, else the home's own topics.toml, else the default in quotesdb/data/."""
    for candidate in (override, settings.home / "topics.toml", DEFAULT_VOCABULARY):
        if candidate is not None and candidate.is_file():
            return candidate
    if override is not None:
        raise InputError(f"{override}: no such topics file")
    return None


def load_vocabulary(path: Path) -> dict[str, list[str]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: not a readable topics file ({exc})") from None
    topics = data.get("topics", data)
    vocabulary: dict[str, list[str]] = {}
    for name, terms in topics.items():
        if isinstance(terms, str):
            terms = [terms]
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            raise InputError(f"{path}: topic {name!r} must list words or phrases")
        vocabulary[str(name)] = [*terms, str(name)]
    return vocabulary


def make_matcher(vocabulary: dict[str, list[str]]) -> TopicMatcher:
    from quotesdb.search.text import stems

    patterns = [
        (topic, stemmed)
        for topic, terms in vocabulary.items()
        for stemmed in {stems(term) for term in terms}
        if stemmed
    ]

    def match(text: str, paragraph: str | None) -> set[str]:
        found: set[str] = set()
        for body in (text, paragraph or ""):
            words = stems(body)
            present = set(words)
            joined = " " + " ".join(words) + " "
            for topic, pattern in patterns:
                if topic in found or pattern[0] not in present:
                    continue
                if len(pattern) == 1 or f" {' '.join(pattern)} " in joined:
                    found.add(topic)
        return found

    return match


def default_matcher(settings: Settings, override: Path | None = None) -> TopicMatcher | None:
    path = vocabulary_path(settings, override)
    return make_matcher(load_vocabulary(path)) if path is not None else None
