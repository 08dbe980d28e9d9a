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
