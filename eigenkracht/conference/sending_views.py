"""Staff buttons for invitations: send (or retry) one, send all, print a letter.

The conference pages link here and include ``conference/_invitation_sending.html``, which
shows the state of the e-mail, the answer and these buttons. An e-mail is handed to the task
queue only after the request has committed its outbox copy and new link
(``sending.send_after_commit``); the page says it waits, the invitation shows how it went.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select

from eigenkracht.audit.services import record
from eigenkracht.cases.access import get_case_or_404
from eigenkracht.cases.models import Case
from eigenkracht.conference import changes, sending
from eigenkracht.conference import letter as letters
from eigenkracht.conference.models import Conference, Invitation
from eigenkracht.core.i18n import FAMILY_LANGUAGE_NAMES
from eigenkracht.core.redirects import safe_next
from eigenkracht.core.rules import refusals
from eigenkracht.extensions import db

bp = Blueprint("sending", __name__,
               url_prefix="/cases/<reference>/conferences/<int:conference_id>")


@bp.app_context_processor
def sending_labels():
    from eigenkracht.conference.answer import ANSWER_CHOICES
    from eigenkracht.conference.labels import ANSWER_LABELS, PARTICIPATION_LABELS

    return {"INVITATION_ANSWER_LABELS": ANSWER_LABELS,
            "INVITATION_PARTICIPATION_LABELS": PARTICIPATION_LABELS,
            "ANSWER_PAGE_LABELS": dict(ANSWER_CHOICES)}


@bp.route("/invitations/<int:invitation_id>/send", methods=["POST"])
@login_required
def send(reference: str, conference_id: int, invitation_id: int):
    """Send the invitation by e-mail, or again (a retry): always with a new answer link."""
    case, conference, invitation = _load(reference, conference_id, invitation_id)
    back = _back(case, conference)
    try:
        with refusals() as outcome:
            item = sending.prepare(invitation)
    except sending.CannotSend as error:
        flash(sending.cannot_send_message(error.code, invitation), "error")
        return redirect(back)
    if outcome.stale is not None:
        return _changed_meanwhile(back)

    sending.send_after_commit([item])
    flash(_("The invitation to %(name)s is waiting to be sent. Its state shows at the "
            "invitation.", name=invitation.person.name), "success")
    return redirect(back)


@bp.route("/send-all", methods=["POST"])
@login_required
def send_all(reference: str, conference_id: int):
    """Send every invitation not yet sent that has an e-mail address, over one connection."""
    case, conference, _none = _load(reference, conference_id)
    back = _back(case, conference)
    try:
        with refusals() as outcome:
            prepared, without_address = sending.prepare_all(conference)
    except sending.CannotSend as error:
        flash(sending.cannot_send_message(error.code, None), "error")
        return redirect(back)
    if outcome.stale is not None:
        return _changed_meanwhile(back)

    sending.send_after_commit(prepared)
    if not prepared and not without_address:
        flash(_("Every invitation has been sent or is waiting to be sent."), "info")
    if prepared:
        flash(ngettext("%(num)s invitation is waiting to be sent. Its state shows at the "
                       "invitation.",
                       "%(num)s invitations are waiting to be sent. Their state shows at "
                       "each invitation.", len(prepared)), "success")
    if without_address:
        flash(_("No e-mail address for: %(names)s. Print a letter for them.",
                names=", ".join(i.person.name for i in without_address)), "info")
    return redirect(back)


@bp.route("/invitations/<int:invitation_id>/letter", methods=["GET", "POST"])
@login_required
def letter(reference: str, conference_id: int, invitation_id: int):
    """The printable letter. Making one gives a new answer link, so when a working link is
    already out there, a GET first asks (and a POST confirms)."""
    case, conference, invitation = _load(reference, conference_id, invitation_id)
    back = _back(case, conference)
    problem = letters.letter_problem(invitation)
    if problem == "cancelled" and invitation in changes.people_to_tell(conference):
        # a cancelled meeting: the letter that says so, for whoever was invited (issue 20)
        record("letter_printed", invitation, case=case, summary=invitation.person.name,
               details={"cancelled": True})
        return letters.render_letter(invitation, None, toolbar=_toolbar(invitation, back))
    if problem:
        flash(sending.cannot_send_message(problem, invitation), "error")
        return redirect(back)
    if request.method == "GET" and letters.has_live_link(invitation):
        return render_template("conference/letter_renew.html", case=case,
                               conference=conference, invitation=invitation, back=back)
    with refusals() as outcome:
        token = letters.prepare_letter(invitation)
    if outcome.stale is not None:
        return _changed_meanwhile(back)
    return letters.render_letter(invitation, token, toolbar=_toolbar(invitation, back))


def _toolbar(invitation: Invitation, back: str) -> Markup:
    language = sending.invitation_language(invitation)
    return Markup(render_template(  # noqa: S704 - an autoescaped template's output
        "conference/letter_toolbar.html", invitation=invitation, back=back,
        language_name=FAMILY_LANGUAGE_NAMES.get(language, language)))


# --- helpers ---------------------------------------------------------------------------------

def _load(reference: str, conference_id: int, invitation_id: int | None = None
          ) -> tuple[Case, Conference, Invitation | None]:
    """The case (editable by the user), its conference and the conference's invitation."""
    case = get_case_or_404(reference, current_user, for_edit=True)
    conference = db.session.scalar(select(Conference).where(
        Conference.id == conference_id, Conference.case_id == case.id))
    if conference is None:
        abort(404)
    if invitation_id is None:
        return case, conference, None
    invitation = db.session.scalar(select(Invitation).where(
        Invitation.id == invitation_id, Invitation.conference_id == conference.id))
    if invitation is None:
        abort(404)
    return case, conference, invitation


def _back(case: Case, conference: Conference) -> str:
    """Where the button was (a path on this site in ``next``), else the conference page."""
    fallback = url_for("conference.show", reference=case.reference,
                       conference_id=conference.id)
    return safe_next(request.values.get("next"), fallback)


def _changed_meanwhile(back: str):
    """Someone saved the invitation at the same moment: nothing was sent, try again."""
    flash(_("Someone else changed this invitation at the same moment. Nothing has been sent; "
            "check it and try again."), "error")
    return redirect(back)
