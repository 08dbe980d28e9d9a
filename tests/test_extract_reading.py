"""Speakers found by reading sentence structure and reference, on invented sentences.

Each row: the text, then the speaker of every quote in order (None: no one named).
"""

from __future__ import annotations

import pytest

from quotesdb.extract import clean_text, extract_quotes

ROWS: list[tuple[str, list[str | None]]] = [
    # a bare surname that only opens sentences, the subject of the sentence before the
    # pronoun, is who the pronoun means, not the full name of an earlier paragraph
    (
        "Governor Dana Whitlow spoke first and took questions.\n\n"
        "Okonkwo openly admitted that his choice was a gamble. “It was the only way,” he said.",
        ["Okonkwo"],
    ),
    (
        "Senator Paul Brandt opened the hearing.\n\n"
        "Varga defied the chairman and walked out. “Nobody asked us,” he said.",
        ["Varga"],
    ),
    # a plural noun opening the sentence is no one: the pronoun keeps the person before
    (
        "Senator Paul Brandt opened the hearing.\n\n"
        "Neighbours complained about the noise. “We will fix it,” he said.",
        ["Paul Brandt"],
    ),
    # an adjective opening the sentence before its noun is no name either
    (
        "Senator Paul Brandt opened the hearing.\n\n"
        "Bitter remarks are rare in that room. “We will fix it,” he said.",
        ["Paul Brandt"],
    ),
    # a subject pronoun in the opener's own clause ("Critics say that he") is someone else
    (
        "Mayor Tom Rudd spoke on Monday.\n\n"
        "Dunmore says that he wants more. “We need the money,” Rudd said.",
        ["Tom Rudd"],
    ),
    # a full sentence carrying on the speaker is speech, however many names it capitalises
    (
        "“Only two people can pull that off,” said Rick Dunn, a strategist. “That’s Ann Ray "
        "and Bo Dee.”",
        ["Rick Dunn", "Rick Dunn"],
    ),
    # ... but a title after the quote, with no full stop of its own, stays no one's words
    (
        "“We love the old shows,” said Rick Dunn, a producer. “Sons of the Valley”",
        ["Rick Dunn", None],
    ),
    # a first name the census lists lack, opening the paragraph with an appositive: the
    # pronoun after it means that person
    (
        "Senator Ann Ray spoke.\n\nKofi Mensah, a Dayton native and nursing graduate, "
        "owes money. At 29 years old, he still lives at home.\n\n“Who wants that?” he said.",
        ["Kofi Mensah"],
    ),
    # ... but a common word opening a sentence is no first name
    (
        "Senator Tom Ray spoke.\n\nNeither Mensah, a nurse, nor the doctor came. He was "
        "alone.\n\n“Who wants that?” he said. Neither answered.",
        ["Tom Ray"],
    ),
    # a headline's verb after a first name is no surname ("Kelly Is Back")
    (
        "Zbigniew Kelly Is Back In Town With Plans\n\n“We are home,” Kelly said on Monday.",
        ["Kelly"],
    ),
]


@pytest.mark.parametrize(("text", "speakers"), ROWS)
def test_reading(text: str, speakers: list[str | None]) -> None:
    quotes = extract_quotes(clean_text(text))
    assert [q.speaker for q in quotes] == speakers
