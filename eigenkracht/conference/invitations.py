"""Invitations: people of the map asked to a conference, with their role, status, way of
taking part and needs. "Who else should be there?" is asked of everyone: a suggestion
becomes a person on the map (and, if wanted, an invitation) in one step.

A person who is invited cannot be taken off the map (``create_app`` registers ``invited_to``
among the network's usage checks). Sending, answers and letters are built on these
invitations elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import select

from eigenkracht.audit.services import changes, record
from eigenkracht.cases.services import touch
from eigenkracht.conference import sending
from eigenkracht.conference.labels import WITHDRAWN_TAKEN_BACK
from eigenkracht.conference.models import (
    Conference,
    ConferenceKind,
    Invitation,
    InvitationRole,
    InvitationStatus,
    Participation,
    Phase,
)
from eigenkracht.conference.phases import ensure_recording_allowed
from eigenkracht.core.ids import parse_id
from eigenkracht.core.rules import RuleError, check_version, clean_text
from eigenkracht.extensions import db
from eigenkracht.network import services as network
from eigenkracht.network.models import Person, Sector
from eigenkracht.network.validation import PersonData

LIMITS = {"needs_diet": 300, "needs_access": 300, "suggestions": 5000}
MAX_PEOPLE_AT_ONCE = 500


@dataclass
class InvitationData:
    role: Any
    status: Any
    participation: Any
    needs_diet: str = ""
    needs_access: str = ""
    suggestions: str = ""


FIELDS = ["role", "status", "participation", "needs_diet", "needs_access", "suggestions"]


def default_role(person: Person) -> InvitationRole:
    """Professionals come to inform; relatives are family; everyone else is network."""
    if person.sector == Sector.PROFESSIONALS:
        return InvitationRole.INFORMATION_GIVER
    if person.is_client or person.sector == Sector.FAMILY:
        return InvitationRole.FAMILY
    return InvitationRole.NETWORK


# --- reading ------------------------------------------------------------------------------

def get_invitation(conference: Conference, invitation_id: Any) -> Invitation | None:
    """The invitation with ``invitation_id`` *of this conference*, else None."""
    invitation_id = parse_id(invitation_id if isinstance(invitation_id, int)
                             else str(invitation_id))
    if invitation_id is None:
        return None
    return db.session.scalar(select(Invitation).where(
        Invitation.conference_id == conference.id, Invitation.id == invitation_id))


def invitations_of(conference: Conference) -> list[Invitation]:
    """Everyone invited, the client and family first, then by name."""
    order = {role: i for i, role in enumerate(InvitationRole)}
    return sorted(conference.invitations,
                  key=lambda i: (not i.person.is_client, order[i.role], i.person.name.casefold()))


def uninvited_people(conference: Conference) -> list[Person]:
    """The people of the map (the client too) who are not invited yet."""
    invited = {i.person_id for i in conference.invitations}
    return [p for p in network.load_map(conference.case).people if p.id not in invited]


def invited_to(person: Person) -> list[str]:
    """Where ``person`` is invited, for the network map's removal check."""
    conferences = db.session.scalars(
        select(Conference).join(Invitation, Invitation.conference_id == Conference.id)
        .where(Invitation.person_id == person.id, Conference.phase != Phase.CANCELLED)
        .order_by(Conference.starts_at))
    return [_("invited to the review meeting of %(date)s", date=_when(c))
            if c.kind == ConferenceKind.REVIEW
            else _("invited to the conference of %(date)s", date=_when(c))
            for c in conferences]


def _when(conference: Conference) -> str:
    return format_datetime(conference.starts_at, "EEE d MMM y, HH:mm")


# --- writing ------------------------------------------------------------------------------

def invite(conference: Conference, person_ids: Iterable[Any],
           role: InvitationRole | str | None = None) -> list[Invitation]:
    """Invite people of the map; without ``role`` each gets the role of their sector."""
    ensure_recording_allowed(conference)
    case = conference.case
    ids = _ids(person_ids)
    if role not in (None, ""):
        role = _enum(InvitationRole, role, "role_invalid", "role")
    already = {i.person_id for i in conference.invitations}
    people = []
    for person_id in ids:
        person = network.get_person(case, person_id)
        if person is None:
            raise RuleError("person_unknown", "person_ids")
        if person.id in already:
            raise RuleError("already_invited", "person_ids", name=person.name)
        people.append(person)
    created = []
    for person in people:
        invitation = Invitation(person=person, role=role or default_role(person),
                                status=InvitationStatus.TO_INVITE,
                                participation=Participation.IN_PERSON)
        conference.invitations.append(invitation)
        db.session.flush()
        record("create", invitation, case=case, summary=person.name,
               details={"conference": conference.id, "person": person.id,
                        "role": invitation.role.value})
        created.append(invitation)
    touch(case)
    return created


def _ids(values: Iterable[Any]) -> list[int]:
    ids = []
    for value in values or []:
        number = parse_id(value if isinstance(value, int) else str(value))
        if number is None:
            raise RuleError("person_unknown", "person_ids")
        ids.append(number)
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise RuleError("invitees_required", "person_ids")
    if len(ids) > MAX_PEOPLE_AT_ONCE:
        raise RuleError("person_unknown", "person_ids")
    return ids


def _enum(enum_cls, value: Any, code: str, field: str):
    if isinstance(value, enum_cls):
        return value
    if isinstance(value, str) and value in enum_cls._value2member_map_:
        return enum_cls(value)
    raise RuleError(code, field)


def update_invitation(conference: Conference, invitation: Invitation, data: InvitationData,
                      expected_version: int | str | None) -> bool:
    """Save the invitation's form, made on the copy with ``row_version``
    ``expected_version`` (an older copy is refused with ``StaleEdit``); a change of status
    is its own audit event."""
    ensure_recording_allowed(conference)
    check_version(invitation, expected_version)
    values = {
        "role": _enum(InvitationRole, data.role, "role_invalid", "role"),
        "status": _enum(InvitationStatus, data.status, "status_invalid", "status"),
        "participation": _enum(Participation, data.participation, "participation_invalid",
                               "participation"),
    }
    for name, limit in LIMITS.items():
        values[name] = clean_text(name, str(getattr(data, name) or ""), limit,
                                  multiline=name == "suggestions")
    diff = changes(invitation, FIELDS, values)
    if not diff:
        return False
    for name, value in values.items():
        setattr(invitation, name, value)
    db.session.flush()
    touch(conference.case)
    action = "status" if "status" in diff else "update"
    record(action, invitation, case=conference.case, summary=invitation.person.name,
           details={"conference": conference.id, **diff})
    return True


def set_status(conference: Conference, invitation: Invitation,
               status: InvitationStatus) -> bool:
    """Change only the status (the register on the day, sending, answers); audited."""
    ensure_recording_allowed(conference)
    old = invitation.status
    if old == status:
        return False
    invitation.status = status
    db.session.flush()
    touch(conference.case)
    record("status", invitation, case=conference.case, summary=invitation.person.name,
           details={"conference": conference.id, "status": [old.value, status.value]})
    return True


def remove_invitation(conference: Conference, invitation: Invitation) -> None:
    """Take an invitation back; once the conference has started it stays on record."""
    ensure_recording_allowed(conference)
    if conference.phase != Phase.PLANNED:
        raise RuleError("removal_after_start")
    record("delete", invitation, case=conference.case, summary=invitation.person.name,
           details={"conference": conference.id, "person": invitation.person_id,
                    "status": invitation.status.value})
    # An e-mail still waiting must not go out now.
    sending.withdraw_waiting(invitation, WITHDRAWN_TAKEN_BACK)
    conference.invitations.remove(invitation)
    db.session.flush()
    touch(conference.case)


def add_suggested_person(conference: Conference, data: PersonData, *, invite_them: bool,
                         role: InvitationRole | str | None = None
                         ) -> tuple[Person, Invitation | None]:
    """Put a suggested person on the map and, if wanted, invite them: one step.

    Raises ``RuleError`` for what is wrong with the person (the network's rules) or the
    invitation; the request then saves neither.
    """
    ensure_recording_allowed(conference)
    if role not in (None, ""):
        role = _enum(InvitationRole, role, "role_invalid", "role")
    person = network.add_person(conference.case, data, how="suggestion")
    invitation = invite(conference, [person.id], role)[0] if invite_them else None
    return person, invitation


def add_contact(conference: Conference, invitation: Invitation, email: str, phone: str,
                expected_version: Any = None) -> list[str]:
    """Give the invitee an e-mail address and/or phone number from the invitation page;
    what they already have stays unless something new is sent. The map's rules apply (a
    valid address, a phone number of digits); returns the names of the fields that changed.
    """
    ensure_recording_allowed(conference)
    person = invitation.person
    data = PersonData.of(person)
    email, phone = (email or "").strip(), (phone or "").strip()
    if not email and not phone:
        raise RuleError("contact_required", "email")
    changed = []
    if email and email.lower() != person.email:
        data.email, changed = email, [*changed, "email"]
    if phone and phone != person.phone:
        data.phone, changed = phone, [*changed, "phone"]
    if changed:
        network.update_person(conference.case, person, data, expected_version)
    return changed
