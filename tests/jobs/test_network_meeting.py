"""A network meeting for a jobseeker: the conference and plan of the youth cases, without
bottom lines (a work case has none), and the same PDF.

These pages belong to the conference, plan and PDF features: a jobseeker's meeting is
prepared without the bottom-line and child's-view steps, and its plan and decision pages
leave bottom lines out.
"""

from __future__ import annotations

import pytest

from eigenkracht.cases.models import Case
from eigenkracht.conference import checklist, phases
from eigenkracht.conference.models import ChecklistKey, Conference, Phase
from eigenkracht.plans import decision
from eigenkracht.plans import services as plans
from eigenkracht.plans.models import Decision, PlanStatus
from tests.factories import ActionFactory, ConferenceFactory


@pytest.fixture
def work_case(world, db) -> Case:
    """The world's jobseeker (no bottom lines), with Sanne Bakker on her map, open again."""
    from sqlalchemy import select

    from eigenkracht.cases.models import CaseStatus

    case = db.session.scalar(select(Case).where(Case.reference == world.extra_ids["work_case"]))
    case.status, case.closed_at = CaseStatus.CONFERENCE, None
    db.session.flush()
    return case


@pytest.fixture
def meeting(work_case, world) -> Conference:
    return ConferenceFactory(case=work_case, coordinator=world.coordinator)


def _meeting_url(work_case, meeting) -> str:
    return f"/cases/{work_case.reference}/conferences/{meeting.id}"


def test_a_network_meeting_is_planned_for_a_jobseeker(login_as, work_case, meeting):
    assert work_case.bottom_lines == []
    response = login_as("coordinator").get(_meeting_url(work_case, meeting))
    assert response.status_code == 200


def test_the_meeting_checklist_of_a_jobseeker_asks_no_bottom_lines_or_childs_view(
        login_as, work_case, meeting):
    page = login_as("coordinator").get(_meeting_url(work_case, meeting)).text
    assert "Bottom lines received from the referrer" not in page
    assert "The child&#39;s view collected" not in page


def test_the_checklist_of_a_jobseeker_is_complete_without_bottom_lines(meeting, world):
    for key in ChecklistKey:
        if key not in (ChecklistKey.BOTTOM_LINES_RECEIVED, ChecklistKey.CHILDS_VIEW_COLLECTED):
            checklist.set_step(meeting, key, True, world.coordinator)
    assert checklist.progress(meeting).complete


def test_the_day_page_of_a_jobseeker_shows_no_bottom_lines(login_as, work_case, meeting):
    phases.move(meeting, Phase.INFORMATION)
    page = login_as("coordinator").get(f"{_meeting_url(work_case, meeting)}/day")
    assert page.status_code == 200
    assert "Bottom lines of the referrer" not in page.text


def _presented_plan(work_case, meeting, world):
    """The plan of the meeting, written down after private family time and presented."""
    from datetime import timedelta

    for phase in (Phase.INFORMATION, Phase.PRIVATE_TIME, Phase.PRESENTATION):
        phases.move(meeting, phase)
    plan = plans.create_plan(work_case, world.coordinator, meeting)
    sanne = world.extra_ids["work_person"]
    ActionFactory(plan=plan, what="Sanne stelt Jolanda voor aan haar teamleider",
                  serves=None)
    plans.update_plan(plan, plans.PlanData(
        central_question="Werk als planner", going_well="Een groot netwerk in de logistiek",
        concerns="Weinig zelfvertrouwen bij sollicitaties", contingency="Jobcoach belt",
        recipients="Jolanda, Sanne", monitor_id=sanne,
        evaluation_date=meeting.starts_at.date() + timedelta(days=60)), plan.row_version)
    plans.present(plan, plan.row_version, confirm_missing=True)
    return plan


def test_the_plan_of_a_jobseeker_is_not_flagged_for_bottom_lines_or_a_childs_view(
        work_case, meeting, world):
    plan = _presented_plan(work_case, meeting, world)
    missing = plans.missing_sections(plan)
    assert "bottom_lines" not in missing and "childs_view" not in missing


def test_the_referrer_accepts_a_jobseekers_plan_without_bottom_lines(work_case, meeting,
                                                                     world):
    plan = _presented_plan(work_case, meeting, world)
    phases.move(meeting, Phase.DECISION)
    decision.decide(plan, decision.DecisionData(decision=Decision.ACCEPTED), world.referrer,
                    plan.row_version)
    assert plan.status == PlanStatus.ACCEPTED and plan.bottom_lines == []


def test_the_plan_page_of_a_jobseeker_has_no_bottom_line_section(login_as, work_case,
                                                                 meeting, world):
    plan = _presented_plan(work_case, meeting, world)
    page = login_as("coordinator").get(f"/cases/{work_case.reference}/plan/v{plan.version}")
    assert page.status_code == 200
    assert "The case has no bottom lines." not in page.text
    assert 'id="bottom-lines"' not in page.text


def test_the_decision_page_of_a_jobseeker_does_not_mention_bottom_lines(login_as, work_case,
                                                                        meeting, world):
    plan = _presented_plan(work_case, meeting, world)
    page = login_as("referrer").get(
        f"/cases/{work_case.reference}/plan/v{plan.version}/decision")
    assert page.status_code == 200
    assert "bottom lines" not in page.text.lower()


def test_the_plan_of_a_jobseeker_is_printed_as_the_same_pdf(login_as, work_case, meeting,
                                                            world):
    plan = _presented_plan(work_case, meeting, world)
    phases.move(meeting, Phase.DECISION)
    decision.decide(plan, decision.DecisionData(decision=Decision.ACCEPTED), world.referrer,
                    plan.row_version)
    response = login_as("coordinator").get(f"/cases/{work_case.reference}/plan.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")


def test_a_jobseekers_meeting_asks_for_no_childs_advocate(login_as, work_case, meeting):
    client = login_as("coordinator")
    base = f"/cases/{work_case.reference}/conferences/{meeting.id}"
    assert "Child's advocate" not in client.get(f"{base}/edit").text
    assert "Child's advocate" not in client.get(base).text
    assert "Child's advocate" not in client.get(
        f"/cases/{work_case.reference}/conferences/new").text
