"""Rules added after reading wire copy: each with sentences of its own."""

from __future__ import annotations

from quotesdb.extract import clean_text, extract_quotes


def _pairs(text: str) -> list[tuple[str | None, str | None, str]]:
    cleaned = clean_text(text)
    return [(q.speaker, q.speaker_description, q.text) for q in extract_quotes(cleaned)]


def test_the_subject_of_the_quoted_words_is_not_description() -> None:
    text = (
        "According to Maria Lopez, a policy analyst at the Brookings Institution, the bill "
        "“could reshape the agency for a generation.”"
    )
    [(speaker, description, _words)] = _pairs(text)
    assert speaker == "Maria Lopez"
    assert description == "a policy analyst at the Brookings Institution"


def test_a_long_appositive_is_kept_whole() -> None:
    text = (
        "“Markets will calm down,” says Ana Ruiz, an economist at the Bank of Spain, a "
        "central bank in Madrid."
    )
    [(speaker, description, _words)] = _pairs(text)
    assert speaker == "Ana Ruiz"
    assert description == "an economist at the Bank of Spain, a central bank in Madrid"


def test_a_pronoun_does_not_reach_back_past_a_paragraph() -> None:
    text = (
        "“Prices are sticky,” said Paul Dales, an economist at Capital Economics.\n\n"
        "The company said in a statement that sales rose.\n\n"
        "“I don't know,” she said."
    )
    pairs = _pairs(text)
    assert pairs[0][0] == "Paul Dales"
    assert pairs[-1][0] is None


def test_a_pronoun_in_the_next_paragraph_still_resolves() -> None:
    text = "Ms. Jane Ortiz, the mayor, spoke on Monday.\n\n“We will rebuild,” she said."
    assert _pairs(text)[0][0] == "Jane Ortiz"


def test_a_title_between_role_and_name_is_not_the_role() -> None:
    [(speaker, description, _words)] = _pairs(
        "Meteorologist Dr Emma Stone said rainfall had been “exceptional for the time of year”."
    )
    assert (speaker, description) == ("Emma Stone", "Meteorologist")


def test_state_and_city_titles_precede_a_name() -> None:
    [(speaker, description, _words)] = _pairs(
        "Assemblyman Michael Reilly said the plan was “a fantasy built on taxes.”"
    )
    assert (speaker, description) == ("Michael Reilly", "Assemblyman")


def test_a_surname_ending_in_ly_is_not_an_adverb() -> None:
    assert _pairs("Sen. Mark Kelly said the bill was “a disgrace to the chamber.”")[0][0] == (
        "Mark Kelly"
    )
    text = "Ms. Ann Daly arrived late.\n\nShe quickly said it was “over and done with now.”"
    assert _pairs(text)[0][0] == "Ann Daly"


def test_an_office_speaks_through_its_spokesperson() -> None:
    pairs = _pairs("“We are aware of the reports,” a Pentagon spokesman said.")
    assert pairs == [("Pentagon", "Pentagon spokesman", "We are aware of the reports")]
    assert _pairs("A senior official said the talks were “productive and frank.”")[0][0] is None
