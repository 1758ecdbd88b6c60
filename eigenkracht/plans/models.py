"""Plans (versioned), their actions, the bottom lines they answer and action updates."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eigenkracht.auth.models import User
from eigenkracht.cases.models import BottomLine, Case, Referrer
from eigenkracht.conference.models import Conference
from eigenkracht.core.db import UTCDateTime, enum_column, utcnow
from eigenkracht.extensions import db
from eigenkracht.network.models import Person


class PlanStatus(enum.StrEnum):
    DRAFT = "draft"
    PRESENTED = "presented"
    ACCEPTED = "accepted"  # frozen: only followed (action status and updates)
    NOT_ACCEPTED = "not_accepted"  # back to the family: revise and present again
    SUPERSEDED = "superseded"  # a later version was accepted


class Decision(enum.StrEnum):
    ACCEPTED = "accepted"
    ACCEPTED_WITH_CHANGES = "accepted_with_changes"
    NOT_ACCEPTED = "not_accepted"


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_DONE = "not_done"


action_people = Table(
    "action_people",
    db.metadata,
    Column("action_id", ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_action_people_person_id", "person_id"),
)

bottom_line_actions = Table(
    "plan_bottom_line_actions",
    db.metadata,
    Column("plan_bottom_line_id", ForeignKey("plan_bottom_lines.id", ondelete="CASCADE"),
           primary_key=True),
    Column("action_id", ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True),
)


class Plan(db.Model):
    """One version of the family's plan for a case, made at a conference."""

    __tablename__ = "plans"
    __table_args__ = (UniqueConstraint("case_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    conference_id: Mapped[int | None] = mapped_column(
        ForeignKey("conferences.id", ondelete="SET NULL"), index=True)
    version: Mapped[int] = mapped_column(default=1)  # plan version 1, 2, … per case
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="SET NULL"))
    status: Mapped[PlanStatus] = mapped_column(enum_column(PlanStatus, "plan_status"),
                                               default=PlanStatus.DRAFT)
    central_question: Mapped[str] = mapped_column(Text, default="")
    going_well: Mapped[str] = mapped_column(Text, default="")
    concerns: Mapped[str] = mapped_column(Text, default="")
    agreements: Mapped[str] = mapped_column(Text, default="")  # other agreements
    monitor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    contingency: Mapped[str] = mapped_column(Text, default="")  # if it does not work
    # "this is not working" alerts the referrer too (plans.alerts)
    alert_referrer: Mapped[bool] = mapped_column(default=False, server_default=false())
    # who is called first when it does not work (named in the contingency section)
    first_call_id: Mapped[int | None] = mapped_column(ForeignKey("people.id",
                                                                 ondelete="SET NULL"))
    childs_view: Mapped[str] = mapped_column(Text, default="")  # in the child's words
    evaluation_date: Mapped[date | None]
    recipients: Mapped[str] = mapped_column(Text, default="")  # who receives the plan
    presented_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision: Mapped[Decision | None] = mapped_column(enum_column(Decision, "plan_decision"))
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_for_referrer: Mapped[str] = mapped_column(String(200), default="")
    # the referrer who decided through their personal link (no account: decided_by is empty)
    decided_by_referrer_id: Mapped[int | None] = mapped_column(
        ForeignKey("referrers.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    row_version: Mapped[int] = mapped_column(default=1, server_default="1")

    case: Mapped[Case] = relationship()
    conference: Mapped[Conference | None] = relationship()
    monitor: Mapped[Person | None] = relationship(foreign_keys=[monitor_id])
    first_call: Mapped[Person | None] = relationship(foreign_keys=[first_call_id])
    decided_by: Mapped[User | None] = relationship()
    decided_by_referrer: Mapped[Referrer | None] = relationship()
    actions: Mapped[list[Action]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="Action.position")
    bottom_lines: Mapped[list[PlanBottomLine]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanBottomLine.position")

    __mapper_args__ = {"version_id_col": row_version}

    def __repr__(self) -> str:
        return f"<Plan case={self.case_id} v{self.version} {self.status.value}>"

    @property
    def frozen(self) -> bool:
        return self.status in (PlanStatus.ACCEPTED, PlanStatus.SUPERSEDED)


class PlanBottomLine(db.Model):
    """A bottom line as the plan answers it: how it is met, and the referrer's judgement."""

    __tablename__ = "plan_bottom_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    bottom_line_id: Mapped[int | None] = mapped_column(
        ForeignKey("bottom_lines.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)  # the bottom line as it stood for this version
    how_met: Mapped[str] = mapped_column(Text, default="")
    met: Mapped[bool | None]  # the referrer's judgement at the decision
    note: Mapped[str] = mapped_column(Text, default="")

    plan: Mapped[Plan] = relationship(back_populates="bottom_lines")
    bottom_line: Mapped[BottomLine | None] = relationship()
    meeting_actions: Mapped[list[Action]] = relationship(secondary=bottom_line_actions)

    def __repr__(self) -> str:
        return f"<PlanBottomLine plan={self.plan_id} #{self.position}>"


class Action(db.Model):
    """An agreement: who does what, when, with what support."""

    __tablename__ = "actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    what: Mapped[str] = mapped_column(Text)
    when_date: Mapped[date | None]
    when_text: Mapped[str] = mapped_column(String(200), default="")  # "every Wednesday"
    support_needed: Mapped[str] = mapped_column(Text, default="")
    # A routine (``plans/routines.py``): "" for a one-off action, else how it repeats from
    # ``when_date`` (its first occurrence) until ``repeat_until`` (inclusive, or for good).
    repeat: Mapped[str] = mapped_column(String(10), default="", server_default="")
    repeat_days: Mapped[str] = mapped_column(String(20), default="", server_default="")
    repeat_until: Mapped[date | None]
    serves_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_bottom_lines.id", ondelete="SET NULL"))
    serves_concern: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[ActionStatus] = mapped_column(enum_column(ActionStatus, "action_status"),
                                                 default=ActionStatus.OPEN)
    origin_id: Mapped[int | None] = mapped_column(ForeignKey("actions.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    row_version: Mapped[int] = mapped_column(default=1, server_default="1")

    plan: Mapped[Plan] = relationship(back_populates="actions")
    people: Mapped[list[Person]] = relationship(secondary=action_people)
    serves: Mapped[PlanBottomLine | None] = relationship(foreign_keys=[serves_id])
    updates: Mapped[list[ActionUpdate]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="ActionUpdate.created_at")

    __mapper_args__ = {"version_id_col": row_version}

    def __repr__(self) -> str:
        return f"<Action {self.id} plan={self.plan_id} {self.status.value}>"


class ActionUpdate(db.Model):
    """A step in following the plan: a status change and/or a note, by staff or a family link.
    For a routine, ``occurrence_on`` names the occurrence this update marks done (once)."""

    __tablename__ = "action_updates"
    __table_args__ = (UniqueConstraint("action_id", "occurrence_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"),
                                           index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"))
    author_label: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    status_from: Mapped[ActionStatus | None] = mapped_column(
        enum_column(ActionStatus, "update_status_from"))
    status_to: Mapped[ActionStatus | None] = mapped_column(
        enum_column(ActionStatus, "update_status_to"))
    occurrence_on: Mapped[date | None]  # a routine's occurrence marked done
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    action: Mapped[Action] = relationship(back_populates="updates")
    author: Mapped[User | None] = relationship()
    author_person: Mapped[Person | None] = relationship()

    def __repr__(self) -> str:
        return f"<ActionUpdate action={self.action_id} {self.status_to}>"


class PlanDecision(db.Model):
    """One decision of the referrer on a version, with its reasons: the history that stays
    when the family revises a plan that was not accepted and presents it again."""

    __tablename__ = "plan_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    decision: Mapped[Decision] = mapped_column(enum_column(Decision, "history_decision"))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_by_name: Mapped[str] = mapped_column(String(200), default="")
    decided_for_referrer: Mapped[str] = mapped_column(String(200), default="")
    # per bottom line: [{"text": …, "met": true/false, "note": …}]
    bottom_lines: Mapped[list] = mapped_column(JSON, default=list)

    plan: Mapped[Plan] = relationship()

    def __repr__(self) -> str:
        return f"<PlanDecision plan={self.plan_id} {self.decision.value}>"

    @property
    def decider(self) -> str:
        """Who decided: the referrer's name (recorded for them, or their own account)."""
        return self.decided_for_referrer or self.decided_by_name


class PlanView(db.Model):
    """When a user last looked at the follow-up of a plan: "done since your last look"."""

    __tablename__ = "plan_views"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"),
                                         primary_key=True, index=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<PlanView user={self.user_id} plan={self.plan_id}>"


class PlanSignature(db.Model):
    """A participant's signature under an accepted version: the typed name, the date and a
    SHA-256 of the version as it was frozen (``plans/signatures.py``). A signature whose
    hash no longer matches the version does not count; a new version starts unsigned."""

    __tablename__ = "plan_signatures"
    __table_args__ = (UniqueConstraint("plan_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"),
                                           index=True)
    typed_name: Mapped[str] = mapped_column(String(200))
    signed_on: Mapped[date]
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    plan_hash: Mapped[str] = mapped_column(String(64))
    via: Mapped[str] = mapped_column(String(10), default="tablet")  # tablet | link
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))

    plan: Mapped[Plan] = relationship()
    person: Mapped[Person] = relationship()

    def __repr__(self) -> str:
        return f"<PlanSignature plan={self.plan_id} person={self.person_id}>"
