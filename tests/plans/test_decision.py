"""The referrer's decision at the plan presentation."""

from __future__ import annotations

from sqlalchemy import select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.cases.models import CaseStatus
from eigenkracht.conference.models import Phase
from eigenkracht.extensions import db
from eigenkracht.plans.models import Decision, PlanStatus
from tests.plans.conftest import plan_of


def _marks(plan, met="yes", actions=True) -> dict:
    data = {"row_version": plan.row_version}
    for line in plan.bottom_lines:
        data[f"met_{line.id}"] = met
        if actions:
            data[f"actions_{line.id}"] = [plan.actions[0].id]
    return data


def test_the_referrer_sees_the_bottom_lines_to_judge(world, login_as, presented, base):
    page = login_as("referrer").get(f"{base}/v1/decision")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Noëlle gaat elke dag naar school." in text
    assert "Oom Kees brengt haar op dinsdag." in text
    assert "Decision of referrer" not in text  # the referrer decides for themselves


def test_the_referrer_accepts_the_plan(world, login_as, presented, base, at_presentation):
    response = login_as("referrer").post(f"{base}/v1/decision",
                                         data={**_marks(presented), "decision": "accepted"})
    assert response.status_code == 302
    plan = plan_of(world.case)
    assert plan.status == PlanStatus.ACCEPTED and plan.decision == Decision.ACCEPTED
    assert plan.decided_by_id == world.referrer.id and plan.decided_at is not None
    assert plan.decided_for_referrer == ""
    line = plan.bottom_lines[0]
    assert line.met is True and [a.id for a in line.meeting_actions] == [plan.actions[0].id]
    db.session.refresh(at_presentation)
    assert at_presentation.phase == Phase.CLOSED
    assert at_presentation.decision_started_at is not None
    assert at_presentation.closed_at is not None


def test_accepting_is_audited_with_the_judgement_of_each_bottom_line(world, login_as,
                                                                     presented, base):
    login_as("referrer").post(f"{base}/v1/decision",
                              data={**_marks(presented), "decision": "accepted"})
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "decide")).one()
    assert event.actor_id == world.referrer.id
    assert event.details["decision"] == "accepted"
    assert list(event.details["bottom_lines"].values())[0]["met"] is True


def test_a_plan_that_leaves_a_bottom_line_unmet_cannot_be_accepted_without_a_reason(
        world, login_as, presented, base):
    response = login_as("referrer").post(f"{base}/v1/decision", data={
        **_marks(presented, met="no"), "decision": "accepted", "reason": "  "})
    assert response.status_code == 422
    assert b"leaves a bottom line unmet" in response.data
    plan = plan_of(world.case)
    assert plan.status == PlanStatus.PRESENTED and plan.bottom_lines[0].met is None


def test_accepted_with_changes_also_needs_a_reason_when_a_bottom_line_is_unmet(
        world, login_as, presented, base):
    response = login_as("referrer").post(f"{base}/v1/decision", data={
        **_marks(presented, met="no"), "decision": "accepted_with_changes"})
    assert response.status_code == 422
    assert b"Give the reason for this decision." in response.data


def test_a_plan_with_an_unmet_bottom_line_is_accepted_with_a_written_reason(
        world, login_as, presented, base):
    response = login_as("referrer").post(f"{base}/v1/decision", data={
        **_marks(presented, met="no"), "decision": "accepted",
        "reason": "School is geregeld via de leerplichtambtenaar."})
    assert response.status_code == 302
    plan = plan_of(world.case)
    assert plan.status == PlanStatus.ACCEPTED
    assert plan.decision_reason == "School is geregeld via de leerplichtambtenaar."


def test_every_bottom_line_must_be_judged(world, login_as, presented, base):
    data = _marks(presented)
    del data[f"met_{presented.bottom_lines[0].id}"]
    response = login_as("referrer").post(f"{base}/v1/decision",
                                         data={**data, "decision": "accepted"})
    assert response.status_code == 422
    assert b"Say whether the plan meets this bottom line." in response.data


def test_a_decision_must_be_chosen(world, login_as, presented, base):
    response = login_as("referrer").post(f"{base}/v1/decision",
                                         data={**_marks(presented), "decision": "maybe"})
    assert response.status_code == 422
    assert b"Choose the decision." in response.data


def test_actions_of_another_plan_cannot_meet_a_bottom_line(world, login_as, presented, base):
    from tests.factories import ActionFactory, PlanFactory

    foreign = ActionFactory(plan=PlanFactory(case=world.other_case))
    data = _marks(presented)
    data[f"actions_{presented.bottom_lines[0].id}"] = [foreign.id]
    response = login_as("referrer").post(f"{base}/v1/decision",
                                         data={**data, "decision": "accepted"})
    assert response.status_code == 422
    assert b"Choose actions of this plan." in response.data
    assert plan_of(world.case).status == PlanStatus.PRESENTED


def test_not_accepted_needs_a_reason(world, login_as, presented, base):
    response = login_as("referrer").post(f"{base}/v1/decision", data={
        **_marks(presented), "decision": "not_accepted"})
    assert response.status_code == 422
    assert b"Give the reason for this decision." in response.data


def test_a_plan_that_is_not_accepted_goes_back_to_the_family_and_is_presented_again(
        world, login_as, presented, base, at_presentation):
    login_as("referrer").post(f"{base}/v1/decision", data={
        **_marks(presented, met="no"), "decision": "not_accepted",
        "reason": "Er is niemand voor de ochtenden."})
    plan = plan_of(world.case)
    assert plan.status == PlanStatus.NOT_ACCEPTED
    db.session.refresh(at_presentation)
    assert at_presentation.phase == Phase.PRESENTATION  # the family may deliberate again
    coordinator = login_as("coordinator")
    page = coordinator.get(f"{base}/v1").get_data(as_text=True)
    assert "Er is niemand voor de ochtenden." in page
    assert "revise the plan and present it again" in page
    assert coordinator.post(f"{base}/v1/edit", data={
        "row_version": plan.row_version, "going_well": "Oma komt elke ochtend."}
    ).status_code == 302
    plan = plan_of(world.case)
    assert coordinator.post(f"{base}/v1/present",
                            data={"row_version": plan.row_version}).status_code == 302
    plan = plan_of(world.case)
    assert plan.status == PlanStatus.PRESENTED and plan.decision is None
    assert plan.bottom_lines[0].met is None


def test_the_coordinator_records_the_referrers_decision_with_their_name(
        world, login_as, presented, base):
    client = login_as("coordinator")
    page = client.get(f"{base}/v1/decision").get_data(as_text=True)
    assert "Decision of referrer" in page and world.referrer.name in page
    response = client.post(f"{base}/v1/decision", data={
        **_marks(presented), "decision": "accepted", "referrer_name": world.referrer.name})
    assert response.status_code == 302
    plan = plan_of(world.case)
    assert plan.decided_by_id == world.coordinator.id
    assert plan.decided_for_referrer == world.referrer.name
    text = client.get(f"{base}/v1").get_data(as_text=True)
    assert f"Decision of {world.referrer.name}, recorded by {world.coordinator.name}" in text


def test_the_coordinator_must_say_whose_decision_is_recorded(world, login_as, presented, base):
    response = login_as("coordinator").post(f"{base}/v1/decision", data={
        **_marks(presented), "decision": "accepted", "referrer_name": ""})
    assert response.status_code == 422
    assert b"Say for which referrer you record the decision." in response.data


def test_a_draft_cannot_be_decided(world, login_as, plan, base):
    page = login_as("referrer").get(f"{base}/v1/decision")
    assert page.status_code == 409
    assert b"Only a plan that has been presented can be decided." in page.data


def test_the_decision_of_an_unassigned_user_is_not_possible(world, login_as, presented, base):
    assert login_as("unassigned_coordinator").get(f"{base}/v1/decision").status_code == 404
    assert login_as("jobcoach").post(f"{base}/v1/decision",
                                     data={"decision": "accepted"}).status_code == 404


def test_accepting_replaces_the_version_accepted_before(world, login_as, presented, base):
    from tests.factories import PlanFactory

    presented.version = 2
    older = PlanFactory(case=world.case, version=1, status=PlanStatus.ACCEPTED)
    db.session.flush()
    login_as("referrer").post(f"{base}/v2/decision",
                              data={**_marks(presented), "decision": "accepted"})
    db.session.refresh(older)
    assert older.status == PlanStatus.SUPERSEDED
    assert plan_of(world.case, 2).status == PlanStatus.ACCEPTED


def test_accepting_moves_the_case_from_the_conference_to_the_follow_up(world, login_as,
                                                                      presented, base):
    world.case.status = CaseStatus.CONFERENCE
    db.session.flush()
    login_as("referrer").post(f"{base}/v1/decision",
                              data={**_marks(presented), "decision": "accepted"})
    db.session.refresh(world.case)
    assert world.case.status == CaseStatus.FOLLOW_UP


def test_a_decision_on_a_plan_changed_meanwhile_is_refused_and_keeps_the_choices(
        world, login_as, presented, base):
    data = {**_marks(presented), "decision": "accepted", "reason": "Mijn toelichting"}
    presented.updated_at = presented.updated_at  # someone saves the plan in between
    presented.contingency = "Anders"
    db.session.flush()
    response = login_as("referrer").post(f"{base}/v1/decision", data=data)
    assert response.status_code == 409
    assert b"The plan was changed after you opened this page." in response.data
    assert b"Mijn toelichting" in response.data
    assert plan_of(world.case).status == PlanStatus.PRESENTED


def test_an_action_that_met_a_bottom_line_can_be_removed_while_revising(world, login_as,
                                                                        presented, base):
    login_as("referrer").post(f"{base}/v1/decision", data={
        **_marks(presented), "decision": "not_accepted", "reason": "Te weinig hulp."})
    action_id = presented.actions[0].id
    response = login_as("coordinator").post(f"{base}/v1/actions/{action_id}/delete")
    assert response.status_code == 302
    db.session.expire_all()
    plan = plan_of(world.case)
    assert action_id not in [a.id for a in plan.actions]
    assert plan.bottom_lines[0].meeting_actions == []
