"""Following the plan: what is due this week, what is late, what was done since the last
look; and the review the plan's evaluation date asks for (the conference's to-do list
and its "create review meeting" show it).

``follow_up(plan, today, since)`` is the pure reading, for any page: the coordinator's
follow-up page uses ``follow_up_for_user`` (which remembers the user's last look in
``plan_views``); the family page can pass the monitor's own ``since``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from eigenkracht.audit.services import record
from eigenkracht.auth.models import User
from eigenkracht.cases.models import Case
from eigenkracht.conference.models import Conference, ConferenceKind, Phase
from eigenkracht.core import clock
from eigenkracht.extensions import db
from eigenkracht.plans.models import Action, ActionStatus, ActionUpdate, Plan, PlanStatus, PlanView
from eigenkracht.plans.routines import RoutineRecord, is_routine, routine_record
from eigenkracht.plans.services import latest_plan

OPEN = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})


@dataclass
class FollowUp:
    plan: Plan
    today: date
    week_ends: date
    since: datetime | None
    due_this_week: list[Action] = field(default_factory=list)
    late: list[Action] = field(default_factory=list)
    done_since: list[ActionUpdate] = field(default_factory=list)
    other_updates: list[ActionUpdate] = field(default_factory=list)
    repeating: list[Action] = field(default_factory=list)  # open, with a moment, no date
    # open routines (plans/routines.py) and how each has gone: "7 of the last 8 weeks"
    routines: list[Action] = field(default_factory=list)
    records: dict[int, RoutineRecord] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.due_this_week or self.late or self.done_since or self.other_updates)


def follow_up(plan: Plan, today: date, since: datetime | None) -> FollowUp:
    """The follow-up of ``plan`` on ``today``: due this week (today and the six days after
    it, so that on a Friday the week ahead still shows), late (a date before today and not
    done), and the updates after ``since`` (all of them if None)."""
    week_ends = today + timedelta(days=6)
    result = FollowUp(plan=plan, today=today, week_ends=week_ends, since=since)
    for action in plan.actions:
        if action.status not in OPEN:
            continue
        if is_routine(action):  # never "late": each occurrence is kept or missed
            result.routines.append(action)
            result.records[action.id] = routine_record(action, today)
        elif action.when_date is None:
            result.repeating.append(action)
        elif action.when_date < today:
            result.late.append(action)
        elif action.when_date <= week_ends:
            result.due_this_week.append(action)
    result.late.sort(key=lambda a: (a.when_date, a.position))
    result.due_this_week.sort(key=lambda a: (a.when_date, a.position))
    query = (select(ActionUpdate).join(Action, Action.id == ActionUpdate.action_id)
             .where(Action.plan_id == plan.id).order_by(ActionUpdate.created_at.desc(),
                                                        ActionUpdate.id.desc()))
    if since is not None:
        query = query.where(ActionUpdate.created_at > since)
    for update in db.session.scalars(query.limit(200)):
        if update.status_to == ActionStatus.DONE or update.occurrence_on is not None:
            result.done_since.append(update)
        else:
            result.other_updates.append(update)
    return result


def last_seen(plan: Plan, user: User) -> datetime | None:
    return db.session.scalar(select(PlanView.seen_at).where(PlanView.plan_id == plan.id,
                                                            PlanView.user_id == user.id))


def mark_seen(plan: Plan, user: User, at: datetime | None = None) -> None:
    """Remember that ``user`` looked at the follow-up of ``plan`` now."""
    at = at or clock.now()
    view = db.session.get(PlanView, (user.id, plan.id))
    if view is not None:
        view.seen_at = at
        return
    try:
        with db.session.begin_nested():
            db.session.add(PlanView(user_id=user.id, plan_id=plan.id, seen_at=at))
    except IntegrityError:  # the same user in another tab at the same moment
        db.session.get(PlanView, (user.id, plan.id)).seen_at = at


def follow_up_for_user(plan: Plan, user: User, today: date | None = None) -> FollowUp:
    """The follow-up since ``user``'s last look; this look becomes the last one."""
    result = follow_up(plan, today or clock.today(), last_seen(plan, user))
    mark_seen(plan, user)
    record("view", plan, case=plan.case, summary=f"v{plan.version}",
           details={"page": "follow_up"})
    return result


# --- the review ---------------------------------------------------------------------------

def plan_reviews(case: Case):
    """A review check of the conference to-do (registered in ``create_app``): the
    evaluation date of the accepted plan, until a newer version has been started."""
    from eigenkracht.conference.todo import ReviewDue

    plan = latest_plan(case)
    if plan is None or plan.status != PlanStatus.ACCEPTED or plan.evaluation_date is None:
        return []
    return [ReviewDue(case=case, due_on=plan.evaluation_date,
                      source=_("plan version %(version)s", version=plan.version))]


def planned_review(plan: Plan) -> Conference | None:
    """A review meeting of the case that is still to be held, if any."""
    return db.session.scalar(select(Conference).where(
        Conference.case_id == plan.case_id, Conference.kind == ConferenceKind.REVIEW,
        Conference.phase == Phase.PLANNED).order_by(Conference.starts_at).limit(1))
