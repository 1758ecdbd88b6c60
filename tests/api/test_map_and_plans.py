"""The map and the plan through the API, and reporting on actions."""

from __future__ import annotations

from eigenkracht.extensions import db
from eigenkracht.plans.models import Action, ActionStatus


def test_the_people_of_the_map_are_listed(api_as, world):
    response = api_as("coordinator").get(f"/api/v1/cases/{world.case.reference}/people")
    names = {p["name"] for p in response.json["items"]}
    assert {"Oma Truus", "Tante Riëtte"} <= names


def test_one_person_is_read_within_the_case_only(api_as, world):
    client = api_as("coordinator")
    person = world.extra_ids["person"]
    assert client.get(f"/api/v1/cases/{world.case.reference}/people/{person}").json[
        "name"] == "Oma Truus"
    other = f"/api/v1/cases/{world.extra_ids['work_case']}/people/{person}"
    assert client.get(other).status_code == 404


def test_the_ties_of_the_map_are_listed(api_as, world):
    response = api_as("referrer").get(f"/api/v1/cases/{world.case.reference}/ties")
    assert [t["id"] for t in response.json["items"]] == [world.extra_ids["tie"]]


def test_the_plans_come_with_their_actions(api_as, world):
    response = api_as("referrer").get(f"/api/v1/cases/{world.case.reference}/plans")
    plan = response.json["items"][0]
    assert plan["version"] == world.extra_ids["plan_version"]
    assert [a["id"] for a in plan["actions"]] == [world.extra_ids["action"]]


def test_an_unknown_plan_version_is_404(api_as, world):
    assert api_as("coordinator").get(
        f"/api/v1/cases/{world.case.reference}/plans/99").status_code == 404


def _updates_path(world) -> str:
    return (f"/api/v1/cases/{world.case.reference}/plans/{world.extra_ids['plan_version']}"
            f"/actions/{world.extra_ids['action']}/updates")


def test_a_coordinator_reports_an_action_done(api_as, world):
    response = api_as("coordinator").post(_updates_path(world),
                                          json={"status": "done", "note": "Gelukt"})
    assert response.status_code == 201, response.json
    assert response.json["status_to"] == "done"
    assert db.session.get(Action, world.extra_ids["action"]).status == ActionStatus.DONE


def test_an_empty_report_says_what_is_missing(api_as, world):
    response = api_as("coordinator").post(_updates_path(world), json={})
    assert response.status_code == 422


def test_a_referrer_cannot_report_on_actions(api_as, world):
    response = api_as("referrer").post(_updates_path(world), json={"note": "x"})
    assert response.status_code == 403
