"""The API's network map (people, ties) and plans with actions and their updates."""

from __future__ import annotations

from flask import jsonify, url_for
from flask_babel import gettext as _

from eigenkracht.api import schemas
from eigenkracht.api.auth import api_user
from eigenkracht.api.blueprint import bp, json_body, load
from eigenkracht.api.openapi import operation
from eigenkracht.api.problems import fail
from eigenkracht.audit.services import record
from eigenkracht.cases.access import get_case_or_404
from eigenkracht.cases.models import Case
from eigenkracht.core.rules import Locked
from eigenkracht.network.entry import possible_duplicates
from eigenkracht.network.services import add_person, get_person, load_map
from eigenkracht.network.validation import PersonData
from eigenkracht.plans.actions import add_update, get_action
from eigenkracht.plans.services import get_plan, plans_of

PERSON, TIE, PLAN = schemas.PersonSchema(), schemas.TieSchema(), schemas.PlanSchema()
UPDATE = schemas.ActionUpdateSchema()


def viewed(case: Case, what: str) -> None:
    """Reading case data through the API is in the audit log, as on the pages (the request
    commits it with everything else)."""
    record("view", case, case=case, summary=f"api: {what}")


@bp.get("/cases/<reference>/people")
@operation("The people on the network map", response=schemas.PeopleSchema)
def list_people(reference: str):
    case = get_case_or_404(reference, api_user())
    people = load_map(case).people
    viewed(case, "people")
    return jsonify({"items": PERSON.dump(people, many=True)})


@bp.post("/cases/<reference>/people")
@operation("Add someone to the map (409 with candidates when the name is already there)",
           response=schemas.PersonSchema, status=201, body=schemas.PersonInputSchema,
           errors=(409, 415))
def create_person(reference: str):
    user = api_user()
    case = get_case_or_404(reference, user, for_edit=True)
    values = load(schemas.PersonInputSchema(), json_body())
    confirmed = values.pop("confirm_duplicate")
    data = PersonData(**values)
    if not confirmed:
        found = possible_duplicates(data.name.strip(), load_map(case).others)
        if found:
            fail(409, _("Someone with a name like this is already on the map. Send "
                        "\"confirm_duplicate\": true to add them anyway."),
                 candidates=[{"id": p.id, "name": p.name} for p in found])
    person = add_person(case, data, how="api")
    response = jsonify(PERSON.dump(person))
    response.status_code = 201
    response.headers["Location"] = url_for("api.read_person", reference=case.reference,
                                           person_id=person.id)
    return response


@bp.get("/cases/<reference>/people/<int:person_id>")
@operation("One person of the map", response=schemas.PersonSchema)
def read_person(reference: str, person_id: int):
    case = get_case_or_404(reference, api_user())
    person = get_person(case, person_id)
    if person is None:
        fail(404)
    viewed(case, "person")
    return jsonify(PERSON.dump(person))


@bp.get("/cases/<reference>/ties")
@operation("The ties between people of the map", response=schemas.TiesSchema)
def list_ties(reference: str):
    case = get_case_or_404(reference, api_user())
    ties = load_map(case).ties
    viewed(case, "ties")
    return jsonify({"items": TIE.dump(ties, many=True)})


@bp.get("/cases/<reference>/plans")
@operation("Every version of the family plan", response=schemas.PlansSchema)
def list_plans(reference: str):
    case = get_case_or_404(reference, api_user())
    plans = plans_of(case)
    viewed(case, "plans")
    return jsonify({"items": PLAN.dump(plans, many=True)})


@bp.get("/cases/<reference>/plans/<int:version>")
@operation("One version of the plan, with its actions", response=schemas.PlanSchema)
def read_plan(reference: str, version: int):
    case = get_case_or_404(reference, api_user())
    plan = get_plan(case, version)
    if plan is None:
        fail(404)
    viewed(case, "plan")
    return jsonify(PLAN.dump(plan))


@bp.post("/cases/<reference>/plans/<int:version>/actions/<int:action_id>/updates")
@operation("Report on an action: a new status and/or a note",
           response=schemas.ActionUpdateSchema, status=201,
           body=schemas.ActionUpdateInputSchema, errors=(409, 415))
def add_action_update(reference: str, version: int, action_id: int):
    user = api_user()
    case = get_case_or_404(reference, user, for_edit=True)
    plan = get_plan(case, version)
    action = get_action(plan, action_id) if plan is not None else None
    if action is None:
        fail(404)
    values = load(schemas.ActionUpdateInputSchema(), json_body())
    try:
        update = add_update(action, values.get("status"), values.get("note", ""), user=user)
    except Locked as error:  # replaced by a newer version, or private family time
        fail(409, error.message)
    response = jsonify(UPDATE.dump(update))
    response.status_code = 201
    return response
