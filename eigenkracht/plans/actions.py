"""Actions of a plan: who does what and when, their order, and following them up.

Adding, changing, removing and reordering actions is drafting (refused on a version that is
presented, accepted or replaced). Status changes and notes are following the plan: allowed
on every version but a replaced one, by staff here and (later) by the family through their
personal link (``add_update`` takes a person instead of a user).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from eigenkracht.audit.services import record
from eigenkracht.auth.models import User
from eigenkracht.cases.services import touch
from eigenkracht.core import clock
from eigenkracht.core.ids import parse_id
from eigenkracht.core.rules import RuleError, check_version, clean_text
from eigenkracht.extensions import db
from eigenkracht.network.models import Person
from eigenkracht.plans.messages import ACTION_STATUS_LABELS
from eigenkracht.plans.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Plan,
    PlanBottomLine,
)
from eigenkracht.plans.routines import check_repeat, describe_repeat
from eigenkracht.plans.services import (
    LIMITS,
    check_day,
    conference_day,
    ensure_editable,
    ensure_followable,
)

MAX_PEOPLE = 50


@dataclass
class ActionData:
    what: str = ""
    person_ids: list[int] = field(default_factory=list)
    when_date: date | None = None
    when_text: str = ""
    support_needed: str = ""
    serves_id: int | None = None
    serves_concern: str = ""
    repeat: str = ""  # a routine: plans/routines.py
    repeat_days: list[int] = field(default_factory=list)
    repeat_until: date | None = None


def get_action(plan: Plan, action_id: int) -> Action | None:
    """The action with ``action_id`` *of this plan*, else None."""
    return db.session.scalar(select(Action).where(Action.plan_id == plan.id,
                                                  Action.id == action_id))


def _people(plan: Plan, ids: Iterable[Any], current: Iterable[Person] = ()) -> list[Person]:
    """The people of ``ids`` on the map of the plan's case; the living, or already chosen."""
    wanted = {parse_id(i if isinstance(i, int) else str(i)) for i in ids}
    if None in wanted:
        raise RuleError("person_unknown", "person_ids")
    if not wanted:
        raise RuleError("people_required", "person_ids")
    if len(wanted) > MAX_PEOPLE:
        raise RuleError("person_unknown", "person_ids")
    people = list(db.session.scalars(select(Person).where(Person.case_id == plan.case_id,
                                                          Person.id.in_(wanted))))
    if len(people) != len(wanted):
        raise RuleError("person_unknown", "person_ids")
    kept = {p.id for p in current}
    for person in people:
        if person.deceased and person.id not in kept:
            raise RuleError("person_deceased", "person_ids", name=person.name)
    return sorted(people, key=lambda p: (not p.is_client, p.name.casefold(), p.id))


def _serves(plan: Plan, serves_id: int | None) -> PlanBottomLine | None:
    if serves_id is None:
        return None
    line = next((line for line in plan.bottom_lines if line.id == serves_id), None)
    if line is None:
        raise RuleError("serves_unknown", "serves_id")
    return line


def check_action(plan: Plan, data: ActionData, action: Action | None = None) -> dict[str, Any]:
    """The cleaned values of ``data``; raises one ``RuleError`` that names every broken rule,
    so that the form shows all its problems at once (WCAG 3.3.1), not one per sending."""
    problems: list[RuleError] = []

    def checked(check, *args, **kwargs):
        try:
            return check(*args, **kwargs)
        except RuleError as error:
            problems.append(error)
            return None

    values: dict[str, Any] = {"what": checked(clean_text, "what", data.what, LIMITS["what"])}
    if values["what"] == "":
        problems.append(RuleError("what_required", "what"))
    values["people"] = checked(_people, plan, data.person_ids,
                               action.people if action else ())
    values["when_text"] = checked(clean_text, "when_text", data.when_text,
                                  LIMITS["when_text"])
    if data.when_date is None and values["when_text"] == "":
        problems.append(RuleError("when_required", "when_date"))
    # A date is checked when it is entered: copied actions keep the date they had.
    if action is None or data.when_date != action.when_date:
        checked(check_day, "when_date", data.when_date, conference_day(plan),
                "date_before_conference")
    values["when_date"] = data.when_date
    repeated = checked(check_repeat, data.repeat, data.repeat_days, data.when_date,
                       data.repeat_until)
    if repeated is not None:
        values["repeat"], values["repeat_days"], values["repeat_until"] = repeated
        if values["repeat_until"] is not None and (
                action is None or values["repeat_until"] != action.repeat_until):
            checked(check_day, "repeat_until", values["repeat_until"], None, "date_range")
    values["support_needed"] = checked(clean_text, "support_needed", data.support_needed,
                                       LIMITS["support_needed"])
    values["serves"] = checked(_serves, plan, data.serves_id)
    values["serves_concern"] = checked(clean_text, "serves_concern", data.serves_concern,
                                       LIMITS["serves_concern"])
    if problems:
        first = problems[0]
        first.problems = [problem for error in problems for problem in error.problems]
        raise first
    return values


def describe(action: Action) -> dict[str, Any]:
    """The fields of an action as plain values: for the audit log and for comparing."""
    return {
        "what": action.what,
        "people": sorted(p.name for p in action.people),
        "when_date": action.when_date.isoformat() if action.when_date else None,
        "when_text": action.when_text,
        "support_needed": action.support_needed,
        "serves": action.serves.text if action.serves else None,
        "serves_concern": action.serves_concern,
        "repeat": describe_repeat(action),  # "" for a one-off action
    }


def create_action(plan: Plan, data: ActionData) -> Action:
    ensure_editable(plan)
    values = check_action(plan, data)
    position = max((a.position for a in plan.actions), default=-1) + 1
    action = Action(position=position, status=ActionStatus.OPEN, **values)
    plan.actions.append(action)
    db.session.flush()
    touch(plan.case)
    record("create", action, case=plan.case, summary=action.what[:200],
           details={"plan": plan.version, **describe(action)})
    return action


def update_action(action: Action, data: ActionData, expected_version: int) -> dict[str, list]:
    """Save an edit made on ``expected_version`` of the action; refuse a stale save."""
    plan = action.plan
    ensure_editable(plan)
    check_version(action, expected_version)
    values = check_action(plan, data, action)
    before = describe(action)
    for name, value in values.items():
        setattr(action, name, value)
    after = describe(action)
    diff = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if not diff:
        return {}
    action.updated_at = clock.now()
    db.session.flush()
    touch(plan.case)
    record("update", action, case=plan.case, summary=action.what[:200],
           details={"plan": plan.version, **diff, "row_version": action.row_version})
    return diff


def delete_action(action: Action) -> None:
    plan = action.plan
    ensure_editable(plan)
    record("delete", action, case=plan.case, summary=action.what[:200],
           details={"plan": plan.version, **describe(action)})
    plan.actions.remove(action)
    for position, item in enumerate(plan.actions):
        item.position = position
    db.session.flush()
    touch(plan.case)


def move_action(action: Action, offset: int) -> bool:
    """Move an action up (-1) or down (+1); True if it moved."""
    plan = action.plan
    ensure_editable(plan)
    actions = list(plan.actions)
    index = actions.index(action)
    target = index + offset
    if offset not in (-1, 1) or not 0 <= target < len(actions):
        return False
    actions[index], actions[target] = actions[target], actions[index]
    _renumber(plan, actions)
    record("reorder", action, case=plan.case, summary=action.what[:200],
           details={"plan": plan.version, "from": index, "to": target})
    return True


def reorder_actions(plan: Plan, ids: list[int]) -> bool:
    """Put the actions in the order of ``ids`` (the drag and drop); every action once."""
    ensure_editable(plan)
    by_id = {a.id: a for a in plan.actions}
    if len(ids) != len(by_id) or set(ids) != set(by_id):
        raise RuleError("order_mismatch")
    if [a.id for a in plan.actions] == ids:
        return False
    _renumber(plan, [by_id[i] for i in ids])
    record("reorder", plan, case=plan.case, summary=f"v{plan.version}",
           details={"order": ids})
    return True


def _renumber(plan: Plan, ordered: list[Action]) -> None:
    for position, item in enumerate(ordered):
        item.position = position
    plan.actions.sort(key=lambda a: a.position)
    db.session.flush()
    touch(plan.case)


# --- following ----------------------------------------------------------------------------

def add_update(action: Action, status: ActionStatus | str | None, note: str, *,
               user: User | None = None, person: Person | None = None) -> ActionUpdate:
    """A step in following the plan: a new status and/or a note, by ``user`` (staff) or
    ``person`` (someone of the network, through the family page)."""
    plan = action.plan
    ensure_followable(plan)
    if status in ("", None):
        status = None
    else:
        try:
            status = ActionStatus(status)
        except ValueError:
            raise RuleError("status_invalid", "status") from None
    note = clean_text("note", note, LIMITS["note"])
    if status == action.status:
        status = None
    if status is None and not note:
        raise RuleError("update_empty", "status")
    if person is not None and person.case_id != plan.case_id:
        raise RuleError("person_unknown", "person")
    label = user.name if user is not None else (person.name if person is not None else "")
    update = ActionUpdate(author_id=user.id if user else None,
                          author_person_id=person.id if person else None,
                          author_label=label[:200], note=note,
                          status_from=action.status if status else None, status_to=status,
                          created_at=clock.now())
    action.updates.append(update)
    if status is not None:
        action.status = status
    action.updated_at = clock.now()
    db.session.flush()
    touch(plan.case)
    record("update", update, object_type="action_update", case=plan.case,
           summary=action.what[:200],
           details={"plan": plan.version, "action": action.id,
                    "status": [update.status_from.value, status.value] if status else None,
                    "note": bool(note), "by_person": person.id if person else None})
    return update


# --- reading ------------------------------------------------------------------------------

GROUPINGS = ("none", "person", "bottom_line", "status")


@dataclass
class Group:
    key: str
    label: str
    actions: list[Action]


def group_actions(plan: Plan, by: str) -> list[Group]:
    """The plan's actions in groups: by person (someone with two actions appears twice),
    by the bottom line they serve, or by status; ``none`` keeps the plan's order."""
    actions = list(plan.actions)
    if by == "person":
        groups: dict[int, Group] = {}
        for action in actions:
            for person in action.people:
                group = groups.setdefault(person.id, Group(f"person-{person.id}", person.name,
                                                           []))
                group.actions.append(action)
        ordered = sorted(groups.values(), key=lambda g: g.label.casefold())
        nobody = [a for a in actions if not a.people]
        if nobody:
            ordered.append(Group("person-none", _("Nobody responsible yet"), nobody))
        return ordered
    if by == "bottom_line":
        result = [Group(f"line-{line.id}", line.text,
                        [a for a in actions if a.serves_id == line.id])
                  for line in plan.bottom_lines]
        result = [g for g in result if g.actions]
        other = [a for a in actions if a.serves_id is None]
        if other:
            result.append(Group("line-none", _("Not for a particular bottom line"), other))
        return result
    if by == "status":
        return [Group(f"status-{status.value}", str(ACTION_STATUS_LABELS[status]),
                      [a for a in actions if a.status == status])
                for status in ActionStatus if any(a.status == status for a in actions)]
    return [Group("all", "", actions)] if actions else []


def person_uses(person: Person) -> list[str]:
    """Where ``person`` is used in plans (a network usage check, registered in
    ``create_app``): responsible for an action, or monitor; each names the plan version."""
    from eigenkracht.plans.models import action_people

    versions = sorted(set(db.session.scalars(
        select(Plan.version).join(Action, Action.plan_id == Plan.id)
        .join(action_people, action_people.c.action_id == Action.id)
        .where(action_people.c.person_id == person.id, Plan.case_id == person.case_id))))
    uses = [_("responsible for an action in plan version %(version)s", version=v)
            for v in versions]
    monitored = db.session.scalars(select(Plan.version).where(
        Plan.monitor_id == person.id, Plan.case_id == person.case_id).order_by(Plan.version))
    uses += [_("monitor of plan version %(version)s", version=v) for v in monitored]
    return uses
