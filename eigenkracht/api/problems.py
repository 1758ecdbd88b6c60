"""RFC 9457 problem details: every API error is ``application/problem+json``.

A broken rule (``core.rules.RuleError``) is a 422 whose ``errors`` name each field with its
message (``rule_problem``); the API blueprint answers every rule error that leaves a view
this way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NoReturn

from flask import abort, jsonify
from flask_babel import lazy_gettext as _l

from eigenkracht.core.rules import RuleError, rule_message

TITLES = {
    401: _l("A valid API token is needed"),
    403: _l("This token may not do that"),
    404: _l("Not found"),
    409: _l("This is not possible in the current state"),
    412: _l("Someone changed this in the meantime"),
    415: _l("Send JSON"),
    422: _l("Some fields are not right"),
    428: _l("Send If-Match with the version you changed"),
}


def problem_response(status: int, detail: str = "", *, headers: dict[str, str] | None = None,
                     **extra: Any):
    body: dict[str, Any] = {"type": "about:blank", "title": str(TITLES.get(status, "")),
                            "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def fail(status: int, detail: str = "", **extra: Any) -> NoReturn:
    """Stop the request with a problem response."""
    headers = extra.pop("headers", None)
    abort(problem_response(status, detail, headers=headers, **extra))


# A field of one item of a list, as forms name it; the API names it as marshmallow does.
_LISTED = re.compile(r"^(\w+)-(\d+)-(\w+)$")


def rule_problem(error: RuleError, status: int = 422,
                 fields: Mapping[str, str] | None = None):
    """``error`` as a problem: its (first) message as the detail and every message at its
    field (``fields`` maps the services' names to the API's; ``""`` when at no field)."""
    errors: dict[str, list[str]] = {}
    for name, message in error.messages():
        key = (fields or {}).get(name, name) if name else ""
        key = _LISTED.sub(r"\1.\2.\3", key)  # clients-0-birth_date → clients.0.birth_date
        errors.setdefault(key, []).append(message)
    return problem_response(status, rule_message(error), errors=errors)
