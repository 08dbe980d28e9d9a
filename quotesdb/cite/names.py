"""Personal names and organisations, as citation styles need them.

"Associated Press" is not Mr. Press, and "Martin Luther King Jr." is a King: the styles
invert personal names, never an organisation's, and keep a suffix after the given names.
The stored kind of a name ("person" or "organisation") decides when it is known; the word
list below is only the fallback for names stored without one.

- A byline written "Doe, Jane" is already inverted: Doe is the family name.
- Particles ("von der", "de", "van") belong to the family name in text citations
  ("von der Leyen"); CSL calls them the non-dropping particle and keeps them apart.
- Names in Chinese, Japanese or Korean script are family name first ("山田 太郎",
  "王小明"); they are never inverted nor cut to initials.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PARTICLES = frozenset("van von der den de del della da di du la le bin al ibn ter dos das".split())
SUFFIXES = frozenset("jr jr. sr sr. ii iii iv v".split())
# Words that make a name an organisation's: press agencies, papers, institutions.
ORGANISATION_WORDS = frozenset(
    """press associated agency news staff reporters reporter editorial board desk service
    wire reuters bureau times post journal herald tribune guardian telegraph gazette
    university institute institution ministry department council committee commission
    organisation organization association foundation corporation inc inc. ltd ltd. llc
    company group center centre office agence bank fund party union network society
    government trust media""".split()
)
ORGANISATION_KINDS = frozenset(("organisation", "organization", "org", "institution"))
# Han ideographs, kana, Hangul syllables and jamo: a name in these scripts is family first.
_CJK = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True, slots=True)
class Name:
    given: str
    family: str
    suffix: str = ""
    literal: str = ""  # an organisation, or a single name: never inverted or cut
    particle: str = ""  # "von der" of "von der Leyen": CSL's non-dropping particle
    family_first: bool = False  # CJK order: family, then given, never inverted or cut

    @property
    def is_literal(self) -> bool:
        return bool(self.literal)

    @property
    def initials(self) -> str:
        """ "M. L." for "Martin Luther"; "J.-P." for "Jean-Pierre"."""
        out = []
        for part in self.given.split():
            pieces = [p for p in part.split("-") if p]
            out.append("-".join(f"{p[0]}." for p in pieces))
        return " ".join(out)

    @property
    def surname(self) -> str:
        """The family name as text citations print it: "von der Leyen", "King"."""
        return " ".join(p for p in (self.particle, self.family) if p)

    @property
    def display(self) -> str:
        """The name in reading order: "Martin Luther King Jr.", "山田 太郎"."""
        if self.literal:
            return self.literal
        if self.family_first:  # written together, as CSL processors print them
            return self.family + self.given
        return " ".join(p for p in (self.given, self.surname, self.suffix) if p)

    @property
    def sort_key_name(self) -> str:
        """What a text citation names: an organisation whole, else the family name."""
        return self.literal or self.surname

    def inverted(self, given: str | None = None) -> str:
        """ "King, Martin Luther, Jr.", with `given` (say initials) in place of the given
        names; CJK names stay in their own order."""
        if self.literal:
            return self.literal
        if self.family_first:
            return self.display
        first = self.given if given is None else given
        return ", ".join(p for p in (self.surname, first, self.suffix) if p)


def is_organisation(name: str) -> bool:
    words = [w.strip(",").lower() for w in name.split()]
    return any(w in ORGANISATION_WORDS for w in words)


def _cjk(clean: str) -> Name:
    """Family name first. Without a space: one character of a two- or three-character
    name, two of a four-character one (the commonest shapes of Chinese, Korean and
    Japanese names)."""
    words = clean.split()
    if len(words) > 1:
        return Name(" ".join(words[1:]), words[0], family_first=True)
    if len(clean) < 2:
        return Name("", clean, literal=clean)
    cut = 2 if len(clean) >= 4 else 1
    return Name(clean[cut:], clean[:cut], family_first=True)


def _particle(words: list[str]) -> tuple[str, list[str]]:
    """Lower-case particles leading a family name: ("von der", ["Leyen"])."""
    n = 0
    while n < len(words) - 1 and words[n] in PARTICLES:
        n += 1
    return " ".join(words[:n]), words[n:]


def _inverted(parts: list[str]) -> Name | None:
    """ "Doe, Jane" and "King, Martin Luther, Jr." (a byline already inverted)."""
    if len(parts) == 3 and parts[2].lower() in SUFFIXES and parts[0] and parts[1]:
        family, given, suffix = parts
    elif len(parts) == 2 and parts[0] and parts[1] and parts[1].lower() not in SUFFIXES:
        (family, given), suffix = parts, ""
    else:
        return None
    particle, rest = _particle(family.split())
    return Name(given, " ".join(rest), suffix, particle=particle)


def split_name(name: str, kind: str | None = None) -> Name:
    """A name by its stored kind (else the organisation word list): the last word, with
    particles before it, is the family name; a suffix is set apart; an organisation or a
    lone word stays whole."""
    clean = " ".join(name.split())
    if (kind or "").lower() in ORGANISATION_KINDS or (kind is None and is_organisation(clean)):
        return Name("", "", literal=clean)
    if _CJK.search(clean):
        return _cjk(clean)
    parts = [p.strip() for p in clean.split(",")]
    if len(parts) > 1 and (found := _inverted(parts)):
        return found
    words = re.sub(r",\s*(?=(jr|sr|ii|iii|iv|v)\.?$)", " ", clean, flags=re.I).split()
    suffix = ""
    if len(words) > 2 and words[-1].lower() in SUFFIXES:
        suffix = words.pop()
    if len(words) < 2:
        return Name("", clean, literal=clean) if not suffix else Name("", words[0], suffix)
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    family = words[start:]
    particle, rest = _particle(family)
    return Name(" ".join(words[:start]), " ".join(rest), suffix, particle=particle)
