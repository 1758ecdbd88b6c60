"""Telling everyone invited about a change (``changes``): an e-mail in each invitee's
language with a calendar file that replaces the appointment (same UID, higher SEQUENCE,
METHOD:REQUEST) or removes it (METHOD:CANCEL); who has no e-mail address is listed for a
letter (which marks the change)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from eigenkracht.audit.services import record
from eigenkracht.auth.models import User
from eigenkracht.conference import sending
from eigenkracht.conference.changes import change_facts, pending_change, people_to_tell, place_of
from eigenkracht.conference.models import ChangeKind, Conference, ConferenceChange, Invitation
from eigenkracht.core import clock
from eigenkracht.extensions import db
from eigenkracht.mail import services as mail
from eigenkracht.mail.delivery import deliver_soon
from eigenkracht.mail.models import OutboxMessage

# --- telling everyone -----------------------------------------------------------------------

@dataclass
class Told:
    emailed: list[Invitation]
    letters: list[Invitation]  # no e-mail address: print their letter again


def _message(invitation: Invitation, change: ConferenceChange) -> OutboxMessage:
    conference = invitation.conference
    language = sending.invitation_language(invitation)
    who = sending.inviter(conference)
    cancelled = change.kind == ChangeKind.CANCELLED
    with force_locale(language):
        facts = sending.invitation_facts(invitation)
        facts["change"] = change_facts(change)
        facts["place"] = place_of(conference)
        if cancelled:
            subject = _("Cancelled: the Eigen Kracht conference of %(date)s",
                        date=facts["change"]["before_when"])
            template = "mail/conference_cancelled.txt"
        else:
            subject = _("Changed: the Eigen Kracht conference is now on %(date)s",
                        date=facts["date"])
            template = "mail/conference_changed.txt"
        text = current_app.jinja_env.get_template(template).render(**facts)
        attachment = sending.calendar_attachment(
            invitation, summary=_("Eigen Kracht conference"),
            method="CANCEL" if cancelled else "REQUEST")
    return mail.queue(
        conference.case.organisation_id, to=invitation.person.email, subject=subject,
        text_body=text, attachments=[attachment], sender_name=facts["sender_name"],
        reply_to=who.email if who is not None else "", language=language,
        invitation_id=None, case_id=conference.case_id, person_id=invitation.person_id)


def notify(conference: Conference, user: User) -> Told:
    """E-mail the latest change to everyone invited who has an address; the others are
    returned for a letter. Raises ``LookupError`` when there is nothing to tell."""
    change = pending_change(conference)
    if change is None:
        raise LookupError("nothing to tell")
    told = Told(emailed=[], letters=[])
    for invitation in people_to_tell(conference):
        if not (invitation.person.email or "").strip():
            told.letters.append(invitation)
            continue
        message = _message(invitation, change)
        deliver_soon(message)
        told.emailed.append(invitation)
    change.notified_at = clock.now()
    change.notified_by_id = user.id
    db.session.flush()
    record("notify", conference, case=conference.case, summary=change.kind.value,
           details={"change": change.id, "emailed": [i.id for i in told.emailed],
                    "letters": [i.id for i in told.letters]})
    return told
