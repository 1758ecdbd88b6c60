"""The API blueprint: cases. Thin views over the cases services, always as the token's user.

The request kernel commits after a view that answered below 400 and rolls back otherwise;
views never commit. A broken rule that leaves a view is a 422 problem with a message per
field (``problems.rule_problem``); a view that answers a stale save with 412 flushes inside
its ``try`` so the version counter is checked there.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request, url_for
from flask_babel import gettext as _
from marshmallow import Schema, ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from eigenkracht.api import schemas
from eigenkracht.api.auth import api_user, authenticate
from eigenkracht.api.messages import field_message
from eigenkracht.api.openapi import operation
from eigenkracht.api.paging import page_response
from eigenkracht.api.problems import fail, rule_problem
from eigenkracht.cases.access import get_case_or_404
from eigenkracht.cases.models import Case
from eigenkracht.cases.services import (
    EDITABLE_FIELDS,
    CaseData,
    CaseFilter,
    case_list_query,
    create_case,
    update_case,
)
from eigenkracht.core.rules import RuleError, StaleEdit
from eigenkracht.extensions import csrf, db

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


CASE = schemas.CaseSchema()


def case_json(case: Case) -> dict[str, Any]:
    return CASE.dump(case)


@bp.get("/cases")
@operation("List the cases you may see", response=schemas.CasePageSchema,
           query=schemas.CaseListArgsSchema)
def list_cases():
    args = load(schemas.CaseListArgsSchema(), request.args.to_dict())
    flt = CaseFilter(q=args.get("q", ""), status=args.get("status", "all"),
                     kind=args["kind"].value if args.get("kind") else "")
    query = case_list_query(api_user(), flt)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    page, per_page = args["page"], args["per_page"]
    items = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).all()
    return page_response([case_json(c) for c in items], args, total, "api.list_cases")


@bp.post("/cases")
@operation("Create a case", response=schemas.CaseSchema, status=201,
           body=schemas.CaseInputSchema, errors=(415,), headers=("ETag",))
def create():
    user = api_user()
    if not user.can_create_cases:
        fail(403, _("Your account cannot create cases."))
    values = load(schemas.CaseInputSchema(), json_body())
    lines = values.pop("bottom_lines", [])
    case = create_case(CaseData(**values, bottom_lines=lines), user)
    response = etag_response(case_json(case), case.row_version, 201)
    response.headers["Location"] = url_for("api.read_case", reference=case.reference)
    return response


@bp.get("/cases/<reference>")
@operation("Read a case", response=schemas.CaseSchema, headers=("ETag",))
def read_case(reference: str):
    case = get_case_or_404(reference, api_user())
    return etag_response(case_json(case), case.row_version)


@bp.patch("/cases/<reference>")
@operation("Change a case (send If-Match)", response=schemas.CaseSchema,
           body=schemas.CaseUpdateSchema, errors=(412, 415, 428), headers=("ETag", "If-Match"))
def update(reference: str):
    case = get_case_or_404(reference, api_user(), for_edit=True)
    version = expected_version()
    values = load(schemas.CaseUpdateSchema(), json_body())
    if case.row_version != version:
        fail(412, _("The case was changed in the meantime; read it again."))
    current = {name: getattr(case, name) for name in EDITABLE_FIELDS}
    staff = [a.user_id for a in case.assignments if a.role.value != "referrer"]
    referrers = [a.user_id for a in case.assignments if a.role.value == "referrer"]
    data = CaseData(**{**current, **values}, staff_ids=staff, referrer_ids=referrers)
    try:
        update_case(case, data, version)
        db.session.flush()
    except (StaleEdit, StaleDataError):
        fail(412, _("The case was changed in the meantime; read it again."))
    return etag_response(case_json(case), case.row_version)


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API (public: it holds no data)."""
    from flask import current_app

    from eigenkracht.api.openapi import build_spec

    return jsonify(build_spec(current_app))


from eigenkracht.api import (  # noqa: E402,F401  (routes on the same blueprint)
    conference_views,
    map_views,
    snapshot_views,
)
