"""The API and the token pages on the request kernel: one transaction per request, a lock
says why, and the new-token form sent twice makes one token (issue 15)."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from eigenkracht.api.models import ApiToken
from eigenkracht.extensions import db
from eigenkracht.plans.models import Action, ActionUpdate, Plan, PlanStatus


def _tokens_of(user) -> int:
    return db.session.scalar(select(func.count()).select_from(ApiToken).where(
        ApiToken.user_id == user.id))


def _updates_of(action_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(ActionUpdate).where(
        ActionUpdate.action_id == action_id))


def test_the_new_token_form_sent_twice_makes_one_token(login_as, world):
    client = login_as("coordinator")
    page = client.get("/account/api/tokens").get_data(as_text=True)
    key = re.search(r'name="submission" type="hidden" value="([^"]+)"', page).group(1)
    form = {"name": "Gemeente", "submission": key}
    first = client.post("/account/api/tokens", data=form)
    second = client.post("/account/api/tokens", data=form)
    assert first.status_code == 200 and 'id="new-token"' in first.get_data(as_text=True)
    assert second.status_code == 303
    assert second.headers["Location"].endswith("/account/api/tokens")
    assert _tokens_of(world.coordinator) == 1


def test_a_refused_token_form_can_be_corrected_and_sent_with_the_same_key(login_as, world):
    client = login_as("coordinator")
    page = client.get("/account/api/tokens").get_data(as_text=True)
    key = re.search(r'name="submission" type="hidden" value="([^"]+)"', page).group(1)
    refused = client.post("/account/api/tokens", data={"name": " ", "submission": key})
    assert refused.status_code == 422 and key in refused.get_data(as_text=True)
    assert _tokens_of(world.coordinator) == 0
    again = client.post("/account/api/tokens", data={"name": "Gemeente", "submission": key})
    assert again.status_code == 200 and _tokens_of(world.coordinator) == 1


def test_reporting_on_a_replaced_plan_says_which_version_replaced_it(api_as, world):
    plan = db.session.scalar(select(Plan).where(
        Plan.case_id == world.case.id, Plan.version == world.extra_ids["plan_version"]))
    plan.status = PlanStatus.SUPERSEDED
    db.session.flush()
    updates = _updates_of(world.extra_ids["action"])
    response = api_as("coordinator").post(
        f"/api/v1/cases/{world.case.reference}/plans/{plan.version}"
        f"/actions/{world.extra_ids['action']}/updates", json={"status": "done"})
    assert response.status_code == 409
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert f"replaced by version {plan.version + 1}" in response.json["detail"]
    assert _updates_of(world.extra_ids["action"]) == updates
    assert db.session.get(Action, world.extra_ids["action"]).status.value != "done"
