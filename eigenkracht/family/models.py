"""Personal links: one person of the network opens the accepted plan on their own phone."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eigenkracht.auth.models import User
from eigenkracht.cases.models import Case
from eigenkracht.core.db import UTCDateTime, utcnow
from eigenkracht.extensions import db
from eigenkracht.network.models import Person


class AccessLink(db.Model):
    """A secret address ``/p/<token>`` for one person; only a SHA-256 of the token is kept."""

    __tablename__ = "access_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"),
                                           index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    code_hash: Mapped[str] = mapped_column(String(255), default="")  # optional access code
    scope: Mapped[str] = mapped_column(String(20), default="plan")
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Reminders the person chose on their page (family/reminders.py): "" none, "email",
    # "text"; at ``reminder_time`` (local) the day before, or that morning, of an occurrence.
    reminder_channel: Mapped[str] = mapped_column(String(10), default="", server_default="")
    reminder_moment: Mapped[str] = mapped_column(String(12), default="day_before",
                                                 server_default="day_before")
    reminder_time: Mapped[time | None]
    # The token, encrypted with the app's key, only while reminders are on: a reminder links
    # to the page; opting out (or revoking) forgets it.
    reminder_token: Mapped[str] = mapped_column(String(400), default="", server_default="")

    case: Mapped[Case] = relationship()
    person: Mapped[Person] = relationship()
    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<AccessLink {self.id} person={self.person_id}>"

    @property
    def has_code(self) -> bool:
        return bool(self.code_hash)


class ReminderSent(db.Model):
    """One reminder sent for one occurrence of an action to one link: never twice."""

    __tablename__ = "reminders_sent"
    __table_args__ = (UniqueConstraint("link_id", "action_id", "occurrence_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("access_links.id", ondelete="CASCADE"),
                                         index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"),
                                           index=True)
    occurrence_on: Mapped[date]
    channel: Mapped[str] = mapped_column(String(10))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    outcome: Mapped[str] = mapped_column(String(200), default="")

    def __repr__(self) -> str:
        return f"<ReminderSent link={self.link_id} action={self.action_id} {self.occurrence_on}>"
