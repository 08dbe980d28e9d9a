"""Word lists the extractor's heuristics rely on; kept apart so rules read as rules."""

from __future__ import annotations

import re


def words(text: str) -> frozenset[str]:
    """A set of whitespace-separated words, so long lists stay readable."""
    return frozenset(text.split())


# Verbs of communication, as lemmas: their finite and -ing forms come from `_inflect`, so a
# verb listed once is known in every tense ("implore" gives implored, implores, imploring).
_SPEECH_LEMMAS = words(
    """add admit acknowledge advise affirm agree allege announce answer argue ask assert
    assure attest aver badger bark beg bellow blast blog boast boom brag caution charge chide chime
    chuckle claim clarify comment complain concede conclude confess confide confirm contend
    continue counter cry declare decry demand deny describe disclose dismiss echo elaborate
    emphasise emphasize exclaim explain fret fume gush grumble groan gripe grouse hint holler
    implore inform insist instruct interject interrupt joke lament laugh marvel maintain
    mock mourn muse mutter note object observe offer opine plead pledge point posit post
    praise predict proclaim promise propose protest quip rage rail rant reason reassure
    recall recount reflect reiterate rejoin relate remark remind remember repeat reply
    report respond retort reveal rule scoff scold scream shout shoot sigh snap sneer
    speculate state stress suggest summarize summarise swear taunt testify theorize
    thunder tweet urge vent venture volunteer vow warn whisper wonder write yell""",
)
_IRREGULAR = {
    "say": ("said", "says", "saying"),
    "tell": ("told", "tells", "telling"),
    "write": ("wrote", "writes", "writing"),
    "swear": ("swore", "swears", "swearing"),
    "shoot": ("shot back", "shoots back", "shooting back"),
    "cry": ("cried", "cries", "crying"),
    "reply": ("replied", "replies", "replying"),
    "testify": ("testified", "testifies", "testifying"),
    "deny": ("denied", "denies", "denying"),
    "post": ("posted", "posts", "posting"),
}
# Forms that are far more often another word than this verb's past ("point", "rule",
# "charge", "object", "state", "offer", "report", "note" as nouns stay out of -s forms).
_NOUN_LIKE = words("points rules charges objects states offers reports notes posts")


def _inflect(lemma: str) -> tuple[str, str, str]:
    """Past, third person singular and -ing of a regular English verb."""
    if lemma in _IRREGULAR:
        return _IRREGULAR[lemma]
    if lemma.endswith("e"):
        past, ing = lemma + "d", lemma[:-1] + "ing"
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        past, ing = lemma[:-1] + "ied", lemma + "ing"
    elif lemma in ("chat", "snap", "plan", "stop", "quip", "rebut", "admit", "regret"):
        past, ing = lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"
    else:
        past, ing = lemma + "ed", lemma + "ing"
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        third = lemma + "es"
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        third = lemma[:-1] + "ies"
    else:
        third = lemma + "s"
    return past, third, ing


_FORMS = [_inflect(lemma) for lemma in _SPEECH_LEMMAS]

# Finite speech verbs: "X said", "said X", "X told reporters".
SPEECH_FINITE = (
    words(
        """said says say told tells added adds argued argues wrote writes stated states
    explained explains noted notes asked asks replied replies responded responds warned warns
    insisted insists claimed claims declared declares announced announces continued continues
    recalled recalls acknowledged acknowledges admitted admits conceded concedes suggested
    suggests maintained maintains observed observes remarked remarks commented comments
    tweeted tweets posted posts emphasized emphasizes emphasised emphasises stressed stresses
    cautioned cautions predicted predicts quipped quips boasted boasts complained complains
    urged urges vowed vows pledged pledges promised promises countered counters concluded
    concludes agreed agrees contended contends testified testifies confirmed confirms denied
    denies shouted shouts whispered whispers reiterated reiterates mused muses laughed joked
    jokes assured assures pointed points lamented laments wondered wonders reported reports
    demanded demands asserted asserts"""
    )
    | {past for past, _third, _ing in _FORMS if " " not in past}
    | {third for _past, third, _ing in _FORMS if " " not in third and third not in _NOUN_LIKE}
)
# Verbs that may be inverted ("says X"); "told X" names the listener, not the speaker.
SPEECH_INVERTIBLE = SPEECH_FINITE - words(
    """told tells asked asks urged urges assured assures informed informs instructed
    instructs reminded reminds implored implores begged begs advised advises reassured
    reassures badgered badgers praised praises mocked mocks taunted taunts scolded scolds
    chided chides blasted blasts described describes dismissed dismisses"""
)
# Participles that hand the quote to the clause's subject: "..., saying, “…”".
SPEECH_ING = words(
    """saying adding noting telling writing arguing warning insisting explaining declaring
    stating asking replying responding claiming stressing emphasizing emphasising recalling
    continuing concluding tweeting posting announcing"""
) | {ing for _past, _third, ing in _FORMS if " " not in ing}
# Auxiliaries and adverbs allowed between a subject and its verb ("he has also said").
AUX = words(
    """has have had was is were are would will also later then once previously recently
    repeatedly publicly privately again earlier quickly simply often always never still
    even just now sometimes may might could should can must"""
)

# Role nouns: "the North Korean leader", "a spokesperson for X", "editor of Y".
ROLES = words(
    """leader president minister spokesman spokeswoman spokesperson official adviser advisor
    expert analyst economist professor director chief executive secretary chairman chairwoman
    chair founder head ambassador envoy lawmaker senator governor mayor commander general
    researcher scientist columnist editor correspondent reporter author lawyer attorney judge
    prosecutor candidate activist heir ruler dictator premier chancellor diplomat strategist
    historian scholar fellow manager coach owner spokesmen officer aide deputy representative
    congressman congresswoman legislator mp ceo cfo cto chairperson commissioner negotiator
    consultant specialist physician doctor surgeon engineer investor banker founder president-elect
    king queen prince princess pope cleric imam rabbi priest bishop archbishop cardinal monarch
    emperor
    speaker whip officials analysts experts pollster operative organizer organiser donor
    lobbyist commentator anchor host nominee counsel sheriff superintendent treasurer
    moderator"""
)
# Nouns for people that a place, a party or a group may modify right before a name
# ("Concord resident Whit Symms", "Oversight ranking Democrat Eli Cummings"): heads of
# the words between an organisation and the person, not roles a description must hold.
PERSON_NOUNS = ROLES | words(
    """delegate resident voter member supporter volunteer student teacher worker veteran
    farmer nurse pastor democrat republican journalist investigator photographer writer
    novelist poet artist designer musician singer actor actress broadcaster presenter
    filmmaker director producer chef entrepreneur campaigner driver pilot firefighter
    soldier paramedic shopkeeper fisherman mechanic electrician"""
)
# Nouns that describe a person by their tie to another ("her Republican opponent", "his
# nephew"): an appositive's head, too thin alone to stand as a title before a name.
RELATION_NOUNS = words(
    """opponent rival colleague friend ally wife husband daughter son father mother brother
    sister nephew niece cousin"""
)
# Title words that precede a name ("Russian President Vladimir Putin").
TITLES = words(
    """mr mrs ms miss dr prof sen rep gov gen lt col capt sgt adm rev sir dame lord lady
    president minister secretary chancellor senator representative governor mayor general
    judge justice chief executive director ambassador spokesman spokeswoman spokesperson chairman
    chairwoman ceo pope king queen prince princess sheikh rabbi father bishop archbishop cardinal
    commissioner professor speaker leader premier coach captain officer attorney deputy vice
    prime foreign defense defence interior finance state president-elect emir sultan
    lieutenant colonel sergeant admiral commander detective inspector superintendent
    constable councillor councilman councilwoman congressman congresswoman
    assemblyman assemblywoman assemblymember alderman alderwoman sheriff trooper
    leader heir founder ruler dictator guerilla guerrilla adviser advisor
    democrat republican mp mep msp"""
)
HONORIFICS = words("mr mrs ms miss dr prof sen rep gov gen lt col capt sgt adm rev")
FEMALE = words("mrs ms miss dame lady queen princess")
MALE = words("mr sir lord king prince")

# Words that make a capitalised phrase an organisation or a place, not a person.
ORG_WORDS = words(
    """ministry department agency company corporation corp inc ltd llc plc co group bank
    association commission committee council court army navy force forces service institute
    authority organization organisation foundation news times post press party union
    university college school government office police parliament congress senate house
    centre center network television radio tv channel club federation league
    administration bureau board fund trust society church embassy kremlin cabinet
    assembly alliance coalition federal national caucus campaign conference forum journal
    magazine tribune herald gazette daily reuters"""
)
PLACE_WORDS = words(
    """square street avenue road bridge airport stadium station park hall palace tower
    prize award hospital river lake mountain mount island bay sea ocean city county
    province state museum library theatre theater building plaza boulevard"""
)
# Generic organisation heads for "the ministry said", "the company said in a statement".
ORG_HEADS = words(
    """ministry company government police agency department firm group office embassy
    kremlin military army campaign commission committee council court prosecutors
    administration white"""
)
# Nouns after "according to" that name a document, not a speaker.
DOCUMENTS = words(
    """version report transcript translation text readout data figures documents document
    release records record copy survey study poll estimates estimate account accounts
    filing filings indictment complaint lawsuit tally analysis review memo memos
    letter letters email emails note notes"""
)
# Capitalised sentence openers that are not names.
STOP_CAPS = words(
    """the a an but and or so in on at for with after before when while if as both this that
    these those it its there here now then still yet also since following according most many
    some all any each every no not one two his her their our my your we they he she you i
    what why how where who which whose during despite although though because until unless
    under over into from by of to about against between through among without within
    however meanwhile moreover instead indeed even only just last next first another other
    such than more less much few several like unlike once today yesterday tomorrow
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december mrs said says added adds
    none nobody nothing everyone everybody everything someone somebody anyone anybody"""
)
# Abbreviations whose period does not end a sentence.
ABBREVIATIONS = words(
    """mr mrs ms dr prof sen rep gov gen lt col capt sgt adm rev st jr sr inc corp co ltd vs
    no u.s u.k u.n e.g i.e a.m p.m jan feb mar apr jun jul aug sep sept oct nov dec ft mt
    d.c u.s.a del"""
)
NAME_PARTICLES = words("de da van von der den bin al ibn del la le du dos das di")
# Countries, US states and large cities: a capitalised run that is exactly one of these is a
# place, never a speaker ("Saudi Arabia", "America says …"). Names that are also common
# personal names (Jordan, Georgia, Chad, Houston, Washington …) are left out on purpose.
_PLACE_WORDS_ONE = words(
    """afghanistan albania algeria angola argentina armenia australia austria azerbaijan bahrain
    bangladesh belarus belgium bolivia bosnia brazil bulgaria burma cambodia cameroon canada
    chile china colombia congo croatia cuba cyprus czechia denmark ecuador egypt eritrea
    estonia ethiopia finland france germany ghana greece guatemala haiti honduras hungary
    iceland india indonesia iran iraq ireland italy japan kazakhstan kenya korea kosovo kuwait
    laos latvia lebanon liberia libya lithuania luxembourg malaysia mali mexico moldova
    mongolia montenegro morocco mozambique myanmar nepal netherlands nicaragua niger nigeria
    norway oman pakistan palestine panama paraguay peru philippines poland portugal qatar
    romania russia rwanda senegal serbia singapore slovakia slovenia somalia spain sudan sweden
    switzerland syria taiwan tajikistan tanzania thailand tunisia turkey turkmenistan uganda
    ukraine uruguay uzbekistan venezuela vietnam yemen zambia zimbabwe america britain england
    scotland wales europe asia africa crimea gaza alabama alaska arizona arkansas california
    colorado connecticut delaware florida hawaii idaho illinois indiana iowa kansas kentucky
    louisiana maine maryland massachusetts michigan minnesota mississippi missouri montana
    nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont wisconsin
    wyoming"""
)
_PLACE_PHRASES = frozenset(
    p.strip()
    for p in """united states|united kingdom|united arab emirates|saudi arabia|north korea|
    south korea|
    south africa|new zealand|sri lanka|costa rica|el salvador|ivory coast|puerto rico|
    great britain|latin america|middle east|west bank|soviet union|hong kong|new hampshire|
    new jersey|new mexico|new york|north carolina|south carolina|north dakota|south dakota|
    west virginia|rhode island|new york city|los angeles|san francisco|chicago|philadelphia|
    baltimore|boston|detroit|miami|atlanta|seattle|denver|cleveland|pittsburgh|moscow|beijing|
    london|berlin|tokyo|tehran|baghdad|kabul|damascus|aleppo|pyongyang|seoul|kiev|kyiv|brussels|
    geneva""".split("|")
)
PLACES = _PLACE_WORDS_ONE | _PLACE_PHRASES


def trie_pattern(alternatives: frozenset[str] | set[str]) -> str:
    """A regex alternation of the words factored by common prefix, so matching one of
    hundreds of verbs costs a few steps instead of one try per word."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in alternatives:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
        ends = "" in node
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        if len(branches) == 1 and not ends:
            return branches[0]
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if ends else body

    return emit(trie)


# The endings of a nationality's or a party's adjective ("Chinese", "Russian", "British",
# "Democratic", "Mexican", "Korean"): capitalised, such a word names no one and no office.
ADJECTIVE_SHAPE = re.compile(r"(?:ese|ian|ish|ic|ican|ean)$")
