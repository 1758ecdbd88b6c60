"""Versions: a new draft from the accepted plan at a review meeting; comparing two."""

from __future__ import annotations

import pytest

from eigenkracht.conference.models import ConferenceKind
from eigenkracht.extensions import db
from eigenkracht.plans import actions, versions
from eigenkracht.plans.models import ActionStatus, PlanStatus
from tests.factories import BottomLineFactory, ConferenceFactory, PlanFactory
from tests.plans.conftest import person_named, plan_of


@pytest.fixture
def accepted(presented):
    presented.status = PlanStatus.ACCEPTED
    db.session.flush()
    return presented


@pytest.fixture
def review(world):
    return ConferenceFactory(case=world.case, kind=ConferenceKind.REVIEW)


def test_a_new_version_copies_the_accepted_plan_into_a_draft(world, login_as, accepted, base,
                                                             review):
    response = login_as("coordinator").post(f"{base}/v1/new-version",
                                            data={"conference_id": review.id})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/plan/v2")
    draft = plan_of(world.case, 2)
    assert (draft.status, draft.previous_id, draft.conference_id) == (
        PlanStatus.DRAFT, accepted.id, review.id)
    assert draft.going_well == accepted.going_well and draft.monitor_id == accepted.monitor_id
    assert [a.origin_id for a in draft.actions] == [a.id for a in accepted.actions]
    assert [a.people for a in draft.actions] == [a.people for a in accepted.actions]
    assert draft.bottom_lines[0].how_met == accepted.bottom_lines[0].how_met
    assert plan_of(world.case, 1).status == PlanStatus.ACCEPTED  # until v2 is accepted


def test_a_new_version_takes_the_current_bottom_lines_of_the_case(world, login_as, accepted,
                                                                   base):
    BottomLineFactory(case=world.case, text="Moeder gaat naar de huisarts.", position=1)
    login_as("coordinator").post(f"{base}/v1/new-version", data={"conference_id": ""})
    texts = [line.text for line in plan_of(world.case, 2).bottom_lines]
    assert texts == ["Noëlle gaat elke dag naar school.", "Moeder gaat naar de huisarts."]


def test_only_one_newer_version_can_be_made(world, login_as, accepted, base):
    client = login_as("coordinator")
    client.post(f"{base}/v1/new-version")
    response = client.post(f"{base}/v1/new-version", follow_redirects=True)
    assert b"There is already a newer version of this plan." in response.data
    assert plan_of(world.case, 3) is None


def test_a_draft_cannot_get_a_new_version(world, login_as, plan, base):
    response = login_as("coordinator").post(f"{base}/v1/new-version", follow_redirects=True)
    assert b"A new version is made from the accepted plan." in response.data


def test_a_review_meeting_of_another_case_is_refused(world, login_as, accepted, base):
    foreign = ConferenceFactory(case=world.other_case, kind=ConferenceKind.REVIEW)
    response = login_as("coordinator").post(f"{base}/v1/new-version",
                                            data={"conference_id": foreign.id},
                                            follow_redirects=True)
    assert b"Choose a conference of this case." in response.data
    assert plan_of(world.case, 2) is None


def _v2_with_every_kind_of_change(world, accepted):
    uncle_action, aunt_action = accepted.actions
    draft = versions.new_version(accepted, world.coordinator)
    kept, dropped = draft.actions
    actions.update_action(kept, actions.ActionData(
        what="Oom Kees brengt haar op dinsdag en donderdag.",
        person_ids=[p.id for p in kept.people] + [person_named(world.case, "Oma Truus").id],
        when_date=kept.when_date, when_text=kept.when_text), kept.row_version)
    actions.add_update(kept, ActionStatus.DONE, "", user=world.coordinator)
    actions.delete_action(dropped)
    actions.create_action(draft, actions.ActionData(
        what="Noëlle gaat op woensdag naar oma.",
        person_ids=[person_named(world.case, "Oma Truus").id], when_text="elke woensdag"))
    db.session.flush()
    return draft, uncle_action, aunt_action


def test_comparing_lists_added_removed_changed_and_status_changes(world, accepted):
    draft, uncle_action, aunt_action = _v2_with_every_kind_of_change(world, accepted)
    result = versions.compare(draft, accepted)  # either order: older to newer
    assert [a.what for a in result.added] == ["Noëlle gaat op woensdag naar oma."]
    assert [a.id for a in result.removed] == [aunt_action.id]
    (change,) = result.changed
    assert set(change.fields) == {"what", "people"}
    assert change.fields["people"][1] == ["Oma Truus", "Oom Kees"]
    (status,) = result.status_changes
    assert (status.old.status, status.new.status) == (ActionStatus.OPEN, ActionStatus.DONE)


def test_the_compare_page_shows_each_kind_of_change(world, login_as, accepted, base):
    _v2_with_every_kind_of_change(world, accepted)
    page = login_as("referrer").get(f"{base}/compare?a=1&b=2")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    for heading in ("Actions added (1)", "Actions removed (1)", "Actions changed (1)",
                    "Status changes (1)"):
        assert heading in text
    assert "Noëlle gaat op woensdag naar oma." in text
    assert "Oom Kees brengt haar op dinsdag en donderdag." in text
    assert "Open → Done" in text


def test_versions_further_apart_are_matched_through_their_origins(world, accepted):
    draft, uncle_action, _ = _v2_with_every_kind_of_change(world, accepted)
    draft.status = PlanStatus.ACCEPTED
    accepted.status = PlanStatus.SUPERSEDED
    db.session.flush()
    third = versions.new_version(draft, world.coordinator)
    result = versions.compare(accepted, third)
    assert uncle_action.id not in [a.id for a in result.removed]
    assert [a.what for a in result.added] == ["Noëlle gaat op woensdag naar oma."]


def test_comparing_a_version_with_itself_or_an_unknown_one_gets_a_message(login_as, plan,
                                                                          base):
    client = login_as("coordinator")
    same = client.get(f"{base}/compare?a=1&b=1")
    assert same.status_code == 422 and b"Choose two different versions" in same.data
    unknown = client.get(f"{base}/compare?a=1&b=99")
    assert unknown.status_code == 422 and b"Choose versions of this plan." in unknown.data
    malformed = client.get(f"{base}/compare?a=%27%3B&b=")
    assert malformed.status_code == 422


def test_a_version_of_another_case_cannot_be_compared(world, plan):
    from eigenkracht.core.rules import RuleError

    foreign = PlanFactory(case=world.other_case)
    with pytest.raises(RuleError):
        versions.compare(plan, foreign)
