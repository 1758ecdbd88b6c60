"""A plan's create forms sent twice (a double click, a resent page) make one record, and the
second sending lands on what the first one made; a refused form can be corrected and sent
again with the same key (issue 15, "Submitting twice makes one record")."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from eigenkracht.conference.models import Conference, ConferenceKind
from eigenkracht.extensions import db
from eigenkracht.plans.models import Action, ActionUpdate, Plan, PlanStatus
from tests.factories import CaseAssignmentFactory, CaseFactory
from tests.plans.conftest import person_named, plan_of

KEY = "sent-once-0123456789abcdef"


def _key_on(page: str) -> str:
    """The one-time key of the (only) create form on ``page``."""
    tag = re.search(r'<input[^>]*name="submission"[^>]*>', page).group(0)
    return re.search(r'value="([^"]+)"', tag).group(1)


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def accepted(presented):
    presented.status = PlanStatus.ACCEPTED
    db.session.flush()
    return presented


def test_the_add_action_form_sent_twice_adds_one_action(world, login_as, plan, base,
                                                         conference):
    client = login_as("coordinator")
    key = _key_on(client.get(f"{base}/v1/actions/new").get_data(as_text=True))
    aunt = person_named(world.case, "Tante Riëtte")
    data = {"submission": key, "what": "Tante haalt Noëlle op woensdag op.",
            "person_ids": [aunt.id], "when_text": "elke woensdag",
            "when_date": (conference.starts_at.date() + timedelta(days=3)).isoformat()}
    first = client.post(f"{base}/v1/actions/new", data=data)
    second = client.post(f"{base}/v1/actions/new", data=data)
    assert first.status_code == 302
    made = db.session.scalars(select(Action).where(
        Action.plan_id == plan.id, Action.what == data["what"])).all()
    assert len(made) == 1
    assert second.status_code == 303
    assert second.headers["Location"] == first.headers["Location"]
    assert second.headers["Location"].endswith(f"#action-{made[0].id}")


def test_a_refused_action_can_be_corrected_and_sent_with_the_same_key(world, login_as, plan,
                                                                       base):
    client = login_as("coordinator")
    aunt = person_named(world.case, "Tante Riëtte")
    data = {"submission": KEY, "what": "", "person_ids": [aunt.id], "when_text": "vandaag"}
    refused = client.post(f"{base}/v1/actions/new", data=data)
    assert refused.status_code == 422
    assert _key_on(refused.get_data(as_text=True)) == KEY  # the form keeps its key
    corrected = client.post(f"{base}/v1/actions/new", data={**data, "what": "Bellen"})
    assert corrected.status_code == 302
    assert _count(Action, Action.plan_id == plan.id, Action.what == "Bellen") == 1


def test_the_update_form_of_an_action_sent_twice_saves_one_update(login_as, plan, base):
    action = plan.actions[0]
    client = login_as("coordinator")
    page = client.get(f"{base}/v1/actions/{action.id}").get_data(as_text=True)
    data = {"submission": _key_on(page), "status": "in_progress", "note": "Begonnen."}
    first = client.post(f"{base}/v1/actions/{action.id}/updates", data=data)
    second = client.post(f"{base}/v1/actions/{action.id}/updates", data=data)
    assert first.status_code == 302
    assert (second.status_code, second.headers["Location"]) == (303, first.headers["Location"])
    assert _count(ActionUpdate, ActionUpdate.action_id == action.id,
                  ActionUpdate.note == "Begonnen.") == 1


def test_the_new_version_form_sent_twice_makes_one_version_and_lands_on_it(
        world, login_as, accepted, base):
    client = login_as("coordinator")
    key = _key_on(client.get(f"{base}/v1").get_data(as_text=True))
    first = client.post(f"{base}/v1/new-version", data={"submission": key})
    second = client.post(f"{base}/v1/new-version", data={"submission": key})
    assert first.status_code == 302 and first.headers["Location"].endswith("/plan/v2")
    assert (second.status_code, second.headers["Location"]) == (303, first.headers["Location"])
    assert _count(Plan, Plan.case_id == world.case.id) == 2


def test_the_start_the_plan_form_sent_twice_makes_one_plan_and_lands_on_it(world, login_as):
    case = CaseFactory(organisation=world.org, central_question="Hoe gaat Daan naar school?")
    CaseAssignmentFactory(case=case, user=world.coordinator)
    client = login_as("coordinator")
    key = _key_on(client.get(f"/cases/{case.reference}/plan").get_data(as_text=True))
    first = client.post(f"/cases/{case.reference}/plan", data={"submission": key})
    second = client.post(f"/cases/{case.reference}/plan", data={"submission": key})
    assert first.status_code == 302 and first.headers["Location"].endswith("/plan/v1")
    assert (second.status_code, second.headers["Location"]) == (303, first.headers["Location"])
    assert _count(Plan, Plan.case_id == case.id) == 1
    assert plan_of(case) is not None


def test_a_stale_presentation_is_refused_with_409_and_presents_nothing(world, login_as,
                                                                      complete_plan, base):
    seen = complete_plan.row_version
    coordinator = login_as("coordinator")
    # Someone else saves the plan after this page was opened.
    complete_plan.going_well = "Oma komt elke week."
    db.session.flush()
    response = coordinator.post(f"{base}/v1/present", data={"row_version": seen,
                                                            "confirm": "y"})
    assert response.status_code == 409
    assert b"The plan was changed while you were looking at this page." in response.data
    plan = plan_of(world.case)
    assert plan.status == PlanStatus.DRAFT and plan.presented_at is None
    current = f'name="row_version" type="hidden" value="{plan.row_version}"'
    assert current in response.get_data(as_text=True)


def test_the_plan_page_s_review_meeting_form_sent_twice_plans_one_meeting(world, login_as,
                                                                          accepted, base):
    client = login_as("coordinator")
    page = client.get(f"{base}/v1").text
    form = re.search(r'<form[^>]*conferences/review.*?</form>', page, re.S).group(0)
    key = _key_on(form)
    data = {"day": accepted.evaluation_date.isoformat(), "time": "14:00", "submission": key}
    first = client.post(f"/cases/{world.case.reference}/conferences/review", data=data)
    second = client.post(f"/cases/{world.case.reference}/conferences/review", data=data)
    assert first.status_code == 302
    assert second.status_code == 303 and second.headers["Location"] == first.headers["Location"]
    assert _count(Conference, Conference.kind == ConferenceKind.REVIEW) == 1
