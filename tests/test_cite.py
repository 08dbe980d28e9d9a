"""Citation styles: golden files per style on quotes of both seeds, and real CSL rendering."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest

from conftest import Cli, seeded_archive
from quotesdb.cite import (
    STYLES,
    TARGETS,
    CitableQuote,
    UnknownStyleError,
    citation_key,
    escape_markdown,
    format_citation,
    format_citations,
    split_name,
    text_fragment,
)

GOLDEN = Path(__file__).parent / "golden" / "cite"
MONITOR = "Putin meets Kim Jong Un, looking for arms – and friends"
HILL_URL = (
    "https://thehill.com/opinion/international/"
    "3471078-the-frightening-debt-vladimir-putin-owes-north-koreas-kim-jong-un/"
)
CASES = {
    "lukyanov": CitableQuote(
        id=12,
        text="Russia will try to cooperate in ways that cannot be formally seen as violations of "
        "international [sanctions] regimes.",
        speaker="Fyodor Lukyanov",
        speaker_description="editor of Russia in Global Affairs, a Moscow-based foreign policy "
        "journal",
        title=MONITOR,
        url=None,
        outlet="The Christian Science Monitor",
        authors=("Fred Weir",),
        published=dt.date(2023, 9, 13),
        section="Europe",
    ),
    "strokan_url": CitableQuote(
        id=14,
        text="At this point, it’s just talk, but down the road, it’s a real possibility.",
        speaker="Sergei Strokan",
        speaker_description="a foreign affairs columnist for the Moscow daily news outlet "
        "Kommersant",
        title=MONITOR,
        url="https://www.csmonitor.com/World/Europe/2023/0913/"
        "Putin-meets-Kim-Jong-Un-looking-for-arms-and-friends",
        outlet="The Christian Science Monitor",
        authors=("Fred Weir",),
        published=dt.date(2023, 9, 13),
    ),
    "kim_undated": CitableQuote(
        id=2,
        text="developing the nuclear forces of our state at the fastest possible speed",
        speaker="Kim Jong Un",
        speaker_description="North Korean leader",
        title="The frightening debt Vladimir Putin owes North Korea’s Kim Jong Un",
        url=HILL_URL,
        outlet="The Hill",
        authors=("Donald Kirk",),
        published=None,
    ),
    "bare": CitableQuote(
        id=99,
        text="We *will* be back [in court] — soon_ish.",
        speaker="Jane Doe",
        speaker_description=None,
        title=None,
        url=None,
        outlet=None,
        authors=(),
        published=None,
    ),
}
EXTENSIONS = {"csl-json": "json", "bibtex": "bib", "markdown": "md", "ris": "ris"}


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_golden(case: str, style: str) -> None:
    """Prose styles in every target, one file a case and style: review its diff."""
    if style in ("bibtex", "csl-json", "ris"):
        output = format_citation(CASES[case], style).rstrip("\n") + "\n"
    else:
        output = "".join(f"== {to}\n{format_citation(CASES[case], style, to)}\n" for to in TARGETS)
    path = GOLDEN / f"{case}.{style}.{EXTENSIONS.get(style, 'txt')}"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(output, encoding="utf-8")
    assert output == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("style", STYLES)
def test_missing_metadata_never_shows_holes(style: str) -> None:
    for case in CASES.values():
        for blank in (
            {},
            {"speaker": None},
            {"authors": ()},
            {"title": None, "url": "https://x.org/a"},
        ):
            text = format_citation(dataclasses.replace(case, **blank), style)
            if style == "csl-json":
                assert "null" not in text and '""' not in text
                continue
            if style == "ris":  # "TAG  - value" lines, each with a value but the last
                lines = text.splitlines()
                assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - \S.*", x) for x in lines[:-1])
                assert lines[-1] == "ER  - " and "None" not in text
                continue
            assert "None" not in text and "()" not in text and "[]" not in text.replace("\\[", "")
            assert " ," not in text and "  " not in text.replace("\n  ", "\n") and ",," not in text
            assert ".." not in text.replace("...", "")


def test_undated_styles_say_nd() -> None:
    kim = CASES["kim_undated"]
    assert "(n.d.)" in format_citation(kim, "apa")
    assert "n.d." in format_citation(kim, "apa").splitlines()[1]
    assert "year" not in format_citation(kim, "bibtex")


def test_markdown_escapes_and_links_the_exact_passage() -> None:
    assert escape_markdown("a *b* [c] _d_ <e>") == r"a \*b\* \[c\] \_d\_ \<e\>"
    assert escape_markdown("# not a heading\n- not a list") == "\\# not a heading\n\\- not a list"
    assert text_fragment("short, sharp & done") == ":~:text=short%2C%20sharp%20%26%20done"
    long = CASES["strokan_url"].text
    assert text_fragment(long) == (
        ":~:text=At%20this%20point%2C%20it%E2%80%99s%20just,"
        "road%2C%20it%E2%80%99s%20a%20real%20possibility."
    )
    cited = format_citation(CASES["strokan_url"])
    assert all(line.startswith(">") for line in cited.splitlines())
    multi = dataclasses.replace(CASES["bare"], text="First paragraph.\n\nSecond one.")
    assert format_citation(multi).splitlines()[:3] == ["> “First paragraph.", ">", "> Second one.”"]


def test_names_and_keys() -> None:
    assert split_name("Fred Weir") == split_name("Fred  Weir")
    assert split_name("Ludwig van Beethoven").surname == "van Beethoven"
    assert split_name("Ludwig van Beethoven").particle == "van"
    assert split_name("Madonna").literal == "Madonna"
    assert split_name("Associated Press").literal == "Associated Press"
    king = split_name("Martin Luther King Jr.")
    assert (king.given, king.family, king.suffix) == ("Martin Luther", "King", "Jr.")
    assert split_name("Martin Luther King, Jr.") == king
    assert re.fullmatch(r"weir2023[0-9a-f]{4}", citation_key(CASES["lukyanov"]))
    # The article's identity, not the quote: two quotes of one article share a key.
    same = dataclasses.replace(CASES["lukyanov"], id=1, text="Other words.", speaker="X Y")
    assert citation_key(same) == citation_key(CASES["lukyanov"])
    assert citation_key(CASES["strokan_url"]) != citation_key(CASES["lukyanov"])
    assert re.fullmatch(r"doe[a-z0-9]+", citation_key(CASES["bare"]))
    assert re.fullmatch(r"[a-z0-9]+", citation_key(CASES["kim_undated"]))


def test_several_and_unknown_style() -> None:
    quotes = [CASES["lukyanov"], CASES["kim_undated"]]
    items = json.loads(format_citations(quotes, "csl-json"))
    assert [i["id"] for i in items] == [citation_key(q) for q in quotes]
    assert format_citations(quotes, "chicago").count("\n\n") == 1
    assert format_citations(quotes, "APA") == format_citations(quotes, "apa")
    with pytest.raises(UnknownStyleError, match="choose one of markdown"):
        format_citation(CASES["lukyanov"], "vancouver")
    with pytest.raises(UnknownStyleError, match="choose one of markdown, text, html"):
        format_citation(CASES["lukyanov"], "apa", to="rtf")


def test_csl_json_renders_with_a_real_processor() -> None:
    citeproc = pytest.importorskip("citeproc")
    from citeproc.source.json import CiteProcJSON

    items = json.loads(format_citations(list(CASES.values())[:2], "csl-json"))
    source = CiteProcJSON(items)
    style = citeproc.CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = citeproc.CitationStylesBibliography(style, source, citeproc.formatter.plain)
    for item in items:
        bibliography.register(citeproc.Citation([citeproc.CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert rendered and "Weir" in rendered[0] and "2023" in rendered[0]
    assert "Putin meets Kim Jong Un" in rendered[0]
    assert "Christian Science Monitor" in rendered[0]


def test_cite_command(sqlite_cli: Cli) -> None:
    seeded_archive(sqlite_cli.home, None)  # the seeds ingested (a copy of one ingest)
    hit = json.loads(sqlite_cli("search", "--expert", "vorontsov", "covid", "--json").stdout)[0]
    result = sqlite_cli("cite", str(hit["id"]), "--style", "apa")
    assert result.exit_code == 0, result.output
    assert "Weir, F. (2023, September 13)." in result.stdout
    assert "(Alexander Vorontsov, as cited in Weir, 2023)" in result.stdout
    searched = sqlite_cli("search", "covid", "--cite", "--limit", "1")
    assert searched.exit_code == 0 and searched.stdout.startswith("> “")
    unknown = sqlite_cli.run("cite", "9999")
    assert unknown.returncode == 1 and "no quote with id 9999" in unknown.stderr
    upper = sqlite_cli("cite", str(hit["id"]), "--style", "APA")
    assert upper.exit_code == 0 and upper.stdout == result.stdout
    searched_apa = sqlite_cli("search", "vorontsov", "--cite", "--style", "APA", "--limit", "1")
    assert searched_apa.exit_code == 0 and "as cited in" in searched_apa.stdout
    html = sqlite_cli("cite", str(hit["id"]), "--style", "chicago", "--to", "html")
    assert html.exit_code == 0 and "<i>The Christian Science Monitor</i>" in html.stdout
    for args in (["cite", str(hit["id"])], ["search", "covid", "--cite"]):
        bad_style = sqlite_cli.run(*args, "--style", "vancouver")
        assert bad_style.returncode == 2 and "unknown style" in bad_style.stderr
        assert (
            len(bad_style.stderr.strip().splitlines()) == 1 and "Traceback" not in bad_style.stderr
        )


def test_cite_reads_precision_fetch_date_and_section(sqlite_cli: Cli) -> None:
    """What the articles table knows reaches the citation through the index."""
    import sqlite3

    seeded_archive(sqlite_cli.home, None)  # the seeds ingested (a copy of one ingest)
    hit = json.loads(sqlite_cli("search", "--expert", "vorontsov", "covid", "--json").stdout)[0]
    with sqlite3.connect(sqlite_cli.home / "quotesdb.sqlite3") as db:
        db.execute(
            "UPDATE articles SET published_precision = 'month', fetched_at = '2024-01-02 10:00:00',"
            " section = 'Europe' WHERE id = (SELECT article_id FROM quotes WHERE id = ?)",
            (hit["id"],),
        )
    assert sqlite_cli("reindex").exit_code == 0
    item = json.loads(sqlite_cli("cite", str(hit["id"]), "--style", "csl-json").stdout)[0]
    assert item["issued"] == {"date-parts": [[2023, 9]]}
    assert item["accessed"] == {"date-parts": [[2024, 1, 2]]} and item["section"] == "Europe"
    apa = sqlite_cli("cite", str(hit["id"]), "--style", "apa").stdout
    assert "Weir, F. (2023, September)." in apa
    every = json.loads(sqlite_cli("search", "--limit", "500", "--json").stdout)
    sibling = next(h for h in every if h["article"] == hit["article"] and h["id"] != hit["id"])
    two = [str(hit["id"]), str(sibling["id"])]
    same_article = json.loads(sqlite_cli("cite", *two, "--style", "csl-json").stdout)
    assert len(same_article) == 1 and same_article[0]["note"].count("Quoting") == 2


def test_a_link_is_unique_on_the_whole_page_not_only_in_the_quote(
    sqlite_cli: Cli, tmp_path: Path
) -> None:
    """The quote's first words occur earlier in the article: the link must skip them."""
    article = tmp_path / "plan.md"
    article.write_text(
        "---\ntitle: Budget row\noutlet: Example Times\nurl: https://example.com/budget\n"
        "published: 2024-05-06\n---\n\n"
        "The plan will fail because nobody has funded it, the opposition said on Monday.\n\n"
        "“The plan will fail because nobody has funded it, and everyone in the ministry "
        "knows that very well by now,” said Ann Lee, an economist at the Example Institute.\n"
    )
    assert sqlite_cli("ingest", str(article)).exit_code == 0
    found = json.loads(sqlite_cli("search", "funded", "--json").output)
    cited = sqlite_cli("cite", str(found[0]["id"])).output
    link = cited.split("#:~:text=", 1)[1].split(")", 1)[0]
    from quotesdb.cite.fragments import find_fragment, parse

    text = article.read_text().split("---\n\n", 1)[1]
    hit = find_fragment(text, parse("#:~:text=" + link))
    assert hit is not None and text[hit[0] - 1] == "“"  # the quote, not the first sentence
