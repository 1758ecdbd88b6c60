"""Sending invitations by e-mail, and the personal answer link they carry.

Sending happens in two steps around a commit, so that an e-mail never leaves before what it
describes is saved and nothing is lost when the mail server fails:

1. ``prepare`` makes a fresh answer token (only its SHA-256 is kept; the link of an earlier
   e-mail or letter stops working), renders the e-mail in the invitee's language with its
   ``.ics`` attachment, and writes it to the outbox (``queued``). The request commits it.
2. ``deliver`` sends the prepared messages (over SMTP, or into the outbox without a mail
   server), marks each invitation sent or failed with the reason, and audits it; that
   outcome is committed on its own. From then on the outbox copy shows the link with its
   token masked (``mail.services.forget_secrets``): it no longer opens the answer page.
   A failed invitation can be sent again: that is a retry with a new link.

A page asks for both with ``deliver_after_commit``: the request kernel commits step 1 when
the view has answered, and only then does step 2 run (like a background task, in a
transaction of its own), before the answer leaves, so the page can still say how it went.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import after_this_request, current_app
from flask_babel import force_locale, format_date, format_time, get_locale
from flask_babel import gettext as _
from sqlalchemy import inspect, select

from eigenkracht.audit.services import record
from eigenkracht.auth.models import User
from eigenkracht.cases.models import AssignmentRole
from eigenkracht.cases.services import touch
from eigenkracht.conference.models import (
    Conference,
    Invitation,
    InvitationStatus,
    Phase,
    SendStatus,
    VenueKind,
)
from eigenkracht.core.clock import now
from eigenkracht.core.i18n import text_direction
from eigenkracht.core.links import public_url
from eigenkracht.extensions import db
from eigenkracht.mail import services as mail
from eigenkracht.mail.models import OutboxMessage, OutboxStatus

TOKEN_BYTES = 32
LINK_VALID_AFTER_END = timedelta(days=1)


class CannotSend(Exception):
    """The invitation cannot be sent by e-mail: ``code`` says why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def cannot_send_message(code: str, invitation: Invitation | None) -> str:
    """Why an invitation cannot be e-mailed (``CannotSend.code``), for people."""
    if code == "no_email" and invitation is not None:
        return _("%(name)s has no e-mail address. Print a letter instead.",
                 name=invitation.person.name)
    if code == "cancelled":
        return _("This conference has been cancelled: invitations can no longer be sent.")
    return _("This conference has started or is over: invitations can no longer be sent.")


@dataclass
class Prepared:
    """An invitation and its queued message; ``link`` lives only until delivery."""

    invitation: Invitation
    message: OutboxMessage
    link: str


# --- tokens and links ------------------------------------------------------------------------

def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def conference_end(conference: Conference) -> datetime:
    return conference.starts_at + timedelta(minutes=conference.duration_minutes or 0)


def issue_token(invitation: Invitation) -> str:
    """A new answer token for ``invitation``; the old one stops working. Only its hash is kept."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    invitation.token_hash = hash_token(token)
    invitation.token_expires_at = conference_end(invitation.conference) + LINK_VALID_AFTER_END
    return token


def answer_url(token: str) -> str:
    """The absolute address of the answer page for ``token``, on ``PUBLIC_BASE_URL``
    (never the host a request named: the link goes out in an e-mail or a letter)."""
    return public_url("answer.show", token=token)


def invitation_language(invitation: Invitation) -> str:
    """The invitee's language when the family pages speak it, else the default (Dutch)."""
    language = (invitation.person.language or "").strip().lower()
    if language in current_app.config["FAMILY_LANGUAGES"]:
        return language
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def inviter(conference: Conference) -> User | None:
    """Who invites: the conference's coordinator, else a coordinator of the case."""
    if conference.coordinator is not None:
        return conference.coordinator
    for assignment in conference.case.assignments:
        if assignment.role in (AssignmentRole.COORDINATOR, AssignmentRole.JOBCOACH):
            return assignment.user
    return None


def sendable_problem(invitation: Invitation) -> str | None:
    """Why ``invitation`` cannot be e-mailed (a code), or None when it can."""
    conference = invitation.conference
    if conference.phase == Phase.CANCELLED or conference.cancelled_at is not None:
        return "cancelled"
    if conference.phase != Phase.PLANNED or conference_end(conference) <= now():
        return "past"
    if not (invitation.person.email or "").strip():
        return "no_email"
    return None


# --- what the invitation says ----------------------------------------------------------------

def invitation_facts(invitation: Invitation, *, link: str = "") -> dict:
    """What the e-mail, the letter and the answer page say, formatted for the active locale.

    Only the invitee's own name, the client's first name, the coordinator and the meeting:
    never concerns or the surnames of others.
    """
    conference = invitation.conference
    case = conference.case
    who = inviter(conference)
    organisation = case.organisation.name if case.organisation else ""
    starts, ends = conference.starts_at, conference_end(conference)
    date = format_date(starts, "full")
    facts = {
        "invitation": invitation,
        "conference": conference,
        "language": str(get_locale()),
        "direction": text_direction(),
        "name": invitation.person.name,
        "client": case.client_first_name,
        "coordinator": who.name if who is not None else "",
        "coordinator_email": who.email if who is not None else "",
        "organisation": organisation,
        "date": date,
        "start": format_time(starts, "short"),
        "end": format_time(ends, "short"),
        "online": conference.venue_kind == VenueKind.ONLINE,
        "address": conference.venue_address,
        "meeting_link": conference.meeting_link,
        "meeting_link_is_web": conference.meeting_link.lower().startswith(
            ("https://", "http://")),
        "link": link,
        "link_expires": format_date(invitation.token_expires_at, "long")
        if invitation.token_expires_at else "",
        "sender_name": _("%(coordinator)s of %(organisation)s", coordinator=who.name,
                         organisation=organisation) if who is not None else organisation,
    }
    facts["when"] = _("%(date)s, from %(start)s to %(end)s", date=date, start=facts["start"],
                      end=facts["end"])
    return facts


def calendar_attachment(invitation: Invitation, *, summary: str) -> mail.Attachment:
    """The ``.ics`` invitation (METHOD:REQUEST) for the invitee's calendar."""
    from icalendar import Calendar, vCalAddress, vText

    from eigenkracht.conference.calendar import conference_event

    conference = invitation.conference
    event = conference_event(conference, summary=summary)
    who = inviter(conference)
    if who is not None and "ORGANIZER" not in event:
        organizer = vCalAddress(f"mailto:{who.email}")
        organizer.params["CN"] = vText(who.name)
        event.add("organizer", organizer)
    if "ATTENDEE" not in event and invitation.person.email:
        attendee = vCalAddress(f"mailto:{invitation.person.email.strip()}")
        attendee.params["CN"] = vText(invitation.person.name)
        attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
        attendee.params["RSVP"] = vText("FALSE")  # the answer goes through the link
        event.add("attendee", attendee)
    calendar = Calendar()
    calendar.add("prodid", "-//eigenkracht//conference//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    calendar.add_component(event)
    return mail.Attachment(filename="eigen-kracht-conferentie.ics",
                           content_type="text/calendar", data=calendar.to_ical(),
                           params={"method": "REQUEST", "charset": "utf-8"})


def _render(template: str, facts: dict) -> str:
    """A template rendered without the request's context processors (works in the CLI)."""
    return current_app.jinja_env.get_template(template).render(**facts)


# --- preparing and delivering ------------------------------------------------------------------

def prepare(invitation: Invitation) -> Prepared:
    """A fresh link and the e-mail in the outbox, ``queued``; raises ``CannotSend``."""
    problem = sendable_problem(invitation)
    if problem:
        raise CannotSend(problem)
    conference = invitation.conference
    token = issue_token(invitation)
    link = answer_url(token)
    language = invitation_language(invitation)
    who = inviter(conference)
    with force_locale(language):
        facts = invitation_facts(invitation, link=link)
        subject = _("Invitation to the Eigen Kracht conference on %(date)s", date=facts["date"])
        text = _render("mail/invitation.txt", facts)
        html = _render("mail/invitation.html", facts)
        attachment = calendar_attachment(invitation, summary=_("Eigen Kracht conference"))
    message = mail.queue(
        conference.case.organisation_id, to=invitation.person.email, subject=subject,
        text_body=text, html_body=html, attachments=[attachment],
        sender_name=facts["sender_name"], reply_to=who.email if who is not None else "",
        language=language, invitation_id=invitation.id)
    return Prepared(invitation=invitation, message=message, link=link)


def prepare_all(conference: Conference) -> tuple[list[Prepared], list[Invitation]]:
    """Prepare every invitation not yet sent that has an e-mail address.

    Returns the prepared ones and those skipped for want of an address (for a letter).
    """
    prepared, without_address = [], []
    for invitation in sorted(conference.invitations, key=lambda i: i.id):
        if invitation.send_status == SendStatus.SENT:
            continue
        problem = sendable_problem(invitation)
        if problem == "no_email":
            without_address.append(invitation)
        elif problem:
            raise CannotSend(problem)
        else:
            prepared.append(prepare(invitation))
    return prepared, without_address


def deliver(prepared: Sequence[Prepared]) -> int:
    """Send the prepared messages, mark and audit each invitation; returns how many went out."""
    if not prepared:
        return 0
    sent = mail.send_many([p.message for p in prepared])
    for item in prepared:
        _settle(item)
    db.session.flush()
    return sent


def deliver_after_commit(prepared: Sequence[Prepared],
                         report: Callable[[int], None]) -> None:
    """Deliver ``prepared`` once the request has committed them; then ``report(sent)``.

    For a page: the view prepares and answers, the request kernel commits (the link and the
    outbox copy are safe), and then, before the answer leaves, the messages go out and
    their outcome is committed in a transaction of its own. When the request did not
    commit (it was refused, or failed), nothing is sent and nothing is reported.
    """
    @after_this_request
    def _deliver(response):
        if response.status_code >= 400 or not all(_saved(item) for item in prepared):
            return response
        try:
            sent = deliver(prepared)
            db.session.commit()  # the outcome: its own transaction, after the request's
        except BaseException:
            db.session.rollback()
            raise
        report(sent)
        return response


def _saved(item: Prepared) -> bool:
    """Whether the request's commit kept ``item``'s message (a rollback would drop it)."""
    state = inspect(item.message)
    return state.persistent and not state.modified


def send_invitation(invitation: Invitation) -> Prepared:
    """``prepare`` and ``deliver`` in one go, for code that commits only afterwards (tests,
    CLI). Views commit between the two steps."""
    item = prepare(invitation)
    db.session.flush()
    deliver([item])
    return item


def _settle(item: Prepared) -> None:
    invitation, message = item.invitation, item.message
    case = invitation.conference.case
    details = {"message": message.id, "language": message.language,
               "attempt": message.attempts}
    if message.status == OutboxStatus.SENT:
        invitation.send_status = SendStatus.SENT
        invitation.sent_at = message.sent_at
        invitation.send_error = ""
        if invitation.status == InvitationStatus.TO_INVITE:
            invitation.status = InvitationStatus.INVITED
        details["delivery"] = message.delivery.value if message.delivery else ""
        record("invitation_sent", invitation, case=case, summary=invitation.person.name,
               details=details)
    else:
        invitation.send_status = SendStatus.FAILED
        invitation.send_error = (message.error or _("The e-mail could not be sent."))[:500]
        details["reason"] = invitation.send_error
        record("invitation_send_failed", invitation, case=case, summary=invitation.person.name,
               details=details)
    touch(case)


# --- answering -------------------------------------------------------------------------------

def invitation_for_token(token: str) -> Invitation | None:
    """The invitation whose current answer token is ``token`` (expired or not), or None."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(Invitation).where(
        Invitation.token_hash == hash_token(token)))
