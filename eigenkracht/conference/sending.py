"""Sending invitations by e-mail, and the personal answer link they carry.

Sending happens in two steps around a commit, so that an e-mail never leaves before what it
describes is saved and nothing is lost when the mail server fails:

1. ``prepare`` makes a fresh answer token (only its SHA-256 is kept; the link of an earlier
   e-mail or letter stops working), renders the e-mail in the invitee's language with its
   ``.ics`` attachment, and writes it to the outbox (``queued``, tagged with the case and
   the person). An earlier e-mail of the invitation still waiting is withdrawn (its link
   ends). ``send_after_commit`` asks for its delivery; the request kernel commits.
2. After the commit a task delivers it (``mail.delivery``: over SMTP, or into the outbox
   without a mail server), retrying a failure at 1 min, 5 min, 30 min and 2 h. Each
   outcome reaches ``settle_message``, which marks the invitation sent, failed (with the
   reason) or waiting for a retry, and audits it. From delivery on the outbox copy shows
   the link with its token masked (``mail.services.forget_secrets``). The pages show the
   state of the newest e-mail (``mail.states``); sending again is always possible and makes
   a new link.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale, format_date, format_time, get_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from eigenkracht.audit.services import record
from eigenkracht.auth.models import User
from eigenkracht.cases.models import AssignmentRole
from eigenkracht.cases.services import touch
from eigenkracht.conference.changes import change_facts, latest_change
from eigenkracht.conference.labels import WITHDRAWN_REPLACED
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
from eigenkracht.mail.delivery import deliver_soon
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


def keep_links_in_step(conference: Conference) -> None:
    """After a move: the answer links already out there work until one day after the new
    end (their tokens stay the same)."""
    ends = conference_end(conference) + LINK_VALID_AFTER_END
    for invitation in conference.invitations:
        if invitation.token_hash:
            invitation.token_expires_at = ends


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
    facts["change"] = change_facts(latest_change(conference))  # marked on letter and page
    return facts


def calendar_attachment(invitation: Invitation, *, summary: str,
                        method: str = "REQUEST") -> mail.Attachment:
    """The ``.ics`` invitation (METHOD:REQUEST) for the invitee's calendar; ``CANCEL``
    removes the same event (same UID, a higher SEQUENCE) after a cancellation."""
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
    calendar.add("method", method)
    calendar.add_component(event)
    return mail.Attachment(filename="eigen-kracht-conferentie.ics",
                           content_type="text/calendar", data=calendar.to_ical(),
                           params={"method": method, "charset": "utf-8"})


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
    withdraw_waiting(invitation, WITHDRAWN_REPLACED)
    message = mail.queue(
        conference.case.organisation_id, to=invitation.person.email, subject=subject,
        text_body=text, html_body=html, attachments=[attachment],
        sender_name=facts["sender_name"], reply_to=who.email if who is not None else "",
        language=language, invitation_id=invitation.id, case_id=conference.case_id,
        person_id=invitation.person_id)
    return Prepared(invitation=invitation, message=message, link=link)


def prepare_all(conference: Conference) -> tuple[list[Prepared], list[Invitation]]:
    """Prepare every invitation not yet sent (nor waiting to be) that has an e-mail address.

    Returns the prepared ones and those skipped for want of an address (for a letter).
    """
    prepared, without_address = [], []
    waiting = set(db.session.scalars(select(OutboxMessage.invitation_id).where(
        OutboxMessage.invitation_id.in_([i.id for i in conference.invitations]),
        OutboxMessage.status == OutboxStatus.QUEUED)))
    for invitation in sorted(conference.invitations, key=lambda i: i.id):
        if invitation.send_status == SendStatus.SENT or invitation.id in waiting:
            continue  # sent, or on its way (retries included)
        problem = sendable_problem(invitation)
        if problem == "no_email":
            without_address.append(invitation)
        elif problem:
            raise CannotSend(problem)
        else:
            prepared.append(prepare(invitation))
    return prepared, without_address


def send_after_commit(prepared: Sequence[Prepared]) -> None:
    """Deliver the prepared messages by the task queue once the request has committed
    them (``mail.delivery.deliver_soon``); a refused or failed request sends nothing. The
    outcome comes back through ``settle_message``."""
    for item in prepared:
        deliver_soon(item.message)
        invitation = item.invitation
        record("invitation_queued", invitation, case=invitation.conference.case,
               summary=invitation.person.name,
               details={"message": item.message.id, "language": item.message.language})


def send_invitation(invitation: Invitation) -> Prepared:
    """``prepare`` and ``send_after_commit`` in one go, for code that commits afterwards
    (tests, CLI)."""
    item = prepare(invitation)
    db.session.flush()
    send_after_commit([item])
    return item


def withdraw_waiting(invitation: Invitation, reason: str) -> None:
    """The e-mails of ``invitation`` that have not gone out yet are not sent any more
    (marked failed with ``reason``, their link forgotten): a new e-mail ends their link, or
    the invitation was taken back."""
    waiting = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.invitation_id == invitation.id,
        OutboxMessage.status == OutboxStatus.QUEUED))
    for message in waiting:
        message.status = OutboxStatus.FAILED
        message.next_attempt_at = None
        message.error = str(reason)[:500]
        mail.forget_secrets(message)


def settle_message(message: OutboxMessage) -> None:
    """The outcome of a delivery attempt (``mail.delivery``'s hook): mark and audit the
    invitation it was sent for — sent, failed for good, or failed and retried at a time."""
    if message.invitation_id is None:
        return
    invitation = db.session.get(Invitation, message.invitation_id)
    if invitation is None:
        return
    newest = db.session.scalar(select(func.max(OutboxMessage.id)).where(
        OutboxMessage.invitation_id == invitation.id))
    if newest != message.id:
        return  # an older e-mail: the invitation follows its newest one
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
        reason = (message.error or _("The e-mail could not be sent."))[:500]
        invitation.send_error = reason
        details["reason"] = reason
        if message.status == OutboxStatus.FAILED:
            invitation.send_status = SendStatus.FAILED
        elif message.next_attempt_at is not None:
            details["retry_at"] = message.next_attempt_at.isoformat()
        record("invitation_send_failed", invitation, case=case,
               summary=invitation.person.name, details=details)
    touch(case)


# --- answering -------------------------------------------------------------------------------

def invitation_for_token(token: str) -> Invitation | None:
    """The invitation whose current answer token is ``token`` (expired or not), or None."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(Invitation).where(
        Invitation.token_hash == hash_token(token)))
