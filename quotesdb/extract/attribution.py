"""Who said a quotation: speech verbs after it, before it, or in its sentence.

All searches run on the masked text (quote interiors blanked, so words inside a quote
never attribute it) and stay within a bounded window, which keeps the cost per quote flat.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from quotesdb.extract.lexicon import (
    ABBREVIATIONS,
    ADJECTIVE_SHAPE,
    AUX,
    DOCUMENTS,
    ORG_WORDS,
    PERSON_NOUNS,
    PLACE_WORDS,
    PLACES,
    ROLES,
    SPEECH_FINITE,
    SPEECH_ING,
    SPEECH_INVERTIBLE,
    TITLES,
    trie_pattern,
)
from quotesdb.extract.people import Cast, Mention, appositive

_SP = r"[ \u00a0]+"
_AUX = trie_pattern(AUX)
# "as Lee put it, “…”"; "“…,” she went on.", "Lee went on about “…”" (not "the Senate
# goes on recess")
_FINITE = (
    trie_pattern(SPEECH_FINITE | {"put it", "puts it"})
    + r"|(?:went|goes)[ \u00a0]on(?=[,.;:!?]|[ \u00a0]about\b)"
)
_INV = trie_pattern(SPEECH_INVERTIBLE)
_POST_GAP = re.compile(r"[ \u00a0]*,?[ \u00a0]*")
_DASH = re.compile(r"(?:—|–|―|--?)[ \u00a0]*")
_INVERTED = re.compile(rf"(?:(?:{_AUX}){_SP})?(?:{_INV}){_SP}")
_ASKED = re.compile(rf"(?:asked|asks|wondered|wonders){_SP}")
_ACCORDING = re.compile(rf"according{_SP}to{_SP}", re.IGNORECASE)
# "(D-Wis.)" after a US lawmaker's name: party and state, between the name and the verb.
_PARTY = r"(?:[ \u00a0]*\([^()\n\x1f]{1,40}\))?"
_AFTER_SUBJECT = re.compile(
    rf"{_PARTY}(?:{_SP}(?:of|at|from){_SP}(?:the{_SP})?[A-Z][\w.’'&-]*(?:{_SP}(?:(?:for|of|on|and|&){_SP}(?:the{_SP})?)?[A-Z][\w.’'&-]*){{0,5}})?(?:(?:,[^,;\x1f“”\"\n]{{1,160}}){{1,4}},)?,?{_SP}(?:(?:{_AUX}){_SP}){{0,2}}(?:{_FINITE})\b"
)
# Honorific abbreviations whose period does not end the words before a name.
_ABBREV_DOT = re.compile(
    r"\b(?:Rev|Dr|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Adm|Mr|Mrs|Ms|Prof|Del|St)\."
)
_INITIAL_DOT = re.compile(r"\b(?:[A-Z]\.)+(?=[ \u00a0][A-Z])")  # "George W. Bush", "U.S. Sen."
# Words that may stand between a quote and its speaker: roles and organisations, not clauses.
_GAP_STOP = frozenset(
    "and or but when as that which who whom after before because while if then than to "
    "in on at by for with from of".split()
)
_VERB_ANY = re.compile(
    rf"\b(?:(?P<fin>{_FINITE})|(?P<ing>{trie_pattern(SPEECH_ING)})"
    rf"|(?P<acc>[Aa]ccording{_SP}to|[Ii]n{_SP}the{_SP}words{_SP}of)"
    # "In Dr. Lee’s words, “…”": the name before the possessive speaks
    rf"|(?P<own>[’']s{_SP}(?:own{_SP})?words))\b"
)
_BOUNDARY = re.compile(r"[.!?…][”\"’)\]]*[ \u00a0]+(?=[A-Z“\"‘(\[\x1f])")
_OF_ORG = re.compile(rf"{_SP}(?:for|of|at|with|from){_SP}(?:the{_SP})?")
_FROM = re.compile(rf"[\w’'-]+(?:{_SP}[\w’'-]+){{0,3}}?{_SP}(?:from|by|of){_SP}(?:the{_SP})?")
_STATEMENT = re.compile(
    r"(?:a|an|the)[ \u00a0]+(?:\w+[ \u00a0]+)?(?:statement|announcement|post)\b"
)
# Texts that "say" things, besides the documents of the lexicon.
_TEXT_NOUNS = frozenset(
    "statement column editorial article story ad advertisement tweet post website book "
    "message petition resolution platform press release".split()
)
_PERSONISH = ("person", "pron", "role", "org")


@dataclass(frozen=True, slots=True)
class Who:
    """An attribution: a named speaker, or blocked (attributed, but to no one nameable)."""

    speaker: str | None
    desc: str | None = None
    is_person: bool = True
    resolved: bool = False  # reached through a pronoun or "the minister", not named at the quote
    verb_known: bool = True  # False: the verb is taken by its place and shape, not the lexicon
    guessed: bool = False  # "the aide" given to the nearest person, no description fitting

    @property
    def blocked(self) -> bool:
        return self.speaker is None


NOBODY = Who(None)


def sentence_bounds(masked: str) -> list[int]:
    """Offsets where sentences start, found once over the whole text."""
    out: list[int] = []
    for m in _BOUNDARY.finditer(masked):
        words = masked[max(0, m.start() - 10) : m.start() + 1].split()
        last = words[-1].lower().rstrip(".") if words else ""
        if last in ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
            continue
        if _INITIALISM.fullmatch(last) and not _OPENS_SENTENCE.match(masked, m.end()):
            continue  # "U.S. Attorney Ann Lee": the initials name something, a title follows
        out.append(m.end())
    return out


_INITIALISM = re.compile(r"(?:[a-z]\.)+[a-z]")
# Words that open a sentence after "… in the U.S." rather than continue a name or title.
_OPENS_SENTENCE = re.compile(
    r"(?:He|She|It|They|We|I|You|The|A|An|This|That|These|Those|But|And|In|On|At|For|If|"
    r"When|As|After|Before|There|Its|His|Her|Their|Our|[“\"‘(\[\x1f])\b"
)


def sentence_start(bounds: list[int], ps: int, pos: int) -> int:
    """Start of the sentence holding pos, looking back at most 400 characters."""
    k = bisect_right(bounds, pos) - 1
    lo = max(ps, pos - 400)
    return bounds[k] if k >= 0 and bounds[k] > lo else lo


def speech_verbs(masked: str) -> list[re.Match[str]]:
    """Every speech verb in the text, found once; quotes look theirs up by bisection.

    A word after a possessive or an article is a noun ("Lee's remarks", "the claims").
    """
    return [
        m
        for m in _VERB_ANY.finditer(masked)
        if not _DETERMINER.search(masked, max(0, m.start() - 8), m.start())
        and not (
            m.group().endswith("s")
            and (
                _PREPOSITION_BEFORE.search(masked, max(0, m.start() - 30), m.start())
                or _NO_SUBJECT_BEFORE.search(masked, max(0, m.start() - 12), m.start())
            )
        )
    ]


# "said states can pass such laws", "because states must", "many states", "50 states",
# "said on Monday, that states …": an -s form right after a verb, a conjunction, a
# quantifier or a "that" no noun heads has no subject of its own to agree with, so it is a
# plural noun, the subject of the next clause ("a law that states" keeps its verb).
_NO_SUBJECT_BEFORE = re.compile(
    r"(?:\b(?:said|says|told|tells|argued|argues|because|whether|if|unless|although|though|"
    r"while|since|many|some|all|both|few|several|most|other|such|\d+)|"
    r"(?:,|\bsaid|\bsays|\bargued|\bargues)[ \u00a0]+that)[ \u00a0]+$"
)


# "Lee's remarks" is a noun; "she's said" ("she has said") is still a verb.
_DETERMINER = re.compile(
    r"(?:(?<![Hh]e)(?<![Ii]t)(?<!ho)[’']s"
    r"|\b(?:his|her|their|its|the|these|those|our|my|your))[ \u00a0]+$"
)


# "In somber comments", "with his usual claims": an -s form after a preposition (and an
# adjective or two) is a plural noun, not a verb.
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:[Ii]n|[Oo]f|[Ww]ith|[Ff]or|[Oo]n|[Aa]fter|[Dd]uring|[Ff]rom|[Aa]bout|[Bb]y)"
    r"(?:[ \u00a0]+[a-z][\w-]*){0,2}[ \u00a0]+$"
)
_NEXT_WORD = re.compile(r"[ \u00a0]+([a-z]+)\b")
_SOURCE_NOUNS = ROLES | {"source", "sources", "aides", "officials", "leaders", "voters"}
_VOICES = frozenset(("spokesman", "spokeswoman", "spokesperson", "official"))

# Capitalised, these name no one alone (ORG_WORDS also lists an agency by its own name).
_COMMON_NOUNS = (ORG_WORDS - {"reuters"}) | PLACE_WORDS | ROLES | TITLES


def who_of(m: Mention, cast: Cast, masked: str) -> Who:
    """Turn a subject mention into a speaker, resolving references through the cast."""
    if m.kind == "plural":
        return NOBODY
    ent = cast.entities[m.entity] if m.entity is not None else None
    site = m.desc or appositive(masked, m.end)
    if m.kind == "role" and ent is None:
        org = _OF_ORG.match(masked, m.end)
        tail = cast.at(org.end()) if org else None
        if org and tail is not None and tail.kind in ("org", "other"):
            name = cast.entities[tail.entity].name if tail.entity is not None else tail.text
            return Who(name, masked[m.start : tail.end].split(None, 1)[1], is_person=False)
        words = m.text.split()[1:]  # "a Downing Street spokesperson": the office speaks
        if (
            len(words) > 1
            and words[-1].lower() in _VOICES
            and all(w[:1].isupper() for w in words[:-1])
            # "a Chinese official": an adjective, no office ("a Pentagon official" speaks)
            and not (len(words) == 2 and ADJECTIVE_SHAPE.search(words[0]))
        ):
            return Who(" ".join(words[:-1]), " ".join(words), is_person=False)
        return NOBODY
    if ent is not None and len(ent.tokens) == 1 and _unnamed_common(ent.tokens[0], cast):
        return NOBODY  # "the Commission said", "the Times reported": no one named
    if ent is not None and ent.opener and not ent.person:
        return NOBODY  # "Others chanted …": a sentence's capitalised first word, no pronoun
    if ent is not None:
        indirect = m.kind in ("pron", "role") or (m.kind == "org" and m.text[:4].lower() == "the ")
        # The article's whole description of the person, which holds what this mention says.
        whole = ent.desc if ent.desc and (not site or site.lower() in ent.desc.lower()) else None
        return Who(
            ent.name,
            whole or site or ent.desc,
            is_person=not ent.org,
            resolved=indirect,
            guessed=m.guess,
        )
    if m.kind in ("pron", "org"):
        return NOBODY
    text = m.text
    if " " not in text and not text.isupper() and text not in cast.proper:
        return NOBODY  # a capitalised sentence opener ("Critics say"), not a name
    if " " not in text and text.endswith("s") and text[:-1].lower() in TITLES | PERSON_NOUNS:
        return NOBODY  # "Democrats said": the plural of a noun for people, no one named
    if text.lower() in PLACES:
        return NOBODY  # "America says …": a place, not a speaker
    if " " not in text and _unnamed_common(text, cast):
        return NOBODY  # "the Commission", "the Times": a common noun capitalised, no one named
    noun = _NEXT_WORD.match(masked, m.end)
    if " " not in text and noun and noun.group(1) in _SOURCE_NOUNS:
        return NOBODY  # "one Democratic source": an adjective before an unnamed source
    return Who(text, site, is_person=not text.isupper())


def _unnamed_common(word: str, cast: Cast) -> bool:
    """A capitalised common noun ("Commission", "Times") that no fuller name in the article
    ends with: it names no one. ("the Times" after "The New York Times" is that paper.)"""
    low = word.lower()
    if low not in _COMMON_NOUNS:
        return False
    return not any(len(e.tokens) > 1 and e.tokens[-1].lower() == low for e in cast.entities)


def _mention_near(cast: Cast, masked: str, pos: int, reach: int = 60) -> Mention | None:
    """First mention starting at pos, or after a role phrase that introduces it."""
    for m in cast.between(pos, pos + reach + 80):
        if _titled_start(masked, m) - pos > reach:
            return None
        gap = _ABBREV_DOT.sub("", masked[pos : m.start])
        if any(c in gap for c in '.;:“”"\x1f\n'):
            return None
        return m
    return None


def _titled_start(masked: str, m: Mention) -> int:
    """Where a name begins with the title words written right before it ("National
    Committee Chairman Ed Rendell"): they are part of the name, not a gap before it."""
    if m.desc and masked.endswith(m.desc, 0, m.start - 1):
        return m.start - 1 - len(m.desc)
    return m.start


# Role words between an organisation and a name; a capitalised one only as the head
# ("ACLU executive Director Ann Lee").
_ROLE_GAP = re.compile(r"[ \u00a0]+(?:[a-z][\w-]*[ \u00a0]+){0,2}[A-Za-z][\w-]*[ \u00a0]+")


def _behind_roles(cast: Cast, masked: str, m: Mention) -> Mention:
    """ "said MSNBC host Jo Lin": the person after an organisation and a role noun speaks."""
    if m.kind not in ("org", "other", "person"):
        return m
    k = bisect_left(cast.starts, m.end)
    if k >= len(cast.mentions):
        return m
    nxt = cast.mentions[k]
    if nxt.kind != "person":
        return m
    words = masked[m.end : nxt.start].split()
    if _TITLED.match(nxt.text) and len(words) <= 1 and m.kind != "person":
        return nxt  # "said Air Force 1st Lt. Jo Lin": the titled name after the service
    gap = _ROLE_GAP.fullmatch(masked, m.end, nxt.start)
    titled = _titled_start(masked, nxt)
    if gap is None and titled > m.end:
        # "Pentagon spokesman Navy Capt. Jo Lin": the name's own title closes the gap
        words = masked[m.end : titled].split()
        gap = _ROLE_GAP.fullmatch(masked, m.end, titled)
    if gap is None or (words[-1][:1].isupper() and words[-1].lower() not in PERSON_NOUNS):
        return m
    head = words[-1].lower()
    if (head not in PERSON_NOUNS and head.rsplit("-", 1)[-1] not in ROLES) or any(
        w in _GAP_STOP for w in words
    ):
        return m  # "MSNBC host", "Blaze co-host"
    return nxt


_TITLED = re.compile(r"(?:Lt|Col|Capt|Sgt|Adm|Gen|Maj|Cpl|Pvt|Dr|Rev)\.?[ \u00a0]")


def _according(cast: Cast, masked: str, pos: int) -> Who | None:
    """ "according to X": X speaks unless X is a document ("the official version")."""
    while masked[pos : pos + 1] in (" ", "\u00a0"):
        pos += 1
    m = _mention_near(cast, masked, pos, reach=0)
    if m is None and masked.startswith(("the ", "The ", "the\u00a0"), pos):
        m = _mention_near(cast, masked, pos + 4, reach=0)  # "according to the Daily Caller"
        m = m if m is not None and m.kind == "org" else None
    if m is not None and m.kind != "role":
        return who_of(m, cast, masked)
    words = masked[pos : pos + 60].lower().split()
    if _STATEMENT.match(masked, pos):
        f = _FROM.match(masked, pos)
        tail = _mention_near(cast, masked, f.end(), reach=0) if f else None
        return who_of(tail, cast, masked) if tail is not None else None
    if any(w.strip(",.") in DOCUMENTS for w in words[:4]):
        author = _AUTHORED.match(masked, pos)  # "a memo that Paul Ng wrote": its author
        m = cast.at(author.end()) if author else None
        if m is not None and m.kind == "person":
            return who_of(m, cast, masked)
        return NOBODY if author else None
    return who_of(m, cast, masked) if m is not None else None


# The sentence's opening before "Lee’s words": "In " and nothing else.
_IN_WORDS = re.compile(rf"[ \u00a0]*[Ii]n{_SP}")
# A document and the relative clause naming who wrote it: "a 2019 memo that".
_AUTHORED = re.compile(rf"(?:[\w’'-]+{_SP}){{1,5}}?(?:that|which){_SP}")


def after_quote(masked: str, close_at: int, pe: int, cast: Cast) -> Who | None:
    """Attribution right after the closing mark: ', he said', ', says X', '— Name, title'."""
    gap = _POST_GAP.match(masked, close_at + 1, pe)
    p = gap.end() if gap else close_at + 1
    dash = _DASH.match(masked, p, pe)
    if dash and dash.end() > p:
        m = _mention_near(cast, masked, dash.end(), reach=0)
        return who_of(m, cast, masked) if m is not None else None
    if masked[close_at - 1 : close_at] == "." and masked[p : p + 1].isupper():
        # "…winter.” She said the mill …": a new sentence, not a tag; but "…files.” Tom
        # Reed said." is a tag after a stray full stop: a name, a speech verb, the end
        return _stray_stop_tag(cast, masked, p, pe)
    if masked[close_at - 1 : close_at] in "?!" and _CAPITAL_PRONOUN.match(masked, p):
        return None  # "…told her?” She answered, …": a pronoun's capital opens a sentence
    inv = _INVERTED.match(masked, p, pe)
    if inv is not None and _PARTICIPLE_PHRASE.match(masked, inv.end(), pe):
        # "the “fear-mongering” offered at the convention": a participle and its phrase
        # describe the quoted words; no subject follows the verb, so it is no tag
        return None
    if inv is None and masked[close_at - 1 : close_at] == "?":
        inv = _ASKED.match(masked, p, pe)  # "“…?” asked Lee": the one asking speaks
    if inv:
        if _DETERMINED_HEAD.match(masked, inv.end(), pe):
            # "said his best friend at Lehigh, Bruce Tully": the name set off after the
            # noun phrase is who speaks
            named = _apposed_name(cast, masked, inv.end(), pe)
            if named is None:
                # "added his campaign manager Jeff Weaver": the name the phrase's role words
                # run into
                titled = _TITLED_AFTER_DET.match(masked, inv.end(), pe)
                named = cast.at(titled.end()) if titled else None
                named = named if named is not None and named.kind == "person" else None
            if named is not None:
                return who_of(named, cast, masked)
        if _UNNAMED.match(masked, inv.end(), pe):
            named = _apposed_name(cast, masked, inv.end(), pe) or _described_name(
                cast, masked, inv.end(), pe
            )
            return who_of(named, cast, masked) if named is not None else NOBODY
        m = _mention_near(cast, masked, inv.end())
        if m is None:
            return NOBODY
        owned = _past_possessor(cast, masked, m, pe)
        if owned is not m:
            return who_of(owned, cast, masked) if owned is not None else NOBODY
        return who_of(_behind_roles(cast, masked, m), cast, masked)
    acc = _ACCORDING.match(masked, p, pe)
    if acc:
        return _according(cast, masked, acc.end())
    shaped = (  # "“…?” reacted Lee.": a question or an exclamation closes the quote too
        _INVERTED_SHAPE.match(masked, p, pe) if masked[close_at - 1 : close_at] in ",?!" else None
    )
    named = cast.at(shaped.end()) if shaped else None
    if shaped and _DETERMINED_HEAD.match(masked, shaped.end(), pe):
        # "“…,” exhorted Lee’s introducer, actress Ann Curt.": the name set off after it
        apposed = _apposed_name(cast, masked, shaped.end(), pe)
        if apposed is not None and _TAG_END.match(masked, apposed.end, pe):
            said = who_of(apposed, cast, masked)
            return Who(said.speaker, said.desc, said.is_person, said.resolved, verb_known=False)
    if named is not None and named.kind == "person" and _TAG_END.match(masked, named.end, pe):
        # "“…,” implored Ann Lee.": a past-tense verb the lexicon lacks, then the name
        said = who_of(named, cast, masked)
        return Who(said.speaker, said.desc, said.is_person, said.resolved, verb_known=False)
    head = cast.at(p)
    if _UNNAMED_SUBJECT.match(masked, p, pe) and (head is None or head.kind != "role"):
        return NOBODY  # "“…,” one said.", "“…,” a voter said.": someone unnamed
    if _DOCUMENT_SUBJECT.match(masked, p, pe):
        return NOBODY  # "“…,” the column noted.": a text speaks, not the last person named
    return _subject_after(cast, masked, p, pe)


_PARTICIPLE_PHRASE = re.compile(
    r"(?:at|by|to|from|into|about|against|over|during|for|with|as|across|under)[ \u00a0]"
)
_TITLED_AFTER_DET = re.compile(
    r"(?:his|her|their|its|the|[A-Z][\w.-]*[’']s)(?:[ \u00a0]+[a-z][\w-]*){1,4}[ \u00a0]+(?=[A-Z])"
)
_DETERMINED_HEAD = re.compile(r"(?:his|her|their|its|the|[A-Z][\w.-]*[’']s)[ \u00a0]+[a-z]")
_CAPITAL_PRONOUN = re.compile(r"(?:He|She|They|We|It)\b")
# After a speech verb: at most a short adjunct ("on Monday", "in a statement"), then the end.
_TAG_REST = re.compile(r"[^.,;:!?\x1f“”\"]{0,30}?[.!?]")


def _stray_stop_tag(cast: Cast, masked: str, p: int, pe: int) -> Who | None:
    """ "“…files.” Tom Reed said.": a name and a finite speech verb closing the sentence
    after a quote that ends in a full stop attribute it; a clause after the verb does not."""
    m = cast.at(p)
    if m is None or m.kind != "person":
        return None
    verb = _AFTER_SUBJECT.match(masked, m.end, pe)
    if verb is None or _TAG_REST.match(masked, verb.end(), pe) is None:
        return None
    who = who_of(m, cast, masked)
    return Who(who.speaker, who.desc, who.is_person, who.resolved, verb_known=False)


# An indefinite noun phrase: "one", "a voter", "another longtime adviser to X"; a role
# noun's ("a Pentagon spokesman") is left to who_of, where an office may speak.
_UNNAMED_HEAD = r"(?:one|another|someone|somebody|(?:an?|some|two|three|several|many)(?=[ \u00a0]))"
_UNNAMED = re.compile(_UNNAMED_HEAD + r"\b")
_UNNAMED_SUBJECT = re.compile(
    rf"(?:[Oo]ne|[Aa]nother|[Ss]omeone|[Ss]omebody|(?:[Aa]n?|[Ss]ome|[Tt]wo|[Tt]hree|[Ss]everal|[Mm]any)"
    rf"(?:{_SP}[\w’'-]+){{1,4}}?){_SP}(?:(?:{_AUX}){_SP}){{0,2}}(?:{_FINITE})\b"
)


# A text as the subject of the verb after a quote: "the statement said", "his memo added".
_DOCUMENT_SUBJECT = re.compile(
    rf"(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir){_SP}(?:[\w’'-]+{_SP}){{0,2}}?"
    rf"(?:{trie_pattern(DOCUMENTS | _TEXT_NOUNS)}){_SP}(?:(?:{_AUX}){_SP}){{0,2}}(?:{_FINITE})\b"
)
_INVERTED_SHAPE = re.compile(rf"[a-z]{{3,}}ed{_SP}")
_TAG_END = re.compile(r"[ \u00a0]*(?:[.,;!?]|$)")


def _apposed_name(cast: Cast, masked: str, pos: int, pe: int) -> Mention | None:
    """ "said a spokesman for the firm, Ann Lee": the name set off by a comma after it."""
    for m in cast.between(pos, min(pe, pos + 120)):
        gap = masked[pos : m.start]
        if any(c in gap for c in '.;:“”"\x1f\n'):
            return None
        if m.kind == "person" and (gap.endswith((", ", ",\u00a0")) or _ROLE_SET_OFF.search(gap)):
            return m  # "…, Ann Lee", "…, actress Ann Lee"
    return None


# "a skeptical", "a visibly angry": an article and the words that describe a name after it.
_DESCRIBED = re.compile(r"(?:a|an)(?:[ \u00a0]+[a-z][\w-]*){1,2}[ \u00a0]+(?=[A-Z])")


def _described_name(cast: Cast, masked: str, pos: int, pe: int) -> Mention | None:
    """ "said a skeptical Ann Lee": a person's name behind an article and an adjective or
    two is the speaker the article describes, not someone unnamed."""
    lead = _DESCRIBED.match(masked, pos, pe)
    named = cast.at(lead.end()) if lead else None
    if named is None or named.kind != "person" or named.end > pe:
        return None
    return named


_ROLE_SET_OFF = re.compile(r",[ \u00a0]+(?:[a-z][\w-]*[ \u00a0]+){1,2}$")


_OWNED = re.compile(r"[’'](?:s)?(?:[ \u00a0]+[a-z][\w-]*){1,4},?[ \u00a0]+")


def _past_possessor(cast: Cast, masked: str, m: Mention, pe: int) -> Mention | None:
    """ "Baker’s finance director, Ana Lima": the owned noun names the one who speaks.

    m itself when it owns nothing; the person named in apposition to the owned noun when
    there is one; None when the owned noun is unnamed ("Baker’s spokesman").
    """
    if masked[m.end : m.end + 1] not in ("’", "'"):
        return m
    owned = _OWNED.match(masked, m.end, pe)
    if owned is None:
        return None
    nxt = cast.at(owned.end())
    return nxt if nxt is not None and nxt.kind == "person" else None


def sentence_tail(masked: str, close_at: int, hi: int, cast: Cast) -> Who | None:
    """ "A cashier who “steals” is punished, Warren said.": a speaker closing the sentence."""
    for m in cast.between(close_at, hi):
        if masked[max(close_at, m.start - 2) : m.start] != ", ":
            continue  # the speaker closes the sentence after a comma
        m = _behind_roles(cast, masked, m)  # ", DFA spokesman Neil Sroka said."
        if m.kind not in ("person", "pron", "role"):
            continue
        verb = _AFTER_SUBJECT.match(masked, m.end, hi)
        if verb is None:
            continue
        rest = masked[verb.end() : hi]
        short = len(rest) <= 60 or (len(rest) <= 110 and " that " not in rest)
        if short and not any(c in rest for c in '“”"\x1f,;:'):
            # an adjunct closes the sentence ("… to a cheering crowd at the convention on
            # Tuesday."), not a clause of its own
            return who_of(m, cast, masked)
    for inv in _TAIL_INVERTED.finditer(masked, close_at, hi):
        # "“…” if she loses, said Ann Lee, an analyst.": the inverted tag ends the sentence
        tag = _mention_near(cast, masked, inv.end(), reach=0)
        if tag is not None:  # "…, said Ohio State professor Ann Lee.": past the school
            tag = _behind_roles(cast, masked, tag)
        if tag is not None and tag.kind == "person" and "\x1f" not in masked[tag.end : hi]:
            return who_of(tag, cast, masked)
    return None


_TAIL_INVERTED = re.compile(rf",{_SP}(?:{_INV}){_SP}")


def _subject_after(cast: Cast, masked: str, p: int, pe: int, reach: int = 40) -> Who | None:
    """The subject of a verb after the quote, perhaps behind role words ("IMF economist X")."""
    for m in cast.between(p, min(pe, p + reach + 120)):
        gap = masked[p : m.start]
        fronted = m.kind == "person" and (
            _FRONTED_ROLE.fullmatch(gap) is not None or _is_title_phrase(gap)
        )
        if m.start - p > reach and not fronted:
            return None
        if not fronted and (
            any(c in _INITIAL_DOT.sub("", _ABBREV_DOT.sub("", gap)) for c in '.;:“”"\x1f\n,')
            or any(w.lower() in _GAP_STOP for w in gap.split())
        ):
            return None
        end = m.end
        if m.kind == "role":
            org = _OF_ORG.match(masked, end, pe)
            tail = cast.at(org.end()) if org else None
            end = tail.end if tail is not None else end
        if _AFTER_SUBJECT.match(masked, end, pe):
            owned = _past_possessor(cast, masked, m, pe)
            if owned is not m:
                return who_of(owned, cast, masked) if owned is not None else NOBODY
            return who_of(m, cast, masked)
        if m.kind in ("person", "pron") and _VERB_BY_SHAPE.match(masked, end, pe):
            who = who_of(m, cast, masked)  # "“…,” Mayor Dan Reyes interjected.", "he surmised"
            return Who(who.speaker, who.desc, who.is_person, who.resolved, verb_known=False)
        if m.kind in ("role", "pron", "plural"):
            return None
    return None


# "the city's treasurer, Ann Lee, said": a description set off before the name that speaks.
# A capitalised title with its jurisdiction before a name: "acting U.S. Attorney for
# Vermont", "Attorney General of the State of Ohio", "Minister for Foreign Affairs".
_TITLE_PHRASE = re.compile(
    r"(?:[a-z]+[ \u00a0]+)?[A-Z][\w.’'&-]*(?:[ \u00a0]+(?:(?:for|of|on)(?:[ \u00a0]+the)?"
    r"[ \u00a0]+)?[A-Z][\w.’'&-]*)*[ \u00a0]+"
)


def _is_title_phrase(gap: str) -> bool:
    """Whether the words between a quote and a name are a title (a role word among them)."""
    return _TITLE_PHRASE.fullmatch(gap) is not None and any(
        w.lower().strip(".") in ROLES for w in gap.split()
    )


_FRONTED_ROLE = re.compile(
    r"(?:[Tt]he|[Aa]n?|[A-Z][\w.&-]*[’']s)[ \u00a0][^.;:“”\"\x1f\n,]{1,90},[ \u00a0]+"
)


# A past-tense verb closing the sentence after a name: the quote is its object, whatever
# the verb ("“…,” Lee interjected.", "“…,” Lee snapped on Monday.").
_VERB_BY_SHAPE = re.compile(
    rf"{_PARTY}{_SP}(?:(?:{_AUX}){_SP})?[a-z]{{2,}}ed"
    rf"(?:{_SP}(?:on|in|at|to|from|with){_SP}[\w ]{{1,30}}?)?[.!?]"
)


_PRONOUN_HAS = re.compile(r"\b(?:[Hh]e|[Ss]he)[’']s$")


_WHEN = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|today|yesterday|tonight")


def _strip_tail(pre: str) -> str:
    """Drop auxiliaries, adverbs and a relative "who" between a subject and its verb."""
    pre = pre.rstrip(" \u00a0")
    if pre.endswith(("’s", "'s")) and _PRONOUN_HAS.search(pre, len(pre) - 6):  # "She’s said"
        pre = pre[:-2]
    for _ in range(4):
        k = max(pre.rfind(" "), pre.rfind("\u00a0"))
        last = pre[k + 1 :]
        if last == "who":
            return pre[: max(k, 0)].rstrip(" ,\u00a0")
        if (
            last.lower() in AUX
            or (last.endswith("ly") and last.isalpha() and last.islower())
            or _WHEN.fullmatch(last)
        ):  # "Lee later Thursday told", "Lee on Friday said": the time is no subject
            pre = pre[: max(k, 0)].rstrip(" \u00a0")
            if pre.endswith((" on", "\u00a0on")) and _WHEN.fullmatch(last):
                pre = pre[:-3].rstrip(" \u00a0")
        else:
            break
    return pre


_DASHED_ASIDE = re.compile(r"[ \u00a0]*(?:--|—|–)[^\x1f“”\"\n]{1,200}(?:--|—|–)$")


def _subject_before(masked: str, lo: int, verb: int, cast: Cast) -> Mention | None:
    pre = _strip_tail(masked[lo:verb])
    relative = pre != masked[lo:verb].rstrip(" \u00a0") and _RELATIVE_CUT.search(
        masked, lo + len(pre), verb
    )
    end = lo + len(pre)
    aside = _DASHED_ASIDE.search(pre) if pre.endswith(("-", "—", "–")) else None
    before = cast.ends.get(lo + aside.start()) if aside else None
    if (
        before is not None
        and before.kind in ("person", "pron")
        and not _PREP_BEFORE.search(masked, max(lo, before.start - 12), before.start)
    ):
        # "Ted Moss — named by the paper as its choice — told me": the aside interrupts
        # the subject and its verb; the name it follows is the subject
        return before
    if aside and "," in pre[: aside.start()]:
        # "Ann Lee, the head of X -- a firm that … -- told me": the aside is more appositive
        pre = pre[: aside.start()] + ","
        end = lo + len(pre)
    if pre.endswith(","):
        for m in cast.between(lo, end):
            party = _PARTY_AT.match(masked, m.end, end)  # "Ann Cole (D-Ohio), chair of …,"
            after = party.end() if party else m.end
            if masked[after : after + 1] == "," and m.kind in ("person", "role", "org"):
                inner = masked[after + 1 : end - 1].strip()
                if _apposed_subject(cast, masked, after + 1, end - 1):
                    continue  # "At Boca West, where …, Jay Dee, the club's head, said"

                lower = inner[:1].islower() or inner[:1].isdigit() or inner[:2] == "a "
                if inner and (lower or _PARTY_STATE.match(inner)):  # ", R-Wis.,"
                    return m
                if (
                    inner
                    and m.kind == "person"
                    and _titled_appositive(cast, masked, inner, masked.index(inner, after))
                ):
                    return m  # "Ray Dunn, Baker's chief strategist, said"
                if not inner and m.kind == "person" and masked[m.start - 2 : m.start] == ", ":
                    return m  # "An attorney for the firm, Mark Doe, said"
                if not inner and m.kind == "person" and party is not None:
                    return m  # "Sen. Jo Reed (D-R.I.), said": a stray comma after the party
        return None
    subject = cast.ends.get(end)
    if subject is None and pre.endswith("."):
        subject = cast.ends.get(end - 1)  # "Acme Inc. said": the name ends before its dot
    if subject is not None and subject.kind == "pron" and subject.text.lower() in ("her", "his"):
        subject = None  # "who wrote to her on Monday say": an object form is no subject
    if relative and subject is not None and subject.kind == "person":
        # "… the backing of Tom Lee, who declared": the relative pronoun's antecedent is
        # the name right before it, whatever phrase holds that name
        return subject
    if subject is not None and _PREP_BEFORE.search(
        masked, max(lo, subject.start - 12), subject.start
    ):
        # "Ann Lee, head of the Lyle Farmers Union, said", "Ann Lee of the Lyle Union said":
        # the name in a prepositional phrase is not the subject; the person it hangs on is.
        subject = _head_of_phrase(cast, masked, lo, subject)
    elif subject is not None and _KIND_OF_BODY_BEFORE.search(
        masked, max(lo, subject.start - 40), subject.start
    ):
        # "Jade Chalk from the charity Surfers Against Waste said": what kind of body it is
        # may stand between the preposition and its name; the person it hangs on, if any,
        # is the subject ("At the rally Obama said" hangs on no one: Obama stays). When a
        # role heads the phrase, a full name after it holds the role and speaks ("A
        # spokesman for the state health department Tom Ray said"); a lone name is the
        # body, and the role speaks ("a columnist for the news site Pando said").
        head = _head_of_phrase(cast, masked, lo, subject)
        full_name = subject.kind == "person" and len(subject.text.split()) > 1
        if head is not None and (head.kind == "person" or not full_name):
            subject = head
    if subject is None and pre.endswith(")"):  # "Ann Cole (D-Ohio), who told": past the party
        party = _PARTY_END.search(pre)
        subject = cast.ends.get(lo + party.start()) if party else None
    if subject is None and _COORDINATED.search(pre):
        rel = list(_RELATIVE_CUT.finditer(pre))
        antecedent = cast.ends.get(lo + rel[-1].start()) if rel else None
        if antecedent is not None and antecedent.kind == "person":
            # "host Ray Mahr, who backs Lee but has dismissed …": the conjuncts share the
            # relative pronoun, whose antecedent is the name before it
            return antecedent
        # "Hale toured the plant and said": the first conjunct's subject says it
        subject = sentence_subject(cast, masked, lo, verb)
    return subject


def _apposed_subject(cast: Cast, masked: str, lo: int, hi: int) -> bool:
    """A person named after a comma inside [lo, hi) with an appositive of their own
    (", Jay Dee, the club's head,"): a later subject, which the verb belongs to."""
    return any(
        m.kind == "person"
        and masked[m.start - 2 : m.start] in (", ", ",\u00a0")
        and _OWN_APPOSITIVE.match(masked, m.end, hi) is not None
        for m in cast.between(lo, hi)
    )


_OWN_APPOSITIVE = re.compile(r",[ \u00a0]+(?:the|a|an)[ \u00a0]")


_RELATIVE_CUT = re.compile(r",?[ \u00a0]+who\b")
# An appositive that opens with a capital: a possessor or a proper modifier before a
# lower-case head noun ("Baker's chief strategist", "Harvard law professor").
_CAPITAL_APPOSITIVE = re.compile(
    r"(?:[A-Z][\w.&-]*[ \u00a0]+){0,3}(?:[A-Z][\w.&-]*[’']s?[ \u00a0]+)?"
    r"(?:[a-z][\w-]*[ \u00a0]+){0,4}[a-z][\w-]*"
    # what the role covers: "Peloria’s country manager for the UK, Ireland and Nordics"
    r"(?:[ \u00a0]+(?:for|of|at|in|on)[ \u00a0]+(?:the[ \u00a0]+)?[A-Z][\w.&’'-]*"
    r"(?:(?:,[ \u00a0]+|[ \u00a0]+(?:and|&)[ \u00a0]+|[ \u00a0]+)"
    r"(?:the[ \u00a0]+)?[A-Z][\w.&’'-]*){0,6})?"
)


def _titled_appositive(cast: Cast, masked: str, inner: str, at: int) -> bool:
    """An appositive opening with a capital that describes, not names: no person in it
    except a possessor, and a lower-case head noun last."""
    if _CAPITAL_APPOSITIVE.fullmatch(inner) is None:
        return False
    return not any(
        m.kind == "person" and _POSSESSIVE.match(masked, m.end) is None
        for m in cast.between(at, at + len(inner) + 2)
    )


_POSSESSIVE = re.compile(r"[’']")


_PREP_BEFORE = re.compile(r"\b(?:of|for|at|from|with)[ \u00a0]+(?:[Tt]he[ \u00a0]+)?$")
_KIND_OF_BODY_BEFORE = re.compile(
    r"\b(?:of|for|from|with)[ \u00a0]+(?:the[ \u00a0]+)?"
    r"(?:(?!(?:which|whom|whose|who|that|them|these|those|us)\b)[a-z]+[ \u00a0]+){1,3}$"
)
_PHRASE_GAP = re.compile(
    r"(?:,[ \u00a0]+[^,;:\x1f“”\"\n]{1,120}"
    r"|[ \u00a0]+(?:of|for|at|from|with)[ \u00a0][^,;:\x1f“”\"\n]{0,100})"
)


def _head_of_phrase(cast: Cast, masked: str, lo: int, inner: Mention) -> Mention | None:
    """The person a prepositional phrase holding `inner` hangs on: past an appositive
    (", head of …") or a chain of "of the …" phrases; None when there is none."""
    for m in reversed(cast.between(lo, inner.start)):
        if m.kind not in ("person", "role"):
            continue
        if _PHRASE_GAP.fullmatch(masked, m.end, inner.start):
            if _PREP_BEFORE.search(masked, max(lo, m.start - 12), m.start):
                # "Ann Lee of the Lyle Patriarchate of Dayton": m is itself in a phrase
                return _head_of_phrase(cast, masked, lo, m) or m
            return m
        return None
    return None


_PARTY_AT = re.compile(r"[ \u00a0]*\([^()\n\x1f]{1,40}\)")
_PARTY_STATE = re.compile(r"[A-Z]-[A-Z][\w.]*(?:[ \u00a0][A-Z][\w.]*)?$")
_PARTY_END = re.compile(r"[ \u00a0]*\([^()\n\x1f]{1,40}\)$")
_COORDINATED = re.compile(r"[ \u00a0](?:and|but|then)$")


def in_sentence(
    masked: str, lo: int, open_at: int, cast: Cast, verbs: list[re.Match[str]], starts: list[int]
) -> Who | None:
    """A speech verb earlier in the quote's sentence: 'X said: “…”', '…, saying, “…”'."""
    k = bisect_left(starts, open_at) - 1
    if k < 0 or starts[k] < lo or verbs[k].end() > open_at:
        return None
    verb = verbs[k]
    if verb.group("acc"):
        return _according(cast, masked, verb.end())
    if verb.group("own"):
        owner = cast.ends.get(verb.start())
        opens = owner is not None and _IN_WORDS.fullmatch(masked, lo, _titled_start(masked, owner))
        return who_of(owner, cast, masked) if owner is not None and opens else None
    later = _later_clause_subject(cast, masked, verb.end(), open_at)
    if later is not None:
        # "After Ray suggested that …, Lee fired back: “…”": the speech verb sits in a
        # fronted clause; the main clause after it has its own subject, who speaks.
        return who_of(later, cast, masked)
    sub = _SUBORDINATE.search(masked, max(lo, verb.start() - 160), verb.start())
    if sub is not None and sub.start() > lo and "," in masked[verb.end() : open_at]:
        # "Clinton said that when Warren railed against banks, “she speaks for us”": the
        # verb sits in a subordinate clause the comma closes before the quote; the speech
        # verb before it governs the quote ("while Cruz said that “…”" keeps Cruz's)
        outer = _earlier_speaker(masked, lo, sub.start(), cast, verbs, starts)
        if outer is not None:
            return outer
    if (
        verb.group("fin")
        and _REDUCED_PASSIVE.match(masked, verb.end(), open_at)
        and (_SET_OFF_BEFORE.search(masked, max(lo, verb.start() - 30), verb.start()))
    ):
        # "Lee said in a statement, first reported by the Ledger: “…”": a participle set
        # off by a comma with its "by" describes the statement; the verb before it speaks
        earlier = _earlier_speaker(masked, lo, verb.start(), cast, verbs, starts)
        if earlier is not None:
            return earlier
    if verb.group("fin"):
        passive = _PASSIVE.search(masked, max(lo, verb.start() - 12), verb.start())
        if passive and verb.group("fin") in _ADDRESSED:
            # "Lee was asked, “…?”": the subject is the one addressed; "by X" names the asker
            m = _agent(cast, masked, verb.end(), open_at)
            return who_of(m, cast, masked) if m else NOBODY
        m = _subject_before(masked, lo, verb.start(), cast)
        if m is None and _RELATIVE.search(masked, max(lo, verb.start() - 5), verb.start()):
            # "…, saying anybody who complains is “…”": the relative clause's verb is not
            # the attribution; the verb before it may be.
            return in_sentence(masked, lo, verb.start(), cast, verbs, starts)
        if m is None and _TO_SAY.search(masked, max(lo, verb.start() - 40), verb.start()):
            # "Lee went on to say, “…”": the subject of the verb the infinitive hangs on
            m = sentence_subject(cast, masked, lo, verb.start())
            if m is None:
                # "… so subdued that Mr. Lee was prompted to say": that verb's own subject,
                # right before its few words
                near = [x for x in cast.between(lo, verb.start()) if x.kind in ("person", "pron")]
                if near and _VERB_TO.fullmatch(masked, near[-1].end, verb.start()):
                    m = near[-1]
        if m is None and _INVERSION_SITE.search(masked, max(lo, verb.start() - 4), verb.start()):
            m = _inverted_subject(cast, masked, verb.end(), open_at)
        if m is None and _COORDINATED.search(masked[lo : verb.start()].rstrip(" \u00a0")):
            # "Lee, 70, said it was too early but added, “…”": the earlier speech verb's
            # subject, however far back
            return _earlier_speaker(masked, lo, verb.start(), cast, verbs, starts) or NOBODY
        return who_of(m, cast, masked) if m is not None else NOBODY
    pre = masked[lo : verb.start()].rstrip(" \u00a0")
    adverb = _ADVERB_END.search(pre)
    if adverb is not None:
        pre = pre[: adverb.start()]  # "with Lee reportedly yelling": past the adverb
    before = cast.ends.get(len(pre) + lo)
    if (
        before is not None
        and before.kind == "person"
        and (before.entity is None or cast.entities[before.entity].person)
    ):  # "footage of Lee saying, “…”"; "on Telemundo Facebook writing" names no person
        return who_of(before, cast, masked)
    earlier = _earlier_speaker(masked, lo, verb.start(), cast, verbs, starts)
    if earlier is not None:  # "…, Spicer said, adding, “…”"
        return earlier
    if k > 0 and starts[k - 1] >= lo and verbs[k - 1].group("ing"):
        # "with Lee tweeting that … and asking, “…”": coordinated participles share the
        # subject named right before the first
        first = verbs[k - 1].start()
        owner = cast.ends.get(len(masked[lo:first].rstrip(" \u00a0")) + lo)
        joined = _COORDINATED.search(masked[lo : verb.start()].rstrip(" \u00a0"))
        if owner is not None and owner.kind == "person" and joined:
            return who_of(owner, cast, masked)
    clause = lo
    for c in _CLAUSE_JOIN.finditer(masked, lo, verb.start()):
        clause = c.end()  # ", and the leader offered …, saying": that clause's subject
    subject = sentence_subject(cast, masked, clause, verb.end())
    return who_of(subject, cast, masked) if subject is not None else NOBODY


_VERB_TO = re.compile(r"(?:[ \u00a0]+[a-z]+){1,4}[ \u00a0]+to[ \u00a0]+")
_ADVERB_END = re.compile(r"[ \u00a0]+[a-z]{3,}ly$")
_REDUCED_PASSIVE = re.compile(r"[ \u00a0]+by[ \u00a0]")
_SET_OFF_BEFORE = re.compile(r",[ \u00a0]+(?:[a-z]+[ \u00a0]+)?$")
# Verbs that name something with the quoted words: "Lee called the plan “a disaster”".
_NAMING = re.compile(
    r"\b(?:calls|called|calling|dubbed|dubs|described|describes|labeled|labelled|labels|"
    r"branded|brands|deemed|deems)\b"
)


def named_as(masked: str, lo: int, open_at: int, cast: Cast) -> Who | None:
    """ "Lee called the plan “a disaster”": a quote that completes a naming verb is the words
    of that verb's subject. Only a short object between verb and quote, in one clause."""
    start = max(lo, open_at - 120)
    found = list(_NAMING.finditer(masked, start, open_at))
    verb = found[-1] if found else None
    if verb is None or any(c in masked[verb.end() : open_at] for c in ".;:\x1f"):
        return None
    if open_at - verb.end() > 70 and "," in masked[verb.end() : open_at]:
        return None  # a long object ("the storm that hit five towns last week") in one piece
    m = _subject_before(masked, lo, verb.start(), cast)
    if m is None or m.kind not in ("person", "pron", "role"):
        return None
    who = who_of(m, cast, masked)
    if not who.speaker:
        return None
    return Who(who.speaker, who.desc, who.is_person, who.resolved, verb_known=False)


_BARE_REST = re.compile(r"[^.,;:!?\x1f“”\"]{0,40}[.:][ \u00a0]*$")


def bare_attribution(
    masked: str, lo: int, hi: int, cast: Cast, verbs: list[re.Match[str]], starts: list[int]
) -> Who | None:
    """A sentence that is only a speaker, a finite speech verb and a short adjunct ("Lee said
    in a statement."): who it names, or None."""
    k = bisect_left(starts, hi) - 1
    if k < 0 or starts[k] < lo or not verbs[k].group("fin"):
        return None
    rest = masked[verbs[k].end() : hi]
    if not _BARE_REST.fullmatch(rest) or " that " in rest:
        return None
    m = _subject_before(masked, lo, verbs[k].start(), cast)
    if m is None or m.kind not in ("person", "pron", "role"):
        return None
    who = who_of(m, cast, masked)
    return who if who.speaker else None


def _later_clause_subject(cast: Cast, masked: str, lo: int, open_at: int) -> Mention | None:
    """A person opening the last comma clause before a quote introduced by a colon."""
    intro = masked[lo:open_at].rstrip()
    if not intro.endswith(":"):
        return None
    comma = masked.rfind(", ", lo, lo + len(intro))
    if comma < 0:
        return None
    m = cast.at(comma + 2)
    if m is None or m.kind not in ("person", "pron") or m.text.lower() in ("his", "her"):
        return None
    gap = _SUBJECT_GAP.match(masked, m.end, lo + len(intro))
    return m if gap is not None and gap.group(1) not in _NOT_A_VERB else None


def _agent(cast: Cast, masked: str, pos: int, hi: int) -> Mention | None:
    """The person a passive's "by" names after pos ("was asked by host Bill Mahr"), past
    role words before the name."""
    by = _BY.match(masked, pos, hi)
    if by is None:
        return None
    m = cast.at(by.end())
    if m is None:
        m = _inverted_subject(cast, masked, by.end() - 1, hi)  # "by host Bill Mahr"
        return m
    return _behind_roles(cast, masked, m)


def _earlier_speaker(
    masked: str, lo: int, hi: int, cast: Cast, verbs: list[re.Match[str]], starts: list[int]
) -> Who | None:
    """The named subject of a finite speech verb earlier in the sentence, if one is."""
    k = bisect_left(starts, hi) - 1
    if k < 0 or starts[k] < lo or not verbs[k].group("fin"):
        return None
    start = verbs[k].start()
    if verbs[k].group("fin") in _ADDRESSED and _PASSIVE.search(masked, max(lo, start - 12), start):
        # "Lee was asked by host Ray Mahr, who …, “…?”": the one asked does not speak
        agent = _agent(cast, masked, verbs[k].end(), hi)
        who = who_of(agent, cast, masked) if agent is not None else None
        return who if who is not None and who.speaker else None
    m = _subject_before(masked, lo, verbs[k].start(), cast)
    if m is None and _INVERSION_SITE.search(masked, max(lo, start - 4), start):
        m = _inverted_subject(cast, masked, verbs[k].end(), hi)
    if m is None:
        return None
    who = who_of(m, cast, masked)
    return who if who.speaker else None


# Where a verb comes before its subject: after a quote's close or a comma ("…,” said Lee").
_INVERSION_SITE = re.compile(r"(?:[,”\"\x1f]|^)[ \u00a0]*$")


def _inverted_subject(cast: Cast, masked: str, pos: int, hi: int) -> Mention | None:
    """ "…,” said Sherman, speaking of …", "explained CBS moderator Ann Lee:": the person
    named right after the verb, perhaps behind role words."""
    if not masked[pos : pos + 1].isspace():
        return None
    m = _mention_near(cast, masked, pos + 1, reach=40)
    if m is None or m.end > hi:
        return None
    words = masked[pos + 1 : m.start].split()  # "radio host Ann Lee": role words may lead
    if words and (words[-1].lower() not in ROLES or any(w.lower() in _GAP_STOP for w in words)):
        return None
    m = _behind_roles(cast, masked, m)
    return m if m.kind == "person" and m.end <= hi else None


# A subordinate clause still open before a verb: "when Warren railed", "because he said".
_SUBORDINATE = re.compile(
    r"\b(?:when|while|whenever|because|although|though|if|unless|after|before|since)"
    r"[ \u00a0][^,;:\x1f“”\"\n]{1,150}$"
)
_PASSIVE = re.compile(r"\b(?:was|were|is|are|been|being|be|gets|got)[ \u00a0]+$")
_ADDRESSED = frozenset(("asked", "told", "urged", "reminded", "informed", "warned"))
_BY = re.compile(r"[ \u00a0]+by[ \u00a0]+")
_TO_SAY = re.compile(r"[a-z][ \u00a0]+to[ \u00a0]+$")
_RELATIVE = re.compile(r"\bwho[ \u00a0]+$")
_CLAUSE_JOIN = re.compile(r",[ \u00a0]+(?:and|but)[ \u00a0]+|;[ \u00a0]+")


# Before a sentence's subject: a quote it attributes ("“…,” Lee said"), a short lead-in phrase.
_LEAD_IN = re.compile(
    r"(?:[“\"‘]?\x1f+[.,!?]?[”\"’]?,?[ \u00a0]+)?(?:[^,;:\x1f“”\"\n]{1,80},[ \u00a0]+){0,3}"
)
# Words that may open a sentence before its subject: "And then Lee went on, saying …".
_OPENERS = frozenset("then also later still yet so now again instead".split())
_CONTRACTION = re.compile(r"[’'](?:s|d|ll|ve)\b")
# After the subject: its party, home ("of Kentucky") or an appositive, then a lower-case word.
_SUBJECT_GAP = re.compile(
    rf"{_PARTY}(?:{_SP}(?:of|from){_SP}[A-Z][\w.’'-]*(?:{_SP}[A-Z][\w.’'-]*)*)?"
    rf"(?:,[^,;\x1f“”\"\n]{{1,160}},)?"
    # "Lee on Thursday ratcheted up …": a day between the subject and its verb
    rf"(?:{_SP}(?:on{_SP})?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|today|yesterday))?"
    rf"{_SP}([a-z][\w’'-]*)"
)


_NOT_A_VERB = frozenset(
    "and or nor of for with from to in on at by who whom which whose that than".split()
)


def sentence_subject(cast: Cast, masked: str, lo: int, hi: int) -> Mention | None:
    """The person opening the sentence as its subject: "In May, Lee called the plan “…”".

    A woven fragment is the subject's words far more often than those of a person named
    later in the sentence (the object of "called", "described … as"), so only a subject
    that opens the sentence, perhaps after a short lead-in, is taken.
    """
    front = _FRONTED.match(masked, lo, hi)
    if front is not None:
        # "After Gov. Jerry Brown criticized her husband during a debate, Hillary shot back":
        # a fronted clause, however long, holds no subject of the main clause
        main = sentence_subject(cast, masked, front.end(), hi)
        if main is not None:
            return main
    # The first person-like mention that opens the main clause; one inside a lead-in phrase
    # ("In the depths of the Great Recession, Ryan warned …") is passed over.
    mentions = [m for m in cast.between(lo, hi)[:6] if m.kind in ("person", "pron", "role")]
    for k, first in enumerate(mentions[:3]):
        if _opens_clause(cast, masked, lo, hi, first):
            return first
        nxt = mentions[k + 1].start if k + 1 < len(mentions) else hi
        if _POSSESSOR_GAP.fullmatch(masked, first.end, nxt):
            continue  # "The Blaze’s Matt Walsh provided …": past the possessor
        if (
            k + 1 < len(mentions)
            and mentions[k + 1].kind == "person"
            and " " in mentions[k + 1].text
            and _MODIFIER_GAP.fullmatch(masked, first.end, nxt)
        ):
            continue  # "Former Obama speechwriter Jon Favreau wrote": a name as a modifier
        if "," not in masked[first.end : nxt]:
            break
    lead = _LEAD_IN.match(masked, lo, hi)
    if lead is not None and masked.count(",", lo, lead.end()) >= 2 and lead.end() < hi:
        # "And weeks later, on the steps of the statehouse, where he had first run, Mr.
        # Obana expressed …": after a chain of fronted phrases, the main clause's subject
        after = [m for m in cast.between(lead.end(), hi)[:1] if m.kind in ("person", "pron")]
        if after and _opens_clause(cast, masked, lead.end(), hi, after[0]):
            return after[0]
    return None


# A fronted adverbial clause or phrase, up to the comma before the main clause's
# capitalised subject.
_FRONTED = re.compile(
    r"(?:After|When|While|As|Although|Though|Because|Since|Before|Once|Until|If|Unless|"
    r"Despite|Following|Amid|Among|During|In|On|At|With|Without|Under|Throughout|Like|"
    r"Unlike)"
    r"[ \u00a0][^;:\x1f“”\"\n]{1,200}?,[ \u00a0]+(?=[A-Z])"
)
_MODIFIER_GAP = re.compile(r"[ \u00a0]+(?:[a-z][\w-]*[ \u00a0]+){1,2}")
_POSSESSIVE_PRONOUNS = frozenset(("his", "her", "their", "its"))
# Owned nouns that speak for themselves: a group, an office, a person ("her campaign", "his
# office", "their lawyer"); "his forces must be …" is still the owner's claim.
_GROUPS = frozenset(
    "campaign office team staff aides administration government party company firm "
    "organization organisation group committee ministry department agency website "
    "newspaper paper network show".split()
)


def _speaks_itself(noun: str) -> bool:
    return noun in _GROUPS or noun in PERSON_NOUNS or noun.rstrip("s") in PERSON_NOUNS


_POSSESSOR_GAP = re.compile(r"[’']s?[ \u00a0]+")


def _opens_clause(cast: Cast, masked: str, lo: int, hi: int, first: Mention) -> bool:
    if first.text.lower() in _POSSESSIVE_PRONOUNS:
        owned = _NEXT_WORD.match(masked, first.end)
        if owned and _speaks_itself(owned.group(1)):
            return False  # "Her campaign sent an email, stating …": the campaign speaks
    lead_in = _LEAD_IN.match(masked, lo, first.start)
    rest = masked[lead_in.end() if lead_in else lo : first.start]
    titled = set((first.desc or "").split())  # "Republican presidential nominee Ann Lee"
    if not all(
        w[:1].isupper() or w in _OPENERS or w in titled or "-" in w  # "76-year-old Ann Lee"
        for w in rest.split()
    ):
        return False  # "The plan he cited …", not the sentence's subject
    end = first.end
    if masked[end : end + 1] in ("’", "'"):
        contraction = _CONTRACTION.match(masked, end) if first.kind == "pron" else None
        if contraction is None:
            return False  # "Lee's family called …": the possessor does not speak
        end = contraction.end()  # "He’s calling it …"
    verb = _SUBJECT_GAP.match(masked, end, hi)
    # "Lee and Ray are …", "Lee of the union …" are not a subject then its verb
    return verb is not None and verb.group(1) not in _NOT_A_VERB


def nearest_person(cast: Cast, lo: int, hi: int) -> Mention | None:
    """The last person-like mention in [lo, hi) that resolves to someone."""
    for m in reversed(cast.between(lo, hi)):
        named = m.entity is not None or m.kind == "person"
        org_ok = m.entity is None or not cast.entities[m.entity].org or m.kind == "org"
        if m.kind in _PERSONISH and named and org_ok:
            return m
    return None
