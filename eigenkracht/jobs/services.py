"""The rules of goals, goal steps and the contact log of a jobseeker (a case of kind work).

Services change objects, flush and write the audit event; the view commits once. A broken
rule raises ``JobsRuleError`` with *every* problem found, as ``(field, code)`` pairs, so a
form can show a message at each field. Every lookup is made *within* one case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eigenkracht.audit.services import changes, record
from eigenkracht.auth.models import User
from eigenkracht.cases.models import Case, CaseKind
from eigenkracht.cases.services import add_years, touch
from eigenkracht.core.db import utcnow
from eigenkracht.core.stale import refuse_if_changed
from eigenkracht.extensions import db
from eigenkracht.jobs.models import (
    Goal,
    GoalStatus,
    GoalStep,
)

MAX_GOAL = 500
MAX_ASKED = 2000
MAX_NOTE = 5000
TARGET_YEARS_AHEAD = 10

_CONTROL_LINE = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # newlines and tabs allowed

Problem = tuple[str | None, str]


# The longest text each field takes (characters), for the "too long" message.
LIMITS = {"text": MAX_GOAL, "asked": MAX_ASKED, "note": MAX_NOTE}


class JobsRuleError(ValueError):
    """Rules were broken: ``problems`` lists every one of them as ``(field, code)``."""

    def __init__(self, problems: list[Problem]):
        super().__init__(", ".join(code for _, code in problems))
        self.problems = problems


def zone() -> ZoneInfo:
    """The organisation's time zone (the app's Babel time zone)."""
    name = current_app.config.get("BABEL_DEFAULT_TIMEZONE") if has_app_context() else None
    return ZoneInfo(name or "Europe/Amsterdam")


def today() -> date:
    """Today in the organisation's time zone: follow-ups fall due at local midnight."""
    return datetime.now(zone()).date()


def is_work_case(case: Case) -> bool:
    return case.kind == CaseKind.WORK


def require_work_case(case: Case) -> None:
    """Goals and contacts are kept for jobseekers only."""
    if not is_work_case(case):
        raise JobsRuleError([(None, "not_a_work_case")])


def text_problems(field: str, value: str, limit: int, *, multiline: bool) -> list[Problem]:
    """Too long, or holding invisible control characters (newlines only if multiline)."""
    if len(value) > limit:
        return [(field, "too_long")]
    if (_CONTROL if multiline else _CONTROL_LINE).search(value):
        return [(field, "control_characters")]
    return []


def _target_problems(field: str, new: date | None, old: date | None) -> list[Problem]:
    """A target date that changes must lie between today and ten years from now."""
    if new is None or new == old:
        return []
    now = today()
    if new < now:
        return [(field, "target_in_past")]
    if new > add_years(now, TARGET_YEARS_AHEAD):
        return [(field, "target_too_far")]
    return []


def raise_problems(problems: list[Problem]) -> None:
    """Raise ``JobsRuleError`` when there is any problem."""
    if problems:
        raise JobsRuleError(problems)


def iso(day: date | None) -> str | None:
    """A date for the audit details."""
    return day.isoformat() if day else None


def problems_of(check, *args) -> list[Problem]:
    """What ``check`` (``check_goal``, ``check_step``, ``check_contact``) finds, as a list."""
    try:
        check(*args)
    except JobsRuleError as error:
        return error.problems
    return []


# --- goals --------------------------------------------------------------------------------

@dataclass
class GoalData:
    text: str
    target_date: date | None = None
    status: Any = GoalStatus.OPEN


@dataclass
class StepData:
    text: str
    target_date: date | None = None


def list_goals(case: Case) -> list[Goal]:
    """The goals of ``case`` with their steps: two queries, however many there are."""
    return list(db.session.scalars(
        select(Goal).where(Goal.case_id == case.id).options(selectinload(Goal.steps))
        .order_by(Goal.position, Goal.id)))


def get_goal(case: Case, goal_id: int) -> Goal | None:
    """The goal with ``goal_id`` *of this case*, else None."""
    return db.session.scalar(select(Goal).where(Goal.case_id == case.id, Goal.id == goal_id))


def get_step(case: Case, step_id: int) -> GoalStep | None:
    """The step with ``step_id`` of a goal *of this case*, else None."""
    return db.session.scalar(select(GoalStep).join(Goal).where(
        Goal.case_id == case.id, GoalStep.id == step_id))


def check_goal(data: GoalData, old: Goal | None) -> GoalData:
    """Clean ``data`` (a new goal, or an edit of ``old``); raise every broken rule."""
    data.text = str(data.text or "").strip()
    problems: list[Problem] = []
    if not data.text:
        problems.append(("text", "text_required"))
    problems += text_problems("text", data.text, MAX_GOAL, multiline=True)
    if isinstance(data.status, str) and data.status in GoalStatus._value2member_map_:
        data.status = GoalStatus(data.status)
    if not isinstance(data.status, GoalStatus):
        problems.append(("status", "status_invalid"))
    problems += _target_problems("target_date", data.target_date,
                                 old.target_date if old is not None else None)
    raise_problems(problems)
    return data


def add_goal(case: Case, data: GoalData, user: User | None = None) -> Goal:
    """A new goal at the end of the list of ``case``."""
    require_work_case(case)
    data = check_goal(data, None)
    position = max((g.position for g in list_goals(case)), default=-1) + 1
    goal = Goal(case_id=case.id, position=position, text=data.text,
                target_date=data.target_date, status=data.status,
                created_by_id=user.id if user is not None else None)
    db.session.add(goal)
    db.session.flush()
    touch(case)
    record("create", goal, case=case, summary=goal.text[:200],
           details={"target_date": iso(goal.target_date), "status": goal.status.value})
    return goal


GOAL_FIELDS = ("text", "target_date", "status")
STEP_FIELDS = ("text", "target_date")


def update_goal(case: Case, goal: Goal, data: GoalData, seen: str | None = None) -> None:
    """Save the edit; ``seen`` is the fingerprint the form was filled from (a save over
    someone else's change raises ``StaleEdit``)."""
    require_work_case(case)
    data = check_goal(data, goal)
    refuse_if_changed(goal, GOAL_FIELDS, seen)
    new = {"text": data.text, "target_date": data.target_date, "status": data.status}
    diff = changes(goal, list(new), new)
    if not diff:
        return
    for name, value in new.items():
        setattr(goal, name, value)
    db.session.flush()
    touch(case)
    record("update", goal, case=case, summary=goal.text[:200], details=diff)


def remove_goal(case: Case, goal: Goal) -> None:
    record("delete", goal, case=case, summary=goal.text[:200],
           details={"steps_removed": len(goal.steps), "status": goal.status.value})
    db.session.delete(goal)
    db.session.flush()
    touch(case)


def check_step(data: StepData, old: GoalStep | None) -> StepData:
    """Clean ``data`` (a new step, or an edit of ``old``); raise every broken rule."""
    data.text = str(data.text or "").strip()
    problems: list[Problem] = []
    if not data.text:
        problems.append(("text", "step_required"))
    problems += text_problems("text", data.text, MAX_GOAL, multiline=True)
    problems += _target_problems("target_date", data.target_date,
                                 old.target_date if old is not None else None)
    raise_problems(problems)
    return data


def add_step(case: Case, goal: Goal, data: StepData) -> GoalStep:
    require_work_case(case)
    data = check_step(data, None)
    position = max((s.position for s in goal.steps), default=-1) + 1
    step = GoalStep(text=data.text, target_date=data.target_date, position=position)
    goal.steps.append(step)
    db.session.flush()
    touch(case)
    record("create", step, case=case, summary=step.text[:200],
           details={"goal": goal.id, "target_date": iso(step.target_date)})
    return step


def update_step(case: Case, step: GoalStep, data: StepData, seen: str | None = None) -> None:
    """Change what a step says and by when (``seen``: as ``update_goal``)."""
    require_work_case(case)
    data = check_step(data, step)
    refuse_if_changed(step, STEP_FIELDS, seen)
    new = {"text": data.text, "target_date": data.target_date}
    diff = changes(step, list(new), new)
    if not diff:
        return
    for name, value in new.items():
        setattr(step, name, value)
    db.session.flush()
    touch(case)
    record("update", step, case=case, summary=step.text[:200],
           details={**diff, "goal": step.goal_id})


def _move(items: list, item, direction: str) -> bool:
    """Swap ``item`` with its neighbour in ``items`` (``up`` or ``down``) and number them
    0, 1, 2, …; False when it is already first or last, or ``direction`` is not a direction."""
    if direction not in ("up", "down"):
        return False
    index = items.index(item)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        return False
    items[index], items[other] = items[other], items[index]
    for position, each in enumerate(items):
        each.position = position
    return True


def move_goal(case: Case, goal: Goal, direction: str) -> bool:
    """Move ``goal`` one place up or down in the list of ``case``; True when it moved."""
    require_work_case(case)
    if not _move(list_goals(case), goal, direction):
        return False
    db.session.flush()
    touch(case)
    record("update", goal, case=case, summary=goal.text[:200],
           details={"moved": direction, "position": goal.position})
    return True


def move_step(case: Case, step: GoalStep, direction: str) -> bool:
    """Move ``step`` one place up or down within its goal; True when it moved."""
    require_work_case(case)
    steps = sorted(step.goal.steps, key=lambda s: (s.position, s.id))
    if not _move(steps, step, direction):
        return False
    db.session.flush()
    touch(case)
    record("update", step, case=case, summary=step.text[:200],
           details={"moved": direction, "position": step.position, "goal": step.goal_id})
    return True


def set_step_done(case: Case, step: GoalStep, done: bool) -> bool:
    """Tick a step off (or undo that); True when something changed."""
    if step.done == done:
        return False
    step.done_at = utcnow() if done else None
    db.session.flush()
    touch(case)
    record("update", step, case=case, summary=step.text[:200],
           details={"done": [not done, done], "goal": step.goal_id})
    return True


def remove_step(case: Case, step: GoalStep) -> None:
    record("delete", step, case=case, summary=step.text[:200], details={"goal": step.goal_id})
    goal = step.goal
    goal.steps.remove(step)
    db.session.flush()
    touch(case)


RECENT_DAYS = 30


def recent_since(on: date | None = None) -> date:
    """The first day of "the last 30 days" (today is the 30th)."""
    return (on or today()) - timedelta(days=RECENT_DAYS - 1)
