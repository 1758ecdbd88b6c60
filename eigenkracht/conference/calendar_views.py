"""The coordinator's own pages: the to-do list, the calendar, and the personal ``.ics``
feed at a secret address (the only route that works without logging in)."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eigenkracht.audit.services import Actor, record
from eigenkracht.auth.services import credential_outdated
from eigenkracht.cases.access import can_edit_case
from eigenkracht.conference import calendar, checklist, follow_up, services, todo
from eigenkracht.conference.blueprint import (
    FORM_FIELDS,
    bp,
    case_for,
    conference_for,
    flashed_refusal,
    local_moment,
    show_url,
)
from eigenkracht.conference.forms import EmptyForm, FollowUpCallForm, ReviewForm
from eigenkracht.conference.models import CallOutcome
from eigenkracht.core.clock import now, today
from eigenkracht.core.forms import new_submission_key
from eigenkracht.core.links import public_url
from eigenkracht.core.rules import refusals
from eigenkracht.core.submissions import claim_form, remember_form

# --- to do --------------------------------------------------------------------------------


@bp.route("/todo")
@login_required
def todo_list():
    return _todo_page(ReviewForm(formdata=None), None, 200)


def _todo_page(review_form: ReviewForm, review_case: str | None, status: int):
    items = todo.todo_for(current_user)
    page = render_template("conference/todo.html", items=items, form=EmptyForm(),
                           review_form=review_form, review_case=review_case,
                           progress=checklist.progress, today=today(),
                           new_submission_key=new_submission_key)
    return page, status


@bp.route("/cases/<reference>/conferences/review", methods=["POST"])
@login_required
def create_review(reference: str):
    """The "create review meeting" action: a review meeting on the date entered."""
    case = case_for(reference, edit=True)
    form = ReviewForm()
    if form.validate_on_submit() and (starts_at := local_moment(form)) is not None:
        with refusals(form, fields=FORM_FIELDS) as outcome:
            claim_form(form)  # the same form sent again plans one review meeting
            conference = services.create_review(case, starts_at, current_user)
        if outcome.ok:
            remember_form(form, show_url(conference))
            flash(_("The review meeting has been planned. Check the venue and the "
                    "invitations."), "success")
            return redirect(show_url(conference))
    return _todo_page(form, case.reference, 422)


FOLLOW_UP = "/cases/<reference>/conferences/<int:conference_id>/follow-up"


@bp.route(FOLLOW_UP, endpoint="follow_up")
@login_required
def follow_up_page(reference: str, conference_id: int):
    """The follow-up call: the form, and the calls made so far."""
    case = case_for(reference)
    conference = conference_for(case, conference_id)
    form = FollowUpCallForm(formdata=None)
    form.called_on.data = today()
    return _follow_up(conference, form, 200)


def _follow_up(conference, form: FollowUpCallForm, status: int):
    case = conference.case
    record("view", conference, case=case, summary=case.reference,
           details={"page": "follow_up"})
    calls = follow_up.calls_of(conference)
    return render_template("conference/follow_up.html", case=case, conference=conference,
                           form=form, calls=calls, last=follow_up.last_call(conference),
                           editable=can_edit_case(current_user, case),
                           undo_form=EmptyForm()), status


@bp.route(FOLLOW_UP, methods=["POST"])
@login_required
def follow_up_done(reference: str, conference_id: int):
    """Keep the follow-up call as it went."""
    case = case_for(reference, edit=True)
    conference = conference_for(case, conference_id)
    form = FollowUpCallForm()
    if form.validate_on_submit():
        data = follow_up.CallData(
            called_on=form.called_on.data, reached=form.reached.data or "",
            outcome=form.outcome.data, notes=form.notes.data or "",
            next_step=form.next_step.data or "", next_call_on=form.next_call_on.data)
        with refusals(form) as outcome:
            claim_form(form)  # the same call sent twice is kept once
            call = follow_up.record_call(conference, data, current_user)
        if outcome.ok:
            target = url_for("conference.follow_up", reference=case.reference,
                             conference_id=conference.id)
            remember_form(form, target)
            if call.outcome == CallOutcome.REACHED:
                flash(_("The follow-up call of %(reference)s is done.",
                        reference=case.reference), "success")
            else:
                flash(_("The call is kept. It stays on your list for %(date)s.",
                        date=format_date(conference.follow_up_call_on)), "success")
            return redirect(target)
        if outcome.error is not None and outcome.error.code == "follow_up_not_due":
            flashed_refusal(outcome)
            return redirect(url_for("conference.todo_list"))
    return _follow_up(conference, form, 422)


@bp.route(FOLLOW_UP + "/<int:call_id>/undo", methods=["POST"])
@login_required
def undo_follow_up(reference: str, conference_id: int, call_id: int):
    case = case_for(reference, edit=True)
    conference = conference_for(case, conference_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    with refusals() as outcome:
        follow_up.undo_call(conference, call_id, current_user)
    target = url_for("conference.follow_up", reference=case.reference,
                     conference_id=conference.id)
    if flashed_refusal(outcome):
        return redirect(target)
    flash(_("The call has been undone: the follow-up call is on the to-do list again."),
          "success")
    return redirect(target)


# --- calendar -----------------------------------------------------------------------------

@bp.route("/calendar")
@login_required
def calendar_page():
    return _calendar(None)


def _calendar(new_token: str | None):
    feed_url = public_url("conference.feed", token=new_token) if new_token else None
    return render_template("conference/calendar.html",
                           conferences=todo.upcoming_for(current_user),
                           progress=checklist.progress, feed=calendar.feed_of(current_user),
                           feed_url=feed_url, form=EmptyForm())


@bp.route("/calendar/feed", methods=["POST"])
@login_required
def create_feed():
    """A new secret address (the old one stops working), shown once on this page."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    token = calendar.create_feed(current_user)
    response = Response(_calendar(token))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/calendar/feed/delete", methods=["POST"])
@login_required
def revoke_feed():
    if not EmptyForm().validate_on_submit():
        abort(400)
    if calendar.revoke_feed(current_user):
        flash(_("The calendar address has been switched off. Calendars that used it no "
                "longer receive your conferences."), "success")
    return redirect(url_for("conference.calendar_page"))


@bp.route("/calendar/<token>.ics")
def feed(token: str):
    """The personal feed: no login, the secret token is the key."""
    found = calendar.feed_for_token(token)
    if found is None or credential_outdated(found.user, found.created_at):
        abort(404)  # unknown, or its user is inactive or changed their password since
    user = found.user
    found.last_used_at = now()
    body = calendar.feed_calendar(user, page_url=lambda c: public_url(
        "conference.show", reference=c.case.reference, conference_id=c.id))
    record("view", found, object_type="calendar_feed", summary=user.email,
           actor=Actor(label="calendar feed", ip_address=request.remote_addr,
                       organisation_id=user.organisation_id),
           organisation_id=user.organisation_id)
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = 'inline; filename="eigenkracht.ics"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
