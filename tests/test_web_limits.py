"""Every limit the API's description states is the limit the server holds to, exactly.

The cases are read from /api/openapi.json itself: for each body field and query parameter
with a `maxLength`, `minLength`, `maxItems`, `minItems`, `minimum` or `maximum`, a value
at the limit is taken and one past it is a 400 naming the field. A limit added to, or
changed in, the declarations is tested without touching this file; a limit the database
or a service holds below the described one fails here (the value at the limit is
refused), and one the description states but nothing checks fails too (past it, taken).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from conftest import Cli
from quotesdb.config import resolve
from quotesdb.web.app import create_app
from web_helpers import LOCAL, built_archive

_serial = itertools.count()


def _words(n: int) -> str:
    """`n` characters of words no other case uses, ending in a letter (nothing stripped)."""
    head = f"Limit{next(_serial)} "
    body = (head + "words and more words " * (n // 21 + 2))[: max(n - 1, 0)]
    return (body + "z")[:n]


def _name(n: int) -> str:
    """A name of `n` characters no one else has."""
    return (f"Ola{next(_serial)} " + "Q" * n)[:n]


def filler(field: str, n: int) -> str:
    """A value of `field` exactly `n` characters long that the services take as it is."""
    if field == "url":
        return f"https://example.org/{next(_serial)}/" + "a" * n
    if field == "country":
        return "DE".ljust(n)  # a code as typed, spaces around it allowed
    if field == "affiliation_kind":
        return "think tank".ljust(n)
    if field in ("speaker", "gender"):
        return _name(n)
    return _words(n)


def sized(field: str, n: int) -> str:
    value = filler(field, n)[:n]
    assert len(value) == n, (field, n)
    return value


def resolve_ref(described: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        found: dict[str, Any] = described["components"]["schemas"][name]
        return found
    return schema


# What each write needs besides the field under test; {id} is a quote or expert the
# archive has. These are not limits: the limits come from the description.
BASES: dict[str, Any] = {
    "addQuote": lambda: {
        "text": _words(40),
        "speaker": "Ola Limits",
        "new_expert": True,
        "url": f"https://example.org/limits/{next(_serial)}",
        "title": "Limits",
    },
    "editQuote": lambda: {"new_expert": True},
    "tagQuote": lambda: {"topics": ["limits"]},
    "reviewDecision": lambda: {"decision": "correct", "speaker": "Ola Review", "new_expert": True},
    "setExpertAttributes": lambda: {"gender": "female"},
}


def body_cases(described: dict[str, Any]) -> Iterator[tuple[str, str, str, str, Any, bool]]:
    """(operation, method, path, field, value, taken) for every limit of every body."""
    for path, item in described["paths"].items():
        for method, operation in item.items():
            if "requestBody" not in operation:
                continue
            content = operation["requestBody"]["content"]["application/json"]
            body = resolve_ref(described, content["schema"])
            for field, schema in body["properties"].items():
                for value, taken in values_at_limits(field, schema):
                    yield operation["operationId"], method, path, field, value, taken


def values_at_limits(field: str, schema: dict[str, Any]) -> Iterator[tuple[Any, bool]]:
    """A value at each limit `schema` states (taken) and one past it (refused)."""
    if "maxLength" in schema:
        most = schema["maxLength"]
        yield sized(field, most), True
        yield sized(field, most + 1), False
    if schema.get("minLength"):
        least = schema["minLength"]
        yield sized(field, least), True
        yield sized(field, least - 1), False
    if "maximum" in schema:
        yield schema["maximum"], True
        yield schema["maximum"] + 1, False
    if "minimum" in schema:
        yield schema["minimum"], True
        yield schema["minimum"] - 1, False
    if schema.get("type") == "array":
        item = schema["items"]
        for value, taken in values_at_limits(field.rstrip("s"), item):
            yield [value], taken
        if "maxItems" in schema:
            most = schema["maxItems"]
            yield [_words(12) for _ in range(most)], True
            yield [_words(12) for _ in range(most + 1)], False
        if schema.get("minItems"):
            least = schema["minItems"]
            yield [_words(12) for _ in range(least)], True
            yield [_words(12) for _ in range(least - 1)], False


@pytest.fixture
def client(tmp_path: Path, db_url: str) -> Iterator[TestClient]:
    cli = built_archive(tmp_path / "home", db_url)
    with TestClient(create_app(resolve(cli.home, cli.url)), base_url=LOCAL) as http:
        yield http


def test_every_body_limit_described_is_the_one_held(client: TestClient) -> None:
    described = client.get("/api/openapi.json").json()
    expert = client.get("/api/experts").json()["results"][0]["id"]
    cases = list(body_cases(described))
    wrong = []
    for operation, method, path, field, value, taken in cases:
        target = expert if "experts" in path else _fresh_quote(client)
        body = {**BASES[operation](), field: value}
        if field == "speaker" and operation == "editQuote":
            body["new_expert"] = True
        answer = client.request(method, path.replace("{id}", str(target)), json=body)
        # An id at the limit may name nothing stored: a 404, not the limit's 400.
        held = answer.status_code == 400 if isinstance(value, int) else answer.status_code >= 400
        if taken and held:
            wrong.append((operation, field, _shown(value), "refused", answer.json()["error"]))
        if not taken and (
            answer.status_code != 400 or not answer.json()["error"].startswith(field)
        ):
            wrong.append((operation, field, _shown(value), "taken", answer.status_code))
    assert not wrong, "\n".join(map(str, wrong))
    limited = {(operation, field) for operation, _m, _p, field, _v, _t in cases}
    assert {operation for operation, _field in limited} == set(BASES)
    # The limits from quotesdb/limits.py are among them, at their defaults.
    new_quote = described["components"]["schemas"]["NewQuote"]["properties"]
    assert new_quote["text"]["maxLength"] == 10_000
    assert new_quote["speaker"]["maxLength"] == 300
    assert new_quote["topics"]["maxItems"] == 100


def _fresh_quote(client: TestClient) -> int:
    """A quote of its own for each case: an edit or a decision leaves the others alone."""
    made = client.post("/api/quotes", json={"text": _words(30), "speaker": "Ola Target"})
    assert made.status_code == 201, made.json()
    quote_id: int = made.json()["id"]
    return quote_id


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return f"{len(value)} items of {len(value[0]) if value else 0} chars"
    if isinstance(value, str):
        return f"{len(value)} chars"
    return repr(value)


def query_cases(described: dict[str, Any]) -> Iterator[tuple[str, list[tuple[str, str]], bool]]:
    """(path, query, taken) for every limit of every query parameter."""
    for path, item in described["paths"].items():
        operation = item.get("get")
        if operation is None:
            continue
        concrete = path.replace("{id}", "1").replace("{style}", "apa")
        for param in operation.get("parameters", []):
            if param["in"] != "query":
                continue
            name, schema = param["name"], param["schema"]
            for value, taken in values_at_limits(name, schema):
                values = value if isinstance(value, list) else [value]
                query = [(name, str(v)) for v in values]
                if name == "page":  # a page may not start past the deepest offset
                    query.append(("limit", "1"))
                yield concrete, query, taken


def test_every_query_limit_described_is_the_one_held(client: TestClient) -> None:
    described = client.get("/api/openapi.json").json()
    wrong = []
    cases = list(query_cases(described))
    for path, query, taken in cases:
        answer = client.get(path, params=query)
        name = query[0][0]
        # Taken by the check: a service may still find no outlet of a made-up name.
        if taken and answer.status_code >= 400 and answer.json()["error"].startswith(name):
            wrong.append((path, name, len(query), "refused", answer.json()["error"]))
        if not taken and (answer.status_code != 400 or name not in answer.json()["error"]):
            wrong.append((path, name, len(query), "taken", answer.status_code))
    assert not wrong, "\n".join(map(str, wrong))
    assert {path for path, _q, _t in cases} >= {"/api/search", "/api/report", "/api/experts"}


def test_a_limit_raised_in_the_environment_moves_the_description_and_the_check(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUOTESDB_MAX_LIST_ITEMS", "7")
    monkeypatch.setenv("QUOTESDB_MAX_QUOTE_CHARS", "3499")
    described = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert described["Tags"]["properties"]["topics"]["maxItems"] == 7
    assert described["NewQuote"]["properties"]["text"]["maxLength"] == 3499
    quote = client.get("/api/search").json()["results"][0]["id"]
    seven = client.post(
        f"/api/quotes/{quote}/tags", json={"topics": [_words(9) for _ in "1234567"]}
    )
    assert seven.status_code == 200
    eight = client.post(
        f"/api/quotes/{quote}/tags", json={"topics": [_words(9) for _ in "12345678"]}
    )
    assert eight.status_code == 400 and eight.json()["error"].startswith("topics")
    long = client.post("/api/quotes", json={"text": _words(3500), "speaker": "Ola Limits"})
    assert long.status_code == 400 and long.json()["error"].startswith("text")


def test_the_cli_holds_the_same_list_limit(
    sqlite_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`add` by hand and the API refuse the same number of topics (limits.list_items)."""
    monkeypatch.setenv("QUOTESDB_MAX_LIST_ITEMS", "3")
    add = ("add", "Lists end somewhere.", "--speaker", "Ola List", "--no-prompt")
    topics = [arg for n in range(4) for arg in ("--topic", f"list topic {n}")]
    refused = sqlite_cli(*add, *topics)
    assert refused.exit_code == 1, refused.output
    assert "4 items, more than the limit of 3" in refused.output
    assert "QUOTESDB_MAX_LIST_ITEMS" in refused.output
    assert sqlite_cli(*add, *topics[:6]).exit_code == 0
