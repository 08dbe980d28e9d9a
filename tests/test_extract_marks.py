"""Quotation spans: mark kinds, apostrophes, nesting, missing marks, pathological input."""

from __future__ import annotations

import pytest
from work_helpers import lines_run

from quotesdb.extract import clean_text, extract_quotes


def texts(raw: str) -> list[str]:
    cleaned = clean_text(raw)
    out = []
    for q in extract_quotes(cleaned):
        assert cleaned[q.start : q.end] == q.text
        assert q.paragraph_start <= q.start < q.end <= q.paragraph_end
        out.append(q.text)
    return out


def test_curly_and_straight_double_quotes() -> None:
    assert texts('“One thing,” he said. "Another thing," she said.') == [
        "One thing",
        "Another thing",
    ]


def test_trailing_comma_dropped_final_period_kept() -> None:
    assert texts("“It is over.” “It is over,” he said.") == ["It is over.", "It is over"]


def test_brackets_kept_as_written() -> None:
    assert texts("“We [the West] will act,” she said.") == ["We [the West] will act"]


def test_apostrophes_never_close_a_quote() -> None:
    raw = "“Russia’s plans don’t matter since the ’90s,” said Ann Lee."
    assert texts(raw) == ["Russia’s plans don’t matter since the ’90s"]


def test_nested_single_quotes_stay_inside() -> None:
    raw = "“He told me ‘never again’ and left,” said Ann Lee."
    assert texts(raw) == ["He told me ‘never again’ and left"]


def test_british_single_quotes() -> None:
    raw = "‘We will not back down,’ said Olaf Scholz. The Russians’ reply was swift."
    assert texts(raw) == ["We will not back down"]


def test_missing_close_stops_at_paragraph_end() -> None:
    raw = "Ann Lee said “we will win this\n\nThe rest of the article is narration.\n"
    assert texts(raw) == ["we will win this"]


def test_missing_open_recovered_when_attributed() -> None:
    raw = "Intro paragraph.\n\nWe will win this,” Ann Lee said.\n\nMore narration ” here."
    assert texts(raw) == ["We will win this"]


def test_quotes_do_not_cross_paragraphs() -> None:
    raw = "He said “one\n\nTwo paragraphs” later."
    assert all("\n" not in t for t in texts(raw))


def test_empty_and_quote_free_text() -> None:
    assert texts("") == []
    assert texts("No quotation marks at all.\n") == []
    assert texts("“”") == []


# Text full of unbalanced marks (the shape that makes a regex backtrack), and ordinary prose.
UNBALANCED = '“ said “ he ” ‘ x ” " she said “ ’ “ Mr. X “ '
ORDINARY = "Ann Lee said “we will win” and “lose,” she added. He said “yes\n"


def _lines_run(raw: str) -> int:
    """Lines of quotesdb's own code run to clean `raw` and extract its quotes."""
    return lines_run(lambda: extract_quotes(clean_text(raw)))


@pytest.mark.parametrize("unit", [UNBALANCED, ORDINARY], ids=["unbalanced", "ordinary"])
def test_work_is_linear_in_input(unit: str) -> None:
    """Four times the text may take at most five times the work (a quadratic takes 16)."""
    small, big = _lines_run(unit * 400), _lines_run(unit * 1600)
    assert small > 0
    assert big <= 5 * small, (small, big)
