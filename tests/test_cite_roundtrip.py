"""Round trips: what other readers make of quotesdb's BibTeX, CSL-JSON and RIS.

BibTeX and CSL-JSON go through pandoc's citeproc (Debian `pandoc`, `make pandoc`) and
citation-js (npm, tests/citeproc); RIS through rispy. None may lose an author (a person's
parts or an organisation's whole name), the date at its precision, the URL, the access
date or the outlet. Without a reader the test skips, except under CI, where it fails.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from node_tools import node_with, tool
from test_cite_golden import CASES

from quotesdb.cite import CitableQuote, format_citations

HERE = Path(__file__).parent / "citeproc"
PERSONAL = CitableQuote(
    id=900,
    text="I will call back.",
    speaker="Ann Ray",
    speaker_description=None,
    title=None,
    url=None,
    outlet=None,
    authors=(),
    published=dt.date(2023, 3, 2),
)
QUOTES = [*CASES.values(), PERSONAL]


def _person(name: dict[str, str]) -> str:
    """One name as a reader holds it, particles (dropping or not) in their place."""
    if "literal" in name:
        return name["literal"]
    parts = ("given", "dropping-particle", "non-dropping-particle", "family", "suffix")
    return " ".join(" ".join(name.get(p, "").split()) for p in parts if name.get(p))


def essentials(item: dict[str, Any]) -> dict[str, Any]:
    """What must survive: authors, dates with their precision, URL, outlet."""
    return {
        "author": [_person(n) for n in item.get("author", [])],
        "issued": item.get("issued", {}).get("date-parts"),
        "accessed": item.get("accessed", {}).get("date-parts"),
        "URL": item.get("URL"),
        "container-title": item.get("container-title"),
    }


def _ours() -> dict[str, dict[str, Any]]:
    return {i["id"]: essentials(i) for i in json.loads(format_citations(QUOTES, "csl-json"))}


def _by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(i["id"]): essentials(i) for i in items}


def _numbers(items: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Readers write date parts as numbers or strings: compare numbers."""
    for item in items.values():
        for key in ("issued", "accessed"):
            if item[key]:
                item[key] = [[int(p) for p in parts] for parts in item[key]]
    return items


def test_the_cases_cover_every_kind_of_name_and_date() -> None:
    ours = _ours()
    assert len(ours) == len(QUOTES)  # one article each
    authors = [a for item in ours.values() for a in item["author"]]
    assert "Ursula von der Brink" in authors and "Harbour Watch" in authors
    assert "Martin Luther King Jr." in authors and "太郎 山田" in authors
    dates = [len(i["issued"][0]) for i in ours.values() if i["issued"]]
    assert {1, 2, 3} <= set(dates) and any(i["accessed"] for i in ours.values())


@pytest.mark.parametrize("kind", ["bibtex", "csl-json"])
def test_pandoc_reads_back_every_author_date_url_and_outlet(kind: str) -> None:
    pandoc = tool("pandoc")
    source = "bibtex" if kind == "bibtex" else "csljson"
    done = subprocess.run(
        [pandoc, "-f", source, "-t", "csljson"],
        input=format_citations(QUOTES, kind),
        capture_output=True,
        text=True,
        check=True,
    )
    assert _numbers(_by_id(json.loads(done.stdout))) == _ours()


def _citation_js(kind: str, text: str) -> list[dict[str, Any]]:
    node = node_with("@citation-js/plugin-bibtex")
    done = subprocess.run(
        [node, str(HERE / "convert.cjs"), kind],
        input=text,
        capture_output=True,
        text=True,
        check=True,
    )
    items: list[dict[str, Any]] = json.loads(done.stdout)
    return items


@pytest.mark.parametrize("kind", ["bibtex", "csl-json"])
def test_citation_js_reads_back_every_author_date_url_and_outlet(kind: str) -> None:
    items = _citation_js("bibtex" if kind == "bibtex" else "csl", format_citations(QUOTES, kind))
    # biblatex has no literal name: a braced organisation comes back as one family name,
    # whole ("Harbour Watch"), which is all a reader needs to cite it.
    assert _numbers(_by_id(items)) == _ours()


def test_rispy_reads_back_types_authors_dates_url_and_access_date() -> None:
    import rispy

    text = format_citations(QUOTES, "ris")
    records = rispy.loads(text)
    assert len(records) == len(QUOTES)
    by_id = {r["id"]: r for r in records}
    ours = json.loads(format_citations(QUOTES, "csl-json"))
    for item in ours:
        record = by_id[item["id"]]
        expected = {"article-newspaper": "NEWS", "webpage": "ELEC"}.get(item["type"], "PCOMM")
        assert record["type_of_reference"] == expected
        names = [_person(n) for n in item.get("author", [])]
        assert len(record.get("authors", [])) == len(names)
        for written, name in zip(record.get("authors", []), names, strict=True):
            family, _, given = written.partition(", ")
            assert set(f"{given} {family}".replace(",", " ").split()) == set(name.split())
        parts = item.get("issued", {}).get("date-parts", [[]])[0]
        if parts:
            assert record["year"] == str(parts[0])
            cells = record["date"].split("/")
            assert [int(c) for c in cells if c] == parts
        assert record.get("urls", [None])[0] == item.get("URL")
        accessed = item.get("accessed", {}).get("date-parts", [[]])[0]
        if accessed:
            assert [int(c) for c in record["access_date"].split("/") if c] == accessed
        assert record.get("secondary_title") == item.get("container-title")


def test_a_month_and_a_year_keep_their_precision_in_ris() -> None:
    import rispy

    month = dataclasses.replace(CASES["month"])
    year = dataclasses.replace(CASES["year"])
    records = rispy.loads(format_citations([month, year], "ris"))
    assert [r["date"] for r in records] == ["2023/09//", "2023///"]
