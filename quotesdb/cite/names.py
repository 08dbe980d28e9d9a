"""Personal names and organisations, as citation styles need them.

"Associated Press" is not Mr. Press, and "Martin Luther King Jr." is a King: the styles
invert personal names, never an organisation's, and keep a suffix after the given names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PARTICLES = frozenset("van von der den de del della da di du la le bin al ibn ter".split())
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


@dataclass(frozen=True, slots=True)
class Name:
    given: str
    family: str
    suffix: str = ""
    literal: str = ""  # an organisation, or a single name: never inverted or cut

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
    def display(self) -> str:
        """The name in reading order: "Martin Luther King Jr."."""
        if self.literal:
            return self.literal
        return " ".join(p for p in (self.given, self.family, self.suffix) if p)

    @property
    def sort_key_name(self) -> str:
        return self.literal or self.family


def is_organisation(name: str) -> bool:
    words = [w.strip(",").lower() for w in name.split()]
    return any(w in ORGANISATION_WORDS for w in words)


class DeclaredName(str):
    """An author's name with the kind its page declared ("person" or "organisation"):
    that declaration, not the name's words, decides whether the styles invert it."""

    kind: str | None

    def __new__(cls, name: str, kind: str | None = None) -> DeclaredName:
        made = super().__new__(cls, name)
        made.kind = kind
        return made


def split_name(name: str) -> Name:
    """Last word (with particles before it) is the family name, a suffix is set apart;
    an organisation or a lone word stays whole (a name's declared kind decides first)."""
    clean = " ".join(name.split())
    kind = getattr(name, "kind", None)
    if kind == "organisation" or (kind != "person" and is_organisation(clean)):
        return Name("", "", literal=clean)
    words = re.sub(r",\s*(?=(jr|sr|ii|iii|iv|v)\.?$)", " ", clean, flags=re.I).split()
    suffix = ""
    if len(words) > 2 and words[-1].lower() in SUFFIXES:
        suffix = words.pop()
    if len(words) < 2:
        return Name("", clean, literal=clean) if not suffix else Name("", words[0], suffix)
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    return Name(" ".join(words[:start]), " ".join(words[start:]), suffix)
