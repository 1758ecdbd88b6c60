"""Between the sections form and the plan: reading the form, the monitor's choices, and
putting a stale save together with the other person's change (see ``conflicts.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from flask import request
from flask_babel import format_date

from eigenkracht.network.models import Person
from eigenkracht.plans.conflicts import reconcile, their_changes
from eigenkracht.plans.forms import PlanForm, plan_form
from eigenkracht.plans.messages import SECTION_LABELS
from eigenkracht.plans.models import Plan
from eigenkracht.plans.routines import describe_repeat
from eigenkracht.plans.services import TEXT_FIELDS, PlanData, people_choices


@dataclass
class ConflictRow:
    """One line of the "changed by someone else" panel."""

    label: str
    theirs: str
    taken_over: bool


def monitor_choices(plan: Plan) -> list[Person]:
    """The living network without the client, and the current monitor whatever happened."""
    people = [p for p in people_choices(plan.case) if not p.is_client]
    if plan.monitor is not None and plan.monitor not in people:
        people.append(plan.monitor)
    return people


def plan_data(form: PlanForm, plan: Plan) -> PlanData:
    return PlanData(
        **{name: form[name].data or "" for name in TEXT_FIELDS},
        monitor_id=form.monitor_id.data, evaluation_date=form.evaluation_date.data,
        first_call_id=form.first_call_id.data,
        how_met={line.id: form[f"how_met_{line.id}"].data or "" for line in plan.bottom_lines},
        alert_referrer=bool(form.alert_referrer.data))


def _text(value: Any) -> str:
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _values_of_form(form: PlanForm, plan: Plan) -> dict[str, Any]:
    values: dict[str, Any] = {name: _text(form[name].data) for name in TEXT_FIELDS}
    values["monitor_id"] = form.monitor_id.data
    values["first_call_id"] = form.first_call_id.data
    day = form.evaluation_date.data
    values["evaluation_date"] = day.isoformat() if day else None
    for line in plan.bottom_lines:
        values[f"how_met_{line.id}"] = _text(form[f"how_met_{line.id}"].data)
    return values


def _values_of_plan(plan: Plan) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(plan, name) for name in TEXT_FIELDS}
    values["monitor_id"] = plan.monitor_id
    values["first_call_id"] = plan.first_call_id
    values["evaluation_date"] = plan.evaluation_date.isoformat() if plan.evaluation_date \
        else None
    for line in plan.bottom_lines:
        values[f"how_met_{line.id}"] = line.how_met
    return values


def merge_stale_plan(plan: Plan, old_form: PlanForm) -> tuple[PlanForm, list[ConflictRow]]:
    """The form again, with your input, the other person's untouched-by-you changes taken
    over, and the current row version; and the rows that say what they changed."""
    form = plan_form(plan, monitor_choices(plan), formdata=request.form)
    mine = _values_of_form(form, plan)
    saved = _values_of_plan(plan)
    theirs, last = their_changes("plan", plan.id, old_form.expected_version)
    report, take = reconcile(mine, saved, theirs, last)
    for name in take:
        field = form[name]
        field.raw_data = []
        if name == "evaluation_date":
            field.data = plan.evaluation_date
        elif name in ("monitor_id", "first_call_id"):
            field.data = getattr(plan, name)
        else:
            field.data = saved[name]
    form.set_version(plan.row_version)
    lines = {f"how_met_{line.id}": line.text for line in plan.bottom_lines}
    rows = []
    for item in report.fields:
        if item.name in lines:
            label = lines[item.name]
        elif item.name == "first_call_id":
            label = str(form.first_call_id.label.text)
        else:
            label = str(SECTION_LABELS.get(item.name.removesuffix("_id"), item.name))
        rows.append(ConflictRow(label, _display(plan, item.name, item.theirs), item.taken_over))
    form.stale_by, form.stale_at = report.by, report.at
    return form, rows


def _display(plan: Plan, name: str, value: Any) -> str:
    if name == "monitor_id":
        return plan.monitor.name if plan.monitor else "—"
    if name == "first_call_id":
        return plan.first_call.name if plan.first_call else "—"
    if name == "evaluation_date":
        return format_date(plan.evaluation_date, "long") if plan.evaluation_date else "—"
    return value or "—"


# --- actions ------------------------------------------------------------------------------

def action_people_choices(plan: Plan, action=None) -> list[Person]:
    """Who can be responsible: the client and the living network, and whoever already is."""
    people = people_choices(plan.case)
    for person in action.people if action is not None else ():
        if person not in people:
            people.append(person)
    return people


def action_data(form) -> Any:
    from eigenkracht.plans.actions import ActionData

    return ActionData(
        what=form.what.data or "",
        person_ids=[i for i in (form.person_ids.data or []) if i is not None],
        when_date=form.when_date.data, when_text=form.when_text.data or "",
        support_needed=form.support_needed.data or "",
        serves_id=form.serves_id.data, serves_concern=form.serves_concern.data or "",
        repeat=form.repeat.data or "",
        repeat_days=list(form.repeat_days.data or []),
        repeat_until=form.repeat_until.data)


ACTION_TEXTS = ("what", "when_text", "support_needed", "serves_concern")


def _described_form(form, plan: Plan, people: dict[int, Person]) -> dict[str, Any]:
    """The form in the shape of ``actions.describe``: names, bottom-line text, ISO date."""
    values: dict[str, Any] = {name: _text(form[name].data) for name in ACTION_TEXTS}
    values["people"] = sorted(people[i].name for i in (form.person_ids.data or [])
                              if i in people)
    day = form.when_date.data
    values["when_date"] = day.isoformat() if day else None
    line = next((x for x in plan.bottom_lines if x.id == form.serves_id.data), None)
    values["serves"] = line.text if line else None
    values["repeat"] = describe_repeat(SimpleNamespace(
        repeat=form.repeat.data or "", repeat_until=form.repeat_until.data,
        repeat_days=",".join(str(d) for d in sorted(form.repeat_days.data or []))))
    return values


def merge_stale_action(action, form_class, people: list[Person]):
    """Like ``merge_stale_plan``, for an action: your input stays, their changes that you
    did not touch are taken over, what you both changed is shown next to yours."""
    from eigenkracht.plans.actions import describe
    from eigenkracht.plans.messages import ACTION_FIELD_LABELS

    plan = action.plan
    form = form_class(formdata=request.form)
    form.set_choices(plan, people)
    mine = _described_form(form, plan, {p.id: p for p in people})
    saved = describe(action)
    theirs, last = their_changes("action", action.id, form.expected_version)
    report, take = reconcile(mine, saved, theirs, last)
    for name in take:
        if name == "repeat":  # how it repeats: three fields, taken over together
            for part in ("repeat", "repeat_days", "repeat_until"):
                form[part].raw_data = []
            form.repeat.data, form.repeat_until.data = action.repeat, action.repeat_until
            form.repeat_days.data = [int(d) for d in action.repeat_days.split(",") if d]
            continue
        field = form[{"people": "person_ids", "serves": "serves_id"}.get(name, name)]
        field.raw_data = []
        if name == "people":
            field.data = [p.id for p in action.people]
        elif name == "serves":
            field.data = action.serves_id
        elif name == "when_date":
            field.data = action.when_date
        else:
            field.data = saved[name]
    form.set_version(action.row_version)
    rows = []
    for item in report.fields:
        value = item.theirs
        if item.name == "people":
            value = ", ".join(value or [])
        elif item.name == "when_date":
            value = format_date(action.when_date, "long") if action.when_date else ""
        rows.append(ConflictRow(str(ACTION_FIELD_LABELS.get(item.name, item.name)),
                                value or "—", item.taken_over))
    form.stale_by, form.stale_at = report.by, report.at
    return form, rows
