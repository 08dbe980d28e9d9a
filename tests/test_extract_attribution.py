"""Speakers and descriptions on sentences written for the tests, in many news styles."""

from __future__ import annotations

import pytest

from quotesdb.extract import ExtractedQuote, clean_text, extract_quotes


def run(text: str) -> list[ExtractedQuote]:
    cleaned = clean_text(text)
    quotes = extract_quotes(cleaned)
    for q in quotes:
        assert cleaned[q.start : q.end] == q.text
        assert cleaned[q.paragraph_start : q.paragraph_end].count(q.text) >= 1
    return quotes


def pairs(text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in run(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“We will rebuild,” said Maria Lopez, the mayor of Springfield.",
            [("We will rebuild", "Maria Lopez")],
        ),
        (
            "“We will rebuild,” Maria Lopez said on Monday.",
            [("We will rebuild", "Maria Lopez")],
        ),
        (
            "Maria Lopez told reporters: “We will rebuild.”",
            [("We will rebuild.", "Maria Lopez")],
        ),
        (
            'Maria Lopez said, "We will rebuild."',
            [("We will rebuild.", "Maria Lopez")],
        ),
        (
            "Maria Lopez wrote on social media that the town would “rebuild every single house.”",
            [("rebuild every single house.", "Maria Lopez")],
        ),
        (
            "“Never again.” — Maria Lopez, mayor of Springfield",
            [("Never again.", "Maria Lopez")],
        ),
        (
            "The storm was brutal, according to Maria Lopez, who said “nothing was left standing.”",
            [("nothing was left standing.", "Maria Lopez")],
        ),
    ],
)
def test_attribution_forms(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert pairs(text) == expected


def test_split_quote_shares_speaker_and_group() -> None:
    qs = run("“Nobody wanted this,” says Anna Petrova, a historian. “It simply happened.”")
    assert [q.speaker for q in qs] == ["Anna Petrova", "Anna Petrova"]
    assert qs[0].group is not None and qs[0].group == qs[1].group
    assert qs[0].speaker_description == "a historian"
    assert [q.kind for q in qs] == ["full", "full"]


def test_description_before_name_and_title() -> None:
    qs = run("Russian President Vladimir Putin said: “We are ready.”")
    assert qs[0].speaker == "Vladimir Putin"
    assert qs[0].speaker_description == "Russian President"
    qs = run("North Korean leader Kim Jong Un told the crowd, “We will prevail.”")
    assert (qs[0].speaker, qs[0].speaker_description) == ("Kim Jong Un", "North Korean leader")


def test_appositive_runs_to_the_end_of_its_clause() -> None:
    text = (
        "“Talks will fail,” says Ivan Orlov, editor of Global Review, a Moscow-based journal. "
        "Others disagree."
    )
    q = run(text)[0]
    assert q.speaker == "Ivan Orlov"
    assert q.speaker_description == "editor of Global Review, a Moscow-based journal"


def test_title_and_surname_resolve_to_full_name() -> None:
    text = (
        "Sergei Strokan, a columnist for Kommersant, was at the summit.\n\n"
        "“It is just talk,” says Mr. Strokan.\n\n"
        "“It is just talk,” Dr. Strokan added."
    )
    qs = run(text)
    assert [q.speaker for q in qs] == ["Sergei Strokan", "Sergei Strokan"]
    assert qs[0].speaker_description == "a columnist for Kommersant"


def test_pronouns_resolve_to_the_last_person() -> None:
    text = (
        "Jane Smith, a professor at Yale University, studied the data.\n\n"
        "“We have never seen anything like this,” she said. “It is unprecedented.”"
    )
    qs = run(text)
    assert [q.speaker for q in qs] == ["Jane Smith", "Jane Smith"]
    assert qs[0].speaker_description == "a professor at Yale University"


def test_pronoun_gender_skips_an_incompatible_person() -> None:
    text = (
        "Ms. Anna Berg met Mr. Tom Fisher in Oslo. Mr. Fisher left early.\n\n"
        "“It went well,” she said."
    )
    assert pairs(text) == [("It went well", "Anna Berg")]


def test_role_noun_resolves_to_the_person_it_describes() -> None:
    text = (
        "Putin met Kim Jong Un on Tuesday. Mr. Kim praised the talks, and the North Korean "
        "leader offered support, saying, “We will always stand together.”"
    )
    q = run(text)[-1]
    assert q.speaker == "Kim Jong Un"
    assert q.speaker_description == "North Korean leader"


def test_bare_surname_prefers_the_salient_person() -> None:
    text = (
        "North Korean leader Kim Jong Un gave a speech. Kim Jong Un spoke for an hour. "
        "His grandfather, Kim Il Sung, founded the state.\n\n"
        "In a speech at Kim Il Sung Square, Kim said the army must be “ready to fight at any "
        "moment.”"
    )
    assert pairs(text)[-1] == ("ready to fight at any moment.", "Kim Jong Un")


def test_publisher_in_according_to_is_not_the_speaker() -> None:
    text = (
        "Kim Jong Un, the North Korean leader, spoke on Monday. His forces must be “stronger "
        "in every respect and at every level,” according to the official version released "
        "by the Korean Central News Agency."
    )
    assert pairs(text) == [("stronger in every respect and at every level", "Kim Jong Un")]


def test_statement_from_an_organisation() -> None:
    qs = run("According to a statement from the Interior Ministry, “all roads will reopen.”")
    assert qs[0].speaker == "Interior Ministry"
    assert qs[0].speaker_is_person is False


def test_spokesperson_for_an_organisation_names_the_organisation() -> None:
    qs = run("“We are monitoring the situation,” a spokesperson for the Foreign Ministry said.")
    assert qs[0].speaker == "Foreign Ministry"
    assert qs[0].speaker_is_person is False
    assert qs[0].speaker_description == "spokesperson for the Foreign Ministry"


def test_the_company_resolves_to_the_last_firm_named() -> None:
    text = (
        "Northwind Group cut 500 jobs on Monday.\n\n"
        "The company said in a statement that it was “deeply sorry for the disruption.”"
    )
    q = run(text)[0]
    assert (q.speaker, q.speaker_is_person) == ("Northwind Group", False)


def test_unnamed_speakers_give_none() -> None:
    assert pairs("Critics say the reform is “a recipe for disaster for the country.”") == [
        ("a recipe for disaster for the country.", None)
    ]
    assert pairs("“This is wrong,” analysts said.") == [("This is wrong", None)]
    assert pairs("“This is wrong,” they said.") == [("This is wrong", None)]


def test_scare_quotes_and_terms_get_no_speaker() -> None:
    text = (
        "Vladimir Putin faced an “arduous march” and a long “to do” list in the shadow "
        "of the old “Soviet bloc.”"
    )
    qs = run(text)
    assert [q.text for q in qs] == ["arduous march", "to do", "Soviet bloc."]
    assert all(q.speaker is None and q.kind == "partial" for q in qs)


def test_a_short_fragment_after_a_say_verb_is_speech() -> None:
    qs = run("Kremlin spokesman Dmitry Peskov told reporters that Moscow “will respond.”")
    assert [(q.speaker, q.kind) for q in qs] == [("Dmitry Peskov", "partial")]


def test_follow_up_quote_in_next_paragraph_inherits_speaker() -> None:
    text = (
        "John Doe, 45, said: “I lost everything in the flood.”\n\n"
        "“The water came up so fast,” he said.\n\n"
        "“We had nowhere to go.”\n\n"
        "The river has since receded.\n\n"
        "“Nobody helped us.”"
    )
    assert [s for _, s in pairs(text)] == ["John Doe", "John Doe", "John Doe", None]


def test_quote_over_several_paragraphs() -> None:
    text = (
        "“The first part of a long quote runs on\n\n"
        "“and continues in a second paragraph\n\n"
        "“before it ends in a third,” said Tom Jones, a lawyer.\n\n"
        "The hearing resumes today."
    )
    qs = run(text)
    assert [q.text for q in qs] == [
        "The first part of a long quote runs on",
        "and continues in a second paragraph",
        "before it ends in a third",
    ]
    assert {q.speaker for q in qs} == {"Tom Jones"}
    assert len({q.group for q in qs}) == 1 and qs[0].group is not None
    assert len({q.paragraph_start for q in qs}) == 3


def test_organisation_subject_is_not_a_person() -> None:
    qs = run("The Foreign Ministry said: “We reject these claims.”")
    assert (qs[0].speaker, qs[0].speaker_is_person) == ("Foreign Ministry", False)


def test_told_names_the_subject_not_the_listener() -> None:
    assert pairs("Ann Lee told Bob Marsh: “You are fired.”") == [("You are fired.", "Ann Lee")]


def test_wire_style_article() -> None:
    from pathlib import Path

    raw = (Path(__file__).parent / "data" / "extract" / "wire_style.txt").read_text("utf-8")
    qs = run(raw)
    assert [(q.text[:20], q.speaker) for q in qs] == [
        ("This is a good day f", "Chuck Schumer"),
        ("We did our job.", "Chuck Schumer"),
        ("a grotesque example ", "Rand Paul"),
        ("grateful to lawmaker", "Karine Jean-Pierre"),
        ("I don’t think anybod", "Susan Collins"),
        ("But it keeps the lig", "Susan Collins"),
        ("megabill", None),
    ]
    assert qs[0].speaker_description == "Senate Majority Leader"
    assert qs[0].group == qs[1].group != qs[4].group == qs[5].group
