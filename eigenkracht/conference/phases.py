"""The conference day as a state machine: which phase may follow which, and nothing else.

::

    PLANNED ─→ INFORMATION ─→ PRIVATE_TIME ─→ PRESENTATION ─→ DECISION ─→ CLOSED
       │                            ↑               │
       └─→ CANCELLED                └───────────────┘  (the family revises its plan)

Each phase is started with one tap and time-stamped (the latest start counts when the
family goes back to private time; the audit log keeps every move). DECISION → CLOSED is
made by the plan feature (``close``) when the plan is decided. During private family time
the coordinator and the professionals have left the room: nothing about the conference may
be recorded (``ensure_recording_allowed``), whatever is posted.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from eigenkracht.audit.services import record
from eigenkracht.cases.services import touch
from eigenkracht.cases.status import follow
from eigenkracht.conference.models import Conference, Phase
from eigenkracht.core.clock import local_date, now
from eigenkracht.core.rules import RuleError
from eigenkracht.extensions import db

TRANSITIONS: dict[Phase, frozenset[Phase]] = {
    Phase.PLANNED: frozenset({Phase.INFORMATION, Phase.CANCELLED}),
    Phase.INFORMATION: frozenset({Phase.PRIVATE_TIME}),
    Phase.PRIVATE_TIME: frozenset({Phase.PRESENTATION}),
    Phase.PRESENTATION: frozenset({Phase.DECISION, Phase.PRIVATE_TIME}),
    Phase.DECISION: frozenset({Phase.CLOSED}),
    Phase.CLOSED: frozenset(),
    Phase.CANCELLED: frozenset(),
}

# Where the moment a phase started is kept.
STARTED_AT: dict[Phase, str] = {
    Phase.INFORMATION: "information_started_at",
    Phase.PRIVATE_TIME: "private_time_started_at",
    Phase.PRESENTATION: "presentation_started_at",
    Phase.DECISION: "decision_started_at",
    Phase.CLOSED: "closed_at",
    Phase.CANCELLED: "cancelled_at",
}

# The phases the coordinator starts with a tap on the day page.
DAY_PHASES = (Phase.INFORMATION, Phase.PRIVATE_TIME, Phase.PRESENTATION, Phase.DECISION)
# The conference has taken place: the follow-up call is due four weeks after the day.
HELD = frozenset({Phase.DECISION, Phase.CLOSED})
FOLLOW_UP_AFTER = timedelta(days=28)
# Nothing about the conference is recorded in these phases.
# (the rule codes of ``conference/rules.py`` that say why)
NOT_RECORDING = {Phase.PRIVATE_TIME: "conference_private_time",
                 Phase.CANCELLED: "conference_cancelled"}


class IllegalMove(RuleError):
    """A phase that may not follow the current one."""

    def __init__(self, current: Phase, target: Phase):
        from eigenkracht.conference.labels import PHASE_LABELS

        super().__init__("illegal_move", "phase", current=PHASE_LABELS[current],
                         target=PHASE_LABELS[target])
        self.current, self.target = current, target


def allowed(current: Phase, target: Phase) -> bool:
    return target in TRANSITIONS[current]


def tap_moves(conference: Conference) -> list[Phase]:
    """The phases the day page offers as the next tap, in the order of the day."""
    return [p for p in DAY_PHASES if allowed(conference.phase, p)]


def move(conference: Conference, target: Phase, *, at: datetime | None = None) -> None:
    """Go to ``target`` if the table allows it, stamp the time and write the audit event."""
    current = conference.phase
    if not allowed(current, target):
        raise IllegalMove(current, target)
    at = at or now()
    conference.phase = target
    setattr(conference, STARTED_AT[target], at)
    if target in HELD and conference.follow_up_call_on is None:
        conference.follow_up_call_on = local_date(conference.starts_at) + FOLLOW_UP_AFTER
    db.session.flush()
    touch(conference.case)
    record("phase", conference, case=conference.case,
           summary=f"{current.value} → {target.value}",
           details={"phase": [current.value, target.value], "at": at.isoformat()})
    if target in DAY_PHASES:
        follow(conference.case, "conference_day")


def close(conference: Conference) -> None:
    """The plan has been decided: DECISION → CLOSED (called by the plan feature)."""
    move(conference, Phase.CLOSED)


def cancel(conference: Conference, reason: str = "") -> None:
    """Call off a conference that has not started."""
    if not allowed(conference.phase, Phase.CANCELLED):
        raise RuleError("not_cancellable")
    conference.cancel_reason = reason
    move(conference, Phase.CANCELLED)


def recording_allowed(conference: Conference) -> bool:
    return conference.phase not in NOT_RECORDING


def ensure_recording_allowed(conference: Conference) -> None:
    """Refuse any write about the conference during private family time (and once it is
    cancelled). Every service that stores something about a conference calls this first."""
    code = NOT_RECORDING.get(conference.phase)
    if code:
        raise RuleError(code)
