"""The plan of a case: starting it, the page, the sections and what is still missing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from eigenkracht.audit.models import AuditEvent
from eigenkracht.extensions import db
from eigenkracht.plans.models import Plan
from tests.factories import CaseAssignmentFactory, CaseFactory, ConferenceFactory
from tests.plans.conftest import person_named, plan_of


def _new_case(world):
    case = CaseFactory(organisation=world.org, central_question="Hoe gaat Daan weer naar school?",
                       concerns="Daan verzuimt.")
    CaseAssignmentFactory(case=case, user=world.coordinator)
    return case


def test_a_case_without_a_plan_offers_to_start_one(world, login_as):
    case = _new_case(world)
    page = login_as("coordinator").get(f"/cases/{case.reference}/plan")
    assert page.status_code == 200
    assert b"There is no plan yet" in page.data
    assert b"Start the plan" in page.data


def test_starting_the_plan_fills_in_the_question_concerns_and_bottom_lines_of_the_case(
        world, login_as):
    from tests.factories import BottomLineFactory

    case = _new_case(world)
    BottomLineFactory(case=case, text="Daan is elke dag op school.", position=0)
    conference = ConferenceFactory(case=case)
    response = login_as("coordinator").post(f"/cases/{case.reference}/plan",
                                            data={"conference_id": conference.id})
    assert response.status_code == 302
    plan = plan_of(case)
    assert (plan.version, plan.status.value, plan.conference_id) == (1, "draft", conference.id)
    assert plan.central_question == "Hoe gaat Daan weer naar school?"
    assert [line.text for line in plan.bottom_lines] == ["Daan is elke dag op school."]
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.object_type == "plan", AuditEvent.action == "create")) == 1


def test_a_second_plan_cannot_be_started(world, login_as, base):
    response = login_as("coordinator").post(base, data={}, follow_redirects=True)
    assert b"already has a plan" in response.data
    assert db.session.scalar(select(func.count(Plan.id)).where(
        Plan.case_id == world.case.id)) == 1


def test_a_conference_of_another_case_cannot_be_the_plans_conference(world, login_as):
    case = _new_case(world)
    foreign = ConferenceFactory(case=world.other_case)
    response = login_as("coordinator").post(f"/cases/{case.reference}/plan",
                                            data={"conference_id": foreign.id})
    assert response.status_code == 422
    assert b"Choose a conference of this case." in response.data
    assert plan_of(case) is None


def test_the_plan_page_shows_the_sections_and_the_actions(world, login_as, plan, base):
    page = login_as("referrer").get(f"{base}/v1")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Family plan, version 1" in text
    assert "Noëlle gaat elke dag naar school." in text
    assert "Oom Kees" in text
    assert "Draft" in text


def test_empty_sections_are_flagged_on_the_plan_page(world, login_as, plan, base):
    plan.going_well = ""
    db.session.flush()
    text = login_as("coordinator").get(f"{base}/v1").get_data(as_text=True)
    assert "Still empty" in text
    for section in ("What is going well", "Monitor", "Evaluation date"):
        assert section in text.split("Still empty")[1].split("</section>")[0]


def test_the_sections_are_saved_with_the_monitor_from_the_map(world, login_as, plan, base,
                                                             conference):
    aunt = person_named(world.case, "Tante Riëtte")
    evaluation = conference.starts_at.date() + timedelta(weeks=6)
    response = login_as("coordinator").post(f"{base}/v1/edit", data={
        "row_version": plan.row_version, "central_question": "Wat is er nodig?",
        "going_well": "Oma helpt.\r\nNoëlle turnt.", "monitor_id": aunt.id,
        "evaluation_date": evaluation.isoformat(),
        f"how_met_{plan.bottom_lines[0].id}": "Oom brengt haar."})
    assert response.status_code == 302
    plan = plan_of(world.case)
    assert plan.going_well == "Oma helpt.\nNoëlle turnt."
    assert plan.monitor_id == aunt.id
    assert plan.evaluation_date == evaluation
    assert plan.bottom_lines[0].how_met == "Oom brengt haar."
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "plan", AuditEvent.action == "update")).one()
    assert "going_well" in event.details and "monitor_id" in event.details


def test_empty_sections_may_be_saved_while_drafting(world, login_as, plan, base):
    response = login_as("coordinator").post(f"{base}/v1/edit", data={
        "row_version": plan.row_version, "going_well": "", "contingency": ""})
    assert response.status_code == 302
    assert plan_of(world.case).contingency == ""


def test_oversized_text_gets_a_message_and_nothing_is_saved(world, login_as, plan, base):
    response = login_as("coordinator").post(f"{base}/v1/edit", data={
        "row_version": plan.row_version, "central_question": "x" * 2001,
        "going_well": "Nieuw"})
    assert response.status_code == 422
    assert b"Use at most 2000 characters." in response.data
    assert plan_of(world.case).going_well != "Nieuw"


def test_a_malformed_evaluation_date_gets_a_message(world, login_as, plan, base):
    response = login_as("coordinator").post(f"{base}/v1/edit", data={
        "row_version": plan.row_version, "evaluation_date": "15-01-2030"})
    assert response.status_code == 422
    assert b"Enter a date like 2027-03-31." in response.data


def test_an_evaluation_date_before_the_conference_is_refused(world, login_as, plan, base,
                                                                conference):
    day = conference.starts_at.date().replace(day=1)
    response = login_as("coordinator").post(f"{base}/v1/edit", data={
        "row_version": plan.row_version, "evaluation_date": day.isoformat()})
    assert response.status_code == 422
    assert b"cannot be before the conference" in response.data
    assert plan_of(world.case).evaluation_date is None


def test_a_monitor_of_another_case_is_refused(world, login_as, plan, base, other_case_person):
    response = login_as("coordinator").post(f"{base}/v1/edit", data={
        "row_version": plan.row_version, "monitor_id": other_case_person.id,
        "going_well": "Nieuw"})
    assert response.status_code == 422
    assert b"Choose the monitor from the people on the map of this case." in response.data
    assert plan_of(world.case).monitor_id is None


def test_a_malformed_monitor_is_refused_with_a_message(world, login_as, plan, base):
    response = login_as("coordinator").post(f"{base}/v1/edit", data={
        "row_version": plan.row_version, "monitor_id": "'; drop table plans; --"})
    assert response.status_code == 422
    assert b"Choose the monitor from the people on the map of this case." in response.data


def test_invisible_control_characters_are_refused(world, login_as, plan, base):
    response = login_as("coordinator").post(f"{base}/v1/edit", data={
        "row_version": plan.row_version, "concerns": "zorgen\x00\x1b[31m"})
    assert response.status_code == 422
    assert b"invisible control characters" in response.data


def test_hostile_text_is_shown_as_text(world, login_as, plan, base):
    login_as("coordinator").post(f"{base}/v1/edit", data={
        "row_version": plan.row_version, "going_well": "<script>alert(1)</script>"})
    page = login_as("coordinator").get(f"{base}/v1")
    assert b"<script>alert(1)</script>" not in page.data
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in page.data


def test_a_version_that_does_not_exist_is_not_found(login_as, base):
    assert login_as("coordinator").get(f"{base}/v7").status_code == 404


def test_the_plan_of_another_organisations_case_is_not_found(world, login_as):
    response = login_as("coordinator").get(f"/cases/{world.other_case.reference}/plan/v1")
    assert response.status_code == 404


def test_the_referrer_cannot_edit_the_plan_text(world, login_as, plan, base):
    client = login_as("referrer")
    assert client.get(f"{base}/v1/edit").status_code == 403
    response = client.post(f"{base}/v1/edit", data={"row_version": plan.row_version,
                                                   "going_well": "Door de verwijzer"})
    assert response.status_code == 403
    assert plan_of(world.case).going_well != "Door de verwijzer"


def test_the_case_page_shows_the_plan_version_and_status(world, login_as, plan):
    text = login_as("coordinator").get(f"/cases/{world.case.reference}").get_data(as_text=True)
    assert "Family plan" in text
    assert "Version 1" in text and "Draft" in text


def test_viewing_the_plan_is_audited(world, login_as, plan, base):
    login_as("referrer").get(f"{base}/v1")
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.object_type == "plan", AuditEvent.action == "view",
        AuditEvent.actor_id == world.referrer.id)) == 1


def test_the_bottom_lines_can_be_brought_up_to_date_with_the_case(world, login_as, plan, base):
    from tests.factories import BottomLineFactory

    BottomLineFactory(case=world.case, text="Er is geen geweld in huis.", position=1)
    client = login_as("coordinator")
    assert b"Update the bottom lines in the plan" in client.get(f"{base}/v1").data
    client.post(f"{base}/v1/bottom-lines")
    lines = plan_of(world.case).bottom_lines
    assert [line.text for line in lines] == ["Noëlle gaat elke dag naar school.",
                                             "Er is geen geweld in huis."]
