"""The printable invitation letter, for people without e-mail.

A letter carries its own answer link, typed in by hand, so making one issues a fresh token
(the link of an earlier e-mail or letter for the same invitation stops working) and marks
``letter_printed_at``. ``render_letter`` gives a self-contained A4 document in the invitee's
language; the staff toolbar is passed in already rendered, and left out for a PDF.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from markupsafe import Markup

from eigenkracht.audit.services import record
from eigenkracht.cases.services import touch
from eigenkracht.conference import sending
from eigenkracht.conference.models import Invitation, InvitationStatus
from eigenkracht.core.clock import now


def has_live_link(invitation: Invitation) -> bool:
    """Whether an e-mail or letter with a working answer link is already out there."""
    return bool(invitation.token_hash and invitation.token_expires_at
                and invitation.token_expires_at > now())


def letter_problem(invitation: Invitation) -> str | None:
    """Why no letter can be made (``cancelled``, ``past``), or None."""
    problem = sending.sendable_problem(invitation)
    return problem if problem in ("cancelled", "past") else None


def prepare_letter(invitation: Invitation) -> str:
    """A fresh answer token for the letter; marks it printed and audits. Returns the token."""
    problem = letter_problem(invitation)
    if problem:
        raise sending.CannotSend(problem)
    token = sending.issue_token(invitation)
    invitation.letter_printed_at = now()
    if invitation.status == InvitationStatus.TO_INVITE:
        invitation.status = InvitationStatus.INVITED
    case = invitation.conference.case
    record("letter_printed", invitation, case=case, summary=invitation.person.name,
           details={"language": sending.invitation_language(invitation)})
    touch(case)
    return token


def render_letter(invitation: Invitation, token: str | None, *,
                  toolbar: Markup | None = None) -> str:
    """The letter as a standalone HTML document in the invitee's language (A4 print CSS).
    Without ``token``, for a cancelled meeting: the letter that says so (no answer link)."""
    language = sending.invitation_language(invitation)
    link = sending.answer_url(token) if token else ""
    with force_locale(language):
        facts = sending.invitation_facts(invitation, link=link)
        template = current_app.jinja_env.get_template("conference/letter.html")
        return template.render(facts=facts, toolbar=toolbar, today=now())
