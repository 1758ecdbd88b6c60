"""The family page after the conference (issue 20): marking a routine's occurrence done,
sharing one's own number in the plan's contact list, reminders, and signing the plan.

Routes on the family blueprint (``public.bp``), guarded like the page itself: a working
link, its access code, the page's own CSRF token, one sending per one-time key. Rules live in
``plans.routines``, ``plans.contacts``, ``plans.signatures`` and ``family.reminders``.
"""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from eigenkracht.core.rules import refusals
from eigenkracht.core.submissions import claim_form, remember_form
from eigenkracht.extensions import csrf, limiter
from eigenkracht.family import reminders, services
from eigenkracht.family.forms import UpdateForm
from eigenkracht.family.public import (
    EXPIRED_PAGE,
    UPDATES_LIMIT,
    _asked_language,
    _code_ok,
    _in_family_words,
    _open_link,
    _render_page,
    _sent_from_this_page,
    _token_key,
    bp,
    guessing,
)
from eigenkracht.plans import signatures
from eigenkracht.plans.contacts import contact_list, set_share_consent
from eigenkracht.plans.routines import mark_occurrence_done


@bp.context_processor
def _plan_life_helpers() -> dict:
    """What ``family/_plan_life.html`` reads of the plan: contacts and signatures."""
    return {"plan_contacts": contact_list, "plan_signatures": signatures.valid_signatures,
            "plan_can_sign": signatures.can_sign}


def _page(token: str, anchor: str) -> str:
    return url_for("family.page", token=token, lang=_asked_language()) + f"#{anchor}"


@bp.route("/<token>/actions/<int:action_id>/done-this-time", methods=["POST"])
@csrf.exempt  # checked by _sent_from_this_page
@guessing
@limiter.limit(UPDATES_LIMIT, key_func=_token_key)
def routine_done(token: str, action_id: int):
    """ "Done this week": the current occurrence of one of my routines; the task stays open."""
    link, closed = _open_link(token)
    if closed:
        return closed
    if not _code_ok(link):
        return redirect(url_for("family.page", token=token))
    plan = services.accepted_plan(link.case)
    if plan is None:
        return redirect(url_for("family.page", token=token, lang=_asked_language()))
    action = services.own_action(plan, link.person, action_id)
    if action is None:
        abort(404)
    form = UpdateForm()
    if not _sent_from_this_page():
        return _render_page(link, token, errors={action_id: str(EXPIRED_PAGE)}, status=422)
    claim_form(form)
    with refusals(form) as outcome:
        mark_occurrence_done(action, note=form.note.data or "", person=link.person)
    if not outcome.ok:
        return _render_page(link, token, errors={action_id: _in_family_words(outcome)},
                            status=outcome.status)
    target = _page(token, f"action-{action_id}")
    remember_form(form, target)
    flash(_("Thank you. This time is marked done; the task stays on your list for the next "
            "time."), f"success at:action-{action_id}")
    return redirect(target)


def _section_error(link, token: str, key: str, outcome):
    return _render_page(link, token, errors={key: _in_family_words(outcome)},
                        status=outcome.status)


def _guarded(token: str):
    """(link, None) for a working, unlocked link whose form came from its page; else
    (None, the answer)."""
    link, closed = _open_link(token)
    if closed:
        return None, closed
    if not _code_ok(link):
        return None, redirect(url_for("family.page", token=token))
    if not _sent_from_this_page():
        return None, _render_page(link, token, errors={"page": str(EXPIRED_PAGE)},
                                  status=422)
    return link, None


@bp.route("/<token>/share", methods=["POST"])
@csrf.exempt  # checked by _sent_from_this_page
@guessing
@limiter.limit(UPDATES_LIMIT, key_func=_token_key)
def share(token: str):
    """ "Share my number in the plan" (or stop sharing): the person's own consent."""
    link, answer = _guarded(token)
    if answer is not None:
        return answer
    wanted = request.form.get("share") == "1"
    set_share_consent(link.person, wanted,
                      by=f"personal link: {services.first_name(link.person)}")
    flash(_("Thank you. The others in the plan can now see your number and e-mail address.")
          if wanted else _("Your number and e-mail address are no longer shown in the plan."),
          "success at:contacts")
    return redirect(_page(token, "contacts"))


@bp.route("/<token>/reminders", methods=["POST"])
@csrf.exempt  # checked by _sent_from_this_page
@guessing
@limiter.limit(UPDATES_LIMIT, key_func=_token_key)
def set_reminders(token: str):
    """Reminders by e-mail or text message, at a time, the day before or that morning."""
    link, answer = _guarded(token)
    if answer is not None:
        return answer
    with refusals() as outcome:
        reminders.set_reminders(link, token, request.form.get("reminder_channel", ""),
                                request.form.get("reminder_moment", ""),
                                request.form.get("reminder_time", ""))
    if not outcome.ok:
        return _section_error(link, token, "reminders", outcome)
    flash(_("Saved. You will get your reminders as you chose.") if link.reminder_channel
          else _("Reminders are off."), "success at:reminders")
    return redirect(_page(token, "reminders"))


@bp.route("/<token>/reminders/stop", methods=["POST"])
@csrf.exempt  # checked by _sent_from_this_page
@guessing
@limiter.limit(UPDATES_LIMIT, key_func=_token_key)
def stop_reminders(token: str):
    """One tap: no more reminders, from now on."""
    link, answer = _guarded(token)
    if answer is not None:
        return answer
    reminders.stop_reminders(link)
    flash(_("Reminders are off."), "success at:reminders")
    return redirect(_page(token, "reminders"))


@bp.route("/<token>/sign", methods=["POST"])
@csrf.exempt  # checked by _sent_from_this_page
@guessing
@limiter.limit(UPDATES_LIMIT, key_func=_token_key)
def sign(token: str):
    """The person signs the accepted plan with their typed name."""
    link, answer = _guarded(token)
    if answer is not None:
        return answer
    plan = services.accepted_plan(link.case)
    if plan is None:
        return redirect(url_for("family.page", token=token, lang=_asked_language()))
    with refusals() as outcome:
        signatures.sign(plan, link.person, request.form.get("typed_name", ""), via="link")
    if not outcome.ok:
        return _section_error(link, token, "sign", outcome)
    flash(_("Thank you for signing the plan."), "success at:sign")
    return redirect(_page(token, "sign"))
