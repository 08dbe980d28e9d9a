"""Citations checked by real tools: two BibTeX parsers, the official CSL-JSON schema, and
a text-fragment matcher that follows the WICG spec's search algorithm."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotesdb.cite import CitableQuote, citation_key, format_citation, format_citations
from quotesdb.cite.fragments import Directive, encode, find_fragment, parse, text_fragment
from quotesdb.cite.targets import escape_markdown
from quotesdb.cite.titles import title_case

SCHEMA = Path(__file__).parent / "data" / "csl" / "csl-data.json"
BASE = CitableQuote(
    id=1,
    text="We will not be moved, not by this, not by anything.",
    speaker="Jane Doe",
    speaker_description="a spokeswoman",
    title="Rates rise again",
    url="https://example.com/news/rates",
    outlet="Example Times",
    authors=("Ann Lee",),
    published=dt.date(2024, 5, 1),
    section="Business",
    fetched=dt.date(2024, 5, 2),
)


def _other(quote_id: int, **changes: object) -> CitableQuote:
    """Another article (its own URL unless told), with these changes."""
    fields: dict[str, object] = {"url": f"https://example.com/news/{quote_id}", **changes}
    return dataclasses.replace(BASE, id=quote_id, **fields)  # type: ignore[arg-type]


HOSTILE = [
    _other(2, title="A lone { brace and 100% of $5 & #1_x ~ ^ \\ }"),
    _other(3, authors=("Associated Press",), url=None),
    _other(4, authors=("Martin Luther King Jr.", "Ludwig van Beethoven")),
    _other(5, authors=(), outlet=None, precision="year"),
    _other(6, title=None, url=None, outlet=None, authors=()),
    _other(7, published=None, precision=None, fetched=None),
    _other(8, url="https://example.com/other", precision="month"),
    _other(9, text='He said "no {way}" @home', url=None, title="Other"),
]
QUOTES = [
    BASE,
    dataclasses.replace(BASE, id=10, text="Second quote of the same article."),
    *HOSTILE,
]


def test_bibtex_parses_with_bibtexparser_and_pybtex_strict() -> None:
    import bibtexparser
    from pybtex.database import parse_string

    text = format_citations(QUOTES, "bibtex")
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks  # duplicate keys are failed blocks too
    articles = {q.article_identity() for q in QUOTES}
    assert len(library.entries) == len(articles)  # one entry per article, not per quote
    keys = [e.key for e in library.entries]
    assert len(set(keys)) == len(keys)
    strict = parse_string(text, "bibtex")  # pybtex raises on any error in strict mode
    assert sorted(strict.entries.keys()) == sorted(keys)
    for entry in library.entries:
        fields = {f.key for f in entry.fields}
        if entry.entry_type == "article":  # a newspaper's; undated, it has no year
            assert {"title", "journal", "journaltitle", "entrysubtype"} <= fields
            assert "organization" not in fields
        assert "author" in fields or "key" in fields, entry.key
    # The checks can fail: a `\{` (a lone brace to BibTeX) and a repeated key are refused.
    from pybtex.scanner import PybtexSyntaxError

    with pytest.raises(PybtexSyntaxError):
        parse_string("@misc{k,\n  title = {a \\{ b}\n}\n\n@misc{j, title = {x}}", "bibtex")
    twice = "@misc{k, title = {x}}\n@misc{k, title = {y}}"
    assert bibtexparser.parse_string(twice).failed_blocks
    agency = strict.entries[citation_key(HOSTILE[1])]
    assert [str(p) for p in agency.persons["author"]] == ["{Associated Press}"]
    king = strict.entries[citation_key(HOSTILE[2])].persons["author"][0]
    assert (king.last_names, king.lineage_names) == (["King"], ["Jr."])
    assert king.first_names + king.middle_names == ["Martin", "Luther"]


def test_bibtex_keys_do_not_change_when_articles_are_added() -> None:
    alone = format_citations([BASE], "bibtex").split(",", 1)[0]
    among = format_citations([*HOSTILE, BASE], "bibtex")
    assert alone in among
    other_year = dataclasses.replace(BASE, url="https://example.com/news/rates-2")
    assert citation_key(other_year) != citation_key(BASE)


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=40), st.text(min_size=1, max_size=30))
def test_any_title_and_quote_stay_valid_bibtex(title: str, text: str) -> None:
    from pybtex.database import parse_string

    quote = dataclasses.replace(BASE, title=title.strip() or "x", text=text)
    parse_string(format_citation(quote, "bibtex"), "bibtex")


def test_csl_json_validates_against_the_official_schema() -> None:
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    items = json.loads(format_citations(QUOTES, "csl-json"))
    jsonschema.validate(items, schema)
    assert len(items) == len({q.article_identity() for q in QUOTES})
    first = items[0]
    assert first["section"] == "Business" and first["accessed"] == {"date-parts": [[2024, 5, 2]]}
    assert "Second quote" in first["note"] and "not by anything" in first["note"]
    by_id = {i["id"]: i for i in items}
    assert by_id[citation_key(HOSTILE[1])]["author"] == [{"literal": "Associated Press"}]
    assert by_id[citation_key(HOSTILE[2])]["author"][0]["suffix"] == "Jr."
    assert by_id[citation_key(HOSTILE[3])]["issued"] == {"date-parts": [[2024]]}
    assert by_id[citation_key(HOSTILE[4])]["type"] == "personal_communication"
    assert by_id[citation_key(HOSTILE[6])]["issued"] == {"date-parts": [[2024, 5]]}
    with pytest.raises(jsonschema.ValidationError):  # the schema does check: a typo fails
        jsonschema.validate([{**first, "acessed": "2024"}], schema)


# ---- text fragments --------------------------------------------------------------------


@pytest.mark.parametrize("words", range(1, 16))
def test_fragment_matches_the_whole_quote_at_any_length(words: int) -> None:
    quote = " ".join(f"w{n}" for n in range(words))
    page = f"Before it. {quote} After it."
    directive = parse(text_fragment(quote, page))
    assert find_fragment(page, directive) == (page.index(quote), page.index(quote) + len(quote))
    if directive.end:  # start and end never share a word
        assert len(directive.start.split()) + len(directive.end.split()) <= words


def test_fragment_prefix_when_the_start_is_ambiguous() -> None:
    quote = "the plan will fail because nobody funded it, and nobody will now"
    page = f"Some said the plan will fail because of costs. But {quote}, she said."
    fragment = text_fragment(quote, page)
    directive = parse(fragment)
    assert directive.prefix == "But"
    start = page.index(quote)
    assert find_fragment(page, directive) == (start, start + len(quote))
    naive = Directive(directive.start, directive.end)
    assert find_fragment(page, naive) != (start, start + len(quote))


def test_fragment_end_grows_when_its_words_repeat_inside_the_quote() -> None:
    quote = "it is over, really over, and then it is over for good, it is over"
    directive = parse(text_fragment(quote))
    assert find_fragment(quote, directive) == (0, len(quote))


def test_fragment_encoding_and_matcher_rules() -> None:
    assert encode("a-b, c & (d)") == "a%2Db%2C%20c%20%26%20%28d%29"
    assert parse(":~:text=pre-,st%2Dart,end,-suf") == Directive("st-art", "end", "pre", "suf")
    text = "Catalog cat category. The cat sat."
    assert find_fragment(text, Directive("cat")) == (8, 11)  # not inside "Catalog"
    assert find_fragment(text, Directive("CAT", suffix="sat")) == (26, 29)  # case, suffix
    assert find_fragment(text, Directive("cat", prefix="the")) == (26, 29)
    assert find_fragment(text, Directive("dog")) is None


def test_markdown_escapes_tilde_and_dollar() -> None:
    assert escape_markdown("~~gone~~ for $5") == r"\~\~gone\~\~ for \$5"
    assert escape_markdown("AT&T says &copy; & more") == r"AT&T says \&copy; & more"


# ---- styles ----------------------------------------------------------------------------


def test_title_case_and_nested_quotes() -> None:
    assert title_case("a tale of two cities: the end of an era") == (
        "A Tale of Two Cities: The End of an Era"
    )
    assert title_case("why NATO and iPhone sales are up") == "Why NATO and iPhone Sales Are Up"
    quoted = dataclasses.replace(BASE, title='Minister says "enough" to critics')
    for style in ("chicago", "mla"):
        assert "“Minister Says ‘Enough’ to Critics" in format_citation(quoted, style)


def test_co_authors_in_text_and_et_al() -> None:
    two = dataclasses.replace(BASE, authors=("Ann Lee", "Bo Chen"))
    four = dataclasses.replace(BASE, authors=("Ann Lee", "Bo Chen", "Cy Diaz", "Di Eck"))
    assert "(qtd. in Lee and Chen)" in format_citation(two, "mla")
    assert "Lee, Ann, and Bo Chen." in format_citation(two, "mla")
    assert "(qtd. in Lee et al.)" in format_citation(four, "mla")
    assert "quoted in Ann Lee et al., “Rates" in format_citation(four, "chicago")
    three = dataclasses.replace(four, authors=four.authors[:3])
    assert "Ann Lee, Bo Chen, and Cy Diaz, “" in format_citation(three, "chicago")


def test_organisations_suffixes_and_no_author() -> None:
    ap = dataclasses.replace(BASE, authors=("Associated Press",))
    assert format_citation(ap, "apa").startswith("Associated Press. (2024, May 1).")
    assert "(Jane Doe, as cited in Associated Press, 2024)" in format_citation(ap, "apa")
    king = dataclasses.replace(BASE, authors=("Martin Luther King Jr.",))
    assert format_citation(king, "apa").startswith("King, M. L., Jr. (2024")
    assert format_citation(king, "mla").startswith("King, Martin Luther, Jr. “")
    nobody = dataclasses.replace(BASE, authors=())
    assert "(Jane Doe, as cited in “Rates Rise Again,” 2024)" in format_citation(nobody, "apa")


def test_dates_keep_their_precision_in_every_style() -> None:
    month = dataclasses.replace(BASE, precision="month")
    year = dataclasses.replace(BASE, precision="year")
    assert "May 2024" in format_citation(month, "chicago")
    assert "(2024, May)." in format_citation(month, "apa")
    assert "May 2024," in format_citation(month, "mla")
    assert "(2024)." in format_citation(year, "apa") and ", 2024," in format_citation(
        year, "chicago"
    )
    for style in ("markdown", "chicago", "apa", "mla", "harvard"):
        assert " 1" not in format_citation(year, style).replace(" 1 ", "x"), style


def test_targets_escape_for_where_they_are_pasted() -> None:
    risky = dataclasses.replace(BASE, title="Tom & Jerry *win* <now>", outlet="A_B News")
    html = format_citation(risky, "chicago", to="html")
    # Markup-looking text is never re-cased: "<now>" stays as written.
    assert "Tom &amp; Jerry *Win* &lt;now&gt;" in html and "<i>A_B News</i>" in html
    markdown = format_citation(risky, "chicago", to="markdown")
    assert r"Tom & Jerry \*Win\* \<now\>" in markdown and r"*A\_B News*" in markdown
    text = format_citation(risky, "chicago", to="text")
    assert "Tom & Jerry *Win* <now>" in text and "A_B News" in text and "*A" not in text


def test_golden_files_parse_and_validate_too() -> None:
    import bibtexparser
    import jsonschema
    from pybtex.database import parse_string

    golden = Path(__file__).parent / "golden" / "cite"
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    bibs, items = sorted(golden.glob("*.bib")), sorted(golden.glob("*.csl-json.json"))
    assert bibs and items
    for path in bibs:
        text = path.read_text(encoding="utf-8")
        assert len(bibtexparser.parse_string(text).entries) == 1, path.name
        assert len(parse_string(text, "bibtex").entries) == 1, path.name
    for path in items:
        jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), schema)
