"""Schemathesis against the OpenAPI description, in process: no server error, and every
answer as the description says (status, content type, body). A bounded number of examples
per operation keeps it short; CI runs it with the rest of the suite."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import ApiTokenFactory

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


def _check(operation, world, secret: str) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=15, deadline=None, phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck), database=None)
    def run(case):
        if "reference" in (case.path_parameters or {}):
            case.path_parameters["reference"] = world.case.reference
        case.call_and_validate(headers={"Authorization": f"Bearer {secret}"}, checks=CHECKS)

    run()


def test_the_api_answers_as_its_description_says(app, world):
    token = ApiTokenFactory(user=world.coordinator)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:
        _check(operation, world, f"ek_test_{token.name}")
