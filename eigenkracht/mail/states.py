"""What the pages say about a message: the honest state of its delivery.

Never "sent" when nothing left: a message delivered without a mail server is "in the
outbox (no mail server)", one that failed and will be tried again says when, and one that
failed for good says why. The conference pages show it on each invitation, the admin's
outbox on each message (``templates/mail/_state.html``).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from eigenkracht.core import clock
from eigenkracht.extensions import db
from eigenkracht.mail.models import Delivery, OutboxMessage, OutboxStatus


class MailState(enum.StrEnum):
    WAITING = "waiting"  # queued, not tried yet
    SENDING = "sending"  # a consumer holds it right now
    RETRYING = "retrying"  # failed; will be tried again at ``at``
    OUTBOX = "outbox"  # delivered to the outbox only: no mail server is set up
    SENT = "sent"  # the mail server accepted it
    FAILED = "failed"  # failed for good: ``reason``


@dataclass(frozen=True)
class MailStatus:
    state: MailState
    at: datetime | None = None  # sent at, retry at, or queued at
    reason: str = ""
    attempts: int = 0


def status_of(message: OutboxMessage) -> MailStatus:
    """The state of ``message``'s delivery right now."""
    if message.status == OutboxStatus.SENT:
        state = MailState.OUTBOX if message.delivery == Delivery.OUTBOX else MailState.SENT
        return MailStatus(state, message.sent_at, attempts=message.attempts)
    if message.status == OutboxStatus.FAILED:
        return MailStatus(MailState.FAILED, None, message.error, message.attempts)
    if message.lease_until is not None and message.lease_until > clock.now():
        return MailStatus(MailState.SENDING, None, message.error, message.attempts)
    if message.error and message.next_attempt_at is not None:
        return MailStatus(MailState.RETRYING, message.next_attempt_at, message.error,
                          message.attempts)
    return MailStatus(MailState.WAITING, message.created_at, message.error, message.attempts)


def statuses_of_invitations(invitation_ids: Iterable[int]) -> dict[int, MailStatus]:
    """The state of the newest message of each invitation, in one query."""
    ids = sorted(set(invitation_ids))
    if not ids:
        return {}
    rows = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.invitation_id.in_(ids)).order_by(OutboxMessage.id))
    return {row.invitation_id: status_of(row) for row in rows}
