"""Leads from the network and placements with their checks (issue 21): thin routes over
``leads`` and ``placements``.

``/cases/<ref>/leads`` lists the leads with the people who produced them and a form for a
new one; a lead moves through its stages by a small form per lead. ``/cases/<ref>/placements``
lists the placements with their checks at 1, 3, 6 and 12 months (each a follow-up) and a form
for a new one; a check is done with a day and an answer. A broken rule shows the page again
with a message at its field (422); a create form is claimed once.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eigenkracht.audit.services import record
from eigenkracht.cases.access import can_edit_case
from eigenkracht.cases.models import Case
from eigenkracht.core.clock import today
from eigenkracht.core.forms import choices
from eigenkracht.core.rules import refusals
from eigenkracht.core.submissions import claim_form, remember_form
from eigenkracht.jobs import leads as lead_rules
from eigenkracht.jobs import placements as placement_rules
from eigenkracht.jobs import services
from eigenkracht.jobs.blueprint import bp, form_failed, page_status, show_problems, work_case_for
from eigenkracht.jobs.labels import (
    CONTRACT_LABELS,
    FOLLOW_UP_KIND_LABELS,
    LEAD_KIND_LABELS,
    LEAD_STAGE_LABELS,
)
from eigenkracht.jobs.models import LeadStage
from eigenkracht.jobs.work_forms import (
    CheckDoneForm,
    LeadStageForm,
    NewLeadForm,
    NewPlacementForm,
)
from eigenkracht.network.services import load_map

LABELS = {"LEAD_KIND_LABELS": LEAD_KIND_LABELS, "LEAD_STAGE_LABELS": LEAD_STAGE_LABELS,
          "CONTRACT_LABELS": CONTRACT_LABELS, "FOLLOW_UP_KIND_LABELS": FOLLOW_UP_KIND_LABELS}


@bp.app_context_processor
def work_template_helpers():
    """For the network map of a jobseeker: who brought leads and hires."""
    return {"network_worth": lead_rules.people_worth}


# --- leads --------------------------------------------------------------------------------

def _lead_person_choices(case: Case, form: NewLeadForm) -> bool:
    others = load_map(case).others
    form.person_id.choices = choices(
        [("", _("Choose a person"))]
        + [(str(p.id), _("%(name)s (%(relation)s)", name=p.name, relation=p.relation)
            if p.relation else p.name) for p in others])
    return bool(others)


def _stage_form(lead) -> LeadStageForm:
    form = LeadStageForm(formdata=None, prefix=f"lead-{lead.id}", stage_on=today())
    form.stage.choices = choices((s.value, LEAD_STAGE_LABELS[s])
                                 for s in lead_rules.next_stages(lead))
    return form


def _leads_page(case: Case, form: NewLeadForm, status: int = 200, stage_forms=None):
    has_people = _lead_person_choices(case, form)
    leads = lead_rules.list_leads(case)
    forms = {lead.id: _stage_form(lead) for lead in leads if lead.is_open}
    forms.update(stage_forms or {})
    record("view", case, case=case, summary=case.reference, details={"page": "leads"})
    return render_template("jobs/leads.html", case=case, leads=leads, form=form,
                           stage_forms=forms, has_people=has_people,
                           worth=lead_rules.people_worth(case),
                           editable=can_edit_case(current_user, case), **LABELS), status


@bp.route("/cases/<reference>/leads")
@login_required
def leads(reference: str):
    return _leads_page(work_case_for(reference), NewLeadForm(formdata=None, noted_on=today()))


@bp.route("/cases/<reference>/leads", methods=["POST"])
@login_required
def add_lead(reference: str):
    case = work_case_for(reference, edit=True)
    form = NewLeadForm()
    _lead_person_choices(case, form)
    form.validate_on_submit()
    data = lead_rules.LeadData(person_id=form.person_id.data, kind=form.kind.data or "",
                               title=form.title.data or "", employer=form.employer.data or "",
                               note=form.note.data or "", noted_on=form.noted_on.data)
    if not form.noted_on.errors:
        show_problems(form, services.problems_of(lead_rules.check_lead, case, data))
    if form_failed(form):
        return _leads_page(case, form, 422)
    claim_form(form)
    with refusals(form) as outcome:
        lead = lead_rules.add_lead(case, data, current_user)
    if not outcome.ok:
        return _leads_page(case, form, page_status(form, outcome))
    target = url_for("jobs.leads", reference=case.reference, _anchor=f"lead-{lead.id}")
    remember_form(form, target)
    flash(_("The lead from %(name)s has been added.", name=lead.person_name), "success")
    return redirect(target)


def _lead_for(case: Case, lead_id: int):
    return lead_rules.get_lead(case, lead_id) or abort(404)


@bp.route("/cases/<reference>/leads/<int:lead_id>/stage", methods=["POST"])
@login_required
def move_lead(reference: str, lead_id: int):
    case = work_case_for(reference, edit=True)
    lead = _lead_for(case, lead_id)
    form = LeadStageForm(prefix=f"lead-{lead.id}")
    form.stage.choices = choices((s.value, LEAD_STAGE_LABELS[s])
                                 for s in lead_rules.next_stages(lead))
    form.validate_on_submit()
    if not form_failed(form):
        with refusals(form) as outcome:
            lead_rules.move_lead(case, lead, form.stage.data or "", form.stage_on.data)
        if outcome.ok:
            flash(_("The lead is now at: %(stage)s.", stage=LEAD_STAGE_LABELS[lead.stage]),
                  "success")
            return redirect(url_for("jobs.leads", reference=case.reference,
                                    _anchor=f"lead-{lead.id}"))
    return _leads_page(case, NewLeadForm(formdata=None, noted_on=today()), 422,
                       {lead.id: form})


@bp.route("/cases/<reference>/leads/<int:lead_id>/delete", methods=["POST"])
@login_required
def remove_lead(reference: str, lead_id: int):
    case = work_case_for(reference, edit=True)
    lead_rules.remove_lead(case, _lead_for(case, lead_id))
    flash(_("The lead has been removed."), "success")
    return redirect(url_for("jobs.leads", reference=case.reference))


# --- placements ---------------------------------------------------------------------------

def _lead_choices(case: Case, form: NewPlacementForm) -> None:
    form.lead_id.choices = choices(
        [("", _("None"))]
        + [(str(lead.id), f"{lead.title} ({lead.person_name})")
           for lead in lead_rules.list_leads(case) if lead.stage != LeadStage.CLOSED])


def _placements_page(case: Case, form: NewPlacementForm, status: int = 200,
                     check_forms=None):
    _lead_choices(case, form)
    placements = placement_rules.list_placements(case)
    forms = {check.id: CheckDoneForm(formdata=None, prefix=f"check-{check.id}",
                                     done_on=check.done_on or today(),
                                     held="" if check.held is None
                                     else ("yes" if check.held else "no"),
                                     note=check.note)
             for placement in placements for check in placement.checks}
    forms.update(check_forms or {})
    record("view", case, case=case, summary=case.reference, details={"page": "placements"})
    return render_template("jobs/placements.html", case=case, placements=placements,
                           form=form, check_forms=forms, today=today(),
                           editable=can_edit_case(current_user, case), **LABELS), status


@bp.route("/cases/<reference>/placements")
@login_required
def placements(reference: str):
    return _placements_page(work_case_for(reference), NewPlacementForm(formdata=None))


@bp.route("/cases/<reference>/placements", methods=["POST"])
@login_required
def add_placement(reference: str):
    case = work_case_for(reference, edit=True)
    form = NewPlacementForm()
    _lead_choices(case, form)
    form.validate_on_submit()
    data = placement_rules.PlacementData(
        employer=form.employer.data or "", started_on=form.started_on.data,
        hours_per_week=form.hours_per_week.data or "", contract=form.contract.data or "",
        job_title=form.job_title.data or "", note=form.note.data or "",
        lead_id=form.lead_id.data or None)
    problems = services.problems_of(placement_rules.check_placement, case, data)
    if form.started_on.errors:  # could not be read: its own message stays
        problems = [p for p in problems if p[0] != "started_on"]
    show_problems(form, problems)
    if form_failed(form):
        return _placements_page(case, form, 422)
    claim_form(form)
    with refusals(form) as outcome:
        placement = placement_rules.add_placement(case, data, current_user)
    if not outcome.ok:
        return _placements_page(case, form, page_status(form, outcome))
    target = url_for("jobs.placements", reference=case.reference,
                     _anchor=f"placement-{placement.id}")
    remember_form(form, target)
    flash(_("The placement at %(employer)s has been recorded, with its checks at 1, 3, 6 "
            "and 12 months.", employer=placement.employer), "success")
    return redirect(target)


@bp.route("/cases/<reference>/placements/<int:placement_id>/delete", methods=["POST"])
@login_required
def remove_placement(reference: str, placement_id: int):
    case = work_case_for(reference, edit=True)
    placement = placement_rules.get_placement(case, placement_id) or abort(404)
    placement_rules.remove_placement(case, placement)
    flash(_("The placement and its checks have been removed."), "success")
    return redirect(url_for("jobs.placements", reference=case.reference))


def _check_for(case: Case, check_id: int):
    return placement_rules.get_check(case, check_id) or abort(404)


@bp.route("/cases/<reference>/placement-checks/<int:check_id>", methods=["POST"])
@login_required
def check_done(reference: str, check_id: int):
    """A placement check done on a day, with the answer "still in this job"."""
    case = work_case_for(reference, edit=True)
    check = _check_for(case, check_id)
    form = CheckDoneForm(prefix=f"check-{check.id}")
    form.validate_on_submit()
    if not form_failed(form):
        with refusals(form) as outcome:
            placement_rules.set_check_done(case, check, form.done_on.data,
                                           form.held.data or "", form.note.data or "")
        if outcome.ok:
            flash(_("The check at %(months)s months is done.", months=check.months),
                  "success")
            return redirect(url_for("jobs.placements", reference=case.reference,
                                    _anchor=f"check-{check.id}"))
    return _placements_page(case, NewPlacementForm(formdata=None), 422, {check.id: form})


@bp.route("/cases/<reference>/placement-checks/<int:check_id>/reopen", methods=["POST"])
@login_required
def reopen_check(reference: str, check_id: int):
    case = work_case_for(reference, edit=True)
    check = _check_for(case, check_id)
    if placement_rules.reopen_check(case, check):
        flash(_("The check at %(months)s months is open again.", months=check.months),
              "success")
    return redirect(url_for("jobs.placements", reference=case.reference,
                            _anchor=f"check-{check.id}"))
