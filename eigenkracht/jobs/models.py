"""Goals with steps, and the log of contacts with people of a jobseeker's network."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
)
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
    # The steps of placement work (issue 21): the contact may be with an employer, the
    # person who introduced the jobseeker, or the jobseeker himself.
    INTERVIEW_PLANNED = "interview_planned"
    INTERVIEW_HELD = "interview_held"
    OFFER = "offer"
    HIRED = "hired"
    NOT_HIRED = "not_hired"


class FollowUpKind(enum.StrEnum):
    """What a follow-up on the coach's lists is: the follow-up of a logged contact, or one
    of the checks a placement starts (``jobs.followups`` lists both as one kind of item)."""

    CONTACT = "contact"
    PLACEMENT_CHECK = "placement_check"


class LeadKind(enum.StrEnum):
    VACANCY = "vacancy"  # a vacancy someone passed on
    INTRODUCTION = "introduction"  # someone introduces the jobseeker to an employer


class LeadStage(enum.StrEnum):
    """The stages of a lead, in order; ``hired`` and ``closed`` end it."""

    IDEA = "idea"
    ASKED = "asked"
    INTRODUCED = "introduced"
    INTERVIEW = "interview"
    HIRED = "hired"
    CLOSED = "closed"


LEAD_STAGE_ORDER = tuple(LeadStage)
FINAL_LEAD_STAGES = frozenset({LeadStage.HIRED, LeadStage.CLOSED})


class ContractKind(enum.StrEnum):
    PERMANENT = "permanent"
    FIXED_TERM = "fixed_term"
    TEMP_AGENCY = "temp_agency"
    ON_CALL = "on_call"
    TRIAL = "trial"  # trial placement with keeping of benefits
    OTHER = "other"


# A placement is checked this many months after its start (the figures count the
# placements still held at each of them).
PLACEMENT_CHECK_MONTHS = (1, 3, 6, 12)


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
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # when it was ticked off
    done_on: Mapped[date | None]  # the day it was done (may lie in the past)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    goal: Mapped[Goal] = relationship(back_populates="steps")

    def __repr__(self) -> str:
        return f"<GoalStep {self.id} goal={self.goal_id}{' done' if self.done_at else ''}>"

    @property
    def done(self) -> bool:
        return self.done_at is not None

    @property
    def done_day(self) -> date | None:
        """The day it was done: the date given, else the (UTC) day it was ticked off."""
        if self.done_on is not None:
            return self.done_on
        return self.done_at.date() if self.done_at is not None else None


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
    follow_up_done_on: Mapped[date | None]  # the day it was done (may lie in the past)
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

    @property
    def follow_up_done_day(self) -> date | None:
        """The day the follow-up was done: the date given, else the (UTC) day it was
        ticked off."""
        if self.follow_up_done_on is not None:
            return self.follow_up_done_on
        return self.follow_up_done_at.date() if self.follow_up_done_at is not None else None

    def follow_up_overdue(self, today: date) -> bool:
        return (self.follow_up_on is not None and not self.follow_up_done
                and self.follow_up_on < today)


class Lead(Versioned, db.Model):
    """A vacancy or an introduction that came from someone of the network, moving through
    the stages of ``LeadStage``. The person's name is kept as it was, like the contact
    log's, so a lead still reads well after they left the map."""

    __tablename__ = "leads"
    __table_args__ = (Index("ix_leads_case_stage", "case_id", "stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True)
    person_name: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[LeadKind] = mapped_column(enum_column(LeadKind, "lead_kind"))
    title: Mapped[str] = mapped_column(String(200))  # "planner at Van Dijk Logistics"
    employer: Mapped[str] = mapped_column(String(200), default="")
    stage: Mapped[LeadStage] = mapped_column(enum_column(LeadStage, "lead_stage"),
                                             default=LeadStage.IDEA)
    noted_on: Mapped[date]  # when the lead came up (may lie in the past)
    stage_on: Mapped[date]  # when it reached its stage
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    case: Mapped[Case] = relationship()
    person: Mapped[Person | None] = relationship()

    def __repr__(self) -> str:
        return f"<Lead {self.id} case={self.case_id} {self.stage.value}>"

    @property
    def is_open(self) -> bool:
        return self.stage not in FINAL_LEAD_STAGES


class Placement(Versioned, db.Model):
    """The jobseeker started work: employer, start date, hours a week and contract. It
    starts a check at 1, 3, 6 and 12 months (``PlacementCheck``)."""

    __tablename__ = "placements"
    __table_args__ = (
        CheckConstraint("hours_per_week BETWEEN 1 AND 60", name="hours_range"),
        Index("ix_placements_case_start", "case_id", "started_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id", ondelete="SET NULL"),
                                                index=True)
    employer: Mapped[str] = mapped_column(String(200))
    job_title: Mapped[str] = mapped_column(String(200), default="")
    started_on: Mapped[date]
    hours_per_week: Mapped[int]
    contract: Mapped[ContractKind] = mapped_column(enum_column(ContractKind, "contract_kind"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    case: Mapped[Case] = relationship()
    lead: Mapped[Lead | None] = relationship()
    checks: Mapped[list[PlacementCheck]] = relationship(
        back_populates="placement", cascade="all, delete-orphan",
        order_by="PlacementCheck.months")

    def __repr__(self) -> str:
        return f"<Placement {self.id} case={self.case_id} {self.started_on}>"


class PlacementCheck(Versioned, db.Model):
    """Is the jobseeker still in the job ``months`` after the start? A follow-up of kind
    ``FollowUpKind.PLACEMENT_CHECK``: due on ``due_on``, overdue from the day after, done
    on ``done_on`` with the answer in ``held``."""

    __tablename__ = "placement_checks"
    __table_args__ = (
        UniqueConstraint("placement_id", "months"),
        Index("ix_placement_checks_case_due", "case_id", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    months: Mapped[int]
    due_on: Mapped[date]
    done_on: Mapped[date | None]
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    held: Mapped[bool | None]  # still in the job at the check; None while open
    note: Mapped[str] = mapped_column(Text, default="")

    placement: Mapped[Placement] = relationship(back_populates="checks")
    case: Mapped[Case] = relationship()

    def __repr__(self) -> str:
        return f"<PlacementCheck {self.id} placement={self.placement_id} {self.months}m>"

    @property
    def done(self) -> bool:
        return self.done_on is not None

    def overdue(self, today: date) -> bool:
        return not self.done and self.due_on < today


class CoachSettings(db.Model):
    """A job coach's own choices for their day: the morning e-mail of follow-ups due
    (opt-in), and the day it was last sent (so it goes out once a day, however often the
    schedule or a consumer runs it)."""

    __tablename__ = "coach_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    morning_digest: Mapped[bool] = mapped_column(default=False, server_default=false())
    last_digest_on: Mapped[date | None]

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<CoachSettings user={self.user_id} digest={self.morning_digest}>"
