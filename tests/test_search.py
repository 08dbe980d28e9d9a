"""Searching the seeds through the real CLI; the index as a projection of the database."""

from __future__ import annotations

import json
import shutil

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from conftest import Cli, seeded_archive
from quotesdb.db.editing import NewQuote, add_quote
from quotesdb.index.storage import MappedStorage


def _speakers(cli: Cli, *args: str) -> list[str]:
    result = cli("search", *args, "--json")
    assert result.exit_code == 0, result.output
    return [hit["speaker"]["name"] for hit in json.loads(result.stdout)]


@pytest.fixture
def seeded(cli: Cli) -> Cli:
    return seeded_archive(cli.home, cli.url)


def test_expert_filter_forgives_case_accents_and_transliteration(seeded: Cli) -> None:
    for name in ("lukyanov", "LUKIANOV", "Loukianov", "Fyodor Lukyanov", "Lukyánov"):
        assert set(_speakers(seeded, "--expert", name)) == {"Fyodor Lukyanov"}, name
    assert _speakers(seeded, "--expert", "lukyanov") == ["Fyodor Lukyanov"] * 2
    assert _speakers(seeded, "--expert", "Nobody") == []


def test_topic_words_phrase_and_outlet(seeded: Cli) -> None:
    assert set(_speakers(seeded, "--topic", "sanctions")) == {"Sergei Markov", "Fyodor Lukyanov"}
    assert set(_speakers(seeded, "covid")) == {"Alexander Vorontsov"}
    assert set(_speakers(seeded, '"rules-based international order"')) == {"Sergei Markov"}
    assert set(_speakers(seeded, "--topic", "labor")) == {"Sergei Strokan"}
    monitor = json.loads(
        seeded("search", "--outlet", "Christian Science Monitor", "--json", "--limit", "100").stdout
    )
    assert monitor and {h["article"]["outlet"] for h in monitor} == {
        "The Christian Science Monitor"
    }
    hill = _speakers(seeded, "--outlet", "the hill")
    assert hill and set(hill) == {"Kim Jong Un"}
    # A topic's words in a quote are marked, as a search for the words marks them.
    listed = seeded("search", "--topic", "sanctions", "--markdown").stdout
    assert "**sanctioning**" in listed and "\\[**sanctions**\\]" in listed
    phrase = json.loads(seeded("search", '"rules-based international order"', "--json").stdout)
    assert "**rules**-**based** **international** **order**" in phrase[0]["highlights"]


def test_stemming_finds_every_form(seeded: Cli) -> None:
    hits = json.loads(seeded("search", "sanction", "--json").stdout)
    texts = " ".join(h["text"] for h in hits)
    assert "sanctioning" in texts and "sanctioned" in texts and "[sanctions]" in texts
    assert any("**" in h["highlights"] for h in hits)


def test_dates_kind_author_sort_and_facets(seeded: Cli) -> None:
    assert set(_speakers(seeded, "--since", "2023-09-01", "--until", "2023-09-30")) >= {
        "Sergei Markov"
    }
    assert _speakers(seeded, "--until", "2020-01-01") == []
    assert "Kim Jong Un" in _speakers(seeded, "--kind", "partial")
    assert set(_speakers(seeded, "--author", "fred weir")) >= {"Sergei Strokan"}
    dated = json.loads(seeded("search", "--sort", "date", "--json", "--limit", "50").stdout)
    dates = [h["article"]["published"] or "" for h in dated]
    assert dates == sorted(dates, reverse=True)
    faceted = json.loads(seeded("search", "sanction", "--facets", "--json").stdout)
    assert faceted["facets"]["outlet"] == {"The Christian Science Monitor": 4}
    assert set(faceted["facets"]["expert"]) == {"Sergei Markov", "Fyodor Lukyanov"}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"unclosed phrase', "unbalanced quotation mark"),
        ("(sanctions OR labor", "unbalanced parenthesis"),
        ("password:secret", "unknown field `password:`"),
    ],
)
def test_bad_queries_exit_2_with_one_line(seeded: Cli, query: str, message: str) -> None:
    result = seeded.run("search", query)
    assert result.returncode == 2
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_no_hits_is_not_an_error(seeded: Cli) -> None:
    result = seeded.run("search", "xylophone", "--json")
    assert result.returncode == 0 and json.loads(result.stdout) == []
    assert "no quotes found" in result.stderr


def test_a_write_the_index_never_saw_is_found(seeded: Cli) -> None:
    """As if the process died between the database commit and the index commit."""
    engine = create_engine(seeded.url or "")
    with Session(engine) as session, session.begin():
        add_quote(session, NewQuote(text="Zanzibar cloves are rising.", speaker="Ann Spice"))
    engine.dispose()
    assert _speakers(seeded, "zanzibar") == ["Ann Spice"]


def test_edits_and_deletes_reach_the_index(seeded: Cli) -> None:
    [hit] = json.loads(seeded("search", "covid", "--json", "--limit", "1").stdout)
    edited = seeded("edit", str(hit["id"]), "--speaker", "Somebody Else", "--new-expert")
    assert edited.exit_code == 0, edited.output
    assert "Somebody Else" in _speakers(seeded, "covid")
    assert seeded("delete", str(hit["id"]), "--yes").exit_code == 0
    left = json.loads(seeded("search", "covid", "--json").stdout)
    assert left and hit["id"] not in {h["id"] for h in left}


def test_check_repairs_drift_and_damage_is_rebuilt(seeded: Cli) -> None:
    assert seeded("search", "covid").exit_code == 0
    clean = seeded("check", "--json")
    assert clean.exit_code == 0 and json.loads(clean.stdout)["repaired"]["missing"] == []
    index_dir = seeded.home / "index"
    current = index_dir / (index_dir / "CURRENT").read_text().strip()
    for segment in current.glob("*.seg"):
        segment.write_bytes(b"garbage")
    for toc in current.glob("*.toc"):
        toc.write_bytes(b"garbage")
    damaged = seeded.run("search", "covid", "--json")
    assert damaged.returncode == 0 and "rebuilt" in damaged.stderr
    assert json.loads(damaged.stdout)[0]["speaker"]["name"] == "Alexander Vorontsov"
    shutil.rmtree(index_dir)
    assert _speakers(seeded, "covid") == ["Alexander Vorontsov"] * 2


def test_reindex_swaps_in_a_whole_new_index(seeded: Cli, tmp_path: object) -> None:
    before = sorted(h["id"] for h in json.loads(seeded("search", "--json", "--limit", "99").stdout))
    result = seeded("reindex")
    assert result.exit_code == 0, result.output
    after = sorted(h["id"] for h in json.loads(seeded("search", "--json", "--limit", "99").stdout))
    assert before == after and len(after) >= 11
    assert seeded("reindex").exit_code == 0
    index_dir = seeded.home / "index"
    # The current generation and the one before (readers may be opening it) are kept.
    assert sorted(p.name for p in index_dir.glob("gen-*")) == ["gen-2", "gen-3"]
    current = index_dir / (index_dir / "CURRENT").read_text().strip()
    # The rebuild chose the words common enough to index their pairs, and kept them.
    common = MappedStorage(str(current)).open_index().schema["pairs"].words
    assert {"russia", "korea"} <= common


def test_vocabulary_change_rederives_topics(seeded: Cli) -> None:
    vocabulary = seeded.home / "topics.toml"
    vocabulary.write_text('[topics]\nlogistics = ["cornerstone"]\n', encoding="utf-8")
    assert seeded("reindex").exit_code == 0
    assert _speakers(seeded, "topic:logistics") == ["Sergei Strokan"]
    counts = {t["topic"]: t["quotes"] for t in json.loads(seeded("topics", "--json").stdout)}
    assert counts["logistics"] == 1 and "labor" not in counts
