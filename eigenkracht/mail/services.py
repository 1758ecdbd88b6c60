"""Writing messages to the outbox, and what delivering them needs.

``queue`` writes a message to the outbox, tagged with its case and person; the task queue
delivers it after the commit (``mail.delivery``): over SMTP when ``MAIL_SERVER`` is set
(STARTTLS or SSL as configured, a 10-second timeout, a login when ``MAIL_USERNAME`` is set),
otherwise the message simply stays in the outbox as delivered there. A failure is retried
and finally marked ``failed`` with a short reason a person can read; it is never thrown away.

Once a message has been delivered (or has failed for good), the outbox copy keeps no
working secret: every token in a link to a page that a
secret in its address opens (``/a/<token>``, ``/p/<token>``, ``/calendar/<token>.ics``) is
replaced by ``SECRET_MASK`` in the bodies and text attachments (``mask_secrets``). The admin
pages show a waiting message masked too.
"""

from __future__ import annotations

import base64
import logging
import re
import smtplib
import socket
import ssl
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, select

from eigenkracht.core.db import utcnow
from eigenkracht.extensions import db
from eigenkracht.mail.models import OutboxMessage, OutboxStatus

log = logging.getLogger(__name__)

SMTP_TIMEOUT = 10  # seconds, for connecting and for every command
SECRET_MASK = "[…]"  # noqa: S105 - stands for a token in the outbox copy of a message
SECRET_ARGUMENT = "token"  # noqa: S105 - the route argument that is a secret (``/a/<token>``)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str  # "text/calendar"
    data: bytes
    params: dict[str, str] = field(default_factory=dict)  # {"method": "REQUEST"}

    def as_json(self) -> dict:
        return {"filename": self.filename, "content_type": self.content_type,
                "params": dict(self.params), "data": base64.b64encode(self.data).decode("ascii")}


def queue(organisation_id: int, *, to: str, subject: str, text_body: str, html_body: str = "",
          attachments: Iterable[Attachment] = (), sender_name: str = "", reply_to: str = "",
          language: str = "", invitation_id: int | None = None, case_id: int | None = None,
          person_id: int | None = None) -> OutboxMessage:
    """Write a message to the outbox (status ``queued``) and flush; deliver it with
    ``mail.delivery.deliver_soon``. ``case_id`` and ``person_id`` say whose it is: erasure
    and purge find it by them, also when it never left."""
    message = OutboxMessage(
        organisation_id=organisation_id, to=_one_line(to)[:254],
        subject=_one_line(subject)[:300], text_body=text_body, html_body=html_body,
        attachments=[a.as_json() for a in attachments],
        sender_name=_one_line(sender_name)[:200], reply_to=_one_line(reply_to)[:254],
        language=language, status=OutboxStatus.QUEUED, attempts=0,
        message_id=new_message_id(), invitation_id=invitation_id,
        case_id=case_id, person_id=person_id, created_at=utcnow())
    db.session.add(message)
    db.session.flush()
    return message


def keep_in_outbox(message: OutboxMessage) -> None:
    """Deliver ``message`` to the outbox only (a text message without an SMS provider):
    sent, as an e-mail is without a mail server, and never handed to SMTP."""
    from eigenkracht.mail.models import Delivery

    message.status = OutboxStatus.SENT
    message.delivery = Delivery.OUTBOX
    message.sent_at = utcnow()
    message.next_attempt_at = None
    forget_secrets(message)
    db.session.flush()


def attachment_data(item: dict) -> bytes:
    """The bytes of one stored attachment."""
    return base64.b64decode(item.get("data", ""))


def build_email(message: OutboxMessage) -> EmailMessage:
    """The message as a MIME e-mail: text, HTML alternative, attachments."""
    email = EmailMessage()
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    email["From"] = formataddr((message.sender_name, sender)) if message.sender_name else sender
    email["To"] = message.to
    if message.reply_to:
        email["Reply-To"] = message.reply_to
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    if message.message_id:
        email["Message-ID"] = message.message_id
    email.set_content(message.text_body)
    if message.html_body:
        email.add_alternative(message.html_body, subtype="html")
    for item in message.attachments or []:
        maintype, _slash, subtype = item.get("content_type", "application/octet-stream") \
            .partition("/")
        email.add_attachment(attachment_data(item), maintype=maintype,
                             subtype=subtype or "octet-stream", filename=item.get("filename"),
                             params=item.get("params") or {})
    if message.language:  # after the parts: set_content() clears Content-* headers
        email["Content-Language"] = message.language
    return email


# --- secrets in the outbox copy ----------------------------------------------------------------

def mask_secrets(text: str) -> str:
    """``text`` with the token of every secret link replaced by ``SECRET_MASK``."""
    if not text:
        return text
    return _secret_links().sub(lambda found: found.group("before") + SECRET_MASK, text)


def forget_secrets(message: OutboxMessage) -> None:
    """The outbox copy of a delivered (or failed) message keeps no working link."""
    message.text_body = mask_secrets(message.text_body)
    message.html_body = mask_secrets(message.html_body)
    if any(_is_text(item) for item in message.attachments or []):
        message.attachments = [_masked_attachment(item) for item in message.attachments]


def _secret_links() -> re.Pattern[str]:
    """The pages a secret in the address opens, from the app's routes: a path that leads to
    a ``<token>`` argument, then the token (anything a URL-safe token can hold, and its
    percent-escapes)."""
    pattern = current_app.extensions.get("mail.secret_links")
    if pattern is None:
        leads = sorted({rule.rule.split(f"<{SECRET_ARGUMENT}>", 1)[0]
                        for rule in current_app.url_map.iter_rules()
                        if SECRET_ARGUMENT in rule.arguments}, key=len, reverse=True)
        alternatives = "|".join(re.escape(lead) for lead in leads) or r"(?!)"
        pattern = re.compile(rf"(?P<before>(?:{alternatives}))[A-Za-z0-9_%-]+")
        current_app.extensions["mail.secret_links"] = pattern
    return pattern


def _is_text(item: dict) -> bool:
    return str(item.get("content_type", "")).startswith("text/")


def _masked_attachment(item: dict) -> dict:
    if not _is_text(item):
        return item
    text = attachment_data(item).decode("utf-8", "replace")
    masked = mask_secrets(text)
    if masked == text:
        return item
    return {**item, "data": base64.b64encode(masked.encode("utf-8")).decode("ascii")}


def describe_failure(error: BaseException) -> str:
    """A short reason for a failed delivery, in the reader's language (no stack trace)."""
    config = current_app.config
    server = f"{config.get('MAIL_SERVER')}:{config.get('MAIL_PORT')}"
    if isinstance(error, ConnectionRefusedError | smtplib.SMTPConnectError):
        return _("The mail server %(server)s refused the connection.", server=server)
    if isinstance(error, socket.timeout | TimeoutError) or (
            isinstance(error, smtplib.SMTPServerDisconnected) and "timed out" in str(error)):
        return _("The mail server %(server)s did not answer in time.", server=server)
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return _("The mail server did not accept the user name or password.")
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return _("The mail server refused the address %(address)s.",
                 address=", ".join(error.recipients))
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error.decode("utf-8", "replace") if isinstance(
            error.smtp_error, bytes) else str(error.smtp_error)
        return _("The mail server answered: %(code)s %(text)s", code=error.smtp_code,
                 text=text[:200])
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return _("The mail server %(server)s closed the connection.", server=server)
    if isinstance(error, ssl.SSLError):
        return _("A secure connection with the mail server %(server)s failed.", server=server)
    if isinstance(error, socket.gaierror):
        return _("The mail server %(server)s was not found.", server=server)
    return _("The mail server %(server)s could not be reached (%(problem)s).", server=server,
             problem=(getattr(error, "strerror", None) or error.__class__.__name__)[:100])


def outbox_query(organisation_id: int) -> Select:
    """The organisation's messages, newest first."""
    return (select(OutboxMessage).where(OutboxMessage.organisation_id == organisation_id)
            .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()))


def message_of(organisation_id: int, message_id: int) -> OutboxMessage | None:
    """One message of the organisation, or None (never another organisation's)."""
    return db.session.scalar(select(OutboxMessage).where(
        OutboxMessage.organisation_id == organisation_id, OutboxMessage.id == message_id))


def latest_for_invitations(invitation_ids: Iterable[int]) -> dict[int, OutboxMessage]:
    """The newest message of each invitation, in one query."""
    ids = list(invitation_ids)
    if not ids:
        return {}
    rows = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.invitation_id.in_(ids)).order_by(OutboxMessage.id))
    return {row.invitation_id: row for row in rows}


# --- helpers ---------------------------------------------------------------------------------

def connect() -> smtplib.SMTP:
    config = current_app.config
    host, port = config["MAIL_SERVER"], int(config["MAIL_PORT"])
    if config.get("MAIL_USE_SSL"):
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=SMTP_TIMEOUT,
                                              context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT)
    try:
        if config.get("MAIL_USE_TLS") and not config.get("MAIL_USE_SSL"):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
    except BaseException:
        close(smtp)
        raise
    return smtp


def close(smtp: smtplib.SMTP | None, *, polite: bool = False) -> None:
    if smtp is None:
        return None
    try:
        if polite:
            smtp.quit()
        else:
            smtp.close()
    except (smtplib.SMTPException, OSError):
        smtp.close()
    return None


def plain_address(address: str) -> bool:
    """One plain address (``name@domain``): no display name, spaces or second address."""
    local, at, domain = address.rpartition("@")
    return bool(at and local and "." in domain) and not any(
        ch.isspace() or ch in ',;<>()[]\\"' or ord(ch) < 32 for ch in address)


def _one_line(text: str) -> str:
    """Header values on one line: line breaks in them would forge headers."""
    return " ".join((text or "").split())


def new_message_id() -> str:
    """A ``Message-ID`` for a new message: fixed when it is queued, the same in every
    attempt (the idempotency key a receiving mail system can recognise)."""
    return make_msgid(domain=_sender_domain())


def _sender_domain() -> str:
    sender = current_app.config.get("MAIL_DEFAULT_SENDER", "") or "localhost"
    return sender.rpartition("@")[2] or "localhost"
