"""Audit events. Written by services, read by admins and privacy officers, never edited or
deleted by the app; each event is sealed into its organisation's hash chain at commit
(``audit.chain``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from eigenkracht.core.db import UTCDateTime, utcnow
from eigenkracht.extensions import db

ALLOWED = "allowed"
REFUSED = "refused"


class AuditEvent(db.Model):
    """One thing that happened: a view, a change, a login — allowed or refused.

    NEN 7513's fields: who (``actor_id``/``actor_label``), on whose behalf (``actor_role``:
    the role the user acted in, or the kind of link), which client (``case_id`` and
    ``case_reference``: the client's file), what (``action``, ``object_type``,
    ``object_id``, ``summary``), when (``created_at``), from where (``ip_address``) and the
    outcome (``allowed`` or ``refused``). ``chain_id``, ``chain_seq``, ``personal_digest``
    and ``entry_hash`` seal it into the organisation's chain (``audit.chain``).
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_org_created", "organisation_id", "created_at"),
                      UniqueConstraint("chain_id", "chain_seq"))

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    actor_label: Mapped[str] = mapped_column(String(254), default="")
    actor_role: Mapped[str | None] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(64))
    case_id: Mapped[int | None] = mapped_column(index=True)
    case_reference: Mapped[str | None] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(String(500), default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    ip_address: Mapped[str | None] = mapped_column(String(45))
    outcome: Mapped[str] = mapped_column(String(10), default=ALLOWED, server_default=ALLOWED)
    chain_id: Mapped[int | None] = mapped_column()
    chain_seq: Mapped[int | None] = mapped_column()
    personal_digest: Mapped[str | None] = mapped_column(String(64))
    entry_hash: Mapped[str | None] = mapped_column(String(64))

    def __repr__(self) -> str:
        return f"<AuditEvent {self.action} {self.object_type}:{self.object_id}>"


class AuditChain(db.Model):
    """The head of one organisation's hash chain (``id`` is the organisation's id, 0 for
    events of no organisation): how long it is and the hash of its last event. Writers
    lock this row (``audit.chain._head``) to append, one after the other."""

    __tablename__ = "audit_chains"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    length: Mapped[int] = mapped_column(default=0, server_default="0")
    head_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")

    def __repr__(self) -> str:
        return f"<AuditChain {self.id} length={self.length}>"


class AuditLogIsAppendOnly(Exception):
    """Raised when code tries to change or delete an audit event."""


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session: Session, flush_context, instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditLogIsAppendOnly("audit events cannot be changed or deleted")
