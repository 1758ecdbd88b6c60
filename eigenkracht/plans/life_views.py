"""Staff routes for the plan after the conference (issue 20): marking a routine's
occurrence done, and signing an accepted version on the tablet. Rules in
``plans/routines.py`` and ``plans/signatures.py``."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from eigenkracht.core.rules import RuleError, refusals, rule_message
from eigenkracht.core.submissions import claim_form, remember_form
from eigenkracht.plans import signatures
from eigenkracht.plans.blueprint import (
    action_for,
    bp,
    case_for,
    plan_for,
    plan_page_context,
    refused_page,
)
from eigenkracht.plans.contacts import plan_people, set_share_consent
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


@bp.route("/v<int:version>/contacts/<int:person_id>", methods=["POST"])
@login_required
def record_share(reference: str, version: int, person_id: int):
    """The coordinator records a person's consent to share their number in the plan (given
    at the conference, on the phone), or its withdrawal: with their own name and the time."""
    case = case_for(reference, edit=True)
    plan = plan_for(case, version)
    person = next((p for p in plan_people(plan) if p.id == person_id), None)
    if person is None:
        abort(404)
    form = FlaskForm()
    if form.validate_on_submit():
        wanted = request.form.get("share") == "1"
        set_share_consent(person, wanted, by=current_user.name)
        flash(_("Recorded: %(name)s shares their number in the plan.", name=person.name)
              if wanted else _("Recorded: %(name)s no longer shares their number in the plan.",
                               name=person.name), "success")
    return redirect(url_for(".show", reference=case.reference, version=plan.version,
                            _anchor="section-contacts"))


@bp.route("/v<int:version>/sign", methods=["GET", "POST"])
@login_required
def sign(reference: str, version: int):
    """Signing on the tablet: each participant present types their name and signs."""
    case = case_for(reference, edit=True)
    plan = plan_for(case, version)
    error, status = None, 200
    if request.method == "POST":
        form = FlaskForm()
        person = next((p for p in signatures.signers(plan)
                       if str(p.id) == request.form.get("person_id", "")), None)
        if not form.validate_on_submit():
            error, status = _("This page was open for a long time. Sign again."), 400
        else:
            with refusals() as outcome:
                if person is None:
                    raise RuleError("signer_unknown", "person_id")
                signatures.sign(plan, person, request.form.get("typed_name", ""),
                                via="tablet", user=current_user)
            if outcome.ok:
                flash(_("Thank you, %(name)s: signed.", name=person.name), "success")
                return redirect(url_for(".sign", reference=case.reference,
                                        version=plan.version))
            refused = refused_page(outcome) if outcome.locked or outcome.stale else None
            if refused is not None:
                return refused
            error, status = outcome.messages[0] if outcome.messages else rule_message(
                outcome.error), 422
    signed = {s.person_id: s for s in signatures.valid_signatures(plan)}
    return render_template("plans/sign.html", **plan_page_context(plan),
                           signers=signatures.signers(plan), signed=signed, error=error), status
