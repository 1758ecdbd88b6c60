"""On the day: the attendance register and the notes of the information phase.

Both refuse to store anything during private family time (``ensure_recording_allowed``):
what the family discusses alone is never recorded.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from eigenkracht.audit.services import record
from eigenkracht.auth.models import User
from eigenkracht.cases.services import touch
from eigenkracht.conference.invitations import get_invitation, set_status
from eigenkracht.conference.models import (
    Conference,
    InformationNote,
    Invitation,
    InvitationRole,
    InvitationStatus,
    Phase,
)
from eigenkracht.conference.phases import ensure_recording_allowed
from eigenkracht.core.clock import local_date, now, today
from eigenkracht.core.rules import RuleError, clean_text
from eigenkracht.extensions import db

MAX_NOTE = 5000
ATTENDANCE = {"present": InvitationStatus.ATTENDED, "absent": InvitationStatus.ABSENT}


# --- attendance ---------------------------------------------------------------------------

def mark_attendance(conference: Conference, invitation: Invitation, mark: Any) -> bool:
    """Mark someone present or absent (one tap); from the day of the conference on."""
    ensure_recording_allowed(conference)
    status = ATTENDANCE.get(mark) if isinstance(mark, str) else None
    if status is None:
        raise RuleError("attendance_invalid", "attendance")
    if conference.phase == Phase.PLANNED and today() < local_date(conference.starts_at):
        raise RuleError("attendance_too_early", "attendance")
    return set_status(conference, invitation, status)


# --- information notes --------------------------------------------------------------------

def information_givers(conference: Conference) -> list[Invitation]:
    return sorted((i for i in conference.invitations
                   if i.role == InvitationRole.INFORMATION_GIVER),
                  key=lambda i: i.person.name.casefold())


def add_note(conference: Conference, invitation_id: Any, text: Any,
             user: User) -> InformationNote:
    """What an information giver said: only during the information phase."""
    ensure_recording_allowed(conference)
    if conference.phase != Phase.INFORMATION:
        raise RuleError("note_outside_information")
    if invitation_id in (None, ""):
        raise RuleError("giver_required", "invitation_id")
    giver = get_invitation(conference, invitation_id)
    if giver is None or giver.role != InvitationRole.INFORMATION_GIVER:
        raise RuleError("giver_invalid", "invitation_id")
    text = clean_text("text", str(text or ""), MAX_NOTE, required=True, code="note_required")
    note = InformationNote(conference_id=conference.id, invitation_id=giver.id, text=text,
                           created_by_id=user.id, created_at=now())
    db.session.add(note)
    db.session.flush()
    touch(conference.case)
    record("create", note, case=conference.case, summary=giver.person.name,
           details={"conference": conference.id, "invitation": giver.id})
    return note


def get_note(conference: Conference, note_id: int) -> InformationNote | None:
    return db.session.scalar(select(InformationNote).where(
        InformationNote.conference_id == conference.id, InformationNote.id == note_id))


def remove_note(conference: Conference, note: InformationNote) -> None:
    """Take back a note written by mistake, while the information phase lasts."""
    ensure_recording_allowed(conference)
    if conference.phase != Phase.INFORMATION:
        raise RuleError("note_outside_information")
    record("delete", note, case=conference.case, summary=str(note.invitation_id or ""),
           details={"conference": conference.id, "invitation": note.invitation_id})
    db.session.delete(note)
    db.session.flush()
    touch(conference.case)


def notes_by_giver(conference: Conference) -> dict[int | None, list[InformationNote]]:
    """The notes of the conference per invitation of an information giver, oldest first."""
    notes = db.session.scalars(select(InformationNote).where(
        InformationNote.conference_id == conference.id)
        .order_by(InformationNote.created_at, InformationNote.id))
    grouped: dict[int | None, list[InformationNote]] = {}
    for note in notes:
        grouped.setdefault(note.invitation_id, []).append(note)
    return grouped
