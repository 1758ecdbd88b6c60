"""The decision page: the referrer (or a coordinator recording the referrer's decision)
goes through the bottom lines and decides on the presented plan."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eigenkracht.audit.services import record
from eigenkracht.core.rules import RuleError, refusals, rule_message
from eigenkracht.plans import decision as decisions
from eigenkracht.plans.blueprint import (
    bp,
    case_for,
    decide_allowed,
    field_error,
    locked_page,
    plan_for,
    plan_page_context,
)
from eigenkracht.plans.forms import DecisionForm, decision_form
from eigenkracht.plans.messages import DECISION_LABELS
from eigenkracht.plans.models import PlanStatus


def _data(form: DecisionForm, plan) -> decisions.DecisionData:
    lines = {}
    for line in plan.bottom_lines:
        met, chosen, note = form.line_fields(line)
        lines[line.id] = decisions.LineMark(
            met={"yes": True, "no": False}.get(met.data),
            action_ids=[i for i in (chosen.data or []) if i is not None],
            note=note.data or "")
    return decisions.DecisionData(decision=form.decision_value(), reason=form.reason.data or "",
                                  lines=lines, referrer_name=form.referrer_name.data or "")


@bp.route("/v<int:version>/decision", methods=["GET", "POST"])
@login_required
def decide(reference: str, version: int):
    case = case_for(reference)
    if not decide_allowed(case):
        abort(403)
    plan = plan_for(case, version)
    if plan.status != PlanStatus.PRESENTED:
        return render_template("plans/locked.html", case=case, plan=plan, code="not_presented",
                               reason=rule_message(RuleError("not_presented"))), 409
    for_referrer = not decisions.is_case_referrer(current_user, case)
    form = decision_form(plan)
    if request.method == "GET":
        form.set_version(plan.row_version)
        names = decisions.referrer_names(case)
        if for_referrer and len(names) == 1:
            form.referrer_name.data = names[0]
    status = 200
    if form.validate_on_submit():
        done, status = _save(form, case, version)
        if done is not None:
            return done
    if request.method == "POST" and status == 200 and (form.errors or form.form_errors):
        status = 422
    record("view", plan, case=case, summary=f"v{plan.version}", details={"page": "decision"})
    return render_template("plans/decide.html", **plan_page_context(plan), form=form,
                           for_referrer=for_referrer, history=decisions.history(plan),
                           referrers=decisions.referrer_names(case)), status


def _save(form: DecisionForm, case, version: int):
    """Record the decision; returns (the redirect when it is recorded, the page status)."""
    plan = plan_for(case, version)
    data = _data(form, plan)
    problems = decisions.problems(plan, data, current_user)
    for problem in problems:
        field_error(form, problem)
    if problems:
        return None, 422
    with refusals(form) as outcome:  # the conference's rules too (closing its phase)
        decisions.decide(plan, data, current_user, form.expected_version)
    if outcome.locked:  # the whole answer, (page, 409), as the redirects below
        return locked_page(outcome.locked), 409
    if outcome.error:
        return None, 422
    if outcome.stale:
        form.form_errors.clear()  # the plan's own words below, not the general ones
        plan = plan_for(case, version)
        if plan.status != PlanStatus.PRESENTED:
            flash(_("Someone else recorded the decision in the meantime."), "error")
            return redirect(url_for(".show", reference=case.reference,
                                    version=plan.version)), 302
        form.set_version(plan.row_version)
        form.form_errors.append(_(
            "The plan was changed after you opened this page. Your choices are still in "
            "the form: check the plan and decide again."))
        return None, 409
    flash(_("The decision has been recorded: %(decision)s.",
            decision=DECISION_LABELS[plan.decision]), "success")
    return redirect(url_for(".show", reference=case.reference, version=plan.version)), 302
