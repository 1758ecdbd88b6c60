"""The e-mails of the referrer's link: the link itself, and each one-time code.

Both go through the outbox (``mail.services.queue``, tagged with the case) to the referrer
contact's address, in the organisation's language, from the case's coordinator (reply-to),
and are delivered by the task queue after the request's commit (``mail.delivery``).
"""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from eigenkracht.audit.services import record
from eigenkracht.family.services import contact
from eigenkracht.mail import services as mail
from eigenkracht.mail.delivery import deliver_soon
from eigenkracht.mail.models import OutboxMessage
from eigenkracht.referrers import services
from eigenkracht.referrers.models import ReferrerLink


def _send(link: ReferrerLink, subject_text, template: str, **context) -> OutboxMessage:
    who = contact(link.case)
    language = current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(language):
        subject = subject_text()
        text = render_template(template, referrer=link.referrer, case=link.case, contact=who,
                               **context)
    message = mail.queue(link.case.organisation_id, to=link.referrer.email, subject=subject,
                         text_body=text, sender_name=who.organisation, reply_to=who.email,
                         language=language, case_id=link.case.id)
    deliver_soon(message)  # by the task queue, once the request has committed
    return message


def email_link(link: ReferrerLink, url: str) -> OutboxMessage:
    """The link, to the referrer (a code is asked for when it is opened)."""
    message = _send(link, lambda: _("Your personal link for case %(reference)s",
                                    reference=link.case.reference),
                    "referrers/email_link.txt", url=url, expires_at=link.expires_at)
    record("send", link, case=link.case, summary=link.referrer.label,
           details={"message": message.id})
    return message


def email_code(link: ReferrerLink, code: str) -> OutboxMessage:
    """A one-time code, to the referrer."""
    minutes = int(services.CODE_LIFETIME.total_seconds() // 60)
    return _send(link, lambda: _("Your code: %(code)s", code=code),
                 "referrers/email_code.txt", code=code, minutes=minutes)
