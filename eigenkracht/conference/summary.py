"""What other features show of a case's conferences: ``summary(case)``, one statement.

Each conference with its preparation progress and how many are invited, counted by the
database beside the conference row; checklists and invitations themselves are not loaded.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from eigenkracht.cases.models import Case
from eigenkracht.conference import checklist
from eigenkracht.conference.checklist import Progress
from eigenkracht.conference.models import ChecklistItem, Conference, ConferenceKind, Invitation
from eigenkracht.conference.services import next_conference
from eigenkracht.extensions import db


@dataclass(frozen=True)
class ListedConference:
    """A conference in a list: its preparation steps done of all, and the people invited."""

    conference: Conference
    progress: Progress
    invited: int


@dataclass(frozen=True)
class ConferencesSummary:
    """``conferences``: every conference, the latest first; ``next``: the coming one."""

    conferences: list[ListedConference]
    next: ListedConference | None


def listed(case: Case) -> list[ListedConference]:
    """Every conference of ``case``, the latest first, with its counts: one statement."""
    keys = checklist.keys_for_case(case)
    by_hand = [key for key in keys if key not in checklist.AUTOMATIC]
    ticked = (select(func.count(ChecklistItem.id))
              .where(ChecklistItem.conference_id == Conference.id,
                     ChecklistItem.key.in_(by_hand))
              .correlate(Conference).scalar_subquery())
    invited = (select(func.count(Invitation.id))
               .where(Invitation.conference_id == Conference.id)
               .correlate(Conference).scalar_subquery())
    automatic = [clause for key, clause in (
        (checklist.ChecklistKey.MAP_MADE, checklist.map_made_clause(case.id)),
        (checklist.ChecklistKey.BOTTOM_LINES_RECEIVED, checklist.bottom_lines_clause(case.id)),
    ) if key in keys]
    rows = db.session.execute(
        select(Conference, ticked, invited, *automatic).where(Conference.case_id == case.id)
        .order_by(Conference.starts_at.desc(), Conference.id.desc()))
    listed_ = []
    for conference, done, count, *true in rows:
        total = len(checklist.keys_for_kind(case, conference.kind))
        # a review meeting's short checklist has no steps that tick themselves
        automatic = 0 if conference.kind == ConferenceKind.REVIEW else sum(map(bool, true))
        listed_.append(ListedConference(
            conference, Progress(done=min((done or 0) + automatic, total), total=total),
            count or 0))
    return listed_


def summary(case: Case) -> ConferencesSummary:
    """The case page's view of the conferences: the list and the next one."""
    conferences = listed(case)
    coming = next_conference(case, [item.conference for item in conferences])
    return ConferencesSummary(
        conferences=conferences,
        next=next((item for item in conferences if item.conference is coming), None))
