"""The plan's blueprint and the helpers its view modules share.

Routes live in ``views.py`` (the plan, its sections, presenting, versions, follow-up),
``action_views.py`` and ``decision_views.py``; importing ``views`` registers them all.
Every lookup goes case → plan version *of that case* → action *of that plan*, 404 otherwise.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from eigenkracht.cases.access import can_edit_case, get_case_or_404
from eigenkracht.cases.models import Case
from eigenkracht.core import clock
from eigenkracht.core.forms import new_submission_key
from eigenkracht.core.rules import Locked, Outcome, RuleError
from eigenkracht.plans import messages
from eigenkracht.plans.actions import get_action
from eigenkracht.plans.decision import can_decide
from eigenkracht.plans.models import Action, Plan, PlanStatus
from eigenkracht.plans.services import (
    bottom_lines_out_of_date,
    get_plan,
    lock_reason,
)

bp = Blueprint("plans", __name__, url_prefix="/cases/<reference>/plan")


@bp.app_context_processor
def plan_template_helpers():
    """The labels (the case page gets the plan's overview from ``summary``), and the words
    and record of a routine (``plans/routines.py``) for staff and family pages."""
    from eigenkracht.plans import contacts, routines, signatures

    return {"PLAN_LABELS": messages, "routine_text": routines.describe_repeat,
            "routine_record": routines.routine_record, "is_routine": routines.is_routine,
            "current_occurrence": routines.current_occurrence,
            "routine_done_label": routines.done_label, "routine_today": clock.today,
            "new_submission_key": new_submission_key,
            "plan_contacts": contacts.contact_list,
            "plan_signatures": signatures.valid_signatures}


def case_for(reference: str, *, edit: bool = False) -> Case:
    """The case of the URL, for viewing or (``edit``) changing: 404/403 otherwise."""
    return get_case_or_404(reference, current_user, for_edit=edit)


def plan_for(case: Case, version: int) -> Plan:
    plan = get_plan(case, version)
    if plan is None:
        abort(404)
    return plan


def action_for(plan: Plan, action_id: int) -> Action:
    action = get_action(plan, action_id)
    if action is None:
        abort(404)
    return action


def decide_allowed(case: Case) -> bool:
    return can_decide(current_user, case)


def editable(case: Case) -> bool:
    return can_edit_case(current_user, case)


def locked_page(locked: Locked):
    """The page that refuses a change and says why (409 Conflict)."""
    plan = locked.record
    return render_template("plans/locked.html", case=plan.case, plan=plan,
                           reason=locked.message, code=locked.code), 409


def field_error(form, error: RuleError) -> None:
    """Put the rule's messages at their fields, or above the form when they have none."""
    for name, message in error.messages():
        field = form[name] if name and name in form else None
        if field is not None:
            field.errors = [*field.errors, message] if isinstance(field.errors, list) \
                else [message]
        else:
            form.form_errors.append(message)


def refused_page(outcome: Outcome):
    """The answer to a refusal that a page does not show on its own form: a locked version
    gets the page that says why; a stale save goes to the kernel's 409. None otherwise."""
    if outcome.locked is not None:
        return locked_page(outcome.locked)
    if outcome.stale is not None:
        raise outcome.stale
    return None


def status_for(form) -> int:
    return 422 if request.method == "POST" and (form.errors or form.form_errors) else 200


def plan_page_context(plan: Plan) -> dict:
    """What every page about one version shows in its header."""
    can_edit = editable(plan.case)
    return {"case": plan.case, "plan": plan, "editable": can_edit,
            "can_draft": can_edit and lock_reason(plan) is None,
            "can_decide": decide_allowed(plan.case),
            "out_of_date": plan.status in (PlanStatus.DRAFT, PlanStatus.NOT_ACCEPTED)
            and bottom_lines_out_of_date(plan)}
