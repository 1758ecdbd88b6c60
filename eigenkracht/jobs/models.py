"""Goals with steps, and the log of contacts with people of a jobseeker's network."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eigenkracht.auth.models import User
from eigenkracht.cases.models import Case
from eigenkracht.core.db import UTCDateTime, Versioned, enum_column, utcnow
from eigenkracht.extensions import db
from eigenkracht.network.models import Person


class GoalStatus(enum.StrEnum):
    OPEN = "open"
    REACHED = "reached"
    DROPPED = "dropped"


class ContactChannel(enum.StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    IN_PERSON = "in_person"
    MESSAGE = "message"  # text message or chat app
    SOCIAL_MEDIA = "social_media"
    OTHER = "other"


class ContactOutcome(enum.StrEnum):
    INTRODUCTION = "introduction"  # introduction made
    TIP = "tip"  # vacancy tip received
    ADVICE = "advice"
    NO_ANSWER = "no_answer"
    NOT_NOW = "not_now"


class Goal(Versioned, db.Model):
    """What the jobseeker works towards: "work as a logistics planner within 30 km by June"."""

    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)
    target_date: Mapped[date | None]
    status: Mapped[GoalStatus] = mapped_column(enum_column(GoalStatus, "goal_status"),
                                               default=GoalStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    case: Mapped[Case] = relationship()
    steps: Mapped[list[GoalStep]] = relationship(
        back_populates="goal", cascade="all, delete-orphan",
        order_by="[GoalStep.position, GoalStep.id]")

    def __repr__(self) -> str:
        return f"<Goal {self.id} case={self.case_id} {self.status.value}>"


class GoalStep(Versioned, db.Model):
    """One step towards a goal, ticked off when done."""

    __tablename__ = "goal_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)
    target_date: Mapped[date | None]
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    goal: Mapped[Goal] = relationship(back_populates="steps")

    def __repr__(self) -> str:
        return f"<GoalStep {self.id} goal={self.goal_id}{' done' if self.done_at else ''}>"

    @property
    def done(self) -> bool:
        return self.done_at is not None


class ContactLog(Versioned, db.Model):
    """One contact with someone of the network: what was asked, what came of it, and when
    to follow it up.

    The person's name is kept as it was, so the log still reads well after someone has
    been taken off the map (``person_id`` then becomes NULL).
    """

    __tablename__ = "contact_logs"
    __table_args__ = (
        Index("ix_contact_logs_case_date", "case_id", "contacted_on"),
        Index("ix_contact_logs_follow_up", "follow_up_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True)
    person_name: Mapped[str] = mapped_column(String(200), default="")
    contacted_on: Mapped[date]
    channel: Mapped[ContactChannel] = mapped_column(enum_column(ContactChannel,
                                                                "contact_channel"))
    asked: Mapped[str] = mapped_column(Text, default="")  # what was asked
    outcome: Mapped[ContactOutcome] = mapped_column(enum_column(ContactOutcome,
                                                                "contact_outcome"))
    note: Mapped[str] = mapped_column(Text, default="")
    follow_up_on: Mapped[date | None]
    follow_up_done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    case: Mapped[Case] = relationship()
    person: Mapped[Person | None] = relationship()
    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<ContactLog {self.id} case={self.case_id} {self.contacted_on}>"

    @property
    def follow_up_done(self) -> bool:
        return self.follow_up_done_at is not None

    def follow_up_overdue(self, today: date) -> bool:
        return (self.follow_up_on is not None and not self.follow_up_done
                and self.follow_up_on < today)
