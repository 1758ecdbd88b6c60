"""Job coaches' pages: goals and steps, progress over months (this module), the contact log
(``contact_views``) and the caseload with its follow-ups (``caseload_views``).

Thin routes: look up the work case (and the goal, step or contact *within* it), let a
service do the work, commit once; on a broken rule roll back and show the form again with a
message per field (422). Importing this module registers every route of the blueprint.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm.exc import StaleDataError

from eigenkracht.audit.services import record
from eigenkracht.cases.access import can_edit_case, get_case_or_404
from eigenkracht.cases.models import Case
from eigenkracht.core.stale import StaleEdit, fingerprint
from eigenkracht.extensions import db
from eigenkracht.jobs import services
from eigenkracht.jobs.chart import draw_progress, month_label, ring_name
from eigenkracht.jobs.dashboard import case_summary
from eigenkracht.jobs.forms import DoneForm, GoalForm, StepForm
from eigenkracht.jobs.labels import (
    CHANNEL_LABELS,
    GOAL_STATUS_LABELS,
    OUTCOME_LABELS,
    rule_message,
)
from eigenkracht.jobs.progress import progress as progress_months
from eigenkracht.network.snapshots import list_snapshots

bp = Blueprint("jobs", __name__)


@bp.app_context_processor
def jobs_template_helpers():
    """Labels for every page; the figures the case page shows for a jobseeker."""
    return {"GOAL_STATUS_LABELS": GOAL_STATUS_LABELS, "CHANNEL_LABELS": CHANNEL_LABELS,
            "OUTCOME_LABELS": OUTCOME_LABELS, "jobs_case_summary": case_summary}


# --- helpers shared by the view modules ---------------------------------------------------

def work_case_for(reference: str, *, edit: bool = False) -> Case:
    """The work case of the URL for viewing or (``edit``) changing: 404/403 otherwise, and
    404 for a case of another kind (goals and contacts are kept for jobseekers)."""
    case = get_case_or_404(reference, current_user, for_edit=edit)
    if not services.is_work_case(case):
        abort(404)
    return case


def show_problems(form, problems: list[services.Problem]) -> None:
    """Put each rule's message at its field (unless the field already has one), or above
    the form when it belongs to no field."""
    for name, code in problems:
        message = rule_message(code, limit=services.LIMITS.get(name or ""))
        field = form[name] if name and name in form else None
        if field is None:
            form.form_errors.append(message)
        elif not field.errors:
            field.errors = [message]


def form_failed(form) -> bool:
    return bool(form.errors or form.form_errors)


def saved_unless_stale(form, record_, fields, save: Callable[[str | None], None]) -> bool:
    """``save(seen)`` (the form's fingerprint) and commit; True when it was saved.

    When someone saved ``record_`` after this form was filled in, nothing is saved: the
    page shows their version beside what was typed (False), and a second save goes through.
    """
    try:
        save(form.seen.data or None)
        db.session.commit()
        return True
    except (StaleEdit, StaleDataError):
        db.session.rollback()
    try:
        db.session.refresh(record_)
    except InvalidRequestError:  # removed meanwhile: there is nothing left to save over
        abort(404)
    form.seen.data = fingerprint(record_, fields)
    form.form_errors.append(_(
        "Someone else saved this while you were editing it. Your changes have not been "
        "saved. Compare them with the saved version below, then save again."))
    return False


def parse_id(value) -> int | None:
    """A positive database id from a query string, else None."""
    value = str(value or "").strip()
    if not value.isdigit() or len(value) > 12:
        return None
    return int(value) or None


# --- goals --------------------------------------------------------------------------------

def _goals_page(case: Case, goal_form: GoalForm, step_forms: dict | None = None,
                status: int = 200):
    goals = services.list_goals(case)
    forms = {g.id: StepForm(formdata=None, prefix=f"step-{g.id}") for g in goals}
    forms.update(step_forms or {})
    record("view", case, case=case, summary=case.reference, details={"page": "goals"})
    page = render_template("jobs/goals.html", case=case, goals=goals, goal_form=goal_form,
                           step_forms=forms, editable=can_edit_case(current_user, case),
                           done_form=DoneForm(), today=services.today())
    db.session.commit()
    return page, status


@bp.route("/cases/<reference>/goals")
@login_required
def goals(reference: str):
    return _goals_page(work_case_for(reference), GoalForm())


def _goal_data(form: GoalForm) -> services.GoalData:
    return services.GoalData(text=form.text.data or "", target_date=form.target_date.data,
                             status=form.status.data or "")


@bp.route("/cases/<reference>/goals", methods=["POST"])
@login_required
def add_goal(reference: str):
    case = work_case_for(reference, edit=True)
    form = GoalForm()
    form.validate_on_submit()
    data = _goal_data(form)
    show_problems(form, services.problems_of(services.check_goal, data, None))
    if form_failed(form):
        return _goals_page(case, form, status=422)
    goal = services.add_goal(case, data, current_user)
    db.session.commit()
    flash(_("The goal has been added."), "success")
    return redirect(url_for("jobs.goals", reference=case.reference, _anchor=f"goal-{goal.id}"))


def _goal_for(case: Case, goal_id: int):
    return services.get_goal(case, goal_id) or abort(404)


@bp.route("/cases/<reference>/goals/<int:goal_id>", methods=["GET", "POST"])
@login_required
def edit_goal(reference: str, goal_id: int):
    case = work_case_for(reference, edit=True)
    goal = _goal_for(case, goal_id)
    form = GoalForm(data={"text": goal.text, "target_date": goal.target_date,
                          "status": goal.status.value,
                          "seen": fingerprint(goal, services.GOAL_FIELDS)})
    stale = False
    if request.method == "POST":
        form = GoalForm()
        form.validate_on_submit()
        data = _goal_data(form)
        show_problems(form, services.problems_of(services.check_goal, data, goal))
        if not form_failed(form):
            if saved_unless_stale(form, goal, services.GOAL_FIELDS, lambda seen:
                                  services.update_goal(case, goal, data, seen)):
                flash(_("The goal has been saved."), "success")
                return redirect(url_for("jobs.goals", reference=case.reference,
                                        _anchor=f"goal-{goal.id}"))
            stale = True
    else:
        record("view", goal, case=case, summary=goal.text[:200])
        db.session.commit()
    status = 409 if stale else 422 if form_failed(form) else 200
    return render_template("jobs/goal_form.html", case=case, goal=goal, form=form,
                           stale=stale), status


@bp.route("/cases/<reference>/goals/<int:goal_id>/delete", methods=["POST"])
@login_required
def remove_goal(reference: str, goal_id: int):
    case = work_case_for(reference, edit=True)
    services.remove_goal(case, _goal_for(case, goal_id))
    db.session.commit()
    flash(_("The goal has been removed, with its steps."), "success")
    return redirect(url_for("jobs.goals", reference=case.reference))


@bp.route("/cases/<reference>/goals/<int:goal_id>/steps", methods=["POST"])
@login_required
def add_step(reference: str, goal_id: int):
    case = work_case_for(reference, edit=True)
    goal = _goal_for(case, goal_id)
    form = StepForm(prefix=f"step-{goal.id}")
    form.validate_on_submit()
    data = services.StepData(text=form.text.data or "", target_date=form.target_date.data)
    show_problems(form, services.problems_of(services.check_step, data, None))
    if form_failed(form):
        return _goals_page(case, GoalForm(formdata=None), {goal.id: form}, status=422)
    services.add_step(case, goal, data)
    db.session.commit()
    flash(_("The step has been added."), "success")
    return redirect(url_for("jobs.goals", reference=case.reference, _anchor=f"goal-{goal.id}"))


def _step_for(case: Case, step_id: int):
    return services.get_step(case, step_id) or abort(404)


@bp.route("/cases/<reference>/steps/<int:step_id>/done", methods=["POST"])
@login_required
def step_done(reference: str, step_id: int):
    case = work_case_for(reference, edit=True)
    step = _step_for(case, step_id)
    form = DoneForm()
    if form.validate_on_submit():
        services.set_step_done(case, step, form.is_done)
        db.session.commit()
        flash(_("The step is done.") if step.done else _("The step is open again."), "success")
    return redirect(url_for("jobs.goals", reference=case.reference,
                            _anchor=f"goal-{step.goal_id}"))


@bp.route("/cases/<reference>/steps/<int:step_id>", methods=["GET", "POST"])
@login_required
def edit_step(reference: str, step_id: int):
    case = work_case_for(reference, edit=True)
    step = _step_for(case, step_id)
    form = StepForm(data={"text": step.text, "target_date": step.target_date,
                          "seen": fingerprint(step, services.STEP_FIELDS)})
    stale = False
    if request.method == "POST":
        form = StepForm()
        form.validate_on_submit()
        data = services.StepData(text=form.text.data or "", target_date=form.target_date.data)
        show_problems(form, services.problems_of(services.check_step, data, step))
        if not form_failed(form):
            if saved_unless_stale(form, step, services.STEP_FIELDS, lambda seen:
                                  services.update_step(case, step, data, seen)):
                flash(_("The step has been saved."), "success")
                return redirect(url_for("jobs.goals", reference=case.reference,
                                        _anchor=f"step-{step.id}"))
            stale = True
    status = 409 if stale else 422 if form_failed(form) else 200
    return render_template("jobs/step_form.html", case=case, step=step, form=form,
                           stale=stale), status


@bp.route("/cases/<reference>/goals/<int:goal_id>/move", methods=["POST"])
@login_required
def move_goal(reference: str, goal_id: int):
    case = work_case_for(reference, edit=True)
    goal = _goal_for(case, goal_id)
    services.move_goal(case, goal, request.form.get("direction", ""))
    db.session.commit()
    return redirect(url_for("jobs.goals", reference=case.reference, _anchor=f"goal-{goal.id}"))


@bp.route("/cases/<reference>/steps/<int:step_id>/move", methods=["POST"])
@login_required
def move_step(reference: str, step_id: int):
    case = work_case_for(reference, edit=True)
    step = _step_for(case, step_id)
    services.move_step(case, step, request.form.get("direction", ""))
    db.session.commit()
    return redirect(url_for("jobs.goals", reference=case.reference, _anchor=f"step-{step.id}"))


@bp.route("/cases/<reference>/steps/<int:step_id>/delete", methods=["POST"])
@login_required
def remove_step(reference: str, step_id: int):
    case = work_case_for(reference, edit=True)
    step = _step_for(case, step_id)
    goal_id = step.goal_id
    services.remove_step(case, step)
    db.session.commit()
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
    db.session.commit()
    return page


@bp.route("/cases/<reference>/progress.svg")
@login_required
def progress_svg(reference: str):
    case = work_case_for(reference)
    body = draw_progress(progress_months(case), case.client_name, doc=f"progress-{case.id}")
    record("view", case, case=case, summary=case.reference, details={"page": "progress.svg"})
    db.session.commit()
    return Response(body, mimetype="image/svg+xml")


from eigenkracht.jobs import caseload_views, contact_views  # noqa: E402,F401 (routes)
