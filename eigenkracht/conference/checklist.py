"""The preparation checklist: eight steps (a review meeting: its own four), each ticked with
who and when.

Two steps tick themselves, from what is true now (``AUTOMATIC``): "network map made" when
anyone besides the client is on the map, and "bottom lines received" when the case has a
bottom line. They are never stored: they untick by themselves when it stops being true
(the last person removed), and a tick someone stored before (old data) no longer counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, select

from eigenkracht.audit.services import record
from eigenkracht.auth.models import User
from eigenkracht.cases.models import BottomLine, Case, CaseKind
from eigenkracht.cases.services import touch
from eigenkracht.conference.labels import CHECKLIST_LABELS
from eigenkracht.conference.models import (
    ChecklistItem,
    ChecklistKey,
    Conference,
    ConferenceKind,
)
from eigenkracht.conference.phases import ensure_recording_allowed
from eigenkracht.core.clock import now
from eigenkracht.extensions import db
from eigenkracht.network.models import Person

KEYS = tuple(ChecklistKey)
# A jobseeker's network meeting has no referrer's bottom lines and no child's view.
WORK_KEYS = tuple(k for k in KEYS if k not in (ChecklistKey.BOTTOM_LINES_RECEIVED,
                                                ChecklistKey.CHILDS_VIEW_COLLECTED))


AUTOMATIC = (ChecklistKey.MAP_MADE, ChecklistKey.BOTTOM_LINES_RECEIVED)


def map_made_clause(case_id):
    """True when someone besides the client is on the map of the case ``case_id`` (a
    column or a number): usable inside another statement."""
    return exists().where(Person.case_id == case_id, Person.is_client.is_(False))


def bottom_lines_clause(case_id):
    return exists().where(BottomLine.case_id == case_id)


def facts(case: Case) -> dict[ChecklistKey, bool]:
    """Whether each automatic step is true for ``case`` now: one statement."""
    made, lines = db.session.execute(select(map_made_clause(case.id),
                                            bottom_lines_clause(case.id))).one()
    return {ChecklistKey.MAP_MADE: bool(made), ChecklistKey.BOTTOM_LINES_RECEIVED: bool(lines)}


def done_keys(conference: Conference) -> set[ChecklistKey]:
    """The steps of ``conference`` that are done: ticked by hand, or true by themselves."""
    keys = set(keys_for(conference))
    ticked = {item.key for item in conference.checklist if item.key not in AUTOMATIC}
    true = {key for key, value in facts(conference.case).items() if value}
    return (ticked | true) & keys


# A review meeting is prepared in a few steps: the map and the bottom lines are there.
REVIEW_KEYS = (ChecklistKey.MET_CLIENT, ChecklistKey.INVITATIONS_SENT, ChecklistKey.VENUE_BOOKED,
               ChecklistKey.INTERPRETER_BOOKED)


def keys_for(conference: Conference) -> tuple[ChecklistKey, ...]:
    """The preparation steps that apply to this conference (its kind and its case)."""
    return keys_for_kind(conference.case, conference.kind)


def keys_for_kind(case: Case, kind: ConferenceKind) -> tuple[ChecklistKey, ...]:
    return REVIEW_KEYS if kind == ConferenceKind.REVIEW else keys_for_case(case)


def keys_for_case(case: Case) -> tuple[ChecklistKey, ...]:
    """The preparation steps that apply to the conferences of ``case``."""
    return WORK_KEYS if case.kind == CaseKind.WORK else KEYS


@dataclass(frozen=True)
class Progress:
    done: int
    total: int = len(KEYS)

    @property
    def complete(self) -> bool:
        return self.done >= self.total


@dataclass(frozen=True)
class Step:
    key: ChecklistKey
    label: str
    item: ChecklistItem | None  # who ticked it and when; None while not done

    @property
    def done(self) -> bool:
        return self.item is not None


def progress(conference: Conference) -> Progress:
    return Progress(done=len(done_keys(conference)), total=len(keys_for(conference)))


@dataclass(frozen=True)
class AutomaticStep:
    """A step that ticks itself (``AUTOMATIC``): ``done`` is what is true now."""

    key: ChecklistKey
    label: str
    done: bool
    automatic: bool = True
    item: None = None


def steps(conference: Conference) -> list[Step | AutomaticStep]:
    ticked = {item.key: item for item in conference.checklist}
    true = facts(conference.case)
    return [AutomaticStep(key, CHECKLIST_LABELS[key], true[key]) if key in AUTOMATIC
            else Step(key, CHECKLIST_LABELS[key], ticked.get(key))
            for key in keys_for(conference)]


def set_step(conference: Conference, key: ChecklistKey, done: bool, user: User) -> bool:
    """Tick (``done``) or untick one step; True if that changed anything.

    Setting rather than toggling: a double tap leaves the step as the user meant it.
    "Interpreter booked" and the conference's own *interpreter booked* stay in step. The
    steps that tick themselves (``AUTOMATIC``) are not set by hand: nothing changes.
    """
    ensure_recording_allowed(conference)
    if key not in keys_for(conference) or key in AUTOMATIC:
        return False
    item = next((i for i in conference.checklist if i.key == key), None)
    if done == (item is not None):
        return False
    case = conference.case
    if done:
        item = ChecklistItem(key=key, done_at=now(), done_by_id=user.id)
        conference.checklist.append(item)
        db.session.flush()
        record("tick", item, object_type="checklist_item", case=case,
               summary=key.value, details={"conference": conference.id, "key": key.value})
    else:
        record("untick", item, object_type="checklist_item", case=case,
               summary=key.value, details={"conference": conference.id, "key": key.value})
        conference.checklist.remove(item)
    if key == ChecklistKey.INTERPRETER_BOOKED:
        conference.interpreter_booked = done
    db.session.flush()
    touch(case)
    return True
