"""Action pages: add, change, remove and reorder actions of a draft; an action's log of
updates and the form to follow it up (new status, note). Each change runs in
``core.rules.refusals``; the request kernel commits."""

from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eigenkracht.audit.services import record
from eigenkracht.core.errors import wants_json
from eigenkracht.core.ids import parse_id
from eigenkracht.core.rules import RuleError, refusals, rule_message
from eigenkracht.core.submissions import claim_form, remember_form
from eigenkracht.network.services import client_person
from eigenkracht.plans import actions as action_services
from eigenkracht.plans.blueprint import (
    action_for,
    bp,
    case_for,
    locked_page,
    plan_for,
    plan_page_context,
    refused_page,
    status_for,
)
from eigenkracht.plans.forms import ActionForm, MoveForm, NewActionForm, ReorderForm, UpdateForm
from eigenkracht.plans.models import PlanStatus
from eigenkracht.plans.sections import action_data, action_people_choices, merge_stale_action
from eigenkracht.plans.services import lock_reason

BASE = "/v<int:version>/actions"


def _back_url(plan, anchor: str | None = None) -> str:
    return url_for(".show", reference=plan.case.reference, version=plan.version,
                   group=request.args.get("group") or None, _anchor=anchor)


def _back(plan, anchor: str | None = None):
    return redirect(_back_url(plan, anchor))


@bp.route(f"{BASE}/new", methods=["GET", "POST"])
@login_required
def new_action(reference: str, version: int):
    case = case_for(reference, edit=True)
    plan = plan_for(case, version)
    locked = lock_reason(plan)
    if locked is not None:
        return locked_page(locked)
    client_person(case)  # the client can be responsible too
    form = NewActionForm()
    form.set_choices(plan, action_people_choices(plan))
    if request.method == "GET" and parse_id(request.args.get("serves")):
        form.serves_id.data = parse_id(request.args["serves"])
    if form.validate_on_submit():
        claim_form(form)
        with refusals(form) as outcome:
            action = action_services.create_action(plan, action_data(form))
        refused = refused_page(outcome)
        if refused is not None:
            return refused
        if outcome.ok:
            flash(_("The action has been added."), "success")
            target = _back_url(plan, f"action-{action.id}")
            remember_form(form, target)
            return redirect(target)
    return render_template("plans/action_form.html", **plan_page_context(plan), form=form,
                           action=None, report=None), status_for(form)


@bp.route(f"{BASE}/<int:action_id>/edit", methods=["GET", "POST"])
@login_required
def edit_action(reference: str, version: int, action_id: int):
    case = case_for(reference, edit=True)
    plan = plan_for(case, version)
    action = action_for(plan, action_id)
    locked = lock_reason(plan)
    if locked is not None:
        return locked_page(locked)
    people = action_people_choices(plan, action)
    form = ActionForm(obj=action)
    form.set_choices(plan, people)
    if request.method == "GET":
        form.person_ids.data = [p.id for p in action.people]
        form.set_version(action.row_version)
    report = None
    if form.validate_on_submit():
        with refusals(form) as outcome:
            action_services.update_action(action, action_data(form), form.expected_version)
        if outcome.locked is not None:
            return locked_page(outcome.locked)
        if outcome.stale is not None:
            plan = plan_for(case, version)
            action = action_for(plan, action_id)
            locked = lock_reason(plan)
            if locked is not None:
                return locked_page(locked)
            form, report = merge_stale_action(action, ActionForm,
                                              action_people_choices(plan, action))
            form.form_errors.append(_(
                "Someone else saved this action while you were editing it. Your changes have "
                "not been saved yet: they are still in the form. Their changes are listed "
                "below; check them and save again."))
        if outcome.ok:
            flash(_("The action has been saved."), "success")
            return _back(plan, f"action-{action.id}")
    status = 409 if report is not None else status_for(form)
    return render_template("plans/action_form.html", **plan_page_context(plan), form=form,
                           action=action, report=report), status


@bp.route(f"{BASE}/<int:action_id>")
@login_required
def action(reference: str, version: int, action_id: int):
    case = case_for(reference)
    plan = plan_for(case, version)
    item = action_for(plan, action_id)
    return _action_page(plan, item, UpdateForm(formdata=None), 200)


def _action_page(plan, item, form: UpdateForm, status: int):
    record("view", item, case=plan.case, summary=item.what[:200])
    return render_template("plans/action.html", **plan_page_context(plan), action=item,
                           form=form, followable=plan.status != PlanStatus.SUPERSEDED), status


@bp.route(f"{BASE}/<int:action_id>/updates", methods=["POST"])
@login_required
def add_update(reference: str, version: int, action_id: int):
    case = case_for(reference, edit=True)
    plan = plan_for(case, version)
    item = action_for(plan, action_id)
    form = UpdateForm()
    if form.validate_on_submit():
        claim_form(form)
        with refusals(form) as outcome:
            action_services.add_update(item, form.status.data, form.note.data or "",
                                       user=current_user)
        refused = refused_page(outcome)
        if refused is not None:
            return refused
        if outcome.ok:
            flash(_("The update has been saved."), "success")
            target = url_for(".action", reference=case.reference, version=plan.version,
                             action_id=item.id, _anchor="updates")
            remember_form(form, target)
            return redirect(target)
    return _action_page(plan, item, form, 422)


@bp.route(f"{BASE}/<int:action_id>/delete", methods=["POST"])
@login_required
def delete_action(reference: str, version: int, action_id: int):
    case = case_for(reference, edit=True)
    plan = plan_for(case, version)
    item = action_for(plan, action_id)
    with refusals() as outcome:
        action_services.delete_action(item)
    refused = refused_page(outcome)
    if refused is not None:
        return refused
    flash(_("The action has been removed."), "success")
    return _back(plan, "actions")


@bp.route(f"{BASE}/<int:action_id>/move", methods=["POST"])
@login_required
def move_action(reference: str, version: int, action_id: int):
    case = case_for(reference, edit=True)
    plan = plan_for(case, version)
    item = action_for(plan, action_id)
    form = MoveForm()
    if form.validate_on_submit():
        with refusals() as outcome:
            action_services.move_action(item, -1 if form.direction.data == "up" else 1)
        refused = refused_page(outcome)
        if refused is not None:
            return refused
    return _back(plan, f"action-{item.id}")


@bp.route(f"{BASE}/order", methods=["POST"])
@login_required
def reorder_actions(reference: str, version: int):
    """The order after a drag and drop (``order``: the action ids, comma separated)."""
    case = case_for(reference, edit=True)
    plan = plan_for(case, version)
    form = ReorderForm()
    message = None
    if not form.validate_on_submit():
        message = rule_message(RuleError("order_mismatch"))
    else:
        with refusals() as outcome:
            action_services.reorder_actions(plan, form.ids())
        if outcome.error is not None:
            message = rule_message(outcome.error)
        elif outcome.locked is not None:
            if not wants_json():
                return locked_page(outcome.locked)
            message = _("This version of the plan can no longer be changed.")
        elif outcome.stale is not None:
            if not wants_json():
                raise outcome.stale
            message = outcome.messages[0]
    if wants_json():
        if message:
            return jsonify({"ok": False, "message": message}), 409
        return jsonify({"ok": True, "order": [a.id for a in plan.actions]})
    if message:
        flash(message, "error")
    return _back(plan, "actions")
