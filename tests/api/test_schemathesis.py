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

from eigenkracht.conference.models import Conference, Invitation
from eigenkracht.extensions import db
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
        _use_the_worlds_objects(case, world)
        case.call_and_validate(headers={"Authorization": f"Bearer {secret}"}, checks=CHECKS)

    run()


KNOWN = {"conference_id": "conference", "invitation_id": "invitation", "snapshot_id": "snapshot"}


def _use_the_worlds_objects(case, world) -> None:
    """Conferences, invitations and snapshots of the world's case, and (where an If-Match is
    sent) their current version, so that the writes get past 404 and 412 to the rules."""
    params = case.path_parameters or {}
    for name, key in KNOWN.items():
        if name in params:
            params[name] = world.extra_ids[key]
    if not case.headers or "If-Match" not in case.headers:
        return
    db.session.expire_all()
    target = (db.session.get(Invitation, params["invitation_id"]) if "invitation_id" in params
              else db.session.get(Conference, params["conference_id"])
              if "conference_id" in params else None)
    if target is not None:
        case.headers["If-Match"] = f'"{target.row_version}"'


def test_the_api_answers_as_its_description_says(app, world):
    token = ApiTokenFactory(user=world.coordinator)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    operations.sort(key=lambda op: op.method.upper() == "DELETE")  # take things back last
    assert len(operations) >= 10
    for operation in operations:
        _check(operation, world, f"ek_test_{token.name}")
