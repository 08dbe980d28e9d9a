"""schemathesis against the OpenAPI description: whatever it sends, never a 500, and every
answer has a status, a content type and a body the description lists; what the
description forbids (negative data) is refused with a 4xx, not answered.

Driven through hypothesis directly (one strategy per operation, a bounded number of
examples each) rather than schemathesis's pytest plugin, which this pytest outgrew.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from quotesdb.config import resolve
from quotesdb.web.app import create_app
from quotesdb.web.guards import HostPolicy
from web_helpers import built_archive

EXAMPLES = 30


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Any:
    home = Path(tmp_path_factory.mktemp("schema")) / "home"
    built_archive(home, None)
    # schemathesis calls its ASGI app's host "testserver"
    app = create_app(resolve(home, None), hosts=HostPolicy(["testserver"]))
    return schemathesis.openapi.from_asgi("/api/openapi.json", app)


def test_the_description_covers_every_api_route(api_schema: Any) -> None:
    from quotesdb.web.api import routes

    described = {op.ok().path for op in api_schema.get_all_operations()}
    served = {r.path.replace(":int", "") for r in routes} - {"/api/openapi.json"}
    assert described == served


def check_examples(operation: Any, mode: Any, checks: list[Any]) -> None:
    """EXAMPLES cases of `operation` in generation `mode`, each answer held to `checks`."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def call(case: Any) -> None:
        case.validate_response(case.call(), checks=checks)

    call()


def test_no_server_errors_and_answers_as_described(api_schema: Any) -> None:
    from schemathesis.generation import GenerationMode

    checked = 0
    for result in api_schema.get_all_operations():
        check_examples(
            result.ok(),
            GenerationMode.POSITIVE,
            [
                not_a_server_error,
                status_code_conformance,
                content_type_conformance,
                response_schema_conformance,
            ],
        )
        checked += 1
    assert checked == 15


# Every operation: what it is sent against the description (a blank `format=`,
# `limit=0`, a word for a number, `kind=` empty, an unknown `by`, a speaker too long, a
# decision it does not know) must be refused with a 4xx, not quietly answered; the
# refusal is one the description lists, as its Error body.
NEGATIVE_CASES = {
    "search",
    "listExperts",
    "listArticles",
    "listOutlets",
    "reviewQueue",
    "getExpert",
    "sourceReport",
    "citeQuote",
    "getQuote",
    "getArticle",
    "addQuote",
    "editQuote",
    "tagQuote",
    "setExpertAttributes",
    "reviewDecision",
}


def test_what_the_description_forbids_is_refused(api_schema: Any) -> None:
    from schemathesis.generation import GenerationMode
    from schemathesis.specs.openapi.checks import negative_data_rejection

    checked = set()
    for result in api_schema.get_all_operations():
        operation = result.ok()
        name = operation.definition.raw.get("operationId")
        if name in NEGATIVE_CASES:
            check_examples(
                operation,
                GenerationMode.NEGATIVE,
                [
                    not_a_server_error,
                    negative_data_rejection,
                    status_code_conformance,
                    content_type_conformance,
                    response_schema_conformance,
                ],
            )
            checked.add(name)
    assert checked == NEGATIVE_CASES
