"""The API blueprint (``/api/v1``, token-authenticated, the only CSRF exemption) and what its
route modules share: reading and validating JSON, ETags and If-Match.

The routes live in ``views`` (cases), ``map_views``, ``snapshot_views``, ``conference_views``
and ``invitation_views``; ``create_app`` imports them all before it registers ``bp``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request
from flask_babel import gettext as _
from marshmallow import Schema, ValidationError

from eigenkracht.api.auth import authenticate
from eigenkracht.api.messages import field_message
from eigenkracht.api.problems import fail, rule_problem
from eigenkracht.core.rules import RuleError
from eigenkracht.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
bp.before_request(authenticate)


@bp.errorhandler(RuleError)
def refused(error: RuleError):
    """A broken rule: 422 with the message at its field (the kernel has rolled back)."""
    return rule_problem(error)


def load(schema: Schema, data: Any) -> dict[str, Any]:
    """Validated input, or a 422 problem with a message per field."""
    if not isinstance(data, dict):
        fail(422, _("Send a JSON object."))
    try:
        return schema.load(data)
    except ValidationError as error:
        fail(422, _("Some fields are not right."), errors=_flatten(error.messages))


def _flatten(messages: Any) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for name, value in (messages.items() if isinstance(messages, dict) else []):
        if isinstance(value, dict):
            for sub, texts in _flatten(value).items():
                result[f"{name}.{sub}"] = texts
        else:
            result[str(name)] = [field_message(str(v))
                                 for v in (value if isinstance(value, list) else [value])]
    return result


def json_body() -> Any:
    if not request.is_json:
        fail(415, _("Send the body as application/json."))
    return request.get_json(silent=True)


def etag_response(payload: dict[str, Any], version: int, status: int = 200):
    response = jsonify(payload)
    response.status_code = status
    response.headers["ETag"] = f'"{version}"'
    return response


def expected_version() -> int:
    """The version in If-Match: 428 when missing, 412 when it cannot be a version."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        fail(428, _("Read the resource first and send its ETag in If-Match."))
    value = header.removeprefix("W/").strip('"')
    if not value.isdigit() or len(value) > 9:
        fail(412, _("The If-Match header does not match the current version."))
    return int(value)
