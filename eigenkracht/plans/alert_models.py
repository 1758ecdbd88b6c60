""""This is not working": a note from the family page that the plan wobbles.

Kept apart from ``plans.models`` so that the plan's own tables stay as they are; the rules
are in ``plans.alerts``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eigenkracht.auth.models import User
from eigenkracht.cases.models import Case
from eigenkracht.conference.models import Conference
from eigenkracht.core.db import UTCDateTime, utcnow
from eigenkracht.extensions import db
from eigenkracht.network.models import Person
from eigenkracht.plans.models import Plan


class PlanAlert(db.Model):
    """Someone of the plan (its monitor, or a person with a task) said "this is not
    working": their short note, the contingency agreement that applied at that moment (as
    it read then), who was alerted, and how the coordinator handled it (a review meeting
    planned from it, or marked handled)."""

    __tablename__ = "plan_alerts"
    __table_args__ = (Index("ix_plan_alerts_case_open", "case_id", "handled_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"),
                                                  index=True)
    # "monitor" or "task": why this person could say it (counted by the figures)
    reporter_role: Mapped[str] = mapped_column(String(20), default="task")
    note: Mapped[str] = mapped_column(Text, default="")
    contingency: Mapped[str] = mapped_column(Text, default="")  # the agreement that applied
    referrer_alerted: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    review_id: Mapped[int | None] = mapped_column(
        ForeignKey("conferences.id", ondelete="SET NULL"))  # review meeting planned from it

    case: Mapped[Case] = relationship()
    plan: Mapped[Plan] = relationship()
    person: Mapped[Person | None] = relationship()
    handled_by: Mapped[User | None] = relationship()
    review: Mapped[Conference | None] = relationship()

    def __repr__(self) -> str:
        return f"<PlanAlert {self.id} plan={self.plan_id}>"

    @property
    def open(self) -> bool:
        return self.handled_at is None
