"""The family page after the conference (issue 20): marking a routine's occurrence done,
sharing one's own number in the plan's contact list, reminders, and signing the plan.

Routes on the family blueprint (``public.bp``), guarded like the page itself: a working
link, its access code, the page's own CSRF token, one sending per one-time key. Rules live in
``plans.routines``, ``plans.contacts``, ``plans.signatures`` and ``family.reminders``.
"""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _

from eigenkracht.core.rules import refusals
from eigenkracht.core.submissions import claim_form, remember_form
from eigenkracht.extensions import csrf, limiter
from eigenkracht.family import services
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
from eigenkracht.plans.routines import mark_occurrence_done


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
