"""Topic words are stemmed without a search engine, the same on every backend."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO
from quotesdb.search.text import stems
from quotesdb.topics import make_matcher


def test_stems_fold_case_and_accents_and_drop_stop_words() -> None:
    assert stems("The Sanctioning of Économies, a Z") == ("sanction", "economi")


def test_a_topic_is_found_by_another_form_of_its_words() -> None:
    match = make_matcher({"trade": ["tariff", "trade war"], "energy": ["gas prices"]})
    assert match("Tariffs were raised in the trading wars.", None) == {"trade"}
    assert match("Nothing here.", "Gas priced higher.") == {"energy"}


def test_topic_matching_loads_no_search_engine() -> None:
    probe = (
        "import sys; from quotesdb.topics import make_matcher; "
        "make_matcher({'t': ['word']})('words', None); "
        "print(any(m.startswith('whoosh') for m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"
