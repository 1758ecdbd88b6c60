"""The conference day as a state machine: which phase may follow which, and nothing else.

::

    PLANNED ─→ INFORMATION ─→ PRIVATE_TIME ─→ PRESENTATION ─→ DECISION ─→ CLOSED
       │                            ↑               │  ↑          │
       └─→ CANCELLED                └───────────────┘  └──────────┘
                          (the family revises its plan)   (not accepted: back to the
                                                           presentation)

Each phase is started with a tap (confirmed on a sheet) and time-stamped; every move is
kept as a ``PhaseMove`` (so every stretch of private time keeps its stamp) and a tap can be
undone for ``UNDO_WINDOW`` (``undo``). DECISION → CLOSED is made by the plan feature
(``close``) when the plan is accepted; "not accepted" goes DECISION → PRESENTATION, from
where the family can go back to private time. During private family time the coordinator
and the professionals have left the room: nothing about the conference may be recorded
(``ensure_recording_allowed``), whatever is posted.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from eigenkracht.audit.services import record
from eigenkracht.auth.models import User
from eigenkracht.cases.services import touch
from eigenkracht.cases.status import follow
from eigenkracht.conference.models import Conference, Phase, PhaseMove
from eigenkracht.core.clock import local_date, now
from eigenkracht.core.rules import RuleError
from eigenkracht.extensions import db

TRANSITIONS: dict[Phase, frozenset[Phase]] = {
    Phase.PLANNED: frozenset({Phase.INFORMATION, Phase.CANCELLED}),
    Phase.INFORMATION: frozenset({Phase.PRIVATE_TIME}),
    Phase.PRIVATE_TIME: frozenset({Phase.PRESENTATION}),
    Phase.PRESENTATION: frozenset({Phase.DECISION, Phase.PRIVATE_TIME}),
    Phase.DECISION: frozenset({Phase.CLOSED, Phase.PRESENTATION}),
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
# A tap on the day page can be undone this long after it was made.
UNDO_WINDOW = timedelta(minutes=2)
# Starting the conference more than this before its time asks first.
EARLY_START = timedelta(minutes=60)
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


def move(conference: Conference, target: Phase, *, at: datetime | None = None,
         by: User | None = None, tapped: bool = False) -> PhaseMove:
    """Go to ``target`` if the table allows it, stamp the time, keep the move and write the
    audit event. ``tapped``: a tap on the day page, which can be undone for two minutes."""
    current = conference.phase
    if not allowed(current, target):
        raise IllegalMove(current, target)
    at = at or now()
    column = STARTED_AT[target]
    step = PhaseMove(conference_id=conference.id, from_phase=current, to_phase=target, at=at,
                     previous_started_at=getattr(conference, column), tapped=tapped,
                     by_id=by.id if by is not None else None)
    conference.phase = target
    setattr(conference, column, at)
    if target in HELD and conference.follow_up_call_on is None:
        conference.follow_up_call_on = local_date(conference.starts_at) + FOLLOW_UP_AFTER
        step.set_follow_up = True
    db.session.add(step)
    db.session.flush()
    touch(conference.case)
    record("phase", conference, case=conference.case,
           summary=f"{current.value} → {target.value}",
           details={"phase": [current.value, target.value], "at": at.isoformat()})
    if target in DAY_PHASES:
        follow(conference.case, "conference_day")
    return step


def last_move(conference: Conference) -> PhaseMove | None:
    """The latest move of the conference that has not been undone."""
    return db.session.scalar(
        select(PhaseMove).where(PhaseMove.conference_id == conference.id,
                                PhaseMove.undone_at.is_(None))
        .order_by(PhaseMove.at.desc(), PhaseMove.id.desc()).limit(1))


def undoable_move(conference: Conference) -> PhaseMove | None:
    """The tap that may still be undone now (the last move, a tap, under two minutes old)."""
    step = last_move(conference)
    if step is None or not step.tapped or step.to_phase != conference.phase:
        return None
    return step if now() - step.at <= UNDO_WINDOW else None


def undo(conference: Conference, move_id: int, user: User) -> PhaseMove:
    """Take back the tap ``move_id`` (within two minutes, and only the last move): the
    phase before it returns with its stamps, as if the tap had not been made; audited."""
    step = last_move(conference)
    if step is None or step.id != move_id or not step.tapped:
        raise RuleError("undo_not_last")
    if step.to_phase != conference.phase:
        raise RuleError("undo_not_last")
    if now() - step.at > UNDO_WINDOW:
        raise RuleError("undo_too_late")
    conference.phase = step.from_phase
    setattr(conference, STARTED_AT[step.to_phase], step.previous_started_at)
    if step.set_follow_up:
        conference.follow_up_call_on = None
    step.undone_at = now()
    db.session.flush()
    touch(conference.case)
    record("phase_undo", conference, case=conference.case,
           summary=f"{step.to_phase.value} → {step.from_phase.value}",
           details={"phase": [step.to_phase.value, step.from_phase.value],
                    "undone_move": step.id, "by": user.id})
    return step


def private_times(conference: Conference) -> list[tuple[datetime, datetime | None]]:
    """Every stretch of private family time, each with its start and (if over) its end."""
    moves = db.session.scalars(
        select(PhaseMove).where(PhaseMove.conference_id == conference.id,
                                PhaseMove.undone_at.is_(None))
        .order_by(PhaseMove.at, PhaseMove.id)).all()
    stretches: list[tuple[datetime, datetime | None]] = []
    for step in moves:
        if step.to_phase == Phase.PRIVATE_TIME:
            stretches.append((step.at, None))
        elif step.from_phase == Phase.PRIVATE_TIME and stretches and stretches[-1][1] is None:
            stretches[-1] = (stretches[-1][0], step.at)
    return stretches


def starts_early(conference: Conference, target: Phase) -> bool:
    """Starting ``target`` now would start the conference long before its time."""
    return (conference.phase == Phase.PLANNED and target == Phase.INFORMATION
            and now() < conference.starts_at - EARLY_START)


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
