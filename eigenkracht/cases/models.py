"""Cases, their assigned staff and the referrer's bottom lines."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eigenkracht.auth.models import Organisation, User
from eigenkracht.core.db import UTCDateTime, Versioned, enum_column, utcnow
from eigenkracht.extensions import db


class CaseKind(enum.StrEnum):
    YOUTH = "youth"
    WORK = "work"
    OTHER = "other"


class CaseStatus(enum.StrEnum):
    REFERRAL = "referral"
    PREPARATION = "preparation"
    CONFERENCE = "conference"
    FOLLOW_UP = "follow_up"
    CLOSED = "closed"


class ClosedReason(enum.StrEnum):
    """Why a case was closed, as the figures count it (``eigenkracht.figures``)."""

    GOALS_REACHED = "goals_reached"  # the plan worked
    NO_CONSENT = "no_consent"  # no consent, or the family did not want a conference
    NO_CONFERENCE = "no_conference"  # no conference came about
    PLAN_NOT_ACCEPTED = "plan_not_accepted"
    PLAN_NOT_WORKING = "plan_not_working"  # the plan did not hold: other help is needed
    REFERRAL_WITHDRAWN = "referral_withdrawn"
    MOVED = "moved"  # the client moved away
    OTHER = "other"


class AssignmentRole(enum.StrEnum):
    """The part a member of staff plays in one case."""

    COORDINATOR = "coordinator"
    JOBCOACH = "jobcoach"
    REFERRER = "referrer"


class Case(Versioned, db.Model):
    """The clients (one or more) and the question their network works on.

    ``client_first_name`` and ``client_last_name`` are the case's name in lists and
    searches: kept from its clients by ``cases.clients.name_case`` (the first names of all
    clients, their last names), so that the case list reads its index and never a client row.
    """

    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("organisation_id", "reference"),
        # The case list: newest activity first (id breaks ties, so the index gives the order
        # as it is), and the columns its filters and search look at, so that neither the
        # list, the search nor the count reads a table row for a case it does not show.
        Index("ix_cases_list", "organisation_id", "last_activity_at", "id", "status", "kind",
              "reference", "client_first_name", "client_last_name"),
        # The figures (``eigenkracht.figures``): the cases referred in a period.
        Index("ix_cases_figures", "organisation_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    reference: Mapped[str] = mapped_column(String(20))
    kind: Mapped[CaseKind] = mapped_column(enum_column(CaseKind, "case_kind"))
    status: Mapped[CaseStatus] = mapped_column(
        enum_column(CaseStatus, "case_status"), default=CaseStatus.REFERRAL
    )
    client_first_name: Mapped[str] = mapped_column(String(100))
    client_last_name: Mapped[str] = mapped_column(String(100), default="")
    central_question: Mapped[str] = mapped_column(Text, default="")
    concerns: Mapped[str] = mapped_column(Text, default="")
    closed_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Why it was closed, one of ``ClosedReason`` (counted by the figures); "" before it was
    # asked. ``closed_reason`` is the free text beside it, never counted.
    closed_reason_code: Mapped[str] = mapped_column(String(30), default="", server_default="")
    # What a work case (a jobseeker) records instead of a child's consent: the work aimed
    # for, the line of work it is in (the map's gaps look for people in it), the last job,
    # when the jobseeker can work and what stands in the way.
    work_goal: Mapped[str] = mapped_column(Text, default="", server_default="")
    work_sector: Mapped[str] = mapped_column(String(200), default="", server_default="")
    last_job: Mapped[str] = mapped_column(Text, default="", server_default="")
    availability: Mapped[str] = mapped_column(Text, default="", server_default="")
    barriers: Mapped[str] = mapped_column(Text, default="", server_default="")

    retention_until: Mapped[date | None]
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship()
    assignments: Mapped[list[CaseAssignment]] = relationship(
        back_populates="case", cascade="all, delete-orphan"
    )
    bottom_lines: Mapped[list[BottomLine]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="BottomLine.position"
    )
    clients: Mapped[list[Client]] = relationship(
        back_populates="case", cascade="all, delete-orphan",
        order_by="[Client.position, Client.id]"
    )
    referrer: Mapped[Referrer | None] = relationship(
        back_populates="case", cascade="all, delete-orphan", uselist=False
    )
    status_changes: Mapped[list[StatusChange]] = relationship(
        back_populates="case", cascade="all, delete-orphan",
        order_by="[StatusChange.created_at, StatusChange.id]"
    )

    def __repr__(self) -> str:
        return f"<Case {self.reference}>"

    @property
    def client_name(self) -> str:
        return f"{self.client_first_name} {self.client_last_name}".strip()

    def staff(self, role: AssignmentRole) -> list[User]:
        return [a.user for a in self.assignments if a.role == role]


class CaseAssignment(db.Model):
    """A member of staff who works on a case, and in which part."""

    __tablename__ = "case_assignments"
    __table_args__ = (UniqueConstraint("case_id", "user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[AssignmentRole] = mapped_column(enum_column(AssignmentRole, "assignment_role"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="assignments")
    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<CaseAssignment case={self.case_id} user={self.user_id} {self.role.value}>"


class BottomLine(Versioned, db.Model):
    """A condition of the referrer that any plan must meet."""

    __tablename__ = "bottom_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="bottom_lines")

    def __repr__(self) -> str:
        return f"<BottomLine {self.case_id}#{self.position}>"


class CaseCounter(db.Model):
    """The last case number handed out per organisation and year (EK-YYYY-NNNN)."""

    __tablename__ = "case_counters"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(default=0)


class Client(Versioned, db.Model):
    """A central person of a case: a child or an adult, with their own consent.

    Born on ``birth_date``, or, when only the year is known, in ``birth_year`` (the consent
    rules then take the safe reading: ``cases.consent``). Consent is recorded per client: by
    the client themself, by the parents, or both, as the client's age requires.
    """

    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100), default="")
    birth_date: Mapped[date | None]
    birth_year: Mapped[int | None]
    consent_client_on: Mapped[date | None]
    consent_parents_on: Mapped[date | None]
    consent_parents_names: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="clients")

    def __repr__(self) -> str:
        return f"<Client {self.case_id}#{self.position}>"

    @property
    def name(self) -> str:
        """The client's whole name, as shown on pages, the plan and the map."""
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def year_of_birth(self) -> int | None:
        """The year of birth, from the date when it is known."""
        return self.birth_date.year if self.birth_date else self.birth_year


class Referrer(Versioned, db.Model):
    """Who referred the case: a contact, usually at another organisation.

    Not necessarily a user: an external referrer works through a personal link with a
    one-time code (``eigenkracht.referrers``). ``user`` is set when the referrer has an
    account here; they then keep using it.
    """

    __tablename__ = "referrers"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"),
                                         unique=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="referrer")
    user: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Referrer {self.id} case={self.case_id}>"

    @property
    def label(self) -> str:
        """Who they are in one line: "Name (Organisation)"."""
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


class StatusChange(db.Model):
    """One step of a case's status: from, to, why, and who moved it (or which event)."""

    __tablename__ = "case_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[CaseStatus | None] = mapped_column(enum_column(CaseStatus, "from_status"))
    to_status: Mapped[CaseStatus] = mapped_column(enum_column(CaseStatus, "to_status"))
    event: Mapped[str] = mapped_column(String(40), default="manual")
    reason: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_label: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="status_changes")
    user: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<StatusChange {self.case_id} {self.from_status} → {self.to_status.value}>"

    @property
    def automatic(self) -> bool:
        return self.event != "manual"
