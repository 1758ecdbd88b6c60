"""The to-do list: follow-up calls, review meetings due, the conferences coming up, and
for a referrer the plans waiting for their decision.

One line per thing to do: a case has one follow-up call line (that of its latest meeting
held), and nothing of a closed case stays on the list.

The review date comes from other features (the plan's evaluation date): a function that
says, for a case, which reviews are due. ``create_app`` registers these functions, in a fixed
order, as ``app.extensions[REVIEW_CHECKS]`` — as it does the network's usage checks; the
decisions waiting come the same way (``DECISION_CHECKS``: a function of the user), and so
do sections other features add to the page (``TODO_SECTIONS``: a function of the user that
returns sections with a ``template`` of their own, such as the job coaches' follow-ups).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from eigenkracht.auth.models import User
from eigenkracht.cases.access import STAFF_ROLES, visible_cases
from eigenkracht.cases.models import Case, CaseAssignment, CaseStatus
from eigenkracht.conference.models import Conference, ConferenceKind, Phase
from eigenkracht.core.clock import now, today
from eigenkracht.extensions import db

UPCOMING_LIMIT = 50


@dataclass(frozen=True)
class ReviewDue:
    """A review meeting that should be held for ``case`` around ``due_on``."""

    case: Case
    due_on: date
    source: str = ""  # what set the date, already translated (e.g. "plan version 2")


ReviewCheck = Callable[[Case], list[ReviewDue]]
REVIEW_CHECKS = "conference.review_checks"


@dataclass(frozen=True)
class DecisionWaiting:
    """A plan presented to ``case``'s referrer and not decided yet."""

    case: Case
    version: int
    presented_at: datetime | None
    url: str  # the decision page


DecisionCheck = Callable[[User], list[DecisionWaiting]]
DECISION_CHECKS = "conference.decision_checks"
# "This is not working" from a family page: a function of the user that returns the open
# alerts of their cases (``plans.alerts.alerts_waiting``), registered like the others.
ALERT_CHECKS = "conference.alert_checks"


def alerts_waiting(user: User) -> list:
    """What the registered alert checks say waits for ``user`` (open alerts)."""
    return [item for check in current_app.extensions.get(ALERT_CHECKS, ())
            for item in check(user)]

# Functions of the user that return sections of the page (each with ``template``, ``items``).
TODO_SECTIONS = "conference.todo_sections"


def more_sections(user: User) -> list:
    """The sections the registered features add for ``user``, in their order."""
    return [section for source in current_app.extensions.get(TODO_SECTIONS, ())
            for section in source(user)]


def decisions_waiting(user: User) -> list[DecisionWaiting]:
    """What the registered checks say is waiting for ``user``'s decision."""
    return [item for check in current_app.extensions.get(DECISION_CHECKS, ())
            for item in check(user)]


def review_checks() -> tuple[ReviewCheck, ...]:
    """The checks ``create_app`` registered for this app (``register_feature_links``)."""
    return tuple(current_app.extensions.get(REVIEW_CHECKS, ()))


def review_due(case: Case) -> list[ReviewDue]:
    """What the registered checks say about reviews due for ``case``."""
    return [due for check in review_checks() for due in check(case)]


@dataclass(frozen=True)
class ReviewItem:
    due: ReviewDue
    planned: Conference | None  # the review meeting already planned, if any

    @property
    def overdue(self) -> bool:
        return self.planned is None and self.due.due_on < today()


@dataclass
class TodoList:
    follow_ups: list[Conference]
    reviews: list[ReviewItem]
    upcoming: list[Conference]
    decisions: list[DecisionWaiting]
    alerts: list = field(default_factory=list)  # plans.alerts.AlertWaiting
    more: list = field(default_factory=list)  # sections of other features (TODO_SECTIONS)

    @property
    def empty(self) -> bool:
        return not (self.follow_ups or self.reviews or self.upcoming or self.decisions
                    or self.alerts or self.more)


def coordinated_by(user: User) -> Select:
    """The conferences ``user`` coordinates, on cases they may still see."""
    cases = visible_cases(user).where(Case.status != CaseStatus.CLOSED) \
        .with_only_columns(Case.id)
    return (select(Conference).where(Conference.coordinator_id == user.id,
                                     Conference.case_id.in_(cases.scalar_subquery()))
            .options(selectinload(Conference.case), selectinload(Conference.checklist)))


def upcoming_for(user: User, limit: int = UPCOMING_LIMIT) -> list[Conference]:
    """Conferences ``user`` coordinates that are still to come (or going on), by date."""
    since = now() - timedelta(hours=12)
    return list(db.session.scalars(
        coordinated_by(user)
        .where(Conference.phase.not_in((Phase.CLOSED, Phase.CANCELLED)),
               (Conference.starts_at >= since) | (Conference.phase != Phase.PLANNED))
        .order_by(Conference.starts_at, Conference.id).limit(limit)))


def follow_ups_for(user: User) -> list[Conference]:
    """Follow-up calls (four weeks after the day) not yet made, the earliest first: one per
    case, that of its latest meeting (a review meeting's call replaces the one before)."""
    pending = db.session.scalars(
        coordinated_by(user)
        .where(Conference.follow_up_call_on.is_not(None),
               Conference.follow_up_done_at.is_(None))
        .order_by(Conference.starts_at.desc(), Conference.id.desc())).all()
    latest: dict[int, Conference] = {}
    for conference in pending:
        latest.setdefault(conference.case_id, conference)
    return sorted(latest.values(), key=lambda c: (c.follow_up_call_on, c.id))


def my_open_cases(user: User) -> list[Case]:
    return list(db.session.scalars(
        visible_cases(user)
        .where(Case.status != CaseStatus.CLOSED,
               Case.assignments.any((CaseAssignment.user_id == user.id)
                                    & CaseAssignment.role.in_(STAFF_ROLES)))
        .order_by(Case.reference)))


def reviews_for(user: User) -> list[ReviewItem]:
    if not review_checks():
        return []
    items = []
    for case in my_open_cases(user):
        dues = review_due(case)
        if not dues:
            continue
        planned = db.session.scalar(
            select(Conference).where(Conference.case_id == case.id,
                                     Conference.kind == ConferenceKind.REVIEW,
                                     Conference.phase == Phase.PLANNED)
            .order_by(Conference.starts_at).limit(1))
        items.extend(ReviewItem(due, planned) for due in dues)
    return sorted(items, key=lambda item: (item.due.due_on, item.due.case.reference))


def todo_for(user: User) -> TodoList:
    return TodoList(follow_ups=follow_ups_for(user), reviews=reviews_for(user),
                    upcoming=upcoming_for(user), decisions=decisions_waiting(user),
                    alerts=alerts_waiting(user), more=more_sections(user))
