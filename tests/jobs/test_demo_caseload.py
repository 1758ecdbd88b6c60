"""The demo job coach's caseload: at least twelve jobseekers at different stages, with leads
and placements, so the dashboard shows what a real one looks like."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from eigenkracht.cases.models import Case, CaseKind
from eigenkracht.jobs.demo_caseload import add_caseload
from eigenkracht.jobs.models import Lead, Placement, PlacementCheck
from eigenkracht.jobs.progress import progress


@pytest.fixture
def caseload(app, db, demo_jobseeker):

    organisation = demo_jobseeker.organisation
    cases = {c.client_first_name: c for c in db.session.scalars(
        select(Case).where(Case.organisation_id == organisation.id))}
    add_caseload(organisation, cases)
    return organisation


def _count(db, model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_the_demo_coach_has_twelve_jobseekers_at_different_stages(caseload, db):
    work = list(db.session.scalars(select(Case).where(
        Case.organisation_id == caseload.id, Case.kind == CaseKind.WORK)))
    assert len(work) >= 12
    statuses = Counter(c.status.value for c in work)
    assert {"referral", "preparation", "follow_up", "closed"} <= set(statuses)
    stages = {s.value for s in db.session.scalars(select(Lead.stage).join(Case).where(
        Case.organisation_id == caseload.id))}
    assert stages == {"idea", "asked", "introduced", "interview", "hired", "closed"}
    ids = [c.id for c in work]
    assert _count(db, Placement, Placement.case_id.in_(ids)) >= 5
    held = _count(db, PlacementCheck, PlacementCheck.case_id.in_(ids),
                  PlacementCheck.held.is_(True))
    lost = _count(db, PlacementCheck, PlacementCheck.case_id.in_(ids),
                  PlacementCheck.held.is_(False))
    assert held >= 5 and lost >= 1


def test_the_caseload_page_lists_them_all(caseload, demo_coach, db):
    page = demo_coach.get("/jobs/caseload").text
    for name in ("Mariëlle", "Kevin", "Fatima", "Agnieszka", "Rik"):
        assert name in page


def test_a_jobseeker_entered_late_has_a_filled_chart(caseload, db):
    kevin = db.session.scalar(select(Case).where(Case.organisation_id == caseload.id,
                                                 Case.client_first_name == "Kevin"))
    months = progress(kevin)
    assert all(m.rings is not None for m in months[-5:])
    assert sum(m.hires for m in months) == 1


def test_loading_the_caseload_again_adds_nothing(caseload, db):
    def counts():
        return (_count(db, Case), _count(db, Lead), _count(db, Placement))

    before = counts()
    cases = {c.client_first_name: c for c in db.session.scalars(
        select(Case).where(Case.organisation_id == caseload.id))}
    add_caseload(caseload, cases)
    assert counts() == before
