"""Searching quotes: the query language, filters, facets and highlights.

Results come from stored fields alone, so a search needs no ORM round trip.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import islice
from typing import Any

from whoosh import highlight, qparser, query
from whoosh.index import FileIndex
from whoosh.query.qcore import QueryError

from quotesdb.errors import QuerySyntaxError
from quotesdb.index import docsets, memo, ranking
from quotesdb.index.bounds import BudgetedCollector, Deadline, bounded
from quotesdb.index.hits import stored_fields
from quotesdb.index.phrases import check_phrases_on_stored_text, may_hold_all, pair_docs
from quotesdb.index.schema import PUBLIC_FIELDS, folding, mark_terms, stemming
from quotesdb.names import TITLES
from quotesdb.search.narrowing import narrowing
from quotesdb.search.query import FIELD_REF, check_syntax
from quotesdb.search.stored import stored_hit
from quotesdb.search.types import Filters, Hit, Results


def parse_words(schema: Any, text: str) -> query.Query:
    """The words' query over `schema`: a searcher's, which is in memory (an index's own
    `schema` re-reads its table of contents from disk on every use)."""
    check_syntax(text)
    parser = qparser.MultifieldParser(
        ["text", "paragraph"], schema, fieldboosts={"text": 3.0, "paragraph": 1.0}
    )
    parser.remove_plugin_class(qparser.PlusMinusPlugin)
    parser.add_plugin(qparser.FieldAliasPlugin({"topic": ["topics"], "author": ["authors"]}))
    lowered = FIELD_REF.sub(lambda m: m.group(1).lower() + ":", text)
    try:
        parsed: query.Query = parser.parse(lowered)
    except Exception as exc:  # Whoosh's parser fails in many shapes on odd operator runs
        raise QuerySyntaxError(f"cannot parse the query ({type(exc).__name__}): {text!r}") from None
    _refuse_internal_fields(parsed)
    return check_phrases_on_stored_text(parsed, schema)


def _refuse_internal_fields(parsed: query.Query) -> None:
    """The guard that counts: the parsed query's own field names, whatever the text's shape.

    The pattern in `check_syntax` names unknown fields helpfully, but no pattern over text
    sees every way Whoosh reads `field:` (right after a closing quote or bracket, say).
    """
    stack = [parsed]
    while stack:
        node = stack.pop()
        name = getattr(node, "fieldname", None)
        if name is None and node.is_leaf() and getattr(node, "text", None) is not None:
            # Whoosh leaves a word after a stray `(`, `^` or `:` with no field at all.
            raise QuerySyntaxError(f"cannot read `{node.text}` in the query: a stray `^` or `:`?")
        if name is not None and name not in PUBLIC_FIELDS:
            known = ", ".join(PUBLIC_FIELDS)
            raise QuerySyntaxError(f"unknown field `{name}:` in the query (fields: {known})")
        stack.extend(node.children())


def _tokens(analyzer: Any, text: str) -> list[str]:
    return [t.text for t in analyzer(text)]


def _names_query(fieldname: str, value: str) -> query.Query:
    words = _tokens(folding(), value)
    if not words:
        raise QuerySyntaxError(f"--{fieldname} needs a name")
    return query.Phrase(fieldname, words) if len(words) > 1 else query.Term(fieldname, words[0])


def expert_query(name: str, searcher: Any | None = None) -> query.Query:
    """Surname, full name or alias; one or two letters of transliteration forgiven.

    The exact spelling wins when anyone has it: "Smith" must not also bring in "Smyth".
    """
    words = [w for w in _tokens(folding(), name) if w not in TITLES] or _tokens(folding(), name)
    if not words:
        raise QuerySyntaxError("--expert needs a name")
    exact = query.And([query.Term("speaker", word) for word in words])
    if searcher is not None and docsets.docs(searcher, exact):
        return exact
    parts: list[query.Query] = []
    for word in words:
        distance = 0 if len(word) <= 3 else 1 if len(word) <= 5 else 2
        parts.append(
            query.FuzzyTerm("speaker", word, maxdist=distance, prefixlength=1)
            if distance
            else query.Term("speaker", word)
        )
    return query.And(parts)


def topic_query(topic: str) -> query.Query:
    """An assigned topic, or the topic's words in the quote or its paragraph."""
    stems = _tokens(stemming(), topic)
    tagged = query.Term("topic", topic.strip().lower())
    if not stems:
        return tagged
    in_words = [query.And([query.Term(f, s) for s in stems]) for f in ("text", "paragraph")]
    return query.Or([tagged, *in_words])


@dataclass(frozen=True, slots=True)
class _WhooshParts:
    """Whoosh's query for each part a filter becomes (quotesdb.search.narrowing)."""

    searcher: Any | None

    def expert(self, name: str) -> query.Query:
        return expert_query(name, self.searcher)

    def topic(self, topic: str) -> query.Query:
        return topic_query(topic)

    def names(self, field: str, value: str) -> query.Query:
        return _names_query(field, value)

    def term(self, field: str, value: str) -> query.Query:
        return query.Term(field, value)

    def int_range(self, field: str, low: int, high: int | None) -> query.Query:
        return query.NumericRange(field, low, high)


def filters_query(filters: Filters, searcher: Any | None = None) -> query.Query | None:
    parts = narrowing(filters, _WhooshParts(searcher))
    return query.And(parts) if parts else None


def search(
    ix: FileIndex,
    words: str | None,
    filters: Filters,
    *,
    limit: int = 20,
    sort: str = "relevance",
    facets: bool = False,
    searcher: Any | None = None,
) -> Results:
    """The best `limit` quotes and an estimate of how many match.

    A process that searches again and again (a server, a benchmark) passes a `searcher`
    it keeps open: opening one reads every segment's term index and stored-field
    offsets, some milliseconds per 10k quotes. Otherwise one is opened and closed here.
    Such a process also imports `quotesdb.index.dense` once at start: numpy then ranks
    every query with many postings, where a one-off command loads it only for a query
    large enough to pay for its ~0.1 s import.
    """
    if searcher is None:
        with ix.searcher() as own:
            return search(ix, words, filters, limit=limit, sort=sort, facets=facets, searcher=own)
    if searcher.doc_count_all() == 0:  # an empty index: Whoosh's idf divides by zero
        if words:
            check_syntax(words)
        return Results([], 0)
    main = None
    if words and words.strip():  # parsed once a searcher (~0.5 ms): a server is asked again
        text = words
        deadline = Deadline()
        main = memo.kept(
            searcher,
            ("words", text),
            lambda: bounded(parse_words(searcher.schema, text), searcher, deadline),
            _parsed_cost,
        )
    if main is query.NullQuery:  # only stop words ("the", "of"): nothing to look for
        return Results([], 0)
    return _search(searcher, main, filters, limit, sort, facets)


def _parsed_cost(_parsed: query.Query) -> int:
    return 64  # a parsed query's few objects, in memo.BUDGET's units (~1 KB)


def _search(
    searcher: Any,
    main: query.Query | None,
    filters: Filters,
    limit: int,
    sort: str,
    facets: bool,
) -> Results:
    narrow = filters_query(filters, searcher)
    allowed: AbstractSet[int] | None = (
        docsets.docs(searcher, narrow) if narrow is not None else None
    )
    main, unscored = _unscored_terms(searcher, main)
    if unscored is not None:
        allowed = unscored if allowed is None else allowed & unscored
    if main is None:
        # Filters alone: nothing to rank by, so newest first, undated last.
        return _newest_first(searcher, narrow, allowed, limit, facets)
    plan = ranking.plan(main)
    if plan is not None:  # words and phrases: ranked a block at a time
        return _ranked(searcher, plan, allowed, limit, sort, facets)
    # Filters narrow without being scored: only the words are ranked.
    final = main if allowed is None else query.And([main, docsets.Only(allowed)])
    kwargs: dict[str, Any] = {"limit": None if facets else limit}
    if sort == "date":
        kwargs.update(sortedby="day", reverse=True)
    try:
        collector = searcher.collector(**kwargs)
        searcher.search_with_collector(final, BudgetedCollector(collector, Deadline()))
        results = collector.results()
    except (QueryError, ValueError, IndexError) as exc:
        raise QuerySyntaxError(f"cannot run the query: {exc}") from None
    results.fragmenter = highlight.WholeFragmenter()
    results.formatter = _Stars()
    # Counting every match costs as much as finding the top ones: estimate unless faceting.
    total = len(results) if facets else max(results.estimated_length(), results.scored_length())
    hits = [_hit(h) for h in results[:limit]]
    facet_counts = _facets(stored_fields(searcher, n) for n in results.docs()) if facets else {}
    return Results(hits, total, facet_counts)


def _unscored_terms(
    searcher: Any, main: query.Query | None
) -> tuple[query.Query | None, AbstractSet[int] | None]:
    """`kind:full` in the words is a filter: an unscorable field has no lengths to rank by.

    The ranking code would score such a term zero and drop its documents, so each one ANDed
    at the top of the query becomes a set of documents, and the rest is ranked as usual.
    """
    if main is None:
        return None, None
    parts = list(main.subqueries) if type(main) is query.And else [main]
    schema = searcher.schema
    unscored = [
        p
        for p in parts
        if type(p) is query.Term and p.fieldname in schema and not schema[p.fieldname].scorable
    ]
    if not unscored:
        return main, None
    allowed = docsets.docs(searcher, query.And(unscored))
    rest = [p for p in parts if p not in unscored]
    return (query.And(rest) if len(rest) > 1 else rest[0] if rest else None), allowed


def _ranked(
    searcher: Any,
    plan: ranking.Plan,
    allowed: AbstractSet[int] | None,
    limit: int,
    sort: str,
    facets: bool,
) -> Results:
    for _fields, phrase in plan.phrases:
        paired = pair_docs(searcher, phrase)
        if paired is not None:
            allowed = paired if allowed is None else allowed & paired
    found = ranking.scores(searcher, plan.groups, allowed)
    stored: dict[int, dict[str, Any]] = {}
    total, exact = len(found), True
    if plan.phrases and (facets or sort == "date"):  # every match must be known
        held = list(ranking.verified(searcher, found, plan.phrases))
        found = ranking.ScoreDict((doc, score) for doc, score, _fields in held)
        stored = {doc: fields for doc, _score, fields in held}
        total = len(found)
    if sort == "date":
        chosen = [(n, found.score(n)) for n in docsets.newest(searcher, found.docs(), limit)]
    elif plan.phrases:
        checked = list(islice(ranking.verified(searcher, found, plan.phrases), limit))
        chosen = [(doc, score) for doc, score, _fields in checked]
        stored.update((doc, fields) for doc, _score, fields in checked)
        if len(chosen) < limit:
            total = len(chosen)  # every candidate was checked: the count is exact
        else:  # the candidates hold the words; fewer may hold the phrase
            total, exact = _phrase_total(searcher, found, plan.phrases)
    else:
        chosen = found.best(limit)
    words = {
        text.decode() for group in plan.groups for name, text, _boost in group if name == "text"
    }
    hits = []
    for number, score in chosen:
        fields = stored.get(number) or stored_fields(searcher, number)
        hits.append(stored_hit(fields, score, _marked(fields["text"], words)))
    # With phrases, every match's stored fields were read to check it: not read again.
    matches = found.docs() if facets else set()
    counts = _facets(stored.get(n) or stored_fields(searcher, n) for n in matches) if facets else {}
    return Results(hits, total, counts, exact)


PHRASES_COUNTED = 200_000  # candidates checked for a phrase's total (~2 µs each)


def _phrase_total(
    searcher: Any, found: ranking.Matches, phrases: list[tuple[tuple[str, ...], list[str]]]
) -> tuple[int, bool]:
    """How many candidates hold the phrases, by their term sequences (no stored text is
    read); past `PHRASES_COUNTED` candidates, their number, flagged as not exact."""
    if len(found) > PHRASES_COUNTED:
        return len(found), False
    may_hold = may_hold_all(searcher, phrases)
    return sum(1 for doc in found.docs() if may_hold(doc)), True


def _marked(text: str, words: set[str]) -> str | None:
    """The quote with the stemmed `words` it holds marked **so**; None if it holds none."""
    if not words:
        return None
    marked = mark_terms(text, words)
    return marked if marked != text else None


def _newest_first(
    searcher: Any,
    narrow: query.Query | None,
    allowed: AbstractSet[int] | None,
    limit: int,
    facets: bool,
) -> Results:
    if allowed is None:  # no words, no filters: the whole archive
        allowed = set(searcher.document_numbers())
    chosen = docsets.newest(searcher, allowed, limit)
    # A topic's words found in the quote are marked, as a search for them would.
    terms = narrow.iter_all_terms() if narrow is not None else ()
    words = {t.decode() if isinstance(t, bytes) else t for f, t in terms if f == "text"}
    hits = []
    for number in chosen:
        fields = stored_fields(searcher, number)
        hits.append(stored_hit(fields, highlighted=_marked(fields["text"], words)))
    counts = _facets(stored_fields(searcher, n) for n in allowed) if facets else {}
    return Results(hits, len(allowed), counts)


class _Stars(highlight.Formatter):  # type: ignore[misc]
    """Marks matches as **word**, which both Markdown and the terminal table render."""

    between = ""

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return f"**{highlight.get_text(text, token, replace)}**"


def _hit(hit: Any) -> Hit:
    highlighted = hit.highlights("text", minscore=0) or hit.fields()["text"]
    score = float(hit.score) if isinstance(hit.score, int | float) else 0.0
    return stored_hit(hit.fields(), score, highlighted)


def _facets(stored: Iterable[dict[str, Any]]) -> dict[str, dict[str, int]]:
    experts: Counter[str] = Counter()
    outlets: Counter[str] = Counter()
    years: Counter[str] = Counter()
    topics: Counter[str] = Counter()
    for fields in stored:
        experts[fields["name"]] += 1
        outlets[fields.get("outlet") or "(none)"] += 1
        published = fields.get("published")
        years[published[:4] if published else "n.d."] += 1
        topics.update(t for t in (fields.get("topic") or "").split(",") if t)
    return {
        name: dict(counter.most_common())
        for name, counter in (
            ("expert", experts),
            ("outlet", outlets),
            ("year", years),
            ("topic", topics),
        )
    }
