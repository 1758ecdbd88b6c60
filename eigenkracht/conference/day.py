"""On the day: the attendance register and the notes of the information phase.

Both refuse to store anything during private family time (``ensure_recording_allowed``):
what the family discusses alone is never recorded. The register holds everyone invited and
the referrer(s) of the case; someone marked present gets an arrival time (a latecomer's is
shown), everyone can be marked present at once (then the exceptions), and each person's way
of taking part (present, phone, video, letter) is kept. Once the conference is closed the
register is frozen. Notes keep their giver; a correction keeps the words it replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eigenkracht.audit.services import record
from eigenkracht.auth.models import User
from eigenkracht.cases.models import AssignmentRole
from eigenkracht.cases.services import touch
from eigenkracht.conference.invitations import get_invitation, set_status
from eigenkracht.conference.models import (
    Conference,
    InformationNote,
    Invitation,
    InvitationRole,
    InvitationStatus,
    NoteRevision,
    Participation,
    Phase,
    ReferrerAttendance,
)
from eigenkracht.conference.phases import ensure_recording_allowed
from eigenkracht.core.clock import local_date, now, today
from eigenkracht.core.rules import RuleError, clean_text
from eigenkracht.extensions import db

MAX_NOTE = 5000
ATTENDANCE = {"present": InvitationStatus.ATTENDED, "absent": InvitationStatus.ABSENT}


# --- attendance ---------------------------------------------------------------------------

# Who "everyone invited is here" marks present: not who declined or was marked absent.
EXPECTED = frozenset({InvitationStatus.TO_INVITE, InvitationStatus.INVITED,
                      InvitationStatus.CONFIRMED})
# Arriving this long after the start counts as late (the arrival time is shown).
LATE_AFTER_MINUTES = 5


def ensure_register_open(conference: Conference) -> None:
    """The register can be changed from the day of the conference until it is closed."""
    ensure_recording_allowed(conference)
    if conference.phase == Phase.CLOSED:
        raise RuleError("register_closed", "attendance")
    if conference.phase == Phase.PLANNED and today() < local_date(conference.starts_at):
        raise RuleError("attendance_too_early", "attendance")


def _status_of(mark: Any) -> InvitationStatus:
    status = ATTENDANCE.get(mark) if isinstance(mark, str) else None
    if status is None:
        raise RuleError("attendance_invalid", "attendance")
    return status


def mark_attendance(conference: Conference, invitation: Invitation, mark: Any) -> bool:
    """Mark someone present (with the time they arrived) or absent: one tap."""
    status = _status_of(mark)
    ensure_register_open(conference)
    if status == InvitationStatus.ATTENDED and invitation.status != status:
        invitation.arrived_at = now()
    elif status == InvitationStatus.ABSENT:
        invitation.arrived_at = None
    return set_status(conference, invitation, status)


def mark_everyone_present(conference: Conference) -> int:
    """"Everyone invited is here": one tap marks everyone expected present (the referrers
    too); the exceptions are marked absent after. Returns how many were marked."""
    ensure_register_open(conference)
    count = 0
    for invitation in conference.invitations:
        if invitation.status in EXPECTED:
            mark_attendance(conference, invitation, "present")
            count += 1
    for user, row in referrers(conference):
        if row is None or row.status in EXPECTED:
            mark_referrer(conference, user, "present")
            count += 1
    return count


def set_participation(conference: Conference, invitation: Invitation, value: Any) -> bool:
    """How someone takes part: in person, by phone, by video, by letter."""
    ensure_register_open(conference)
    if not isinstance(value, str) or value not in Participation._value2member_map_:
        raise RuleError("participation_invalid", "participation")
    new = Participation(value)
    old = invitation.participation
    if old == new:
        return False
    invitation.participation = new
    db.session.flush()
    touch(conference.case)
    record("participation", invitation, case=conference.case, summary=invitation.person.name,
           details={"conference": conference.id, "participation": [old.value, new.value]})
    return True


def is_late(conference: Conference, arrived_at: datetime | None) -> bool:
    """Arrived after the start (the planned time, or the start of the information phase)."""
    if arrived_at is None:
        return False
    start = conference.information_started_at or conference.starts_at
    return (arrived_at - start).total_seconds() > LATE_AFTER_MINUTES * 60


# --- the referrer on the register ------------------------------------------------------------

def referrers(conference: Conference) -> list[tuple[User, ReferrerAttendance | None]]:
    """The referrers of the case, each with their line of the register (None: not marked)."""
    rows = {r.user_id: r for r in db.session.scalars(select(ReferrerAttendance).where(
        ReferrerAttendance.conference_id == conference.id))}
    users = sorted(conference.case.staff(AssignmentRole.REFERRER),
                   key=lambda u: u.name.casefold())
    return [(u, rows.get(u.id)) for u in users]


def referrer_for(conference: Conference, user_id: int) -> User | None:
    return next((u for u, _row in referrers(conference) if u.id == user_id), None)


def _referrer_row(conference: Conference, user: User) -> ReferrerAttendance:
    row = db.session.scalar(select(ReferrerAttendance).where(
        ReferrerAttendance.conference_id == conference.id, ReferrerAttendance.user_id == user.id))
    if row is None:
        row = ReferrerAttendance(conference_id=conference.id, user_id=user.id,
                                 status=InvitationStatus.INVITED,
                                 participation=Participation.IN_PERSON)
        db.session.add(row)
    return row


def mark_referrer(conference: Conference, user: User, mark: Any) -> bool:
    """Mark the referrer present (with the time) or absent."""
    status = _status_of(mark)
    ensure_register_open(conference)
    row = _referrer_row(conference, user)
    old = row.status
    if old == status:
        return False
    row.status = status
    row.arrived_at = now() if status == InvitationStatus.ATTENDED else None
    db.session.flush()
    touch(conference.case)
    record("status", row, case=conference.case, summary=user.name,
           details={"conference": conference.id, "referrer": user.id,
                    "status": [old.value, status.value]})
    return True


def set_referrer_participation(conference: Conference, user: User, value: Any) -> bool:
    ensure_register_open(conference)
    if not isinstance(value, str) or value not in Participation._value2member_map_:
        raise RuleError("participation_invalid", "participation")
    row = _referrer_row(conference, user)
    old, new = row.participation, Participation(value)
    if old == new:
        return False
    row.participation = new
    db.session.flush()
    touch(conference.case)
    record("participation", row, case=conference.case, summary=user.name,
           details={"conference": conference.id, "referrer": user.id,
                    "participation": [old.value, new.value]})
    return True


@dataclass(frozen=True)
class RegisterCount:
    present: int
    absent: int
    open: int


def register_count(conference: Conference) -> RegisterCount:
    statuses = [i.status for i in conference.invitations] + [
        row.status if row else InvitationStatus.INVITED for _u, row in referrers(conference)]
    present = sum(s == InvitationStatus.ATTENDED for s in statuses)
    absent = sum(s in (InvitationStatus.ABSENT, InvitationStatus.DECLINED) for s in statuses)
    return RegisterCount(present, absent, len(statuses) - present - absent)


# --- information notes --------------------------------------------------------------------

def information_givers(conference: Conference) -> list[Invitation]:
    return sorted((i for i in conference.invitations
                   if i.role == InvitationRole.INFORMATION_GIVER),
                  key=lambda i: i.person.name.casefold())


REFERRER_GIVER = "referrer-"  # the value of a referrer in the giver list: "referrer-<user id>"


def add_note(conference: Conference, invitation_id: Any, text: Any,
             user: User) -> InformationNote:
    """What an information giver (or the referrer) said: only during the information phase."""
    ensure_recording_allowed(conference)
    if conference.phase != Phase.INFORMATION:
        raise RuleError("note_outside_information")
    if invitation_id in (None, ""):
        raise RuleError("giver_required", "invitation_id")
    giver, referrer = _giver(conference, invitation_id)
    text = clean_text("text", str(text or ""), MAX_NOTE, required=True, code="note_required")
    note = InformationNote(conference_id=conference.id,
                           invitation_id=giver.id if giver else None,
                           referrer_id=referrer.id if referrer else None, text=text,
                           created_by_id=user.id, created_at=now())
    db.session.add(note)
    db.session.flush()
    touch(conference.case)
    record("create", note, case=conference.case,
           summary=giver.person.name if giver else referrer.name,
           details={"conference": conference.id,
                    "invitation": giver.id if giver else None,
                    "referrer": referrer.id if referrer else None})
    return note


def _giver(conference: Conference, value: Any) -> tuple[Invitation | None, User | None]:
    """The invitation of an information giver, or a referrer of the case, that ``value``
    names; else ``giver_invalid``."""
    value = str(value)
    if value.startswith(REFERRER_GIVER):
        number = value.removeprefix(REFERRER_GIVER)
        user = referrer_for(conference, int(number)) if number.isdigit() else None
        if user is None:
            raise RuleError("giver_invalid", "invitation_id")
        return None, user
    giver = get_invitation(conference, value)
    if giver is None or giver.role != InvitationRole.INFORMATION_GIVER:
        raise RuleError("giver_invalid", "invitation_id")
    return giver, None


def correct_note(conference: Conference, note: InformationNote, text: Any,
                 user: User) -> None:
    """Correct what was written down: the earlier words are kept as the note's history.
    Possible while the conference goes on (not during private time, not once closed)."""
    ensure_recording_allowed(conference)
    if conference.phase == Phase.CLOSED:
        raise RuleError("note_closed")
    text = clean_text("text", str(text or ""), MAX_NOTE, required=True, code="note_required")
    if text == note.text:
        raise RuleError("note_unchanged", "text")
    note.revisions.append(NoteRevision(text=note.text, replaced_at=now(),
                                       replaced_by_id=user.id))
    note.text, note.corrected_at = text, now()
    db.session.flush()
    touch(conference.case)
    record("update", note, case=conference.case, summary=str(note.id),
           details={"conference": conference.id, "corrected": True})


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


def notes_by_giver(conference: Conference) -> dict[int | str | None, list[InformationNote]]:
    """The notes of the conference per invitation of an information giver (a referrer's
    under ``"referrer-<id>"``), oldest first."""
    notes = db.session.scalars(select(InformationNote).where(
        InformationNote.conference_id == conference.id)
        .options(selectinload(InformationNote.revisions))
        .order_by(InformationNote.created_at, InformationNote.id))
    grouped: dict[int | str | None, list[InformationNote]] = {}
    for note in notes:
        key = (f"{REFERRER_GIVER}{note.referrer_id}" if note.referrer_id is not None
               else note.invitation_id)
        grouped.setdefault(key, []).append(note)
    return grouped
