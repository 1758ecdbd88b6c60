"""Changes reach people: a conference moved, relocated or cancelled after people were
invited (issue 20).

- **Recorded.** Saving another date, time, duration or place, or cancelling, keeps a
  ``ConferenceChange`` with what it was before (``note_change``). The answer links already
  out there keep working until one day after the *new* end (``keep_links_in_step``), and
  the answer page shows the current date and place with the change marked.
- **Offered.** The conference page then offers to tell everyone invited (everyone whose
  invitation is no longer *to invite*): ``people_to_tell``. ``notify`` e-mails each who has
  an address, in their language, with a calendar file that replaces the appointment (the
  same UID, a higher SEQUENCE, METHOD:REQUEST) or removes it (METHOD:CANCEL, STATUS
  CANCELLED); the others are listed for a letter, which prints the change marked.
- **Once.** A change is told once (``notified_at``); a later change is told again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import format_date, format_time
from flask_babel import gettext as _
from sqlalchemy import select

from eigenkracht.auth.models import User
from eigenkracht.conference.models import (
    ChangeKind,
    Conference,
    ConferenceChange,
    Invitation,
    InvitationStatus,
)
from eigenkracht.core import clock
from eigenkracht.extensions import db


@dataclass(frozen=True)
class Before:
    """Date, duration and place of a conference before an edit."""

    starts_at: datetime
    duration_minutes: int
    location: str


def place_of(conference: Conference) -> str:
    """The place on one line: the address, or "online" with the meeting link."""
    from eigenkracht.conference.calendar import location_of

    return location_of(conference)


def before(conference: Conference) -> Before:
    return Before(conference.starts_at, conference.duration_minutes, place_of(conference))


def note_change(conference: Conference, was: Before, user: User | None,
                cancelled: bool = False) -> ConferenceChange | None:
    """Keep what changed since ``was`` (nothing when neither time nor place changed)."""
    moved = (was.starts_at != conference.starts_at
             or was.duration_minutes != conference.duration_minutes)
    relocated = was.location != place_of(conference)
    if cancelled:
        kind = ChangeKind.CANCELLED
    elif moved and relocated:
        kind = ChangeKind.MOVED_AND_RELOCATED
    elif moved:
        kind = ChangeKind.MOVED
    elif relocated:
        kind = ChangeKind.RELOCATED
    else:
        return None
    change = ConferenceChange(conference_id=conference.id, kind=kind,
                              previous_starts_at=was.starts_at,
                              previous_duration_minutes=was.duration_minutes,
                              previous_location=was.location[:500], made_at=clock.now(),
                              made_by_id=user.id if user is not None else None)
    db.session.add(change)
    db.session.flush()
    return change


def moved(change: ConferenceChange) -> bool:
    return change.kind in (ChangeKind.MOVED, ChangeKind.MOVED_AND_RELOCATED)


def latest_change(conference: Conference) -> ConferenceChange | None:
    return db.session.scalar(
        select(ConferenceChange).where(ConferenceChange.conference_id == conference.id)
        .order_by(ConferenceChange.made_at.desc(), ConferenceChange.id.desc()).limit(1))


def people_to_tell(conference: Conference) -> list[Invitation]:
    """Everyone who was invited: an e-mail or letter with a link went out (or is on its
    way), or their invitation is past *to invite*."""
    return sorted((i for i in conference.invitations
                   if i.status != InvitationStatus.TO_INVITE or i.sent_at is not None
                   or i.letter_printed_at is not None or i.token_hash),
                  key=lambda i: i.person.name.casefold())


def pending_change(conference: Conference) -> ConferenceChange | None:
    """The latest change when it has not been told yet and there is someone to tell."""
    change = latest_change(conference)
    if change is None or change.notified_at is not None or not people_to_tell(conference):
        return None
    return change


# --- what the change says ---------------------------------------------------------------------

def change_facts(change: ConferenceChange | None) -> dict | None:
    """The change as the e-mail, the letter and the answer page mark it, in the active
    locale: what kind, and the date and place it had before."""
    if change is None:
        return None
    starts = change.previous_starts_at
    ends = starts + timedelta(minutes=change.previous_duration_minutes)
    return {
        "kind": change.kind.value,
        "moved": moved(change),
        "relocated": change.kind in (ChangeKind.RELOCATED, ChangeKind.MOVED_AND_RELOCATED),
        "cancelled": change.kind == ChangeKind.CANCELLED,
        "before_when": _("%(date)s, from %(start)s to %(end)s", date=format_date(starts, "full"),
                         start=format_time(starts, "short"), end=format_time(ends, "short")),
        "before_place": change.previous_location,
        "made_on": format_date(change.made_at, "long"),
    }
