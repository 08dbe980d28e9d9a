"""Page furniture goes; article sentences that merely mention such words stay."""

from __future__ import annotations

import pytest

from quotesdb.extract import clean_text


@pytest.mark.parametrize(
    "line",
    [
        "View caption Hide caption",
        "| View caption Hide caption",
        "Share This Post",
        "Post Comment",
        "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
        "Tags ICBMs Kim Il Sung Kim Jong Un North Korea",
        "See All",
        "See all Hill.TV See all Video",
        "More International News",
        "Advertisement",
        "Read more",
        "Sign up for our newsletter",
        "Related: Ten things to know",
    ],
)
def test_furniture_lines_dropped(line: str) -> None:
    assert clean_text(f"First paragraph.\n\n{line}\n\nLast paragraph.") == (
        "First paragraph.\n\nLast paragraph.\n"
    )


@pytest.mark.parametrize(
    "line",
    [
        "Read more about the plan, he said, before deciding.",
        "Tags were attached to every parcel.",
        "Advertisement revenue fell 10 percent last year, the company said.",
        "More than 60 people were hurt.",
    ],
)
def test_sentences_kept(line: str) -> None:
    assert line in clean_text(f"Intro.\n\n{line}\n")


def test_line_endings_normalised_and_pure() -> None:
    raw = "One.\r\n\r\nTwo.\rThree.\n\n\n\nFour."
    assert clean_text(raw) == "One.\n\nTwo.\nThree.\n\nFour.\n"
    assert clean_text(clean_text(raw)) == clean_text(raw)
