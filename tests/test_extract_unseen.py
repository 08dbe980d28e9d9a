"""Attribution classes found by reading the errors on PolNeAR train, on sentences written
for the tests (issue 31): each row is one construction, not one article's wording.

Each row gives who speaks (or None) for every quote and, where it gives one, a word the
first speaker's description must hold.
"""

from __future__ import annotations

import pytest

from quotesdb.db.review import REVIEW_BELOW
from quotesdb.extract import clean_text, extract_quotes

# (text, [speaker of each quote, in order], word the first speaker's description holds)
ROWS: list[tuple[str, list[str | None], str | None]] = [
    # an appositive opening with a possessor or a proper modifier, between subject and verb
    (
        "Ray Dunn, Baker's chief strategist, said that the vote would be “decided by the "
        "delegates who are still free.”",
        ["Ray Dunn"],
        "strategist",
    ),
    (
        'Mia Holt, Harvard law professor, said, "The ruling will not stand for long."',
        ["Mia Holt"],
        "professor",
    ),
    (
        "Lena Diaz, the Ledger’s chief economist, told the panel, “Prices will fall.”",
        ["Lena Diaz"],
        "economist",
    ),
    # … but a second name set off by commas is the subject itself, not an appositive
    ('After meeting Ann Lee, Tom Ray, the mayor, said, "It went well."', ["Tom Ray"], "mayor"),
    # an aside in dashes between the subject and its verb
    (
        "On Friday, Ted Moss — named by the paper as the top choice for the post — told "
        "reporters, “You have to look at it very seriously.”",
        ["Ted Moss"],
        None,
    ),
    (
        "Ted Moss -- who had kept quiet for weeks -- told the crowd, “I will not run.”",
        ["Ted Moss"],
        None,
    ),
    # a relative clause's speech verb: the name right before "who" speaks, even inside a
    # prepositional phrase
    (
        "Cole won the backing of Tom Lee, who declared at the fair, “It is time to unite.”",
        ["Tom Lee"],
        None,
    ),
    (
        "The loss was steep for Ann Cole, who said she would “take a day off and come back "
        "stronger.”",
        ["Ann Cole"],
        None,
    ),
]


@pytest.mark.parametrize(("text", "speakers", "desc"), ROWS)
def test_unseen_classes(text: str, speakers: list[str | None], desc: str | None) -> None:
    quotes = extract_quotes(clean_text(text))
    assert [q.speaker for q in quotes] == speakers
    if desc is not None:
        assert desc in (quotes[0].speaker_description or "")


# "the governor" and "the aide": a definite role noun and the person it refers back to
ROLES: list[tuple[str, str | None, str]] = [
    # a short title before the name is the role ("Gov." is a governor): sure
    (
        "Gov. Ann Tate toured the dam on Monday. “The water is safe,” the governor said.",
        "Ann Tate",
        "sure",
    ),
    # no description of the nearest person holds the role: a guess, for review
    (
        "Tom Ray spoke at the fair on Monday. “The plan is a mess,” the aide said.",
        "Tom Ray",
        "review",
    ),
    # an ordinal or "other" introduces someone new: no one named
    (
        "Tom Ray, a city official, spoke first. “The plan is a mess,” the second official said.",
        None,
        "",
    ),
]


@pytest.mark.parametrize(("text", "speaker", "trust"), ROLES)
def test_role_nouns_refer_back(text: str, speaker: str | None, trust: str) -> None:
    (quote,) = extract_quotes(clean_text(text))
    assert quote.speaker == speaker
    if trust:
        assert quote.confidence is not None
        assert (quote.confidence >= REVIEW_BELOW) == (trust == "sure")
