"""A coach rewords a step and puts goals and steps in the order that matters now."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.core.clock import today
from eigenkracht.jobs.models import Goal, GoalStep
from tests.factories import GoalFactory, GoalStepFactory


def goal_texts(page: str, *texts: str) -> list[str]:
    """``texts`` in the order they appear on ``page``."""
    return sorted(texts, key=page.index)


def test_a_coach_rewords_a_step_and_sees_the_new_text(coach, jobseeker, db):
    goal = GoalFactory(case=jobseeker.case, text="Werk in de logistiek")
    step = GoalStepFactory(goal=goal, text="Sanne bellen")
    target = today() + timedelta(days=14)
    response = coach.post(f"{jobseeker.base}/steps/{step.id}", data={
        "text": "Sanne vragen om een introductie bij het distributiecentrum",
        "target_date": target.isoformat()})
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"#step-{step.id}")
    page = coach.get(f"{jobseeker.base}/goals").text
    assert "Sanne vragen om een introductie bij het distributiecentrum" in page
    assert "Sanne bellen" not in page
    assert db.session.get(GoalStep, step.id).target_date == target
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.object_type == "goal_step", AuditEvent.action == "update")) == 1


def test_the_step_form_shows_the_current_text(coach, jobseeker):
    step = GoalStepFactory(goal=GoalFactory(case=jobseeker.case), text="Cv bijwerken")
    page = coach.get(f"{jobseeker.base}/steps/{step.id}").text
    assert "Edit step" in page and "Cv bijwerken" in page


def test_an_empty_or_oversized_step_text_is_refused_and_the_old_text_stays(coach, jobseeker,
                                                                           db):
    step = GoalStepFactory(goal=GoalFactory(case=jobseeker.case), text="Cv bijwerken")
    for text, message in (("   ", "Enter what the step is."),
                          ("x" * 501, "Use at most 500 characters.")):
        response = coach.post(f"{jobseeker.base}/steps/{step.id}", data={"text": text})
        assert response.status_code == 422 and message in response.text
        db.session.expire_all()
        assert db.session.get(GoalStep, step.id).text == "Cv bijwerken"


def test_hostile_step_text_is_shown_as_text(coach, jobseeker):
    step = GoalStepFactory(goal=GoalFactory(case=jobseeker.case), text="Cv bijwerken")
    coach.post(f"{jobseeker.base}/steps/{step.id}",
               data={"text": "<script>alert(1)</script>"})
    page = coach.get(f"{jobseeker.base}/goals").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_coach_moves_a_goal_up_and_the_list_shows_the_new_order(coach, jobseeker, db):
    first = GoalFactory(case=jobseeker.case, text="Eerste doel: rijbewijs", position=0)
    second = GoalFactory(case=jobseeker.case, text="Tweede doel: werk vinden", position=1)
    response = coach.post(f"{jobseeker.base}/goals/{second.id}/move",
                          data={"direction": "up"})
    assert response.status_code == 302
    page = coach.get(f"{jobseeker.base}/goals").text
    assert goal_texts(page, "Eerste doel", "Tweede doel") == ["Tweede doel", "Eerste doel"]
    assert db.session.get(Goal, first.id).position == 1


def test_the_first_goal_offers_no_move_up_and_moving_it_up_changes_nothing(coach, jobseeker,
                                                                           db):
    first = GoalFactory(case=jobseeker.case, text="Eerste doel", position=0)
    GoalFactory(case=jobseeker.case, text="Tweede doel", position=1)
    page = coach.get(f"{jobseeker.base}/goals").text
    assert page.count(f"/goals/{first.id}/move") == 1  # only "move down"
    before = db.session.scalar(select(func.count()).select_from(AuditEvent))
    coach.post(f"{jobseeker.base}/goals/{first.id}/move", data={"direction": "up"})
    assert db.session.get(Goal, first.id).position == 0
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == before


def test_an_unknown_direction_moves_nothing(coach, jobseeker, db):
    GoalFactory(case=jobseeker.case, text="Eerste doel", position=0)
    second = GoalFactory(case=jobseeker.case, text="Tweede doel", position=1)
    for direction in ("", "sideways", "' OR 1=1 --", "x" * 5000):
        response = coach.post(f"{jobseeker.base}/goals/{second.id}/move",
                              data={"direction": direction})
        assert response.status_code == 302
        assert db.session.get(Goal, second.id).position == 1


def test_a_coach_moves_a_step_down_within_its_goal(coach, jobseeker):
    goal = GoalFactory(case=jobseeker.case)
    first = GoalStepFactory(goal=goal, text="Stap A: cv", position=0)
    GoalStepFactory(goal=goal, text="Stap B: bellen", position=1)
    coach.post(f"{jobseeker.base}/steps/{first.id}/move", data={"direction": "down"})
    page = coach.get(f"{jobseeker.base}/goals").text
    assert goal_texts(page, "Stap A", "Stap B") == ["Stap B", "Stap A"]


def test_a_step_of_another_case_cannot_be_edited_or_moved(coach, jobseeker, world):
    from tests.jobs.conftest import make_jobseeker

    other = make_jobseeker(world.org, world.jobcoach, first_name="Anders")
    step = GoalStepFactory(goal=GoalFactory(case=other.case), text="Niet van jou")
    assert coach.post(f"{jobseeker.base}/steps/{step.id}", data={"text": "x"}).status_code == 404
    assert coach.post(f"{jobseeker.base}/steps/{step.id}/move",
                      data={"direction": "up"}).status_code == 404
