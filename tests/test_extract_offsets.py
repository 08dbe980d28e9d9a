"""Property: for any text, every extracted quote's offsets slice out exactly its words."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from quotesdb.extract import clean_text, extract_quotes

# Pieces that exercise the marks, names, titles and paragraph breaks, mixed with any text.
_PIECES = [
    "“",
    "”",
    '"',
    "''",
    "‘",
    "’",
    "'",
    "«",
    "»",
    "—",
    " ― ",
    ",",
    ".",
    ":",
    "(D-Ore.)",
    " said ",
    " says ",
    " he said",
    " she added",
    "Mr. ",
    "Rep. ",
    "the Rev. ",
    "Dr. ",
    "Ann Lee",
    "Kim Jong Un",
    "G.K. Holt",
    "a U.N. envoy",
    "Republican pollster Bob Ray",
    "\n",
    "\n\n",
    " ",
    "HOST: ",
    "According to ",
    ", 20, a student",
    "Title Case Heading Here",
]
_TEXT = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=12)), max_size=60).map(
    "".join
)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_offsets_recover_the_quote(raw: str) -> None:
    for text in (raw, clean_text(raw)):
        for q in extract_quotes(text):
            assert text[q.start : q.end] == q.text
            assert q.paragraph_start <= q.start <= q.end <= q.paragraph_end
            assert q.confidence is None or 0 < q.confidence <= 1
            assert (q.confidence is None) == (q.speaker is None)
