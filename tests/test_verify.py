"""Verbatim checks: typography and editorial marks forgiven, changed words caught."""

from __future__ import annotations

from work_helpers import DIFFLIB, PACKAGE, lines_run

from quotesdb.verify import verify_quote

WITHIN = (PACKAGE, DIFFLIB)

SOURCE = (
    "The leader offered endorsement, saying, “We will always stand together [with Russia] "
    "against imperialism.”\n\n“Nobody is interested in forming a bloc these days,” says "
    "Sergei Markov — a former adviser. “Russia is a country that’s too big to be sanctioned.”"
)


def test_typography_is_forgiven() -> None:
    assert verify_quote("Nobody is interested in forming a bloc these days", SOURCE).status == (
        "verified"
    )
    assert verify_quote("Russia is a country that's  too big", SOURCE).status == "verified"
    assert verify_quote("says Sergei Markov - a former adviser", SOURCE).status == "verified"


def test_editorial_marks_are_forgiven_in_order() -> None:
    assert verify_quote("Nobody is interested … in forming a bloc", SOURCE).status == "verified"
    assert verify_quote("Nobody ... too big to be sanctioned.", SOURCE).status == "verified"
    assert verify_quote("[Markov said] nobody", SOURCE).status == "altered"  # case is kept
    assert verify_quote("We will always stand together [with Moscow] against", SOURCE).status == (
        "verified"
    )
    assert verify_quote("too big to be sanctioned ... Nobody is", SOURCE).status == "altered"


def test_altered_words_come_with_a_diff_and_passage() -> None:
    result = verify_quote("Nobody is really interested in forming a bloc these days", SOURCE)
    assert result.status == "altered"
    assert result.diff == "Nobody is {+really+} interested in forming a bloc these days"
    assert result.passage == "Nobody is interested in forming a bloc these days"
    swapped = verify_quote("Russia is a country that’s too small to be sanctioned", SOURCE)
    assert "[-big-] {+small+}" in (swapped.diff or "")


def test_no_source_and_large_sources() -> None:
    assert verify_quote("anything", None).status == "no_source"
    assert verify_quote("anything", "").status == "no_source"
    big = SOURCE * 2_000  # about 0.5 MB
    assert verify_quote("words that appear nowhere at all", big).status == "altered"


def test_work_is_linear_in_the_source() -> None:
    """A guard against quadratic blow-up, counted in lines run (quotesdb's and difflib's),
    not timed: four times the source may take at most five times the work."""

    def work(copies: int) -> int:
        source = SOURCE * copies
        return lines_run(lambda: verify_quote("words that appear nowhere at all", source), WITHIN)

    small, big = work(50), work(200)
    assert small > 0
    assert big <= 5 * small, (small, big)
