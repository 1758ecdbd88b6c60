"""The rules of goals, goal steps and the contact log of a jobseeker (a case of kind work).

Services change objects, flush and write the audit event; the request kernel commits. A
broken rule raises ``core.rules.RuleError`` with *every* problem found (``RuleError.several``),
so a form can show a message at each field. An edit carries the ``row_version`` its form was
filled from: a save over someone else's change is refused (``StaleEdit``). Moving a goal or
step and ticking a step off change nothing an edit form holds, so they are written without
moving the version (``quietly``): they never make a colleague's open edit stale. Every lookup
is made *within* one case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from eigenkracht.audit.services import changes, record
from eigenkracht.auth.models import User
from eigenkracht.cases.models import Case, CaseKind
from eigenkracht.cases.services import add_years, touch
from eigenkracht.core.clock import today
from eigenkracht.core.db import utcnow
from eigenkracht.core.rules import RuleError, check_version, clean_text
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

# A broken rule: the field (or None), its code and the values its message needs.
Problem = tuple[str | None, str, dict[str, Any]]


# The longest text each field takes (characters), for the "too long" message.
LIMITS = {"text": MAX_GOAL, "asked": MAX_ASKED, "note": MAX_NOTE, "title": 200,
          "employer": 200, "job_title": 200}

# How far back a date of history may go (a done date, an "as of" date, a lead noted).
HISTORY_YEARS_BACK = 5


def is_work_case(case: Case) -> bool:
    return case.kind == CaseKind.WORK


def require_work_case(case: Case) -> None:
    """Goals and contacts are kept for jobseekers only."""
    if not is_work_case(case):
        raise RuleError("not_a_work_case")


def cleaned(problems: list[Problem], field: str, value: Any, *, required: str | None = None,
            multiline: bool = True) -> str:
    """``value`` cleaned by ``core.rules.clean_text`` (trimmed, at most ``LIMITS[field]``
    characters, no control characters; ``required``: the code when it is empty); a broken
    rule is added to ``problems`` and the trimmed text returned."""
    text = str(value or "")
    try:
        return clean_text(field, text, LIMITS[field], multiline=multiline,
                          required=required is not None, code=required or "required")
    except RuleError as error:
        problems.extend(error.problems)
        return text.strip()


def history_date_problems(field: str, day: date | None, *, required: str | None = None,
                          not_before: date | None = None,
                          before_code: str = "date_before_start") -> list[Problem]:
    """A day something happened: today or earlier (never the future), at most five years
    back, and not before ``not_before`` when given; ``required``: the code when empty."""
    if day is None:
        return [(field, required, {})] if required else []
    now = today()
    if day > now:
        return [(field, "done_in_future", {})]
    if day < add_years(now, -HISTORY_YEARS_BACK):
        return [(field, "date_too_old", {})]
    if not_before is not None and day < not_before:
        return [(field, before_code, {})]
    return []


def _target_problems(field: str, new: date | None, old: date | None, *,
                     history: bool = False) -> list[Problem]:
    """A target date that changes must lie between today and ten years from now; where it
    is history (a step done, a goal reached or dropped) it may lie in the past, up to ten
    years back."""
    if new is None or new == old:
        return []
    now = today()
    if new < now:
        if history and new >= add_years(now, -TARGET_YEARS_AHEAD):
            return []
        return [(field, "target_in_past", {})]
    if new > add_years(now, TARGET_YEARS_AHEAD):
        return [(field, "target_too_far", {})]
    return []


def raise_problems(problems: list[Problem]) -> None:
    """Raise one ``RuleError`` for every problem found, if there is any."""
    if problems:
        error = RuleError.several([(name, code) for name, code, _params in problems])
        error.problems = list(problems)  # with the values their messages need
        raise error


def iso(day: date | None) -> str | None:
    """A date for the audit details."""
    return day.isoformat() if day else None


def problems_of(check, *args) -> list[Problem]:
    """What ``check`` (``check_goal``, ``check_step``, ``check_contact``) finds, as a list."""
    try:
        check(*args)
    except RuleError as error:
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
    done_on: date | None = None  # a step entered as done (history entered late)


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
    problems: list[Problem] = []
    data.text = cleaned(problems, "text", data.text, required="text_required")
    if isinstance(data.status, str) and data.status in GoalStatus._value2member_map_:
        data.status = GoalStatus(data.status)
    if not isinstance(data.status, GoalStatus):
        problems.append(("status", "status_invalid", {}))
    problems += _target_problems("target_date", data.target_date,
                                 old.target_date if old is not None else None,
                                 history=data.status in (GoalStatus.REACHED,
                                                         GoalStatus.DROPPED))
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


def update_goal(case: Case, goal: Goal, data: GoalData, expected: Any = None) -> None:
    """Save the edit; ``expected`` is the ``row_version`` the form was filled from (a save
    over someone else's change raises ``StaleEdit``; None is not checked)."""
    require_work_case(case)
    data = check_goal(data, goal)
    check_version(goal, expected)
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
    problems: list[Problem] = []
    data.text = cleaned(problems, "text", data.text, required="step_required")
    problems += history_date_problems("done_on", data.done_on)
    done = data.done_on is not None or (old is not None and old.done)
    problems += _target_problems("target_date", data.target_date,
                                 old.target_date if old is not None else None, history=done)
    raise_problems(problems)
    return data


def add_step(case: Case, goal: Goal, data: StepData) -> GoalStep:
    require_work_case(case)
    data = check_step(data, None)
    position = max((s.position for s in goal.steps), default=-1) + 1
    step = GoalStep(text=data.text, target_date=data.target_date, position=position,
                    done_on=data.done_on, done_at=utcnow() if data.done_on else None)
    goal.steps.append(step)
    db.session.flush()
    touch(case)
    record("create", step, case=case, summary=step.text[:200],
           details={"goal": goal.id, "target_date": iso(step.target_date),
                    "done_on": iso(step.done_on)})
    return step


def update_step(case: Case, step: GoalStep, data: StepData, expected: Any = None) -> None:
    """Change what a step says and by when (``expected``: as ``update_goal``)."""
    require_work_case(case)
    data = check_step(data, step)
    check_version(step, expected)
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


def quietly(record_: Any, **values: Any) -> None:
    """Write ``values`` to the row of ``record_`` with a plain ``UPDATE`` that leaves its
    ``row_version`` alone: for changes (order, ticks) that no edit form holds, so they never
    make a colleague's open edit stale."""
    model = type(record_)
    db.session.execute(update(model).where(model.id == record_.id).values(**values)
                       .execution_options(synchronize_session=False))
    for name, value in values.items():
        set_committed_value(record_, name, value)


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
        if each.position != position:
            quietly(each, position=position)
    return True


def move_goal(case: Case, goal: Goal, direction: str) -> bool:
    """Move ``goal`` one place up or down in the list of ``case``; True when it moved."""
    require_work_case(case)
    if not _move(list_goals(case), goal, direction):
        return False
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
    touch(case)
    record("update", step, case=case, summary=step.text[:200],
           details={"moved": direction, "position": step.position, "goal": step.goal_id})
    return True


def set_step_done(case: Case, step: GoalStep, done: bool, on: date | None = None) -> bool:
    """Tick a step off as done on ``on`` (default today; today or earlier, at most five
    years back), or undo that; True when something changed. Ticking a done step again
    with another date moves its done date."""
    if done:
        on = on or today()
        raise_problems(history_date_problems("done_on", on))
        if step.done and step.done_on == on:
            return False
    elif not step.done:
        return False
    before = iso(step.done_on) if step.done else None
    quietly(step, done_at=(step.done_at or utcnow()) if done else None,
            done_on=on if done else None)
    touch(case)
    record("update", step, case=case, summary=step.text[:200],
           details={"done": [before is not None, done], "done_on": [before, iso(on)],
                    "goal": step.goal_id})
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
