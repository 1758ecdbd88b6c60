"""Every follow-up of the coach as one kind of item: the follow-up of a logged contact
(``FollowUpKind.CONTACT``) and the checks a placement starts
(``FollowUpKind.PLACEMENT_CHECK``).

Lists that show follow-ups (the follow-ups page, the to-do page, the calendar feed, the
morning digest) read them through ``open_follow_ups`` / ``case_follow_ups``, so a new kind
of follow-up appears in all of them at once. Two queries, whatever the number of cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from eigenkracht.cases.models import Case
from eigenkracht.extensions import db
from eigenkracht.jobs.models import ContactLog, FollowUpKind, Placement, PlacementCheck


@dataclass
class FollowUp:
    """One follow-up: what, for whom, due when, done when."""

    kind: FollowUpKind
    id: int  # the contact's id, or the placement check's
    case: Case
    due_on: date
    done_on: date | None
    person_id: int | None  # the network person (contacts); None for a placement check
    person_name: str  # whom to contact (contacts) or the employer (placement checks)
    subject: str  # what was asked (contacts) / the job (placement checks)
    months: int | None = None  # placement checks: 1, 3, 6 or 12
    source: ContactLog | PlacementCheck | None = None

    @property
    def done(self) -> bool:
        return self.done_on is not None

    def overdue(self, today: date) -> bool:
        """Overdue from the day after it was due."""
        return not self.done and self.due_on < today

    def days_late(self, today: date) -> int:
        return max((today - self.due_on).days, 0)


def _from_contact(contact: ContactLog) -> FollowUp:
    return FollowUp(kind=FollowUpKind.CONTACT, id=contact.id, case=contact.case,
                    due_on=contact.follow_up_on, done_on=contact.follow_up_done_day,
                    person_id=contact.person_id, person_name=contact.person_name,
                    subject=contact.asked, source=contact)


def _from_check(check: PlacementCheck) -> FollowUp:
    placement = check.placement
    return FollowUp(kind=FollowUpKind.PLACEMENT_CHECK, id=check.id, case=check.case,
                    due_on=check.due_on, done_on=check.done_on, person_id=None,
                    person_name=placement.employer, subject=placement.job_title,
                    months=check.months, source=check)


def open_follow_ups(case_ids: Select, *, until: date | None = None,
                    include_done: bool = False) -> list[FollowUp]:
    """The follow-ups of the cases whose ids ``case_ids`` (a one-column SELECT) gives, due
    on or before ``until`` (None: all), not done unless ``include_done``; soonest first."""
    ids = case_ids.scalar_subquery()
    contacts = (select(ContactLog).where(ContactLog.case_id.in_(ids),
                                         ContactLog.follow_up_on.is_not(None))
                .options(selectinload(ContactLog.case).selectinload(Case.assignments)))
    checks = (select(PlacementCheck).where(PlacementCheck.case_id.in_(ids))
              .options(selectinload(PlacementCheck.case).selectinload(Case.assignments),
                       selectinload(PlacementCheck.placement)))
    if not include_done:
        contacts = contacts.where(ContactLog.follow_up_done_at.is_(None))
        checks = checks.where(PlacementCheck.done_on.is_(None))
    if until is not None:
        contacts = contacts.where(ContactLog.follow_up_on <= until)
        checks = checks.where(PlacementCheck.due_on <= until)
    items = [_from_contact(c) for c in db.session.scalars(contacts)]
    items += [_from_check(c) for c in db.session.scalars(checks)]
    return sorted(items, key=lambda f: (f.due_on, f.kind != FollowUpKind.CONTACT, f.id))


def case_follow_ups(case: Case, *, include_done: bool = True) -> list[FollowUp]:
    """Every follow-up of one case (done ones too, by default), soonest first."""
    return open_follow_ups(select(Case.id).where(Case.id == case.id),
                           include_done=include_done)


def placement_of(follow_up: FollowUp) -> Placement | None:
    source = follow_up.source
    return source.placement if isinstance(source, PlacementCheck) else None
