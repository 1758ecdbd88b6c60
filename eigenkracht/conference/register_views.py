"""The attendance register on the day: one tap per person, everyone at once, how each takes
part, and the referrer(s) of the case.

Every route works as a plain form (the answer is the day page again, at the person's line);
the register's script (``static/js/register.js``) sends the same forms in the background
with ``X-Requested-With: fetch`` and gets the register back to put in place, so the long
page neither reloads nor jumps.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import login_required

from eigenkracht.conference import day, labels
from eigenkracht.conference.blueprint import bp, case_for, conference_for
from eigenkracht.conference.day_views import BASE, day_url, register_context
from eigenkracht.conference.forms import AttendanceForm, EmptyForm, ParticipationForm
from eigenkracht.conference.invitation_views import invitation_for
from eigenkracht.conference.models import Conference, Participation
from eigenkracht.core.rules import refusals


def _in_background() -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _answer(conference: Conference, change: Callable[[], str], anchor: str):
    """Run ``change`` (which returns what to say); answer the register (in the background)
    or the day page at ``anchor`` with the message."""
    with refusals() as outcome:
        said = change()
    messages = [str(m) for m in outcome.messages] if not outcome.ok else []
    if _in_background():
        return render_template("conference/_register.html", **register_context(conference),
                               said=None if messages else said, refused=messages), \
            (200 if outcome.ok else 422)
    for message in messages:
        flash(message, "error")
    if outcome.ok:
        flash(said, "success")
    return redirect(day_url(conference, anchor))


def _checked(form) -> None:
    if not form.validate_on_submit():
        abort(400)


@bp.route(f"{BASE}/invitations/<int:invitation_id>/attendance", methods=["POST"])
@login_required
def attendance(reference: str, conference_id: int, invitation_id: int):
    case = case_for(reference, edit=True)
    conference = conference_for(case, conference_id)
    invitation = invitation_for(conference, invitation_id)
    form = AttendanceForm()
    _checked(form)

    def change() -> str:
        day.mark_attendance(conference, invitation, form.attendance.data)
        return _("%(name)s: %(status)s.", name=invitation.person.name,
                 status=labels.STATUS_LABELS[invitation.status])
    return _answer(conference, change, f"attendee-{invitation.id}")


@bp.route(f"{BASE}/register/everyone", methods=["POST"])
@login_required
def everyone_present(reference: str, conference_id: int):
    """"Everyone invited is here": one tap; the exceptions are marked absent after."""
    case = case_for(reference, edit=True)
    conference = conference_for(case, conference_id)
    _checked(EmptyForm())

    def change() -> str:
        count = day.mark_everyone_present(conference)
        return _("%(count)s marked present. Mark who is not there as absent.", count=count)
    return _answer(conference, change, "register")


@bp.route(f"{BASE}/invitations/<int:invitation_id>/participation", methods=["POST"])
@login_required
def participation(reference: str, conference_id: int, invitation_id: int):
    case = case_for(reference, edit=True)
    conference = conference_for(case, conference_id)
    invitation = invitation_for(conference, invitation_id)
    form = ParticipationForm()
    _checked(form)

    def change() -> str:
        day.set_participation(conference, invitation, form.participation.data)
        return _("%(name)s takes part: %(how)s.", name=invitation.person.name,
                 how=labels.PARTICIPATION_LABELS[invitation.participation])
    return _answer(conference, change, f"attendee-{invitation.id}")


def _referrer_or_404(conference: Conference, user_id: int):
    user = day.referrer_for(conference, user_id)
    if user is None:
        abort(404)
    return user


@bp.route(f"{BASE}/referrers/<int:user_id>/attendance", methods=["POST"])
@login_required
def referrer_attendance(reference: str, conference_id: int, user_id: int):
    case = case_for(reference, edit=True)
    conference = conference_for(case, conference_id)
    user = _referrer_or_404(conference, user_id)
    form = AttendanceForm()
    _checked(form)

    def change() -> str:
        day.mark_referrer(conference, user, form.attendance.data)
        status = day.ATTENDANCE[form.attendance.data]
        return _("%(name)s: %(status)s.", name=user.name, status=labels.STATUS_LABELS[status])
    return _answer(conference, change, f"referrer-{user.id}")


@bp.route(f"{BASE}/referrers/<int:user_id>/participation", methods=["POST"])
@login_required
def referrer_participation(reference: str, conference_id: int, user_id: int):
    case = case_for(reference, edit=True)
    conference = conference_for(case, conference_id)
    user = _referrer_or_404(conference, user_id)
    form = ParticipationForm()
    _checked(form)

    def change() -> str:
        day.set_referrer_participation(conference, user, form.participation.data)
        return _("%(name)s takes part: %(how)s.", name=user.name,
                 how=labels.PARTICIPATION_LABELS[Participation(form.participation.data)])
    return _answer(conference, change, f"referrer-{user.id}")
