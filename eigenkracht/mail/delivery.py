"""Delivering the outbox through the task queue: after the commit, with retries, once.

A message is written to the outbox (``services.queue``) in the transaction of what it is
about; ``deliver_soon(message)`` enqueues the task ``deliver_message(id)`` for after that
transaction's commit (``eigenkracht.tasks.after_commit``), so nothing leaves for work that
was rolled back. The task:

1. **claims** the message with one conditional ``UPDATE`` — still ``queued``, due
   (``next_attempt_at`` passed or empty) and not held (``lease_until`` passed or empty) —
   that sets a lease (``MAIL_SEND_LEASE_SECONDS``) and counts the attempt, and commits it.
   Two tasks for the same message (the one after the commit and the sweep's, or two
   consumers) cannot both win: the second claims nothing and does nothing;
2. makes one SMTP transaction with the message's fixed ``Message-ID`` (its idempotency
   key: every attempt carries the same one), or, without ``MAIL_SERVER``, leaves it in the
   outbox (delivered there: nothing was e-mailed, and the pages say so);
3. **records** the outcome at once, in its own commit: ``sent``; or a failure that will be
   retried (the message stays ``queued`` with ``next_attempt_at`` 1 min, 5 min, 30 min and
   2 h after the 1st to 4th failure, the reason in ``error``); or, after the 5th failure or
   a refusal that no retry changes (a 5xx answer, an address that is not one), ``failed``
   with the reason. A delivered or finally failed message keeps no working link
   (``services.forget_secrets``). The features that sent it hear the outcome through the
   functions registered in ``OUTCOME_HOOKS`` (an invitation is marked and audited).

``retry_due`` runs every minute (a schedule) and when a consumer starts: it enqueues every
message that is due and not held — the retries, a message whose enqueue was lost (Redis was
down at the commit), and one whose consumer died in the middle of sending (its lease ran
out). Such a message is sent again with the same ``Message-ID``; it was not marked sent, so
it was not delivered, except in the one window SMTP cannot close: the server accepted the
message and the consumer died before it wrote ``sent`` (milliseconds). The recipient's mail
system then sees the same ``Message-ID`` twice and shows it once.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import or_, select, update

from eigenkracht.audit.services import Actor, set_actor
from eigenkracht.core import clock
from eigenkracht.extensions import db
from eigenkracht.mail import services
from eigenkracht.mail.models import Delivery, OutboxMessage, OutboxStatus
from eigenkracht.tasks import after_commit, tasks_of

log = logging.getLogger(__name__)

RETRY_AFTER = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30),
               timedelta(hours=2))
ATTEMPTS = len(RETRY_AFTER) + 1  # the first and four retries
ACTOR_LABEL = "mail delivery (task queue)"  # who the audit log says acted on an outcome
OUTCOME_HOOKS = "mail.outcome_hooks"  # app.extensions: functions(message) told each outcome


@dataclass(frozen=True)
class Attempt:
    """How one attempt went: delivered (``delivery``), or not with a ``reason``; a
    ``permanent`` refusal is not retried."""

    delivery: Delivery | None = None
    reason: str = ""
    permanent: bool = False


def deliver_soon(message: OutboxMessage) -> None:
    """Deliver ``message`` by the task queue once the current transaction has committed."""
    after_commit(deliver_message, message.id)


def deliver_message(message_id: int) -> str:
    """The task: claim the message, make one attempt, record it. Returns what happened
    (``not due``, ``sent``, ``outbox``, ``retry``, ``failed``)."""
    message = claim(message_id)
    if message is None:
        return "not due"
    set_actor(Actor(label=ACTOR_LABEL, organisation_id=message.organisation_id))
    if not message.message_id:  # a message queued before Message-IDs were fixed at queueing
        message.message_id = services.new_message_id()
        db.session.commit()
    outcome = attempt(message)
    record_outcome(message, outcome)
    db.session.commit()
    return message_outcome(message)


def claim(message_id: int) -> OutboxMessage | None:
    """Take the message for one attempt (committed), or None when it is not due, held by
    another consumer, delivered or failed."""
    now = clock.now()
    lease = timedelta(seconds=int(current_app.config.get("MAIL_SEND_LEASE_SECONDS", 300)))
    taken = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.QUEUED,
               or_(OutboxMessage.next_attempt_at.is_(None),
                   OutboxMessage.next_attempt_at <= now),
               or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until <= now))
        .values(lease_until=now + lease, attempts=OutboxMessage.attempts + 1)
        .execution_options(synchronize_session=False))
    if taken.rowcount != 1:
        db.session.rollback()
        return None
    db.session.commit()
    return db.session.scalar(select(OutboxMessage).where(OutboxMessage.id == message_id)
                             .execution_options(populate_existing=True))


def attempt(message: OutboxMessage) -> Attempt:
    """One SMTP transaction for ``message`` (nothing written); without a mail server the
    message stays in the outbox."""
    if not current_app.config.get("MAIL_SERVER"):
        return Attempt(delivery=Delivery.OUTBOX)
    if not services.plain_address(message.to):
        return Attempt(reason=_("The address %(address)s is not a valid e-mail address.",
                                address=message.to[:254]), permanent=True)
    email = services.build_email(message)
    smtp = None
    try:
        smtp = services.connect()
        smtp.send_message(email, from_addr=current_app.config["MAIL_DEFAULT_SENDER"],
                          to_addrs=[message.to])
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused,
            smtplib.SMTPDataError, smtplib.SMTPAuthenticationError) as error:
        return Attempt(reason=services.describe_failure(error),
                       permanent=_permanent(error))
    except (smtplib.SMTPException, OSError) as error:
        return Attempt(reason=services.describe_failure(error))
    finally:
        services.close(smtp, polite=True)
    return Attempt(delivery=Delivery.SMTP)


def _permanent(error: smtplib.SMTPException) -> bool:
    """A 5xx answer: the server will say the same next time."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    code = getattr(error, "smtp_code", 0) or 0
    return 500 <= code < 600 and not isinstance(error, smtplib.SMTPAuthenticationError)


def record_outcome(message: OutboxMessage, outcome: Attempt) -> None:
    """Write how the attempt went (see the module docstring) and tell the hooks."""
    now = clock.now()
    message.lease_until = None
    if outcome.delivery is not None:
        message.status = OutboxStatus.SENT
        message.delivery = outcome.delivery
        message.error = ""
        message.sent_at = now
        message.next_attempt_at = None
        services.forget_secrets(message)
    elif outcome.permanent or message.attempts >= ATTEMPTS:
        message.status = OutboxStatus.FAILED
        message.error = outcome.reason[:500]
        message.next_attempt_at = None
        services.forget_secrets(message)
        log.warning("mail %s failed for good after %s attempt(s): %s", message.id,
                    message.attempts, outcome.reason)
    else:
        message.error = outcome.reason[:500]
        message.next_attempt_at = now + RETRY_AFTER[max(0, message.attempts - 1)]
        log.warning("mail %s not delivered (attempt %s), retry at %s: %s", message.id,
                    message.attempts, message.next_attempt_at.isoformat(), outcome.reason)
    db.session.flush()
    for hook in current_app.extensions.get(OUTCOME_HOOKS, ()):
        hook(message)
    db.session.flush()


def message_outcome(message: OutboxMessage) -> str:
    if message.status == OutboxStatus.SENT:
        return "outbox" if message.delivery == Delivery.OUTBOX else "sent"
    return "failed" if message.status == OutboxStatus.FAILED else "retry"


def due_messages(limit: int = 500) -> list[int]:
    """The ids of the messages that are due and not held, oldest first."""
    now = clock.now()
    return list(db.session.scalars(
        select(OutboxMessage.id)
        .where(OutboxMessage.status == OutboxStatus.QUEUED,
               or_(OutboxMessage.next_attempt_at.is_(None),
                   OutboxMessage.next_attempt_at <= now),
               or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until <= now))
        .order_by(OutboxMessage.id).limit(limit)))


def retry_due() -> int:
    """Enqueue every message that is due: retries, lost enqueues, dead consumers' sends."""
    ids = due_messages()
    db.session.commit()  # the read ends here; each delivery is a task of its own
    tasks = tasks_of()
    for message_id in ids:
        tasks.enqueue(deliver_message, message_id)
    return len(ids)


def send_now(message: OutboxMessage) -> bool:
    """Claim, attempt and record ``message`` here and now (commits), for the CLI and tests;
    True when it went out."""
    db.session.flush()
    db.session.commit()
    return deliver_message(message.id) in ("sent", "outbox")
