"""Attribution on newsroom styles the first extractor missed (issue 13), in sentences of our own."""

from __future__ import annotations

import pytest

from quotesdb.extract import ExtractedQuote, clean_text, extract_quotes


def quotes(raw: str) -> list[ExtractedQuote]:
    cleaned = clean_text(raw)
    out = extract_quotes(cleaned)
    for q in out:
        assert cleaned[q.start : q.end] == q.text
    return out


def said(raw: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in quotes(raw)]


def test_apostrophes_of_plurals_are_not_marks() -> None:
    assert said("The Smiths'' house and the Joneses' car were sold.") == []


def test_descriptive_word_before_a_first_name_is_not_the_name() -> None:
    raw = "Republican pollster Gary Whitcombe said: “The suburbs are moving away from us.”"
    (q,) = quotes(raw)
    assert q.speaker == "Gary Whitcombe"
    assert q.speaker_description is not None and "pollster" in q.speaker_description


def test_inverted_verb_with_outlet_and_role_before_the_name() -> None:
    raw = "“He looked like the winner,” said cable host Jo Lindqvist. “It was clear.”"
    assert said(raw)[0] == ("He looked like the winner", "Jo Lindqvist")
    raw = "“It was clear,” said Channel Nine anchor Bea Moreau."
    assert said(raw) == [("It was clear", "Bea Moreau")]


def test_piece_of_a_running_quote_keeps_its_own_speaker() -> None:
    raw = (
        "“The law is settled and the court agreed,” Rep. Ana Ruiz said. “We are done here.\n\n"
        "“I have thought about this a long time,” added Rep. Tom Bale, a colleague.\n"
    )
    got = said(raw)
    assert got[-1] == ("I have thought about this a long time", "Tom Bale")


def test_transcript_turns_inside_one_quote_are_not_one_speaker() -> None:
    raw = (
        "The interview went as follows, said Ed Marsh:\n\n"
        "“HOST: Will she attend the debate?\n\n"
        "“MARSH: She will not be there, and that is final.\n\n"
        "“HOST: Thank you.”\n"
    )
    assert all(speaker is None for _text, speaker in said(raw))


def test_description_after_an_age() -> None:
    (q,) = quotes("“I voted early,” said Lia Moreno, 20, a nursing major from the valley.")
    assert q.speaker == "Lia Moreno"
    assert q.speaker_description == "20, a nursing major from the valley"


def test_description_of_where_they_live_and_role_without_article() -> None:
    (q,) = quotes("“It was a long wait,” said Earl Simms, of Dayton, Ohio, who stood in line.")
    assert q.speaker_description is not None and "Dayton" in q.speaker_description
    (q,) = quotes("“The seat is a toss-up,” said Dana Roe, Senate editor for the Capitol Letter.")
    assert q.speaker_description == "Senate editor for the Capitol Letter"


def test_description_not_cut_at_an_abbreviation() -> None:
    (q,) = quotes("“We are ready,” said Omar Said, a U.N. envoy to the region, on Monday.")
    assert q.speaker_description is not None and "U.N. envoy to the region" in (
        q.speaker_description
    )


def test_role_with_its_organisation_before_the_name() -> None:
    raw = "An attorney for the company, Mark Ruddle, said his client “will testify in private.”"
    (q,) = quotes(raw)
    assert q.speaker == "Mark Ruddle"
    assert q.speaker_description == "attorney for the company"


def test_confidence_follows_the_evidence() -> None:
    raw = (
        "Hana Kovac, a city planner, spoke first.\n\n"
        "“The plan is ready,” Hana Kovac said. “It will pass.”\n\n"
        "“We start in May,” she said.\n\n"
        "Kovac called the budget “a careful and honest piece of work for the whole city.”\n"
    )
    got = {q.text: q.confidence for q in quotes(raw)}
    named, carried, pronoun = got["The plan is ready"], got["It will pass."], got["We start in May"]
    subject = got["a careful and honest piece of work for the whole city."]
    assert named is not None and carried is not None and pronoun is not None
    assert subject is not None
    assert named > carried > pronoun > subject
    assert all(c is None or 0 < c <= 1 for c in got.values())


def test_colon_roundup_names_the_speaker_and_outlet() -> None:
    raw = (
        "Columnists weighed in.\n\n"
        "Jane Dorsey, Example Times: “The bill is dead on arrival.”\n\n"
        "Tom Rayburn, Weekly Ledger: “It will pass by spring.”\n"
    )
    got = [(q.speaker, q.speaker_description) for q in quotes(raw)]
    assert got == [("Jane Dorsey", "Example Times"), ("Tom Rayburn", "Weekly Ledger")]


def test_subhead_before_a_colon_is_not_a_speaker() -> None:
    raw = (
        "Budget Talks Stall Again: Negotiators met on Friday.\n\n"
        "“We are far apart,” one negotiator said.\n"
    )
    assert [s for _t, s in said(raw)] == [None]


# One sentence in, the (quote, speaker) pairs out: each row a class of attribution.
SAID = [
    pytest.param(
        "Tax experts were unimpressed.\n\n"
        "''It is tinkering at the margins,'' said Paula Grimsby, an economist at a think tank. "
        "''Nobody would call it reform.''\n\n"
        "''We expected more,'' Mr. Okafor said of the plan.\n",
        [
            ("It is tinkering at the margins", "Paula Grimsby"),
            ("Nobody would call it reform.", "Paula Grimsby"),
            ("We expected more", "Okafor"),
        ],
        id="archive-two-apostrophe-marks",
    ),
    pytest.param(
        "Readers wrote in.\n\n”The plan is a mistake and it will cost us.” ― Dana Whitfield\n",
        [("The plan is a mistake and it will cost us.", "Dana Whitfield")],
        id="closing-mark-typed-at-paragraph-start-opens",
    ),
    pytest.param(
        "“Growth has stalled across the region,” World Bank chief economist Marta Quill said.\n\n"
        "“We will appeal the ruling,” campaign lawyer Dev Ansari said on Tuesday.\n",
        [
            ("Growth has stalled across the region", "Marta Quill"),
            ("We will appeal the ruling", "Dev Ansari"),
        ],
        id="role-words-between-quote-and-speaker",
    ),
    pytest.param(
        "“The vote was rushed,” Rep. Lena Forsythe (D-Ore.) said Thursday.",
        [("The vote was rushed", "Lena Forsythe")],
        id="party-and-state-after-a-lawmaker",
    ),
    pytest.param(
        "“Our doors stay open to everyone,” said the Rev. Amos Dellinger, a pastor in town.",
        [("Our doors stay open to everyone", "Amos Dellinger")],
        id="inverted-verb-before-an-abbreviated-title",
    ),
    pytest.param(
        "Walsh Warns Voters Ahead Of The Primary\n\n"
        "Mr. Walsh spoke to supporters on Monday.\n\n"
        "“This is the fight of our lives,” Mr. Walsh said.\n",
        [("This is the fight of our lives", "Walsh")],
        id="title-case-headline-is-not-a-speaker",
    ),
    pytest.param(
        "Margaret Ellison met Thomas Reddick at the hearing.\n\n"
        "“The money was never there,” she said.\n",
        [("The money was never there", "Margaret Ellison")],
        id="pronoun-agrees-with-the-first-name",
    ),
    pytest.param(
        "Senator Ray Kowalczyk visited the town after Daniel Pruett’s arrest.\n\n"
        "“We need answers,” he said.\n",
        [("We need answers", "Ray Kowalczyk")],
        id="pronoun-prefers-a-subject-over-a-possessive",
    ),
    pytest.param(
        "“Turnout makes the difference,” said Charlie King, a party donor.",
        [("Turnout makes the difference", "Charlie King")],
        id="title-word-that-ends-a-name-is-a-surname",
    ),
    pytest.param(
        "“It is a sad day,” said Rep. J.T. Holloway (R-Ky.), who chairs the panel.",
        [("It is a sad day", "J.T. Holloway")],
        id="initials-stay-in-the-name",
    ),
    pytest.param(
        "“This is an overreach,” Sam Ortiz, the attorney general of a western state, "
        "one of the states in the suit, said at a forum.",
        [("This is an overreach", "Sam Ortiz")],
        id="two-appositives-between-speaker-and-verb",
    ),
    pytest.param(
        "A clerk who takes “a few dollars from the till” is fired, Nora Pell said. Bosses are not.",
        [("a few dollars from the till", "Nora Pell")],
        id="partial-quote-in-a-sentence-that-ends-with-its-speaker",
    ),
    pytest.param(
        "Vera Lind spoke at length.\n\nShe continued:\n\n“The numbers have not moved at all.”\n",
        [("The numbers have not moved at all.", "Vera Lind")],
        id="colon-paragraph-introduces-the-next-paragraphs-quote",
    ),
    pytest.param(
        "Walter Brandt explained why he backs Oscar Lindqvist over the mayor.\n\n"
        "“This town needs a leader,” he said.\n",
        [("This town needs a leader", "Walter Brandt")],
        id="pronoun-goes-to-the-previous-sentences-subject",
    ),
    pytest.param(
        "While Oscar Lindqvist has boasted of his record, Walter Brandt said much the same.\n\n"
        "His plans must be “bigger and bolder than anything before,” according to his office.\n",
        [("bigger and bolder than anything before", "Walter Brandt")],
        id="pronoun-goes-to-the-speaker-of-the-main-clause",
    ),
    pytest.param(
        "“I was treated badly,” said former Miss Galaxy Renata Solis, a singer.",
        [("I was treated badly", "Renata Solis")],
        id="title-of-a-pageant-is-not-part-of-the-name",
    ),
    pytest.param(
        "The panel may wait until the talks end, Ruth Adler said. “Timing is everything here.”",
        [("Timing is everything here.", "Ruth Adler")],
        id="quote-after-a-sentence-that-ends-with-its-speaker",
    ),
    pytest.param(
        "The plan drew critics. Said Ellis Brandt: “I don’t see any reform here.”",
        [("I don’t see any reform here.", "Ellis Brandt")],
        id="sentence-opening-said-before-a-colon",
    ),
    pytest.param(
        # AP copy types a double mark as two single ones: `‘‘` opens and `’’` closes, and a
        # third mark beside them is a quote closing inside a quote.
        "Harbour traders were not convinced.\n\n"
        "\u2018\u2018It is tinkering at the margins,\u2019\u2019 said Paula Grimsby, who runs a "
        "chandlery on the quay. \u2018\u2018Nobody here would call it a rescue.\u2019\u2019\n\n"
        "\u2018\u2018We were told \u2018soon\u2019 last year too,\u2019\u2019 Mr. Okafor said.\n",
        [
            ("It is tinkering at the margins", "Paula Grimsby"),
            ("Nobody here would call it a rescue.", "Paula Grimsby"),
            ("We were told \u2018soon\u2019 last year too", "Okafor"),
        ],
        id="wire-doubled-single-marks-in-plain-text",
    ),
]


@pytest.mark.parametrize(("raw", "expected"), SAID)
def test_said(raw: str, expected: list[tuple[str, str | None]]) -> None:
    assert said(raw) == expected
