"""The editions' rules, one class at a time (invented names and titles).

Title case is CMOS 17 (not 18) and MLA 9; APA 7; Harvard is Cite Them Right.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from test_cite_golden import BASE, TWENTY_TWO

from quotesdb.cite import CitableQuote, format_citation, format_citations
from quotesdb.cite.titles import title_case


def cite(q: CitableQuote, style: str) -> str:
    return format_citation(q, style, to="text")


def with_(**changes: object) -> CitableQuote:
    return dataclasses.replace(BASE, **changes)  # type: ignore[arg-type]


# ---- title case ---------------------------------------------------------------------


def test_cmos_17_and_mla_9_lower_case_every_preposition() -> None:
    q = with_(title="Talks between allies over arms: a story about the budget")
    cased = "Talks between Allies over Arms: A Story about the Budget"
    assert f"“{cased},”" in cite(q, "chicago")
    assert f"“{cased}.”" in cite(q, "mla")
    # CMOS 18 would print "Between"; the edition is 17, as the CSL Chicago style.
    assert "Between" not in cite(q, "chicago")
    # APA 7 6.17 title case (an authorless article in text): four letters or more up.
    untitled = dataclasses.replace(q, authors=())
    assert "“Talks Between Allies Over Arms: A Story About the Budget,”" in cite(untitled, "apa")
    assert title_case("the way out") == "The Way Out"  # the first and last word always


def test_other_languages_keep_their_capitals() -> None:
    for title, language in (
        ("Warum die Sanktionen nicht wirken", "de"),
        ("Почему санкции не работают", "ru-RU"),
    ):
        q = with_(title=title, language=language)
        for style in ("chicago", "mla", "apa"):
            assert title in cite(q, style), (style, language)
        assert json.loads(format_citation(q, "csl-json"))[0]["language"] == language
    assert "Warum Die" in cite(with_(title="Warum die"), "chicago")  # English when unsaid


def test_markup_looking_text_is_never_recased() -> None:
    q = with_(title="Why <b> and <B> tags break feeds &amp; more")
    assert "Why <b> and <B> Tags Break Feeds &amp; More" in cite(q, "chicago")


@pytest.mark.parametrize("style", ["chicago", "mla", "apa", "harvard"])
def test_a_title_ending_in_a_period_is_not_doubled(style: str) -> None:
    text = cite(with_(title="The end of local media."), style)
    assert ".." not in text and ("Media." in text or "media." in text)


def test_bibtex_title_period_is_not_doubled_by_pandoc(tmp_path: Path) -> None:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        if os.environ.get("CI"):
            pytest.fail("pandoc is needed under CI")
        pytest.skip("pandoc not installed")
    q = with_(title="The end of local media.")
    bib = tmp_path / "quotes.bib"
    bib.write_text(format_citations([q], "bibtex"), encoding="utf-8")
    key = bib.read_text(encoding="utf-8").split("{", 1)[1].split(",", 1)[0]
    done = subprocess.run(
        [pandoc, "--citeproc", "-f", "markdown", "-t", "plain", f"--bibliography={bib}"],
        input=f"See [@{key}].",
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Media." in done.stdout and ".." not in done.stdout


# ---- access dates and n.d. ------------------------------------------------------------


def test_chicago_and_mla_print_the_access_date_of_an_undated_page() -> None:
    undated = with_(published=None, fetched=dt.date(2024, 1, 5))
    assert "The Daily Planet, accessed January 5, 2024, https://" in cite(undated, "chicago")
    assert cite(undated, "mla").split("\n")[0].endswith("Accessed 5 Jan. 2024.")
    bare = with_(published=None)
    assert "The Daily Planet, n.d., https://" in cite(bare, "chicago")  # CMOS 17 15.44
    assert "n.d." not in cite(bare, "mla")  # MLA never prints n.d.
    dated = with_(fetched=dt.date(2024, 1, 5))  # a dated page needs no access date
    assert "ccessed" not in cite(dated, "chicago") + cite(dated, "mla")
    assert "(Accessed: 5 January 2024)" in cite(dated, "harvard")


# ---- names ----------------------------------------------------------------------------


def test_inverted_bylines_cjk_order_and_particles() -> None:
    doe = with_(authors=("Doe, Jane",))
    assert cite(doe, "chicago").startswith("Jane Doe, “")
    assert cite(doe, "apa").startswith("Doe, J. (2023")
    assert "Jane, Doe" not in cite(doe, "mla") and cite(doe, "mla").startswith("Doe, Jane.")
    cjk = with_(authors=("山田 太郎",))
    assert cite(cjk, "chicago").startswith("山田太郎, “")
    assert cite(cjk, "apa").startswith("山田太郎. (2023") and "(山田, 2023)" in cite(cjk, "apa")
    von = with_(authors=("Ursula von der Brink",), speaker="Ann Ray")
    assert "(Ann Ray, as cited in von der Brink, 2023)" in cite(von, "apa")
    assert "(qtd. in von der Brink)" in cite(von, "mla")
    assert "quoted in von der Brink, 2023)" in cite(von, "harvard")
    assert "Ursula von der Brink, “" in cite(von, "chicago")


def test_the_stored_kind_decides_person_or_organisation() -> None:
    org = with_(authors=("Harbour Watch",), author_kinds=("organisation",))
    assert cite(org, "apa").startswith("Harbour Watch. (2023")
    assert json.loads(format_citation(org, "csl-json"))[0]["author"] == [
        {"literal": "Harbour Watch"}
    ]
    person = with_(authors=("Grace Media",), author_kinds=("person",))  # "media" is no firm
    assert cite(person, "apa").startswith("Media, G. (2023")
    guessed = with_(authors=("Grace Media",))  # no kind stored: the word list decides
    assert cite(guessed, "apa").startswith("Grace Media. (2023")


# ---- edition rules --------------------------------------------------------------------


def test_apa_lists_nineteen_authors_an_ellipsis_and_the_last() -> None:
    entry = cite(with_(authors=TWENTY_TWO), "apa").split("\n")[0]
    assert entry.count(", ") > 19 and "Sabab, A., … Vabab, A. (2023" in entry
    assert "Tabab" not in entry and "Uabab" not in entry and "&" not in entry
    twenty = cite(with_(authors=TWENTY_TWO[:20]), "apa")
    assert "…" not in twenty and ", & Tabab, A. (2023" in twenty


def test_harvard_names_three_authors_and_cuts_four() -> None:
    three = with_(authors=("Ann Lee", "Bo Chen", "Cy Diaz"))
    assert cite(three, "harvard").startswith("Lee, A., Chen, B. and Diaz, C. (2023)")
    assert "(Lee, Chen and Diaz, 2023)" in cite(three, "harvard")
    four = with_(authors=("Ann Lee", "Bo Chen", "Cy Diaz", "Di Eck"))
    assert cite(four, "harvard").startswith("Lee, A. et al. (2023)")
    assert "(Lee et al., 2023)" in cite(four, "harvard")


def test_one_authors_two_works_in_a_year_are_2023a_and_2023b() -> None:
    first = with_(title="Rates stay put", url="https://example.org/1")
    second = with_(title="A bank waits", url="https://example.org/2")
    other_year = with_(title="Older", url="https://example.org/3", published=dt.date(2022, 1, 2))
    apa = format_citations([first, second, other_year], "apa", to="text")
    assert "Quill, J. (2023a, September 13). A bank waits." in apa
    assert "Quill, J. (2023b, September 13). Rates stay put." in apa
    assert "(Quill, 2023a)" in apa and "(Quill, 2023b)" in apa and "(2022, January 2)" in apa
    harvard = format_citations([first, second], "harvard", to="text")
    assert "Quill, J. (2023b) ‘Rates stay put’" in harvard and "(Quill, 2023a)" in harvard
    alone = format_citations([first], "apa", to="text")
    assert "2023a" not in alone  # one work: no letter
    undated = [dataclasses.replace(q, published=None) for q in (first, second)]
    assert "(Quill, n.d.-a)" in format_citations(undated, "apa", to="text")


def test_quotation_marks_alternate_inside_titles() -> None:
    single = with_(title="Why ‘rules’ matter now")
    assert "‘Why “rules” matter now’" in cite(single, "harvard")
    double = with_(title='Why "rules" matter now')
    assert "‘Why “rules” matter now’" in cite(double, "harvard")
    assert "“Why ‘Rules’ Matter Now,”" in cite(double, "chicago")
    assert "“Why ‘Rules’ Matter Now.”" in cite(double, "mla")
    apostrophe = with_(title="The region’s quiet recovery")
    assert "‘The region’s quiet recovery’" in cite(apostrophe, "harvard")


def test_a_personal_communication_carries_its_date() -> None:
    call = CitableQuote(
        id=1,
        text="I will call back.",
        speaker="Ann Ray",
        speaker_description=None,
        title=None,
        url=None,
        outlet=None,
        authors=(),
        published=dt.date(2023, 3, 2),
    )
    assert cite(call, "chicago") == "Ann Ray, personal communication, March 2, 2023."
    assert cite(call, "apa") == "In text: (A. Ray, personal communication, March 2, 2023)"
    assert cite(call, "mla") == "Ray, Ann. Personal communication. 2 Mar. 2023."
    assert cite(call, "harvard") == "Ann Ray, personal communication, 2 March 2023."
    assert "DA  - 2023/03/02/" in format_citation(call, "ris")
    assert "date = {2023-03-02}" in format_citation(call, "bibtex")


# ---- BibTeX ---------------------------------------------------------------------------


def test_bibtex_newspaper_subtype_undated_outlet_and_particles() -> None:
    dated = format_citation(with_(authors=("Ursula von der Brink", "Ludo Van Dam")), "bibtex")
    assert dated.startswith("@article{") and "entrysubtype = {newspaper}" in dated
    # The particle outside the braces (a reader's "von" part), a capitalised two-word
    # family name braced so that no reader splits it.
    assert "author = {von der Brink, Ursula and {Van Dam}, Ludo}" in dated
    undated = format_citation(with_(published=None), "bibtex")
    assert undated.startswith("@article{") and "organization" not in undated
    assert "journaltitle = {The Daily Planet}" in undated and "year =" not in undated
