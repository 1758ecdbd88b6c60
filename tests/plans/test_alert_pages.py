"""The coordinator's side of "this is not working": the to-do line, the alerts page, and
the review meeting planned from an alert in one step (the world's alert: the uncle with a
task said it)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from eigenkracht.conference.models import Conference, ConferenceKind
from eigenkracht.extensions import db
from eigenkracht.plans.alert_models import PlanAlert


def test_the_alert_is_on_the_coordinators_todo_list(world, login_as):
    page = login_as("coordinator").get("/todo").get_data(as_text=True)
    assert "The plan is not working" in page and world.case.reference in page
    assert f"/cases/{world.case.reference}/plan/alerts#alert-" in page


def test_not_on_the_todo_list_of_a_coordinator_of_another_case(world, login_as):
    page = login_as("other_coordinator").get("/todo").get_data(as_text=True)
    assert "The plan is not working" not in page


def test_a_review_meeting_is_planned_from_the_alert_in_one_step(world, login_as):
    client = login_as("coordinator")
    alert_id = world.extra_ids["plan_alert"]
    page = client.get(f"/cases/{world.case.reference}/plan/alerts").get_data(as_text=True)
    assert "Lukt niet." in page and "Plan the review meeting" in page
    response = client.post(f"/cases/{world.case.reference}/plan/alerts/{alert_id}/review",
                           data={"day": (date.today() + timedelta(days=30)).isoformat(),
                                 "time": "14:00"})
    assert response.status_code == 302 and "/conferences/" in response.headers["Location"]
    alert = db.session.get(PlanAlert, alert_id)
    review = db.session.get(Conference, alert.review_id)
    assert review.kind == ConferenceKind.REVIEW and not alert.open
    assert "The plan is not working" not in client.get("/todo").get_data(as_text=True)


def test_a_wrong_date_plans_nothing_and_says_why(world, login_as):
    client = login_as("coordinator")
    alert_id = world.extra_ids["plan_alert"]
    response = client.post(f"/cases/{world.case.reference}/plan/alerts/{alert_id}/review",
                           data={"day": "10-01-2030", "time": "25:00"})
    assert response.status_code == 422
    assert db.session.get(PlanAlert, alert_id).open
    assert db.session.scalars(select(Conference).where(
        Conference.kind == ConferenceKind.REVIEW)).all() == []


def test_marked_handled_it_leaves_the_list(world, login_as):
    client = login_as("coordinator")
    alert_id = world.extra_ids["plan_alert"]
    client.post(f"/cases/{world.case.reference}/plan/alerts/{alert_id}/handled")
    assert not db.session.get(PlanAlert, alert_id).open


def test_the_referrer_reads_but_does_not_act(world, login_as):
    client = login_as("referrer")
    page = client.get(f"/cases/{world.case.reference}/plan/alerts").get_data(as_text=True)
    assert "Lukt niet." in page and "Plan the review meeting" not in page
    alert_id = world.extra_ids["plan_alert"]
    assert client.post(f"/cases/{world.case.reference}/plan/alerts/{alert_id}/handled"
                       ).status_code == 403
