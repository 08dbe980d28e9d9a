"""schemathesis against the OpenAPI description: whatever it sends, never a 500, and every
answer has a status, a content type and a body the description lists.

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
from web_helpers import built_archive

EXAMPLES = 30


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Any:
    home = Path(tmp_path_factory.mktemp("schema")) / "home"
    built_archive(home, None)
    return schemathesis.openapi.from_asgi("/api/openapi.json", create_app(resolve(home, None)))


def test_the_description_covers_every_api_route(api_schema: Any) -> None:
    from quotesdb.web.api import routes

    described = {op.ok().path for op in api_schema.get_all_operations()}
    served = {r.path.replace(":int", "") for r in routes} - {"/api/openapi.json"}
    assert described == served


def test_no_server_errors_and_answers_as_described(api_schema: Any) -> None:
    checked = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def call(case: Any) -> None:
            response = case.call()
            case.validate_response(
                response,
                checks=[
                    not_a_server_error,
                    status_code_conformance,
                    content_type_conformance,
                    response_schema_conformance,
                ],
            )

        call()
        checked += 1
    assert checked == 15
