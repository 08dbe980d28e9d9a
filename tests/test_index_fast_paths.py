"""The index's fast paths against Whoosh's own: same terms, same matches, same scores."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from whoosh import highlight, index, query
from whoosh.formats import Frequency, Positions

from quotesdb.index import arrays, bulk, docsets, memo, phrases, ranking
from quotesdb.index.schema import (
    TermSequences,
    build_schema,
    common_words,
    folding,
    mark_terms,
    stemmed_positions,
    stemmed_terms,
    stemming,
    term_codes,
)
from quotesdb.index.search import Filters, _Stars, parse_words, search

WORDS = "sanction sanctions sanctioned Moscow Pyongyang arms labour labor the of and a".split()
WORDS += ["naïve", "café", "U.S.", "x", "ab", "rules-based", "order", "it's", "*star"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS) | st.text(max_size=12), max_size=40),
    st.sets(st.sampled_from(WORDS) | st.text(max_size=6), max_size=4),
)
def test_marking_gives_whooshs_highlights(parts: list[str], asked: set[str]) -> None:
    """Search marks hits itself; the text must come out as Whoosh's highlighter gives it."""
    text = " ".join(parts)
    terms = {t.text for word in asked for t in stemming()(word, removestops=False)}
    whole = highlight.WholeFragmenter()
    expected = highlight.highlight(text, terms, stemming(), whole, _Stars(), minscore=0)
    assert mark_terms(text, terms) == (expected or text)


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
    paragraph = " ".join(rng.choices(WORDS, k=rng.randint(0, 20)))
    return {
        "id": str(n),
        "text": text,
        "description": text,  # the same words in a positional field: Whoosh's own phrases
        "paragraph": paragraph,
        "pairs": (text, paragraph),
        # Some without: checked on the stored text alone, as in an index made before it.
        **({"sequence": (text, paragraph)} if n % 11 else {}),
        "speaker": rng.choice(["Sergei Markov", "Fyodor Lukyanov", "Jane Doe"]),
        "name": "someone",
        "expert_id": "1",
        "topic": rng.choice(["sanctions", "labor", ""]),
        "day": day.toordinal() if dated else 0,
        "published": day.isoformat() if dated else "",
        "kind": "full",
    }


def _some_common(docs: list[dict[str, Any]]) -> frozenset[str]:
    """Half the common words: phrases of both kinds, with and without indexed pairs."""
    return frozenset(sorted(common_words(docs))[::2])


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Several segments (as a large rebuild makes) and some deleted documents."""
    folder: Path = tmp_path_factory.mktemp("ix")
    rng = random.Random(7)
    docs = [_doc(rng, n) for n in range(400)]
    made = index.create_in(str(folder), build_schema(_some_common(docs)))
    original = bulk.SEGMENT_DOCS, arrays.MIN_POSTINGS
    bulk.SEGMENT_DOCS, arrays.MIN_POSTINGS = 150, 30  # common terms also get arrays
    try:
        assert bulk.add_documents(made, iter(docs)) == 400
    finally:
        bulk.SEGMENT_DOCS, arrays.MIN_POSTINGS = original
    with made.writer() as writer:
        for gone in range(0, 400, 9):
            writer.delete_by_term("id", str(gone))
    return made


QUERIES = ["sanction", "moscow arms", "labour OR labor", "naïve café", "order x", "the"]


@pytest.fixture(params=["python", "numpy", "numpy-postings"])
def scorer(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every way of ranking: loops over Whoosh's blocks, numpy over arrays with archive-size
    scratch arrays, and numpy in arrays the size of the postings (a very large archive)."""
    _use_numpy(monkeypatch, request.param != "python")
    if request.param == "numpy-postings":
        from quotesdb.index import dense

        monkeypatch.setattr(dense, "MASK_DOCS", 0)
    return str(request.param)


def _use_numpy(monkeypatch: pytest.MonkeyPatch, always: bool) -> None:
    threshold = -(10**9) if always else 10**9
    monkeypatch.setattr(docsets, "NUMPY_BEFORE_IMPORT", threshold)
    monkeypatch.setattr(docsets, "NUMPY_AFTER_IMPORT", threshold)
    monkeypatch.setattr(docsets, "NUMPY_SORT_AFTER_IMPORT", threshold)


@pytest.mark.parametrize("words", QUERIES)
def test_block_ranking_gives_whooshs_matches_and_scores(ix: Any, words: str, scorer: str) -> None:
    parsed = parse_words(ix.schema, words)
    if parsed is query.NullQuery:  # "the" alone is a stop word: nothing to rank
        return
    plan = ranking.plan(parsed)
    assert plan is not None and not plan.phrases
    with ix.searcher() as searcher:
        ours = ranking.scores(searcher, plan.groups)
        assert isinstance(ours, ranking.ScoreDict) == (scorer == "python")
        theirs = {hit.docnum: hit.score for hit in searcher.search(parsed, limit=None)}
        best = [hit.docnum for hit in searcher.search(parsed, limit=7)]
    assert ours.docs() == theirs.keys() and len(ours) == len(theirs) > 0
    for doc, score in theirs.items():
        assert ours.score(doc) == pytest.approx(score, rel=1e-6)
    assert [doc for doc, _score in ours.best(7)] == best
    assert [doc for doc, _score in ours.best_first()][:7] == best


def test_both_rankings_give_identical_scores(ix: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = parse_words(ix.schema, "sanction moscow OR arms")
    plan = ranking.plan(parsed)
    assert plan is not None
    allowed = set(range(0, 400, 3))
    with ix.searcher() as searcher:
        _use_numpy(monkeypatch, False)
        loops = ranking.scores(searcher, plan.groups, allowed)
        _use_numpy(monkeypatch, True)
        arrays = ranking.scores(searcher, plan.groups, allowed)
        from quotesdb.index import dense

        monkeypatch.setattr(dense, "MASK_DOCS", 0)  # no archive-size scratch arrays
    with ix.searcher() as fresh:  # nothing kept from the searches above
        postings = ranking.scores(fresh, plan.groups, allowed)
    assert isinstance(loops, ranking.ScoreDict) and not isinstance(arrays, ranking.ScoreDict)
    assert loops.docs() == arrays.docs() and loops.docs() <= allowed and len(loops) > 0
    assert all(loops.score(doc) == arrays.score(doc) for doc in loops.docs())  # bit for bit
    assert loops.best(len(loops)) == arrays.best(len(loops)) == postings.best(len(loops))
    assert all(postings.score(doc) == arrays.score(doc) for doc in loops.docs())


def test_phrases_checked_on_stored_text_match_positional_phrases(ix: Any, scorer: str) -> None:
    rng = random.Random(5)
    found = narrowed = unpaired = 0
    with ix.searcher() as searcher:
        for _ in range(90):
            words = stemmed_positions(" ".join(rng.choices(WORDS[:12], k=rng.randint(2, 3))))
            terms = sorted(words, key=lambda t: min(words[t]))
            if len(terms) < 2:
                continue
            ours = docsets.docs(searcher, phrases.StoredPhrase("text", terms))
            theirs = set(searcher.docs_for_query(query.Phrase("description", terms)))
            assert ours == theirs
            found += len(ours)
            paired = phrases.pair_docs(searcher, terms)
            if paired is None:
                unpaired += 1
            else:  # narrowed by pairs: never past a document that has the phrase
                assert theirs <= paired < set(searcher.document_numbers())
                narrowed += 1
    assert found  # the phrases drawn do occur
    assert narrowed and unpaired  # some phrases have pairs indexed, some do not


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), max_size=30),
    st.lists(st.sampled_from(WORDS), max_size=12),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=4),
)
def test_term_sequences_rule_out_exactly_the_texts_without_the_phrase(
    text: list[str], paragraph: list[str], phrase: list[str]
) -> None:
    words = stemmed_terms(" ".join(phrase))[1]
    assume(words)
    value = TermSequences().to_column_value((" ".join(text), " ".join(paragraph)))
    codes = term_codes(words)
    for parts, texts in (((0,), [text]), ((1,), [paragraph]), ((0, 1), [text, paragraph])):
        expected = any(phrases.has_phrase(" ".join(t), words) for t in texts)
        assert phrases._holds(value, codes, parts) == expected  # no two of WORDS share a code


def test_an_index_without_term_sequences_checks_phrases_on_the_stored_text(
    tmp_path: Path,
) -> None:
    rng = random.Random(3)
    docs = [_doc(rng, n) for n in range(200)]
    schema = build_schema()
    schema.remove("sequence")  # as an index made before the column
    for doc in docs:
        doc.pop("sequence", None)
    old = index.create_in(str(tmp_path), schema)
    bulk.add_documents(old, iter(docs))
    with old.searcher() as searcher:
        assert phrases.may_hold_all(searcher, [(("text",), ["moscow", "arm"])])(0)
        for words in (["moscow", "arm"], ["sanction", "order"], ["arm", "labour"]):
            ours = docsets.docs(searcher, phrases.StoredPhrase("text", words))
            assert ours == set(searcher.docs_for_query(query.Phrase("description", words)))


@pytest.mark.parametrize("words", ['"moscow arms"', 'sanction "arms labour"', '"order x" OR café'])
def test_phrases_ranked_here_find_what_whoosh_finds(ix: Any, words: str, scorer: str) -> None:
    parsed = parse_words(ix.schema, words)
    with ix.searcher() as searcher:
        expected = {int(searcher.stored_fields(n)["id"]) for n in searcher.docs_for_query(parsed)}
    found = search(ix, words, Filters(), limit=1000)
    assert expected and {hit.id for hit in found.hits} == expected
    assert found.total == len(expected)
    best = search(ix, words, Filters(), limit=3)
    assert [h.id for h in best.hits] == [h.id for h in found.hits[:3]]


def test_wildcards_and_not_are_left_to_whoosh(ix: Any) -> None:
    assert ranking.plan(parse_words(ix.schema, "mosc*")) is None
    assert ranking.plan(parse_words(ix.schema, "moscow NOT arms")) is None


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
        query.NumericRange("day", dt.date(2017, 3, 1).toordinal(), None),
        query.NumericRange("day", None, dt.date(2016, 2, 1).toordinal()),
        query.NumericRange("day", 0, 0),  # the undated
        query.NumericRange(
            "day",
            dt.date(2016, 1, 1).toordinal(),
            dt.date(2016, 12, 31).toordinal(),
            startexcl=True,
            endexcl=True,
        ),
    ],
)
def test_block_docsets_match_whoosh(ix: Any, q: query.Query, scorer: str) -> None:
    with ix.searcher() as searcher:
        expected = set(searcher.docs_for_query(q))
        assert docsets.docs(searcher, q) == expected and expected


@pytest.mark.parametrize("limit", [1, 5, -3, 500])
def test_newest_first_walks_days_or_sorts_the_same(
    ix: Any, limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ix.searcher() as searcher:
        allowed = set(searcher.document_numbers())
        day = searcher.reader().column_reader("day")
        ties = limit < 0  # -3: three past the dated, so the cut falls among the undated
        if ties:
            limit = sum(1 for n in allowed if day[n]) + 3
        expected = sorted(allowed, key=lambda n: (-day[n], n))[:limit]
        for sort_below, numpy in ((0, False), (10**9, False), (0, True)):
            # walking the days, sorting by the column in Python, and in numpy
            monkeypatch.setattr(docsets, "_SORT_BY_COLUMN", sort_below)
            _use_numpy(monkeypatch, numpy)
            assert docsets.newest(searcher, allowed, limit) == expected
        if ties:  # ties of day 0 cut in index order
            assert day[expected[-1]] == 0 and day[expected[-4]] > 0
        if limit == 500:  # more than there are: the undated (day 0) come last
            assert day[expected[-1]] == 0 and day[expected[0]] > 0


def test_search_with_a_held_searcher_sees_the_same(ix: Any) -> None:
    filters = Filters(since=dt.date(2016, 1, 1), until=dt.date(2018, 12, 31))
    with ix.searcher() as held:
        kept = search(ix, "sanction", filters, searcher=held)
    fresh = search(ix, "sanction", filters)
    assert [h.id for h in kept.hits] == [h.id for h in fresh.hits] and kept.total == fresh.total
    assert all(h.published and 2016 <= h.published.year <= 2018 for h in fresh.hits)


@pytest.mark.parametrize("words", ["sanction", "moscow arms", "labour OR labor", '"the order"'])
def test_what_a_searcher_keeps_changes_no_answer(ix: Any, words: str, scorer: str) -> None:
    """Filters' documents and words' scores are kept on the searcher (`memo`) for later
    searches: searching again and again over one searcher, with the filters mixed in
    another order, must give what a fresh searcher gives each time."""
    asks = [
        Filters(topic="labor"),
        Filters(since=dt.date(2016, 1, 1), until=dt.date(2018, 12, 31)),
        Filters(topic="labor", since=dt.date(2016, 1, 1), expert="Markov"),
        Filters(),
    ]
    expected = [search(ix, words, f) for f in asks] + [search(ix, None, f) for f in asks[:3]]
    with ix.searcher() as held:
        for _ in range(2):
            found = [search(ix, words, f, searcher=held) for f in asks]
            found += [search(ix, None, f, searcher=held) for f in asks[:3]]
            for ours, theirs in zip(found, expected, strict=True):
                assert [(h.id, h.score) for h in ours.hits] == [
                    (h.id, h.score) for h in theirs.hits
                ]
                assert ours.total == theirs.total
        assert held.__dict__[memo._ATTRIBUTE].values  # it did keep something


def test_a_searcher_parses_words_once_and_never_keeps_a_refusal(ix: Any) -> None:
    from quotesdb.errors import QuerySyntaxError

    with ix.searcher() as held:
        first = search(ix, '"moscow arms" sanction', Filters(), limit=1000, searcher=held)
        kept = held.__dict__[memo._ATTRIBUTE].values
        parsed = kept[("words", '"moscow arms" sanction')][0]
        again = search(
            ix, '"moscow arms" sanction', Filters(topic="labor"), limit=1000, searcher=held
        )
        assert kept[("words", '"moscow arms" sanction')][0] is parsed
        fresh = search(ix, '"moscow arms" sanction', Filters(topic="labor"), limit=1000)
        assert first.hits and [h.id for h in again.hits] == [h.id for h in fresh.hits]
        for _ in range(2):  # refused each time: a failed parse is not kept
            with pytest.raises(QuerySyntaxError):
                search(ix, "(moscow", Filters(), searcher=held)
        assert ("words", "(moscow") not in kept


def test_kept_document_sets_are_never_changed_by_a_later_query(ix: Any, scorer: str) -> None:
    """Intersecting kept sets in place (as `&=` on a set does) would change a filter for
    every later search over the searcher."""
    labor, markov = query.Term("topic", "labor"), query.Term("speaker", "markov")
    with ix.searcher() as fresh:
        alone = set(fresh.docs_for_query(labor))
    with ix.searcher() as held:
        first = docsets.docs(held, labor)
        both = docsets.docs(held, query.And([labor, markov]))
        either = docsets.docs(held, query.Or([labor, query.Term("topic", "sanctions")]))
        assert set(first) == alone and docsets.docs(held, labor) is first
        assert both < first < either and isinstance(first, frozenset)


def test_the_memo_keeps_within_its_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    class Holder:  # anything with a __dict__, as Whoosh's searchers have
        pass

    monkeypatch.setattr(memo, "BUDGET", 10)
    holder, made = Holder(), []

    def make(n: int) -> list[int]:
        made.append(n)
        return list(range(n))

    assert memo.kept(holder, "a", lambda: make(4), len) == [0, 1, 2, 3]
    assert memo.kept(holder, "a", lambda: make(4), len) == [0, 1, 2, 3] and made == [4]
    memo.kept(holder, "b", lambda: make(5), len)
    memo.kept(holder, "a", lambda: make(4), len)  # a is now the most recently used
    memo.kept(holder, "c", lambda: make(3), len)  # 12 > 10: b, the least recent, goes
    assert list(holder.__dict__[memo._ATTRIBUTE].values) == ["a", "c"] and made == [4, 5, 3]
    assert memo.kept(holder, "big", lambda: make(11), len) == list(range(11))  # not kept
    assert holder.__dict__[memo._ATTRIBUTE].held == 7


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
    ours = index.create_in(str(tmp_path / "ours"), build_schema(_some_common(docs)))
    bulk.add_documents(ours, iter(docs))
    theirs = index.create_in(str(tmp_path / "theirs"), build_schema(_some_common(docs)))
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
        for column in ("day", "sequence"):
            mine, whooshs = a.reader().column_reader(column), b.reader().column_reader(column)
            assert [mine[n] for n in range(300)] == [whooshs[n] for n in range(300)]


def test_arrays_hold_the_segments_common_postings(ix: Any) -> None:
    """What numpy reads beside a segment is what Whoosh's blocks hold, term for term."""
    seen = 0
    with ix.searcher() as searcher:
        for leaf, _offset in searcher.leaf_searchers():
            reader = leaf.reader()
            mapped = arrays.of_reader(reader)
            assert mapped is not None
            for fieldname, btext in reader.all_terms():
                found = mapped.get(fieldname, btext)
                matcher = reader.postings(fieldname, btext)
                blocks = list(docsets.posting_blocks(matcher, weights=True))
                ids = [i for block, _ in blocks for i in block]
                if found is None:
                    assert len(ids) < 30
                    continue
                seen += 1
                assert found[0].tolist() == ids
                assert found[1].tolist() == [w for _, weights in blocks for w in weights]
    assert seen > 10


LETTERS = st.text(alphabet="abcdeé", min_size=0, max_size=9)


@settings(max_examples=200, deadline=None)
@given(
    st.sets(LETTERS.filter(bool), min_size=1, max_size=60),
    LETTERS.filter(bool),
    st.integers(min_value=1, max_value=2),
    st.integers(min_value=0, max_value=2),
)
def test_fuzzy_terms_are_whooshs(terms: set[str], word: str, maxdist: int, prefix: int) -> None:
    """Names forgiven a letter or two: the terms found directly are Whoosh's automaton's."""
    assume(prefix < len(word))  # Whoosh's automaton fails on a prefix as long as the word
    from whoosh.fields import ID, Schema
    from whoosh.filedb.filestore import RamStorage

    from quotesdb.index.fuzzy import expanded_terms

    ram = RamStorage().create_index(Schema(speaker=ID(stored=False)))
    with ram.writer() as writer:
        for term in terms:
            writer.add_document(speaker=term)
    q = query.FuzzyTerm("speaker", word, maxdist=maxdist, prefixlength=prefix)
    with ram.searcher() as searcher:
        reader = searcher.reader()
        assert sorted(expanded_terms(reader, q)) == sorted(q.expanded_terms(reader))


@settings(max_examples=500, deadline=None)
@given(LETTERS, LETTERS)
def test_bit_parallel_distance_is_levenshteins(a: str, b: str) -> None:
    from quotesdb.index.fuzzy import Pattern

    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    assert Pattern(a).distance(b) == previous[-1]


@settings(max_examples=200, deadline=None)
@given(st.sets(st.integers(0, 300)), st.sets(st.integers(0, 300)))
def test_intersecting_by_masks_or_by_search_agrees_with_sets(a: set[int], b: set[int]) -> None:
    import numpy as np

    from quotesdb.index import dense

    left, right = np.array(sorted(a), dtype=np.int64), np.array(sorted(b), dtype=np.int64)
    for size in (301, 10**9):  # archive-size masks; binary search (the arrays are "short")
        in_b, in_a = dense._both(left, right, size)
        assert left[in_b].tolist() == right[in_a].tolist() == sorted(a & b)


def test_stored_fields_read_directly_are_whooshs(ix: Any) -> None:
    from quotesdb.index.hits import stored_fields

    with ix.searcher() as searcher:
        assert len(searcher.reader().readers) > 1  # several segments: numbers are mapped
        numbers = list(searcher.document_numbers())
        assert [stored_fields(searcher, n) for n in numbers] == [
            searcher.stored_fields(n) for n in numbers
        ]
        assert len({stored_fields(searcher, n)["id"] for n in numbers}) == len(numbers)
