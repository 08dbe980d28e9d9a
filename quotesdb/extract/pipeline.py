"""Spans, then attribution, then follow-ups: the order a reader works things out."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from quotesdb.extract.attribution import (
    NOBODY,
    Who,
    after_quote,
    bare_attribution,
    in_sentence,
    named_as,
    sentence_bounds,
    sentence_start,
    sentence_subject,
    sentence_tail,
    speech_verbs,
    who_of,
)
from quotesdb.extract.lexicon import (
    HONORIFICS,
    SPEECH_FINITE,
    SPEECH_ING,
    TITLES,
    trie_pattern,
)
from quotesdb.extract.marks import Span, find_spans, paragraphs, typeset_marks
from quotesdb.extract.model import ExtractedQuote, QuoteKind
from quotesdb.extract.people import Cast, build_cast, given_names, is_first_name

_KEEP_AT_END = ".!?,"
_FULL_AFTER = ":,;—–-("
_LABEL = re.compile(r"[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)?:[ \u00a0]")
# A pronoun that subjects a later clause ("She was upset, so I changed my answer:").
_ANOTHER_SUBJECT = re.compile(r"\b(?:I|[Ww]e|[Hh]e|[Ss]he|[Tt]hey)\b")
_TITLED = re.compile(r"\b(?:entitled|titled|headlined|headed)[ \u00a0]*[,:]?$")
_NOUN_SUBJECT = re.compile(
    r"[ \u00a0]*(?:The|A|An|His|Her|Their|Its|Another|Some|Many|Most|Other|One|Two|Three)"
    r"[ \u00a0]+[a-z]"
)
# After a closing mark: a new sentence's subject and verb, then a comma or colon and the
# next quote ("?” Ray then writes back, “").
_INTRODUCES_NEXT = re.compile(r"[ \u00a0]+[A-Z][^.;!?\x1f“”\"\n]{2,60}[,:][ \u00a0]*[“\"]")
# A free relative naming the quote: "what Lee called", "what she described as a".
_CALLED_BEFORE = re.compile(
    r"\bwhat[ \u00a0][^,;:\x1f“”\"]{1,40}?[ \u00a0](?:called|calls|described[ \u00a0]+as|"
    r"describes[ \u00a0]+as|termed|terms|dubbed|dubs)(?:[ \u00a0]+(?:a|an|the))?[ \u00a0]*$"
)
# A sentence opened by a participle of saying, up to the quote ("Adding, “").
_PARTICIPLE_OPENS = re.compile(
    rf"[ \u00a0]*(?:{trie_pattern({w.capitalize() for w in SPEECH_ING})})\b[^.;:\x1f“”\"]{{0,40}}"
    r"[,:][ \u00a0]*$"
)
_BYLINE = re.compile(r"\bby[ \u00a0]+(?:[A-Z][\w.&-]*[’']s?[ \u00a0]+)?$")
_SCARE_WORDS = 3  # partial quotes this short are terms or scare quotes, not speech
_FRAGMENT_WORDS = 1  # no fragment this short is stored under a speaker; two words only
# when a say-verb introduces them ("told reporters Moscow “will respond”")


@dataclass(slots=True)
class _Found:
    span: Span
    start: int
    end: int
    kind: QuoteKind
    words: int
    opens_sentence: bool
    lo: int  # start of the quote's sentence
    who: Who | None = None
    source: str = ""
    group: int | None = None
    label: bool = False  # opens with a transcript label ("SMITH: …")
    parent: _Found | None = None  # the quote whose speaker this one carries on


def _mask(text: str, spans: list[Span]) -> str:
    """Blank quote interiors (keeping a final punctuation mark) so offsets stay valid."""
    parts: list[str] = []
    pos = 0
    for s in spans:
        if s.start < pos:
            continue
        keep = 1 if s.end > s.start and text[s.end - 1] in ".!?," else 0
        parts.append(text[pos : s.start])
        parts.append("\x1f" * (s.end - s.start - keep))
        pos = s.end - keep
    parts.append(text[pos:])
    return "".join(parts)


_WORD_BEFORE = re.compile(r"\b([A-Z][a-z]+)[ \u00a0]$")
_NICK = re.compile(r"(?!(?:A|An|The)\b)[A-Z][\w’'.-]*(?:[ \u00a0][A-Z][\w’'.-]*)?")
_CAPS_BEFORE = re.compile(r"(?<![\w’'.-])(?:[A-Z][\w’'.-]*[ \u00a0])+$")
_SURNAME_AFTER = re.compile(r"[ \u00a0][A-Z][\w’'-]+")


def _nickname(text: str, s: Span) -> int | None:
    """Where the first name starts when the quote is one or two capitalised words between
    a first name and a surname: the nickname inside a name (Juan “Chico” Diaz, Marcia
    “Cia” Lowe)."""
    if not s.closed or s.missing_open or s.end - s.start > 25:
        return None
    before = _WORD_BEFORE.search(text, max(0, s.open_at - 20), s.open_at)
    if (
        before is not None
        and before.group(1).lower() in given_names()  # loads the lists on a first call
        and _NICK.fullmatch(text, s.start, s.end) is not None
        and _SURNAME_AFTER.match(text, s.close_at + 1) is not None
    ):
        run = _CAPS_BEFORE.search(text, max(0, before.start() - 60), before.start())
        if run is None:
            return before.start()
        if all(_is_title(w) for w in run.group().split()):
            return run.start()  # "Del. Marcia “Cia” Lowe": the name moves with its title
    return None  # "and Marine John “Tig” Lee": which words are the name is not clear


def _is_title(word: str) -> bool:
    """A title or honorific before a name: "Sen.", "Mayor", "Del."."""
    low = word.rstrip(".").lower()
    return word.endswith(".") or low in TITLES or low in HONORIFICS


def _trim(text: str, s: Span) -> tuple[int, int]:
    start, end = s.start, s.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def _kind(text: str, lead: str, start: int) -> tuple[QuoteKind, bool]:
    tail = lead.rstrip(" \u00a0")
    opens = not tail or tail[-1] in '.!?”"\x1f'
    body = text[start : start + 12].lstrip(
        ". …\u00a0"
    )  # ". . . You're going to": past the ellipsis
    first = body[:1] or text[start]
    upper = first.isupper() or first.isdigit() or first in "[(‘'"
    full = upper and (opens or tail[-1] in _FULL_AFTER)
    return ("full" if full else "partial"), opens


def extract_quotes(text: str) -> list[ExtractedQuote]:
    """Every quotation in cleaned article text, with its speaker when one is named."""
    original = text
    text = typeset_marks(text)  # same length: offsets found in it index the original
    paras = paragraphs(text)
    spans = find_spans(text, paras)
    nicknames = [(s, first) for s in spans if (first := _nickname(text, s)) is not None]
    if nicknames:  # Juan “Chico” Diaz: no quote, and the name reads whole without it
        spans = [s for s in spans if all(s is not n for n, _ in nicknames)]
    masked = _mask(text, spans)
    for s, first in nicknames:
        # "Juan “Chico” Diaz" reads "       Juan Diaz": same length, the name's start moved on
        name = masked[first : s.open_at - 1]
        masked = masked[:first] + name.rjust(s.close_at + 1 - first) + masked[s.close_at + 1 :]
    cast = build_cast(masked)
    bounds = sentence_bounds(masked)
    verbs = speech_verbs(masked)
    verb_starts = [v.start() for v in verbs]
    found: list[_Found] = []
    for s in spans:
        start, end = _trim(text, s)
        if start >= end:
            continue
        ps, pe = paras[s.para]
        lo = sentence_start(bounds, ps, s.open_at)
        kind, opens = _kind(text, masked[lo : s.open_at], start)
        f = _Found(s, start, end, kind, len(text[start:end].split()), opens, lo)
        f.label = _LABEL.match(text, start) is not None
        if s.closed:
            f.who, f.source = after_quote(masked, s.close_at, pe, cast), "post"
            if f.who is not None and _INTRODUCES_NEXT.match(masked, s.close_at + 1, pe):
                # "Lee responds with, “Why now?” Ray then writes back, “…”": the tag after a
                # question opens the next quote; a speech verb before this one keeps it
                lead = in_sentence(masked, lo, s.open_at, cast, verbs, verb_starts)
                if lead is not None and lead.speaker:
                    f.who, f.source = lead, "lead"
        called = _CALLED_BEFORE.search(masked, max(lo, s.open_at - 80), s.open_at)
        if called is not None and (f.who is None or f.source == "post"):
            # "under what Hedge called “the old model,” the club charged …": the quote is
            # what "called" names, so the free relative's subject speaks, not a clause after
            namer = next(
                (
                    m
                    for m in cast.between(called.start(), called.end())
                    if m.kind in ("person", "pron", "role")
                ),
                None,
            )
            said = who_of(namer, cast, masked) if namer is not None else None
            if said is not None and said.speaker:
                f.who, f.source = said, "lead"
        if f.who is None and not s.missing_open:
            f.who, f.source = _dashed_after_name(masked, lo, s, cast), "subject"
        if f.who is None and not s.missing_open:
            # "As Ann Lee, a law professor, put it, “…”": the as-clause's subject
            f.who, f.source = _as_clause(masked, lo, s.open_at, cast), "lead"
        if f.who is None and not s.missing_open:
            f.who = in_sentence(masked, lo, s.open_at, cast, verbs, verb_starts)
            f.source = "lead"
        if (
            (f.who is None or not f.who.speaker)
            and found
            and found[-1].span.para == s.para
            and found[-1].who is not None
            and found[-1].who.speaker
            and _PARTICIPLE_OPENS.match(masked, lo, s.open_at)
        ):
            # "Maher stated that the report “wasn’t good.” Adding, “…”": a sentence opened
            # by a participle of saying goes on with the speaker of the one before
            f.who, f.source, f.parent = found[-1].who, "inherit", found[-1]
        if f.who is None and not s.missing_open:
            f.who = named_as(masked, lo, s.open_at, cast)
        if f.who is None and s.para and not masked[ps : s.open_at].strip():
            qs, qe = paras[s.para - 1]
            if masked[qs:qe].rstrip().endswith(":"):  # "Caddell continued:" then the quote
                colon = masked.rindex(":", qs, qe)
                lo_prev = sentence_start(bounds, qs, colon)
                f.who = in_sentence(masked, lo_prev, colon, cast, verbs, verb_starts)
                f.source = "lead"
                if f.who is None:  # "Lee made the following comment:"
                    subject = sentence_subject(cast, masked, lo_prev, colon)
                    f.who = who_of(subject, cast, masked) if subject else None
                if f.who is None:  # "Stated Stone:" then the quote's paragraph
                    f.who = _roundup(masked, lo_prev, colon + 1, cast)
                if f.who is None:
                    # "… —and Lordy, how tempting!— Cruz called them on it:": the subject
                    # opening the last clause before the colon introduces the quote
                    f.who = _last_clause_subject(masked, lo_prev, colon, cast)
        if f.who is None and not s.missing_open:
            f.who = _roundup(masked, lo, s.open_at, cast)
            f.source = "lead"
        intro = masked[lo : s.open_at].rstrip()
        if f.who is None and _TITLED.search(intro):
            f.who = NOBODY  # "a column entitled, “Why …”": a title, no one's words
        if f.who is None and kind == "full" and intro.endswith((":", ",", "--", "—", "–")):
            # "She went on: “…”", "Lee shot back, “…”", "Lee backed the plan -- “…”": the
            # subject of the clause the colon, comma or dash closes introduces the quote,
            # whatever its verb.
            colon = lo + len(intro.rstrip("-—–")) - 1
            subject = sentence_subject(cast, masked, lo, colon)
            if (
                subject is not None
                and subject.text.lower() not in ("his", "her")  # "His reply was short:"
                and not _ANOTHER_SUBJECT.search(masked, subject.end, colon)
            ):
                said = who_of(subject, cast, masked)
                f.who = Who(
                    said.speaker, said.desc, said.is_person, said.resolved, verb_known=False
                )
            named = cast.ends.get(colon) if intro.endswith(":") and subject is None else None
            if named is not None and _BYLINE.search(masked, max(lo, named.start - 40), named.start):
                named = None  # "“Headline,” by Times’ Ann Lee: “…”": an excerpt of a story
            if f.who is None and named is not None and named.kind == "person":
                # "… does not surprise pollster Dara Shaw: “…”", "A word from Jones: “…”": with
                # no person opening the clause, the name the colon follows introduces it
                said = who_of(named, cast, masked)
                if said.speaker:
                    f.who = Who(said.speaker, said.desc, said.is_person, verb_known=False)
        if f.who is None and opens and kind == "full" and lo > ps:
            # "…over Syria, Schiff said. “The other factor …”": the sentence before names it.
            prev_lo = sentence_start(bounds, ps, lo - 1)
            if "\x1f" not in masked[prev_lo:lo]:
                f.who, f.source = sentence_tail(masked, prev_lo, lo, cast), "tail"
            if f.who is None and "\x1f" not in masked[prev_lo:lo]:
                # "Lau, the party's spokesman, said in a statement. “…”": a sentence that is
                # only its subject and a speech verb introduces the quote after it
                f.who, f.source = (
                    bare_attribution(masked, prev_lo, lo, cast, verbs, verb_starts),
                    "tail",
                )
            if f.who is None and "\x1f" not in masked[ps:lo] and _ends_paragraph(f, masked, pe):
                # "Clinton touted her record as a co-sponsor. “We need …”": the first quote
                # of its paragraph, untagged and closing it, is the words of the sentence
                # before's subject
                f.who, f.source = _introduced_by(masked, prev_lo, lo, cast), "tail"
        if f.who is None and s.closed and not s.missing_open:
            hi = _sentence_end(bounds, s.close_at, pe)
            f.who, f.source = sentence_tail(masked, s.close_at, hi, cast), "tail"
        if f.who is None and s.closed and s.para + 1 < len(paras):
            f.who, f.source = _credit_line(masked, s, paras, cast), "post"
        if f.who is None and s.missing_open:
            continue  # a stray closing mark with no attribution: not a quote
        found.append(f)
    _follow_ups(found, masked, paras, cast, bounds)
    out: list[ExtractedQuote] = []
    conf: dict[int, float] = {}
    names = _Namesakes.of(cast)
    for f in found:
        who = f.who
        if f.kind == "partial" and f.words <= _FRAGMENT_WORDS:
            who = None  # "said it was “That.”": one word stands as no one's quote
        elif f.kind == "partial" and f.words <= _SCARE_WORDS and not _reported(f, masked):
            who = None
        elif _headline(text, f) or (
            (_title_case(text, f) or _headline(text, f, strict=False)) and not _goes_on(f, text)
        ):
            who = None  # "on “Meet the Press”", "his book “The Art of the Deal”": a title
        elif f.words <= _FRAGMENT_WORDS and f.source != "post":
            who = None  # "the film “Trainwreck.”": a lone word no tag gives anyone
        ps, pe = paras[f.span.para]
        out.append(
            ExtractedQuote(
                text=original[f.start : f.end],
                speaker=who.speaker if who else None,
                speaker_description=who.desc if who and who.speaker else None,
                start=f.start,
                end=f.end,
                kind=f.kind,
                paragraph_start=ps,
                paragraph_end=pe,
                group=f.group,
                speaker_is_person=who.is_person if who and who.speaker else True,
                confidence=_confidence(f, conf, names) if who and who.speaker else None,
            )
        )
    return out


# Evidence, strongest first: a speaker named at the quote, in its sentence, closing the
# sentence of a woven quote, carried over from the quote before, or the subject opening
# the sentence of a woven fragment (no speech verb). Then what weakens it, each a cost:
# the name came from resolving a pronoun or "the minister"; the surname is shared by
# another person in the article (Bill and Hillary Clinton); the speaker is not a full
# personal name (one word, an office), or is two names whose first is not in the census
# lists of first names (a smaller cost: "Sergei Markov" is a full name the US lists lack,
# and experts from everywhere are quoted); the verb was taken by its shape. A
# quote carrying on the speaker of the one before is a step below that one. Calibrated on
# PolNeAR train and dev together (bench/attribution_eval.py): 0.9 and above holds the
# attributions right 97% of the time, and below the review threshold (0.7) fall the
# pronouns, shared surnames and guesses that make most wrong speakers.
_CONFIDENCE = {"post": 0.95, "lead": 0.88, "tail": 0.8, "subject": 0.65}
_RESOLVED_COST = 0.2
_SHARED_SURNAME_COST = 0.26
_NOT_A_FULL_NAME_COST = 0.2
_UNLISTED_FIRST_NAME_COST = 0.1
_SHAPE_VERB_COST = 0.15
_INHERIT_COST = 0.1
# "the aide said" given to the nearest person though no description of them holds the
# role: right about half the time on PolNeAR train, so below the review threshold.
_GUESSED_ROLE_COST = 0.1


@dataclass(frozen=True, slots=True)
class _Namesakes:
    """Which surnames more than one person of the article carries."""

    shared: frozenset[str]

    @classmethod
    def of(cls, cast: Cast) -> _Namesakes:
        seen: dict[str, set[str]] = {}
        for ent in cast.entities:
            if not ent.org and len(ent.tokens) > 1:
                seen.setdefault(ent.tokens[-1].lower(), set()).add(ent.name)
        return cls(frozenset(k for k, names in seen.items() if len(names) > 1))

    def ambiguous(self, speaker: str) -> bool:
        return speaker.split()[-1].lower() in self.shared


def _name_cost(who: Who) -> float:
    """Nothing for a person's given name and surname ("Ann Lee", "J. Doe"); a little for two
    names whose first the census lists lack ("Fyodor Lukyanov"); more for "Lee" or
    "Commission"."""
    words = (who.speaker or "").split()
    first = words[0] if words else ""
    if not who.is_person or len(words) < 2 or not first[:1].isupper():
        return _NOT_A_FULL_NAME_COST
    if is_first_name(first) or (len(first) == 2 and first.endswith(".")):
        return 0.0
    return _UNLISTED_FIRST_NAME_COST


def _confidence(f: _Found, seen: dict[int, float], names: _Namesakes) -> float:
    """f's confidence, remembered in seen (by id) for the quotes that inherit from it."""
    who = f.who
    if f.source == "inherit" and f.parent is not None:
        value = seen.get(id(f.parent), _CONFIDENCE["lead"]) - _INHERIT_COST
    else:
        value = _CONFIDENCE.get(f.source, 0.6)
        if who is not None and who.resolved:
            value -= _RESOLVED_COST
        if who is not None and who.guessed:
            value -= _GUESSED_ROLE_COST
        if who is not None and who.speaker:
            if names.ambiguous(who.speaker):
                value -= _SHARED_SURNAME_COST
            value -= _name_cost(who)
            if not who.verb_known:
                value -= _SHAPE_VERB_COST
    seen[id(f)] = value = round(max(0.1, value), 2)
    return value


_SAY = re.compile(
    r"\b(?:said|says|told|tells|added|adds|argued|argues|warned|warns|stated|insisted|"
    r"promised|vowed|declared|wrote)\b"
)


_ROUNDUP_TAIL = re.compile(r"(?:,[ \u00a0]*([^:;.\n\x1f“”\"]{1,80}))?:[ \u00a0]*")


# After "Said X": an appositive or a relative clause, then the comma or colon before the quote.
_SAID_TAIL = re.compile(r"(?:,[ \u00a0][^;\n\x1f“”\"]{1,160})?[,:][ \u00a0]*[“\"‘']?")
# A speech verb opening its sentence before the speaker: "Said Ellis", "Stated Stone".
_SAID_FIRST = re.compile(
    r"(?:Said|Says|Added|Adds|Stated|States|Wrote|Writes|Explained|Explains|Continued|"
    r"Continues|Noted|Notes|Recalled|Recalls|Asked|Asks|Replied|Replies)[ \u00a0]+"
)


def _roundup(masked: str, lo: int, open_at: int, cast: Cast) -> Who | None:
    """A roundup's "Jane Doe, Example Times: “…”" (or "Said Doe: “…”"): the opening name."""
    lead = masked[lo:open_at]
    if ":" not in lead and not _SAID_FIRST.match(lead.lstrip()):
        return None
    start = lo + len(lead) - len(lead.lstrip())
    said = _SAID_FIRST.match(masked, start)
    if said:  # "Said Ellis: “…”"
        start = said.end()
    m = cast.at(start)
    if m is None or m.kind != "person":
        return None
    if said and _SAID_TAIL.fullmatch(masked, m.end, open_at):
        return who_of(m, cast, masked)  # "Said Dora Poynt, who grew up here, “…”"
    tail = _ROUNDUP_TAIL.fullmatch(masked, m.end, open_at)
    if tail is None:
        return None
    who = who_of(m, cast, masked)
    if who.speaker and tail.group(1) and not who.desc:
        return Who(who.speaker, tail.group(1).strip(), who.is_person)
    return who


_DASH_AFTER = re.compile(r"[”\"’']*[ \u00a0]*(?:--|—|–)")
_DASH_BEFORE = re.compile(r"[ \u00a0]*(?:--|—|–)[ \u00a0]*[“\"‘']*$")


_AS_OPENS = re.compile(r"[ \u00a0“\"‘(]*As[ \u00a0](?!for\b)")  # "As for Lee, …" is a topic
# The As-clause's verb of saying, then its adverbials, up to the comma before the quote.
_AS_VERB = re.compile(
    rf"\b(?:put[ \u00a0]+it|written|{trie_pattern(SPEECH_FINITE)})"
    r"\b[^,;:\x1f“”\"\n]{0,60},[ \u00a0]*$"
)


def _as_clause(masked: str, lo: int, open_at: int, cast: Cast) -> Who | None:
    """ "As Ann Lee, a law professor, put it, “…”", "As he wrote in May, “…”": a sentence
    opening with an as-clause whose verb is one of saying, the quote right after its comma,
    is the words of that clause's subject."""
    opens = _AS_OPENS.match(masked, lo, open_at)
    if opens is None:
        return None
    subject = next(
        (m for m in cast.between(opens.end(), open_at) if m.kind in ("person", "pron", "role")),
        None,
    )
    verb = _AS_VERB.search(masked, subject.end, open_at) if subject is not None else None
    if subject is None or verb is None or subject.start - opens.end() > 40:
        return None  # "As the crowd at the hall heard Lee say, …": not the clause's subject
    if any(m.kind in ("person", "pron") for m in cast.between(subject.end, verb.start())):
        return None  # "As Lee stumbled, Ray said, “…”": the verb has a subject of its own
    said = who_of(subject, cast, masked)
    return said if said.speaker else None


# Only lower-case words between a clause's subject and the colon ("called them on it:").
_PREDICATE_TO_COLON = re.compile(r"(?:[ \u00a0]+[a-z][\w’'-]*){1,6}[ \u00a0]*$")
_CLAUSE_OPENS = re.compile(r"(?:^|[—–;!?]|--)[ \u00a0]*$")


def _last_clause_subject(masked: str, lo: int, colon: int, cast: Cast) -> Who | None:
    """The person opening the clause the colon closes, after a dash or the sentence's start,
    with nothing but its predicate's lower-case words up to the colon."""
    for m in reversed(cast.between(lo, colon)):
        if m.kind not in ("person", "pron") or m.text.lower() in ("his", "her"):
            continue
        if not _PREDICATE_TO_COLON.fullmatch(masked, m.end, colon):
            return None
        if not _CLAUSE_OPENS.search(masked, max(lo, m.start - 4), m.start):
            return None
        said = who_of(m, cast, masked)
        if not said.speaker:
            return None
        return Who(said.speaker, said.desc, said.is_person, said.resolved, verb_known=False)
    return None


def _dashed_after_name(masked: str, lo: int, s: Span, cast: Cast) -> Who | None:
    """ "…, including Ann Lee -- “It is a mistake” -- and …": the name before the dashes.

    Only a quote set off by dashes on both sides: one that merely ends the sentence after
    a dash is more often a comment on the person named there.
    """
    dash = _DASH_BEFORE.search(masked, max(lo, s.open_at - 8), s.open_at)
    if dash is None or not s.closed or not _DASH_AFTER.match(masked, s.close_at + 1):
        return None
    m = cast.ends.get(dash.start())
    if m is None or m.kind != "person":
        return None
    return who_of(m, cast, masked)


# What may follow the name on a credit line: a title or degree, briefly ("Ann Lee, Ph.D.",
# "— Ann Lee, chief economist at Brixo").
_CREDIT_TAIL = re.compile(r"(?:,[ \u00a0]*[^\n\x1f“”\"]{1,80})?[.]?[ \u00a0]*")
_CREDIT_DASH = re.compile(r"[ \u00a0]*(?P<dash>[—–-][ \u00a0]*)?")


def _credit_line(masked: str, s: Span, paras: list[tuple[int, int]], cast: Cast) -> Who | None:
    """A quote that fills its paragraph, then a paragraph that is only a person's name (and
    a title): the credit line under a pulled quote ("“…”" / "Michael Lee, Ph.D.")."""
    ps, pe = paras[s.para]
    if masked[ps : s.open_at].strip() or masked[s.close_at + 1 : pe].strip(" \u00a0.,"):
        return None
    ns, ne = paras[s.para + 1]
    lead = _CREDIT_DASH.match(masked, ns, ne)  # matches always: spaces and dash optional
    name = cast.at(lead.end()) if lead else None
    if lead is None or name is None or name.kind != "person":
        return None
    if lead["dash"] is None and not is_first_name(name.text.split()[0]):
        return None  # "Policy Shortcomings": a subheading after a quote, not its credit
    tail = _CREDIT_TAIL.match(masked, name.end, ne)
    if tail is None or tail.end() != ne or len(masked[name.end : ne].split()) > 12:
        return None
    if any(v in SPEECH_FINITE for v in masked[name.end : ne].lower().split()):
        return None
    return who_of(name, cast, masked)


def _sentence_end(bounds: list[int], pos: int, pe: int) -> int:
    k = bisect_right(bounds, pos)
    return min(bounds[k], pe) if k < len(bounds) else pe


_TITLE_SMALL = frozenset("a an the of and or to in on for at by with is are be as vs".split())
_TITLE_WORDS = 8


def _title_case(text: str, f: _Found) -> bool:
    """A short quote with every main word capitalised names a show, book or song."""
    if not 2 <= f.words <= _TITLE_WORDS:
        return False
    words = [w.strip("()[],.!?:;\"'’‘“”") for w in text[f.start : f.end].split()]
    main = [w for w in words[1:] if w.lower() not in _TITLE_SMALL]
    return (
        bool(main)
        and words[0][:1].isupper()
        and all(w[:1].isupper() and not w.isupper() for w in main)
        and not any(c in text[f.start : f.end - 1] for c in ".!?")
    )


def _goes_on(f: _Found, text: str) -> bool:
    """A full sentence after a quote of its paragraph, carrying on its speaker ("…,” said
    Lee. “That’s Ann Ray and Bo Dee.”): more of the speech, whatever its capitals; a
    title there ("“Sons of Lee”") has no full stop of its own."""
    return (
        f.source == "inherit"
        and f.kind == "full"
        and f.opens_sentence
        and text[f.end - 1 : f.end] in (".", "!", "?")
    )


def _headline(text: str, f: _Found, *, strict: bool = True) -> bool:
    """A quote of four words or more, every one capitalised ("I’m Sick Of Men Telling Us
    What To Do", "EVENTUALLY VOTERS DECIDE"): a headline or a title, whatever its length.
    Not strict, small words may stay lower-case ("We Will Go To Cleveland and Win", "The
    Fixers: Eddie Mannix and the MGM Machine"); speech carrying on a speaker is exempt
    from that reading (`_goes_on`)."""
    if f.words < 4:
        return False
    words = [w.strip("()[],.!?:;\"'’‘“”…-") for w in text[f.start : f.end].split()]
    words = [w for w in words if w]
    main = words if strict else [w for w in words if w[:1].isupper() or w not in _TITLE_SMALL]
    return len(main) >= 4 and all(w[:1].isupper() or w[:1].isdigit() for w in main)


def _reported(f: _Found, masked: str) -> bool:
    """A short fragment is speech, not a scare quote, when a say-verb introduces it."""
    if f.who is None or not f.who.speaker or f.source != "lead":
        return False
    # A bounded look-back keeps the pass linear on pathological one-line inputs.
    return _SAY.search(masked, max(f.lo, f.span.open_at - 300), f.span.open_at) is not None


def _follow_ups(
    found: list[_Found],
    masked: str,
    paras: list[tuple[int, int]],
    cast: Cast,
    bounds: list[int],
) -> None:
    """Quotes with no verb of their own: continuations, split quotes, woven fragments."""
    groups = 0
    chains: dict[int, list[_Found]] = {}
    for i, f in enumerate(found):
        if f.span.chain is not None:
            chains.setdefault(f.span.chain, []).append(f)
        if f.who is not None:
            continue
        prev = found[i - 1] if i else None
        if prev and prev.who and prev.who.speaker and f.opens_sentence and f.kind == "full":
            same = prev.span.para == f.span.para
            next_para = prev.span.para + 1 == f.span.para and _opens_paragraph(f, masked, paras)
            if same or next_para:
                f.who, f.source, f.parent = prev.who, "inherit", prev
                if same and (prev.source in ("post", "inherit")):
                    if prev.group is None:
                        groups += 1
                        prev.group = groups
                    f.group = prev.group
                continue
        if f.kind == "partial" and f.words > _SCARE_WORDS:
            subject = sentence_subject(cast, masked, f.lo, f.span.open_at)
            if subject is not None:
                f.who, f.source = who_of(subject, cast, masked), "subject"
            elif prev is not None and _carries_on(prev, f, masked, cast, bounds):
                # "“…,” Lee said. But “it helps.”", "Then, “…”": the next sentence goes on
                # with the words of the speaker just named, no one else being its subject
                f.who, f.source, f.parent = prev.who, "inherit", prev
            else:
                # "…, Hemsley said. Good information wins only when “the truth is sexier.”":
                # a sentence with no one of its own goes on with the tag closing the one
                # before
                tail = _tagged_before(f, masked, paras, cast, bounds)
                if tail is not None:
                    f.who, f.source = tail, "tail"
        elif f.kind == "full" and f.span.para and _alone(f, masked, paras):
            who = _introduced(masked, paras[f.span.para - 1], cast, bounds)
            if who is not None:
                f.who, f.source = who, "tail"
    for pieces in chains.values():
        if len(pieces) < 2:
            continue
        if sum(1 for p in pieces if p.label) >= 2:
            for p in pieces:  # a transcript ("SMITH: …" turns): the labels name the speakers
                p.who, p.source = NOBODY, ""
            continue
        named = next((p for p in pieces if p.who and p.who.speaker), None)
        who = named.who if named else None
        group = next((p.group for p in pieces if p.group is not None), None)
        if group is None:
            groups += 1
            group = groups
        for p in pieces:
            own = p.who is not None and p.who.speaker is not None and p.source == "post"
            if who is not None and p is not named and not own:  # "…,” added X" keeps X
                p.who, p.source, p.parent = who, "inherit", named
            p.group = group


def _carries_on(prev: _Found, f: _Found, masked: str, cast: Cast, bounds: list[int]) -> bool:
    """f's sentence follows the sentence of prev, an attributed quote of its paragraph, and
    names no person or role before f's quote (a pronoun may stand as an object)."""
    if prev.who is None or not prev.who.speaker or prev.source not in ("post", "lead", "tail"):
        return False
    if prev.span.para != f.span.para or prev.span.close_at >= f.lo:
        return False
    k = bisect_right(bounds, prev.span.close_at)
    if k + 1 < len(bounds) and bounds[k + 1] <= f.lo:
        return False  # a sentence between them
    if _NOUN_SUBJECT.match(masked, f.lo):
        return False  # "The mayor later called …": a subject of its own, named or not
    return not any(
        m.kind in ("person", "role", "org", "plural") for m in cast.between(f.lo, f.span.open_at)
    )


def _tagged_before(
    f: _Found, masked: str, paras: list[tuple[int, int]], cast: Cast, bounds: list[int]
) -> Who | None:
    """The speaker closing the sentence before f's ("…, Lee said."), in f's paragraph, with
    no quote there and no one named in f's sentence before the quote."""
    ps = paras[f.span.para][0]
    if f.lo <= ps or _NOUN_SUBJECT.match(masked, f.lo):
        return None
    if any(
        m.kind in ("person", "pron", "role", "org", "plural")
        for m in cast.between(f.lo, f.span.open_at)
    ):
        return None
    prev_lo = sentence_start(bounds, ps, f.lo - 1)
    if "\x1f" in masked[prev_lo : f.lo]:
        return None
    who = sentence_tail(masked, prev_lo, f.lo, cast)
    return who if who is not None and who.speaker else None


def _alone(f: _Found, masked: str, paras: list[tuple[int, int]]) -> bool:
    """The quote is its paragraph: nothing but the quotation and its marks."""
    ps, pe = paras[f.span.para]
    return not masked[ps : f.span.open_at].strip() and not masked[f.end + 1 : pe].strip(" ”\"’'")


def _introduced(masked: str, para: tuple[int, int], cast: Cast, bounds: list[int]) -> Who | None:
    """A paragraph quote after a paragraph with no quotes whose last sentence has a person
    as its subject ("Howard continued his remarks."): that person introduces it."""
    qs, qe = para
    if "\x1f" in masked[qs:qe] or qe - qs > 600:
        return None
    last = sentence_start(bounds, qs, max(qs, qe - 2))
    subject = sentence_subject(cast, masked, last, qe)
    if subject is None or subject.kind not in ("person", "pron"):
        return None
    said = who_of(subject, cast, masked)
    if not said.speaker:
        return None
    return Who(said.speaker, said.desc, said.is_person, said.resolved, verb_known=False)


def _ends_paragraph(f: _Found, masked: str, pe: int) -> bool:
    """Nothing but closing marks after the quote in its paragraph: no later sentence
    ("“I am done.” Tom Reed said the mill …") competes for it."""
    return not masked[f.end + 1 : pe].strip(" ”\"’'\u00a0")


def _introduced_by(masked: str, lo: int, hi: int, cast: Cast) -> Who | None:
    """The person (or pronoun) opening the sentence [lo, hi) as its subject, as the one
    who says the quote after it; the verb is not a speech verb, so the tie is weaker."""
    subject = sentence_subject(cast, masked, lo, hi)
    if subject is None or subject.kind not in ("person", "pron") or subject.entity is None:
        return None
    if not cast.entities[subject.entity].person:
        return None  # a person for sure: a title, a first name, a speech verb made it one
    said = who_of(subject, cast, masked)
    if not said.speaker:
        return None
    return Who(said.speaker, said.desc, said.is_person, said.resolved, verb_known=False)


def _opens_paragraph(f: _Found, masked: str, paras: list[tuple[int, int]]) -> bool:
    ps = paras[f.span.para][0]
    return not masked[ps : f.span.open_at].strip()
