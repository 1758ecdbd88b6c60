"""Plan pages: the plan of a case and its versions, the sections, presenting, new
versions, comparing and the follow-up view.

Thin routes: the case through ``get_case_or_404``, the version *of that case*, a service
does the work inside ``core.rules.refusals`` and the request kernel commits. A broken rule
shows the form again with a message per field (422, nothing of it saved); a version that
may not be changed gets a page that says why (409); a stale save keeps your input and shows
the other person's change (409).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eigenkracht.audit.services import record
from eigenkracht.conference.labels import KIND_LABELS
from eigenkracht.conference.models import ConferenceKind, Phase
from eigenkracht.conference.services import conferences_of, get_conference
from eigenkracht.core import clock
from eigenkracht.core.forms import choices, new_submission_key
from eigenkracht.core.rules import Locked, RuleError, refusals, rule_message
from eigenkracht.core.submissions import claim_form, remember_form
from eigenkracht.plans import followup, services, versions
from eigenkracht.plans.actions import GROUPINGS, group_actions
from eigenkracht.plans.blueprint import (
    bp,
    case_for,
    editable,
    locked_page,
    plan_for,
    plan_page_context,
    refused_page,
    status_for,
)
from eigenkracht.plans.decision import history as decision_history
from eigenkracht.plans.forms import (
    CompareForm,
    GroupForm,
    MoveForm,
    NewPlanForm,
    NewVersionForm,
    PresentForm,
    plan_form,
)
from eigenkracht.plans.models import PlanStatus
from eigenkracht.plans.sections import merge_stale_plan, monitor_choices, plan_data

# --- the plan of a case -------------------------------------------------------------------

@bp.route("", endpoint="current")
@login_required
def current(reference: str):
    """The latest version of the plan, or the page to start one."""
    case = case_for(reference)
    plan = services.latest_plan(case)
    if plan is not None:
        return redirect(url_for(".show", reference=case.reference, version=plan.version))
    return _no_plan_page(case, NewPlanForm(formdata=None), 200)


def _no_plan_page(case, form: NewPlanForm, status: int):
    meetings = [c for c in conferences_of(case) if c.phase != Phase.CANCELLED]
    form.conference_id.choices = meeting_choices(meetings, _("No conference in the app"))
    if form.conference_id.data is None and meetings and request.method == "GET":
        form.conference_id.data = meetings[0].id
    record("view", case, case=case, summary=case.reference, details={"page": "plan"})
    return render_template("plans/none.html", case=case, form=form, meetings=meetings,
                           editable=editable(case)), status


def meeting_choices(meetings, nothing: str):
    return choices([("", nothing), *(
        (c.id, _("%(kind)s on %(moment)s", kind=KIND_LABELS[c.kind],
                 moment=format_datetime(c.starts_at, "medium")))
        for c in meetings)])


@bp.route("", methods=["POST"], endpoint="create")
@login_required
def create(reference: str):
    case = case_for(reference, edit=True)
    form = NewPlanForm()
    if form.validate_on_submit():
        conference = None
        if form.conference_id.data is not None:
            conference = get_conference(case, form.conference_id.data)
        claim_form(form)
        with refusals(form) as outcome:
            if form.conference_id.data is not None and conference is None:
                raise RuleError("conference_unknown", "conference_id")
            plan = services.create_plan(case, current_user, conference)
        if outcome.error is not None and outcome.error.code == "plan_exists":
            flash(rule_message(outcome.error), "error")
            return redirect(url_for(".current", reference=case.reference))
        refused = refused_page(outcome)
        if refused is not None:
            return refused
        if outcome.ok:
            flash(_("The plan has been started. Fill in what the family decides, in their "
                    "words."), "success")
            target = url_for(".show", reference=case.reference, version=plan.version)
            remember_form(form, target)
            return redirect(target)
    return _no_plan_page(case, form, 422)


@bp.route("/v<int:version>")
@login_required
def show(reference: str, version: int):
    case = case_for(reference)
    plan = plan_for(case, version)
    group = request.args.get("group", "none")
    group = group if group in GROUPINGS else "none"
    all_versions = services.plans_of(case)
    context = plan_page_context(plan)
    record("view", plan, case=case, summary=f"v{plan.version}")
    page = render_template(
        "plans/show.html", **context, versions=all_versions,
        groups=group_actions(plan, group), group=group,
        group_form=GroupForm(formdata=None, group=group), move_form=MoveForm(),
        missing=services.missing_sections(plan)
        if plan.status in (*services.EDITABLE, PlanStatus.PRESENTED) else [],
        is_latest=plan.id == all_versions[-1].id,
        review=followup.planned_review(plan) if plan.status == PlanStatus.ACCEPTED else None,
        new_version_form=_new_version_form(plan) if plan.status == PlanStatus.ACCEPTED
        else None, today=clock.today(), history=decision_history(plan),
        submission_key=new_submission_key())
    return page


def _new_version_form(plan, formdata=None) -> NewVersionForm:
    form = NewVersionForm(formdata=formdata)
    used = {p.conference_id for p in services.plans_of(plan.case)}
    meetings = [c for c in conferences_of(plan.case)
                if c.kind == ConferenceKind.REVIEW and c.phase != Phase.CANCELLED
                and c.id not in used]
    form.conference_id.choices = meeting_choices(meetings, _("No review meeting in the app"))
    if formdata is None and meetings:
        form.conference_id.data = meetings[0].id
    form.meetings = meetings
    return form


# --- the sections -------------------------------------------------------------------------

@bp.route("/v<int:version>/edit", methods=["GET", "POST"])
@login_required
def edit(reference: str, version: int):
    case = case_for(reference, edit=True)
    plan = plan_for(case, version)
    locked = services.lock_reason(plan)
    if locked is not None:
        return locked_page(locked)
    form = plan_form(plan, monitor_choices(plan), obj=plan)
    if request.method == "GET":
        form.set_version(plan.row_version)
    report = None
    if form.validate_on_submit():
        with refusals(form) as outcome:
            services.update_plan(plan, plan_data(form, plan), form.expected_version)
        if outcome.locked is not None:
            return locked_page(outcome.locked)
        if outcome.stale is not None:
            form.form_errors.clear()  # the plan's own words below, not the general ones
            plan = plan_for(case, version)
            locked = services.lock_reason(plan)
            if locked is not None:
                return locked_page(locked)
            form, report = merge_stale_plan(plan, form)
            form.form_errors.append(_(
                "Someone else saved this plan while you were editing it. Your changes have "
                "not been saved yet: they are still in the form. Their changes are listed "
                "below; check them and save again."))
        if outcome.ok:
            flash(_("The plan has been saved."), "success")
            return redirect(url_for(".show", reference=case.reference, version=plan.version))
    status = 409 if report is not None else status_for(form)
    return render_template("plans/edit.html", **plan_page_context(plan), form=form,
                           report=report), status


@bp.route("/v<int:version>/bottom-lines", methods=["POST"])
@login_required
def refresh_bottom_lines(reference: str, version: int):
    case = case_for(reference, edit=True)
    plan = plan_for(case, version)
    with refusals() as outcome:
        changed = services.refresh_bottom_lines(plan)
    refused = refused_page(outcome)
    if refused is not None:
        return refused
    if outcome.ok and changed:
        flash(_("The bottom lines have been brought up to date with the case."), "success")
    return redirect(url_for(".show", reference=case.reference, version=plan.version,
                            _anchor="bottom-lines"))


# --- presenting ---------------------------------------------------------------------------

@bp.route("/v<int:version>/present", methods=["GET", "POST"])
@login_required
def present(reference: str, version: int):
    case = case_for(reference, edit=True)
    plan = plan_for(case, version)
    if plan.status not in services.EDITABLE:
        return locked_page(services.lock_reason(plan) or Locked(plan, "presented"))
    form = PresentForm()
    if request.method == "GET":
        form.set_version(plan.row_version)
    stale = False
    if form.validate_on_submit():
        with refusals(form) as outcome:
            services.present(plan, form.expected_version, bool(form.confirm.data))
        if outcome.locked is not None:
            return locked_page(outcome.locked)
        if outcome.stale is not None:
            stale = True
            form.form_errors.clear()  # the plan's own words below, not the general ones
            plan = plan_for(case, version)
            form.set_version(plan.row_version)
            form.form_errors.append(_("The plan was changed while you were looking at this "
                                      "page. Check the sections below and present it again."))
        if outcome.ok:
            flash(_("The plan has been presented. The referrer can now decide."), "success")
            return redirect(url_for(".show", reference=case.reference, version=plan.version))
    status = 409 if stale else status_for(form)
    return render_template("plans/present.html", **plan_page_context(plan), form=form,
                           missing=services.missing_sections(plan)), status


@bp.route("/v<int:version>/withdraw", methods=["POST"])
@login_required
def withdraw(reference: str, version: int):
    case = case_for(reference, edit=True)
    plan = plan_for(case, version)
    with refusals() as outcome:
        services.withdraw(plan)
    refused = refused_page(outcome)
    if refused is not None:
        return refused
    if outcome.error is not None:
        flash(rule_message(outcome.error), "error")
    elif outcome.ok:
        flash(_("The plan is a draft again: it can be changed and presented again."),
              "success")
    return redirect(url_for(".show", reference=case.reference, version=plan.version))


# --- versions -----------------------------------------------------------------------------

@bp.route("/v<int:version>/new-version", methods=["POST"])
@login_required
def new_version(reference: str, version: int):
    case = case_for(reference, edit=True)
    plan = plan_for(case, version)
    form = _new_version_form(plan, formdata=request.form)
    if form.validate_on_submit():
        conference = None
        if form.conference_id.data is not None:
            conference = get_conference(case, form.conference_id.data)
        claim_form(form)
        with refusals() as outcome:
            if form.conference_id.data is not None and conference is None:
                raise RuleError("conference_unknown")
            draft = versions.new_version(plan, current_user, conference)
        refused = refused_page(outcome)
        if refused is not None:
            return refused
        if outcome.error is not None:
            flash(rule_message(outcome.error), "error")
        elif outcome.ok:
            flash(_("Version %(version)s has been made from the accepted plan. Change it "
                    "with the family and present it again.", version=draft.version),
                  "success")
            target = url_for(".show", reference=case.reference, version=draft.version)
            remember_form(form, target)
            return redirect(target)
    return redirect(url_for(".show", reference=case.reference, version=plan.version))


@bp.route("/compare")
@login_required
def compare(reference: str):
    case = case_for(reference)
    all_versions = services.plans_of(case)
    form = CompareForm(request.args)
    form.a.choices = choices((p.version, _("version %(version)s", version=p.version))
                             for p in all_versions)
    form.b.choices = choices((p.version, _("version %(version)s", version=p.version))
                             for p in all_versions)
    if "a" not in request.args and len(all_versions) >= 2:
        form.a.data, form.b.data = all_versions[-2].version, all_versions[-1].version
    result, problem = None, None
    if form.a.data is not None and form.b.data is not None:
        older = services.get_plan(case, form.a.data) if form.a.data > 0 else None
        newer = services.get_plan(case, form.b.data) if form.b.data > 0 else None
        try:
            if older is None or newer is None:
                raise RuleError("version_unknown")
            result = versions.compare(older, newer)
        except RuleError as error:  # compare only reads: there is nothing to roll back
            problem = rule_message(error)
    elif request.args:
        problem = rule_message(RuleError("version_unknown"))
    record("view", case, case=case, summary=case.reference, details={"page": "plan_compare"})
    return render_template("plans/compare.html", case=case, versions=all_versions, form=form,
                           result=result, problem=problem), 422 if problem else 200


@bp.route("/follow-up")
@login_required
def follow_up(reference: str):
    case = case_for(reference)
    plan = services.current_plan(case)
    if plan is None:
        return redirect(url_for(".current", reference=case.reference))
    result = followup.follow_up_for_user(plan, current_user)
    return render_template("plans/follow_up.html", **plan_page_context(plan), result=result)

