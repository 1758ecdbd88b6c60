"""Where the plan meets other features: people on the map, the conference to-do list and
its review meetings, the case page, the demo."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from eigenkracht.conference import todo
from eigenkracht.core.rules import RuleError
from eigenkracht.extensions import db
from eigenkracht.network.models import Person
from eigenkracht.network.services import remove_person
from eigenkracht.plans.models import PlanStatus
from tests.factories import PlanFactory
from tests.plans.conftest import person_named

# Messages made outside a request speak Dutch by default; these tests read English.
pytestmark = pytest.mark.usefixtures("english")


def test_a_person_who_owns_an_action_cannot_be_removed_from_the_map(world, plan):
    uncle = person_named(world.case, "Oom Kees")
    with pytest.raises(RuleError) as refused:
        remove_person(world.case, uncle)
    assert "responsible for an action in plan version 1" in refused.value.params["uses"]


def test_the_map_page_says_which_plan_version_holds_the_person(world, login_as, plan):
    uncle = person_named(world.case, "Oom Kees")
    response = login_as("coordinator").post(
        f"/cases/{world.case.reference}/network/people/{uncle.id}/delete",
        follow_redirects=True)
    assert "plan version 1" in response.get_data(as_text=True)
    assert db.session.get(Person, uncle.id) is not None


def test_the_monitor_cannot_be_removed_either(world, plan):
    aunt = person_named(world.case, "Tante Riëtte")
    plan.monitor_id = aunt.id
    db.session.flush()
    with pytest.raises(RuleError) as refused:
        remove_person(world.case, aunt)
    assert "monitor of plan version 1" in refused.value.params["uses"]


def test_the_evaluation_date_of_the_accepted_plan_is_a_review_due(world, plan):
    plan.status = PlanStatus.ACCEPTED
    plan.evaluation_date = date.today() + timedelta(days=40)
    db.session.flush()
    (due,) = todo.review_due(world.case)
    assert due.due_on == plan.evaluation_date and "plan version 1" in due.source


def test_no_review_is_due_once_a_new_version_has_been_started(world, plan):
    plan.status = PlanStatus.ACCEPTED
    plan.evaluation_date = date.today() + timedelta(days=40)
    PlanFactory(case=world.case, version=2)
    db.session.flush()
    assert todo.review_due(world.case) == []


def test_the_coordinators_to_do_list_shows_the_review_from_the_plan(world, login_as, plan):
    plan.status = PlanStatus.ACCEPTED
    plan.evaluation_date = date.today() + timedelta(days=40)
    db.session.flush()
    text = login_as("coordinator").get("/todo").get_data(as_text=True)
    assert world.case.reference in text.split('id="reviews"')[1]


def test_the_accepted_plan_offers_a_review_meeting_on_its_evaluation_date(world, login_as,
                                                                          plan, base):
    from eigenkracht.conference.models import Conference, ConferenceKind

    plan.status = PlanStatus.ACCEPTED
    plan.evaluation_date = date.today() + timedelta(days=40)
    db.session.flush()
    client = login_as("coordinator")
    page = client.get(f"{base}/v1").get_data(as_text=True)
    assert "Create review meeting" in page
    assert f'value="{plan.evaluation_date.isoformat()}"' in page
    response = client.post(f"/cases/{world.case.reference}/conferences/review",
                           data={"day": plan.evaluation_date.isoformat(), "time": "14:00"})
    assert response.status_code == 302
    review = db.session.scalar(select(Conference).where(
        Conference.case_id == world.case.id, Conference.kind == ConferenceKind.REVIEW))
    assert review is not None
    page = client.get(f"{base}/v1").get_data(as_text=True)
    assert "A review meeting is planned" in page


def test_the_demo_has_an_accepted_first_version_and_a_draft_review_version(app, db):
    from eigenkracht.cases.models import Case
    from eigenkracht.demo import load_demo
    from eigenkracht.plans.models import Plan
    from eigenkracht.plans.versions import compare

    app.config["DEMO_PASSWORD"] = "demo wachtwoord voor de tests 42"
    try:
        load_demo()
        load_demo()  # a second run adds nothing
    finally:
        app.config.pop("DEMO_PASSWORD")
    case = db.session.scalar(select(Case).where(Case.client_first_name == "Noëlle, Daniël",
                                                Case.client_last_name == "Jansen"))
    plans = list(db.session.scalars(select(Plan).where(Plan.case_id == case.id)
                                    .order_by(Plan.version)))
    assert [(p.version, p.status) for p in plans] == [(1, PlanStatus.ACCEPTED),
                                                      (2, PlanStatus.DRAFT)]
    first, second = plans
    # two children, and the external referrer decided through their personal link
    assert [c.first_name for c in case.clients] == ["Noëlle", "Daniël"]
    assert case.clients[1].birth_date is None and case.clients[1].birth_year == 2022
    assert case.referrer.user_id is None and first.decided_by_referrer == case.referrer
    assert len(first.actions) >= 8 and first.monitor is not None
    assert all(line.how_met and line.met for line in first.bottom_lines)
    assert any(a.updates for a in first.actions)
    assert first.conference.phase.value == "closed"
    result = compare(first, second)
    assert result.added and result.removed and result.changed and result.status_changes
    from eigenkracht.core.clock import today
    from eigenkracht.plans.routines import routine_record

    [routine] = [a for a in first.actions if a.repeat == "weekly"]  # Eline's Sunday call
    record = routine_record(routine, today())
    assert record.expected >= 5 and record.kept == record.expected - 1 and len(record.missed) == 1
