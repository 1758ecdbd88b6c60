"""Action pages: add, change, remove and reorder actions of a draft; an action's log of
updates and the form to follow it up (new status, note)."""

from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eigenkracht.audit.services import record
from eigenkracht.core.errors import wants_json
from eigenkracht.extensions import db
from eigenkracht.network.services import client_person
from eigenkracht.plans import actions as action_services
from eigenkracht.plans.blueprint import (
    action_for,
    bp,
    case_for,
    locked_page,
    plan_for,
    plan_page_context,
    status_for,
)
from eigenkracht.plans.forms import ActionForm, MoveForm, ReorderForm, UpdateForm
from eigenkracht.plans.messages import rule_message
from eigenkracht.plans.models import PlanStatus
from eigenkracht.plans.sections import action_data, action_people_choices, merge_stale_action
from eigenkracht.plans.services import PlanRuleError, lock_reason
from eigenkracht.plans.views_common import PlanChange

BASE = "/v<int:version>/actions"


def _back(plan, anchor: str | None = None):
    return redirect(url_for(".show", reference=plan.case.reference, version=plan.version,
                            group=request.args.get("group") or None, _anchor=anchor))


@bp.route(f"{BASE}/new", methods=["GET", "POST"])
@login_required
def new_action(reference: str, version: int):
    case = case_for(reference, edit=True)
    plan = plan_for(case, version)
    locked = lock_reason(plan)
    if locked is not None:
        return locked_page(locked)
    client_person(case)  # the client can be responsible too
    form = ActionForm()
    form.set_choices(plan, action_people_choices(plan))
    if request.method == "GET" and request.args.get("serves", "").isdigit():
        form.serves_id.data = int(request.args["serves"])
    if form.validate_on_submit():
        with PlanChange(form) as change:
            action = action_services.create_action(plan, action_data(form))
        if change.locked is not None:
            return locked_page(change.locked)
        if change.ok:
            flash(_("The action has been added."), "success")
            return _back(plan, f"action-{action.id}")
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
        with PlanChange(form, stale=True) as change:
            action_services.update_action(action, action_data(form), form.expected_version)
        if change.locked is not None:
            return locked_page(change.locked)
        if change.stale:
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
        if change.ok:
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
    page = render_template("plans/action.html", **plan_page_context(plan), action=item,
                           form=form, followable=plan.status != PlanStatus.SUPERSEDED)
    db.session.commit()
    return page, status


@bp.route(f"{BASE}/<int:action_id>/updates", methods=["POST"])
@login_required
def add_update(reference: str, version: int, action_id: int):
    case = case_for(reference, edit=True)
    plan = plan_for(case, version)
    item = action_for(plan, action_id)
    form = UpdateForm()
    if form.validate_on_submit():
        with PlanChange(form) as change:
            action_services.add_update(item, form.status.data, form.note.data or "",
                                       user=current_user)
        if change.locked is not None:
            return locked_page(change.locked)
        if change.ok:
            flash(_("The update has been saved."), "success")
            return redirect(url_for(".action", reference=case.reference, version=plan.version,
                                    action_id=item.id, _anchor="updates"))
    return _action_page(plan, item, form, 422)


@bp.route(f"{BASE}/<int:action_id>/delete", methods=["POST"])
@login_required
def delete_action(reference: str, version: int, action_id: int):
    case = case_for(reference, edit=True)
    plan = plan_for(case, version)
    item = action_for(plan, action_id)
    with PlanChange() as change:
        action_services.delete_action(item)
    if change.locked is not None:
        return locked_page(change.locked)
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
        with PlanChange() as change:
            action_services.move_action(item, -1 if form.direction.data == "up" else 1)
        if change.locked is not None:
            return locked_page(change.locked)
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
        message = rule_message(PlanRuleError("order_mismatch"))
    else:
        with PlanChange() as change:
            action_services.reorder_actions(plan, form.ids())
        if change.error is not None:
            message = rule_message(change.error)
        elif change.locked is not None:
            if not wants_json():
                return locked_page(change.locked)
            message = _("This version of the plan can no longer be changed.")
    if wants_json():
        if message:
            return jsonify({"ok": False, "message": message}), 409
        return jsonify({"ok": True, "order": [a.id for a in plan.actions]})
    if message:
        flash(message, "error")
    return _back(plan, "actions")
