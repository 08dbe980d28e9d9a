"""Hostile input, fuzzed: every case ends in a result or a clean error, never a crash."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO, SEEDS
from quotesdb.config import resolve
from quotesdb.errors import QuerySyntaxError
from quotesdb.extract import clean_text, extract_quotes
from quotesdb.index.schema import PUBLIC_FIELDS
from quotesdb.index.search import Filters, search
from quotesdb.index.sync import catch_up

OPERATORS = ["AND", "OR", "NOT", "(", ")", '"', "*", "?", "~2", "^3", ":", "[", "]", "TO", "{"]
FIELDS = ["speaker:", "outlet:", "topic:", "nosuch:", "expert_id:", "stamp:", "url:"]
query_text = st.lists(
    st.one_of(st.sampled_from(OPERATORS + FIELDS), st.text(max_size=8)), max_size=8
).map(" ".join)


@pytest.fixture(scope="module")
def seeded_index(seeded_home: Path):  # type: ignore[no-untyped-def]
    ix, _report = catch_up(resolve(seeded_home, None))
    return ix


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=query_text, expert=st.text(max_size=12), topic=st.text(max_size=12))
def test_any_query_gives_results_or_a_syntax_error(
    seeded_index: object, words: str, expert: str, topic: str
) -> None:
    try:
        results = search(seeded_index, words, Filters(expert=expert or None, topic=topic or None))  # type: ignore[arg-type]
    except QuerySyntaxError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    for hit in results.hits:
        assert set(hit.as_json()) >= {"id", "text", "speaker", "article"}


def test_internal_fields_cannot_be_queried(seeded_index: object) -> None:
    for field in ("expert_id:1", "stamp:x", "url:thehill"):
        with pytest.raises(QuerySyntaxError):
            search(seeded_index, field, Filters())  # type: ignore[arg-type]


@pytest.mark.parametrize("words", ["OR ( ^2 ) : speaker:", "( ^2 ) : budget", "OR ( ^2 ) :"])
def test_a_word_whoosh_leaves_without_a_field_is_a_syntax_error(
    seeded_index: object, words: str
) -> None:
    """Found by `make stress`'s fuzzing: such a word reached ranking as field None."""
    with pytest.raises(QuerySyntaxError, match="stray"):
        search(seeded_index, words, Filters())  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("“”\"'‘’ \n\n—.,:abcXYZ said says")), max_size=400))
def test_extractor_survives_unbalanced_and_nested_marks(text: str) -> None:
    cleaned = clean_text(text)
    for quote in extract_quotes(cleaned):
        assert cleaned[quote.start : quote.end] == quote.text


def test_nul_bytes_and_huge_lines_are_refused_or_handled(tmp_path: Path) -> None:
    binary = tmp_path / "nul.txt"
    binary.write_bytes(b"Title\n\n\x00\x01 said")
    huge = tmp_path / "huge.txt"
    huge.write_text("Huge\n\n" + "“unclosed " * 200_000, encoding="utf-8")
    for path, code in ((binary, 1), (huge, 0)):
        done = subprocess.run(
            [sys.executable, "-m", "quotesdb", "extract", str(path), "--json"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == code and "Traceback" not in done.stderr


def test_an_unusable_home_is_one_line_and_loses_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"

    def quotesdb(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "quotesdb", "--home", str(home), *args],
            cwd=REPO,
            capture_output=True,
            text=True,
        )

    assert quotesdb("ingest", str(SEEDS)).returncode == 0
    import shutil

    shutil.rmtree(home / "index")
    (home / "index").write_text("not a folder", encoding="utf-8")
    found = quotesdb("search", "covid", "--json")  # the file is kept aside, the index rebuilt
    assert found.returncode == 0 and "Traceback" not in found.stderr
    assert "Alexander Vorontsov" in found.stdout
    assert (home / "index.not-a-folder").read_text(encoding="utf-8") == "not a folder"


BYPASSES = [
    '"w1"day:[0 TO 1]',
    '"w1"expert_id:1',
    '"russia"id:1',
    "(russia)stamp:x",
    '"a b"url:thehill',
    '"x"pairs:foo',
    'speaker:"markov"published:[2020 TO 2030]',
    "topic:(sanctions)name:markov",
]


def test_internal_fields_cannot_be_queried_after_quotes_or_brackets(seeded_index: object) -> None:
    for attempt in BYPASSES:
        with pytest.raises(QuerySyntaxError):
            search(seeded_index, attempt, Filters())  # type: ignore[arg-type]


INTERNAL = ["day", "expert_id", "id", "stamp", "url", "name", "published", "pairs"]


def _field_names(node: object) -> set[str]:
    names = {getattr(node, "fieldname", None)} - {None}
    for child in node.children():  # type: ignore[attr-defined]
        names |= _field_names(child)
    return names  # type: ignore[return-value]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    before=query_text,
    glue=st.sampled_from(['"w1"', '"a b"', "(w1)", "w1^2", "w1*", "'w1'", ""]),
    field=st.sampled_from(INTERNAL),
    value=st.sampled_from(["1", "x", "[0 TO 1]", '"a b"', "(a OR b)", "*"]),
)
def test_no_query_text_reaches_an_internal_field(
    seeded_index: object, before: str, glue: str, field: str, value: str
) -> None:
    from quotesdb.index.search import parse_words

    try:
        parsed = parse_words(seeded_index.schema, f"{before}{glue}{field}:{value}")  # type: ignore[attr-defined]
    except QuerySyntaxError:
        return
    # Phrase narrowing adds its own `pairs` terms; nothing the user wrote may add any.
    assert _field_names(parsed) - {"pairs"} <= set(PUBLIC_FIELDS)


READ_COMMANDS = [
    ["search"],
    ["search", "--since"],
    ["search", "--expert"],
    ["search", "--topic"],
    ["search", "--kind"],
    ["search", "--sort"],
    ["search", "--limit"],
    ["cite"],
    ["cite", "1", "--style"],
    ["expert"],
    ["experts", "--sort"],
    ["verify"],
    ["export", "--format", "csv", "--expert"],
    ["export", "--until"],
    ["edit", "--speaker", "Jane Doe", "--"],
    ["delete", "--yes", "--"],
    ["tag", "--"],
]
_EDGES = ["99999999999999999999", "-99999999999999999999", "2024-02-30", "nan", "\x00", '"', "("]
HOSTILE_VALUES = st.one_of(
    st.sampled_from([*_EDGES, "x" * 3000, "1", "0"]),
    st.sampled_from(_EDGES),
    st.text(max_size=20),
    st.integers(-(2**70), 2**70).map(str),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(command=st.sampled_from(READ_COMMANDS), values=st.lists(HOSTILE_VALUES, max_size=3))
def test_the_cli_answers_any_argument_without_a_traceback(
    seeded_index: object, command: list[str], values: list[str]
) -> None:
    from typer.testing import CliRunner

    from quotesdb.cli import whole_app

    home = Path(seeded_index.storage.folder).parents[1]  # type: ignore[attr-defined]
    done = CliRunner().invoke(whole_app(), ["--home", str(home), *command, *values], input="")
    assert done.exception is None or isinstance(done.exception, SystemExit), done.output
