"""Actions: who does what and when; their order, groups, updates and bad input."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from eigenkracht.extensions import db
from eigenkracht.network.services import client_person
from eigenkracht.plans.models import Action, ActionUpdate
from tests.factories import ActionFactory, PersonFactory, PlanFactory
from tests.plans.conftest import person_named, plan_of


def _count_actions(plan) -> int:
    return db.session.scalar(select(func.count(Action.id)).where(Action.plan_id == plan.id))


def _action_data(world, conference, **overrides):
    aunt = person_named(world.case, "Tante Riëtte")
    data = {"what": "Tante haalt Noëlle op woensdag op.", "person_ids": [aunt.id],
            "when_date": (conference.starts_at.date() + timedelta(days=3)).isoformat(),
            "when_text": "", "support_needed": "", "serves_id": "", "serves_concern": ""}
    data.update(overrides)
    return data


def test_an_action_is_added_with_its_people_date_and_bottom_line(world, login_as, plan, base,
                                                                 conference):
    line = plan.bottom_lines[0]
    response = login_as("coordinator").post(f"{base}/v1/actions/new", data=_action_data(
        world, conference, serves_id=line.id, support_needed="Een fiets"))
    assert response.status_code == 302
    action = plan_of(world.case).actions[-1]
    assert action.what == "Tante haalt Noëlle op woensdag op."
    assert [p.name for p in action.people] == ["Tante Riëtte"]
    assert action.serves_id == line.id and action.status.value == "open"


def test_the_client_can_be_responsible_for_an_action(world, login_as, plan, base, conference):
    client = client_person(world.case)
    db.session.flush()
    response = login_as("coordinator").post(f"{base}/v1/actions/new", data=_action_data(
        world, conference, person_ids=[client.id]))
    assert response.status_code == 302
    assert plan_of(world.case).actions[-1].people == [client]


def test_an_action_with_nobody_responsible_gets_a_clear_message(world, login_as, plan, base,
                                                                conference):
    response = login_as("coordinator").post(f"{base}/v1/actions/new", data=_action_data(
        world, conference, person_ids=[]))
    assert response.status_code == 422
    assert b"Choose at least one person who is responsible" in response.data
    assert _count_actions(plan) == 1


def test_an_action_dated_before_the_conference_gets_a_clear_message(world, login_as, plan,
                                                                    base, conference):
    day = conference.starts_at.date() - timedelta(days=1)
    response = login_as("coordinator").post(f"{base}/v1/actions/new", data=_action_data(
        world, conference, when_date=day.isoformat()))
    assert response.status_code == 422
    assert b"The date cannot be before the conference" in response.data
    assert _count_actions(plan) == 1


def test_an_action_needs_a_date_or_a_repeating_moment(world, login_as, plan, base, conference):
    response = login_as("coordinator").post(f"{base}/v1/actions/new", data=_action_data(
        world, conference, when_date=""))
    assert response.status_code == 422
    assert b"Say when" in response.data


def test_a_repeating_moment_is_enough(world, login_as, plan, base, conference):
    response = login_as("coordinator").post(f"{base}/v1/actions/new", data=_action_data(
        world, conference, when_date="", when_text="elke woensdag na school"))
    assert response.status_code == 302
    assert plan_of(world.case).actions[-1].when_text == "elke woensdag na school"


def test_an_empty_action_gets_a_message_per_rule(world, login_as, plan, base):
    response = login_as("coordinator").post(f"{base}/v1/actions/new", data={})
    assert response.status_code == 422
    assert b"Say what will be done." in response.data


def test_a_malformed_date_gets_a_message(world, login_as, plan, base, conference):
    response = login_as("coordinator").post(f"{base}/v1/actions/new", data=_action_data(
        world, conference, when_date="next tuesday"))
    assert response.status_code == 422
    assert b"Enter a date like 2027-03-31." in response.data


def test_a_date_far_in_the_future_is_refused(world, login_as, plan, base, conference):
    response = login_as("coordinator").post(f"{base}/v1/actions/new", data=_action_data(
        world, conference, when_date="9999-12-31"))
    assert response.status_code == 422
    assert b"Enter a date between the year 2000 and three years from now." in response.data


def test_people_of_another_case_cannot_be_responsible(world, login_as, plan, base, conference,
                                                     other_case_person):
    response = login_as("coordinator").post(f"{base}/v1/actions/new", data=_action_data(
        world, conference, person_ids=[other_case_person.id]))
    assert response.status_code == 422
    assert b"Choose people who are on the map of this case." in response.data
    assert _count_actions(plan) == 1


def test_a_person_id_that_is_not_a_number_is_refused_with_a_message(world, login_as, plan,
                                                                    base, conference):
    response = login_as("coordinator").post(f"{base}/v1/actions/new", data=_action_data(
        world, conference, person_ids=["abc"]))
    assert response.status_code == 422
    assert b"Choose people who are on the map of this case." in response.data


def test_a_deceased_person_cannot_be_made_responsible(world, login_as, plan, base, conference):
    grandpa = PersonFactory(case=world.case, name="Opa Henk", deceased=True)
    response = login_as("coordinator").post(f"{base}/v1/actions/new", data=_action_data(
        world, conference, person_ids=[grandpa.id]))
    assert response.status_code == 422
    assert "Opa Henk has died" in response.get_data(as_text=True)


def test_a_bottom_line_of_another_plan_cannot_be_served(world, login_as, plan, base,
                                                        conference):
    from tests.factories import PlanBottomLineFactory

    foreign = PlanBottomLineFactory(plan=PlanFactory(case=world.other_case))
    response = login_as("coordinator").post(f"{base}/v1/actions/new", data=_action_data(
        world, conference, serves_id=foreign.id))
    assert response.status_code == 422
    assert b"Choose a bottom line of this plan." in response.data


def test_oversized_and_hostile_action_text_is_handled(world, login_as, plan, base,
                                                      conference):
    client = login_as("coordinator")
    response = client.post(f"{base}/v1/actions/new", data=_action_data(
        world, conference, what="x" * 2001))
    assert response.status_code == 422
    assert b"Use at most 2000 characters." in response.data
    client.post(f"{base}/v1/actions/new", data=_action_data(
        world, conference, what='<img src=x onerror="alert(1)">'))
    page = client.get(f"{base}/v1")
    assert b'<img src=x onerror="alert(1)">' not in page.data
    assert b"&lt;img src=x" in page.data


def test_an_action_of_another_plan_is_not_found(world, login_as, base):
    foreign = ActionFactory(plan=PlanFactory(case=world.other_case))
    client = login_as("coordinator")
    assert client.get(f"{base}/v1/actions/{foreign.id}/edit").status_code == 404
    assert client.post(f"{base}/v1/actions/{foreign.id}/delete").status_code == 404
    assert db.session.get(Action, foreign.id) is not None


def test_an_action_is_changed(world, login_as, plan, base, conference):
    action = plan.actions[0]
    response = login_as("coordinator").post(
        f"{base}/v1/actions/{action.id}/edit",
        data=_action_data(world, conference, what="Oom Kees fietst mee.",
                          row_version=action.row_version))
    assert response.status_code == 302
    assert db.session.get(Action, action.id).what == "Oom Kees fietst mee."


def test_a_copied_action_keeps_its_old_date_when_edited(world, login_as, plan, base,
                                                        conference):
    action = plan.actions[0]
    action.when_date = conference.starts_at.date() - timedelta(days=30)
    db.session.flush()
    data = _action_data(world, conference, what="Anders verwoord",
                        when_date=action.when_date.isoformat(), row_version=action.row_version)
    response = login_as("coordinator").post(f"{base}/v1/actions/{action.id}/edit", data=data)
    assert response.status_code == 302


def test_an_action_is_removed(world, login_as, plan, base):
    action = plan.actions[0]
    login_as("coordinator").post(f"{base}/v1/actions/{action.id}/delete")
    assert _count_actions(plan) == 0


def test_actions_are_moved_with_the_keyboard_buttons(world, login_as, plan, base):
    second = ActionFactory(plan=plan, people=plan.actions[0].people, what="Tweede", position=1)
    login_as("coordinator").post(f"{base}/v1/actions/{second.id}/move",
                                 data={"direction": "up"})
    assert [a.what for a in plan_of(world.case).actions][0] == "Tweede"


def test_actions_are_put_in_the_order_of_a_drag_and_drop(world, login_as, plan, base):
    first = plan.actions[0]
    second = ActionFactory(plan=plan, people=first.people, what="Tweede", position=1)
    response = login_as("coordinator").post(
        f"{base}/v1/actions/order", data={"order": f"{second.id},{first.id}"},
        headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.json == {"ok": True, "order": [second.id, first.id]}
    assert [a.id for a in plan_of(world.case).actions] == [second.id, first.id]


def test_an_order_with_actions_of_another_plan_is_refused(world, login_as, plan, base):
    foreign = ActionFactory(plan=PlanFactory(case=world.other_case))
    response = login_as("coordinator").post(
        f"{base}/v1/actions/order", data={"order": f"{foreign.id},{plan.actions[0].id}"},
        headers={"Accept": "application/json"})
    assert response.status_code == 409
    assert "changed in the meantime" in response.json["message"]
    assert db.session.get(Action, foreign.id).position == foreign.position


def test_a_malformed_order_is_refused(world, login_as, plan, base):
    response = login_as("coordinator").post(f"{base}/v1/actions/order",
                                            data={"order": "1,,x,;DROP"},
                                            follow_redirects=True)
    assert b"changed in the meantime" in response.data


def test_actions_are_grouped_by_person(world, login_as, plan, base):
    aunt = person_named(world.case, "Tante Riëtte")
    ActionFactory(plan=plan, people=[aunt], what="Tante belt.", position=1)
    text = login_as("coordinator").get(f"{base}/v1?group=person").get_data(as_text=True)
    assert text.index("Oom Kees</h3>") < text.index("Tante Riëtte</h3>")
    assert text.index("Tante Riëtte</h3>") < text.index("Tante belt.")


def test_actions_are_grouped_by_bottom_line_and_by_status(world, login_as, plan, base):
    plan.actions[0].serves = plan.bottom_lines[0]
    ActionFactory(plan=plan, people=plan.actions[0].people, what="Los", position=1,
                  status="done")
    db.session.flush()
    client = login_as("coordinator")
    by_line = client.get(f"{base}/v1?group=bottom_line").get_data(as_text=True)
    assert "Noëlle gaat elke dag naar school.</h3>" in by_line
    assert "Not for a particular bottom line</h3>" in by_line
    by_status = client.get(f"{base}/v1?group=status").get_data(as_text=True)
    assert "Open</h3>" in by_status and "Done</h3>" in by_status


def test_an_unknown_grouping_shows_the_plans_order(login_as, plan, base):
    assert login_as("coordinator").get(f"{base}/v1?group=%3Cx%3E").status_code == 200


def test_a_status_update_is_logged_with_who_when_and_note(world, login_as, plan, base):
    action = plan.actions[0]
    client = login_as("coordinator")
    response = client.post(f"{base}/v1/actions/{action.id}/updates",
                           data={"status": "in_progress", "note": "Eerste week gedaan."})
    assert response.status_code == 302
    update = db.session.scalars(select(ActionUpdate).where(
        ActionUpdate.action_id == action.id).order_by(ActionUpdate.id.desc())).first()
    assert (update.status_from.value, update.status_to.value) == ("open", "in_progress")
    assert update.author_id == world.coordinator.id and update.note == "Eerste week gedaan."
    page = client.get(f"{base}/v1/actions/{action.id}").get_data(as_text=True)
    assert "Eerste week gedaan." in page and world.coordinator.name in page


def test_an_empty_update_gets_a_message(world, login_as, plan, base):
    action = plan.actions[0]
    response = login_as("coordinator").post(f"{base}/v1/actions/{action.id}/updates",
                                            data={"status": "", "note": "  "})
    assert response.status_code == 422
    assert b"Choose a new status or write a note." in response.data


def test_an_unknown_status_gets_a_message(world, login_as, plan, base):
    action = plan.actions[0]
    response = login_as("coordinator").post(f"{base}/v1/actions/{action.id}/updates",
                                            data={"status": "finished!"})
    assert response.status_code == 422
    assert b"Choose a status from the list." in response.data


def test_the_referrer_sees_the_log_but_cannot_add_updates(world, login_as, plan, base):
    action = plan.actions[0]
    client = login_as("referrer")
    page = client.get(f"{base}/v1/actions/{action.id}")
    assert page.status_code == 200 and b"Add an update" not in page.data
    response = client.post(f"{base}/v1/actions/{action.id}/updates", data={"note": "Hoi"})
    assert response.status_code == 403
