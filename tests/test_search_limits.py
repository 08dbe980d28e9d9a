"""One query cannot stall a server: patterns and ranges are bounded, and so is the time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from conftest import Cli
from quotesdb.config import resolve
from quotesdb.web.app import create_app
from web_helpers import LOCAL


@pytest.fixture
def numbered(tmp_path: Path) -> Cli:
    """Quotes holding many different words that contain the digit 1."""
    cli = Cli(tmp_path / "home", None)
    for n in range(8):
        words = " ".join(f"w{n}x{k}1" for k in range(6))
        assert cli("add", f"Counting {words} today.", "--speaker", "Ann Count").exit_code == 0
    return cli


def test_a_pattern_standing_for_too_many_words_is_a_one_line_error(
    numbered: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("quotesdb.index.bounds.MAX_EXPANSION", 20)
    for words in ("*1*", "text:[a TO zzzz]", "w*"):
        found = numbered("search", words)
        assert found.exit_code == 2, found.output
        [line] = found.output.strip().splitlines()
        assert "more than 20 words" in line, line
    assert numbered("search", "w3*").exit_code == 0  # six words: within the limit
    assert "Ann Count" in numbered("search", "w3*").output


def test_a_pattern_too_long_is_refused(numbered: Cli) -> None:
    found = numbered("search", "a" * 80 + "*")
    assert found.exit_code == 2 and "longer than 64 characters" in found.output, found.output


def test_a_query_past_its_time_budget_is_a_one_line_error(
    numbered: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("quotesdb.index.bounds.TIME_BUDGET", -1.0)
    for words in ("*1*", 'counting OR "today w0x01"'):
        found = numbered("search", words)
        assert found.exit_code == 2, found.output
        [line] = found.output.strip().splitlines()
        assert "took more than" in line, line
    assert numbered("search", "counting").exit_code == 0  # ranked words are not collected


@pytest.fixture
def client(numbered: Cli) -> Iterator[TestClient]:
    with TestClient(create_app(resolve(numbered.home, numbered.url)), base_url=LOCAL) as http:
        yield http


def test_the_api_answers_400_to_a_query_over_its_limits(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("quotesdb.index.bounds.MAX_EXPANSION", 20)
    refused = client.get("/api/search", params={"q": "*1*"})
    assert refused.status_code == 400 and "more than 20 words" in refused.json()["error"]
    assert client.get("/api/search", params={"q": "w3*"}).json()["total"] == 1
    assert client.get("/", params={"q": "*1*"}).status_code == 400


def test_a_phrase_search_counts_the_quotes_holding_the_phrase(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "phrases", None)
    for n in range(5):
        assert cli("add", f"Budget cuts hurt town {n}.", "--speaker", "Ann Phrase").exit_code == 0
    for n in range(7):
        text = f"Cuts to the school budget, town {n}."
        assert cli("add", text, "--speaker", "Bo Words").exit_code == 0
    with TestClient(create_app(resolve(cli.home, cli.url)), base_url=LOCAL) as http:
        found = http.get("/api/search", params={"q": '"budget cuts"', "limit": "2"}).json()
        assert found["total"] == 5 and len(found["results"]) == 2, found
        both = http.get("/api/search", params={"q": "budget cuts", "limit": "2"}).json()
        assert both["total"] == 12
    table = cli("search", '"budget cuts"', "--limit", "2")
    assert "2 of 5 quotes" in table.output, table.output
