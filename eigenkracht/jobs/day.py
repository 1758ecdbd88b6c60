"""The coach's day: the follow-ups that fall due, wherever the coach looks for them.

One source (``jobs.followups``, through ``open_follow_ups`` here) feeds the to-do page, the
calendar feed and the morning e-mail, so whatever becomes a follow-up (a contact's
follow-up date, a placement check) shows up in all three at once. ``create_app`` registers
``todo_section`` and ``calendar_events`` with the conference's to-do page and feed
(``register_feature_links``), and ``morning_digests`` / ``send_digest`` as tasks
(``register_tasks``).

A follow-up is *due today* on its date and *overdue* from the day after (the organisation's
clock). The to-do page and the e-mail show the follow-ups of the cases the coach works on
(assigned as coordinator or job coach), not every case an administrator may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import icalendar
from flask import current_app
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import Select, select

from eigenkracht.audit.services import Actor, record, set_actor
from eigenkracht.auth.models import User
from eigenkracht.cases.access import STAFF_ROLES
from eigenkracht.cases.models import Case, CaseAssignment
from eigenkracht.core.clock import now, today
from eigenkracht.core.links import public_url
from eigenkracht.extensions import db
from eigenkracht.jobs import followups
from eigenkracht.jobs.dashboard import CASELOAD_ROLES, work_cases
from eigenkracht.jobs.followups import FollowUp
from eigenkracht.jobs.models import CoachSettings, ContactLog, FollowUpKind
from eigenkracht.mail import services as mail
from eigenkracht.mail.delivery import deliver_soon
from eigenkracht.tasks import after_commit

TODO_HORIZON_DAYS = 7  # the to-do page shows what is overdue and due in the coming week
FEED_PAST_DAYS = 90  # the calendar feed keeps open follow-ups this far back
DIGEST_HOUR = "7"  # the morning e-mail goes out at 07:00 on the organisation's clock


# --- the one source -----------------------------------------------------------------------

def my_work_cases(user: User) -> Select:
    """The ids of the open work cases ``user`` works on (assigned as staff)."""
    return (work_cases(user)
            .where(Case.assignments.any((CaseAssignment.user_id == user.id)
                                        & CaseAssignment.role.in_(STAFF_ROLES)))
            .with_only_columns(Case.id))


def open_follow_ups(user: User, *, until: date, since: date | None = None) -> list[FollowUp]:
    """Open follow-ups (contacts' follow-ups and placement checks, ``jobs.followups``) due
    on or before ``until`` (and on or after ``since``) of the work cases ``user`` works on,
    soonest first."""
    items = followups.open_follow_ups(my_work_cases(user), until=until)
    return [item for item in items if since is None or item.due_on >= since]


def days_late(item: FollowUp, on: date) -> int:
    """0 on the day itself and before; 1 the day after, and so on."""
    return item.days_late(on)


# --- the to-do page -----------------------------------------------------------------------

@dataclass(frozen=True)
class TodoSection:
    """A section of the to-do page that another feature fills: its template reads
    ``section.items``."""

    key: str
    template: str
    items: list
    on: date


def todo_section(user: User) -> list[TodoSection]:
    """The follow-ups overdue and due in the coming week, for the to-do page (job coaches,
    coordinators and admins with work cases of their own)."""
    if user.role not in CASELOAD_ROLES:
        return []
    on = today()
    items = open_follow_ups(user, until=on + timedelta(days=TODO_HORIZON_DAYS))
    if not items:
        return []
    return [TodoSection(key="work-follow-ups", template="jobs/_todo_follow_ups.html",
                        items=items, on=on)]


# --- the calendar feed --------------------------------------------------------------------

def follow_up_uid(item: FollowUp | ContactLog) -> str:
    """The same for a follow-up forever, so a calendar moves the event when its date
    changes and drops it when it is done."""
    source = getattr(item, "source", item)
    if isinstance(source, ContactLog):
        return f"follow-up-{source.id}-{source.created_at:%Y%m%dT%H%M%SZ}@eigenkracht"
    return f"placement-check-{source.id}-{source.placement_id}@eigenkracht"


def calendar_events(user: User) -> list[icalendar.Event]:
    """One all-day event per open follow-up and placement check (from three months back
    on), titled with the case reference and the jobseeker's first name only, like the
    conferences."""
    if user.role not in CASELOAD_ROLES:
        return []
    on = today()
    events = []
    for item in open_follow_ups(user, until=date.max, since=on - timedelta(days=FEED_PAST_DAYS)):
        case = item.case
        event = icalendar.Event()
        event.add("uid", follow_up_uid(item))
        event.add("dtstamp", now())
        event.add("dtstart", item.due_on)
        event.add("dtend", item.due_on + timedelta(days=1))
        if item.kind == FollowUpKind.PLACEMENT_CHECK:
            summary = _("Placement check %(reference)s (%(first_name)s)",
                        reference=case.reference, first_name=case.client_first_name)
            url = public_url("cases.show", reference=case.reference)
        else:
            summary = _("Follow-up %(reference)s (%(first_name)s)",
                        reference=case.reference, first_name=case.client_first_name)
            url = public_url("jobs.contacts", reference=case.reference,
                             _anchor=f"contact-{item.id}")
        event.add("summary", summary)
        event.add("sequence", max(getattr(item.source, "row_version", 1) - 1, 0))
        event.add("transp", "TRANSPARENT")  # a reminder, not a meeting: the day stays free
        event.add("url", url)
        events.append(event)
    return events


# --- the morning e-mail -------------------------------------------------------------------

def settings_of(user: User) -> CoachSettings | None:
    return db.session.get(CoachSettings, user.id)


def wants_digest(user: User) -> bool:
    settings = settings_of(user)
    return settings is not None and settings.morning_digest


def set_morning_digest(user: User, wanted: bool) -> bool:
    """Switch the morning e-mail on or off for ``user``; True when it changed."""
    settings = settings_of(user)
    if settings is None:
        if not wanted:
            return False
        settings = CoachSettings(user_id=user.id, morning_digest=False)
        db.session.add(settings)
    if settings.morning_digest == wanted:
        return False
    settings.morning_digest = wanted
    db.session.flush()
    record("update", object_type="coach_settings", object_id=user.id, summary=user.email,
           details={"morning_digest": wanted})
    return True


def morning_digests() -> int:
    """Every morning: ask for the e-mail of each job coach who opted in (one task each,
    after this commit); returns how many were asked for."""
    set_actor(Actor(label="schedule: jobs.morning_digests"))
    day = today()
    users = db.session.scalars(
        select(User).join(CoachSettings, CoachSettings.user_id == User.id)
        .where(CoachSettings.morning_digest.is_(True), User.active.is_(True),
               User.role.in_(CASELOAD_ROLES))
        .order_by(User.id)).all()
    for user in users:
        after_commit(send_digest, user.id, day.isoformat())
    return len(users)


@dataclass(frozen=True)
class DigestLine:
    reference: str
    first_name: str
    due_on: date
    late: int  # days late; 0: due today
    check: bool = False  # a placement check (else a contact's follow-up)


def send_digest(user_id: int, day: str) -> str:
    """The task: the e-mail of ``day``'s and overdue follow-ups for one coach, in their
    language. Nothing for a coach who has not opted in (or no longer), nothing on a day with
    nothing due, and never twice for the same day. Returns what happened."""
    set_actor(Actor(label="task: jobs.digest"))
    on = date.fromisoformat(day)
    user = db.session.get(User, user_id)
    settings = db.session.get(CoachSettings, user_id)
    if user is None or not user.active or settings is None or not settings.morning_digest:
        return "not wanted"
    if settings.last_digest_on is not None and settings.last_digest_on >= on:
        return "sent already"
    settings.last_digest_on = on
    lines = [DigestLine(item.case.reference, item.case.client_first_name, item.due_on,
                        days_late(item, on), item.kind == FollowUpKind.PLACEMENT_CHECK)
             for item in open_follow_ups(user, until=on)]
    if not lines:
        return "nothing due"
    language = user.locale or current_app.config.get("BABEL_DEFAULT_LOCALE") or "nl"
    with force_locale(language):
        overdue = [line for line in lines if line.late]
        due_today = [line for line in lines if not line.late]
        subject = _("Your follow-ups for %(day)s: %(today)s today, %(overdue)s overdue",
                    day=format_date(on, "full"), today=len(due_today), overdue=len(overdue))
        body = current_app.jinja_env.get_template("jobs/digest.txt").render(
            name=user.name, day=on, overdue=overdue, due_today=due_today,
            link=public_url("jobs.follow_ups"), settings_link=public_url("jobs.follow_ups",
                                                                         _anchor="digest"))
    message = mail.queue(user.organisation_id, to=user.email, subject=subject, text_body=body,
                         language=language)
    deliver_soon(message)
    record("notify", object_type="coach_settings", object_id=user.id, summary=user.email,
           organisation_id=user.organisation_id,
           details={"about": "morning_digest", "day": day,
                    "cases": sorted({line.reference for line in lines})})
    return "sent"
