"""Issue #31's defects, one row each, in sentences written for this test (invented names).

Each row is an article, the quote it is about (a few of its words), and the speaker the
article gives it: a name, or None where the article names no one who said it. Where the
sentence's structure decides (coordinated predicates, possessors, relative clauses,
honorifics), the row says which structure.
"""

from __future__ import annotations

import pytest

from quotesdb.extract import ExtractedQuote, clean_text, extract_quotes

_NO_SPEAKER = object()  # the quote must be found, with no named speaker

CASES: list[tuple[str, str, str, object]] = [
    (
        "unknown verb after a quote, a name after it",
        "“We cannot pay the bill,” Rosa Mendel said.\n\n"
        "“Then the reservoir stays dry,” Councilman Theo Vance interrupted.",
        "reservoir stays dry",
        "Theo Vance",
    ),
    (
        "the possessor of the speaker's title",
        "Governor Ivo Brandt arrived early. “Revenue beat every forecast this spring,” "
        "said Brandt’s budget chief, Maren Holt.",
        "Revenue beat every forecast",
        "Maren Holt",
    ),
    (
        "Mrs. before a surname shared with a man",
        "Senator Hugo Farrell and his wife toured the clinic.\n\n"
        "Mrs. Farrell said: “Each nurse here works two shifts a day.”",
        "Each nurse here works",
        {"Farrell", None},  # his wife: not the senator
    ),
    (
        "he after Mrs.: the man keeps his gender",
        "Senator Hugo Farrell and his wife toured the clinic.\n\n"
        "Mrs. Farrell said: “Each nurse here works two shifts a day.” The senator "
        "nodded. “We will fund two more nurses,” he said.",
        "two more nurses",
        "Hugo Farrell",
    ),
    (
        "a pronoun across a full stop after an unnamed spokeswoman",
        "Greta Olsen manages the mill. A Norvik spokeswoman said the firm meant "
        "“to keep every shift running through winter.” She said the mill would stay open.",
        "keep every shift running",
        {"Norvik", None},  # the company speaks through her, or no one is named
    ),
    (
        "one of a crowd, after a named student",
        "“The market feels alive again,” said Piet Krol, 23, a cook.\n\n"
        "“I will vote for the outsider anyway,” one said.",
        "vote for the outsider",
        _NO_SPEAKER,
    ),
    (
        "a pronoun after a title of a show",
        "A nurse from Keswick told The Laura Benton Hour that the clinic was closing.\n\n"
        "“Half of the beds have been empty since March,” he said.",
        "Half of the beds",
        _NO_SPEAKER,
    ),
    (
        "straight quotes inside curly ones",
        '“My favourite song is called "Harbour Lights" and I sing it every single '
        "evening,” Mayor Elsa Brun said.",
        "and I sing it every single evening",
        "Elsa Brun",
    ),
    (
        "a relative clause's speaker",
        "Nils Berg agreed with Senator Oda Lind (R-Iowa), who told a radio host on Sunday "
        "that the verdict was “a plain win for taxpayers.”",
        "a plain win for taxpayers",
        "Oda Lind",
    ),
    (
        "a document someone else wrote",
        "Councilwoman Ida Fenn was paid to advise on “coastal erosion and flood insurance "
        "patterns,” according to a 2021 letter that Boris Quill sent to the board.",
        "coastal erosion and flood insurance",
        {"Boris Quill", None},
    ),
    (
        "coordinated predicates",
        "Governor Lars Eklund visited the depot on Tuesday and said, “These trains will "
        "keep running all year.”",
        "These trains will keep running",
        "Lars Eklund",
    ),
]


# Experts neither split nor invented, fragments not stored under a speaker.
CASES += [
    (
        "a bare surname before the full name is one expert",
        "“We are ready,” Halvorsen said.\n\nLater, Greta Halvorsen toured the site.",
        "We are ready",
        "Greta Halvorsen",
    ),
    (
        "a capitalised common noun names no one",
        "“The merger needs a closer look,” the Commission said.",
        "closer look",
        _NO_SPEAKER,
    ),
    (
        "the paper named in full before",
        "The Valley Gazette first reported the deal.\n\n"
        "“The board approved it in secret,” the Gazette reported.",
        "approved it in secret",
        "Valley Gazette",
    ),
    (
        "a two-word fragment",
        "Senator Ola Brekke called the plan “pure theatre” on Monday.",
        "pure theatre",
        _NO_SPEAKER,
    ),
    (
        "an inverted tag closing the sentence of a woven quote",
        "Intro.\n\n“Voters will punish that” if the levy passes, said Teo Marsh, an "
        "analyst at the Hill Institute.",
        "Voters will punish that",
        "Teo Marsh",
    ),
    (
        "two fronted phrases before the subject of a participle",
        "On Friday, after a week of silence, Mayor Ida Roos went on the attack, saying, "
        "“The audit is a farce from start to finish.”",
        "The audit is a farce",
        "Ida Roos",
    ),
    (
        "a conjunction and an adverb before the subject",
        "Intro.\n\nAnd then Mayor Ida Roos went on the attack, saying, “The audit is a "
        "farce from start to finish.”",
        "The audit is a farce",
        "Ida Roos",
    ),
    (
        "an office of capitalised words before the name",
        "Intro.\n\n“The vote is close,” said Senate Majority Whip Nora Kettle.",
        "The vote is close",
        "Nora Kettle",
    ),
    (
        "a party before the name",
        "Intro.\n\n“The vote is close,” said Republican Nora Kettle.",
        "The vote is close",
        "Nora Kettle",
    ),
    (
        "a question, then the one who asked it",
        "Intro.\n\n“Who will pay for the new bridge?” asked Senator Lina Dorr of Idaho.",
        "Who will pay",
        "Lina Dorr",
    ),
    (
        "a one-word fragment, even after a say-verb",
        "Senator Ola Brekke said the plan was “theatre.”",
        "theatre",
        _NO_SPEAKER,
    ),
]


def _quote(text: str, words: str) -> ExtractedQuote | None:
    found = [q for q in extract_quotes(clean_text(text)) if words in q.text]
    return found[0] if found else None


@pytest.mark.parametrize(("label", "text", "words", "speaker"), CASES, ids=[c[0] for c in CASES])
def test_the_structure_decides_the_speaker(
    label: str, text: str, words: str, speaker: object
) -> None:
    q = _quote(text, words)
    assert q is not None, f"{label}: quote not found"
    if speaker is _NO_SPEAKER:
        assert q.speaker is None, f"{label}: {q.speaker!r}"
    elif isinstance(speaker, set):
        assert q.speaker in speaker, f"{label}: {q.speaker!r}"
    else:
        assert q.speaker == speaker, f"{label}: {q.speaker!r}"


REVIEW_BELOW = 0.7  # quotesdb.db.review's default threshold

CONFIDENCE: list[tuple[str, str, str, float, float]] = [
    (
        "a full name whose first name the census lists lack: sure, not in review",
        "“The bridge opens in June,” said Zorislav Kowal.",
        "The bridge opens",
        0.8,
        0.9,
    ),
    (
        "a one-word speaker: in review",
        "“The bridge opens in June,” said Kowal.",
        "The bridge opens",
        0.1,
        0.8,
    ),
    (
        "a full name right after the quote",
        "“The bridge opens in June,” said Marta Kowal.",
        "The bridge opens",
        0.9,
        1.0,
    ),
    (
        "a surname two people of the article share",
        "Pavel Kowal and Marta Kowal ran the firm together.\n\n"
        "“The bridge opens in June,” Kowal said.",
        "The bridge opens",
        0.0,
        REVIEW_BELOW,
    ),
    (
        "a pronoun resolved to the last person named",
        "Marta Kowal spoke at the depot.\n\n“The bridge opens in June,” she said.",
        "The bridge opens",
        0.0,
        0.9,
    ),
    (
        "an office, not a person's full name",
        "“The bridge opens in June,” said Kowal.",
        "The bridge opens",
        0.0,
        0.9,
    ),
    (
        "a verb known only by its shape",
        "“The bridge opens in June,” Marta Kowal mumbled.",
        "The bridge opens",
        0.0,
        0.9,
    ),
]


@pytest.mark.parametrize(
    ("label", "text", "words", "low", "high"), CONFIDENCE, ids=[c[0] for c in CONFIDENCE]
)
def test_confidence_says_how_sure(
    label: str, text: str, words: str, low: float, high: float
) -> None:
    q = _quote(text, words)
    assert q is not None and q.confidence is not None, label
    assert low <= q.confidence < high or q.confidence == high == 1.0, f"{label}: {q.confidence}"


# Descriptions, by the classes issue #31 names: (label, article, quote words, speaker, the
# words the description must hold).
DESCRIPTIONS: list[tuple[str, str, str, str, str]] = [
    (
        "a descriptor before the name, set off by commas",
        "The agency’s chief economist, Tove Lindqvist, said prices would “keep rising "
        "through the autumn.”",
        "keep rising",
        "Tove Lindqvist",
        "chief economist",
    ),
    (
        "a description only on a later mention",
        "Ruth Abernathy arrived late.\n\n"
        "Abernathy, the head of the Harbour Trust, said the pier would “need a new deck "
        "before summer.”\n\n“We have the money,” Ruth Abernathy said.",
        "We have the money",
        "Ruth Abernathy",
        "head of the Harbour Trust",
    ),
    (
        "an appositive whose head word is a possessor's noun",
        "“Turnout will surprise everyone,” said Omar Castell, the mayor’s 2019 field organiser.",
        "Turnout will surprise",
        "Omar Castell",
        "2019 field organiser",
    ),
    (
        "an appositive with a compound role",
        "“The data are clear,” said Ines Voll, co-director of the Coastal Survey Program.",
        "The data are clear",
        "Ines Voll",
        "co-director of the Coastal Survey Program",
    ),
    (
        "a short title does not displace the appositive",
        "“We will not back down,” said Representative Joel Anker, a Vermont Democrat who "
        "sits on the budget committee.",
        "We will not back down",
        "Joel Anker",
        "a Vermont Democrat who sits on the budget committee",
    ),
    (
        "what every mention says, together",
        "Former Judge Ada Brenner spoke first.\n\n"
        "Brenner, now the director of the Holt Museum, said the ruling was “a mistake the court "
        "will regret.”",
        "a mistake the court",
        "Ada Brenner",
        "now the director of the Holt Museum",
    ),
    (
        "a possessor's role set off before the name",
        "“We knock on every door,” said Lind’s deputy field director, Aron Pike, who ran "
        "two earlier races.",
        "knock on every door",
        "Aron Pike",
        "Lind’s deputy field director",
    ),
    (
        "party and state in apposition",
        "“The bill is dead,” said Senator Mara Quist, Republican of Nevada.",
        "The bill is dead",
        "Mara Quist",
        "Republican of Nevada",
    ),
]


@pytest.mark.parametrize(
    ("label", "text", "words", "speaker", "description"),
    DESCRIPTIONS,
    ids=[c[0] for c in DESCRIPTIONS],
)
def test_the_description_is_what_the_article_says(
    label: str, text: str, words: str, speaker: str, description: str
) -> None:
    q = _quote(text, words)
    assert q is not None and q.speaker == speaker, f"{label}: {q}"
    assert description in (q.speaker_description or ""), f"{label}: {q.speaker_description!r}"
