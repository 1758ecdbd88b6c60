"""The rules of conferences: planning, editing, cancelling, review meetings, reading.

Services change objects, flush and write the audit event; the request kernel commits. A
broken rule raises ``core.rules.RuleError`` (its words are in ``rules.py``), an edit of an
older copy ``StaleEdit``. Every lookup of a conference is made *within* one case.
Invitations live in ``invitations.py``, the day in ``day.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eigenkracht.audit.services import changes, record
from eigenkracht.auth.models import User
from eigenkracht.cases.access import STAFF_ROLES
from eigenkracht.cases.models import Case
from eigenkracht.cases.services import touch
from eigenkracht.cases.status import follow
from eigenkracht.conference import changes as conference_changes
from eigenkracht.conference import phases, sending
from eigenkracht.conference.models import (
    ChecklistItem,
    ChecklistKey,
    Conference,
    ConferenceKind,
    Invitation,
    InvitationStatus,
    Phase,
    VenueKind,
)
from eigenkracht.core.clock import now
from eigenkracht.core.rules import (
    RuleError,
    check_version,
    clean_text,
    has_control_characters,
)
from eigenkracht.extensions import db
from eigenkracht.network.labels import LANGUAGE_LABELS

LIMITS = {"venue_address": 300, "meeting_link": 500, "childs_advocate": 200,
          "practical_notes": 5000, "cancel_reason": 500}
MULTILINE = frozenset({"venue_address", "practical_notes", "cancel_reason"})
MIN_DURATION, MAX_DURATION = 30, 720


@dataclass
class ConferenceData:
    """What the form (or the plan feature) may set on a conference."""

    starts_at: datetime | None
    kind: ConferenceKind = ConferenceKind.FIRST
    duration_minutes: int | None = 180
    venue_kind: VenueKind = VenueKind.ADDRESS
    venue_address: str = ""
    meeting_link: str = ""
    languages: list[str] = field(default_factory=list)
    interpreter_languages: list[str] = field(default_factory=list)
    interpreter_booked: bool = False
    childs_advocate: str = ""
    practical_notes: str = ""
    coordinator_id: int | None = None

    @classmethod
    def of(cls, conference: Conference) -> ConferenceData:
        return cls(**{f.name: getattr(conference, f.name) for f in fields(cls)})


FIELDS = [f.name for f in fields(ConferenceData)]


# --- validation ---------------------------------------------------------------------------

def clean(data: ConferenceData) -> ConferenceData:
    for name in ("venue_address", "meeting_link", "childs_advocate", "practical_notes"):
        setattr(data, name, str(getattr(data, name) or "").strip())
    data.languages = [str(code) for code in dict.fromkeys(data.languages or [])]
    data.interpreter_languages = [str(code).strip() for code in dict.fromkeys(
        data.interpreter_languages or []) if str(code).strip()]
    return data


def validate(case: Case, data: ConferenceData) -> ConferenceData:
    """Clean ``data`` and raise ``RuleError`` for the first rule it breaks."""
    clean(data)
    if not isinstance(data.kind, ConferenceKind):
        raise RuleError("kind_invalid", "kind")
    _check_moment(data)
    if not isinstance(data.venue_kind, VenueKind):
        raise RuleError("venue_kind_invalid", "venue_kind")
    for name, limit in LIMITS.items():
        if name in FIELDS:
            setattr(data, name, clean_text(name, getattr(data, name), limit,
                                           multiline=name in MULTILINE))
    if data.meeting_link and not is_web_link(data.meeting_link):
        raise RuleError("link_invalid", "meeting_link")
    if any(code not in LANGUAGE_LABELS for code in data.languages):
        raise RuleError("languages_invalid", "languages")
    if any(code not in LANGUAGE_LABELS for code in data.interpreter_languages):
        raise RuleError("languages_invalid", "interpreter_languages")
    if data.coordinator_id is not None and data.coordinator_id not in {
            u.id for u in coordinators(case)}:
        raise RuleError("coordinator_invalid", "coordinator_id")
    return data


def _check_moment(data: ConferenceData) -> None:
    if data.starts_at is None:
        raise RuleError("starts_at_required", "starts_at")
    if data.starts_at.tzinfo is None:
        raise ValueError("starts_at must be timezone-aware")
    latest = now() + timedelta(days=3 * 366)
    if not datetime(2000, 1, 1, tzinfo=data.starts_at.tzinfo) <= data.starts_at <= latest:
        raise RuleError("starts_at_range", "starts_at")
    duration = data.duration_minutes
    if type(duration) is not int or not MIN_DURATION <= duration <= MAX_DURATION:
        raise RuleError("duration_range", "duration_minutes")


def is_web_link(value: str) -> bool:
    """An http(s) address of a host, without spaces, passwords or other schemes."""
    if any(ch.isspace() for ch in value) or has_control_characters(value, multiline=False):
        return False
    try:
        parts = urlsplit(value)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        return False
    return (parts.scheme in ("http", "https") and bool(parts.hostname) and port_ok
            and parts.username is None and parts.password is None)


def coordinators(case: Case) -> list[User]:
    """Who may coordinate a conference of ``case``: its assigned coordinators (and job
    coaches, who coordinate the work cases)."""
    users = {a.user_id: a.user for a in case.assignments if a.role in STAFF_ROLES}
    return sorted((u for u in users.values() if u.active), key=lambda u: u.name.casefold())


# --- writing ------------------------------------------------------------------------------

def create_conference(case: Case, data: ConferenceData, user: User) -> Conference:
    """Plan a conference of ``case``; the person planning it coordinates it by default."""
    if data.coordinator_id is None and user.id in {u.id for u in coordinators(case)}:
        data.coordinator_id = user.id
    validate(case, data)
    conference = Conference(case_id=case.id, case=case, phase=Phase.PLANNED,
                            **{name: getattr(data, name) for name in FIELDS})
    db.session.add(conference)
    db.session.flush()
    if data.interpreter_booked:
        conference.checklist.append(ChecklistItem(key=ChecklistKey.INTERPRETER_BOOKED,
                                                  done_at=now(), done_by_id=user.id))
    touch(case)
    record("create", conference, case=case, summary=_summary(conference),
           details={"kind": conference.kind.value, "starts_at": conference.starts_at.isoformat()})
    follow(case, "conference_planned")
    return conference


def update_conference(conference: Conference, data: ConferenceData,
                      expected_version: int | str | None, user: User) -> bool:
    """Save an edit made on the copy with ``row_version`` ``expected_version``; True if
    anything changed. An older copy is refused with ``StaleEdit``."""
    phases.ensure_recording_allowed(conference)
    check_version(conference, expected_version)
    validate(conference.case, data)
    new_values = {name: getattr(data, name) for name in FIELDS}
    diff = changes(conference, FIELDS, new_values)
    if not diff:
        return False
    was = conference_changes.before(conference)
    for name, value in new_values.items():
        setattr(conference, name, value)
    change = conference_changes.note_change(conference, was, user)  # told from its page
    if change is not None and conference_changes.moved(change):
        sending.keep_links_in_step(conference)
    if "interpreter_booked" in diff:
        _sync_interpreter_step(conference, data.interpreter_booked, user)
    db.session.flush()
    touch(conference.case)
    record("update", conference, case=conference.case, summary=_summary(conference),
           details=diff)
    return True


def _sync_interpreter_step(conference: Conference, booked: bool, user: User) -> None:
    item = next((i for i in conference.checklist if i.key == ChecklistKey.INTERPRETER_BOOKED),
                None)
    if booked and item is None:
        conference.checklist.append(ChecklistItem(key=ChecklistKey.INTERPRETER_BOOKED,
                                                  done_at=now(), done_by_id=user.id))
    elif not booked and item is not None:
        conference.checklist.remove(item)


def cancel_conference(conference: Conference, reason: str = "",
                      user: User | None = None) -> None:
    """Call the conference off (only before it starts), with an optional reason; the
    conference page then offers to tell everyone invited (``changes.notify``)."""
    reason = clean_text("cancel_reason", reason, LIMITS["cancel_reason"])
    was = conference_changes.before(conference)
    phases.cancel(conference, reason)
    conference_changes.note_change(conference, was, user, cancelled=True)


def create_review(case: Case, starts_at: datetime, user: User) -> Conference:
    """A review meeting of ``case`` at ``starts_at``, set up like the last conference held
    (venue, languages, interpreter, coordinator) with the people who attended it invited
    (to invite, in the same role and way of taking part: editable as any invitation). The
    practical notes of that day and its checklist are not copied: a review has its own
    short checklist. The plan feature calls this with its evaluation date."""
    previous = next((c for c in conferences_of(case)
                     if c.phase not in (Phase.PLANNED, Phase.CANCELLED)),
                    None) or latest_conference(case)
    data = ConferenceData(starts_at=starts_at, kind=ConferenceKind.REVIEW)
    if previous is not None:
        data = ConferenceData.of(previous)
        data.starts_at, data.kind = starts_at, ConferenceKind.REVIEW
        data.interpreter_booked = False
        data.practical_notes = ""  # "lunch at 12.30" was for that day
        if data.coordinator_id not in {u.id for u in coordinators(case)}:
            data.coordinator_id = None
    elif user.id in {u.id for u in coordinators(case)}:
        data.coordinator_id = user.id
    review = create_conference(case, data, user)
    if previous is not None:
        _invite_who_attended(previous, review)
    return review


def _invite_who_attended(previous: Conference, review: Conference) -> None:
    attended = [i for i in previous.invitations if i.status == InvitationStatus.ATTENDED
                and not i.person.deceased]
    for invitation in attended:
        review.invitations.append(Invitation(
            person_id=invitation.person_id, role=invitation.role,
            status=InvitationStatus.TO_INVITE, participation=invitation.participation,
            needs_diet=invitation.needs_diet, needs_access=invitation.needs_access))
    db.session.flush()
    if attended:
        record("invite", review, case=review.case, summary=str(len(attended)),
               details={"copied_from": previous.id,
                        "people": [i.person_id for i in attended]})


def _summary(conference: Conference) -> str:
    return f"{conference.kind.value} {conference.starts_at.isoformat()}"


# --- reading ------------------------------------------------------------------------------

def get_conference(case: Case, conference_id: int) -> Conference | None:
    """The conference with ``conference_id`` *of this case*, else None; its checklist and
    invitations (with their people) come along, as every page of it shows them."""
    return db.session.scalar(
        select(Conference).where(Conference.case_id == case.id, Conference.id == conference_id)
        .options(selectinload(Conference.checklist),
                 selectinload(Conference.invitations).selectinload(Invitation.person)))


def conferences_of(case: Case) -> list[Conference]:
    """Every conference of ``case``, the latest first."""
    return list(db.session.scalars(
        select(Conference).where(Conference.case_id == case.id)
        .options(selectinload(Conference.checklist), selectinload(Conference.invitations))
        .order_by(Conference.starts_at.desc(), Conference.id.desc())))


def latest_conference(case: Case) -> Conference | None:
    return next((c for c in conferences_of(case) if c.phase != Phase.CANCELLED), None)


def next_conference(case: Case, conferences: list[Conference] | None = None
                    ) -> Conference | None:
    """The coming conference that has not been held or cancelled, if any."""
    moment = now() - timedelta(hours=12)
    coming = [c for c in (conferences if conferences is not None else conferences_of(case))
              if c.phase not in (Phase.CLOSED, Phase.CANCELLED)
              and (c.starts_at >= moment or c.phase != Phase.PLANNED)]
    return min(coming, key=lambda c: c.starts_at, default=None)

