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
from collections.abc import Iterable, Iterator
from typing import Any

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
    "unknown editor editors redaktion redacción rédaction author".split()
)
# Month names that are not also common given names: one at a byline's end is a date's.
_DATE_MONTHS = "january|february|september|october|november|december"
# Any month, by its first letters: `Apr`, `Sept.`, `April`.
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?"
_LEAD_BY = re.compile(r"^\s*(?:[\w’'-]+\s+){0,3}?by\s*:?\s+", re.IGNORECASE)
_TRAILING_DATE = re.compile(
    r"\s+(?:(?:updated|published|posted|on)\s+)*"
    rf"(?:(?:{_DATE_MONTHS}|{_MONTH}\s+\d)"
    r"[\w\s,.:]*)$",
    re.IGNORECASE,
)
_DATE_ALONE = re.compile(
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?)",
    re.IGNORECASE,
)
_WITH_ADDRESS = re.compile(r"\s*\((?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/?\)", re.I)
_SPLIT = re.compile(r"\s*(?:;|\s&\s|\band\b|\bund\b|\s\+\s)\s*", re.IGNORECASE)
_PIPE = re.compile(r"\s+[|•·/]\s+|\s+[-–—]\s+")
# `Ann Example and Bo Sample for The Example Post`, `Ann Example, Special to the Post`: the
# publication a byline names after its people is furniture, not one more name.
_FOR_PUBLICATION = re.compile(
    r"(?:,?\s+(?:writing\s+)?for|,?\s+special\s+to)\s+(?:the\s+)?[A-Z][\w.'’&-]*(?:\s+\S+)*$",
    re.IGNORECASE,
)


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
    if _WITH_ADDRESS.search(text):
        # `Example Media (www.example.com)`: the site's owner signs with its address.
        text, kind = _WITH_ADDRESS.sub("", text).strip(" ,;:|-–—"), "organisation"
    if not text or "://" in text or text.startswith(("@", "www.")):
        return []
    if kind == "organisation":
        return [Person(text, kind)]
    text = _LABELLED.sub("", _LEAD_BY.sub("", text))
    pieces = [p for p in _PIPE.split(text) if p.strip()]
    # `Ann Example, The Example Post`: the site after a comma goes, the person stays.
    pieces = [_without_site_parts(p, sites) for p in pieces]
    named = [p for p in pieces if fold(p) not in sites and not _is_site(p, sites)]
    if not named:
        return [Person(text, "organisation")] if pieces and len(pieces) == 1 else []
    text = named[0]
    text = _TRAILING_DATE.sub("", text).strip(" ,;:")
    text = _FOR_PUBLICATION.sub("", text).strip(" ,;:")
    names: list[Person] = []
    for part in _SPLIT.split(text):
        for name in _comma_names(part.strip(" ,")):
            cleaned = _personal(name) if kind != "organisation" else name
            if not cleaned or any(fold(word) in FURNITURE for word in cleaned.split()):
                continue  # `Editorial`, `Online Redaktion`, `Newsroom Staff`: a desk
            if _DATE_ALONE.fullmatch(cleaned):
                continue  # `Ann Example, TNN, Apr 7`: the date the byline carries
            if section and fold(cleaned) == fold(section):
                continue
            found_kind = kind or ("organisation" if fold(cleaned) in sites else None)
            names.append(Person(cleaned, found_kind))
    return names


def looks_personal(name: str) -> bool:
    """A person's name by its look: two to four words, the first a given name."""
    from quotesdb.extract.people import given_names

    words = name.split()
    first = words[0].casefold().strip(".") if words else ""
    return 2 <= len(words) <= 4 and first in given_names()


def _without_site_parts(piece: str, sites: set[str]) -> str:
    parts = [part for part in piece.split(",") if part.strip()]
    if len(parts) < 2 or _is_site(parts[0], sites):
        return piece  # `Example Media, Hamburg`: the site is the byline, the rest its place
    return ",".join(part for part in parts if not _is_site(part, sites)).strip()


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
    name = _unglued(words)
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


# A surname run into the next element's text (`Ann KeaneCity Desk`): a capital after a
# capital and four or more small letters, which names do not have (McKay, MacLeod,
# DeShawn, FitzGerald).
_GLUED = re.compile(r"^([A-Z][a-z]{4,})[A-Z][a-z]")


def _unglued(words: list[str]) -> str:
    """The name up to where the page's next element was run into it, if it was."""
    for n, word in enumerate(words[1:], start=1):
        if m := _GLUED.match(word):
            return " ".join([*words[:n], m.group(1)])
    return " ".join(words)


@functools.cache
def _degrees() -> frozenset[str]:
    """Letters after a name that are a degree (PhD, MD), not part of it as Jr. is."""
    from nameparser.config import CONSTANTS

    return frozenset(CONSTANTS.suffix_acronyms)


# Words that lead a byline a page writes out: `By`, `Written by:`, German `Von`, French
# `Par`, Spanish and Portuguese `Por`, Dutch `Door`, Italian `Di`, Scandinavian `Av`/`Af`.
_WRITTEN_LEAD = re.compile(
    r"^(?:(?:written|reported|text|story|words)\s+)?(?:by|von|par|por|door|di|av|af)\b\s*:?\s*",
    re.IGNORECASE,
)
# A label before a name: `Author: Ann Example`, `Autor: …`, `Auteur : …`.
_LABEL = re.compile(r"^(?:authors?|autor(?:in|en)?|auteurs?|autore|autora|written by)\s*:?$", re.I)
_LABELLED = re.compile(r"^(?:authors?|autor(?:in|en)?|auteurs?|autore|autora)\s*:\s*", re.I)
# Class or id words of an element holding a byline, and of blocks whose bylines are other
# stories' (related links, teasers, galleries, comments).
_BYLINE_CLASS = re.compile(r"byline|author|autor", re.IGNORECASE)
_OTHER_STORIES = re.compile(
    r"related|teaser|thumbnail|slide|gallery|comment|recommend|promo|more-|popular|sidebar|widget",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(
    r"(?:©|&copy;|\(c\)|copyright)\s*(?:\(c\)\s*)?(?:\d{4}\s*(?:[-–]\s*(?:\d{4})?)?\s*,?\s*)?"
    r"((?:[A-Z][\w’'-]+\s){1,3}[A-Z][\w’'-]+)"
)
MAX_BYLINE_WORDS = 8
# Attributes whose words mark an element as a byline (`class="byline"`, `data-testid=…`).
_MARK_ATTRIBUTES = ("class", "id", "itemprop", "data-testid")


def written_bylines(tree: Any, text: str, sites: Iterable[str] = ()) -> list[Person]:
    """The byline a page writes for readers rather than declares: a `By …`/`Written by:`
    line at the start or end of the article text, an element the page marks as the byline
    (`class="byline"`, `class="author"`) or a labelled `Author: …`, outside blocks that list
    other stories. Names of the site itself are not bylines."""
    site_keys = {fold(s) for s in sites if s and fold(s)}
    for candidate in (*_text_lines(text), *_marked_elements(tree)):
        if not _reads_as_names(candidate):
            continue
        people = [p for p in clean_byline(candidate, None, site_keys) if _person_like(p, site_keys)]
        if people:
            return people
    return []


_CONNECTORS = frozenset("and und et y e og och en &".split())


def _reads_as_names(candidate: str) -> bool:
    """Names, not a phrase: no quotation marks, and up to the first comma (after which a
    job title may follow) only capitalised words, particles and `and`."""
    if any(mark in candidate for mark in '«»“”„"'):
        return False
    head = candidate.split(",")[0].split()
    return all(w[:1].isupper() or w in _PARTICLES or w in _CONNECTORS for w in head)


def site_owner(tree: Any, domains: Iterable[str], sites: Iterable[str] = ()) -> list[Person]:
    """A personal site's author: the name its domain spells (`annexample.com`), written in
    the page's copyright line or <title>, and not the name the site gives itself (then it
    is the outlet). Whether a person or a body, the page does not say."""
    taken = {fold(s) for s in sites if s}
    keys = [d for d in domains if len(d) > 5 and d not in taken]
    if not keys:
        return []
    title = " ".join(tree.xpath("string(//title)").split())
    footer_text = " ".join(" ".join(tree.xpath("//body//text()[not(ancestor::script)]")).split())
    for match in (*_COPYRIGHT.finditer(footer_text), *_COPYRIGHT.finditer(title)):
        name = match.group(1).strip()
        if fold(name) in keys:
            return [Person(name)]
    for words in re.findall(r"((?:[A-Z][\w-]+\s){1,2}[A-Z][\w-]+)[’']s\b", title):
        if fold(words) in keys:
            return [Person(words)]
    return []


def _text_lines(text: str) -> list[str]:
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    out = []
    for line in (*lines[:4], *lines[-3:]):
        if len(line.split()) > MAX_BYLINE_WORDS:
            continue
        if _WRITTEN_LEAD.match(line) or _LABELLED.match(line):
            out.append(_LABELLED.sub("", _WRITTEN_LEAD.sub("", line)))
    return out


def _marked_elements(tree: Any) -> Iterator[str]:
    for node in tree.iter():
        if not isinstance(node.tag, str) or node.tag in {"script", "style", "meta"}:
            continue
        if node.tag == "a":
            # HTML's own mark of an author's link: `<a rel="author">Ann Example</a>`.
            rel = (node.get("rel") or "").lower().split()
            name = " ".join(node.text_content().split())
            if "author" in rel and name and not _among_other_stories(node):
                yield name
            continue
        marks = " ".join(node.get(key) or "" for key in _MARK_ATTRIBUTES)
        own = _pieces(node) if _BYLINE_CLASS.search(marks) else ""
        led = bool(own) and bool(_WRITTEN_LEAD.match(own) or _LABELLED.match(own))
        if led and len(own.split()) <= MAX_BYLINE_WORDS and not _among_other_stories(node):
            yield _LABELLED.sub("", _WRITTEN_LEAD.sub("", own))
            continue
        label = " ".join((node.text or "").split())
        if node.tag in {"strong", "b", "dt", "th", "span", "label"} and _LABEL.match(label):
            value = " ".join((node.tail or "").split())
            following = node.getnext()
            if not value and following is not None:
                value = " ".join(following.text_content().split())
            short = bool(value) and len(value.split()) <= MAX_BYLINE_WORDS
            if short and not _among_other_stories(node):
                yield value


def _pieces(node: Any) -> str:
    """An element's text, its child elements' texts apart (`ANN EXAMPLE`, `AP Writer` as
    `ANN EXAMPLE, AP Writer`), a leading `By` alone on its own kept as a lead."""
    parts = [" ".join(p.split()) for p in node.itertext() if p.strip()]
    if len(parts) > 1 and _WRITTEN_LEAD.sub("", parts[0]) == "":
        return f"{parts[0]} {', '.join(parts[1:])}"
    return ", ".join(parts)


def _among_other_stories(node: Any) -> bool:
    for parent in node.iterancestors():
        if parent.tag in {"nav", "aside"}:
            return True
        marks = f"{parent.get('class') or ''} {parent.get('id') or ''}"
        if _OTHER_STORIES.search(marks):
            return True
    return False


def _person_like(person: Person, sites: set[str]) -> bool:
    """A name of one to four capitalised words, not the site's."""
    words = person.name.split()
    key = fold(person.name)
    if not 2 <= len(words) <= 4 or key in sites or any(fold(w) in FURNITURE for w in words):
        return False
    return all(w[:1].isupper() or w in _PARTICLES for w in words)


DATELINE_PARAGRAPHS = 4  # lines of the text a dateline may open (caption, date, …)
# A wire dateline opening the story: `LAKEVILLE, Ore. (AP) —`, `PARIS, March 3 (Reuters) -`.
_DATELINE_CREDIT = re.compile(
    r"^[A-Z][^\n()]{1,80}?\s\((?P<credit>[A-Z][A-Za-z]*(?:[ -][A-Z][A-Za-z]*){0,2})\)\s*[-–—:]\s"
)
_NOT_CREDITS = re.compile(
    rf"^(?:{_MONTH}|mon|tue|wed|thu|fri|sat|sun|updated?|video|photos?|live|exclusive|watch)",
    re.IGNORECASE,
)


def dateline_credit(text: str) -> str | None:
    """The organisation a story's opening dateline credits (`(AP)` of `LAKEVILLE, Ore.
    (AP) — …`): a wire or partner whose story this is, the author when no person is
    bylined. The dateline opens the story's first paragraphs, after a photo's caption or
    a date line when the page puts those first."""
    for paragraph in text.lstrip().split("\n", DATELINE_PARAGRAPHS)[:DATELINE_PARAGRAPHS]:
        found = _DATELINE_CREDIT.match(paragraph.strip())
        if found and not _NOT_CREDITS.match(found["credit"]):
            return found["credit"]
    return None
