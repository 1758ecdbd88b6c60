"""The API's invitations of a conference: list them with their answers, read one, invite a
person of the map, change one (with If-Match), e-mail it and take one back. The same
services as the invitation pages: inviting sends nothing; ``.../send`` e-mails the
invitation (again, with a new answer link) as the page's button does. The request kernel
commits; refusals answer through ``refuse`` and ``stale`` (``conference_views``)."""

from __future__ import annotations

from flask import after_this_request, request, url_for
from sqlalchemy.orm.exc import StaleDataError

from eigenkracht.api import conference_schemas as schemas
from eigenkracht.api.auth import api_user
from eigenkracht.api.blueprint import bp, etag_response, expected_version, json_body, load
from eigenkracht.api.conference_views import BASE, conference_for, refuse, stale
from eigenkracht.api.map_views import viewed
from eigenkracht.api.openapi import operation
from eigenkracht.api.paging import page_of, page_response
from eigenkracht.api.problems import fail
from eigenkracht.api.schemas import PageArgsSchema
from eigenkracht.cases.access import get_case_or_404
from eigenkracht.conference import invitations, sending
from eigenkracht.conference.models import Conference, Invitation
from eigenkracht.core.rules import RuleError, StaleEdit
from eigenkracht.extensions import db

INVITATION = schemas.InvitationSchema()
INVITATIONS = f"{BASE}/<int:conference_id>/invitations"


def invitation_for(conference: Conference, invitation_id: int) -> Invitation:
    """An invitation *of this conference*, else 404."""
    invitation = invitations.get_invitation(conference, invitation_id)
    if invitation is None:
        fail(404)
    return invitation


def invitation_response(invitation: Invitation, status: int = 200):
    response = etag_response(INVITATION.dump(invitation), invitation.row_version, status)
    if status == 201:
        conference = invitation.conference
        response.headers["Location"] = url_for(
            "api.read_invitation", reference=conference.case.reference,
            conference_id=conference.id, invitation_id=invitation.id)
    return response


@bp.get(INVITATIONS)
@operation("Everyone invited to a conference, with their answers",
           response=schemas.InvitationPageSchema, query=PageArgsSchema)
def list_invitations(reference: str, conference_id: int):
    case = get_case_or_404(reference, api_user())
    conference = conference_for(case, conference_id)
    args = load(PageArgsSchema(), request.args.to_dict())
    found = invitations.invitations_of(conference)
    items = INVITATION.dump(page_of(found, args), many=True)
    viewed(case, "invitations")
    return page_response(items, args, len(found), "api.list_invitations",
                         reference=case.reference, conference_id=conference.id)


@bp.get(f"{INVITATIONS}/<int:invitation_id>")
@operation("One invitation and its answer", response=schemas.InvitationSchema,
           headers=("ETag",))
def read_invitation(reference: str, conference_id: int, invitation_id: int):
    case = get_case_or_404(reference, api_user())
    invitation = invitation_for(conference_for(case, conference_id), invitation_id)
    response = invitation_response(invitation)
    viewed(case, "invitation")
    return response


@bp.post(INVITATIONS)
@operation("Invite a person of the case's map (nothing is sent yet)",
           response=schemas.InvitationSchema, status=201,
           body=schemas.InvitationInputSchema, errors=(409, 415), headers=("ETag",))
def create_invitation(reference: str, conference_id: int):
    case = get_case_or_404(reference, api_user(), for_edit=True)
    conference = conference_for(case, conference_id)
    values = load(schemas.InvitationInputSchema(), json_body())
    try:
        invitation = invitations.invite(conference, [values["person_id"]],
                                        values.get("role"))[0]
    except RuleError as error:
        refuse(error)
    return invitation_response(invitation, 201)


@bp.patch(f"{INVITATIONS}/<int:invitation_id>")
@operation("Change an invitation: role, status, way of taking part, needs (send If-Match)",
           response=schemas.InvitationSchema, body=schemas.InvitationUpdateSchema,
           errors=(409, 412, 415, 428), headers=("ETag", "If-Match"))
def update_invitation(reference: str, conference_id: int, invitation_id: int):
    case = get_case_or_404(reference, api_user(), for_edit=True)
    conference = conference_for(case, conference_id)
    invitation = invitation_for(conference, invitation_id)
    version = expected_version()
    values = load(schemas.InvitationUpdateSchema(), json_body())
    if invitation.row_version != version:
        stale("invitation")
    current = {name: getattr(invitation, name) for name in invitations.FIELDS}
    data = invitations.InvitationData(**{**current, **values})
    try:
        invitations.update_invitation(conference, invitation, data, version)
        db.session.flush()
    except RuleError as error:
        refuse(error)
    except (StaleEdit, StaleDataError):
        stale("invitation")
    return invitation_response(invitation)


@bp.post(f"{INVITATIONS}/<int:invitation_id>/send")
@operation("E-mail the invitation, or e-mail it again (always with a new answer link; the "
           "old one stops working). The e-mail is handed to the task queue once the request "
           "has committed; `send_status` becomes `sent` when it went out, or `failed` with "
           "`send_error` when it failed for good. A failed attempt is retried after 1 min, "
           "5 min, 30 min and 2 h; meanwhile `send_error` says why the last attempt failed",
           response=schemas.InvitationSchema, errors=(409,), headers=("ETag",))
def send_invitation(reference: str, conference_id: int, invitation_id: int):
    case = get_case_or_404(reference, api_user(), for_edit=True)
    invitation = invitation_for(conference_for(case, conference_id), invitation_id)
    try:
        item = sending.prepare(invitation)
        db.session.flush()
    except sending.CannotSend as error:
        fail(409, sending.cannot_send_message(error.code, invitation))
    except StaleDataError:
        stale("invitation")
    sending.send_after_commit([item])  # after the kernel's commit, never before

    @after_this_request
    def answered(response):
        if response.status_code >= 400:
            return response
        db.session.refresh(item.invitation)  # as it is now: a consumer may have sent it
        return invitation_response(item.invitation)

    return invitation_response(item.invitation)


@bp.delete(f"{INVITATIONS}/<int:invitation_id>")
@operation("Take an invitation back (only before the conference starts)", response=None,
           status=204, errors=(409,))
def delete_invitation(reference: str, conference_id: int, invitation_id: int):
    case = get_case_or_404(reference, api_user(), for_edit=True)
    conference = conference_for(case, conference_id)
    invitation = invitation_for(conference, invitation_id)
    try:
        invitations.remove_invitation(conference, invitation)
    except RuleError as error:
        refuse(error)
    return "", 204
