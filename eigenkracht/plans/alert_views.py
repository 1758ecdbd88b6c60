"""Staff pages of "this is not working" (issue 20): the alerts of a case, and from one of
them a review meeting planned in one step, or the alert marked handled.

Everyone who may see the case reads the alerts (the referrer too); only who may edit the
case acts on them. Every lookup goes case → alert *of that case*, 404 otherwise.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eigenkracht.audit.services import record
from eigenkracht.conference.blueprint import FORM_FIELDS, local_moment
from eigenkracht.conference.forms import EmptyForm, ReviewForm
from eigenkracht.core.clock import today
from eigenkracht.core.rules import refusals
from eigenkracht.core.submissions import claim_form, remember_form
from eigenkracht.plans import alerts
from eigenkracht.plans.blueprint import bp, case_for, editable


def _alert_for(case, alert_id: int):
    alert = alerts.alert_of_case(case, alert_id)
    if alert is None:
        abort(404)
    return alert


def _page(case, review_forms: dict | None = None, status: int = 200):
    found = alerts.alerts_of(case)
    forms = review_forms or {}
    for alert in found:
        if alert.open and alert.id not in forms:
            form = ReviewForm(formdata=None)
            form.day.data = today()
            forms[alert.id] = form
    record("view", case, case=case, summary=case.reference, details={"page": "plan_alerts"})
    return render_template("plans/alerts.html", case=case, alerts=found, review_forms=forms,
                           form=EmptyForm(), editable=editable(case)), status


@bp.route("/alerts")
@login_required
def alerts_page(reference: str):
    return _page(case_for(reference))


@bp.route("/alerts/<int:alert_id>/review", methods=["POST"])
@login_required
def alert_review(reference: str, alert_id: int):
    """One step: a review meeting on the date entered, and the alert handled by it."""
    case = case_for(reference, edit=True)
    alert = _alert_for(case, alert_id)
    form = ReviewForm()
    if form.validate_on_submit() and (starts_at := local_moment(form)) is not None:
        with refusals(form, fields=FORM_FIELDS) as outcome:
            claim_form(form)  # sent twice: one review meeting
            review = alerts.plan_review(alert, starts_at, current_user)
        if outcome.ok:
            target = url_for("conference.show", reference=case.reference,
                             conference_id=review.id)
            remember_form(form, target)
            flash(_("The review meeting has been planned. Check the venue and the "
                    "invitations."), "success")
            return redirect(target)
    return _page(case, {alert.id: form}, 422)


@bp.route("/alerts/<int:alert_id>/handled", methods=["POST"])
@login_required
def alert_handled(reference: str, alert_id: int):
    case = case_for(reference, edit=True)
    alert = _alert_for(case, alert_id)
    if EmptyForm().validate_on_submit() and alerts.mark_handled(alert, current_user):
        flash(_("Marked as handled."), "success")
    return redirect(url_for("plans.alerts_page", reference=case.reference))
