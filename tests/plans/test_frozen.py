"""An accepted version is frozen: it can only be followed. Every edit is refused with a
page that says why; action status and updates are still possible."""

from __future__ import annotations

import pytest

from eigenkracht.extensions import db
from eigenkracht.plans.models import Action, ActionStatus, PlanStatus
from tests.plans.conftest import plan_of


@pytest.fixture
def accepted(presented):
    presented.status = PlanStatus.ACCEPTED
    presented.decided_at = presented.presented_at = None
    db.session.flush()
    return presented


def _edits(plan, base):
    action = plan.actions[0]
    return [
        ("GET", f"{base}/v1/edit", {}),
        ("POST", f"{base}/v1/edit", {"row_version": plan.row_version, "going_well": "Anders"}),
        ("GET", f"{base}/v1/actions/new", {}),
        ("POST", f"{base}/v1/actions/new", {"what": "Nieuw", "when_text": "nu"}),
        ("GET", f"{base}/v1/actions/{action.id}/edit", {}),
        ("POST", f"{base}/v1/actions/{action.id}/edit", {"what": "Anders"}),
        ("POST", f"{base}/v1/actions/{action.id}/delete", {}),
        ("POST", f"{base}/v1/actions/{action.id}/move", {"direction": "down"}),
        ("POST", f"{base}/v1/actions/order", {"order": ",".join(
            str(a.id) for a in reversed(plan.actions))}),
        ("POST", f"{base}/v1/bottom-lines", {}),
        ("GET", f"{base}/v1/present", {}),
    ]


def test_every_edit_of_an_accepted_version_is_refused_with_the_reason(world, login_as,
                                                                       accepted, base):
    client = login_as("coordinator")
    before = [(a.id, a.what, a.position) for a in accepted.actions]
    for method, path, data in _edits(accepted, base):
        response = client.open(path, method=method, data=data)
        assert response.status_code == 409, (method, path, response.status_code)
        assert b"is frozen: it can only be followed" in response.data, (method, path)
    plan = plan_of(world.case)
    assert plan.going_well != "Anders"
    assert [(a.id, a.what, a.position) for a in plan.actions] == before


def test_the_plan_page_of_an_accepted_version_offers_no_edits(login_as, accepted, base):
    text = login_as("coordinator").get(f"{base}/v1").get_data(as_text=True)
    assert "Edit the plan" not in text and "Add an action" not in text
    assert "Make a new version" in text


def test_the_actions_of_an_accepted_version_can_still_be_followed(world, login_as, accepted,
                                                                  base):
    action = accepted.actions[0]
    response = login_as("coordinator").post(f"{base}/v1/actions/{action.id}/updates",
                                            data={"status": "done", "note": "Gelukt!"})
    assert response.status_code == 302
    assert db.session.get(Action, action.id).status == ActionStatus.DONE


def test_a_replaced_version_cannot_be_followed_any_more(world, login_as, accepted, base):
    from tests.factories import PlanFactory

    accepted.status = PlanStatus.SUPERSEDED
    PlanFactory(case=world.case, version=2, status=PlanStatus.ACCEPTED)
    db.session.flush()
    action = accepted.actions[0]
    response = login_as("coordinator").post(f"{base}/v1/actions/{action.id}/updates",
                                            data={"status": "done"})
    assert response.status_code == 409
    assert b"replaced by version 2" in response.data
    assert db.session.get(Action, action.id).status == ActionStatus.OPEN

