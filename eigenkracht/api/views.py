"""The API blueprint: cases. Thin views over the cases services, always as the token's user.

The request kernel commits after a view that answered below 400 and rolls back otherwise;
views never commit. A broken rule that leaves a view is a 422 problem with a message per
field (``problems.rule_problem``); a view that answers a stale save with 412 flushes inside
its ``try`` so the version counter is checked there.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from eigenkracht.api import schemas
from eigenkracht.api.auth import api_user
from eigenkracht.api.blueprint import bp, etag_response, expected_version, json_body, load
from eigenkracht.api.openapi import operation
from eigenkracht.api.paging import page_response
from eigenkracht.api.problems import fail
from eigenkracht.audit.services import record
from eigenkracht.cases.access import get_case_or_404
from eigenkracht.cases.clients import ClientData
from eigenkracht.cases.models import Case
from eigenkracht.cases.services import (
    EDITABLE_FIELDS,
    CaseData,
    CaseFilter,
    ReferrerData,
    case_list_query,
    create_case,
    update_case,
)
from eigenkracht.core.rules import StaleEdit
from eigenkracht.extensions import db

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
    if flt.q:  # a search of case data (NEN 7513): what was asked and how much it found
        record("search", object_type="case", summary=f"api: {flt.q}"[:200],
               details={"q": flt.q[:100], "results": total, "api": True})
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
    case = create_case(CaseData(**_parts(values), bottom_lines=lines), user)
    response = etag_response(case_json(case), case.row_version, 201)
    response.headers["Location"] = url_for("api.read_case", reference=case.reference)
    return response


@bp.get("/cases/<reference>")
@operation("Read a case", response=schemas.CaseSchema, headers=("ETag",))
def read_case(reference: str):
    case = get_case_or_404(reference, api_user())
    record("view", case, case=case, summary="api: case", details={"api": True})
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
    current["clients"] = [ClientData.of(c) for c in case.clients]
    staff = [a.user_id for a in case.assignments if a.role.value != "referrer"]
    referrers = [a.user_id for a in case.assignments if a.role.value == "referrer"]
    data = CaseData(**{**current, **_parts(values)}, staff_ids=staff, referrer_ids=referrers)
    try:
        update_case(case, data, version)
        db.session.flush()
    except (StaleEdit, StaleDataError):
        fail(412, _("The case was changed in the meantime; read it again."))
    return etag_response(case_json(case), case.row_version)


def _parts(values: dict[str, Any]) -> dict[str, Any]:
    """The clients and the referrer of a loaded body as the services take them."""
    values = dict(values)
    if "clients" in values:
        values["clients"] = [ClientData(**c) for c in values["clients"]]
    if "referrer" in values:  # null: no referrer contact any more
        values["referrer"] = ReferrerData(**(values["referrer"] or {}))
    return values


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API (public: it holds no data)."""
    from flask import current_app

    from eigenkracht.api.openapi import build_spec

    return jsonify(build_spec(current_app))

