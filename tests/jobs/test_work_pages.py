"""The pages of leads and placements, and the dated history on the goals, progress and map
pages: what a coach sees and what a wrong entry gets back."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from eigenkracht.core.clock import today
from eigenkracht.jobs.models import Lead, LeadStage, Placement, PlacementCheck
from tests.factories import GoalFactory, GoalStepFactory


def _placement_form(**overrides) -> dict:
    data = {"employer": "Vos Logistiek", "job_title": "Planner",
            "started_on": (today() - timedelta(days=100)).isoformat(),
            "hours_per_week": "32", "contract": "permanent", "lead_id": "", "note": ""}
    data.update(overrides)
    return data


def test_a_placement_entered_on_the_page_shows_its_four_checks(coach, jobseeker, db):
    response = coach.post(f"{jobseeker.base}/placements", data=_placement_form())
    assert response.status_code == 302
    page = coach.get(f"{jobseeker.base}/placements").text
    for months in ("After 1 month", "After 3 months", "After 6 months", "After 12 months"):
        assert months in page
    assert page.count("Overdue") == 2  # 1 and 3 months have passed, 6 and 12 not yet


def test_a_check_done_appears_as_done_with_its_date(coach, jobseeker, db):
    coach.post(f"{jobseeker.base}/placements", data=_placement_form())
    check = db.session.scalar(select(PlacementCheck).where(
        PlacementCheck.months == 1, PlacementCheck.case_id == jobseeker.case.id))
    done_on = today() - timedelta(days=60)
    response = coach.post(f"{jobseeker.base}/placement-checks/{check.id}", data={
        f"check-{check.id}-done_on": done_on.isoformat(), f"check-{check.id}-held": "yes",
        f"check-{check.id}-note": "Gaat goed"})
    assert response.status_code == 302
    page = coach.get(f"{jobseeker.base}/placements").text
    from flask_babel import format_date

    with coach.application.test_request_context(headers={"Accept-Language": "en"}):
        shown = format_date(done_on, "medium")
    assert f"Done on {shown}" in page and "still in this job" in page
    assert page.count("Overdue") == 1


def test_a_check_done_tomorrow_or_without_an_answer_is_refused(coach, jobseeker, db):
    coach.post(f"{jobseeker.base}/placements", data=_placement_form())
    check = db.session.scalar(select(PlacementCheck).where(
        PlacementCheck.months == 1, PlacementCheck.case_id == jobseeker.case.id))
    response = coach.post(f"{jobseeker.base}/placement-checks/{check.id}", data={
        f"check-{check.id}-done_on": (today() + timedelta(days=1)).isoformat()})
    assert response.status_code == 422
    assert "The date cannot be in the future." in response.text
    assert "Say whether the jobseeker still has this job." in response.text
    response = coach.post(f"{jobseeker.base}/placement-checks/{check.id}", data={
        f"check-{check.id}-done_on": "31-02-2026", f"check-{check.id}-held": "yes"})
    assert response.status_code == 422 and "Enter a real date" in response.text
    db.session.refresh(check)
    assert not check.done


def test_a_hostile_placement_form_gets_its_messages_and_saves_nothing(coach, jobseeker, db):
    response = coach.post(f"{jobseeker.base}/placements", data=_placement_form(
        employer="<script>alert(1)</script>" * 20, hours_per_week="0",
        contract="'; DROP TABLE placements; --", started_on="gisteren"))
    assert response.status_code == 422
    for message in ("Use at most 200", "from 1 to 60", "Choose the kind of contract",
                    "Enter a real date"):
        assert message in response.text
    assert "<script>alert(1)</script>" not in response.text
    assert db.session.scalars(select(Placement).where(
        Placement.case_id == jobseeker.case.id)).all() == []


def test_a_check_of_another_case_answers_404(coach, jobseeker, world, db):
    from tests.jobs.conftest import make_jobseeker

    other = make_jobseeker(world.org, world.jobcoach, first_name="Anders")
    coach.post(f"{other.base}/placements", data=_placement_form())
    check = db.session.scalar(select(PlacementCheck).where(
        PlacementCheck.months == 1, PlacementCheck.case_id == other.case.id))
    response = coach.post(f"{jobseeker.base}/placement-checks/{check.id}", data={
        f"check-{check.id}-done_on": today().isoformat(), f"check-{check.id}-held": "yes"})
    assert response.status_code == 404


def test_a_lead_goes_from_idea_to_hired_on_the_page_and_shows_on_the_map(coach, jobseeker,
                                                                        db):
    response = coach.post(f"{jobseeker.base}/leads", data={
        "person_id": str(jobseeker.sanne.id), "kind": "introduction",
        "title": "Planner bij Vos", "employer": "Vos Logistiek", "noted_on": ""})
    assert response.status_code == 302
    lead = db.session.scalar(select(Lead).where(Lead.case_id == jobseeker.case.id))
    assert lead.noted_on == today() and lead.stage == LeadStage.IDEA
    for stage in ("asked", "interview"):
        response = coach.post(f"{jobseeker.base}/leads/{lead.id}/stage", data={
            f"lead-{lead.id}-stage": stage, f"lead-{lead.id}-stage_on": today().isoformat()})
        assert response.status_code == 302
    response = coach.post(f"{jobseeker.base}/leads/{lead.id}/stage", data={
        f"lead-{lead.id}-stage": "idea", f"lead-{lead.id}-stage_on": ""})
    assert response.status_code == 422 and "A lead moves forward" in response.text
    coach.post(f"{jobseeker.base}/placements", data=_placement_form(
        lead_id=str(lead.id), started_on=today().isoformat()))
    db.session.refresh(lead)
    assert lead.stage == LeadStage.HIRED
    page = coach.get(f"{jobseeker.base}/leads").text
    assert "Who brought leads" in page and "Sanne Bakker" in page
    network = coach.get(f"{jobseeker.base}/network").text
    assert "Leads from the network" in network and "1 led to work" in network
    progress = coach.get(f"{jobseeker.base}/progress").text
    assert "Led to work" in progress and "1 leads came from the network; 1 led to work" in \
        progress


def test_a_lead_from_nobody_or_from_the_jobseeker_is_refused(coach, jobseeker, db):
    for person in ("", str(jobseeker.client.id), "abc"):
        response = coach.post(f"{jobseeker.base}/leads", data={
            "person_id": person, "kind": "vacancy", "title": "Planner"})
        assert response.status_code == 422
    assert db.session.scalars(select(Lead).where(Lead.case_id == jobseeker.case.id)).all() == []


def test_a_referrer_reads_leads_and_placements_without_forms(login_as, world):
    referrer = login_as("referrer")
    work_case = "EK-2025-0042"  # the world's jobseeker, the referrer is assigned
    for page in ("leads", "placements"):
        response = referrer.get(f"/cases/{work_case}/{page}")
        assert response.status_code == 200
        assert "<form method=\"post\"" not in response.text.split("<main", 1)[1]


def test_a_step_is_ticked_off_with_the_day_it_was_done(coach, jobseeker, db):
    goal = GoalFactory(case=jobseeker.case)
    step = GoalStepFactory(goal=goal, text="CV bijwerken")
    day = today() - timedelta(days=20)
    response = coach.post(f"{jobseeker.base}/steps/{step.id}/done",
                          data={"done": "1", "on": day.isoformat()})
    assert response.status_code == 302
    db.session.refresh(step)
    assert step.done_on == day
    response = coach.post(f"{jobseeker.base}/steps/{step.id}/done",
                          data={"done": "1", "on": (today() + timedelta(days=1)).isoformat()},
                          follow_redirects=True)
    assert "The date cannot be in the future." in response.text
    db.session.refresh(step)
    assert step.done_on == day


def test_a_step_added_as_done_may_have_a_past_target_date(coach, jobseeker, db):
    goal = GoalFactory(case=jobseeker.case)
    past = today() - timedelta(days=40)
    response = coach.post(f"{jobseeker.base}/goals/{goal.id}/steps", data={
        f"step-{goal.id}-text": "Intake bij het UWV", f"step-{goal.id}-target_date":
        past.isoformat(), f"step-{goal.id}-done_on": (past + timedelta(days=1)).isoformat()})
    assert response.status_code == 302
    response = coach.post(f"{jobseeker.base}/goals/{goal.id}/steps", data={
        f"step-{goal.id}-text": "Nog open", f"step-{goal.id}-target_date": past.isoformat()})
    assert response.status_code == 422
