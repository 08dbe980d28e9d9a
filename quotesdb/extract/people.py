"""Who is mentioned where: names, titles, pronouns and role nouns, resolved to entities.

One pass in reading order over the masked text (quote interiors blanked) builds the
entities an article establishes and links every short reference (Mr. X, a bare surname,
he/she, "the North Korean leader") to the most salient compatible one seen so far.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from quotesdb.extract.lexicon import (
    ADJECTIVE_SHAPE,
    AUX,
    FEMALE,
    HONORIFICS,
    MALE,
    NAME_PARTICLES,
    ORG_HEADS,
    ORG_WORDS,
    PERSON_NOUNS,
    PLACE_WORDS,
    PLACES,
    RELATION_NOUNS,
    ROLES,
    SPEECH_FINITE,
    SPEECH_INVERTIBLE,
    STOP_CAPS,
    TITLES,
)
from quotesdb.extract.lexicon import words as _words

_FIRST_NAMES: frozenset[str] = frozenset()
_GENDER_OF: dict[str, str] = {}


def _load_first_names() -> None:
    """The census first-name lists, loaded on the first extraction, not at import."""
    global _FIRST_NAMES, _GENDER_OF
    if _FIRST_NAMES:
        return
    from quotesdb.extract.first_names import FEMALE_FIRST, MALE_FIRST, UNISEX_FIRST

    _FIRST_NAMES = MALE_FIRST | FEMALE_FIRST | UNISEX_FIRST
    _GENDER_OF = {n: "m" for n in MALE_FIRST} | {n: "f" for n in FEMALE_FIRST}


def given_names() -> frozenset[str]:
    """The census first names of any gender, loaded once."""
    _load_first_names()
    return _FIRST_NAMES


def is_first_name(word: str) -> bool:
    """A census first name ("Maria", "Ken"); initials and particles are not."""
    return len(word) > 2 and word.lower() in _FIRST_NAMES


def _western(name: tuple[str, ...]) -> bool:
    """A given name first: no "Jae-in" syllables, and in three words none as short as "Un"."""
    if name[0].lower() in _PLACE_FIRST:
        return False
    if any("-" in w and not w.split("-", 1)[1][:1].isupper() for w in name):
        return False
    if len(name) == 2:
        return True
    return len(name[0]) > 3 and all(len(w) > 3 or w[-1:] == "." for w in name[1:])


def _is_initial(word: str) -> bool:
    return len(word) == 2 and word[0].isupper() and word[1] == "."


def _first_name_at(name: list[str]) -> int:
    """Index of the first name in a capitalised run, past role words ("Economist Ken Lo")."""
    if is_first_name(name[0]) or len(name) < 3 or _is_initial(name[0]):
        return 0  # "J. Gerald Hebert": an initial opens the name itself
    for k in range(1, len(name) - 1):
        if is_first_name(name[k]):
            return k
        if name[k].lower() in NAME_PARTICLES or len(name[k]) <= 2:
            return 0
    return 0


_SP = r"[ \u00a0]+"
_CAP = r"[A-ZÀ-ÖØ-Þ][\w’'.-]*"
_ROLE_ALT = "|".join(sorted(ROLES, key=len, reverse=True))
_HON_ALT = "|".join(h.capitalize() for h in sorted(HONORIFICS, key=len, reverse=True))
_ORG_ALT = "|".join(sorted(ORG_HEADS, key=len, reverse=True))
_PART_ALT = "|".join(NAME_PARTICLES)
# Particles that lead a hyphened surname ("al-Sayed", "el-Amin"): the spaced ones and "el".
_HYPHENED_PARTICLES = NAME_PARTICLES | {"el"}
_HYPHENED_ALT = "|".join(sorted(_HYPHENED_PARTICLES))
# A particle joined by a hyphen to a capitalised surname: "al-Awlaki" ends "Anwar al-Awlaki".
_HYPHENED_SURNAME = re.compile(rf"(?:{_HYPHENED_ALT})-[A-Z][\w’'-]+")
MENTION = re.compile(
    rf"(?P<role>\b(?:[Tt]he|[Aa]n?){_SP}(?:[\w’'-]+{_SP}){{0,4}}?(?:{_ROLE_ALT})"
    rf"(?:{_SP}(?:{_ROLE_ALT})(?![\w’'-]))*(?P<pl>s)?\b)"
    rf"|(?P<hon>\b(?:{_HON_ALT})\.?{_SP}{_CAP}(?:{_SP}{_CAP})*)"
    rf"|(?P<pron>\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er|[Tt]hey)\b)"
    rf"|(?P<org>\b[Tt]he{_SP}(?:{_ORG_ALT})\b)"
    rf"|(?P<caps>(?<![\w’'.-]){_CAP}(?:{_SP}(?:{_CAP}|(?:{_PART_ALT})(?={_SP}[A-Z])"
    rf"|(?:{_HYPHENED_ALT})-{_CAP}))*)"
)
_VERB_AFTER = re.compile(rf"(?:,[^,\n]{{1,80}},)?{_SP}(?:(?:{'|'.join(AUX)}){_SP}){{0,2}}(\w+)")
_WORD_BEFORE = re.compile(r"(\w+)[ \u00a0]+$")
_POSSESSIVE = ("’s", "'s", "’", "'")
_PRE_ADJ = _words(
    "former deputy senior acting interim top chief vice longtime veteran then current"
)
_ARTICLE = re.compile(r",[ \u00a0]+(?:a|an|the)[ \u00a0]")
_APPOS_START = re.compile(rf",{_SP}(?:(?:a|an|the){_SP})?(\w[\w-]*)")


@dataclass(slots=True)
class Entity:
    """A person or organisation the article establishes."""

    name: str
    tokens: tuple[str, ...]
    org: bool = False
    person: bool = False  # confirmed by a title, role, honorific or speech verb
    gender: str | None = None
    name_gender: str | None = None  # what the first name suggests: weaker than a Mr or Ms
    desc: str | None = None
    count: int = 0
    last: int = -1  # where it was last mentioned
    opener: bool = False  # a lone capitalised word seen only opening sentences as a subject
    pronoun: str | None = None  # the gender of the first he/she the text gave them


@dataclass(slots=True)
class Mention:
    """One reference in the text; kind is person/pron/role/org/other/plural."""

    start: int
    end: int
    kind: str
    text: str
    entity: int | None = None
    desc: str | None = None
    definite: bool = False
    guess: bool = False  # a role noun given to the nearest person, no description fitting


@dataclass
class Cast:
    """Entities and mentions of one article, with position lookups."""

    entities: list[Entity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: dict[int, Mention] = field(default_factory=dict)
    proper: set[str] = field(default_factory=set)  # capitalised words seen mid-sentence

    def at(self, pos: int) -> Mention | None:
        """The mention starting exactly at pos."""
        k = bisect_left(self.starts, pos)
        if k < len(self.starts) and self.starts[k] == pos:
            return self.mentions[k]
        return None

    def between(self, lo: int, hi: int) -> list[Mention]:
        """Mentions lying inside [lo, hi)."""
        k = bisect_left(self.starts, lo)
        out: list[Mention] = []
        while k < len(self.mentions) and self.mentions[k].start < hi:
            if self.mentions[k].end <= hi:
                out.append(self.mentions[k])
            k += 1
        return out


def _norm(tokens: tuple[str, ...]) -> str:
    return " ".join(tokens).replace("-", " ").lower()


def _bare_word(word: str) -> str:
    """The word without closing punctuation or a possessive ("Lee’s" Lee, "Sanders'"
    Sanders): a name ending in s keeps it ("Sanders" is no "Sander")."""
    word = word.rstrip(".,;:")
    for suffix in _POSSESSIVE:
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[: -len(suffix)]
    return word


def _is_name_token(tok: str) -> bool:
    if (len(tok) == 2 and tok[1] == ".") or _INITIALS.fullmatch(tok):
        return True  # an initial, or two ("J.J. Goldberg")
    return tok[:1].isupper() and any(c.islower() for c in tok[1:])


def _is_particle(tok: str) -> bool:
    """`de` of "Bill de Blasio", `al-` of "al-Sayed": lower case inside a name."""
    head, hyphened, _rest = tok.lower().partition("-")
    return head in (_HYPHENED_PARTICLES if hyphened else NAME_PARTICLES)


def _split_caps(text: str, start: int) -> list[tuple[int, int, str, bool]]:
    """Cut a capitalised run at possessives and trailing periods: (start, end, text, poss)."""
    out: list[tuple[int, int, str, bool]] = []
    pos = start
    piece_start = start
    words = text.split(" ")
    cur: list[str] = []
    for i, word in enumerate(words):
        w = word
        poss = False
        for suffix in _POSSESSIVE:
            if w.endswith(suffix) and len(w) > len(suffix):
                w, poss = w[: -len(suffix)], True
                break
        # "… in the U.S. He says": a pronoun opens the next sentence, never ends a name
        last = i == len(words) - 1 or words[i + 1] in _PRONOUNS
        stop = (
            w.endswith(".")
            and len(w.rstrip(".")) > 2
            and w.rstrip(".").lower() not in _ABBR
            and not _INITIALS.fullmatch(w)
        )
        if (poss or last or stop) and w.endswith(".") and not (len(w) == 2 and w[0].isupper()):
            w = w.rstrip(".")
        cur.append(w)
        if poss or last or stop:
            seg = " ".join(cur)
            out.append((piece_start, piece_start + len(seg), seg, poss))
            piece_start = pos + len(word) + 1
            cur = []
        pos += len(word) + 1
    return out


class _Builder:
    """The single reading-order pass that fills a Cast."""

    def __init__(self, masked: str) -> None:
        self.text = masked
        self.cast = Cast()
        self.by_key: dict[str, int] = {}
        self.by_token: dict[str, list[int]] = {}
        # (pos, entity, mention) of person mentions, most recent last
        self.recent: list[tuple[int, int, Mention]] = []
        self.pending_desc: tuple[int, str] | None = None  # role NP just before a name
        self._bounds: list[int] | None = None  # sentence ends, found when a pronoun asks
        self._lower_words: set[str] | None = None  # words the text writes in lower case
        self._breaks: list[int] | None = None  # where paragraph breaks ("\n\n") begin

    # -- entities -------------------------------------------------------------------------
    def _entity(self, tokens: tuple[str, ...], org: bool) -> int:
        key = _norm(tokens)
        eid = self.by_key.get(key)
        if eid is None:
            eid = len(self.cast.entities)
            self.cast.entities.append(Entity(" ".join(tokens), tokens, org=org))
            self.by_key[key] = eid
            if not org and len(tokens) > 1:
                for tok in {tokens[0].lower(), tokens[-1].lower()}:
                    self.by_token.setdefault(tok, []).append(eid)
        return eid

    def _resolve_short(self, tok: str, pos: int, gender: str | None = None) -> int | None:
        """A bare surname: the person of that name mentioned lately, else the most frequent.

        A gendered honorific skips a namesake called the other by an honorific, prefers the
        one already called by this one ("Mr. Khan" again), and for Mrs./Ms. skips a man by
        first name: "Mrs. Carter" after "Governor Bill Carter" is his wife, someone else. (A
        first name is a weaker hint the other way: census lists call "Lou" female.)
        """
        best: tuple[int, int, int, int, int, int, int] | None = None
        low = tok.lower()
        for eid in self.by_token.get(low, ())[-20:]:
            ent = self.cast.entities[eid]
            if gender and ent.gender and ent.gender != gender:
                continue
            if ent.tokens[-1].lower() != low and not is_first_name(tok) and not ent.person:
                # "Trump" is no given name: not the "Trump Train" named before (a person's
                # family name may come first: "Xi" is President Xi Jinping)
                continue
            agrees = gender != "f" or ent.gender == "f" or ent.name_gender != "m"
            same = bool(gender) and ent.gender == gender
            lately = ent.last >= pos - _SHORT_REACH
            # a bare "Trump" is the one whose surname it is before "Trump Train"
            surname = ent.tokens[-1].lower() == low
            score = (
                int(agrees),
                int(same),
                int(surname),
                int(ent.person),
                int(lately),
                ent.count,
                eid,
            )
            if best is None or score > best:
                best = score
        return None if best is None or not best[0] else best[6]

    def _resolve_recent(
        self,
        pos: int,
        gender: str | None,
        role: str | None,
        max_breaks: int | None = None,
        possessive: bool = False,
        soft: bool = False,
    ) -> int | None:
        fallback: int | None = None
        floor = max(0, pos - 3000)
        if max_breaks is not None:  # the paragraphs allowed begin after the Nth break back
            edge = pos
            for _ in range(max_breaks + 1):
                edge = self._break_before(edge)
                if edge < floor:
                    break
            else:
                floor = edge
        weak_first: int | None = None
        unconfirmed: int | None = None
        best: tuple[int, int, int | None] | None = None  # (sentence, earliest, speaker)
        best_fronted = False
        for mpos, eid, mention in reversed(self.recent[-40:]):
            if mpos < floor:
                break
            ent = self.cast.entities[eid]
            # "McLenney said Clinton was late. “…,” she said.": a sentence-opening surname
            # that speaks is the sentence's talker, as a confirmed person would be
            talking = (
                ent.opener
                and role is None
                and mention.kind == "person"
                and self._speaks(mention.start, mention.end)
            )
            if not ent.person and not talking:
                if unconfirmed is None and role is None and self._subject_name(mention, ent):
                    unconfirmed = eid
                    near = self._nearest_sentence(mpos, pos, possessive)
                    if best is None and ent.opener and near:
                        ent.person = True  # "Carson defied the question. “…,” he said."
                        return eid
                continue
            if gender and ent.gender and ent.gender != gender:
                continue
            clash = ent.name_gender not in (None, gender) and ent.pronoun != gender
            if soft:
                # The person named last, if they spoke and the census gender of their first
                # name is all that stood against the pronoun ("Lindsey Graham said …. He
                # continued"); no one the text already called by the other pronoun
                if self._weak(mention):
                    continue
                talks = mention.kind == "person" and self._speaks(mention.start, mention.end)
                ok = clash and not ent.gender and ent.pronoun is None and talks
                return eid if ok else None
            if gender and not ent.gender and clash:
                continue
            if role is None and (self._weak(mention) or mention.guess):
                # "…Crutcher’s death. He said": a subject is likelier than a possessive; and
                # "the nominee" given to the nearest person by a guess is no sure referent.
                weak_first = eid if weak_first is None else weak_first
                continue
            if role is None:
                # The nearest sentence with a person: its last speaker ("While X boasted…,
                # Y said"), else its first person (the subject, likely).
                sid = bisect_right(self.bounds(), mpos)
                if best is not None and sid != best[0]:
                    return best[2] if best[2] is not None else best[1]
                if best and best[2] is not None:
                    talker: int | None = best[2]
                else:
                    talks = mention.kind == "person" and self._speaks(mention.start, mention.end)
                    talker = eid if talks else None
                fronted = self._in_fronted_clause(sid, mpos)
                if best is not None and talker is None and fronted and not best_fronted:
                    # "As we toured the Art Deco hall, Nega defended his plan": a clause
                    # fronted before the comma holds no subject of the sentence
                    continue
                best, best_fronted = (sid, eid, talker), fronted
                continue
            if ent.desc and _role_fits(role, ent.desc):
                return eid
            if fallback is None:
                fallback = eid
        if best is not None:
            return best[2] if best[2] is not None else best[1]
        if fallback is not None or weak_first is not None:
            return fallback if fallback is not None else weak_first
        if unconfirmed is not None:  # "Ivanka Trump strode …. Then she …": the pronoun tells
            self.cast.entities[unconfirmed].person = True
        return unconfirmed

    def _nearest_sentence(self, mpos: int, pos: int, possessive: bool) -> bool:
        """mpos lies in the sentence before the one of pos, or in its own for a possessive
        ("Cruz admitted his pick"; "Allies say that he" is someone else)."""
        bounds = self.bounds()
        return bisect_right(bounds, pos) - bisect_right(bounds, mpos) in (
            (0, 1) if possessive else (1,)
        )

    def _in_fronted_clause(self, sid: int, pos: int) -> bool:
        """pos lies in a subordinate clause opening its sentence, before the comma that
        closes it ("When Lee arrived, Ray …"): the sentence's subject comes after."""
        bounds = self.bounds()
        start = bounds[sid - 1] if sid > 0 else 0
        return _FRONTED_CLAUSE.match(self.text, start, pos) is not None

    def _subject_name(self, m: Mention, ent: Entity) -> bool:
        """A full name (two name words, no organisation) as its sentence's subject: after a
        lead-in's comma ("In July, Ivanka Trump strode"), or opening the sentence with a
        first name ("Ann Lee strode"; "Neither Clinton …" is no name)."""
        if ent.opener:
            return True  # _nearest_sentence decides
        if ent.org or len(ent.tokens) < 2 or m.kind != "person" or self._weak(m):
            return False
        if not _mid_sentence(self.text, m.start):
            # "Ann Lee strode", or a first name the census lists lack that the text never
            # writes in lower case, set off by an appositive ("Kofi Mensah, a nurse, is")
            return is_first_name(ent.tokens[0]) or (
                _APPOS_START.match(self.text, m.end) is not None
                and ent.tokens[0].lower() not in self._lowered()
            )
        return self.text[max(0, m.start - 2) : m.start] in (", ", ",\u00a0")

    def _lowered(self) -> set[str]:
        """Words the text writes in lower case somewhere."""
        if self._lower_words is None:
            self._lower_words = set(_LOWERCASE_WORD.findall(self.text))
        return self._lower_words

    def _break_before(self, pos: int) -> int:
        """Where the last paragraph break wholly before pos begins, -1 if none: as
        `text.rfind("\n\n", 0, pos)`, found by bisection, so a text with few breaks costs
        no scan back over it for every pronoun."""
        if self._breaks is None:
            self._breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(self.text)]
        k = bisect_right(self._breaks, pos - 2) - 1
        return self._breaks[k] if k >= 0 else -1

    def bounds(self) -> list[int]:
        if self._bounds is None:
            text = self.text
            self._bounds = [
                m.end()
                for m in _SENTENCE_BREAK.finditer(text)
                if text[m.start() - 1 : m.start()] not in _TITLE_END
                or _NON_WORD.split(text[max(0, m.start() - 5) : m.start()])[-1] + "."
                not in _TITLE_DOTS
            ]
        return self._bounds

    def _weak(self, m: Mention) -> bool:
        """A mention that is unlikely to be the next sentence's subject."""
        if m.kind == "pron" and m.text.lower() in ("his", "her"):
            return True  # "his cousin James York": a possessive or object is no subject
        after = self.text[m.end : m.end + 2]
        if after[:1] in ("’", "'") and (len(after) == 1 or after[1:] in ("s", " ")):
            return True
        modifies = _MODIFIES_NAME.match(self.text, m.end)
        if modifies and modifies.group(2) in PERSON_NOUNS and not modifies.group(1):
            return True  # "Obama consultant Cornell Belcher": a name modifying a role noun
        b = _WORD_BEFORE.search(self.text, max(0, m.start - 20), m.start)
        if (
            b
            and b.group(1).lower() == "to"
            and _ACCORDING_TO.search(self.text, max(0, b.end() - 16), b.end())
        ):
            return False  # "According to Lee, …": Lee is the one talking
        if (
            b
            and b.group(1).lower() == "by"
            and _PASSIVE_BY.search(self.text, max(0, b.start() - 50), b.end())
        ):
            return False  # "was backed on Friday by Sen. Ann Lee": the passive's agent acts
        return bool(b and b.group(1).lower() in _OBJECT_OF)

    def _speaks(self, start: int, end: int) -> bool:
        m = _VERB_AFTER.match(self.text, end, end + 120)
        if m and m.group(1).lower() in SPEECH_FINITE:
            return True
        b = _WORD_BEFORE.search(self.text, max(0, start - 20), start)
        # "…,” said Lee." speaks; "who said Lee raped her" names the subject of a clause
        return bool(
            b
            and b.group(1).lower() in SPEECH_INVERTIBLE
            and not _CLAUSE_VERB_AFTER.match(self.text, end)
        )

    def _subject_of_speech(self, start: int, end: int) -> bool:
        """ "Obama said", "Obama, in Paris, said": the subject of a speech verb; not the
        object of a preposition ("of Springfield, Va., said")."""
        m = _VERB_AFTER.match(self.text, end, end + 120)
        if m is None or m.group(1).lower() not in SPEECH_FINITE:
            return False
        b = _WORD_BEFORE.search(self.text, max(0, start - 20), start)
        return not (b and b.group(1).lower() in _OBJECT_OF)

    def _pre_desc(self, start: int) -> str | None:
        """Role words right before a name: "North Korean leader Kim Jong Un"."""
        before = self.text[max(0, start - 80) : start]
        toks = before[before.rfind("\n") + 1 :].split()  # a paragraph's start bounds it
        # a compound's head names the person too: "study co-author Dr Lena Vask"
        if not toks or toks[-1].lower().rsplit("-", 1)[-1] not in PERSON_NOUNS:
            return None  # "Concord resident Whit Symms": any noun for a person heads it
        k = len(toks) - 1
        start = k  # where the run may begin: never on a bare lower-case modifier
        while k > 0 and len(toks) - k < 5:
            t = toks[k - 1]
            if (t[:1].isupper() and t.lower() not in STOP_CAPS and t.isalpha()) or (
                t in _PRE_ADJ or ("-" in t and t.islower())
            ):
                k -= 1
                start = k
            elif t.isalpha() and t.islower() and t not in _FRONT_STOP:
                k -= 1  # "Republican presidential candidate": a modifier inside the run
            else:
                break
        if start == len(toks) - 1 and k == start - 1 and toks[k].isalpha():
            # "says company spokesperson Al Tolan", "“…,” bus driver Jo Ray tells": one noun
            # modifying the head, right after a speech verb or the quote, is the role's own
            prev = toks[k - 1] if k > 0 else ""
            if prev.lower() in SPEECH_FINITE or prev.endswith(("”", '"', ",")):
                start = k
        return " ".join(toks[start:])

    def _fronted_desc(self, start: int, end: int) -> str | None:
        """ "Rubio’s deputy campaign manager, Rich Beeson,": a role set off before the name.

        The noun phrase ends in a role word before the comma and runs back over modifiers
        and possessors to a determiner, a clause word or punctuation.
        """
        before = self.text[max(0, start - 90) : start]
        before = before[before.rfind("\n") + 1 :]  # a paragraph's start bounds the phrase
        if not before.endswith((", ", ",\u00a0")):
            return None
        words = before[:-2].split(" ")
        if not words or not _is_role(words[-1]):
            return self._determined_desc(before, set_off=self.text[end : end + 1] == ",")
        k = len(words) - 1
        while k > 0 and len(words) - k < 6:
            w = words[k - 1]
            if not w or w.lower() in _FRONT_STOP or w[-1] in '.,;:!?"”\x1f' or w[0] in '“"(':
                break
            k -= 1
        return " ".join(words[k:])

    def _determined_desc(self, before: str, *, set_off: bool) -> str | None:
        """ "another fraternity brother, Stuart Oltchick,", "said his best friend at Lehigh,
        Bruce Turry,": a determiner's noun phrase set off before the name, whatever its head,
        when it opens the sentence or follows a speech verb, "is" or "and", or a possessor's
        name is its determiner ("Rep. Ann Ray’s chief of staff, Joe Kasper"). "In the end,
        Ann Lee" and "Despite his decades in office, Ann Lee" describe no one. Opening the
        sentence, it must be set off on both sides (`set_off`: a comma after the name):
        "The agency erred, Ann Lee has said." fronts a clause, not a description."""
        m = _DETERMINED.search(before)
        prev = (m.group("prev") or "").lower() if m else ""
        if m is None or not (prev or set_off):
            return None
        owner = m.group("det")
        owned = owner[-2:] in ("’s", "'s") and (m.group("prev") or "")[:1].isupper()
        opener = not prev or prev in SPEECH_FINITE or prev in AUX or prev in ("and", "but")
        if not (opener or owned):
            return None  # a sentence's start, a speech verb, "is", "and" or a name opens it
        phrase = m.group("np").strip()
        words = phrase.split()
        # the head noun closes the phrase or comes before its prepositional phrase ("best
        # friend at Lehigh")
        head = _HEAD_BEFORE_PP.split(phrase, maxsplit=1)[0].split()
        if len(words) > 8 or not head or not head[-1].islower() or {w.lower() for w in words} & AUX:
            return None
        return f"{owner} {phrase}" if owner[-2:] in ("’s", "'s") else phrase

    def _post_desc(self, end: int) -> str | None:
        return appositive(self.text, end)

    def _add(self, m: Mention, eid: int | None) -> None:
        m.entity = eid
        self.cast.mentions.append(m)
        if eid is not None:
            ent = self.cast.entities[eid]
            ent.count += 1
            ent.last = m.start
            if not ent.org:
                self.recent.append((m.start, eid, m))

    # -- mention kinds --------------------------------------------------------------------
    def person_name(self, start: int, end: int, words: list[str], desc: str | None) -> None:
        hon = words[0].rstrip(".").lower() in HONORIFICS
        gender = None
        if hon:
            low = words[0].rstrip(".").lower()
            gender = "f" if low in FEMALE else "m" if low in MALE else None
        name = tuple(words[1:]) if hon else tuple(words)
        if not name:
            return
        k = _first_name_at(list(name)) if hon and len(name) > 2 else 0
        if k:  # "Miss Universe Alicia Machado": the honorific belongs to the title
            name, hon, gender = name[k:], False, None
        text = " ".join(words)
        if len(name) == 1:
            eid = self._resolve_short(name[0], start, gender)
            if eid is None:
                eid = self._entity(name, org=False)
        else:
            eid = self._entity(name, org=False)
        ent = self.cast.entities[eid]
        if hon or desc or self._speaks(start, end) or _AGE_AFTER.match(self.text, end):
            ent.person = True  # "Grober, 33,": an age makes a person
        if len(name) > 1 and not ent.name_gender and _western(name):
            ent.name_gender = _GENDER_OF.get(name[0].lower())
            ent.person = ent.person or ent.name_gender is not None
        if gender and not ent.gender:
            ent.gender = gender
        if self.pending_desc and start - 3 <= self.pending_desc[0] <= start + 3:
            desc = desc or self.pending_desc[1]
        if self.pending_desc and self.pending_desc[0] <= start + 3:
            self.pending_desc = None
        if desc is None and not ent.desc and len(name) > 1:
            desc = self._pre_desc(start)
            if desc and is_first_name(name[0]):
                # "journalist Jaime Mauser": a noun for a person before a first name the
                # census gives both sexes confirms a person (a name it does not list stays
                # unconfirmed: "entrepreneur Vivek Rama" is no likelier "she" than before)
                ent.person = True
            desc = desc or self._fronted_desc(start, end)
        post = self._post_desc(end)
        if post is None and (len(name) > 1 or hon):
            post = affiliation(self.text, end)
        if post:  # a short title never displaces the appositive: both, as the article has them
            desc = post if not desc or desc.lower() in post.lower() else f"{desc}, {post}"
        if desc and any(_is_role(w) for w in desc.split()):
            ent.person = True
        if desc:
            _describe(ent, desc)
        self._add(Mention(start, end, "person", text, desc=desc), eid)

    def _capital_opener(self, start: int, words: list[str]) -> bool:
        """A common word capitalised only because it opens the sentence, before a known
        surname: the article writes it in lower case elsewhere, and no first name it is."""
        if len(words) != 2 or _mid_sentence(self.text, start) or is_first_name(words[0]):
            return False
        first = words[0].rstrip(".").lower()
        if first in TITLES or first in HONORIFICS or _is_role(first):
            return False  # "General Allen": a title, whatever else "general" means
        known = words[1].rstrip(".,").lower()
        if first in _NUMBER_WORDS or (first.endswith("ly") and len(first) > 5):
            # "Six Trump supporters", "Interestingly Blocher": never a name
            return known in self.by_token or known in self.by_key
        if known not in self.by_token:
            return False
        return words[0].lower() in self._lowered()

    def caps(self, start: int, raw: str) -> None:
        raw = raw.replace("\u00a0", " ")  # same length: "Sen.\u00a0Jo Lin" is three words
        if _mid_sentence(self.text, start):
            self.cast.proper.add(_bare_word(raw.split(" ", 1)[0]))
        for s, e, seg, _poss in _split_caps(raw, start):
            words = seg.split(" ")
            if words[0] in _PRONOUNS:
                self.pronoun(s, s + len(words[0]), words[0])
                if len(words) == 1:
                    continue
            lead = 0
            while lead < len(words) and (
                words[lead].lower().rstrip(".") in STOP_CAPS
                or (lead == 0 and len(words) > 1 and words[0].lower() in SPEECH_FINITE)
            ):  # "Stated Stone:": a speech verb opening the sentence is no first name
                if words[lead].rstrip(".").lower() in HONORIFICS:
                    break
                lead += 1
            if not lead and self._capital_opener(s, words):
                lead = 1  # "Six Trump supporters …", "Interestingly Blocher said": an opener
            if lead:
                s += len(" ".join(words[:lead])) + 1
                words = words[lead:]
            if not words or not words[0]:
                continue
            dotted = words[-1].endswith(".") or self.text[e : e + 1] == "."
            if dotted and words[-1].rstrip(".").lower() in HONORIFICS:
                continue  # "former Pennsylvania Gov. and …": an office, its holder named later
            cut = -1
            titles = [w.lower().rstrip(".") in TITLES for w in words]
            if len(words) > 2 and words[0].lower() in ROLES:
                titles[0] = True  # "Reporter Jomana Karadsheh": a role opening the run
            for k, is_title in enumerate(titles):
                if is_title and (k == 0 or titles[k - 1] or k + 1 < len(words)):
                    cut = k  # a title word closing a name ("Charlie King") is the surname
            honorific = words[0].rstrip(".").lower() in HONORIFICS
            k = _first_name_at(words[cut + 1 :]) if not honorific and cut + 1 < len(words) else 0
            if k and not {w.lower() for w in words[cut + 1 + k :]} & ORG_WORDS:
                cut += k  # "Senate Minority Whip Dick Durbin": the office, then the person
            rest = {w.lower().rstrip(".") for w in words[cut + 1 :]}
            orgish = {w.lower().rstrip(".") for w in words} & ORG_WORDS
            if orgish and not honorific and (rest & ORG_WORDS or not rest):
                eid = self._entity(tuple(words), org=True)
                self._add(Mention(s, e, "org", " ".join(words)), eid)
                continue
            role_words = words[: cut + 1]
            while len(role_words) > 1 and role_words[-1].rstrip(".").lower() in _COURTESY:
                role_words.pop()  # "Meteorologist Dr Emma Stone": the title is not the role
            desc = " ".join(role_words) if cut >= 0 else None
            office = _OFFICE_OF.search(self.text, max(0, s - 60), s) if desc else None
            if office:  # "Secretary of State Ann Lee": the office runs back over "of"
                desc = f"{office.group(1)} {office.group(2)} {desc}"
            name = words[cut + 1 :]
            if desc and words[0].rstrip(".").lower() in HONORIFICS and cut == 0:
                self.person_name(s, e, words, None)
                continue
            if not name:
                # "said King, who …" after "Tom King": a title word that is a person's
                # surname named earlier is that person, not an office
                lone = len(words) == 1 and not _ARTICLE_BEFORE.search(self.text, max(0, s - 4), s)
                short = self._resolve_short(words[0], s) if lone else None
                if (
                    short is not None
                    and self.cast.entities[short].person
                    and (self.cast.entities[short].tokens[-1].lower() == words[0].lower())
                ):
                    self._add(Mention(s, e, "person", words[0]), short)
                continue
            k = _first_name_at(name)
            if k:  # "Republican pollster Bill Smith": the words before the first name describe
                desc = " ".join([*role_words, *name[:k]]) if cut >= 0 else " ".join(name[:k])
                name = name[k:]
                office = None if cut >= 0 else _OFFICE_OF.search(self.text, max(0, s - 60), s)
                if office and {w.lower().strip(".") for w in office.group(1).split()} & ROLES:
                    # "U.S. Attorney for Vermont Tom Brell": the office, not just the place
                    desc = f"{office.group(1)} {office.group(2)} {desc}"
            ns = e - len(" ".join(name))
            lows = {w.lower() for w in name}
            if lows & ORG_WORDS:
                eid = self._entity(tuple(name), org=True)
                self._add(Mention(ns, e, "org", " ".join(name)), eid)
            elif (
                lows & PLACE_WORDS
                or " ".join(name).lower() in PLACES
                or not all(
                    _is_name_token(w)
                    or (0 < i < len(name) - 1 and _is_particle(w))
                    or (i > 0 and _HYPHENED_SURNAME.fullmatch(w) is not None)
                    for i, w in enumerate(name)
                )
            ):
                self._add(Mention(ns, e, "other", " ".join(name)), None)
            elif len(name) == 1 and desc is None:
                short = self._resolve_short(name[0], ns)
                if short is not None:
                    ent = self.cast.entities[short]
                    if self._speaks(ns, e) or _AGE_AFTER.match(self.text, e):
                        ent.person = True  # "Grober, 33, opened up": an age makes a person
                    # "Tanden, head of the center, …": a description given on a later mention
                    later = self._post_desc(e)
                    if later:
                        _describe(ent, later)
                    self._add(Mention(ns, e, "person", name[0], desc=later), short)
                else:
                    self._lone_name(ns, e, name[0])
            elif cut < 0 and len(name) > 2 and _ARTICLE_BEFORE.search(self.text, max(0, s - 4), s):
                # "The Martin Harris Show", "the Ann Lee Center": an article never opens a
                # person's name, so a name with more words after it names a thing
                self._add(Mention(ns, e, "other", " ".join(name)), None)
            else:
                self.person_name(ns, e, name, desc)

    def _lone_name(self, start: int, end: int, word: str) -> None:
        """A surname the article never gives in full ("Obama said"): a person once a speech
        verb shows it, so a later "he" can mean them, not someone named before."""
        eid = self.by_key.get(word.lower())
        # Capitalised mid-sentence, or right after a quote ("“…!” Cruz said"): not an opener.
        tagged = self.text[max(0, start - 3) : start].rstrip(" \u00a0").endswith(("”", '"'))
        proper = tagged or word in self.cast.proper or _mid_sentence(self.text, start)
        name_like = (
            _is_name_token(word)
            and word.lower() not in _NOT_SURNAMES
            # "Democrats", "Senators": the plural of a title or a noun for people
            and not (word.endswith("s") and word[:-1].lower() in TITLES | PERSON_NOUNS)
        )
        acts = self._subject_of_speech(start, end) or (
            word in self.cast.proper and _ACTED.match(self.text, end) is not None
        )
        if _QUANTIFIED.search(self.text, max(0, start - 12), start) or (
            ADJECTIVE_SHAPE.search(word)
            and _ARTICLE_BEFORE.search(self.text, max(0, start - 4), start)
            and _PLURAL_NOUN_AFTER.match(self.text, end)
        ):
            # "many more Latinos said": after a quantifier, a plural noun; "the Chinese
            # comments": a nationality's adjective before a plural noun, not a name before
            # its verb ("The Guardian reported" stays a paper)
            acts = False
        if eid is None and proper and name_like and acts:
            eid = self._entity((word,), org=False)
            self.cast.entities[eid].person = True
        elif (
            eid is None
            and is_first_name(word)
            and (
                (
                    self.text[end : end + 1] == ","
                    and _KIN_BEFORE.search(self.text, max(0, start - 24), start)
                )
                # "Her brother Jack went on": with a possessor, no commas are needed
                or (
                    _OWNED_KIN_BEFORE.search(self.text, max(0, start - 40), start)
                    and _LOWER_AFTER.match(self.text, end)
                )
            )
        ):
            # "Cray's son, Grant, defended him", "Her father, Brad, 39, worried": a given
            # name set off after a relation is that person, called by the first name
            eid = self._entity((word,), org=False)
            ent = self.cast.entities[eid]
            ent.person = True
            ent.name_gender = _GENDER_OF.get(word.lower())
        elif eid is None and name_like and self._opening_subject(start, end, word):
            # "Cruz openly admitted …. “…,” he said.": a surname that only opens sentences
            # may be a name; unconfirmed, it is only what a pronoun right after means
            eid = self._entity((word,), org=False)
            self.cast.entities[eid].opener = True
        if eid is not None and not self.cast.entities[eid].org:
            if _AGE_AFTER.match(self.text, end):
                self.cast.entities[eid].person = True  # "Grober, 33, opened up"
            self._add(Mention(start, end, "person", word), eid)
        else:
            self._add(Mention(start, end, "other", word), None)

    def _opening_subject(self, start: int, end: int, word: str) -> bool:
        """A capitalised word opening its sentence as the subject of a verb ("Carson defied
        the question"), no common word (the text never writes it in lower case), no plural
        noun ("Allies say") and no adjective before its noun ("Harsh comments are")."""
        if _mid_sentence(self.text, start) or word.lower() in PLACES:
            return False
        if word.endswith("s") and not word.endswith("ss"):
            return False  # "Allies say", "Republicans believe": a plural noun, most likely
        verb = _VERB_AFTER.match(self.text, end, end + 120)
        speaks = verb is not None and verb.group(1).lower() in SPEECH_FINITE
        if not (speaks or _ACTED.match(self.text, end)):
            return False
        if verb is not None and _AUX_NEXT.match(self.text, verb.end()):
            return False  # "Harsh comments are …": an adjective before the subject noun
        return word.lower() not in self._lowered()

    def heading_names(self, start: int, raw: str) -> None:
        """A headline's "Hillary Clinton" (census first name, surname) makes her known, so a
        bare "Clinton" in the body is her; the headline itself names no speaker."""
        words = raw.split()
        k = -1
        while k + 2 < len(words):
            k += 1
            first, last = words[k], words[k + 1].rstrip(".,:;")
            for suffix in _POSSESSIVE:
                last = last.removesuffix(suffix)
            if not is_first_name(first) or first.lower() in _PLACE_FIRST:
                continue
            if not _is_name_token(last) or last.lower() in _NOT_SURNAMES or last.lower() in AUX:
                continue  # "Megyn Kelly Is No Different": a verb, not a surname
            eid = self._entity((first, last), org=False)
            ent = self.cast.entities[eid]
            ent.person = True
            ent.name_gender = ent.name_gender or _GENDER_OF.get(first.lower())
            k += 1  # "Hillary Clinton Goes": the surname starts no second name

    def pronoun(self, start: int, end: int, word: str) -> None:
        low = word.lower()
        if low == "they":
            self.cast.mentions.append(Mention(start, end, "plural", word))
            return
        gender = "f" if low in ("she", "her") else "m"
        # A pronoun reaches back one paragraph at most: further, a wrong name is likelier.
        eid = self._resolve_recent(
            start, gender, None, max_breaks=1, possessive=low in ("his", "her")
        )
        if eid is None and self._other_gender_lately(start, gender):
            # "Mrs. Carter said …" between "Governor Bill Carter" and "he said": the one
            # person of the last paragraphs cannot be "he", so the one before her is.
            eid = self._resolve_recent(start, gender, None, max_breaks=2)
        elif eid is None and self._nobody_between(start):
            # "Lee said …" / "The front-runner said …" / "“…,” she said": a paragraph that
            # names no one between them leaves Lee the one the pronoun can mean
            eid = self._resolve_recent(start, gender, None, max_breaks=2)
        if eid is None and low in ("he", "she") and self._speaks(start, end):
            # "Lindsey Graham said …. He continued": the census calls a first name one
            # gender, the text's pronoun the other; the pronoun is the better witness
            eid = self._resolve_recent(start, gender, None, max_breaks=1, soft=True)
        if eid is not None and self.cast.entities[eid].opener:
            self.cast.entities[eid].person = True  # the pronoun confirms the bare surname
        if eid is not None and low in ("he", "she") and self.cast.entities[eid].pronoun is None:
            self.cast.entities[eid].pronoun = gender
        self._add(Mention(start, end, "pron", word), eid)

    def _nobody_between(self, pos: int) -> bool:
        """The paragraph before the pronoun's names no person, and names something (a
        paragraph of its own, not a blank)."""
        edge = self._break_before(pos)
        before = self._break_before(edge) if edge > 0 else -1
        if before < 0:
            return False
        if any(before <= mpos < edge for mpos, _eid, _m in self.recent[-10:]):
            return False
        # a speech verb there with no one named: an unnamed reference to the speaker
        return any(w in SPEECH_FINITE for w in _LOWERCASE_WORD.findall(self.text, before, edge))

    def _other_gender_lately(self, pos: int, gender: str) -> bool:
        """A person of the other gender (by honorific) was named in this or the last
        paragraph."""
        edge = self._break_before(pos)
        edge = self._break_before(edge) if edge > 0 else edge
        for mpos, eid, _m in reversed(self.recent[-10:]):
            if mpos < edge:
                break
            other = self.cast.entities[eid].gender
            if other is not None and other != gender:
                return True
        return False

    def role(self, start: int, end: int, text: str, plural: bool) -> None:
        definite = text[:3].lower() == "the"
        body = text.split(None, 1)[1] if " " in text else text
        nxt = _CAPS_AHEAD.match(self.text, end)
        if nxt and not plural:
            self.pending_desc = (nxt.end(), body)
            return
        of = _OF_AHEAD.match(self.text, end)
        if of and not plural:  # "an attorney for the firm, Mark Doe, said"
            self.pending_desc = (of.end(), body + self.text[end : of.start(1)])
        elif self.pending_desc and self.pending_desc[0] < start:
            self.pending_desc = None
        if plural:
            self.cast.mentions.append(Mention(start, end, "plural", text))
            return
        eid = None
        guess = False
        words = body.lower().split()
        if definite and not of and not _NEW_REFERENT & set(words):
            # "the minister of X, Mr. Lee": Lee, named next, not anyone before; "the second
            # official" is someone new
            head = words[-1]
            if len(words) > 1 and words[-2] in _SECOND_IN_COMMAND:
                head = f"{words[-2]} {head}"  # "the vice president" is no "president"
            eid = self._resolve_recent(start, None, head)
            # no description or title of the person holds the role: the nearest person taken
            guess = eid is not None and not self._described_as(eid, head)
            if guess and eid is not None and self._described_otherwise(eid):
                eid, guess = None, False  # "Senator Lisa Grey …" is not "the investor"
        m = Mention(start, end, "role", text, desc=body, definite=definite, guess=guess)
        self._add(m, eid)

    def _described_as(self, eid: int, role: str) -> bool:
        """Whether the article has described the entity by this role: in its description,
        or in a title or role words before one of its names ("Gov. Ann Tate")."""
        desc = self.cast.entities[eid].desc
        if desc and _role_fits(role, desc):
            return True
        return any(
            m.entity == eid and _role_fits(role, m.text + " " + (m.desc or ""))
            for m in self.cast.mentions[-300:]
        )

    def _described_otherwise(self, eid: int) -> bool:
        """Whether the article gave the entity a role noun or a title (one that did not fit)."""
        desc = self.cast.entities[eid].desc or ""
        words = desc.lower().split()
        for m in self.cast.mentions[-300:]:
            if m.entity == eid:
                words += (m.text + " " + (m.desc or "")).lower().split()
        return any(_is_role(w.strip(",.;:")) or w.rstrip(".") in _TITLE_ROLE for w in words)

    def org_noun(self, start: int, end: int, text: str) -> None:
        """ "the ministry" is the last Ministry named; "the company" the last firm named."""
        head = text.split()[-1].lower()
        heads = _CORPORATE if head in ("company", "firm", "group") else {head}
        eid = None
        for k in range(len(self.cast.entities) - 1, max(-1, len(self.cast.entities) - 60), -1):
            ent = self.cast.entities[k]
            if ent.org and heads & {t.lower().rstrip(".") for t in ent.tokens}:
                eid = k
                break
        self._add(Mention(start, end, "org", text), eid)


# Modifiers that introduce someone not met before: "the second official", "the other aide".
_NEW_REFERENT = frozenset("second third fourth other another".split())
# Short titles that stand for a role noun: "the governor" is the "Gov." named before.
_TITLE_ROLE = {
    "gov": "governor",
    "sen": "senator",
    "rep": "representative",
    "gen": "general",
    "lt": "lieutenant",
    "col": "colonel",
    "adm": "admiral",
    "dr": "doctor",
    "prof": "professor",
}


def _role_fits(role: str, desc: str) -> bool:
    """The description holds the role noun, itself or as its short title."""
    low = desc.lower()
    if role in low and not re.search(rf"\b(?:vice|deputy|assistant)[ -]{re.escape(role)}", low):
        return True  # a vice president is not "the president"
    return any(_TITLE_ROLE.get(w.rstrip(".")) == role for w in low.split())


# First names that more often start a place's name ("Virginia Beach", "Charlotte police").
# Number words and -ly adverbs open sentences ("Six Trump supporters ran", "Interestingly
# Blocher became"); no given name is one (the census lists' -ly names are checked first).
_NUMBER_WORDS = _words(
    "two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
    "hundred hundreds thousands dozens several"
)
_PLACE_FIRST = _words(
    "virginia georgia carolina charlotte florence austin madison jackson aurora savannah "
    "victoria sydney paris chelsea lincoln orlando augusta helena jordan israel"
)
# A passive's past participle, perhaps an adverbial or two, then "by": "was supported
# Friday by", "were endorsed by".
_PASSIVE_BY = re.compile(
    r"\b(?:was|were|been|being|is|are|be)[ \u00a0]+(?:\w+[ \u00a0]+)?\w+(?:ed|en|wn)"
    r"(?:[ \u00a0]+\w+){0,2}[ \u00a0]+by\b"
)
_LOWERCASE_WORD = re.compile(r"\b[a-z][a-z-]+\b")
_AGE_AFTER = re.compile(r",[ \u00a0]+\d{1,3},")
# A title's abbreviation before a name ends no sentence: "… or Vermont Sen. Tom Sanders."
_TITLE_DOTS = frozenset(
    f"{t}." for t in "Sen Rep Gov Gen Col Capt Sgt Adm Rev Prof Mrs Lt Maj Cpl".split()
)
_NON_WORD = re.compile(r"\W")
_TITLE_END = frozenset(t[-2] for t in _TITLE_DOTS)  # a cheap first test: the letter before
_SENTENCE_BREAK = re.compile(r"(?<![A-Z][a-z])(?<![A-Z])[.!?][”\"’)]*[ \u00a0]+(?=[A-Z“\"‘(])|\n")
_ACCORDING_TO = re.compile(r"\b[Aa]ccording[ \u00a0]+to[ \u00a0]+$")
# Capitalised headline words that follow a first name without being a surname.
_NOT_SURNAMES = STOP_CAPS | TITLES | ORG_WORDS | PLACE_WORDS | SPEECH_FINITE
# Where a role phrase fronted before a name begins: after these words, not with them.
_FRONT_STOP = (
    _words(
        "the a an his her their its our my your this that said says told and or but when "
        "while as after before because since if than to by with from for in on at of about"
    )
    | AUX
    | SPEECH_FINITE
)
# A subordinate clause opening a sentence, up to a mention inside it (no comma yet).
_FRONTED_CLAUSE = re.compile(
    r"[ \u00a0“\"‘(]*(?:As|When|While|Whenever|After|Before|Although|Though|Because|Since|If|"
    r"Unless|Until|Once|Whereas)[ \u00a0][^,;:\x1f“”\"\n]*$"
)
_ARTICLE_BEFORE = re.compile(r"\b[Tt]he[ \u00a0]$")
# A name followed by a lower-case word that is no apposition: the name is the subject of
# a clause ("said Lee raped her"), not the inverted subject of a speech tag.
_SECOND_IN_COMMAND = frozenset(("vice", "deputy", "assistant"))
_CLAUSE_VERB_AFTER = re.compile(
    r"[ \u00a0]+(?!(?:and|of|in|on|at|for|to|from|with|who)\b)[a-z]{2,}"
)
_PLURAL_NOUN_AFTER = re.compile(r"[ \u00a0]+[a-z]+s\b")
_KIN_BEFORE = re.compile(rf"\b(?:{'|'.join(sorted(RELATION_NOUNS))}),[ \u00a0]$")
_OWNED_KIN_BEFORE = re.compile(
    r"\b(?:[Hh]is|[Hh]er|[Tt]heir|[A-Z][\w-]*[’']s)[ \u00a0]+"
    rf"(?:{'|'.join(sorted(RELATION_NOUNS))})[ \u00a0]$"
)
_LOWER_AFTER = re.compile(r"[ \u00a0]+[a-z]")
_QUANTIFIED = re.compile(r"\b(?:many|more|most|some|several|few|other|all|both|\d+)[ \u00a0]$")
_HEAD_BEFORE_PP = re.compile(r"[ \u00a0](?:at|of|for|in|on|from|with)[ \u00a0]")
_DETERMINED = re.compile(
    r"(?:^|(?P<prev>[\w’']+)[ \u00a0]+|[.;:“”\"\x1f\n][ \u00a0\n]*)"
    r"(?P<det>[Aa]nother|[Hh]is|[Hh]er|[Tt]heir|[Tt]he|[Aa]n?|[A-Z][\w.-]*[’']s)[ \u00a0]+"
    r"(?P<np>[^,.;:“”\"\x1f\n()]{2,90}),[ \u00a0]$"
)
# A lower-case noun right after a name, then another name: "Obama consultant Ann Lee" (one
# word only: "Lee met senator Ann Ray" is a clause).
_MODIFIES_NAME = re.compile(r"(?:[ \u00a0]+([a-z][\w-]*))?[ \u00a0]+([a-z][\w-]*)[ \u00a0]+[A-Z]")


_AUX_NEXT = re.compile(rf"[ \u00a0]+(?:{'|'.join(sorted(AUX))})\b")
# A past-tense verb after a subject, perhaps behind an adverb: "Cruz openly admitted".
_ACTED = re.compile(r"[ \u00a0](?:[a-z]+ly[ \u00a0])?[a-z]{3,}ed[ \u00a0]")
# Honorifics of courtesy, not office: "Ohio Gov. Ann Lee" keeps "Gov.", "Dr Emma Stone" not.
_COURTESY = _words("mr mrs ms miss dr prof")
_OFFICE_OF = re.compile(r"\b([A-Z][\w.]*(?:[ \u00a0][A-Z][\w.]*){0,3})[ \u00a0](of|for)[ \u00a0]$")
_SHORT_REACH = 1500  # characters: a surname repeated this soon means the person just named
_OBJECT_OF = _words("of to for with by from about against at on in into than like toward towards")
_CORPORATE = _words("inc corp co ltd llc plc group company corporation")
_PRONOUNS = frozenset(("He", "She", "His", "Her", "They"))
_CAPS_AHEAD = re.compile(r",?[ \u00a0]+(?=[A-Z][a-z])")
_OF_AHEAD = re.compile(
    r"[ \u00a0](?:for|of|at|to|with)[ \u00a0][^,.;:\n\x1f“”\"]{1,60}(,[ \u00a0]+)(?=[A-Z])"
)


_MOST_DESCRIPTIONS = 3


def _describe(ent: Entity, desc: str) -> None:
    """Add what one more mention says the person is, unless it is said already: the
    description is as complete as the article makes it ("the former attorney general; a
    Republican")."""
    if not ent.desc or ent.desc.lower() in desc.lower():
        ent.desc = desc
    elif desc.lower() not in ent.desc.lower() and ent.desc.count("; ") < _MOST_DESCRIPTIONS - 1:
        ent.desc = f"{ent.desc}; {desc}"


def _mid_sentence(text: str, start: int) -> bool:
    """True when the word at start follows other words of its sentence."""
    k = start - 1
    while k >= 0 and text[k] in " \u00a0":
        k -= 1
    if k < 0 or text[k] in ".!?\n:":
        return False
    if text[k] in '”"’' and k > 0:
        return text[k - 1] not in ".!?"
    return True


_PARAGRAPH_BREAK = re.compile(r"(?=\n\n)")  # every start, overlapping ones too
_AGE = re.compile(r",[ \u00a0]+(\d{1,3})(?=,)")
_DEGREE_AFTER = re.compile(
    r",[ \u00a0]+(?:Ph\.?[ \u00a0]?D|M\.?D|M\.?B\.?A|J\.?D|D\.?Phil|MBE|OBE|CBE|QC|KC|Jr|Sr)"
    r"\.?(?=,)"
)


def appositive(text: str, end: int) -> str | None:
    """An appositive after a name: ", a former Kremlin adviser," up to its clause end."""
    degree = _DEGREE_AFTER.match(text, end)
    if degree:  # "Ann Lee, Ph.D., of Lyle University": the degree, then what she is
        end = degree.end()
    age = _AGE.match(text, end)
    if age:  # "Ann Lee, 20, a nursing major": the age is kept with what follows
        end = age.end()
    m = _APPOS_START.match(text, end)
    if not m:
        return None
    if _PROPER_THEN_ARTICLE.match(text, m.start(1)):
        return None  # "in San Jose, California the candidate went": a place, then a clause
    head = m.group(1).lower()
    ok = head in ROLES or head in _PRE_ADJ or _ARTICLE.match(m.group(0)) is not None
    if not ok and head == "of":  # "Jo Ray, of Springfield, Va., said": where they live;
        # "Dr Ann Lee, of the Harwell Institute, said": where they work
        ok = text[m.end() + 1 : m.end() + 2].isupper() or _THE_NAME.match(text, m.end()) is not None
    if not ok and m.group(1)[:1].isupper():  # ", Democrat of Delaware,": party and state
        place = m.end() + 4
        ok = text.startswith((" of ", "\u00a0of "), m.end()) and text[place : place + 1].isupper()
    if not ok:
        # "Clinton’s 2008 campaign manager", "refugee program co-director at X", "House
        # editor for the Cook Report": a possessor or a role among the noun phrase's words
        first = text[m.start(1) : m.start(1) + 60].split()[:5]
        ok = first[0].endswith(("’s", "'s")) or any(_is_role(w) for w in first)
    if not ok:  # "Tom Ng, publisher of the Ledger": a noun phrase headed by "of" a name
        ok = _OF_A_NAME.match(text, m.start(1)) is not None
    if not ok:
        # "another veteran speechwriter", "his hawkish colleague", "now a partner at X",
        # "Europe coordinator at X": a determiner or a noun for a person (an agent noun by
        # its ending) among the noun phrase's first words, before any clause word
        det = _APPOS_DETERMINER.match(text, m.start(1))
        if det or not age:  # after an age, a verb is as likely ("…, 42, faces a count")
            ok = _agent_phrase(text[det.end() - 1 if det else m.start(1) : m.start(1) + 80])
    if not ok:
        return None
    out = clause(text, end + 1)
    if age and out:
        return f"{age.group(1)}, {out}"
    return out


_THE_NAME = re.compile(r"[ \u00a0]the[ \u00a0][A-Z]")
# An affiliation right after a name, no comma between: "Tom Ray of the Cato Trust said",
# "said Ann Lee with Brixo in a statement", "Kate Dorne from farming alliance Grain". The
# capitalised run names the body (joined by "of", "for", "and", "&": "of the University of
# Dunmore"); after "of" and "with" nothing lower case comes before it but "the": "Ann Lee
# with a smile" and "Tom Ray of the plan" describe no one.
_CAP_WORD = r"[A-Z](?:[\w&’'-]|\.(?=\w))*"  # a full stop only inside ("U.S"): none ends it
_AFFILIATION = re.compile(
    rf"{_SP}(?P<desc>(?:(?:of|with){_SP}(?:the{_SP})?"
    # "from farming alliance Grain", "from the charity Surfers Against Waste": what kind of
    # body it is may come first, in a few lower-case words (none a determiner or pronoun)
    rf"|from{_SP}(?:the{_SP})?(?:(?!(?:a|an|his|her|their|its|our|my|your|this|that)\b)"
    rf"[a-z]+{_SP}){{0,4}})"
    rf"{_CAP_WORD}(?:{_SP}(?:(?:of|for|and|&){_SP}(?:the{_SP})?)?{_CAP_WORD})*)"
)


def affiliation(text: str, end: int) -> str | None:
    """ "of the Cato Trust" after "Tom Ray": the body a person speaks for, as the article
    gives it without commas."""
    m = _AFFILIATION.match(text, end)
    if m is None:
        return None
    desc = m.group("desc").rstrip(".,")
    last = desc.split()[-1].lower()
    if last in STOP_CAPS or last in HONORIFICS or last in TITLES:
        return None  # "of Evercore and Mr. Altman": the run ran into another person
    joined = _AND_A_NAME.search(desc)
    if (
        joined
        and is_first_name(joined["first"])
        and joined["second"].lower().rstrip(".") not in ORG_WORDS
    ):
        desc = desc[: joined.start()]  # "of the Lyle Centre and Ann Ray": the next person
    after = _NEXT_WORD.match(text, m.end())
    if after and not _ends_affiliation(after.group(1)):
        return None  # "of the New York state Senate": the body's name goes on in lower case
    return desc


_NEXT_WORD = re.compile(rf"{_SP}([a-z]+)\b")
_AND_A_NAME = re.compile(
    rf"{_SP}(?:and|&){_SP}(?=(?P<first>[A-Z][a-z]+){_SP}(?P<second>[A-Z][\w’'-]*))"
)
_AFTER_AFFILIATION = _words("in on at to about during after before last this for since")


def _ends_affiliation(word: str) -> bool:
    """Whether a lower-case word after a body's name starts something else: a clause or
    verb ("said", "who", "urged", "warns") or a phrase of time or place."""
    return (
        word in _CLAUSE_WORDS
        or word in SPEECH_FINITE
        or word in AUX
        or word in _AFTER_AFFILIATION
        or word.endswith(("ed", "s"))
    )


# Capitalised words, then an article with no comma between: the article opens the next
# clause's subject, so the words before name a place, not a description.
_PROPER_THEN_ARTICLE = re.compile(r"(?:[A-Z][\w.’'-]*[ \u00a0]+){1,3}(?:the|a|an)[ \u00a0]")
_APPOS_DETERMINER = re.compile(
    r"(?:another|his|her|their|its|one[ \u00a0]+of|(?:now|also|himself|herself|both)"
    r"[ \u00a0]+(?:a|an|the))[ \u00a0]+[a-z]"
)
# An agent noun by its ending ("coordinator", "speechwriter", "runner-up"); an "-er" word
# shorter than seven letters is more often another noun ("gender", "power", "number").
_AGENT = re.compile(r"[a-z][a-z-]{4,}er|[a-z][a-z-]{2,}(?:or|ist|ian|eur|-up)")
# Words with an agent noun's ending that are not nouns for people.
_NOT_AGENTS = _words(
    "former other under after over never ever longer older earlier later rather either "
    "neither whether however major minor current recent different prominent sooner "
    "further together member center centre order matter letter water paper number "
    "quarter chapter corner summer winter border error sector factor motor mirror"
)
_CLAUSE_WORDS = _words(
    "who whom which whose that and but or as when while if then because said says told "
    "is was are were has had have will would"
)


def _agent_phrase(head: str) -> bool:
    """The first words of an appositive hold a noun for a person before any clause word:
    "Europe coordinator at", "managing partner of", "runner-up to"."""
    words = head.split()[:3]
    for k, word in enumerate(words):
        w = word.strip(",.;:")
        if w.lower() in _CLAUSE_WORDS:
            return False
        if w.endswith("ed") or (
            w.endswith("ing") and not (k == 0 and len(words) > 1 and _noun_for_person(words[1]))
        ):
            return False  # a verb ("…, 32, noted the …"), not "managing partner"
        if _noun_for_person(word):
            return True
        if word.endswith((",", ".", ";", ":")):
            return False
    return False


def _noun_for_person(word: str) -> bool:
    """A lower-case noun for a person: a listed one or an agent noun by its ending."""
    w = word.strip(",.;:")
    if not w.islower():
        return False
    if w in PERSON_NOUNS or w in RELATION_NOUNS:
        return True
    return _AGENT.fullmatch(w) is not None and w not in _NOT_AGENTS


# A lowercase noun phrase (not a verb form, not a clause word) and "of"/"at" a proper name.
_OF_A_NAME = re.compile(
    r"(?!(?:who|whom|which|whose|that|and|but|or|as|when|while|if|then|according|because)\b)"
    r"[a-z][a-z-]*(?<!ing)(?<!ed)(?:[ \u00a0][a-z][a-z-]*(?<!ing)(?<!ed)){0,3}"
    r"[ \u00a0](?:of|at|for|with|from)[ \u00a0](?:the[ \u00a0])?[A-Z]"
)


def _is_role(word: str) -> bool:
    """A role noun, also as the head of a compound ("co-director", "vice-chair")."""
    low = word.lower().strip(",.;:")
    return low in ROLES or low.rsplit("-", 1)[-1] in ROLES


def clause(text: str, pos: int, limit: int = 220) -> str | None:
    """Text from pos to the end of its clause (a sentence end, semicolon or quote mark)."""
    end = min(len(text), pos + limit)
    i = pos
    while i < end:
        c = text[i]
        if c in ';\n“”"(\x1f':
            break
        if c in ".!?" and (i + 1 >= len(text) or text[i + 1] in ' \n\u00a0”"'):
            word = text[max(pos, i - 12) : i].split()
            last = word[-1].lower() if word else ""
            initial = len(last) == 1 and last.isalpha()
            # "a U.N. envoy" goes on
            if not initial and last not in _ABBR and not _DOTTED.fullmatch(last):
                break
        if c == "," and _CLAUSE_BREAK.match(text, i):
            break
        i += 1
    out = text[pos:i].strip(" ,:\u00a0—–-")
    if i < len(text) and text[i] in '“"' and ", " in out:
        # "According to X, an analyst, the bill “could …”": the last part is the subject of
        # the quoted words, not more description.
        head, _sep, tail = out.rpartition(", ")
        if len(tail.split()) <= 4:
            out = head
    return out or None


_CLAUSE_BREAK = re.compile(r",[ \u00a0]+(?!(?:a|an|the)\b)[a-z]")
_DOTTED = re.compile(r"(?:[a-z]\.)+[a-z]")
_INITIALS = re.compile(r"(?:[A-Z]\.){2,3}")  # "G.K." in "G.K. Butterfield"
_ABBR = _words(
    "mr mrs ms dr prof st jr sr inc corp co ltd gov gen sen rep del u.s u.k lt col capt sgt adm rev"
)


_TITLE_CASE_SMALL = _words(
    "a an the of to in on at for and or but nor by with from as vs via if is be up out off "
    "into over than when after not"
)


_LOWER_WORD = re.compile(r"(?<!\S)[a-z]")


def _headings(masked: str) -> list[tuple[int, int]]:
    """Lines in title case (headlines, subheads): most of their words are capitalised."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in masked.split("\n"):
        end = pos + len(line)
        masked_share = line.count("\x1f") / max(1, len(line))  # a quote's words are hidden
        lowers = len(_LOWER_WORD.findall(line))
        if len(line) < 200 and masked_share < 0.3 and lowers <= 0.4 * (line.count(" ") + 1):
            words = [w.lstrip("‘“'\"(") for w in line.split()]
            words = [w for w in words if w[:1].isalpha()]
            lower = [w for w in words if not w[0].isupper()]
            small = all(w.lower() in _TITLE_CASE_SMALL for w in lower)
            if len(words) >= 4 and len(lower) <= 0.4 * len(words) and small:
                out.append((pos, end))
            elif 0 < line.find(": ") < 80:  # "Veto Power Impedes Peace: Eliminating war…"
                head = line[: line.find(": ")].split()
                # A comma means a roundup's "Name, Outlet:", not a subhead.
                if len(head) >= 3 and all(w[:1].isupper() and "," not in w for w in head):
                    out.append((pos, pos + line.find(": ")))
        pos = end + 1
    return out


def _join_surnames(cast: Cast) -> None:
    """A bare "Obama" met before "Barack Obama" is him when no one else has that surname:
    one expert, not two; "the Times" is the New York Times the article named."""
    full: dict[tuple[bool, str], list[int]] = {}
    for eid, ent in enumerate(cast.entities):
        if len(ent.tokens) > 1:
            full.setdefault((ent.org, ent.tokens[-1].lower()), []).append(eid)
    moved: dict[int, int] = {}
    for eid, ent in enumerate(cast.entities):
        if len(ent.tokens) != 1:
            continue
        owners = full.get((ent.org, ent.tokens[0].lower()), [])
        if len(owners) == 1:
            owner = cast.entities[owners[0]]
            if not ent.gender or (owner.gender or owner.name_gender) in (None, ent.gender):
                moved[eid] = owners[0]
    for m in cast.mentions:
        if m.entity in moved:
            owner = cast.entities[moved[m.entity]]
            owner.person = owner.person or cast.entities[m.entity].person
            m.entity = moved[m.entity]
        elif m.entity is None and m.kind == "other" and " " not in m.text:
            owners = full.get((False, m.text.lower()), [])
            if len(owners) == 1:  # "Halvorsen said" before "Greta Halvorsen" is named
                m.entity, m.kind = owners[0], "person"


def build_cast(masked: str) -> Cast:
    """One pass over the masked text; linear in its length."""
    _load_first_names()
    b = _Builder(masked)
    headings = _headings(masked)
    h = 0
    for m in MENTION.finditer(masked):
        if headings:
            while h < len(headings) and headings[h][1] <= m.start():
                h += 1
            if h < len(headings) and headings[h][0] <= m.start():
                b.heading_names(m.start(), m.group())
                continue  # a headline's title case is not a name
        kind = m.lastgroup
        if kind == "role" or m.group("role"):
            b.role(m.start(), m.end("role"), m.group("role"), bool(m.group("pl")))
        elif kind == "hon":
            b.caps(m.start(), m.group())
        elif kind == "pron":
            b.pronoun(m.start(), m.end(), m.group())
        elif kind == "org":
            b.org_noun(m.start(), m.end(), m.group())
        else:
            b.caps(m.start(), m.group())
    cast = b.cast
    _join_surnames(cast)
    cast.mentions.sort(key=lambda x: x.start)
    cast.starts = [x.start for x in cast.mentions]
    cast.ends = {x.end: x for x in cast.mentions}
    return cast
