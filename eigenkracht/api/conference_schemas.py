"""What the API reads and writes about conferences and their invitations.

Limits are those of ``eigenkracht.conference.services`` and ``invitations``; the services
check the rest (the moment, links, languages, the coordinator) and say what is wrong.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from eigenkracht.api.schemas import LinksSchema, StrictSchema, _no_nul
from eigenkracht.conference import invitations, services
from eigenkracht.conference.checklist import done_keys
from eigenkracht.conference.models import (
    Answer,
    ConferenceKind,
    InvitationRole,
    InvitationStatus,
    Participation,
    Phase,
    SendStatus,
    VenueKind,
)
from eigenkracht.core.ids import MAX_ID

ID = validate.Range(min=1, max=MAX_ID)


def _text(limit: int) -> list:
    return [validate.Length(max=limit), _no_nul]


class ConferenceSchema(Schema):
    id = fields.Integer(required=True)
    kind = fields.Enum(ConferenceKind, by_value=True, required=True)
    phase = fields.Enum(Phase, by_value=True, required=True)
    starts_at = fields.DateTime(required=True)
    duration_minutes = fields.Integer(required=True)
    venue_kind = fields.Enum(VenueKind, by_value=True, required=True)
    venue_address = fields.String(required=True)
    meeting_link = fields.String(required=True)
    languages = fields.List(fields.String(), required=True)
    interpreter_languages = fields.List(fields.String(), required=True)
    # Before several interpreters could be booked: the first language, or "".
    interpreter_language = fields.Function(
        lambda c: (c.interpreter_languages or [""])[0], required=True,
        metadata={"type": "string", "deprecated": True})
    interpreter_booked = fields.Boolean(required=True)
    childs_advocate = fields.String(required=True)
    practical_notes = fields.String(required=True)
    coordinator_id = fields.Integer(allow_none=True, required=True)
    information_started_at = fields.DateTime(allow_none=True, required=True)
    private_time_started_at = fields.DateTime(allow_none=True, required=True)
    presentation_started_at = fields.DateTime(allow_none=True, required=True)
    decision_started_at = fields.DateTime(allow_none=True, required=True)
    closed_at = fields.DateTime(allow_none=True, required=True)
    cancelled_at = fields.DateTime(allow_none=True, required=True)
    cancel_reason = fields.String(required=True)
    follow_up_call_on = fields.Date(allow_none=True, required=True)
    checklist = fields.Function(lambda c: sorted(k.value for k in done_keys(c)),
                                metadata={"type": "array", "items": {"type": "string"},
                                          "description": "the preparation steps done"},
                                required=True)
    invitation_count = fields.Function(lambda c: len(c.invitations),
                                  metadata={"type": "integer",
                                            "description": "how many people are invited"},
                                  required=True)
    created_at = fields.DateTime(required=True)
    row_version = fields.Integer(required=True, data_key="version", metadata={
        "description": "the version counter, also sent as ETag (If-Match on changes)"})


class ConferencePageSchema(Schema):
    items = fields.List(fields.Nested(ConferenceSchema), required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    links = fields.Nested(LinksSchema, required=True)


class ConferenceUpdateSchema(StrictSchema):
    """The fields of a conference to change; the rest stays as it is. ``starts_at`` without
    an offset is read as local time (Europe/Amsterdam)."""

    kind = fields.Enum(ConferenceKind, by_value=True)
    starts_at = fields.DateTime()
    duration_minutes = fields.Integer(strict=True, validate=validate.Range(
        min=services.MIN_DURATION, max=services.MAX_DURATION))
    venue_kind = fields.Enum(VenueKind, by_value=True)
    venue_address = fields.String(validate=_text(services.LIMITS["venue_address"]))
    meeting_link = fields.String(validate=_text(services.LIMITS["meeting_link"]))
    languages = fields.List(fields.String(validate=_text(10)),
                            validate=validate.Length(max=30))
    interpreter_languages = fields.List(fields.String(validate=_text(10)),
                                        validate=validate.Length(max=30))
    # Before several interpreters: one language ("" for none); ``interpreter_languages``
    # wins when both are sent.
    interpreter_language = fields.String(validate=_text(10),
                                         metadata={"deprecated": True})
    interpreter_booked = fields.Boolean()
    childs_advocate = fields.String(validate=_text(services.LIMITS["childs_advocate"]))
    practical_notes = fields.String(validate=_text(services.LIMITS["practical_notes"]))
    coordinator_id = fields.Integer(strict=True, allow_none=True, validate=ID)


class ConferenceInputSchema(ConferenceUpdateSchema):
    """A new conference: ``starts_at`` is required."""

    starts_at = fields.DateTime(required=True)


class PhaseInputSchema(StrictSchema):
    """Start the next phase of the day, or cancel (with an optional reason)."""

    phase = fields.Enum(Phase, by_value=True, required=True)
    reason = fields.String(validate=_text(services.LIMITS["cancel_reason"]))


class InvitationSchema(Schema):
    id = fields.Integer(required=True)
    conference_id = fields.Integer(required=True)
    person_id = fields.Integer(required=True)
    person_name = fields.Function(lambda i: i.person.name, metadata={"type": "string"},
                                  required=True)
    role = fields.Enum(InvitationRole, by_value=True, required=True)
    status = fields.Enum(InvitationStatus, by_value=True, required=True)
    participation = fields.Enum(Participation, by_value=True, required=True)
    needs_diet = fields.String(required=True)
    needs_access = fields.String(required=True)
    answer = fields.Enum(Answer, by_value=True, allow_none=True, required=True)
    answered_at = fields.DateTime(allow_none=True, required=True)
    answer_note = fields.String(required=True)
    suggestions = fields.String(required=True)
    send_status = fields.Enum(SendStatus, by_value=True, required=True)
    send_error = fields.String(required=True, metadata={
        "description": "Why the last e-mail could not be sent (empty when it went out)"})
    sent_at = fields.DateTime(allow_none=True, required=True)
    letter_printed_at = fields.DateTime(allow_none=True, required=True)
    created_at = fields.DateTime(required=True)
    row_version = fields.Integer(required=True, data_key="version", metadata={
        "description": "the version counter, also sent as ETag (If-Match on changes)"})


class InvitationPageSchema(Schema):
    items = fields.List(fields.Nested(InvitationSchema), required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    links = fields.Nested(LinksSchema, required=True)


class InvitationInputSchema(StrictSchema):
    """Invite a person of the case's map; without ``role``, the role of their sector."""

    person_id = fields.Integer(strict=True, required=True, validate=ID)
    role = fields.Enum(InvitationRole, by_value=True)


class InvitationUpdateSchema(StrictSchema):
    """The fields of an invitation to change; the rest stays as it is."""

    role = fields.Enum(InvitationRole, by_value=True)
    status = fields.Enum(InvitationStatus, by_value=True)
    participation = fields.Enum(Participation, by_value=True)
    needs_diet = fields.String(validate=_text(invitations.LIMITS["needs_diet"]))
    needs_access = fields.String(validate=_text(invitations.LIMITS["needs_access"]))
    suggestions = fields.String(validate=_text(invitations.LIMITS["suggestions"]))
