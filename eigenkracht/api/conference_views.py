"""The API's conferences: list, read, plan, change (with If-Match) and move through the
phases of the day. Thin views over ``eigenkracht.conference`` services, as the pages use
them; a conference is always looked up within its case. Invitations are in
``invitation_views``. The request kernel commits; a refusal answers through ``refuse`` or
``stale``, which stop the request (and so roll it back).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, NoReturn

from flask import abort, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from eigenkracht.api import conference_schemas as schemas
from eigenkracht.api.auth import api_user
from eigenkracht.api.blueprint import bp, etag_response, expected_version, json_body, load
from eigenkracht.api.map_views import viewed
from eigenkracht.api.openapi import operation
from eigenkracht.api.paging import page_of, page_response
from eigenkracht.api.problems import fail, rule_problem
from eigenkracht.api.schemas import PageArgsSchema
from eigenkracht.cases.access import get_case_or_404
from eigenkracht.cases.models import Case
from eigenkracht.conference import phases
from eigenkracht.conference import services as conferences
from eigenkracht.conference.models import Conference, Phase
from eigenkracht.core.clock import NoSuchLocalTime, from_local
from eigenkracht.core.rules import RuleError, StaleEdit, rule_message
from eigenkracht.extensions import db

CONFERENCE = schemas.ConferenceSchema()
BASE = "/cases/<reference>/conferences"

# Broken rules about the state of the conference, not about what was sent: 409.
STATE_CODES = frozenset({"illegal_move", "conference_private_time", "conference_cancelled",
                         "not_cancellable", "removal_after_start", "already_invited"})
# Where the services' field names are in the API's bodies.
API_FIELDS = {"person_ids": "person_id", "cancel_reason": "reason"}


def refuse(error: RuleError) -> NoReturn:
    """Answer 409 (the state does not allow it) or 422 (at a field)."""
    if error.code in STATE_CODES or error.field is None:
        fail(409, rule_message(error))
    abort(rule_problem(error, fields=API_FIELDS))


def stale(what: str = "conference") -> NoReturn:
    if what == "invitation":
        fail(412, _("The invitation was changed in the meantime; read it again."))
    fail(412, _("The conference was changed in the meantime; read it again."))


def conference_for(case: Case, conference_id: int) -> Conference:
    """A conference *of this case*, else 404."""
    conference = conferences.get_conference(case, conference_id)
    if conference is None:
        fail(404)
    return conference


def conference_response(conference: Conference, status: int = 200):
    response = etag_response(CONFERENCE.dump(conference), conference.row_version, status)
    if status == 201:
        response.headers["Location"] = url_for(
            "api.read_conference", reference=conference.case.reference,
            conference_id=conference.id)
    return response


def utc_moment(value: datetime) -> datetime:
    """``starts_at`` as sent: with an offset as it says, without one on the local clock."""
    try:
        if value.tzinfo is None:
            return from_local(value.date(), value.time())
        return value.astimezone(UTC)
    except NoSuchLocalTime:
        refuse(RuleError("time_does_not_exist", "starts_at"))
    except (OverflowError, ValueError):
        refuse(RuleError("starts_at_range", "starts_at"))


def conference_data(values: dict[str, Any],
                    conference: Conference | None = None) -> conferences.ConferenceData:
    """The sent fields over what the conference has now (or the defaults of a new one)."""
    if "starts_at" in values:
        values["starts_at"] = utc_moment(values["starts_at"])
    one = values.pop("interpreter_language", None)  # the field of before several interpreters
    if one is not None and "interpreter_languages" not in values:
        values["interpreter_languages"] = [one] if one else []
    if conference is None:
        return conferences.ConferenceData(**values)
    data = conferences.ConferenceData.of(conference)
    data.languages = list(data.languages or [])
    for name, value in values.items():
        setattr(data, name, value)
    return data


@bp.get(BASE)
@operation("The conferences and review meetings of a case, the latest first",
           response=schemas.ConferencePageSchema, query=PageArgsSchema)
def list_conferences(reference: str):
    case = get_case_or_404(reference, api_user())
    args = load(PageArgsSchema(), request.args.to_dict())
    found = conferences.conferences_of(case)
    items = CONFERENCE.dump(page_of(found, args), many=True)
    viewed(case, "conferences")
    return page_response(items, args, len(found), "api.list_conferences",
                         reference=case.reference)


@bp.get(f"{BASE}/<int:conference_id>")
@operation("One conference: when, where, its phase", response=schemas.ConferenceSchema,
           headers=("ETag",))
def read_conference(reference: str, conference_id: int):
    case = get_case_or_404(reference, api_user())
    conference = conference_for(case, conference_id)
    response = conference_response(conference)
    viewed(case, "conference")
    return response


@bp.post(BASE)
@operation("Plan a conference or review meeting", response=schemas.ConferenceSchema,
           status=201, body=schemas.ConferenceInputSchema, errors=(409, 415),
           headers=("ETag",))
def create_conference(reference: str):
    user = api_user()
    case = get_case_or_404(reference, user, for_edit=True)
    values = load(schemas.ConferenceInputSchema(), json_body())
    try:
        conference = conferences.create_conference(case, conference_data(values), user)
    except RuleError as error:
        refuse(error)
    return conference_response(conference, 201)


@bp.patch(f"{BASE}/<int:conference_id>")
@operation("Change a conference (send If-Match)", response=schemas.ConferenceSchema,
           body=schemas.ConferenceUpdateSchema, errors=(409, 412, 415, 428),
           headers=("ETag", "If-Match"))
def update_conference(reference: str, conference_id: int):
    user = api_user()
    case = get_case_or_404(reference, user, for_edit=True)
    conference = conference_for(case, conference_id)
    version = expected_version()
    values = load(schemas.ConferenceUpdateSchema(), json_body())
    if conference.row_version != version:
        stale()
    try:
        conferences.update_conference(conference, conference_data(values, conference),
                                      version, user)
        db.session.flush()
    except RuleError as error:
        refuse(error)
    except (StaleEdit, StaleDataError):
        stale()
    return conference_response(conference)


@bp.post(f"{BASE}/<int:conference_id>/phase")
@operation("Start the next phase of the day, or cancel a conference that has not started "
           "(send If-Match)", response=schemas.ConferenceSchema,
           body=schemas.PhaseInputSchema, errors=(409, 412, 415, 428),
           headers=("ETag", "If-Match"))
def move_conference_phase(reference: str, conference_id: int):
    case = get_case_or_404(reference, api_user(), for_edit=True)
    conference = conference_for(case, conference_id)
    version = expected_version()
    values = load(schemas.PhaseInputSchema(), json_body())
    target: Phase = values["phase"]
    if target not in (*phases.DAY_PHASES, Phase.CANCELLED):
        message = _("That phase cannot be started here.")
        fail(422, message, errors={"phase": [message]})
    if "reason" in values and target != Phase.CANCELLED:
        message = _("A reason is only given when a conference is cancelled.")
        fail(422, message, errors={"reason": [message]})
    if conference.row_version != version:
        stale()
    try:
        if target == Phase.CANCELLED:
            conferences.cancel_conference(conference, values.get("reason", ""))
        else:
            phases.move(conference, target)
        db.session.flush()
    except RuleError as error:
        refuse(error)
    except StaleDataError:
        stale()
    return conference_response(conference)

