"""Attribution on newsroom styles the first extractor missed (issue 13), in sentences of our own."""

from __future__ import annotations

from quotesdb.extract import ExtractedQuote, clean_text, extract_quotes


def quotes(raw: str) -> list[ExtractedQuote]:
    cleaned = clean_text(raw)
    out = extract_quotes(cleaned)
    for q in out:
        assert cleaned[q.start : q.end] == q.text
    return out


def said(raw: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in quotes(raw)]


def test_archive_two_apostrophe_marks() -> None:
    raw = (
        "Tax experts were unimpressed.\n\n"
        "''It is tinkering at the margins,'' said Paula Grimsby, an economist at a think tank. "
        "''Nobody would call it reform.''\n\n"
        "''We expected more,'' Mr. Okafor said of the plan.\n"
    )
    assert said(raw) == [
        ("It is tinkering at the margins", "Paula Grimsby"),
        ("Nobody would call it reform.", "Paula Grimsby"),
        ("We expected more", "Okafor"),
    ]


def test_apostrophes_of_plurals_are_not_marks() -> None:
    assert said("The Smiths'' house and the Joneses' car were sold.") == []


def test_closing_mark_typed_at_paragraph_start_opens() -> None:
    raw = "Readers wrote in.\n\n”The plan is a mistake and it will cost us.” ― Dana Whitfield\n"
    assert said(raw) == [("The plan is a mistake and it will cost us.", "Dana Whitfield")]


def test_role_words_between_quote_and_speaker() -> None:
    raw = (
        "“Growth has stalled across the region,” World Bank chief economist Marta Quill said.\n\n"
        "“We will appeal the ruling,” campaign lawyer Dev Ansari said on Tuesday.\n"
    )
    assert said(raw) == [
        ("Growth has stalled across the region", "Marta Quill"),
        ("We will appeal the ruling", "Dev Ansari"),
    ]


def test_party_and_state_after_a_lawmaker() -> None:
    raw = "“The vote was rushed,” Rep. Lena Forsythe (D-Ore.) said Thursday."
    assert said(raw) == [("The vote was rushed", "Lena Forsythe")]


def test_inverted_verb_before_an_abbreviated_title() -> None:
    raw = "“Our doors stay open to everyone,” said the Rev. Amos Dellinger, a pastor in town."
    assert said(raw) == [("Our doors stay open to everyone", "Amos Dellinger")]


def test_descriptive_word_before_a_first_name_is_not_the_name() -> None:
    raw = "Republican pollster Gary Whitcombe said: “The suburbs are moving away from us.”"
    (q,) = quotes(raw)
    assert q.speaker == "Gary Whitcombe"
    assert q.speaker_description is not None and "pollster" in q.speaker_description


def test_title_case_headline_is_not_a_speaker() -> None:
    raw = (
        "Walsh Warns Voters Ahead Of The Primary\n\n"
        "Mr. Walsh spoke to supporters on Monday.\n\n"
        "“This is the fight of our lives,” Mr. Walsh said.\n"
    )
    assert said(raw) == [("This is the fight of our lives", "Walsh")]


def test_pronoun_agrees_with_the_first_name() -> None:
    raw = (
        "Margaret Ellison met Thomas Reddick at the hearing.\n\n"
        "“The money was never there,” she said.\n"
    )
    assert said(raw) == [("The money was never there", "Margaret Ellison")]


def test_pronoun_prefers_a_subject_over_a_possessive() -> None:
    raw = (
        "Senator Ray Kowalczyk visited the town after Daniel Pruett’s arrest.\n\n"
        "“We need answers,” he said.\n"
    )
    assert said(raw) == [("We need answers", "Ray Kowalczyk")]


def test_inverted_verb_with_outlet_and_role_before_the_name() -> None:
    raw = "“He looked like the winner,” said cable host Jo Lindqvist. “It was clear.”"
    assert said(raw)[0] == ("He looked like the winner", "Jo Lindqvist")
    raw = "“It was clear,” said Channel Nine anchor Bea Moreau."
    assert said(raw) == [("It was clear", "Bea Moreau")]


def test_title_word_that_ends_a_name_is_a_surname() -> None:
    raw = "“Turnout makes the difference,” said Charlie King, a party donor."
    assert said(raw) == [("Turnout makes the difference", "Charlie King")]


def test_piece_of_a_running_quote_keeps_its_own_speaker() -> None:
    raw = (
        "“The law is settled and the court agreed,” Rep. Ana Ruiz said. “We are done here.\n\n"
        "“I have thought about this a long time,” added Rep. Tom Bale, a colleague.\n"
    )
    got = said(raw)
    assert got[-1] == ("I have thought about this a long time", "Tom Bale")


def test_initials_stay_in_the_name() -> None:
    raw = "“It is a sad day,” said Rep. J.T. Holloway (R-Ky.), who chairs the panel."
    assert said(raw) == [("It is a sad day", "J.T. Holloway")]


def test_two_appositives_between_speaker_and_verb() -> None:
    raw = (
        "“This is an overreach,” Sam Ortiz, the attorney general of a western state, "
        "one of the states in the suit, said at a forum."
    )
    assert said(raw) == [("This is an overreach", "Sam Ortiz")]


def test_partial_quote_in_a_sentence_that_ends_with_its_speaker() -> None:
    raw = (
        "A clerk who takes “a few dollars from the till” is fired, Nora Pell said. Bosses are not."
    )
    assert said(raw) == [("a few dollars from the till", "Nora Pell")]


def test_colon_paragraph_introduces_the_next_paragraphs_quote() -> None:
    raw = "Vera Lind spoke at length.\n\nShe continued:\n\n“The numbers have not moved at all.”\n"
    assert said(raw) == [("The numbers have not moved at all.", "Vera Lind")]


def test_transcript_turns_inside_one_quote_are_not_one_speaker() -> None:
    raw = (
        "The interview went as follows, said Ed Marsh:\n\n"
        "“HOST: Will she attend the debate?\n\n"
        "“MARSH: She will not be there, and that is final.\n\n"
        "“HOST: Thank you.”\n"
    )
    assert all(speaker is None for _text, speaker in said(raw))


def test_pronoun_goes_to_the_previous_sentences_subject() -> None:
    raw = (
        "Walter Brandt explained why he backs Oscar Lindqvist over the mayor.\n\n"
        "“This town needs a leader,” he said.\n"
    )
    assert said(raw) == [("This town needs a leader", "Walter Brandt")]


def test_pronoun_goes_to_the_speaker_of_the_main_clause() -> None:
    raw = (
        "While Oscar Lindqvist has boasted of his record, Walter Brandt said much the same.\n\n"
        "His plans must be “bigger and bolder than anything before,” according to his office.\n"
    )
    assert said(raw) == [("bigger and bolder than anything before", "Walter Brandt")]


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


def test_title_of_a_pageant_is_not_part_of_the_name() -> None:
    raw = "“I was treated badly,” said former Miss Galaxy Renata Solis, a singer."
    assert said(raw) == [("I was treated badly", "Renata Solis")]


def test_subhead_before_a_colon_is_not_a_speaker() -> None:
    raw = (
        "Budget Talks Stall Again: Negotiators met on Friday.\n\n"
        "“We are far apart,” one negotiator said.\n"
    )
    assert [s for _t, s in said(raw)] == [None]


def test_quote_after_a_sentence_that_ends_with_its_speaker() -> None:
    raw = "The panel may wait until the talks end, Ruth Adler said. “Timing is everything here.”"
    assert said(raw) == [("Timing is everything here.", "Ruth Adler")]


def test_sentence_opening_said_before_a_colon() -> None:
    raw = "The plan drew critics. Said Ellis Brandt: “I don’t see any reform here.”"
    assert said(raw) == [("I don’t see any reform here.", "Ellis Brandt")]


def test_wire_doubled_single_marks_in_plain_text() -> None:
    """AP copy types a double mark as two single ones: `‘‘` opens and `’’` closes, and a
    third mark beside them is a quote closing inside a quote."""
    raw = (
        "Harbour traders were not convinced.\n\n"
        "\u2018\u2018It is tinkering at the margins,\u2019\u2019 said Paula Grimsby, who runs a "
        "chandlery on the quay. \u2018\u2018Nobody here would call it a rescue.\u2019\u2019\n\n"
        "\u2018\u2018We were told \u2018soon\u2019 last year too,\u2019\u2019 Mr. Okafor said.\n"
    )
    assert said(raw) == [
        ("It is tinkering at the margins", "Paula Grimsby"),
        ("Nobody here would call it a rescue.", "Paula Grimsby"),
        ("We were told \u2018soon\u2019 last year too", "Okafor"),
    ]
