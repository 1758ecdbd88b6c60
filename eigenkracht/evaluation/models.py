"""Questionnaire answers, kept apart from who gave them.

``EvaluationAnswer`` holds what was answered, with the round (the conference or review
meeting) and the person's *role* — never the person. ``EvaluationReceipt`` only says that a
person answered in a round, so that each answers once; it holds nothing of the answer. No
page joins the two: the coordinator and the figures see answers per role.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from eigenkracht.core.db import UTCDateTime, enum_column, utcnow
from eigenkracht.extensions import db


class RespondentRole(enum.StrEnum):
    """Who answered, as the summary groups them."""

    CHILD = "child"  # a child of the family: the child's version
    FAMILY = "family"  # the family (the client, parents, relatives)
    NETWORK = "network"  # friends, neighbours, school, the wider network
    PROFESSIONAL = "professional"  # information givers, the child's advocate, interpreters


class QuestionnaireForm(enum.StrEnum):
    ADULT = "adult"
    CHILD = "child"  # faces and simple words
    PROFESSIONAL = "professional"


class EvaluationAnswer(db.Model):
    """One filled-in questionnaire, anonymous within its round: scores and a comment."""

    __tablename__ = "evaluation_answers"
    __table_args__ = (
        CheckConstraint("satisfaction_conference BETWEEN 1 AND 5", name="conference_score"),
        CheckConstraint("satisfaction_plan BETWEEN 1 AND 5", name="plan_score"),
        CheckConstraint("felt_heard BETWEEN 1 AND 5", name="heard_score"),
        CheckConstraint("scale BETWEEN 0 AND 10", name="scale_range"),
        Index("ix_evaluation_answers_conference_role", "conference_id", "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    # the round: the conference or the review meeting it is about
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"))
    role: Mapped[RespondentRole] = mapped_column(enum_column(RespondentRole, "respondent_role"))
    form: Mapped[QuestionnaireForm] = mapped_column(
        enum_column(QuestionnaireForm, "questionnaire_form"))
    satisfaction_conference: Mapped[int | None]  # 1 (not at all) … 5 (very)
    satisfaction_plan: Mapped[int | None]
    felt_heard: Mapped[int | None]
    scale: Mapped[int | None]  # 0–10: how safe / how well is it going
    comment: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(10), default="nl")
    answered_on: Mapped[date]  # the day only: no time that could point to a person

    def __repr__(self) -> str:
        return f"<EvaluationAnswer {self.id} conference={self.conference_id} {self.role.value}>"


class EvaluationReceipt(db.Model):
    """That ``person`` answered the questionnaire of a round (once per person per round)."""

    __tablename__ = "evaluation_receipts"
    __table_args__ = (UniqueConstraint("conference_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"),
                                           index=True)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<EvaluationReceipt conference={self.conference_id} person={self.person_id}>"
