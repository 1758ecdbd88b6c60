"""Presenting the plan: empty sections are flagged and must be seen; the conference must
have reached the plan presentation; a presented plan waits for the decision."""

from __future__ import annotations

from eigenkracht.conference.models import Phase
from eigenkracht.extensions import db
from eigenkracht.plans.models import PlanStatus
from tests.factories import BottomLineFactory
from tests.plans.conftest import plan_of


def test_the_present_step_lists_the_empty_sections(login_as, plan, base, at_presentation):
    page = login_as("coordinator").get(f"{base}/v1/present")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Still empty" in text and "Monitor" in text and "Evaluation date" in text
    assert "Present the plan with these sections still empty" in text


def test_a_plan_with_empty_sections_is_presented_only_when_that_is_confirmed(
        world, login_as, plan, base, at_presentation):
    client = login_as("coordinator")
    refused = client.post(f"{base}/v1/present", data={"row_version": plan.row_version})
    assert refused.status_code == 422
    assert b"Tick the box to present the plan anyway" in refused.data
    assert plan_of(world.case).status == PlanStatus.DRAFT
    accepted = client.post(f"{base}/v1/present", data={"row_version": plan.row_version,
                                                       "confirm": "y"})
    assert accepted.status_code == 302
    assert plan_of(world.case).status == PlanStatus.PRESENTED


def test_a_complete_plan_is_presented_without_confirmation(world, login_as, complete_plan,
                                                           base):
    page = login_as("coordinator").get(f"{base}/v1/present")
    assert b"Every section has been filled in." in page.data
    response = login_as("coordinator").post(f"{base}/v1/present",
                                            data={"row_version": complete_plan.row_version})
    assert response.status_code == 302
    plan = plan_of(world.case)
    assert plan.status == PlanStatus.PRESENTED and plan.presented_at is not None


def test_a_plan_is_not_presented_before_the_family_had_its_private_time(world, login_as,
                                                                        complete_plan, base,
                                                                        at_presentation):
    at_presentation.phase = Phase.INFORMATION
    db.session.flush()
    response = login_as("coordinator").post(f"{base}/v1/present",
                                            data={"row_version": complete_plan.row_version})
    assert response.status_code == 422
    assert b"Move the conference to the plan presentation first." in response.data


def test_presenting_after_private_time_starts_the_plan_presentation(world, login_as,
                                                                    complete_plan, base,
                                                                    at_presentation):
    at_presentation.phase = Phase.PRIVATE_TIME
    db.session.flush()
    login_as("coordinator").post(f"{base}/v1/present",
                                 data={"row_version": complete_plan.row_version})
    db.session.refresh(at_presentation)
    assert at_presentation.phase == Phase.PRESENTATION
    assert plan_of(world.case).status == PlanStatus.PRESENTED


def test_nothing_can_be_written_in_the_plan_during_private_family_time(world, login_as, plan,
                                                                       base, at_presentation):
    at_presentation.phase = Phase.PRIVATE_TIME
    db.session.flush()
    response = login_as("coordinator").post(f"{base}/v1/edit", data={
        "row_version": plan.row_version, "going_well": "Wat de familie zei"})
    assert response.status_code == 409
    assert b"private family time" in response.data
    assert plan_of(world.case).going_well != "Wat de familie zei"


def test_changed_bottom_lines_must_be_brought_into_the_plan_before_presenting(
        world, login_as, complete_plan, base):
    BottomLineFactory(case=world.case, text="Nieuwe voorwaarde", position=1)
    response = login_as("coordinator").post(f"{base}/v1/present",
                                            data={"row_version": complete_plan.row_version})
    assert response.status_code == 422
    assert b"Update them in the plan before presenting it." in response.data


def test_a_presented_plan_cannot_be_edited_and_says_why(world, login_as, presented, base):
    page = login_as("coordinator").get(f"{base}/v1/edit")
    assert page.status_code == 409
    assert b"waiting for the referrer" in page.data
    assert b"Take it back to draft" in page.data


def test_a_presented_plan_can_be_taken_back_to_draft(world, login_as, presented, base):
    login_as("coordinator").post(f"{base}/v1/withdraw")
    assert plan_of(world.case).status == PlanStatus.DRAFT


def test_the_referrer_cannot_present_or_withdraw_the_plan(world, login_as, presented, base):
    client = login_as("referrer")
    assert client.post(f"{base}/v1/present", data={"confirm": "y"}).status_code == 403
    assert client.post(f"{base}/v1/withdraw").status_code == 403
    assert plan_of(world.case).status == PlanStatus.PRESENTED
