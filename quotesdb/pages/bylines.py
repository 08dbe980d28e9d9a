"""Bylines as pages write them, made into the names a citation lists.

A page's byline carries furniture: `By ANN EXAMPLE, AP Labor Writer`, `Analysis by Ann
Example`, `Ann Example | Example Media`, a date run into it, `Doe, Jane` inverted,
`Dr.` and `PhD`. What is left is a name in reading order. A name the page declared an
organisation (JSON-LD `Organization`) is kept whole and never parsed as a person's; one it
declared a `Person` stays a person whatever its words look like.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable

from quotesdb.pages.structured import Person

# Job words that make a comma-separated piece a role, not a second name.
ROLE_WORDS = frozenset(
    """writer correspondent editor reporter contributor columnist producer analyst
    bureau chief staff journalist photographer critic director senior special
    contributing associate deputy managing political national international
    science health business economics sports culture""".split()
)
# Words that stand where a byline goes but name nobody.
FURNITURE = frozenset(
    "editorial opinion analysis staff admin administrator newsroom guest anonymous "
    "unknown editor editors redaktion redacción rédaction".split()
)
# Month names that are not also common given names: one at a byline's end is a date's.
_DATE_MONTHS = "january|february|september|october|november|december"
_LEAD_BY = re.compile(r"^\s*(?:[\w’'-]+\s+){0,3}?by\s*:?\s+", re.IGNORECASE)
_TRAILING_DATE = re.compile(
    r"\s+(?:(?:updated|published|posted|on)\s+)*"
    rf"(?:(?:{_DATE_MONTHS}|(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s+\d)"
    r"[\w\s,.:]*)$",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:;|\s&\s|\band\b|\bund\b|\s\+\s)\s*", re.IGNORECASE)
_PIPE = re.compile(r"\s+[|•·/]\s+|\s+[-–—]\s+")


def fold(value: str) -> str:
    """Letters and digits only, lower case: how names from different places are compared."""
    return re.sub(r"[\W_]+", "", value.casefold())


def clean_bylines(
    people: Iterable[Person], site_names: Iterable[str] = (), section: str | None = None
) -> list[Person]:
    """Each declared or written byline made into names, each name once."""
    sites = {fold(s) for s in site_names if s and fold(s)}
    out: list[Person] = []
    seen: set[str] = set()
    for person in people:
        for found in clean_byline(person.name, person.kind, sites, section):
            key = fold(found.name)
            if key and key not in seen:
                seen.add(key)
                out.append(found)
    return out


def clean_byline(
    raw: str, kind: str | None = None, sites: set[str] | None = None, section: str | None = None
) -> list[Person]:
    """The names in one byline string."""
    sites = sites or set()
    text = " ".join(html.unescape(raw).split()).strip(" ,;:|-–—")
    if not text or "://" in text or text.startswith(("@", "www.")):
        return []
    if kind == "organisation":
        return [Person(text, kind)]
    text = _LEAD_BY.sub("", text)
    pieces = [p for p in _PIPE.split(text) if p.strip()]
    named = [p for p in pieces if fold(p) not in sites and not _is_site(p, sites)]
    if not named:
        return [Person(text, "organisation")] if pieces and len(pieces) == 1 else []
    text = named[0]
    text = _TRAILING_DATE.sub("", text).strip(" ,;:")
    names: list[Person] = []
    for part in _SPLIT.split(text):
        for name in _comma_names(part.strip(" ,")):
            cleaned = _personal(name) if kind != "organisation" else name
            if not cleaned or fold(cleaned) in FURNITURE:
                continue
            if section and fold(cleaned) == fold(section):
                continue
            found_kind = kind or ("organisation" if fold(cleaned) in sites else None)
            names.append(Person(cleaned, found_kind))
    return names


def _is_site(piece: str, sites: set[str]) -> bool:
    key = fold(piece)
    return bool(key) and any(key in site or site in key for site in sites if len(site) > 3)


def _comma_names(text: str) -> list[str]:
    """`Doe, Jane` is Jane Doe; `Ann Example, AP Labor Writer` and `Ann Example, Hamburg`
    are Ann Example; `Ann Example, Bo Sample` are two people; `Ann Lee, PhD` is Ann Lee."""
    pieces = [p.strip() for p in text.split(",") if p.strip()]
    if not pieces:
        return []
    if len(pieces) == 2 and _one_word(pieces[0]) and _given_names(pieces[1]):
        return [f"{pieces[1]} {pieces[0]}"]
    names = [pieces[0]]
    for piece in pieces[1:]:
        if _is_role(piece) or (len(piece.split()) == 1 and not _is_suffix(piece)):
            break  # a job or a place (`Ann Example, Hamburg`), not a second name
        if _is_suffix(piece):
            if piece.rstrip(".").lower() in {"jr", "sr", "ii", "iii", "iv"}:
                names[-1] += f" {piece}"
            continue
        names.append(piece)
    return names


def _one_word(piece: str) -> bool:
    """A lone surname: `Doe`, `O'Brien`, `Smith-Jones`."""
    letters = piece.replace("'", "").replace("’", "").replace("-", "")
    return len(piece.split()) == 1 and piece[:1].isupper() and letters.isalpha()


def _given_names(piece: str) -> bool:
    words = piece.split()
    return 1 <= len(words) <= 2 and all(w[:1].isupper() for w in words) and not _is_role(piece)


def _is_role(piece: str) -> bool:
    words = [w.strip(".").lower() for w in piece.split()]
    if len(words) > 4:
        return True
    if any(w in ROLE_WORDS for w in words):
        return True
    return any(w[:1].islower() and w not in _PARTICLES for w in piece.split())


def _is_suffix(piece: str) -> bool:
    from nameparser.config import CONSTANTS

    word = piece.replace(".", "").lower().strip()
    return word in CONSTANTS.suffix_acronyms or word in CONSTANTS.suffix_not_acronyms


_PARTICLES = frozenset("van von der den de del della da di du la le bin al ibn ter y e".split())


def _personal(name: str) -> str | None:
    """A person's name without honorifics or degrees, in its own capitals (an all-capitals
    or all-lower-case byline is given a name's capitals)."""
    from nameparser import HumanName

    name = name.strip(" .,") if name.endswith(",") else name.strip(" ,")
    words = name.split()
    if not words or not any(c.isalpha() for c in name):
        return None
    if len(words) > 6:
        return None  # a sentence, not a name
    parsed = HumanName(name)
    suffixes = [s for s in parsed.suffix_list if s.replace(".", "").lower() not in _degrees()]
    core = [w for w in (parsed.first, *parsed.middle_list, parsed.last) if w]
    if not core or fold(" ".join(core)) in {"by", *_degrees()}:
        return None  # an honorific, a degree or a lone `By`: no name at all
    if parsed.title or len(suffixes) != len(parsed.suffix_list):
        name = " ".join([*core, *suffixes])
    letters = [c for c in name if c.isalpha()]
    if len(letters) > 3 and (name.isupper() or name.islower()):
        recased = HumanName(name)
        recased.capitalize(force=True)
        name = " ".join(
            w if w[:1].isupper() or w in _PARTICLES else w[:1].upper() + w[1:]
            for w in str(recased).split()
        )
    return " ".join(name.split()) or None


@functools.cache
def _degrees() -> frozenset[str]:
    """Letters after a name that are a degree (PhD, MD), not part of it as Jr. is."""
    from nameparser.config import CONSTANTS

    return frozenset(CONSTANTS.suffix_acronyms)
