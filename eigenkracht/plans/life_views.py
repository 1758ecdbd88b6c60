"""Staff routes for the plan after the conference (issue 20): marking a routine's
occurrence done, and signing an accepted version on the tablet. Rules in
``plans/routines.py`` and ``plans/signatures.py``."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eigenkracht.core.rules import refusals
from eigenkracht.core.submissions import claim_form, remember_form
from eigenkracht.plans.blueprint import action_for, bp, case_for, plan_for, refused_page
from eigenkracht.plans.forms import UpdateForm
from eigenkracht.plans.routines import mark_occurrence_done

BASE = "/v<int:version>/actions"


@bp.route(f"{BASE}/<int:action_id>/done-this-time", methods=["POST"])
@login_required
def occurrence_done(reference: str, version: int, action_id: int):
    """ "Done this week" for a routine, by staff: the occurrence is marked, the action stays
    open."""
    case = case_for(reference, edit=True)
    plan = plan_for(case, version)
    item = action_for(plan, action_id)
    form = UpdateForm()
    target = url_for(".action", reference=case.reference, version=plan.version,
                     action_id=item.id, _anchor="routine")
    if form.validate_on_submit():
        claim_form(form)
        with refusals(form) as outcome:
            mark_occurrence_done(item, note=form.note.data or "", user=current_user)
        refused = refused_page(outcome)
        if refused is not None:
            return refused
        if outcome.ok:
            flash(_("This time is marked done; the action stays open."), "success")
            remember_form(form, target)
        else:
            flash(outcome.messages[0], "error")
    return redirect(target)
