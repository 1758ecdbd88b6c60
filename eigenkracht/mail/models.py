"""The outbox: every e-mail the app sends, kept with its delivery status.

A message is written to the outbox first (``queued``) and then delivered: over SMTP when
``MAIL_SERVER`` is set, otherwise it stays readable in the outbox for admins (the embedded
default, so the demo works without a mail server). A failed delivery keeps the message and
the reason (``failed``); nothing is lost.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from eigenkracht.core.db import UTCDateTime, enum_column, utcnow
from eigenkracht.extensions import db


class OutboxStatus(enum.StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


class Delivery(enum.StrEnum):
    """How a sent message went out."""

    SMTP = "smtp"
    OUTBOX = "outbox"  # no mail server configured: kept in the outbox only


class OutboxMessage(db.Model):
    """One e-mail message: who to, what, its attachments and how its delivery went."""

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_org_created", "organisation_id", "created_at"),
                      Index("ix_outbox_messages_due", "status", "next_attempt_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"))
    to: Mapped[str] = mapped_column("recipient", String(254))
    sender_name: Mapped[str] = mapped_column(String(200), default="")
    reply_to: Mapped[str] = mapped_column(String(254), default="")
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text, default="")
    html_body: Mapped[str] = mapped_column(Text, default="")
    # [{"filename": ..., "content_type": ..., "data": base64}, ...]
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    language: Mapped[str] = mapped_column(String(10), default="")
    status: Mapped[OutboxStatus] = mapped_column(enum_column(OutboxStatus, "outbox_status"),
                                                 default=OutboxStatus.QUEUED)
    delivery: Mapped[Delivery | None] = mapped_column(enum_column(Delivery, "outbox_delivery"))
    error: Mapped[str] = mapped_column(String(500), default="")
    attempts: Mapped[int] = mapped_column(default=0)
    message_id: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitations.id", ondelete="SET NULL"), index=True)
    # Whose message it is, written when it is queued: erasure and purge find every message
    # of a case and of a person by these (privacy/outbox.py), also one that never left.
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True)
    # Delivery by the task queue (mail/delivery.py): a queued message is due at
    # ``next_attempt_at`` (a retry's time after a failure); a consumer that takes it holds it
    # until ``lease_until`` — after that another may take it (the first one died).
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.status.value}>"
