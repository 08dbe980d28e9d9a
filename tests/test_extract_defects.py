"""The attribution defects of issue 31, each on sentences written for the tests.

Each row: the article text, then (a piece of the quote, the speaker it must have, or None
for no named speaker); a speaker given as "!Name" means any speaker but that one.
"""

from __future__ import annotations

import pytest

from quotesdb.extract import clean_text, extract_quotes

DEFECTS: list[tuple[str, str, list[tuple[str, str | None]]]] = [
    (
        "an unknown verb after a name does not inherit the previous speaker",
        "“Nobody will pay for it,” Lena Ortiz said.\n\n"
        "“Then the budget stays empty,” Mayor Dan Reyes interjected.",
        [("Nobody will pay", "Lena Ortiz"), ("budget stays empty", "Dan Reyes")],
    ),
    (
        "the possessor of the speaking role is not the speaker",
        "Senator Tom Baker spoke first. “Sales are strong this quarter,” said Baker’s "
        "finance director, Ana Lima.",
        [("Sales are strong", "Ana Lima")],
    ),
    (
        "a Mrs. is not the man of that surname, and he stays a man",
        "Governor Bill Carter and his wife visited the school.\n\n"
        "Mrs. Carter said: “Every child here deserves a good teacher.”\n\n"
        "Later he said: “We will come back next year.”",
        [("Every child", "!Bill Carter"), ("come back next year", "Bill Carter")],
    ),
    (
        "a pronoun does not reach across a full stop to the quote before",
        "Lisa Tully runs the plant. A Dunmore spokeswoman said the firm wanted “to keep "
        "every job in the valley.” She said the plant would stay open.",
        [("keep every job", "!Lisa Tully")],
    ),
    (
        "“one said” after a named speaker names no one",
        "“I love this town,” said Owen Hale, 21, a student.\n\n"
        "“I will back the newcomer anyway,” one said.",
        [("love this town", "Owen Hale"), ("back the newcomer", None)],
    ),
    (
        "a show named after a person is not a person",
        "A farmer from Lyle told The Martin Harris Show that the harvest was late.\n\n"
        "“Rain ruined half of the field this year,” he said.",
        [("Rain ruined", None)],
    ),
    (
        "a title quoted inside a quote keeps the outer quote",
        '“My favourite chapter is called "Rivers Remember" and I read it every single '
        "spring,” Mayor Ana Ruiz said.",
        [("My favourite chapter", "Ana Ruiz")],
    ),
    (
        "a relative clause's subject is the one it follows",
        "Tom Reed agreed with Senator Ann Cole (D-Ohio), who told a television crew on "
        "Friday that the ruling was “a clear victory for the public.”",
        [("clear victory", "Ann Cole")],
    ),
    (
        "according to a document: its author or no one, never the subject",
        "Mayor Ann Cole was hired to give advice on “regional water and housing trends,” "
        "according to a 2019 memo that Paul Ng wrote to the council.",
        [("regional water", "!Ann Cole")],
    ),
    (
        "coordinated predicates share their subject",
        "Governor Mark Hale toured the plant on Monday and said, “These jobs are staying "
        "right here.”",
        [("jobs are staying", "Mark Hale")],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [(t, e) for _why, t, e in DEFECTS], ids=[w for w, _t, _e in DEFECTS]
)
def test_issue_defects(text: str, expected: list[tuple[str, str | None]]) -> None:
    quotes = extract_quotes(clean_text(text))
    for piece, speaker in expected:
        found = [q for q in quotes if piece in q.text]
        assert len(found) == 1, (piece, [q.text for q in quotes])
        got = found[0].speaker
        if speaker is not None and speaker.startswith("!"):
            assert got != speaker[1:]
        else:
            assert got == speaker
