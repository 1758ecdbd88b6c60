"""The preparation checklist: eight steps, each ticked with who and when."""

from __future__ import annotations

from dataclasses import dataclass

from eigenkracht.audit.services import record
from eigenkracht.auth.models import User
from eigenkracht.cases.models import Case, CaseKind
from eigenkracht.cases.services import touch
from eigenkracht.conference.labels import CHECKLIST_LABELS
from eigenkracht.conference.models import ChecklistItem, ChecklistKey, Conference
from eigenkracht.conference.phases import ensure_recording_allowed
from eigenkracht.core.clock import now
from eigenkracht.extensions import db

KEYS = tuple(ChecklistKey)
# A jobseeker's network meeting has no referrer's bottom lines and no child's view.
WORK_KEYS = tuple(k for k in KEYS if k not in (ChecklistKey.BOTTOM_LINES_RECEIVED,
                                                ChecklistKey.CHILDS_VIEW_COLLECTED))


def keys_for(conference: Conference) -> tuple[ChecklistKey, ...]:
    """The preparation steps that apply to this conference's case."""
    return keys_for_case(conference.case)


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
    keys = keys_for(conference)
    done = {item.key for item in conference.checklist} & set(keys)
    return Progress(done=len(done), total=len(keys))


def steps(conference: Conference) -> list[Step]:
    ticked = {item.key: item for item in conference.checklist}
    return [Step(key, CHECKLIST_LABELS[key], ticked.get(key)) for key in keys_for(conference)]


def set_step(conference: Conference, key: ChecklistKey, done: bool, user: User) -> bool:
    """Tick (``done``) or untick one step; True if that changed anything.

    Setting rather than toggling: a double tap leaves the step as the user meant it.
    "Interpreter booked" and the conference's own *interpreter booked* stay in step.
    """
    ensure_recording_allowed(conference)
    if key not in keys_for(conference):
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
