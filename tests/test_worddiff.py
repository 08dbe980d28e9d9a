"""The one word diff: `verify` and `trace` mark changes with it, alike."""

from __future__ import annotations

from quotesdb.reports.shingles import word_diff
from quotesdb.verify import verify_quote
from quotesdb.worddiff import marked_diff


def test_marked_diff_marks_removed_and_added_words() -> None:
    assert marked_diff(["a", "b", "c"], ["a", "x", "c", "d"]) == "a [-b-] {+x+} c {+d+}"
    assert marked_diff([], ["new"]) == "{+new+}"
    assert marked_diff(["old"], []) == "[-old-]"
    assert marked_diff(["same"], ["same"]) == "same"


def test_verify_and_trace_write_the_same_notation() -> None:
    source = "The mayor said the bridge will reopen in spring after repairs."
    checked = verify_quote("the bridge will reopen in summer after repairs", source)
    assert checked.status == "altered"
    assert checked.diff is not None and "[-spring-] {+summer+}" in checked.diff
    assert word_diff("reopen in spring", "reopen in summer") == "reopen in [-spring-] {+summer+}"
