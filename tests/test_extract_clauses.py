"""Attribution decided by clause structure, on sentences written for the tests.

Each row is one construction: who speaks (or None) for every quote, and, where the row
gives one, a word the speaker's description must hold.
"""

from __future__ import annotations

import pytest

from quotesdb.extract import clean_text, extract_quotes

# (text, [speaker of each quote, in order], word the first speaker's description holds)
CLAUSES: list[tuple[str, list[str | None], str | None]] = [
    # a description set off by commas before the name that speaks, after the quote
    (
        "“All the forms are fine,” the city treasurer, Ann Lee, said on Tuesday.",
        ["Ann Lee"],
        "treasurer",
    ),
    (
        "“We checked every form,” the bank’s chief economist, Ann Lee, told a radio host. "
        "“We found nothing wrong with them.”",
        ["Ann Lee", "Ann Lee"],
        "economist",
    ),
    # several asides between the name and the verb
    (
        "“We looked at all the forms,” Ann Lee, 30, of Dayton, Ohio, who was among those "
        "polled, said in an interview.",
        ["Ann Lee"],
        None,
    ),
    # a continuation opening with an ellipsis is still a new sentence of the same speaker
    (
        '"We waited for years," said Kris Hall, a nurse. ". . . We have a big chance now."',
        ["Kris Hall", "Kris Hall"],
        "nurse",
    ),
    # past a possessor or a hyphenated modifier to the subject of a woven fragment
    (
        "The Lyle Ledger’s Ann Lee defended the plan, saying it would “save the town a great "
        "deal of money.”",
        ["Ann Lee"],
        None,
    ),
    (
        "The 76-year-old Tom Ray endorsed the plan, saying it would “save the town a great "
        "deal of money.”",
        ["Tom Ray"],
        None,
    ),
    # a quote completing a naming verb is its subject's words
    ("On Friday, Ann Lee called the plan “a waste of good money.”", ["Ann Lee"], None),
    (
        "The town trades with Dayton, a city that the former mayor, Ann Lee, once called "
        "“our oldest and best friend.”",
        ["Ann Lee"],
        None,
    ),
    # a party and state before an appositive, or as the appositive
    (
        "Ann Cole (D-Ohio), chair of the panel, said it was “open to every single view.”",
        ["Ann Cole"],
        None,
    ),
    (
        "Sen. Tom Ray, R-Wis., said in a column, “The department failed to act in time.”",
        ["Tom Ray"],
        None,
    ),
    # a name inside a prepositional phrase is not the subject; the person it hangs on is
    (
        "Ann Lee, president and founder of Lyle Farmers Association stated, “We will see.”",
        ["Ann Lee"],
        None,
    ),
    (
        "Later, Bishop Tom Ray of the Lyle Church of Dayton told reporters, “We will see.”",
        ["Tom Ray"],
        None,
    ),
    # a verb the lexicon lacks, taken by its shape, before or after the name
    ("“Sell everything now,” implored Ann Lee.", ["Ann Lee"], None),
    ("“Sell everything now,” Ann Lee fumed.", ["Ann Lee"], None),
    ("“Sell everything,” pleased Ann Lee with her friends.", [None], None),
    # a speech verb before its subject, after a comma or a quote
    (
        "“These people know words,” said Tom Ray, speaking of the council, “and they know "
        "how to use them well.”",
        ["Tom Ray", "Tom Ray"],
        None,
    ),
    ("In other words, explained radio host Ann Lee: “Nobody voted.”", ["Ann Lee"], None),
    # a colon closing the clause of the sentence's subject, whatever its verb
    (
        "Ann Lee spoke for an hour.\n\nShe went on: “The roof leaks and nobody will fix it.”",
        ["Ann Lee"],
        None,
    ),
    ("Mayor Tom Ray pushed back: “The roof was fixed in May.”", ["Tom Ray"], "Mayor"),
    ("Tom Ray spoke first. Ann Lee shot back, “Nobody asked the town.”", ["Ann Lee"], None),
    (
        "After Tom Ray suggested that the town would sue, Ann Lee fired back: “Let them try.”",
        ["Ann Lee"],
        None,
    ),
    # a sentence that is only the attribution introduces the quote after it
    (
        "Ann Lee, the spokeswoman for the Lyle Farmers Union said in a statement. “No ballots "
        "are left.”",
        ["Ann Lee"],
        None,
    ),
    # ... and a sentence with more than the attribution gives the quote to its subject
    # too, as a weaker tie (tests/test_extract_reading.py: below the review threshold)
    (
        "Ann Lee said that the vote was over. “No ballots are left.”",
        ["Ann Lee"],
        None,
    ),
    # a quote standing as its own paragraph after a paragraph whose subject is a person
    (
        "Tom Ray spoke at the fair.\n\nLater, Ann Lee continued her remarks.\n\n"
        "“Eight years ago the fair was empty, and now it is full.”",
        ["Ann Lee"],
        None,
    ),
    # role words before the subject's name are its title, not a clause
    (
        "The Lyle technology columnist Ann Lee went so far as to write: “Nobody reads it.”",
        ["Ann Lee"],
        None,
    ),
    # a lone word is a title or a term unless a tag gives it to someone; a headline is a title
    ("On Friday, Ann Lee posted a one-word review: “Trainwreck.”", [None], None),
    ("“No,” Ann Lee said.", ["Ann Lee"], None),
    (
        "Ann Lee posted: “Why The Town Must Vote Again Next Year And The Year After.”",
        [None],
        None,
    ),
    # … not when a later clause has its own subject, nor when a possessive opens it
    (
        "Ann Lee was so upset that I had to change my answer: “Of course the roof leaks.”",
        [None],
        None,
    ),
    ("Tom Ray spoke. His reply was short: “The roof was fixed in May.”", [None], None),
    # an infinitive hanging on the subject's verb; coordinated and participle predicates
    ("After the vote, Tom Ray went on to say, “The roads come first.”", ["Tom Ray"], None),
    (
        "Standing by the school, Ann Lee, 70, said it was too early to celebrate but added, "
        "“We have done well this year.”",
        ["Ann Lee"],
        None,
    ),
    ("The vote is next week, Tom Ray said, adding, “We will be ready for it.”", ["Tom Ray"], None),
    (
        "Tom Ray and Ann Lee will meet next week, Spicer said, adding, “Nothing is settled yet.”",
        ["Spicer"],
        None,
    ),
    # a fronted phrase naming a place or a season before the subject of a woven fragment
    (
        "In the depths of the Great Recession, Ann Lee worried that the fund was "
        "“running out of money very fast.”",
        ["Ann Lee"],
        None,
    ),
]

# Where a name begins and ends: a title's period, a non-breaking space, an office alone.
NAMES: list[tuple[str, list[str | None]]] = [
    ("“The gate stays shut,” said Army Capt. Ann Lee, who runs the base.", ["Ann Lee"]),
    ("“The gate stays shut,” said Ohio Sen.\u00a0Tom Ray on Monday.", ["Tom Ray"]),
    (
        "“We have the votes,” said former Ohio Gov. and party chairman Tom Ray.",
        ["Tom Ray"],
    ),
    ("“The gate stays shut,” said Navy 1st Lt. Ann Lee.", ["Ann Lee"]),
    ("“It is fine,” J. Gerald Ortiz, head of the Lyle Center, said.", ["J. Gerald Ortiz"]),
    ("“It is fine,” Tom Pethick of the Lyle Institute wrote recently.", ["Tom Pethick"]),
    (
        "“It is fine,” former George W. Lyle speechwriter Noam Ortiz wrote in a column.",
        ["Noam Ortiz"],
    ),
    ("“The gate stays shut,” said Lyle Radio co-host Ann Lee.", ["Ann Lee"]),
    ("“The gate stays shut,” wrote J.J. Ortiz, editor of the Ledger.", ["J.J. Ortiz"]),
    (
        "Tom Ray says the mayor wants a quarrel with the U.S. He says the town needs no "
        "more “long and angry lectures on trade.”",
        ["Tom Ray"],
    ),
]

# Coreference: a surname the article never gives in full is someone a pronoun can mean.
CHAINS: list[tuple[str, list[str | None]]] = [
    (
        "Tom Ray, an engineer, spoke first.\n\nAfter the vote, Ramirez said the plan was sound. "
        "“We will finish on time,” he said.",
        ["Ramirez"],
    ),
    (
        "Tom Ray spoke first.\n\nA woman of Dayton, Ohio, said she agreed with him. "
        "“We will finish on time,” he said.",
        ["Tom Ray"],
    ),
    (
        "Tom Ray spoke first. “We will win!” Ramirez said.\n\n“The town is behind us,” he said.",
        ["Ramirez", "Ramirez"],
    ),
    (
        "Tom Ray spoke first, and Ramirez listened.\n\nRamirez openly admitted that the plan "
        "was late. “We will finish it anyway,” he said.",
        ["Ramirez"],
    ),
    (
        "Former Ohio governor Jan Oberholt, an early supporter, backs the plan. “It will pass,” "
        "she said.",
        ["Jan Oberholt"],
    ),
    # a full name as its sentence's subject is a person before anything confirms it …
    (
        "In July, Ivanka Moreau walked across the stage.\n\n“Policies should help mothers,” "
        "she said.",
        ["Ivanka Moreau"],
    ),
    # … but a capitalised word opening a sentence is no first name
    ("Neither Moreau nor the board came to the vote.\n\n“It will pass,” he said.", [None]),
]

# Descriptions: what the article says the speaker is, exactly (None: it says nothing).
DESCRIPTIONS: list[tuple[str, str, str | None]] = [
    (
        "“We print every week,” wrote Tom Ng, publisher of the Valley Ledger.",
        "Tom Ng",
        "publisher of the Valley Ledger",
    ),
    ("“We print every week,” said Tom Ng, speaking at the Valley Club.", "Tom Ng", None),
    ("“We print every week,” said Tom Ng, according to the Valley Ledger.", "Tom Ng", None),
    # an office keeps its title word and runs back over "of": not a bare state or word
    ("“We will win,” said Ohio Gov. Tom Ng.", "Tom Ng", "Ohio Gov."),
    ("“We will win,” said Former Rep. Tom Ng.", "Tom Ng", "Former Rep."),
    ("“We will win,” said Secretary of State Tom Ng.", "Tom Ng", "Secretary of State"),
    # a determiner's noun phrase set off before the name, whatever its head word …
    (
        "“He was always late,” said another fraternity brother, Tom Ng, on Monday.",
        "Tom Ng",
        "fraternity brother",
    ),
    (
        "“The vote is close,” Rep. Ann Ray’s chief of staff, Tom Ng, told reporters.",
        "Tom Ng",
        "Ray’s chief of staff",
    ),
    # … not a fronted adverbial phrase
    (
        "Despite his decades in office, Tom Ng said the vote would be “very close indeed.”",
        "Tom Ng",
        None,
    ),
]


@pytest.mark.parametrize(("text", "speaker", "desc"), DESCRIPTIONS)
def test_descriptions(text: str, speaker: str, desc: str | None) -> None:
    (quote,) = extract_quotes(clean_text(text))
    assert (quote.speaker, quote.speaker_description) == (speaker, desc)


@pytest.mark.parametrize(("text", "speakers"), CHAINS)
def test_coreference_chains(text: str, speakers: list[str | None]) -> None:
    assert [q.speaker for q in extract_quotes(clean_text(text))] == speakers


@pytest.mark.parametrize(("text", "speakers"), NAMES)
def test_name_boundaries(text: str, speakers: list[str | None]) -> None:
    assert [q.speaker for q in extract_quotes(clean_text(text))] == speakers


@pytest.mark.parametrize(("text", "speakers", "desc"), CLAUSES)
def test_clause_structure_names_the_speaker(
    text: str, speakers: list[str | None], desc: str | None
) -> None:
    quotes = extract_quotes(clean_text(text))
    assert [q.speaker for q in quotes] == speakers
    if desc is not None:
        assert desc in (quotes[0].speaker_description or "")
