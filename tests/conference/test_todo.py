"""After the day: the follow-up call and review meetings on the coordinator's to-do list."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from eigenkracht.conference import services, todo
from eigenkracht.conference.models import Conference, ConferenceKind, Phase, VenueKind
from eigenkracht.core.clock import now, today
from tests.conference.conftest import in_phase, utc


@pytest.fixture
def review_hook(app, world, monkeypatch):
    """A plan with an evaluation date, registered beside the plan feature's own check."""

    def due(case):
        if case.id != world.case.id:
            return []
        return [todo.ReviewDue(case=case, due_on=date(2027, 6, 1), source="plan version 1")]

    monkeypatch.setitem(app.extensions, todo.REVIEW_CHECKS,
                        (*app.extensions[todo.REVIEW_CHECKS], due))
    return due


def test_the_follow_up_call_appears_once_the_decision_is_reached(coordinator, conference):
    conference.starts_at = utc(2027, 2, 1, 13, 0)
    in_phase(conference, Phase.INFORMATION, Phase.PRIVATE_TIME, Phase.PRESENTATION,
             Phase.DECISION)
    assert conference.follow_up_call_on == date(2027, 3, 1)
    page = coordinator.get("/todo").text
    assert 'id="follow-up-' in page and "Noëlle Jansen" in page


def test_no_follow_up_call_while_the_conference_is_only_planned(coordinator, conference):
    assert 'id="follow-up-' not in coordinator.get("/todo").text


def test_a_follow_up_call_that_is_late_says_so(coordinator, conference):
    conference.starts_at = now() - timedelta(days=40)
    in_phase(conference, Phase.INFORMATION, Phase.PRIVATE_TIME, Phase.PRESENTATION,
             Phase.DECISION)
    assert "overdue" in coordinator.get("/todo").text


def test_marking_the_call_made_takes_it_off_the_list(coordinator, base, conference, db):
    in_phase(conference, Phase.INFORMATION, Phase.PRIVATE_TIME, Phase.PRESENTATION,
             Phase.DECISION)
    response = coordinator.post(f"{base}/follow-up", data={
        "called_on": today().isoformat(), "outcome": "reached", "reached": "Moeder Sanne"})
    assert response.status_code == 302
    assert db.session.get(Conference, conference.id).follow_up_done_at is not None
    assert 'id="follow-up-' not in coordinator.get("/todo").text


def test_a_follow_up_call_cannot_be_marked_before_the_conference(coordinator, base,
                                                                 conference, db):
    response = coordinator.post(f"{base}/follow-up", follow_redirects=True)
    assert "no follow-up call to do" in response.text
    assert db.session.get(Conference, conference.id).follow_up_done_at is None


def test_another_coordinator_does_not_get_my_follow_up_calls(login_as, conference):
    in_phase(conference, Phase.INFORMATION, Phase.PRIVATE_TIME, Phase.PRESENTATION,
             Phase.DECISION)
    assert 'id="follow-up-' not in login_as("unassigned_coordinator").get("/todo").text


def test_coming_conferences_are_on_the_list(coordinator, conference):
    page = coordinator.get("/todo").text
    assert f'id="conference-{conference.id}"' in page
    assert "Preparation: 2 of 8 done" in page  # map made, bottom lines: they tick themselves


def test_a_review_due_from_the_plan_is_on_the_list_with_a_create_action(coordinator,
                                                                        review_hook, world):
    page = coordinator.get("/todo").text
    assert "plan version 1" in page
    assert f"/cases/{world.case.reference}/conferences/review" in page
    assert 'value="2027-06-01"' in page


def test_creating_the_review_meeting_plans_it_like_the_last_conference(
        coordinator, review_hook, world, conference, db):
    response = coordinator.post(f"/cases/{world.case.reference}/conferences/review",
                                data={"day": "2027-06-01", "time": "14:00"})
    assert response.status_code == 302
    review = db.session.scalars(select(Conference).where(
        Conference.kind == ConferenceKind.REVIEW)).one()
    assert review.starts_at == utc(2027, 6, 1, 12, 0)
    assert review.venue_address == conference.venue_address
    assert review.coordinator_id == world.coordinator.id
    assert review.phase == Phase.PLANNED


def test_once_the_review_is_planned_the_list_links_to_it(coordinator, review_hook, world):
    coordinator.post(f"/cases/{world.case.reference}/conferences/review",
                     data={"day": "2027-06-01", "time": "14:00"})
    page = coordinator.get("/todo").text
    assert "Review meeting planned on" in page


def test_a_review_with_a_malformed_date_is_refused_on_the_list(coordinator, world, db):
    response = coordinator.post(f"/cases/{world.case.reference}/conferences/review",
                                data={"day": "1 juni", "time": "14:00"})
    assert response.status_code == 422
    assert "Enter a date like 2027-03-31." in response.text
    assert db.session.scalar(select(Conference).where(
        Conference.kind == ConferenceKind.REVIEW)) is None


def test_a_referrer_cannot_create_a_review_meeting(login_as, world, db):
    response = login_as("referrer").post(f"/cases/{world.case.reference}/conferences/review",
                                         data={"day": "2027-06-01", "time": "14:00"})
    assert response.status_code == 403


def test_the_plan_feature_can_create_a_review_for_a_case_without_conferences(world, db):
    from tests.factories import CaseAssignmentFactory, CaseFactory

    case = CaseFactory(organisation=world.org)
    CaseAssignmentFactory(case=case, user=world.coordinator)
    review = services.create_review(case, utc(2027, 9, 1, 8, 0), world.coordinator)
    assert review.kind == ConferenceKind.REVIEW
    assert review.coordinator_id == world.coordinator.id
    assert review.venue_kind == VenueKind.ADDRESS and review.venue_address == ""


def test_review_due_asks_every_registered_check(review_hook, world):
    assert [d.due_on for d in todo.review_due(world.case)] == [date(2027, 6, 1)]
    assert todo.review_due(world.other_case) == []


def test_an_empty_list_says_there_is_nothing_to_do(login_as):
    page = login_as("jobcoach").get("/todo").text
    assert "No follow-up calls to make." in page
    assert "You have no conferences coming up." in page

