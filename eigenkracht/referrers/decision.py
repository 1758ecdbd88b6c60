"""The referrer's decision on the presented plan, through their link: per bottom line met
or not (and which actions meet it) with a note, then the decision with its reason. The
rules are the plan's own (``plans.decision``); the decision names the referrer contact."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from eigenkracht.audit.services import record
from eigenkracht.core.rules import refusals
from eigenkracht.core.token_pages import public_page
from eigenkracht.plans import decision as decisions
from eigenkracht.plans.forms import DecisionForm, decision_form
from eigenkracht.plans.messages import DECISION_LABELS
from eigenkracht.plans.models import PlanStatus
from eigenkracht.referrers import services
from eigenkracht.referrers.models import ReferrerLink


def _data(form: DecisionForm, plan) -> decisions.DecisionData:
    lines = {}
    for line in plan.bottom_lines:
        met, chosen, note = form.line_fields(line)
        lines[line.id] = decisions.LineMark(
            met={"yes": True, "no": False}.get(met.data),
            action_ids=[i for i in (chosen.data or []) if i is not None],
            note=note.data or "")
    return decisions.DecisionData(decision=form.decision_value(), reason=form.reason.data or "",
                                  lines=lines)


def _put(form: DecisionForm, problems) -> None:
    for problem in problems:
        for name, message in problem.messages():
            field = form[name] if name and name in form else None
            if field is not None:
                field.errors = [*field.errors, message] if isinstance(field.errors, list) \
                    else [message]
            else:
                form.form_errors.append(message)


def decision_page(link: ReferrerLink, token: str):
    """The form (GET), or the decision recorded (POST)."""
    case = link.case
    plan = services.presented_plan(case)
    if plan is None or plan.status != PlanStatus.PRESENTED:
        flash(_("There is no presented plan to decide on."), "info")
        return redirect(url_for("referrers.page", token=token))
    form = decision_form(plan)
    if request.method == "GET":
        form.set_version(plan.row_version)
    status = 200
    if form.validate_on_submit():
        data = _data(form, plan)
        problems = decisions.problems(plan, data, None, link.referrer)
        _put(form, problems)
        status = 422 if problems else 200
        if not problems:
            with refusals(form) as outcome:
                decisions.decide(plan, data, None, form.expected_version,
                                 by_referrer=link.referrer)
            if outcome.ok:
                flash(_("Your decision has been recorded: %(decision)s.",
                        decision=DECISION_LABELS[plan.decision]), "success")
                return redirect(url_for("referrers.plan", token=token))
            status = outcome.status
            if outcome.stale is not None:
                form.form_errors[:] = [_(
                    "The plan was changed after you opened this page. Your choices are still "
                    "in the form: check the plan and decide again.")]
                plan = services.presented_plan(case)
                if plan is None or plan.status != PlanStatus.PRESENTED:
                    return redirect(url_for("referrers.plan", token=token))
                form.set_version(plan.row_version)
    elif request.method == "POST":
        status = 422
    record("view", plan, case=case, summary=f"v{plan.version}",
           details={"page": "referrer decision", "link": link.id})
    return public_page(render_template("referrers/decide.html", link=link, token=token,
                                       case=case, plan=plan, form=form), status)
