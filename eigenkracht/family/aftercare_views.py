"""The family's routes after the conference: "this is not working" and the questionnaire,
on the family blueprint (``/p/<token>/…``), behind the same link checks as the page.

Both are create forms (``core.forms.OnceForm``): sent twice, they alert once and answer
once. A refused sending shows the form again, in the family's words, with what was chosen
and written still in it; nothing of it is saved.
"""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from sqlalchemy import select

from eigenkracht.core.rules import refusals
from eigenkracht.core.submissions import claim_form, remember_form
from eigenkracht.evaluation import services as evaluation
from eigenkracht.extensions import csrf, db, limiter
from eigenkracht.family import aftercare, services
from eigenkracht.family.forms import NotWorkingForm, QuestionnaireForm
from eigenkracht.family.public import (
    EXPIRED_PAGE,
    _asked_language,
    _code_ok,
    _open_link,
    _public,
    _sent_from_this_page,
    _token_key,
    bp,
    guessing,
)
from eigenkracht.plans import alerts
from eigenkracht.plans.alert_models import PlanAlert

ALERT_LIMIT = "5 per hour"  # "this is not working" per link
ANSWER_LIMIT = "20 per hour"  # questionnaire sendings per link


def _opened(token: str):
    """(link, None) for a working link whose code (if any) was given, else (None, answer)."""
    link, closed = _open_link(token)
    if closed:
        return None, closed
    if not _code_ok(link):
        return None, redirect(url_for("family.page", token=token, lang=_asked_language()))
    return link, None


# --- "this is not working" ------------------------------------------------------------------

def _render_alert_form(link, token, plan, form, error: str = "", status: int = 200):
    return _public(render_template(
        "family/not_working.html", link=link, token=token, plan=plan, form=form, error=error,
        contact=services.contact(link.case), note_max=alerts.NOTE_MAX,
        asked=_asked_language()), status)


@bp.route("/<token>/not-working", methods=["GET", "POST"])
@csrf.exempt  # checked by _sent_from_this_page
@guessing
@limiter.limit(ALERT_LIMIT, key_func=_token_key, methods=["POST"])
def not_working(token: str):
    link, answer = _opened(token)
    if answer:
        return answer
    plan = services.accepted_plan(link.case, with_actions=True)
    if plan is None:  # no accepted plan (any more): the page says so
        return redirect(url_for("family.page", token=token, lang=_asked_language()))
    if alerts.reporter_role(plan, link.person) is None:
        abort(404)  # only the monitor and the people with a task may say it
    form = NotWorkingForm(formdata=request.form if request.method == "POST" else None)
    if request.method == "GET":
        return _render_alert_form(link, token, plan, form)
    if not _sent_from_this_page():
        return _render_alert_form(link, token, plan, form, str(EXPIRED_PAGE), 422)
    claim_form(form)  # sent before: the kernel shows where the first sending led
    with refusals(form) as outcome:
        alert = alerts.raise_alert(plan, link.person, form.note.data or "")
    if not outcome.ok:
        return _render_alert_form(link, token, plan, form, outcome.messages[0],
                                  outcome.status)
    alerts.send_after_commit(alert)  # the e-mails leave once the request has committed
    target = url_for("family.not_working_sent", token=token, lang=_asked_language())
    remember_form(form, target)
    return redirect(target)


@bp.route("/<token>/not-working/sent")
@guessing
def not_working_sent(token: str):
    """What now applies: the agreement the alert named, and who was told."""
    link, answer = _opened(token)
    if answer:
        return answer
    alert = db.session.scalar(
        select(PlanAlert).where(PlanAlert.case_id == link.case_id,
                                PlanAlert.person_id == link.person_id)
        .order_by(PlanAlert.created_at.desc(), PlanAlert.id.desc()).limit(1))
    if alert is None:
        return redirect(url_for("family.page", token=token, lang=_asked_language()))
    return _public(render_template(
        "family/not_working_sent.html", link=link, token=token, alert=alert,
        contact=services.contact(link.case), asked=_asked_language()))


# --- the questionnaire ----------------------------------------------------------------------

def _render_questionnaire(link, token, round_, form, error: str = "", status: int = 200):
    return _public(render_template(
        "family/questionnaire.html", link=link, token=token, round=round_, form=form,
        kind=round_.form.value, review=round_.review,
        error=error, client=link.case.client_first_name,
        comment_max=evaluation.COMMENT_MAX, asked=_asked_language()), status)


@bp.route("/<token>/questionnaire", methods=["GET", "POST"])
@csrf.exempt  # checked by _sent_from_this_page
@guessing
@limiter.limit(ANSWER_LIMIT, key_func=_token_key, methods=["POST"])
def questionnaire(token: str):
    link, answer = _opened(token)
    if answer:
        return answer
    round_ = aftercare.questionnaire_round(link)
    if round_ is None:
        return _public(render_template("family/questionnaire_closed.html", link=link,
                                       token=token, asked=_asked_language()))
    form = QuestionnaireForm(formdata=request.form if request.method == "POST" else None)
    if round_.answered:
        return _public(render_template("family/questionnaire_thanks.html", link=link,
                                       token=token, asked=_asked_language()))
    if request.method == "GET":
        return _render_questionnaire(link, token, round_, form)
    if not _sent_from_this_page():
        return _render_questionnaire(link, token, round_, form, str(EXPIRED_PAGE), 422)
    claim_form(form)
    values = {name: getattr(form, name).data for name in
              (*evaluation.SCORES, evaluation.SCALE, "comment")}
    language = _asked_language() or services.person_language(link.person)
    with refusals(form) as outcome:
        evaluation.submit(round_, link.person, values, language)
    if not outcome.ok:  # the messages are on the form's fields (or above them)
        return _render_questionnaire(link, token, round_, form, status=outcome.status)
    target = url_for("family.questionnaire", token=token, lang=_asked_language())
    remember_form(form, target)
    return redirect(target)
