"""Goals with steps and target dates, on the page of a jobseeker."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.core.clock import today
from eigenkracht.jobs.models import Goal, GoalStatus, GoalStep
from tests.factories import GoalFactory, GoalStepFactory
from tests.jobs.conftest import make_jobseeker


def _goals(db, case) -> list[Goal]:
    return list(db.session.scalars(select(Goal).where(Goal.case_id == case.id)))


def _steps_of(db, goal_id: int) -> int:
    return db.session.scalar(select(func.count(GoalStep.id)).where(GoalStep.goal_id == goal_id))


def test_a_coach_adds_a_goal_with_a_target_date_and_sees_it(coach, jobseeker, db):
    target = today() + timedelta(days=200)
    response = coach.post(f"{jobseeker.base}/goals", data={
        "text": "Werk als logistiek planner binnen 30 km, uiterlijk juni",
        "target_date": target.isoformat()})
    assert response.status_code == 302
    page = coach.get(f"{jobseeker.base}/goals").text
    assert "Werk als logistiek planner binnen 30 km, uiterlijk juni" in page
    assert "Target date:" in page
    [goal] = _goals(db, jobseeker.case)
    assert goal.target_date == target and goal.status == GoalStatus.OPEN


def test_adding_a_goal_is_audited(coach, jobseeker, db):
    coach.post(f"{jobseeker.base}/goals", data={"text": "Werk vinden"})
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "goal", AuditEvent.action == "create")).all()
    assert [e.case_reference for e in events] == [jobseeker.case.reference]


def test_an_empty_goal_is_refused_with_a_message_and_nothing_is_saved(coach, jobseeker, db):
    response = coach.post(f"{jobseeker.base}/goals", data={"text": "   ", "target_date": ""})
    assert response.status_code == 422
    assert "Enter what the goal is." in response.text
    assert _goals(db, jobseeker.case) == []


def test_an_oversized_goal_is_refused(coach, jobseeker, db):
    response = coach.post(f"{jobseeker.base}/goals", data={"text": "x" * 501})
    assert response.status_code == 422
    assert "Use at most 500 characters." in response.text
    assert _goals(db, jobseeker.case) == []


def test_a_malformed_target_date_gets_a_clear_message_and_nothing_is_saved(coach, jobseeker,
                                                                            db):
    for bad in ("31-02-2027", "2027-02-31", "volgende week", "9" * 200):
        response = coach.post(f"{jobseeker.base}/goals", data={"text": "Werk",
                                                               "target_date": bad})
        assert response.status_code == 422, bad
        assert "Enter a real date, like 2026-03-31." in response.text
    assert _goals(db, jobseeker.case) == []


def test_a_new_goal_cannot_have_a_target_date_in_the_past(coach, jobseeker, db):
    yesterday = today() - timedelta(days=1)
    response = coach.post(f"{jobseeker.base}/goals", data={
        "text": "Werk", "target_date": yesterday.isoformat()})
    assert response.status_code == 422
    assert "Choose a target date from today on." in response.text


def test_a_goal_keeps_its_passed_target_date_when_its_status_changes(coach, jobseeker, db):
    passed = today() - timedelta(days=30)
    goal = GoalFactory(case=jobseeker.case, text="Werk vinden", target_date=passed)
    response = coach.post(f"{jobseeker.base}/goals/{goal.id}", data={
        "text": "Werk vinden", "target_date": passed.isoformat(), "status": "reached"})
    assert response.status_code == 302
    db.session.refresh(goal)
    assert goal.status == GoalStatus.REACHED


def test_an_open_goal_past_its_target_date_is_marked_in_words(coach, jobseeker):
    GoalFactory(case=jobseeker.case, text="Werk vinden", target_date=today() - timedelta(days=3))
    assert "Target date passed" in coach.get(f"{jobseeker.base}/goals").text


def test_an_unknown_status_is_refused(coach, jobseeker, db):
    goal = GoalFactory(case=jobseeker.case)
    response = coach.post(f"{jobseeker.base}/goals/{goal.id}", data={
        "text": "Werk", "status": "<script>"})
    assert response.status_code == 422
    assert "Choose a status from the list." in response.text


def test_steps_are_added_ticked_off_and_removed(coach, jobseeker, db):
    goal = GoalFactory(case=jobseeker.case)
    coach.post(f"{jobseeker.base}/goals/{goal.id}/steps", data={
        f"step-{goal.id}-text": "Sanne vragen om een introductie"})
    [step] = goal.steps
    assert "To do" in coach.get(f"{jobseeker.base}/goals").text
    coach.post(f"{jobseeker.base}/steps/{step.id}/done", data={"done": "1"})
    db.session.refresh(step)
    assert step.done
    page = coach.get(f"{jobseeker.base}/goals").text
    assert "1 of 1 steps done" in page and "Not done after all" in page
    coach.post(f"{jobseeker.base}/steps/{step.id}/done", data={"done": "0"})
    db.session.refresh(step)
    assert not step.done
    coach.post(f"{jobseeker.base}/steps/{step.id}/delete")
    assert _steps_of(db, goal.id) == 0


def test_an_empty_step_is_refused_at_its_goal(coach, jobseeker, db):
    goal = GoalFactory(case=jobseeker.case)
    response = coach.post(f"{jobseeker.base}/goals/{goal.id}/steps",
                          data={f"step-{goal.id}-text": ""})
    assert response.status_code == 422
    assert "Enter what the step is." in response.text
    assert goal.steps == []


def test_removing_a_goal_removes_its_steps(coach, jobseeker, db):
    goal = GoalFactory(case=jobseeker.case)
    GoalStepFactory(goal=goal)
    goal_id = goal.id
    coach.post(f"{jobseeker.base}/goals/{goal_id}/delete")
    assert _goals(db, jobseeker.case) == []
    assert _steps_of(db, goal_id) == 0


def test_a_goal_of_another_jobseeker_is_not_found(coach, jobseeker, world):
    other = make_jobseeker(world.org, world.jobcoach, first_name="Anders")
    goal = GoalFactory(case=other.case)
    step = GoalStepFactory(goal=goal)
    assert coach.get(f"{jobseeker.base}/goals/{goal.id}").status_code == 404
    assert coach.post(f"{jobseeker.base}/goals/{goal.id}/delete").status_code == 404
    assert coach.post(f"{jobseeker.base}/steps/{step.id}/done").status_code == 404
    assert coach.post(f"{jobseeker.base}/steps/{step.id}/delete").status_code == 404


def test_hostile_goal_text_is_shown_as_text(coach, jobseeker):
    GoalFactory(case=jobseeker.case, text='<script>alert("x")</script>')
    page = coach.get(f"{jobseeker.base}/goals").text
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page


def _token(page: str, action: str) -> str:
    """The CSRF token in the form that posts to ``action``."""
    import re

    form = page[page.index(f'action="{action}"'):]
    return re.search(r'name="[\w-]*csrf_token"[^>]*value="([^"]+)"', form).group(1)


def test_the_goal_and_step_forms_carry_their_csrf_token(coach, jobseeker, db, csrf_enabled):
    goal = GoalFactory(case=jobseeker.case)
    page = coach.get(f"{jobseeker.base}/goals").text
    assert coach.post(f"{jobseeker.base}/goals", data={"text": "Zonder token"}).status_code == 400
    add_goal = f"{jobseeker.base}/goals"
    assert coach.post(add_goal, data={"text": "Met token", "csrf_token": _token(page, add_goal)}
                      ).status_code == 302
    add_step = f"{jobseeker.base}/goals/{goal.id}/steps"
    response = coach.post(add_step, data={f"step-{goal.id}-text": "Stap",
                                          f"step-{goal.id}-csrf_token": _token(page, add_step)})
    assert response.status_code == 302 and [s.text for s in goal.steps] == ["Stap"]
