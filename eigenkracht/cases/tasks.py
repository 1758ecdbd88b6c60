"""The conference day moves its case on: a daily scheduled task (``register_tasks``), so
that a case is "in conference" on the day even when nobody taps a phase."""

from __future__ import annotations

import logging
from datetime import time, timedelta

from sqlalchemy import select

from eigenkracht.audit.services import Actor, set_actor
from eigenkracht.cases.models import Case, CaseStatus
from eigenkracht.cases.status import follow
from eigenkracht.conference.models import Conference
from eigenkracht.core import clock
from eigenkracht.extensions import db

log = logging.getLogger(__name__)


def follow_conference_days(commit: bool = True) -> list[str]:
    """Moves the cases whose conference day has come on to the conference.

    Cases in preparation whose conference (not cancelled) is today or was before; returns
    their references."""
    set_actor(Actor(label="schedule: cases.conference_days"))
    end_of_today = clock.from_local(clock.today() + timedelta(days=1), time(0, 0))
    cases = db.session.scalars(
        select(Case).where(Case.status == CaseStatus.PREPARATION,
                           Case.id.in_(select(Conference.case_id).where(
                               Conference.cancelled_at.is_(None),
                               Conference.starts_at < end_of_today)))
        .order_by(Case.id)).all()
    moved = [case.reference for case in cases if follow(case, "conference_day")]
    if commit:
        db.session.commit()
    log.info("conference days: %d cases moved to the conference", len(moved))
    return moved
