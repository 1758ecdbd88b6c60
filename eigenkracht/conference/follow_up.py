"""The follow-up call after a conference, as a record: when, who was reached, how it went,
notes and the next step. A call that reached nobody keeps the call on the to-do list for the
day to try again; a call can be undone (the last one), and every step is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from eigenkracht.audit.services import record
from eigenkracht.auth.models import User
from eigenkracht.cases.services import touch
from eigenkracht.conference.models import CallOutcome, Conference, FollowUpCall, Phase
from eigenkracht.core.clock import now, today
from eigenkracht.core.rules import RuleError, clean_text
from eigenkracht.extensions import db

LIMITS = {"reached": 200, "notes": 5000, "next_step": 2000}


@dataclass
class CallData:
    called_on: date | None = None
    reached: str = ""
    outcome: Any = None
    notes: str = ""
    next_step: str = ""
    next_call_on: date | None = None


def calls_of(conference: Conference) -> list[FollowUpCall]:
    """The calls made (undone ones too, marked), the latest first."""
    return list(db.session.scalars(
        select(FollowUpCall).where(FollowUpCall.conference_id == conference.id)
        .order_by(FollowUpCall.created_at.desc(), FollowUpCall.id.desc())))


def last_call(conference: Conference) -> FollowUpCall | None:
    return next((c for c in calls_of(conference) if c.undone_at is None), None)


def _check(data: CallData) -> CallData:
    if not isinstance(data.outcome, CallOutcome):
        if data.outcome not in CallOutcome._value2member_map_:
            raise RuleError("call_outcome_invalid", "outcome")
        data.outcome = CallOutcome(data.outcome)
    if data.called_on is None or data.called_on > today():
        raise RuleError("call_date_invalid", "called_on")
    for name, limit in LIMITS.items():
        setattr(data, name, clean_text(name, getattr(data, name) or "", limit,
                                       multiline=name != "reached"))
    if data.next_call_on is not None and data.next_call_on <= data.called_on:
        raise RuleError("next_call_invalid", "next_call_on")
    return data


def record_call(conference: Conference, data: CallData, user: User) -> FollowUpCall:
    """Keep a follow-up call. Reached: the call is done and leaves the to-do list; not
    reached: it stays, on the date to call again (the next day unless another is given)."""
    if conference.phase == Phase.CANCELLED or conference.follow_up_call_on is None \
            or conference.follow_up_done_at is not None:
        raise RuleError("follow_up_not_due")
    data = _check(data)
    call = FollowUpCall(conference_id=conference.id, called_on=data.called_on,
                        reached=data.reached, outcome=data.outcome, notes=data.notes,
                        next_step=data.next_step, next_call_on=data.next_call_on,
                        previous_call_on=conference.follow_up_call_on,
                        created_by_id=user.id, created_at=now())
    db.session.add(call)
    if data.outcome == CallOutcome.REACHED:
        conference.follow_up_done_at = now()
    else:
        conference.follow_up_call_on = data.next_call_on or data.called_on + timedelta(days=1)
    db.session.flush()
    touch(conference.case)
    record("follow_up", conference, case=conference.case, summary=data.outcome.value,
           details={"due": call.previous_call_on.isoformat(), "by": user.id,
                    "outcome": data.outcome.value, "called_on": data.called_on.isoformat(),
                    "next_call_on": conference.follow_up_call_on.isoformat()
                    if conference.follow_up_done_at is None else None})
    return call


def undo_call(conference: Conference, call_id: int, user: User) -> None:
    """Take back the last call recorded (by mistake, or on the wrong case): the to-do line
    returns as it was before it."""
    call = last_call(conference)
    if call is None or call.id != call_id:
        raise RuleError("call_undo_invalid")
    call.undone_at = now()
    conference.follow_up_call_on = call.previous_call_on
    conference.follow_up_done_at = None
    db.session.flush()
    touch(conference.case)
    record("follow_up_undo", conference, case=conference.case, summary=call.outcome.value,
           details={"call": call.id, "by": user.id})
