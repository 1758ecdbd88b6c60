"""Conferences of a case, their preparation checklist, invitations and information notes."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eigenkracht.auth.models import User
from eigenkracht.cases.models import Case
from eigenkracht.core.db import UTCDateTime, Versioned, enum_column, utcnow
from eigenkracht.extensions import db
from eigenkracht.network.models import Person


class ConferenceKind(enum.StrEnum):
    FIRST = "first"
    REVIEW = "review"  # a review meeting (evaluatiebijeenkomst)


class Phase(enum.StrEnum):
    """The day of the conference, in order. ``closed`` is reached when the plan is decided."""

    PLANNED = "planned"
    INFORMATION = "information"
    PRIVATE_TIME = "private_time"  # the family and network alone: nothing is recorded
    PRESENTATION = "presentation"  # the family presents its plan
    DECISION = "decision"  # the referrer decides
    CLOSED = "closed"
    CANCELLED = "cancelled"


class VenueKind(enum.StrEnum):
    ADDRESS = "address"
    ONLINE = "online"


class ChecklistKey(enum.StrEnum):
    MET_CLIENT = "met_client"
    MAP_MADE = "map_made"
    INVITATIONS_SENT = "invitations_sent"
    INFORMATION_GIVERS_BRIEFED = "information_givers_briefed"
    VENUE_BOOKED = "venue_booked"
    INTERPRETER_BOOKED = "interpreter_booked"
    CHILDS_VIEW_COLLECTED = "childs_view_collected"
    BOTTOM_LINES_RECEIVED = "bottom_lines_received"


class InvitationRole(enum.StrEnum):
    FAMILY = "family"
    NETWORK = "network"
    INFORMATION_GIVER = "information_giver"
    INTERPRETER = "interpreter"
    CHILDS_ADVOCATE = "childs_advocate"


class InvitationStatus(enum.StrEnum):
    TO_INVITE = "to_invite"
    INVITED = "invited"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    ATTENDED = "attended"
    ABSENT = "absent"


class Participation(enum.StrEnum):
    IN_PERSON = "in_person"
    VIDEO = "video"
    PHONE = "phone"
    LETTER = "letter"  # a letter or message read out
    REPRESENTED = "represented"  # someone speaks for them


class Answer(enum.StrEnum):
    YES = "yes"
    NO = "no"
    MAYBE = "maybe"


class SendStatus(enum.StrEnum):
    NOT_SENT = "not_sent"
    SENT = "sent"
    FAILED = "failed"


class Conference(Versioned, db.Model):
    """One meeting of the family and network: the first conference or a review meeting."""

    __tablename__ = "conferences"
    __table_args__ = (Index("ix_conferences_case_starts", "case_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    kind: Mapped[ConferenceKind] = mapped_column(enum_column(ConferenceKind, "conference_kind"),
                                                 default=ConferenceKind.FIRST)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_minutes: Mapped[int] = mapped_column(default=180)
    venue_kind: Mapped[VenueKind] = mapped_column(enum_column(VenueKind, "venue_kind"),
                                                  default=VenueKind.ADDRESS)
    venue_address: Mapped[str] = mapped_column(String(300), default="")
    meeting_link: Mapped[str] = mapped_column(String(500), default="")
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    interpreter_languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    interpreter_booked: Mapped[bool] = mapped_column(default=False)
    childs_advocate: Mapped[str] = mapped_column(String(200), default="")
    practical_notes: Mapped[str] = mapped_column(Text, default="")
    coordinator_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    phase: Mapped[Phase] = mapped_column(enum_column(Phase, "conference_phase"),
                                         default=Phase.PLANNED)
    information_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    private_time_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    presentation_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    follow_up_call_on: Mapped[date | None]
    follow_up_done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str] = mapped_column(String(500), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship()
    coordinator: Mapped[User | None] = relationship()
    checklist: Mapped[list[ChecklistItem]] = relationship(
        back_populates="conference", cascade="all, delete-orphan")
    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="conference", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Conference {self.id} case={self.case_id} {self.phase.value}>"


class ChecklistItem(db.Model):
    """A preparation step ticked off, with who and when."""

    __tablename__ = "conference_checklist"
    __table_args__ = (UniqueConstraint("conference_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"))
    key: Mapped[ChecklistKey] = mapped_column(enum_column(ChecklistKey, "checklist_key"))
    done_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    conference: Mapped[Conference] = relationship(back_populates="checklist")
    done_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<ChecklistItem {self.conference_id} {self.key.value}>"


class Invitation(Versioned, db.Model):
    """A person of the map invited to a conference, their answer and their needs."""

    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("conference_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"),
                                           index=True)
    role: Mapped[InvitationRole] = mapped_column(enum_column(InvitationRole, "invitation_role"),
                                                 default=InvitationRole.NETWORK)
    status: Mapped[InvitationStatus] = mapped_column(
        enum_column(InvitationStatus, "invitation_status"), default=InvitationStatus.TO_INVITE)
    participation: Mapped[Participation] = mapped_column(
        enum_column(Participation, "participation"), default=Participation.IN_PERSON)
    needs_diet: Mapped[str] = mapped_column(String(300), default="")
    needs_access: Mapped[str] = mapped_column(String(300), default="")
    answer: Mapped[Answer | None] = mapped_column(enum_column(Answer, "invitation_answer"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answer_note: Mapped[str] = mapped_column(Text, default="")
    suggestions: Mapped[str] = mapped_column(Text, default="")  # "who else should be there?"
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    token_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    send_status: Mapped[SendStatus] = mapped_column(enum_column(SendStatus, "send_status"),
                                                    default=SendStatus.NOT_SENT)
    send_error: Mapped[str] = mapped_column(String(500), default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    letter_printed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # marked present
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    conference: Mapped[Conference] = relationship(back_populates="invitations")
    person: Mapped[Person] = relationship()

    def __repr__(self) -> str:
        return f"<Invitation {self.id} conference={self.conference_id} person={self.person_id}>"


class InformationNote(db.Model):
    """What an information giver said in the information phase (never private family time)."""

    __tablename__ = "information_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"),
                                               index=True)
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitations.id", ondelete="SET NULL"))
    # A note of the referrer (who is not an invitation of the map, but a user of the case).
    referrer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    corrected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    referrer: Mapped[User | None] = relationship(foreign_keys=[referrer_id])
    revisions: Mapped[list[NoteRevision]] = relationship(
        cascade="all, delete-orphan", order_by="NoteRevision.replaced_at")

    def __repr__(self) -> str:
        return f"<InformationNote {self.id} conference={self.conference_id}>"


class NoteRevision(db.Model):
    """The words of a note before a correction: a note's history."""

    __tablename__ = "information_note_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("information_notes.id", ondelete="CASCADE"),
                                         index=True)
    text: Mapped[str] = mapped_column(Text)
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    replaced_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<NoteRevision note={self.note_id}>"


class PhaseMove(db.Model):
    """One move of the day's state machine, kept so that a tap can be undone (for two
    minutes) and every start of private time keeps its stamp."""

    __tablename__ = "conference_phase_moves"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"),
                                               index=True)
    from_phase: Mapped[Phase] = mapped_column(enum_column(Phase, "phase_move_from"))
    to_phase: Mapped[Phase] = mapped_column(enum_column(Phase, "phase_move_to"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    # what the target phase's stamp was before this move (restored by an undo)
    previous_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    set_follow_up: Mapped[bool] = mapped_column(default=False)
    tapped: Mapped[bool] = mapped_column(default=False)  # a tap on the day page (undoable)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<PhaseMove {self.conference_id} {self.from_phase.value}→{self.to_phase.value}>"


class ReferrerAttendance(db.Model):
    """The referrer (a user of the case, not a person of the map) on the register."""

    __tablename__ = "conference_referrers"
    __table_args__ = (UniqueConstraint("conference_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[InvitationStatus] = mapped_column(
        enum_column(InvitationStatus, "referrer_status"), default=InvitationStatus.INVITED)
    participation: Mapped[Participation] = mapped_column(
        enum_column(Participation, "referrer_participation"), default=Participation.IN_PERSON)
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<ReferrerAttendance {self.conference_id} user={self.user_id}>"


class CallOutcome(enum.StrEnum):
    REACHED = "reached"  # the call is done
    NO_ANSWER = "no_answer"  # try again
    MESSAGE_LEFT = "message_left"  # try again
    CALL_BACK = "call_back"  # they will call back / call again on a later date


class FollowUpCall(db.Model):
    """A follow-up call after the conference, as it went: who was reached, what came of it."""

    __tablename__ = "follow_up_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"),
                                               index=True)
    called_on: Mapped[date]
    reached: Mapped[str] = mapped_column(String(200), default="")
    outcome: Mapped[CallOutcome] = mapped_column(enum_column(CallOutcome, "call_outcome"))
    notes: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    next_call_on: Mapped[date | None]
    previous_call_on: Mapped[date | None]  # the to-do date before this call (for an undo)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<FollowUpCall {self.conference_id} {self.outcome.value}>"


class CalendarFeed(db.Model):
    """A user's personal ``.ics`` feed: only the SHA-256 of its secret token is kept.

    One per user; making a new one replaces the hash (the old address stops working),
    revoking deletes the row.
    """

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<CalendarFeed user={self.user_id}>"


class ChangeKind(enum.StrEnum):
    MOVED = "moved"  # another date or time
    RELOCATED = "relocated"  # another place (or meeting link)
    MOVED_AND_RELOCATED = "moved_relocated"
    CANCELLED = "cancelled"


class ConferenceChange(db.Model):
    """A conference moved, relocated or cancelled after it was planned: what it was before,
    so that the update e-mail and a reprinted letter can mark the change, and whether
    everyone invited has been told."""

    __tablename__ = "conference_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"),
                                               index=True)
    kind: Mapped[ChangeKind] = mapped_column(enum_column(ChangeKind, "conference_change_kind"))
    previous_starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    previous_duration_minutes: Mapped[int] = mapped_column(default=180)
    previous_location: Mapped[str] = mapped_column(String(500), default="")
    made_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    made_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notified_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))

    conference: Mapped[Conference] = relationship()

    def __repr__(self) -> str:
        return f"<ConferenceChange {self.conference_id} {self.kind.value}>"
