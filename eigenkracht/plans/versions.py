"""Versions of the plan: a new draft from the accepted plan at a review meeting, and
comparing any two versions.

A new version copies the accepted plan: its sections, its monitor, its actions (each
remembers the action it was copied from in ``origin_id``, with its people, dates and
status) and the case's *current* bottom lines (how each was met comes along where the
bottom line is the same). Comparing follows those origins back, so versions 1 and 3 can
be compared as well as 2 and 3.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from eigenkracht.audit.services import record
from eigenkracht.auth.models import User
from eigenkracht.cases.services import touch
from eigenkracht.conference.models import Conference
from eigenkracht.core.rules import RuleError
from eigenkracht.extensions import db
from eigenkracht.plans.actions import describe
from eigenkracht.plans.models import Action, Plan, PlanStatus
from eigenkracht.plans.services import TEXT_FIELDS, copy_bottom_lines, latest_plan

COPIED_FIELDS = (*TEXT_FIELDS, "monitor_id", "first_call_id", "alert_referrer")
ACTION_FIELDS = ("what", "when_date", "when_text", "support_needed", "serves_concern",
                 "status", "repeat", "repeat_days", "repeat_until")


def new_version(plan: Plan, user: User, conference: Conference | None = None) -> Plan:
    """A draft ``version + 1`` copied from the accepted ``plan`` (at a review meeting)."""
    if plan.status != PlanStatus.ACCEPTED:
        raise RuleError("not_accepted_yet")
    latest = latest_plan(plan.case)
    if latest is not None and latest.id != plan.id:
        raise RuleError("draft_exists")
    if conference is not None and conference.case_id != plan.case_id:
        raise RuleError("conference_unknown", "conference_id")
    case = plan.case
    draft = Plan(case=case, conference=conference, version=plan.version + 1,
                 previous_id=plan.id, status=PlanStatus.DRAFT,
                 **{name: getattr(plan, name) for name in COPIED_FIELDS})
    db.session.add(draft)
    copy_bottom_lines(draft, case, previous=plan)
    db.session.flush()
    lines = {line.bottom_line_id: line for line in draft.bottom_lines if line.bottom_line_id}
    for action in plan.actions:
        serves = lines.get(action.serves.bottom_line_id) if action.serves else None
        draft.actions.append(Action(
            position=action.position, origin_id=action.id, people=list(action.people),
            serves=serves, **{name: getattr(action, name) for name in ACTION_FIELDS}))
    db.session.flush()
    touch(case)
    record("create", draft, case=case, summary=f"v{draft.version}",
           details={"copied_from": plan.version, "actions": len(draft.actions),
                    "conference": conference.id if conference else None, "by": user.id})
    return draft


# --- comparing ----------------------------------------------------------------------------

@dataclass
class ActionChange:
    old: Action
    new: Action
    fields: dict[str, list[Any]]  # field → [old, new], without the status


@dataclass
class StatusChange:
    old: Action
    new: Action


@dataclass
class Comparison:
    older: Plan
    newer: Plan
    added: list[Action] = field(default_factory=list)
    removed: list[Action] = field(default_factory=list)
    changed: list[ActionChange] = field(default_factory=list)
    status_changes: list[StatusChange] = field(default_factory=list)
    sections: dict[str, list[str]] = field(default_factory=dict)  # section → [old, new]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.status_changes
                    or self.sections)


def _roots(case_id: int) -> dict[int, int]:
    """For every action of the case's plans: the first action it was copied from."""
    origins = dict(db.session.execute(
        select(Action.id, Action.origin_id).join(Plan, Plan.id == Action.plan_id)
        .where(Plan.case_id == case_id)).all())
    roots = {}
    for action_id in origins:
        root, seen = action_id, set()
        while origins.get(root) is not None and root not in seen:
            seen.add(root)
            root = origins[root]
        roots[action_id] = root
    return roots


def compare(a: Plan, b: Plan) -> Comparison:
    """What changed from the older of ``a`` and ``b`` to the newer one."""
    if a.case_id != b.case_id:
        raise RuleError("version_unknown")
    if a.id == b.id:
        raise RuleError("same_version")
    older, newer = sorted((a, b), key=lambda p: p.version)
    roots = _roots(older.case_id)
    before = {roots.get(x.id, x.id): x for x in older.actions}
    after = {roots.get(x.id, x.id): x for x in newer.actions}
    result = Comparison(older=older, newer=newer)
    result.added = [x for key, x in after.items() if key not in before]
    result.removed = [x for key, x in before.items() if key not in after]
    for key, new in after.items():
        old = before.get(key)
        if old is None:
            continue
        was, now = describe(old), describe(new)
        diff = {name: [_value(name, was[name]), _value(name, now[name])]
                for name in was if was[name] != now[name]}
        if diff:
            result.changed.append(ActionChange(old, new, diff))
        if old.status != new.status:
            result.status_changes.append(StatusChange(old, new))
    result.added.sort(key=lambda x: x.position)
    result.removed.sort(key=lambda x: x.position)
    for name in (*TEXT_FIELDS, "evaluation_date"):
        was, now = getattr(older, name), getattr(newer, name)
        if was != now:
            result.sections[name] = [was, now]
    if older.monitor_id != newer.monitor_id:
        result.sections["monitor"] = [older.monitor.name if older.monitor else "",
                                      newer.monitor.name if newer.monitor else ""]
    return result


def _value(name: str, value: Any) -> Any:
    """Dates back from the audit-friendly ISO form, for the page to format."""
    if name == "when_date" and value:
        return date.fromisoformat(value)
    return value
