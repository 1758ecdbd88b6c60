"""Job coaches' pages: goals and steps, progress over months (this module), the contact log
(``contact_views``) and the caseload with its follow-ups (``caseload_views``).

Thin routes: look up the work case (and the goal, step or contact *within* it) and let a
service do the work; the request kernel commits. A broken rule shows the form again with a
message per field (422); a save over someone else's change shows their version beside what
was typed (409, ``core.rules.refusals``). A form that creates is claimed once
(``core.submissions``): sent twice, it makes one record. The blueprint and the helpers the
three modules share are in ``blueprint``.
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eigenkracht.audit.services import record
from eigenkracht.cases.access import can_edit_case
from eigenkracht.cases.models import Case
from eigenkracht.core.clock import today
from eigenkracht.core.rules import RuleError, refusals
from eigenkracht.core.submissions import claim_form, remember_form
from eigenkracht.jobs import services
from eigenkracht.jobs.blueprint import (
    bp,
    form_failed,
    page_status,
    saved_copy,
    show_problems,
    work_case_for,
)
from eigenkracht.jobs.chart import draw_progress, month_label, ring_name
from eigenkracht.jobs.forms import DoneForm, GoalForm, NewGoalForm, NewStepForm, StepForm
from eigenkracht.jobs.progress import progress as progress_months
from eigenkracht.network.snapshots import list_snapshots

# --- goals --------------------------------------------------------------------------------

def _goals_page(case: Case, goal_form: NewGoalForm, step_forms: dict | None = None,
                status: int = 200):
    goals = services.list_goals(case)
    forms = {g.id: NewStepForm(formdata=None, prefix=f"step-{g.id}") for g in goals}
    forms.update(step_forms or {})
    record("view", case, case=case, summary=case.reference, details={"page": "goals"})
    return render_template("jobs/goals.html", case=case, goals=goals, goal_form=goal_form,
                           step_forms=forms, editable=can_edit_case(current_user, case),
                           done_form=DoneForm(), today=today()), status


@bp.route("/cases/<reference>/goals")
@login_required
def goals(reference: str):
    return _goals_page(work_case_for(reference), NewGoalForm())


def _goal_data(form: NewGoalForm | GoalForm) -> services.GoalData:
    return services.GoalData(text=form.text.data or "", target_date=form.target_date.data,
                             status=form.status.data or "")


@bp.route("/cases/<reference>/goals", methods=["POST"])
@login_required
def add_goal(reference: str):
    case = work_case_for(reference, edit=True)
    form = NewGoalForm()
    form.validate_on_submit()
    data = _goal_data(form)
    show_problems(form, services.problems_of(services.check_goal, data, None))
    if form_failed(form):
        return _goals_page(case, form, status=422)
    claim_form(form)
    with refusals(form) as outcome:
        goal = services.add_goal(case, data, current_user)
    if not outcome.ok:
        return _goals_page(case, form, status=page_status(form, outcome))
    target = url_for("jobs.goals", reference=case.reference, _anchor=f"goal-{goal.id}")
    remember_form(form, target)
    flash(_("The goal has been added."), "success")
    return redirect(target)


def _goal_for(case: Case, goal_id: int):
    return services.get_goal(case, goal_id) or abort(404)


@bp.route("/cases/<reference>/goals/<int:goal_id>", methods=["GET", "POST"])
@login_required
def edit_goal(reference: str, goal_id: int):
    case = work_case_for(reference, edit=True)
    goal = _goal_for(case, goal_id)
    outcome = None
    if request.method == "POST":
        form = GoalForm()
        form.validate_on_submit()
        data = _goal_data(form)
        show_problems(form, services.problems_of(services.check_goal, data, goal))
        if not form_failed(form):
            with refusals(form) as outcome:
                services.update_goal(case, goal, data, form.row_version.data)
            if outcome.ok:
                flash(_("The goal has been saved."), "success")
                return redirect(url_for("jobs.goals", reference=case.reference,
                                        _anchor=f"goal-{goal.id}"))
            if outcome.stale:
                saved_copy(goal, form)
    else:
        form = GoalForm(formdata=None, data={"text": goal.text, "target_date": goal.target_date,
                                             "status": goal.status.value})
        form.fill_version(goal)
        record("view", goal, case=case, summary=goal.text[:200])
    return render_template("jobs/goal_form.html", case=case, goal=goal, form=form,
                           stale=bool(outcome and outcome.stale)), page_status(form, outcome)


@bp.route("/cases/<reference>/goals/<int:goal_id>/delete", methods=["POST"])
@login_required
def remove_goal(reference: str, goal_id: int):
    case = work_case_for(reference, edit=True)
    services.remove_goal(case, _goal_for(case, goal_id))
    flash(_("The goal has been removed, with its steps."), "success")
    return redirect(url_for("jobs.goals", reference=case.reference))


@bp.route("/cases/<reference>/goals/<int:goal_id>/steps", methods=["POST"])
@login_required
def add_step(reference: str, goal_id: int):
    case = work_case_for(reference, edit=True)
    goal = _goal_for(case, goal_id)
    form = NewStepForm(prefix=f"step-{goal.id}")
    form.validate_on_submit()
    data = services.StepData(text=form.text.data or "", target_date=form.target_date.data,
                             done_on=form.done_on.data)
    show_problems(form, services.problems_of(services.check_step, data, None))
    if form_failed(form):
        return _goals_page(case, NewGoalForm(formdata=None), {goal.id: form}, status=422)
    claim_form(form)
    with refusals(form) as outcome:
        services.add_step(case, goal, data)
    if not outcome.ok:
        return _goals_page(case, NewGoalForm(formdata=None), {goal.id: form},
                           status=page_status(form, outcome))
    target = url_for("jobs.goals", reference=case.reference, _anchor=f"goal-{goal.id}")
    remember_form(form, target)
    flash(_("The step has been added."), "success")
    return redirect(target)


def _step_for(case: Case, step_id: int):
    return services.get_step(case, step_id) or abort(404)


@bp.route("/cases/<reference>/steps/<int:step_id>/done", methods=["POST"])
@login_required
def step_done(reference: str, step_id: int):
    case = work_case_for(reference, edit=True)
    step = _step_for(case, step_id)
    form = DoneForm()
    if form.validate_on_submit():
        try:
            services.set_step_done(case, step, form.is_done, form.on.data)
        except RuleError as error:
            flash(" ".join(message for _name, message in error.messages()), "error")
        else:
            flash(_("The step is done.") if step.done else _("The step is open again."),
                  "success")
    elif form.on.errors:
        flash(" ".join(form.on.errors), "error")
    return redirect(url_for("jobs.goals", reference=case.reference,
                            _anchor=f"step-{step.id}"))


@bp.route("/cases/<reference>/steps/<int:step_id>", methods=["GET", "POST"])
@login_required
def edit_step(reference: str, step_id: int):
    case = work_case_for(reference, edit=True)
    step = _step_for(case, step_id)
    form = StepForm(formdata=None, data={"text": step.text, "target_date": step.target_date})
    form.fill_version(step)
    outcome = None
    if request.method == "POST":
        form = StepForm()
        form.validate_on_submit()
        data = services.StepData(text=form.text.data or "", target_date=form.target_date.data)
        show_problems(form, services.problems_of(services.check_step, data, step))
        if not form_failed(form):
            with refusals(form) as outcome:
                services.update_step(case, step, data, form.row_version.data)
            if outcome.ok:
                flash(_("The step has been saved."), "success")
                return redirect(url_for("jobs.goals", reference=case.reference,
                                        _anchor=f"step-{step.id}"))
            if outcome.stale:
                saved_copy(step, form)
    return render_template("jobs/step_form.html", case=case, step=step, form=form,
                           stale=bool(outcome and outcome.stale)), page_status(form, outcome)


@bp.route("/cases/<reference>/goals/<int:goal_id>/move", methods=["POST"])
@login_required
def move_goal(reference: str, goal_id: int):
    case = work_case_for(reference, edit=True)
    goal = _goal_for(case, goal_id)
    services.move_goal(case, goal, request.form.get("direction", ""))
    return redirect(url_for("jobs.goals", reference=case.reference, _anchor=f"goal-{goal.id}"))


@bp.route("/cases/<reference>/steps/<int:step_id>/move", methods=["POST"])
@login_required
def move_step(reference: str, step_id: int):
    case = work_case_for(reference, edit=True)
    step = _step_for(case, step_id)
    services.move_step(case, step, request.form.get("direction", ""))
    return redirect(url_for("jobs.goals", reference=case.reference, _anchor=f"step-{step.id}"))


@bp.route("/cases/<reference>/steps/<int:step_id>/delete", methods=["POST"])
@login_required
def remove_step(reference: str, step_id: int):
    case = work_case_for(reference, edit=True)
    step = _step_for(case, step_id)
    goal_id = step.goal_id
    services.remove_step(case, step)
    flash(_("The step has been removed."), "success")
    return redirect(url_for("jobs.goals", reference=case.reference, _anchor=f"goal-{goal_id}"))


# --- progress -----------------------------------------------------------------------------

@bp.route("/cases/<reference>/progress")
@login_required
def progress(reference: str):
    """The chart, the same figures as a table, and the way to the map comparison."""
    case = work_case_for(reference)
    months = progress_months(case)
    snapshots = list_snapshots(case)  # newest first
    svg = draw_progress(months, case.client_name, doc=f"progress-{case.id}")
    record("view", case, case=case, summary=case.reference, details={"page": "progress"})
    page = render_template("jobs/progress.html", case=case, months=months, svg=svg,
                           snapshots=snapshots, month_label=month_label, ring_name=ring_name,
                           editable=can_edit_case(current_user, case))
    return page


@bp.route("/cases/<reference>/progress.svg")
@login_required
def progress_svg(reference: str):
    case = work_case_for(reference)
    body = draw_progress(progress_months(case), case.client_name, doc=f"progress-{case.id}")
    record("view", case, case=case, summary=case.reference, details={"page": "progress.svg"})
    return Response(body, mimetype="image/svg+xml")

