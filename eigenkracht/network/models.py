"""People of a client's network, the ties between them, and frozen snapshots of the map."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eigenkracht.cases.models import Case
from eigenkracht.core.db import UTCDateTime, Versioned, enum_column, utcnow
from eigenkracht.extensions import db


class Sector(enum.StrEnum):
    FAMILY = "family"
    FRIENDS = "friends"
    COMMUNITY = "community"  # neighbourhood and community
    SCHOOL_WORK = "school_work"
    PROFESSIONALS = "professionals"


class Support(enum.StrEnum):
    """The P/G/A/E of the Dutch ecogram."""

    PRACTICAL = "practical"
    COMPANY = "company"
    ADVICE = "advice"  # advice and information
    EMOTIONAL = "emotional"


class SupportDirection(enum.StrEnum):
    TO_CLIENT = "to_client"
    FROM_CLIENT = "from_client"
    BOTH = "both"


class ContactFrequency(enum.StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    YEARLY = "yearly"
    RARELY = "rarely"


class KnownFor(enum.StrEnum):
    UNDER_ONE_YEAR = "under_1"
    ONE_TO_FIVE = "1_5"
    OVER_FIVE = "over_5"
    LIFELONG = "lifelong"


class Gender(enum.StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class HelpWith(enum.StrEnum):
    """What someone can do for a jobseeker."""

    INTRODUCTION = "introduction"
    VACANCY_TIPS = "vacancy_tips"
    ADVICE = "advice"
    PRACTICE_INTERVIEW = "practice_interview"
    REFERENCE = "reference"


class TieKind(enum.StrEnum):
    PARENT = "parent"  # person_a is a parent of person_b
    PARTNER = "partner"
    EX_PARTNER = "ex_partner"
    SIBLING = "sibling"
    CHILD = "child"  # person_a is a child of person_b
    FRIEND = "friend"
    COLLEAGUE = "colleague"
    CONFLICT = "conflict"
    CUT_OFF = "cut_off"


class TieQuality(enum.StrEnum):
    STRONG = "strong"
    ORDINARY = "ordinary"
    WEAK = "weak"
    TENSE = "tense"


class Person(Versioned, db.Model):
    """Someone in the client's network — or the client, the centre of the map."""

    __tablename__ = "people"
    __table_args__ = (
        CheckConstraint("ring BETWEEN 1 AND 3", name="ring_range"),
        Index("ix_people_case_id", "case_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    is_client: Mapped[bool] = mapped_column(default=False)  # a client: in the centre
    # The client of the case this person stands for on the map (one person per client:
    # two requests creating it at once cannot both win). A client taken off the case
    # leaves a person of the family, with their ties (``services.centre_people``).
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("clients.id", ondelete="SET NULL"), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    relation: Mapped[str] = mapped_column(String(100), default="")
    sector: Mapped[Sector] = mapped_column(enum_column(Sector, "person_sector"),
                                           default=Sector.FAMILY)
    ring: Mapped[int] = mapped_column(default=2)
    support: Mapped[list[str]] = mapped_column(JSON, default=list)
    support_direction: Mapped[SupportDirection | None] = mapped_column(
        enum_column(SupportDirection, "support_direction"))
    contact_frequency: Mapped[ContactFrequency | None] = mapped_column(
        enum_column(ContactFrequency, "contact_frequency"))
    known_for: Mapped[KnownFor | None] = mapped_column(enum_column(KnownFor, "known_for"))
    gender: Mapped[Gender] = mapped_column(enum_column(Gender, "gender"), default=Gender.UNKNOWN)
    language: Mapped[str] = mapped_column(String(10), default="nl")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    # "Share my number in the plan": off by default; who said so and when (plans/contacts.py)
    share_contact: Mapped[bool] = mapped_column(default=False, server_default=false())
    share_contact_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    share_contact_by: Mapped[str] = mapped_column(String(200), default="", server_default="")
    birth_year: Mapped[int | None]
    deceased: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    occupation: Mapped[str] = mapped_column(String(200), default="")
    employer: Mapped[str] = mapped_column(String(200), default="")
    can_help_with: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Since when this person belongs to the network (may lie in the past, for a case
    # entered late); None: since the day they were added. The chart's history uses it.
    on_map_since: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    case: Mapped[Case] = relationship()

    def __repr__(self) -> str:
        return f"<Person {self.id} case={self.case_id}>"

    @property
    def first_name(self) -> str:
        return self.name.split(" ", 1)[0] if self.name else ""


class Relationship(Versioned, db.Model):
    """A tie between two people of the same case: a line of the eco-map and genogram."""

    __tablename__ = "relationships"
    __table_args__ = (
        UniqueConstraint("case_id", "person_a_id", "person_b_id", "kind"),
        CheckConstraint("person_a_id <> person_b_id", name="not_self"),
        Index("ix_relationships_person_a_id", "person_a_id"),
        Index("ix_relationships_person_b_id", "person_b_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    person_a_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    person_b_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[TieKind] = mapped_column(enum_column(TieKind, "tie_kind"))
    quality: Mapped[TieQuality] = mapped_column(enum_column(TieQuality, "tie_quality"),
                                                default=TieQuality.ORDINARY)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    person_a: Mapped[Person] = relationship(foreign_keys=[person_a_id])
    person_b: Mapped[Person] = relationship(foreign_keys=[person_b_id])

    def __repr__(self) -> str:
        return f"<Relationship {self.person_a_id}-{self.kind.value}-{self.person_b_id}>"


class NetworkSnapshot(db.Model):
    """The map frozen at a moment: people and ties as JSON, to compare over time."""

    __tablename__ = "network_snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    taken_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    automatic: Mapped[bool] = mapped_column(default=False)
    # The day the snapshot stands for (past allowed, never the future), for maps entered
    # late; None: the day it was taken (``taken_at`` in the organisation's time zone).
    as_of: Mapped[date | None]
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    def __repr__(self) -> str:
        return f"<NetworkSnapshot {self.id} case={self.case_id} {self.label!r}>"


class MapDeparture(db.Model):
    """Someone taken off the map: when they had come and when they left, and their ring,
    so the history of the map can still count them (no name: nothing to erase)."""

    __tablename__ = "map_departures"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int]  # the id they had (the person row is gone)
    ring: Mapped[int]
    on_map_since: Mapped[date]
    left_on: Mapped[date]

    def __repr__(self) -> str:
        return f"<MapDeparture case={self.case_id} person={self.person_id} {self.left_on}>"
