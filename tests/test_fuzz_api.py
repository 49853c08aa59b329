"""Schemathesis against the app's own OpenAPI document: no generated request gets a 500
(issue 16). Every operation, with a caseworker token (the widest scope) and without one."""

from __future__ import annotations

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings

from personakit.access import create_token
from personakit.workspace import Workspace
from tests._webapp import app, web_ws

__all__ = ["app", "web_ws"]

pytestmark = pytest.mark.slow
EXAMPLES = 40  # per operation, with and without a token


def test_no_generated_request_is_a_server_error(app: FastAPI, web_ws: Workspace) -> None:
    secret, _ = create_token(web_ws, "fuzzer", "caseworker")
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 4
    failures: list[tuple[str, str, int, str]] = []
    tried = 0

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case: schemathesis.Case) -> None:
            nonlocal tried
            for headers in ({"Authorization": f"Bearer {secret}"}, {}):
                response = case.call(headers=headers)
                tried += 1
                if response.status_code >= 500:
                    failures.append((case.method, case.formatted_path,
                                     response.status_code, response.text[:200]))

        run()
    assert tried >= len(operations) * 2
    assert not failures, failures
