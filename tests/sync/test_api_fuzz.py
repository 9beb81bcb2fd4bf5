"""API fuzzing with schemathesis against the server's own OpenAPI description: whatever the
input, no server error and every answer as described (status, content type, body schema)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.sync.conftest import ServerProcess


@pytest.mark.slow
def test_api_answers_as_described(sqlite_server: ServerProcess) -> None:
    token = sqlite_server.enrol("xa-quang-uyen")["token"]
    schema = schemathesis.openapi.from_url(sqlite_server.url + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def answers_as_described(case: schemathesis.Case) -> None:
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, timeout=30)

        answers_as_described()
