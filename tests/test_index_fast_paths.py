"""The index's fast paths against Whoosh's own: same terms, same matches, same scores."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import index, query
from whoosh.formats import Frequency, Positions

from quotesdb.index import bulk, docsets, phrases, ranking
from quotesdb.index.schema import build_schema, folding, stemmed_positions, stemming
from quotesdb.index.search import Filters, parse_words, search

WORDS = "sanction sanctions sanctioned Moscow Pyongyang arms labour labor the of and a".split()
WORDS += ["naïve", "café", "U.S.", "x", "ab", "rules-based", "order", "it's", "*star"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=12), max_size=40))
def test_stemmed_positions_are_the_analyzers_terms(parts: list[str]) -> None:
    text = " ".join(parts)
    expected = {
        term: Positions().decode_positions(value)
        for term, _freq, _weight, value in Positions().word_values(text, stemming())
    }
    assert stemmed_positions(text) == expected
    for name in ("speaker", "outlet", "author"):  # names: folded, not stemmed
        assert sorted(build_schema()[name].index(text)) == sorted(
            (t.encode(), f, w, v) for t, f, w, v in Positions().word_values(text, folding())
        )
    field = build_schema()["text"]  # no positions: frequencies only
    assert sorted(field.index(text)) == sorted(
        (t.encode(), f, w, v) for t, f, w, v in Frequency().word_values(text, stemming())
    )


def _doc(rng: random.Random, n: int) -> dict[str, Any]:
    day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3000))
    dated = n % 7 != 0
    text = " ".join(rng.choices(WORDS, k=rng.randint(3, 30)))
    return {
        "id": str(n),
        "text": text,
        "description": text,  # the same words in a positional field: Whoosh's own phrases
        "paragraph": " ".join(rng.choices(WORDS, k=rng.randint(0, 20))),
        "speaker": rng.choice(["Sergei Markov", "Fyodor Lukyanov", "Jane Doe"]),
        "name": "someone",
        "expert_id": "1",
        "topic": rng.choice(["sanctions", "labor", ""]),
        "day": day.toordinal() if dated else 0,
        "published": day.isoformat() if dated else "",
        "kind": "full",
    }


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Several segments (as a large rebuild makes) and some deleted documents."""
    folder: Path = tmp_path_factory.mktemp("ix")
    made = index.create_in(str(folder), build_schema())
    rng = random.Random(7)
    original = bulk.SEGMENT_DOCS
    bulk.SEGMENT_DOCS = 150
    try:
        assert bulk.add_documents(made, (_doc(rng, n) for n in range(400))) == 400
    finally:
        bulk.SEGMENT_DOCS = original
    with made.writer() as writer:
        for gone in range(0, 400, 9):
            writer.delete_by_term("id", str(gone))
    return made


QUERIES = ["sanction", "moscow arms", "labour OR labor", "naïve café", "order x", "the"]


@pytest.mark.parametrize("words", QUERIES)
def test_block_ranking_gives_whooshs_matches_and_scores(ix: Any, words: str) -> None:
    parsed = parse_words(ix, words)
    if parsed is query.NullQuery:  # "the" alone is a stop word: nothing to rank
        return
    plan = ranking.plan(parsed)
    assert plan is not None and not plan.phrases
    with ix.searcher() as searcher:
        ours = ranking.scores(searcher, plan.groups)
        theirs = {hit.docnum: hit.score for hit in searcher.search(parsed, limit=None)}
    assert ours.keys() == theirs.keys() and ours
    for doc, score in theirs.items():
        assert ours[doc] == pytest.approx(score, rel=1e-6)


@pytest.mark.parametrize("seed", range(6))
def test_phrases_checked_on_stored_text_match_positional_phrases(ix: Any, seed: int) -> None:
    rng = random.Random(seed)
    found = 0
    with ix.searcher() as searcher:
        for _ in range(15):
            words = stemmed_positions(" ".join(rng.choices(WORDS[:12], k=rng.randint(2, 3))))
            terms = sorted(words, key=lambda t: min(words[t]))
            if len(terms) < 2:
                continue
            ours = docsets.docs(searcher, phrases.StoredPhrase("text", terms))
            theirs = set(searcher.docs_for_query(query.Phrase("description", terms)))
            assert ours == theirs
            found += len(ours)
    assert found  # the phrases drawn do occur


@pytest.mark.parametrize("words", ['"moscow arms"', 'sanction "arms labour"', '"order x" OR café'])
def test_phrases_ranked_here_find_what_whoosh_finds(ix: Any, words: str) -> None:
    parsed = parse_words(ix, words)
    with ix.searcher() as searcher:
        expected = {int(searcher.stored_fields(n)["id"]) for n in searcher.docs_for_query(parsed)}
    found = search(ix, words, Filters(), limit=1000)
    assert expected and {hit.id for hit in found.hits} == expected
    assert found.total == len(expected)
    best = search(ix, words, Filters(), limit=3)
    assert [h.id for h in best.hits] == [h.id for h in found.hits[:3]]


def test_wildcards_and_not_are_left_to_whoosh(ix: Any) -> None:
    assert ranking.plan(parse_words(ix, "mosc*")) is None
    assert ranking.plan(parse_words(ix, "moscow NOT arms")) is None


@pytest.mark.parametrize(
    "q",
    [
        query.Term("topic", "labor"),
        query.NumericRange(
            "day", dt.date(2016, 1, 1).toordinal(), dt.date(2017, 6, 30).toordinal()
        ),
        query.And([query.Term("speaker", "markov"), query.Term("text", "arm")]),
        query.Or([query.Term("topic", "sanctions"), query.Term("paragraph", "moscow")]),
        query.FuzzyTerm("speaker", "lukianov", maxdist=2, prefixlength=1),
    ],
)
def test_block_docsets_match_whoosh(ix: Any, q: query.Query) -> None:
    with ix.searcher() as searcher:
        expected = set(searcher.docs_for_query(q))
        assert docsets.docs(searcher, q) == expected and expected


@pytest.mark.parametrize("limit", [1, 5, 500])
def test_newest_first_walks_days_or_sorts_the_same(ix: Any, limit: int) -> None:
    with ix.searcher() as searcher:
        allowed = set(searcher.document_numbers())
        day = searcher.reader().column_reader("day")
        expected = sorted(allowed, key=lambda n: (-day[n], n))[:limit]
        original = docsets._SORT_BY_COLUMN
        try:
            for threshold in (0, 10**9):  # walking the days, and sorting by the column
                docsets._SORT_BY_COLUMN = threshold
                assert docsets.newest(searcher, allowed, limit) == expected
        finally:
            docsets._SORT_BY_COLUMN = original
        if limit == 500:  # more than there are: the undated (day 0) come last
            assert day[expected[-1]] == 0 and day[expected[0]] > 0


def test_search_with_a_held_searcher_sees_the_same(ix: Any) -> None:
    filters = Filters(since=dt.date(2016, 1, 1), until=dt.date(2018, 12, 31))
    with ix.searcher() as held:
        kept = search(ix, "sanction", filters, searcher=held)
    fresh = search(ix, "sanction", filters)
    assert [h.id for h in kept.hits] == [h.id for h in fresh.hits] and kept.total == fresh.total
    assert all(h.published and 2016 <= h.published.year <= 2018 for h in fresh.hits)


def test_everyday_commits_merge_small_segments_never_bulk_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = index.create_in(str(tmp_path), build_schema())
    rng = random.Random(3)
    monkeypatch.setattr(bulk, "SEGMENT_DOCS", 50)
    monkeypatch.setattr(bulk, "SMALL_SEGMENT_DOCS", 10)
    bulk.add_documents(made, (_doc(rng, n) for n in range(200)))
    for n in range(200, 215):  # fifteen one-quote commits, as hand edits make
        writer = made.writer()
        writer.update_document(**_doc(rng, n))
        writer.commit(mergetype=bulk.merge_small_segments)
        sizes = sorted(s.doc_count_all() for s in made._segments())
        assert sizes.count(50) == 4  # the bulk segments are never merged
        assert len(sizes) - 4 <= 9  # the small ones are, once there are more than eight
    assert made.doc_count() == 215
    assert len(made._segments()) < 4 + 15


def _postings_of(ix: Any) -> dict[tuple[str, bytes], list[tuple[int, float, bytes]]]:
    with ix.searcher() as searcher:
        reader = searcher.reader()
        out = {}
        for fieldname, btext in reader.all_terms():
            matcher = reader.postings(fieldname, btext)
            found = []
            while matcher.is_active():
                found.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            out[(fieldname, btext)] = found
        return out


def test_bulk_writer_writes_what_whooshs_writer_writes(tmp_path: Path) -> None:
    rng = random.Random(11)
    docs = [_doc(rng, n) for n in range(300)]
    docs[5]["speaker"] = "Fyodor Lukyanov | wikidata:Q123 | Фёдор Лукьянов"
    (tmp_path / "ours").mkdir()
    (tmp_path / "theirs").mkdir()
    ours = index.create_in(str(tmp_path / "ours"), build_schema())
    bulk.add_documents(ours, iter(docs))
    theirs = index.create_in(str(tmp_path / "theirs"), build_schema())
    with theirs.writer() as writer:
        for doc in docs:
            writer.add_document(**doc)
    assert _postings_of(ours) == _postings_of(theirs)
    with ours.searcher() as a, theirs.searcher() as b:
        assert list(a.all_stored_fields()) == list(b.all_stored_fields())
        for name in ("text", "paragraph", "speaker", "description"):
            assert [a.reader().doc_field_length(n, name) for n in range(300)] == [
                b.reader().doc_field_length(n, name) for n in range(300)
            ]
        day_a, day_b = a.reader().column_reader("day"), b.reader().column_reader("day")
        assert [day_a[n] for n in range(300)] == [day_b[n] for n in range(300)]
